// The search page in a real browser (headless Chromium via playwright-core) against the real
// daemon, started here on free loopback ports exactly like tests/e2e/daemon_process.hpp:
// `charfinder serve --telnet-listen 127.0.0.1:0 --http-listen 127.0.0.1:0`, then wait for
// the `ready ... http=HOST:PORT` line on stderr.
//
// Run by tests/browser/CMakeLists.txt (ctest -L browser) with CHARFINDER_BINARY, CHROMIUM and
// ARTIFACTS_DIR set. Every wait has a deadline; nothing sleeps to synchronise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEADLINE_MS, shot, useDaemonAndBrowser, watchPage } from './harness.mjs';

let base;
let browser;
useDaemonAndBrowser((env) => ({ base, browser } = env));

async function api(pathAndQuery) {
  const response = await fetch(base + pathAndQuery);
  assert.equal(response.status, 200, `${pathAndQuery} answered ${response.status}`);
  return response.json();
}

// The first `count` code points the API returns for `query`, in its order.
async function apiCodes(query, count, offset = 0) {
  const codes = [];
  while (codes.length < count) {
    const limit = Math.min(1000, count - codes.length);
    const data = await api(`/api/search?q=${encodeURIComponent(query)}&offset=${offset + codes.length}&limit=${limit}`);
    if (data.results.length === 0) break;
    codes.push(...data.results.map((r) => r.code));
  }
  return codes;
}

const rowCodes = (page) => page.$$eval('#results li.row', (rows) => rows.map((row) => row.dataset.code));
const cp = (label) => parseInt(label.slice(2), 16);

// Rows come in two tiers (by name, then the others), each ascending; never one twice.
function assertAscending(codes) {
  assert.equal(new Set(codes).size, codes.length, 'no row twice');
  let restarts = 0;
  for (let i = 1; i < codes.length; i += 1) {
    if (!(cp(codes[i - 1]) <= cp(codes[i]))) restarts += 1;
  }
  assert.ok(restarts <= 1, `rows ascend within each of the two tiers (${restarts} restarts)`);
}


