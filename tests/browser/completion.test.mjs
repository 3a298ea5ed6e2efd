// Issue 10 in a real browser: the search box's completion listbox (the ARIA combobox
// pattern: roles, aria-expanded, aria-activedescendant; arrow keys, Enter, Escape), the
// "Did you mean" links, and the page's rel="search" link to the OpenSearch description.
// Run by tests/browser/CMakeLists.txt with search_page.test.mjs (see harness.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEADLINE_MS, shot, useDaemonAndBrowser, watchPage } from './harness.mjs';

let base;
let browser;
useDaemonAndBrowser((env) => ({ base, browser } = env));

async function openPage(url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(DEADLINE_MS);
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.goto(url);
  return { context, page, problems };
}

test('the page links the OpenSearch description, which is XML with both URLs', async () => {
  const { context, page, problems } = await openPage(`${base}/`);
  const link = page.locator('link[rel="search"]');
  assert.equal(await link.getAttribute('type'), 'application/opensearchdescription+xml');
  const href = await link.getAttribute('href');
  const response = await page.request.get(new URL(href, base).href);
  assert.equal(response.status(), 200);
  const xml = await response.text();
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    if (doc.querySelector('parsererror')) return null;
    return [...doc.getElementsByTagName('Url')].map((u) => [u.getAttribute('type'), u.getAttribute('template')]);
  }, xml);
  assert.ok(parsed, `not XML: ${xml}`);
  const urls = Object.fromEntries(parsed);
  assert.equal(urls['text/html'], `${base}/?q={searchTerms}`);
  assert.equal(urls['application/x-suggestions+json'], `${base}/api/complete?q={searchTerms}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the completion listbox: roles, arrow keys, Enter, Escape', async () => {
  const { context, page, problems } = await openPage(`${base}/`);
  const box = page.locator('#q');
  const listbox = page.locator('#q-completions');
  assert.equal(await box.getAttribute('role'), 'combobox');
  assert.equal(await box.getAttribute('aria-autocomplete'), 'list');
  assert.equal(await box.getAttribute('aria-controls'), 'q-completions');
  assert.equal(await box.getAttribute('aria-expanded'), 'false');
  assert.equal(await listbox.getAttribute('role'), 'listbox');

  await box.click();
  await box.pressSequentially('ches');
  const options = listbox.locator('[role="option"]');
  await options.first().waitFor();
  assert.equal(await box.getAttribute('aria-expanded'), 'true');
  const texts = await options.locator('.text').allTextContents();
  assert.ok(texts.includes('chess'), `completions of "ches": ${texts}`);
  assert.ok(texts.length <= 10);
  await shot(page, 'completion-open.png');

  // Arrow Down selects the first option, again the second; Arrow Up goes back.
  await box.press('ArrowDown');
  assert.equal(await options.nth(0).getAttribute('aria-selected'), 'true');
  assert.equal(await box.getAttribute('aria-activedescendant'), await options.nth(0).getAttribute('id'));
  await box.press('ArrowDown');
  assert.equal(await options.nth(0).getAttribute('aria-selected'), 'false');
  assert.equal(await options.nth(1).getAttribute('aria-selected'), 'true');
  await box.press('ArrowUp');
  assert.equal(await box.getAttribute('aria-activedescendant'), await options.nth(0).getAttribute('id'));

  // Escape closes the list and keeps what was typed.
  await box.press('Escape');
  assert.ok(await listbox.isHidden());
  assert.equal(await box.getAttribute('aria-expanded'), 'false');
  assert.equal(await box.inputValue(), 'ches');

  // Typing opens it again; Enter on the chosen option takes it and searches.
  await box.pressSequentially('s');
  await listbox.locator('[role="option"]').first().waitFor();
  const index = (await options.locator('.text').allTextContents()).indexOf('chess');
  assert.ok(index >= 0);
  for (let i = 0; i <= index; i += 1) await box.press('ArrowDown');
  await box.press('Enter');
  assert.ok(await listbox.isHidden());
  assert.equal(await box.inputValue(), 'chess');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'chess');
  await page.locator('#status').filter({ hasText: /matches for 'chess'/ }).waitFor();

  // A click takes an option too.
  await box.fill('');
  await box.pressSequentially('chess bl');
  await options.first().waitFor();
  assert.equal(await options.first().locator('.text').textContent(), 'chess black');
  await options.first().click();
  assert.equal(await box.inputValue(), 'chess black');
  await page.locator('#status').filter({ hasText: "33 matches for 'chess black'" }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('"Did you mean" links, server-rendered and after typing', async () => {
  const { context, page, problems } = await openPage(`${base}/?q=chess+blak`);
  const suggestions = page.locator('#suggestions');
  assert.equal((await suggestions.textContent()).trim(), 'Did you mean: chess black (33)?');
  await suggestions.locator('a').first().click();
  await page.locator('#status').filter({ hasText: "33 matches for 'chess black'" }).waitFor();
  assert.ok(await suggestions.isHidden());

  const box = page.locator('#q');
  await box.fill('cstle');
  await suggestions.filter({ hasText: 'Did you mean: castle' }).waitFor();
  await box.fill('xyzzyq');
  await page.locator('#status').filter({ hasText: "No match for 'xyzzyq'" }).waitFor();
  assert.ok(await suggestions.isHidden());
  assert.deepEqual(problems, []);
  await context.close();
});
