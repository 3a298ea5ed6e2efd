// charfinder search page: progressive enhancement of the server-rendered page (GET /).
// Endless scroll over /api/search's `next` links, search-as-you-type with the address bar
// kept in step, character details from /api/char in a dialog, copy buttons.
// No framework, no inline code (the page's CSP is script-src 'self'; style-src 'self').
'use strict';

(() => {
  const input = document.getElementById('q');
  const form = document.getElementById('search');
  const status = document.getElementById('status');
  const list = document.getElementById('results');
  if (!input || !form || !status || !list) return;

  const pageSize = Number(list.dataset.pageSize) || 100;
  const startText = 'Type words from a character\u2019s name, or pick an example.';
  const DEBOUNCE_MS = 200;

  // --- helpers -------------------------------------------------------------------------

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
  const formEncode = (text) => encodeURIComponent(text).replace(/%20/g, '+');
  const pageUrl = (query) => (query ? `/?q=${formEncode(query)}` : '/');
  // The language control: "browser" (the default) leaves it to Accept-Language.
  const langControl = document.getElementById('lang');
  const langParam = () => {
    const value = langControl ? langControl.value : 'browser';
    return value === 'browser' ? '' : `&lang=${encodeURIComponent(value)}`;
  };
  const apiSearchUrl = (query, offset) =>
    `/api/search?q=${encodeURIComponent(query)}&offset=${offset}&limit=${pageSize}${langParam()}`;
  // The fourth field of a row found by something other than its name (as the server shows it).
  const matchLabel = (m) => {
    if (!m) return '';
    switch (m.source) {
      case 'informal_aliases': return `= ${m.text}`;
      case 'unicode1_names': return `Unicode 1.0: ${m.text}`;
      case 'emoji': return `emoji: ${m.text}`;
      case 'cldr': return `${m.lang}: ${m.text}`;
      case 'unihan': return `definition: ${m.text}`;
      default: return m.text;
    }
  };
  const queryFromLocation = () => {
    const params = new URLSearchParams(location.search);
    const page = Math.max(1, parseInt(params.get('page') || '1', 10) || 1);
    return { query: params.get('q') ?? params.get('query') ?? '', page };
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
      throw error;
    }
    return body;
  }

  // --- copy ----------------------------------------------------------------------------

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
      (dialog && dialog.open ? dialog : document.body).append(area);
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

  const copyButton = (label) =>
    el('button', { type: 'button', class: 'copy', text: 'Copy', 'data-code': label, 'aria-label': `Copy ${label}` });

  // --- rows ----------------------------------------------------------------------------

  function makeRow(result) {
    const label = result.code;
    const other = result.tier === 'other';
    const classes = ['row', result.kind === 'sequence' ? 'is-sequence' : '', other ? 'is-other' : ''];
    const hit = el('a', { class: 'hit', href: `/api/char/${label.replace(/ /g, '%20')}` },
      el('span', { class: 'code', text: label }),
      el('span', { class: 'glyph', text: result.kind === 'sequence' ? result.char : displayGlyph(result.char, label) }),
      el('span', { class: 'name', text: result.name }));
    if (other && result.matched) hit.append(el('span', { class: 'matched', text: matchLabel(result.matched) }));
    return el('li', { class: classes.filter(Boolean).join(' '), 'data-code': label, 'data-tier': result.tier || 'name' },
      hit, copyButton(label));
  }

  // Server-rendered rows get their copy buttons here.
  for (const row of list.querySelectorAll('li.row')) row.append(copyButton(row.dataset.code));

  // --- state ---------------------------------------------------------------------------

  const initialOffset = Number(list.dataset.offset) || 0;
  const initialCount = list.querySelectorAll('li.row').length;
  const state = {
    query: list.dataset.query ?? '',
    total: Number(list.dataset.total) || 0,
    firstOffset: initialOffset,
    count: initialCount,
    // Rows shown so far: two tiers each ascend, so a repeat is found by its code, not order.
    seen: new Set([...list.querySelectorAll('li.row')].map((row) => row.dataset.code)),
    nextUrl: null,
    loading: false,
    generation: 0,       // bumped by every new search; older answers are ignored
    controller: new AbortController(),
  };
  if (state.query && initialOffset + initialCount < state.total) {
    state.nextUrl = apiSearchUrl(state.query, initialOffset + initialCount);
  }

  // Elements after the list: the scroll sentinel, a loading indicator, errors, the end.
  const sentinel = el('div', { class: 'sentinel', 'aria-hidden': 'true' });
  const loading = el('p', { class: 'loading', hidden: true, role: 'status', text: 'Loading\u2026' });
  const loadError = el('p', { class: 'load-error', hidden: true, role: 'alert' });
  const endNote = el('p', { class: 'end', hidden: true });
  list.after(sentinel, loading, loadError, endNote);

  // The pager is for pages without JavaScript: endless scroll replaces "next".
  const pager = document.getElementById('pager');
  const hidePagerForward = () => {
    if (!pager) return;
    for (const node of pager.querySelectorAll('[rel="next"], .page-of')) node.hidden = true;
    if (!pager.querySelector('[rel="prev"]')) pager.hidden = true;
  };
  hidePagerForward();

  function renderStatus() {
    if (!state.query) {
      status.textContent = startText;
      return;
    }
    let text = statusSentence(state.query, state.total);
    if (state.count > 0 && state.count < state.total) {
      text += ` (showing ${state.firstOffset + 1}\u2013${state.firstOffset + state.count})`;
    }
    status.textContent = text;
  }

  function showError(message) {
    status.className = 'status is-error';
    status.setAttribute('role', 'alert');
    status.replaceChildren(el('strong', { text: 'Error:' }), ` ${message}`);
  }

  function clearError() {
    status.className = 'status';
    status.setAttribute('role', 'status');
  }

  function renderEnd() {
    endNote.hidden = !(state.query && !state.nextUrl && state.count > 0 && state.total > 0);
    if (!endNote.hidden) endNote.textContent = `End of the ${state.total === 1 ? 'match' : `${state.total} matches`}.`;
  }

  // Appends the rows of one API page, skipping any already shown (an overlapping page).
  function appendResults(data) {
    const fragment = document.createDocumentFragment();
    let added = 0;
    for (const result of data.results || []) {
      if (state.seen.has(result.code)) continue;
      fragment.append(makeRow(result));
      state.seen.add(result.code);
      added += 1;
    }
    list.append(fragment);
    state.count += added;
    return added;
  }

  // --- endless scroll ------------------------------------------------------------------

  async function loadMore() {
    if (state.loading || !state.nextUrl) return;
    const generation = state.generation;
    const expectedOffset = state.firstOffset + state.count;
    state.loading = true;
    loading.hidden = false;
    loadError.hidden = true;
    list.setAttribute('aria-busy', 'true');
    try {
      const data = await fetchJson(state.nextUrl, state.controller.signal);
      if (generation !== state.generation) return;
      if (Number(data.offset) > expectedOffset) {
        // A gap would open: ask for exactly the rows that follow what is shown.
        state.nextUrl = apiSearchUrl(state.query, expectedOffset);
      } else {
        state.total = Number(data.total) || 0;
        appendResults(data);  // an overlap (offset below expected) is de-duplicated there
        state.nextUrl = data.next || null;
      }
      renderStatus();
    } catch (error) {
      if (error.name === 'AbortError' || generation !== state.generation) return;
      loadError.replaceChildren(`Could not load more results: ${error.message}`,
        el('button', { type: 'button', class: 'secondary retry', text: 'Retry' }));
      loadError.hidden = false;
      return;
    } finally {
      if (generation === state.generation) {
        state.loading = false;
        loading.hidden = true;
        list.removeAttribute('aria-busy');
      }
    }
    renderEnd();
    recheckSentinel();
  }

  loadError.addEventListener('click', (event) => {
    if (event.target.closest('.retry')) loadMore();
  });

  // Fetch before the reader reaches the very end: start when the sentinel is within one
  // screen of the viewport.
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) loadMore();
  }, { rootMargin: '0px 0px 100% 0px' });
  // The observer reports only changes; if the sentinel is still in view after an append
  // (short pages, tall screens), observing afresh delivers a new initial report.
  const recheckSentinel = () => {
    observer.unobserve(sentinel);
    observer.observe(sentinel);
  };
  observer.observe(sentinel);

  // --- search as you type --------------------------------------------------------------

  function updateAddress(query, mode) {
    if (mode === 'none') return;
    const url = pageUrl(query);
    if (mode === 'push' && url !== location.pathname + location.search) {
      history.pushState({ q: query }, '', url);
    } else {
      history.replaceState({ q: query }, '', url);
    }
    document.title = query ? `${query} \u2014 charfinder` : 'charfinder';
  }

  let requested = state.query;  // the query of the latest search started (maybe unanswered)

  async function search(query, { mode = 'replace', page = 1 } = {}) {
    requested = query;
    state.generation += 1;
    const generation = state.generation;
    state.controller.abort();
    state.controller = new AbortController();
    state.loading = false;
    state.nextUrl = null;  // no endless-scroll fetch of the old query while this one runs
    loading.hidden = true;
    loadError.hidden = true;
    list.removeAttribute('aria-busy');  // the superseded fetch will not clear these
    status.removeAttribute('aria-busy');
    updateAddress(query, mode);
    if (pager) pager.hidden = true;

    if (!query.trim()) {
      Object.assign(state, { query: '', total: 0, firstOffset: 0, count: 0, seen: new Set(), nextUrl: null });
      list.replaceChildren();
      clearError();
      renderStatus();
      renderEnd();
      return;
    }
    document.querySelector('details.help[open]')?.removeAttribute('open');  // results take over
    const offset = (page - 1) * pageSize;
    list.setAttribute('aria-busy', 'true');
    status.setAttribute('aria-busy', 'true');  // CSS adds "searching…" to the status line
    try {
      const data = await fetchJson(apiSearchUrl(query, offset), state.controller.signal);
      if (generation !== state.generation) return;  // a newer search has started
      Object.assign(state, {
        query, total: Number(data.total) || 0, firstOffset: Number(data.offset) || 0,
        count: 0, seen: new Set(), nextUrl: data.next || null,
      });
      list.replaceChildren();
      appendResults(data);
      clearError();
      renderStatus();
      renderEnd();
      recheckSentinel();
    } catch (error) {
      if (error.name === 'AbortError' || generation !== state.generation) return;
      Object.assign(state, { query, total: 0, firstOffset: 0, count: 0, seen: new Set(), nextUrl: null });
      list.replaceChildren();
      renderEnd();
      showError(error.message);
    } finally {
      if (generation === state.generation) {
        list.removeAttribute('aria-busy');
        status.removeAttribute('aria-busy');
      }
    }
  }

  let debounceTimer = 0;
  input.addEventListener('input', () => {
    clearTimeout(debounceTimer);
    debounceTimer = setTimeout(() => {
      if (input.value !== requested || status.classList.contains('is-error')) search(input.value);
    }, DEBOUNCE_MS);
  });

  // Another language: the same query again, searched in it.
  langControl?.addEventListener('change', () => {
    clearTimeout(debounceTimer);
    search(input.value);
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(debounceTimer);
    search(input.value, { mode: 'push' });
  });

  window.addEventListener('popstate', () => {
    const { query, page } = queryFromLocation();
    input.value = query;
    search(query, { mode: 'none', page });
  });

  // Example links search in place (the address bar gets a new entry, like a submit).
  document.querySelector('.examples')?.addEventListener('click', (event) => {
    const link = event.target.closest('a');
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    const query = new URL(link.href).searchParams.get('q') ?? '';
    input.value = query;
    clearTimeout(debounceTimer);
    search(query, { mode: 'push' });
    input.focus();
  });

  // --- details dialog ------------------------------------------------------------------

  let dialog = null;
  let detailsController = null;
  const humanize = (key) => {
    const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').trim().toLowerCase();
    const text = words.replace(/\butf ?(\d+)\b/g, 'UTF-$1').replace(/\bhtml\b/g, 'HTML');
    return text.charAt(0).toUpperCase() + text.slice(1);
  };
  const formatValue = (value) => {
    if (value === null || value === undefined || value === '') return '\u2014';
    if (Array.isArray(value)) return value.length ? value.map(formatValue).join(', ') : '\u2014';
    if (typeof value === 'boolean') return value ? 'yes' : 'no';
    if (typeof value === 'object') {
      return Object.entries(value).map(([k, v]) => `${humanize(k)}: ${formatValue(v)}`).join('; ');
    }
    // Case mappings of a control are the control itself: show pictures, never raw controls.
    return String(value).replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => displayGlyph(c, ''));
  };

  // The sources' fields get their own shapes: cross-references and a sequence's code points
  // link to those characters' details, aliases show their type, annotations their language.
  function detailValue(key, value) {
    const links = (items) => {
      const dd = el('dd');
      items.forEach((item, i) => {
        if (i > 0) dd.append(', ');
        const code = typeof item === 'string' ? item : item.code;
        const text = typeof item === 'string' ? item : `${item.code} ${displayGlyph(item.char, item.code)} ${item.name}`;
        dd.append(el('a', { href: `/api/char/${code}`, class: 'xref', 'data-code': code, text }));
      });
      if (!items.length) dd.append('\u2014');
      return dd;
    };
    if (key === 'cross_references' && Array.isArray(value)) return links(value);
    if (key === 'code_points' && Array.isArray(value) && value.length > 1) return links(value);
    if (key === 'formal_aliases' && Array.isArray(value)) {
      return el('dd', { text: value.length ? value.map((a) => `${a.alias} (${a.type})`).join(', ') : '\u2014' });
    }
    if (key === 'annotations' && Array.isArray(value)) {
      return el('dd', { text: value.length ? value.map((a) =>
        `${a.lang}: ${a.tts || ''}${a.keywords && a.keywords.length ? ` (${a.keywords.join(', ')})` : ''}`).join('; ') : '\u2014' });
    }
    return el('dd', { text: formatValue(value) });
  }

  function ensureDialog() {
    if (dialog) return dialog;
    dialog = el('dialog', { class: 'details', id: 'details', 'aria-labelledby': 'details-title' },
      el('div', { class: 'details-head' },
        el('div', { class: 'details-glyph', 'aria-hidden': 'true' }),
        el('div', { class: 'details-title' },
          el('h2', { id: 'details-title' }),
          el('p', { class: 'details-code' }),
          el('div', { class: 'details-actions' },
            el('button', { type: 'button', class: 'copy details-copy', text: 'Copy' }),
            el('button', { type: 'button', class: 'secondary details-close', text: 'Close' })))),
      el('div', { class: 'details-body' }, el('dl')));
    document.body.append(dialog);
    dialog.addEventListener('click', (event) => {
      if (event.target === dialog || event.target.closest('.details-close')) dialog.close();
      const copy = event.target.closest('.details-copy');
      if (copy) copyText(charOf(copy.dataset.code), copy);
      const xref = event.target.closest('a.xref');
      if (xref && event.button === 0 && !event.metaKey && !event.ctrlKey) {
        event.preventDefault();
        openDetails(xref.dataset.code);
      }
    });
    dialog.addEventListener('close', () => detailsController?.abort());
    return dialog;
  }

  async function openDetails(label) {
    const box = ensureDialog();
    const body = box.querySelector('dl');
    box.querySelector('.details-glyph').textContent = displayGlyph(charOf(label), label);
    box.querySelector('h2').textContent = label;
    box.querySelector('.details-code').textContent = '';
    box.querySelector('.details-copy').dataset.code = label;
    body.replaceChildren(el('dd', { text: 'Loading\u2026' }));
    if (!box.open) box.showModal();
    box.querySelector('.details-close').focus();
    detailsController?.abort();
    detailsController = new AbortController();
    try {
      const data = await fetchJson(`/api/char/${encodeURIComponent(label)}`, detailsController.signal);
      if (box.querySelector('.details-copy').dataset.code !== label) return;
      box.querySelector('h2').textContent = data.name || label;
      box.querySelector('.details-code').textContent = data.code || label;
      if (typeof data.char === 'string' && data.char) {
        box.querySelector('.details-glyph').textContent = displayGlyph(data.char, label);
      }
      const rows = [];
      for (const [key, value] of Object.entries(data)) {
        if (key === 'char' || key === 'name') continue;  // shown large in the heading
        rows.push(el('dt', { text: humanize(key) }), detailValue(key, value));
      }
      body.replaceChildren(...rows);
    } catch (error) {
      if (error.name === 'AbortError') return;
      body.replaceChildren(el('dd', { class: 'is-error', text: `Could not load details: ${error.message}` }));
    }
  }

  list.addEventListener('click', (event) => {
    const copy = event.target.closest('.copy');
    if (copy) {
      copyText(charOf(copy.dataset.code), copy);
      return;
    }
    const hit = event.target.closest('a.hit');
    if (!hit || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    openDetails(hit.closest('li.row').dataset.code);
  });

  renderEnd();
})();
