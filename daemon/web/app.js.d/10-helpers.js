// /static/app.js, part 1 of 4 (daemon/web/app.js.d/ is concatenated into the one script
// at build time, cmake/embed_assets.cmake): helpers with no state of the page (DOM
// building, code points and how they are shown, the status sentence, JSON fetches,
// copying). Parts 2 and 3 take what they need from `charfinderPage`.
'use strict';

const charfinderPage = (() => {
  const el = (tag, props = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key.startsWith('data-') || key.startsWith('aria-') || key === 'role') node.setAttribute(key, value);
      else node[key] = value;
    }
    node.append(...children);
    return node;
  };

  const codeNumber = (label) => parseInt(String(label).replace(/^U\+/i, ''), 16);
  // "U+1F431" or a sequence "U+1F1EB U+1F1F7": the characters.
  const charOf = (label) => String(label).split(' ').map((part) => {
    const cp = codeNumber(part);
    return Number.isInteger(cp) && cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
  }).join('');
  // Like the server (and a terminal): no raw control characters on screen.
  const displayGlyph = (ch, label) => {
    const cp = ch ? ch.codePointAt(0) : codeNumber(label);
    if (!Number.isInteger(cp) || cp < 0 || cp > 0x10ffff) return '\ufffd';
    if (cp < 0x20) return String.fromCodePoint(0x2400 + cp);
    if (cp === 0x7f) return '\u2421';
    if ((cp >= 0x80 && cp <= 0x9f) || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
    return ch || String.fromCodePoint(cp);
  };
  const escapeControls = (text) =>
    text.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0'));
  const statusSentence = (query, total) => {
    const q = `'${escapeControls(query)}'`;
    if (total === 0) return `No match for ${q}`;
    return total === 1 ? `1 match for ${q}` : `${total} matches for ${q}`;
  };
  async function fetchJson(url, signal) {
    const response = await fetch(url, { signal, headers: { Accept: 'application/json' } });
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (!response.ok || body === null) {
      const message = body && typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
      const error = new Error(message);
      error.status = response.status;
      error.body = body;  // e.g. the "suggestions" of a 400 for an unknown lang: code
      throw error;
    }
    return body;
  }

  async function copyText(text, button) {
    let ok = false;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        ok = true;
      }
    } catch {
      ok = false;
    }
    if (!ok) {
      // Fallback for insecure origins and refused permissions. Inside an open modal dialog
      // the rest of the page is inert, so the helper goes into the dialog.
      const area = el('textarea', { class: 'visually-hidden', value: text, readOnly: true });
      (document.querySelector('dialog[open]') || document.body).append(area);
      area.select();
      try {
        ok = document.execCommand('copy');
      } catch {
        ok = false;
      }
      area.remove();
    }
    button.textContent = ok ? 'Copied' : 'Copy failed';
    button.classList.toggle('copied', ok);
    clearTimeout(button.resetTimer);
    button.resetTimer = setTimeout(() => {
      button.textContent = 'Copy';
      button.classList.remove('copied');
    }, 1500);
  }

  return { el, codeNumber, charOf, displayGlyph, escapeControls, statusSentence, fetchJson, copyText };
})();