test('typing, endless scroll, reload and details with JavaScript on', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  context.setDefaultTimeout(DEADLINE_MS);
  const page = await context.newPage();
  const problems = watchPage(page);

  const home = await page.goto(`${base}/`);
  assert.equal(home.status(), 200);
  assert.match(home.headers()['content-type'], /^text\/html/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'q', 'the box has focus');
  await shot(page, 'desktop-start.png');

  // Search as you type: the rows, the status and the address bar follow.
  await page.locator('#q').pressSequentially('cjk', { delay: 30 });
  await page.waitForFunction(() => /matches for 'cjk'/.test(document.getElementById('status').textContent));
  await page.waitForURL((url) => url.search === '?q=cjk');
  const first = await api('/api/search?q=cjk&offset=0&limit=1');
  const total = first.total;
  assert.ok(total > 1000, `cjk should match many characters, got ${total}`);
  const pageSize = Number(await page.getAttribute('#results', 'data-page-size'));
  await page.waitForFunction((n) => document.querySelectorAll('#results li.row').length >= n, pageSize);
  let codes = await rowCodes(page);
  assert.deepEqual(codes, await apiCodes('cjk', codes.length), 'first rows are the API\'s first rows');
  assert.match(await page.textContent('#status'), new RegExp(`^${total} matches for 'cjk' \\(showing 1–${codes.length}\\)`));
  await shot(page, 'desktop-cjk.png');

  // Endless scroll: twice to the end of the list, more rows each time, no gap, no duplicate.
  for (let round = 1; round <= 2; round += 1) {
    const before = codes.length;
    await page.locator('#results li.row').last().scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForFunction((n) => document.querySelectorAll('#results li.row').length > n, before);
    await page.waitForFunction(() => !document.getElementById('results').hasAttribute('aria-busy'));
    codes = await rowCodes(page);
    assert.ok(codes.length > before, `round ${round}: more rows arrived`);
  }
  assertAscending(codes);
  assert.deepEqual(codes, await apiCodes('cjk', codes.length), 'scrolled rows are contiguous with the API\'s order');
  assert.match(await page.textContent('#status'), new RegExp(`\\(showing 1–${codes.length}\\)`));
  await shot(page, 'desktop-scrolled.png');

  // Reload: the server renders the same query from the address bar.
  await page.reload();
  assert.equal(await page.inputValue('#q'), 'cjk');
  await page.waitForFunction((n) => document.querySelectorAll('#results li.row').length >= n, pageSize);
  const reloaded = await rowCodes(page);
  assert.deepEqual(reloaded, await apiCodes('cjk', reloaded.length));
  assert.match(await page.textContent('#status'), new RegExp(`^${total} matches for 'cjk'`));

  // A click on a row shows the character's details from /api/char.
  const third = page.locator('#results li.row').nth(2);
  const thirdCode = await third.getAttribute('data-code');
  const details = await api(`/api/char/${thirdCode}`);
  await third.locator('a.hit').click();
  const dialog = page.locator('dialog#details[open]');
  await dialog.waitFor();
  await page.waitForFunction((name) => document.querySelector('#details h2').textContent === name, details.name);
  assert.equal(await dialog.locator('.details-code').textContent(), thirdCode);
  assert.ok(await dialog.locator('dt').count() >= 5, 'the details list several properties');
  assert.ok((await dialog.textContent()).includes(details.name));
  await shot(page, 'desktop-details.png');
  await page.keyboard.press('Escape');
  await page.locator('dialog#details').waitFor({ state: 'hidden' });

  // Enter on a focused row opens the details too.
  await page.locator('#results li.row').first().locator('a.hit').focus();
  await page.keyboard.press('Enter');
  await dialog.waitFor();
  const firstCode = (await rowCodes(page))[0];
  await page.waitForFunction((code) => document.querySelector('#details .details-code').textContent === code, firstCode);
  await page.keyboard.press('Escape');
  await page.locator('dialog#details').waitFor({ state: 'hidden' });

  // Copy: the button says so and the clipboard holds the character.
  const copy = page.locator('#results li.row').first().locator('button.copy');
  await copy.click();
  await page.waitForFunction(() => document.querySelector('#results li.row button.copy').textContent === 'Copied');
  const clipboard = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(clipboard, String.fromCodePoint(cp(firstCode)));

  // A new query replaces the rows; Enter pushes a history entry; Back restores the old query.
  await page.fill('#q', 'cat face');
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.search === '?q=cat+face');
  await page.waitForFunction(() => / for 'cat face'$/.test(document.getElementById('status').textContent));
  const catRows = await rowCodes(page);
  assert.ok(catRows.includes('U+1F431'));
  assert.deepEqual(catRows, await apiCodes('cat face', 1000));
  await page.goBack();
  await page.waitForURL((url) => url.search === '?q=cjk');
  assert.equal(await page.inputValue('#q'), 'cjk');
  await page.waitForFunction(() => /matches for 'cjk'/.test(document.getElementById('status').textContent));

  // A bad query shows its error.
  await page.fill('#q', '"black arrow');
  await page.waitForSelector('#status.is-error');
  assert.match(await page.textContent('#status'), /Error:.*quote/i);
  assert.equal(await page.locator('#results li.row').count(), 0);
  await shot(page, 'desktop-error.png');

  assert.deepEqual(problems, []);
  await context.close();
});

