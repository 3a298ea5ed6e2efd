// /static/app.js, part 2 of 4: the character details dialog, filled from /api/char/U+XXXX.
// Part 3 calls charfinderDetails.open(label) when a row's name is clicked.
'use strict';

const charfinderDetails = (() => {
  const { el, charOf, displayGlyph, fetchJson, copyText } = charfinderPage;

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

  return { open: openDetails };
})();
