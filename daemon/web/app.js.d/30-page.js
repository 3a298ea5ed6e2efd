// /static/app.js, part 3 of 4: the charfinder search page, progressive enhancement of the
// server-rendered page (GET /).
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

  const { el, codeNumber, charOf, displayGlyph, statusSentence, fetchJson, copyText } = charfinderPage;


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

  // "Did you mean" links (the server renders the first ones in #suggestions).
  const suggestionsBox = document.getElementById('suggestions');
  function renderSuggestions(suggestions) {
    if (!suggestionsBox) return;
    const items = Array.isArray(suggestions) ? suggestions : [];
    suggestionsBox.hidden = items.length === 0;
    const parts = [];
    items.forEach((s, i) => {
      if (i > 0) parts.push(', ');
      parts.push(el('a', { href: pageUrl(s.query), 'data-query': s.query, text: s.query }), ` (${s.total})`);
    });
    if (parts.length) suggestionsBox.replaceChildren('Did you mean: ', ...parts, '?');
    else suggestionsBox.replaceChildren();
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
      renderSuggestions([]);
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
      renderSuggestions(data.suggestions);
      renderEnd();
      recheckSentinel();
    } catch (error) {
      if (error.name === 'AbortError' || generation !== state.generation) return;
      Object.assign(state, { query, total: 0, firstOffset: 0, count: 0, seen: new Set(), nextUrl: null });
      list.replaceChildren();
      renderEnd();
      showError(error.message);
      renderSuggestions(error.body && error.body.suggestions);
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

  // Example and "Did you mean" links search in place (the address bar gets a new entry,
  // like a submit).
  const searchInPlace = (event) => {
    const link = event.target.closest('a');
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    const query = new URL(link.href).searchParams.get('q') ?? '';
    input.value = query;
    clearTimeout(debounceTimer);
    search(query, { mode: 'push' });
    input.focus();
  };
  document.querySelector('.examples')?.addEventListener('click', searchInPlace);
  suggestionsBox?.addEventListener('click', searchInPlace);


  list.addEventListener('click', (event) => {
    const copy = event.target.closest('.copy');
    if (copy) {
      copyText(charOf(copy.dataset.code), copy);
      return;
    }
    const hit = event.target.closest('a.hit');
    if (!hit || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    charfinderDetails.open(hit.closest('li.row').dataset.code);
  });

  renderEnd();
})();
