// /static/app.js, part 4 of 4: completion of the search box's last word from
// GET /api/complete, as an accessible listbox (the WAI-ARIA 1.2 combobox pattern).
// The box becomes role=combobox (aria-autocomplete=list, aria-expanded, aria-controls,
// aria-activedescendant); the list is role=listbox of role=option items, each saying its
// query and how many characters it finds. Arrow Down / Up move through the options (and
// wrap), Enter takes the chosen one and searches (without a chosen option it searches what
// was typed), Escape closes the list, a click or tap takes an option. Without JavaScript
// none of this exists and the box is a plain search field.
'use strict';

(() => {
  const input = document.getElementById('q');
  const form = document.getElementById('search');
  if (!input || !form) return;
  const { el, fetchJson } = charfinderPage;
  const DEBOUNCE_MS = 120;

  const listbox = el('ul', { id: 'q-completions', class: 'completions', role: 'listbox', 'aria-label': 'Completions' });
  listbox.hidden = true;
  const combo = el('div', { class: 'combo' });
  const hadFocus = document.activeElement === input;
  input.replaceWith(combo);
  combo.append(input, listbox);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', listbox.id);
  if (hadFocus) input.focus();  // moving the box dropped its focus (it has autofocus)

  const langControl = document.getElementById('lang');
  const langParam = () => {
    const value = langControl ? langControl.value : 'browser';
    return value === 'browser' ? '' : `&lang=${encodeURIComponent(value)}`;
  };

  let options = [];
  let active = -1;
  let timer = 0;
  let generation = 0;
  let controller = null;

  function close() {
    generation += 1;  // an answer still on its way is dropped
    controller?.abort();
    listbox.hidden = true;
    listbox.replaceChildren();
    options = [];
    active = -1;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function setActive(index) {
    if (active >= 0) options[active].setAttribute('aria-selected', 'false');
    active = index;
    const option = options[active];
    option.setAttribute('aria-selected', 'true');
    input.setAttribute('aria-activedescendant', option.id);
    option.scrollIntoView({ block: 'nearest' });
  }

  function show(queries, descriptions) {
    options = queries.map((query, i) => el('li',
      { id: `q-completion-${i}`, role: 'option', 'aria-selected': 'false', 'data-query': query },
      el('span', { class: 'text', text: query }),
      el('span', { class: 'count', text: descriptions[i] || '' })));
    active = -1;
    input.removeAttribute('aria-activedescendant');
    listbox.replaceChildren(...options);
    listbox.hidden = options.length === 0;
    input.setAttribute('aria-expanded', options.length ? 'true' : 'false');
  }

  function choose(index) {
    input.value = options[index].dataset.query;
    close();
    form.requestSubmit();  // the page's submit handler searches it
  }

  async function complete() {
    const text = input.value;
    // Nothing to complete in an empty box or after a space (the next word has not begun).
    if (!text.trim() || /\s$/.test(text)) {
      close();
      return;
    }
    close();
    const mine = generation;
    controller = new AbortController();
    try {
      const data = await fetchJson(`/api/complete?q=${encodeURIComponent(text)}${langParam()}`, controller.signal);
      if (mine !== generation || input.value !== text || document.activeElement !== input) return;
      show(Array.isArray(data[1]) ? data[1] : [], Array.isArray(data[2]) ? data[2] : []);
    } catch {
      // A bad query (400) or a network error: no completions; the search says what is wrong.
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(complete, DEBOUNCE_MS);
  });

  input.addEventListener('keydown', (event) => {
    if (event.isComposing) return;
    const open = !listbox.hidden && options.length > 0;
    switch (event.key) {
      case 'ArrowDown':
        if (!open) return;
        event.preventDefault();
        setActive((active + 1) % options.length);
        break;
      case 'ArrowUp':
        if (!open) return;
        event.preventDefault();
        setActive(active <= 0 ? options.length - 1 : active - 1);
        break;
      case 'Enter':
        clearTimeout(timer);
        if (open && active >= 0) {
          event.preventDefault();
          choose(active);
        } else {
          close();  // the form submits what was typed
        }
        break;
      case 'Escape':
        if (!open) return;  // the search field's own Escape (clearing it) when closed
        event.preventDefault();
        close();
        break;
      default:
        break;
    }
  });

  // Keep the focus in the box while an option is clicked.
  listbox.addEventListener('mousedown', (event) => event.preventDefault());
  listbox.addEventListener('click', (event) => {
    const option = event.target.closest('[role="option"]');
    if (option) choose(options.indexOf(option));
  });
  input.addEventListener('blur', () => {
    clearTimeout(timer);
    close();
  });
  form.addEventListener('submit', () => {
    clearTimeout(timer);
    close();
  });
})();