// The API writes a surrogate's "char" as the lone \udXXX escape (RFC 8259 allows it): the
// page must show a replacement glyph, and details and copy must work without an exception.
test('surrogate code points: rows, details and copy', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  context.setDefaultTimeout(DEADLINE_MS);
  const page = await context.newPage();
  const problems = watchPage(page);
  const query = 'U+DBFF..U+DC00';
  const answer = await api(`/api/search?q=${encodeURIComponent(query)}`);
  assert.deepEqual(answer.results.map((r) => r.char), ['\udbff', '\udc00'], 'lone surrogates from the JSON');

  await page.goto(`${base}/`);
  await page.fill('#q', query);  // rows rendered by the script from /api/search
  await page.waitForFunction((q) => document.getElementById('status').textContent.startsWith(`2 matches for '${q}'`), query);
  assert.deepEqual(await rowCodes(page), ['U+DBFF', 'U+DC00']);
  assert.deepEqual(await page.$$eval('#results li.row .glyph', (glyphs) => glyphs.map((g) => g.textContent)),
    ['\ufffd', '\ufffd']);

  const details = await api('/api/char/U+DBFF');
  assert.equal(details.char, '\udbff');
  assert.equal(details.utf8, null);
  await page.locator('#results li.row').first().locator('a.hit').click();
  const dialog = page.locator('dialog#details[open]');
  await dialog.waitFor();
  await page.waitForFunction((name) => document.querySelector('#details h2').textContent === name, details.name);
  assert.equal(await dialog.locator('.details-glyph').textContent(), '\ufffd');
  assert.ok(await dialog.locator('dt').count() >= 5, 'the details list several properties');
  await dialog.locator('.details-copy').click();
  await page.waitForFunction(() => document.querySelector('#details .details-copy').textContent !== 'Copy');
  assert.equal(await dialog.locator('.details-copy').textContent(), 'Copied');
  await page.keyboard.press('Escape');
  await page.locator('dialog#details').waitFor({ state: 'hidden' });

  const copy = page.locator('#results li.row').nth(1).locator('button.copy');
  await copy.click();
  await page.waitForFunction(() => document.querySelectorAll('#results li.row button.copy')[1].textContent !== 'Copy');
  assert.equal(await copy.textContent(), 'Copied');
  // The clipboard holds text, which cannot carry a lone surrogate: the browser may keep it
  // or make it U+FFFD.
  const clipboard = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(['\udc00', '\ufffd'].includes(clipboard), `clipboard holds ${JSON.stringify(clipboard)}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('endless scroll stops at the last match', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(DEADLINE_MS);
  const page = await context.newPage();
  const problems = watchPage(page);
  const query = 'arrow*';
  const { total } = await api(`/api/search?q=${encodeURIComponent(query)}&limit=1`);
  await page.goto(`${base}/?q=${encodeURIComponent(query)}`);
  const pageSize = Number(await page.getAttribute('#results', 'data-page-size'));
  assert.ok(total > 2 * pageSize && total < 20 * pageSize, `${query} should span a few pages, has ${total}`);
  const endNote = page.locator('p.end');
  for (let round = 0; round < 20 && !(await endNote.isVisible()); round += 1) {
    const before = (await rowCodes(page)).length;
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForFunction((n) => document.querySelectorAll('#results li.row').length > n ||
      !document.querySelector('p.end').hidden, before);
  }
  await endNote.waitFor();
  const codes = await rowCodes(page);
  assert.equal(codes.length, total);
  assertAscending(codes);
  assert.deepEqual(codes, await apiCodes(query, total));
  assert.match(await endNote.textContent(), new RegExp(`${total} matches`));
  assert.match(await page.textContent('#status'), new RegExp(`^${total} matches for 'arrow\\*'$`));
  await page.locator('p.loading').waitFor({ state: 'hidden' });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a slow answer to an older query never replaces a newer one', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(DEADLINE_MS);
  const page = await context.newPage();
  const problems = watchPage(page);
  // Hold the answer for "cat" until the answer for "cat face" has been shown.
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  let heldSeen;
  const held = new Promise((resolve) => { heldSeen = resolve; });
  await page.route((url) => url.pathname === '/api/search' && url.searchParams.get('q') === 'cat', async (route) => {
    heldSeen(route.request());
    await released;
    await route.continue().catch(() => {});  // the page may have aborted it meanwhile
  });
  await page.goto(`${base}/`);
  await page.fill('#q', 'cat');
  const heldRequest = await held;
  const heldDone = new Promise((resolve) => {
    const done = (request) => { if (request === heldRequest) resolve(); };
    page.on('requestfinished', done);
    page.on('requestfailed', done);
  });
  await page.fill('#q', 'cat face');
  await page.waitForFunction(() => / for 'cat face'$/.test(document.getElementById('status').textContent));
  const newer = await rowCodes(page);
  release();
  await heldDone;
  // Let any task queued by the late answer run before looking again.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
  assert.match(await page.textContent('#status'), / for 'cat face'$/);
  assert.deepEqual(await rowCodes(page), newer);
  assert.equal(new URL(page.url()).search, '?q=cat+face');
  assert.deepEqual(problems, []);
  await context.close();
});

test('dark colour scheme renders', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.goto(`${base}/?q=chess+black`);
  await page.locator('#results li.row').first().waitFor();
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.notEqual(background, 'rgb(248, 249, 251)', 'dark mode changes the background');
  await shot(page, 'desktop-dark.png');
  assert.deepEqual(problems, []);
  await context.close();
});

test('phone-sized viewport: no sideways scrolling, details fit', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  context.setDefaultTimeout(DEADLINE_MS);
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.goto(`${base}/?q=arrow*`);
  await page.locator('#results li.row').first().waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
  await shot(page, 'phone-results.png');
  await page.locator('#results li.row').nth(1).locator('a.hit').tap();
  await page.locator('dialog#details[open] dt').first().waitFor();
  const box = await page.locator('dialog#details').boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 390, 'the details dialog fits the screen');
  await shot(page, 'phone-details.png');
  assert.deepEqual(problems, []);
  await context.close();
});

test('without JavaScript the server-rendered page pages with links', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(DEADLINE_MS);
  const page = await context.newPage();
  await page.goto(`${base}/?q=cjk`);
  const pageSize = Number(await page.getAttribute('#results', 'data-page-size'));
  const page1 = await rowCodes(page);
  assert.equal(page1.length, pageSize);
  assert.deepEqual(page1, await apiCodes('cjk', pageSize));
  assert.equal(await page.locator('a[rel="prev"]').count(), 0);

  await page.click('a[rel="next"]');
  await page.waitForURL((url) => url.searchParams.get('page') === '2' && url.searchParams.get('q') === 'cjk');
  const page2 = await rowCodes(page);
  assert.deepEqual(page2, await apiCodes('cjk', pageSize, pageSize), 'page 2 continues where page 1 ended');
  assert.match(await page.textContent('#status'), new RegExp(`\\(showing ${pageSize + 1}–${2 * pageSize}\\)`));
  await shot(page, 'nojs-page2.png');

  await page.click('a[rel="prev"]');
  await page.waitForURL((url) => !url.searchParams.has('page'));
  assert.deepEqual(await rowCodes(page), page1);

  // The form submits with a plain GET, and examples are plain links.
  await page.fill('#q', 'chess black');
  await page.press('#q', 'Enter');
  await page.waitForURL((url) => url.searchParams.get('q') === 'chess black');
  assert.deepEqual(await rowCodes(page), await apiCodes('chess black', 1000));
  await page.click('.examples a:has-text("cat face")');
  await page.waitForURL((url) => url.searchParams.get('q') === 'cat face');
  assert.ok((await rowCodes(page)).includes('U+1F431'));
  await context.close();
});

// Issue 9: rows found by something other than their name say what matched, sequences are one
// glyph, the language control searches other languages, and the details list the sources.
test('other-tier rows, sequences, the language control and source details', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  context.setDefaultTimeout(DEADLINE_MS);
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.goto(`${base}/?q=lightning`);
  const bolt = page.locator('#results li.row[data-code="U+26A1"]');
  await bolt.waitFor();
  assert.equal(await bolt.getAttribute('data-tier'), 'other');
  assert.equal(await bolt.locator('.matched').textContent(), '= lightning symbol');

  // Typing a query that finds a sequence: rendered by app.js from the JSON API.
  await page.fill('#q', 'flag france');
  const flag = page.locator('#results li.row[data-code="U+1F1EB U+1F1F7"]');
  await flag.waitFor();
  assert.equal(await flag.locator('.glyph').textContent(), '\u{1F1EB}\u{1F1F7}');
  assert.equal(await flag.locator('.matched').textContent(), 'emoji: flag: France');

  // The language control: German keywords.
  await page.fill('#q', 'katze');
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('No match'));
  await page.selectOption('#lang', 'de');
  const cat = page.locator('#results li.row[data-code="U+1F431"]');
  await cat.waitFor();
  assert.match(await cat.locator('.matched').textContent(), /^de: /);

  // Details of a character: aliases, informal aliases, cross-references as links.
  await page.selectOption('#lang', '');
  await page.fill('#q', 'nbsp');
  const nbsp = page.locator('#results li.row[data-code="U+00A0"]');
  await nbsp.waitFor();
  await nbsp.locator('a.hit').click();
  const dialog = page.locator('dialog#details[open]');
  await dialog.waitFor();
  await page.waitForFunction(() => document.querySelector('#details h2').textContent === 'NO-BREAK SPACE');
  const text = await dialog.textContent();
  assert.ok(text.includes('NBSP (abbreviation)'), 'formal aliases with their type');
  const xref = dialog.locator('a.xref').first();
  await xref.waitFor();
  const target = await xref.getAttribute('data-code');
  await xref.click();
  await page.waitForFunction((code) => document.querySelector('#details .details-code').textContent === code, target);
  await page.keyboard.press('Escape');
  assert.deepEqual(problems, []);
  await context.close();
});
