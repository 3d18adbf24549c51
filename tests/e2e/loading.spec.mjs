// Real endpoints: every paging style loads each entry exactly once, tokens go in
// the header and nowhere else, failures are retried and resumable, Stop loading,
// progress, dropped connections, live refresh, and the deployment's allowed sources.
// Each test tags its requests (t=...) and reads them back from the server's log.
import { test, expect } from '@playwright/test';
import { LOGS, NOW, status, table, download } from './helpers.mjs';
import { CONFIGURED_PORT, MISCONFIGURED_PORT } from './playwright.config.mjs';

const TOKEN = 's3cret-token';
const ids = (n, from = 0) => Array.from({ length: n }, (_, i) => `evt-${String(from + i).padStart(5, '0')}`);
const loaded = (page) => page.getByRole('status').filter({ hasText: /^Loaded [\d,]+ (of [\d,]+ )?entries/ });

/** A tag unique to this test, for the server's request log. */
const tagOf = (info) => `t${info.testId.replace(/[^a-z0-9]/gi, '')}r${info.retry}`;

/** `path` on the test endpoint with query `params` and this test's tag. */
const endpoint = (path, params, tag) => `${LOGS}${path}?${new URLSearchParams({ ...params, t: tag })}`;

/** Opens the app on `source` (extra view params too). */
async function openSource(page, source, params = {}) {
  await page.clock.setFixedTime(NOW);
  await page.goto(`/?${new URLSearchParams({ source, ...params })}`);
}

/** The requests the endpoint received for `tag` (preflights left out). */
async function requestsOf(request, tag) {
  const r = await request.get(`${LOGS}/__log?t=${tag}`);
  return (await r.json()).filter((x) => x.method === 'GET');
}

/** Ids of every loaded entry, from an NDJSON export of all rows. */
async function exportedIds(page) {
  await page.getByRole('button', { name: 'Export' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await dialog.getByLabel('NDJSON (original entries)').check();
  const file = await download(page, dialog.getByRole('button', { name: 'Download' }));
  await page.keyboard.press('Escape');
  const text = file.bytes.toString('utf8');
  return { ids: text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l).id), text };
}

const sorted = (xs) => [...xs].sort();

const STYLES = [
  ['/paged/link', {}],
  ['/paged/next', { style: 'next' }],
  ['/paged/next', { style: 'next_page', relative: '1' }],
  ['/paged/next', { style: 'links' }],
  ['/paged/next', { style: 'odata' }],
  ['/paged/cursor', { style: 'google' }],
  ['/paged/cursor', { style: 'slack' }],
  ['/paged/cursor', { style: 'aws' }],
  ['/paged/cursor', { style: 'after' }],
  ['/paged/cursor', { style: 'cursor' }],
  ['/paged/offset', { offset: '0', limit: '50' }],
  ['/paged/offset', { offset: '0', limit: '50', total: '0' }],
  ['/paged/page', { page: '1', per_page: '50' }],
  ['/paged/page', { page: '1', per_page: '50', wrap: '1' }],
];

for (const [path, params] of STYLES) {
  test(`paging ${path} ${JSON.stringify(params)} loads every entry exactly once`, async ({ page, request }, info) => {
    const tag = tagOf(info);
    await openSource(page, endpoint(path, params, tag));
    await expect(loaded(page)).toHaveText(/^Loaded 237 entries/, { timeout: 15_000 });
    await expect(page.getByText('5 pages')).toBeVisible();
    const { ids: got } = await exportedIds(page);
    expect(got.length).toBe(237);
    expect(sorted(got)).toEqual(ids(237));
    // One request per page: the short fifth page (or the reported total) ends it.
    expect((await requestsOf(request, tag)).length).toBe(5);
  });
}

test('a total in X-Total-Count ends a log of exactly full pages without asking for more', async ({ page, request }, info) => {
  const tag = tagOf(info);
  await openSource(page, endpoint('/paged/offset', { offset: '0', limit: '50', total: '0', n: '250' }, tag));
  await expect(loaded(page)).toHaveText(/^Loaded 250 entries/);
  expect((await requestsOf(request, tag)).length).toBe(5);
});

test('progress shows while a slow response arrives, and rows before it ends', async ({ page }, info) => {
  await openSource(page, endpoint('/gen/array.json', { n: '3000', slow: '4000' }, tagOf(info)));
  const progress = page.getByRole('status').filter({ hasText: /^Loading page 1 · [\d,]+ entries so far/ });
  await expect(progress).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Loading log' })).toBeVisible();
  // Explorable while loading: rows are in the table before the body has ended.
  await expect(table(page).locator('tbody tr.tv-row').first()).toBeVisible();
  await expect(progress).toBeVisible();
  await expect(loaded(page)).toHaveText(/^Loaded 3,000 entries/, { timeout: 15_000 });
});

test('Stop loading keeps what arrived, says the log is partial, and Resume finishes it', async ({ page, request }, info) => {
  const tag = tagOf(info);
  await openSource(page, endpoint('/paged/page', { page: '1', per_page: '50', n: '1000', delay: '250' }, tag));
  await expect(page.getByText(/^Loading page [3-9] · /)).toBeVisible();
  await page.getByRole('button', { name: 'Stop loading' }).click();
  const note = page.getByRole('alert').filter({ hasText: 'You stopped loading at page' });
  await expect(note).toContainText('the log is partial');
  const text = await loaded(page).textContent();
  const n = +text.match(/Loaded ([\d,]+)/)[1].replace(/,/g, '');
  expect(n).toBeGreaterThanOrEqual(100);
  expect(n).toBeLessThan(1000);
  await expect(status(page)).toHaveText(`Showing 1–50 of ${n.toLocaleString('en-US')}`);
  await page.waitForTimeout(600);
  await expect(loaded(page)).toHaveText(new RegExp(`^Loaded ${n.toLocaleString('en-US')} entries`), { timeout: 100 });
  await note.getByRole('button', { name: 'Resume' }).click();
  await expect(loaded(page)).toHaveText(/^Loaded 1,000 entries/, { timeout: 20_000 });
  await expect(page.getByText('You stopped loading')).toHaveCount(0);
  const { ids: got } = await exportedIds(page);
  expect(sorted(got)).toEqual(ids(1000));
  // 20 pages and the empty one after them, plus the page in flight at Stop, asked again.
  expect((await requestsOf(request, tag)).length).toBeLessThanOrEqual(22);
});

test('a token is asked for on 401, sent in the header and nowhere else', async ({ page, request }, info) => {
  const tag = tagOf(info);
  const source = endpoint('/paged/cursor', { style: 'google', require: 'bearer' }, tag);
  await openSource(page, source);
  const alert = page.getByRole('alert');
  await expect(alert.getByRole('heading', { name: 'This endpoint needs a token' })).toBeVisible();
  await expect(alert).toContainText('answered HTTP 401');
  const field = page.getByLabel('Token', { exact: true });
  await expect(field).toBeFocused();
  await field.fill(TOKEN);
  await field.press('Enter');
  await expect(loaded(page)).toHaveText(/^Loaded 237 entries/);

  const log = await requestsOf(request, tag);
  expect(log[0].headers.authorization).toBeUndefined();
  for (const r of log.slice(1)) expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
  expect(log.length).toBe(6);
  for (const r of log) expect(r.url).not.toContain(TOKEN);
  // Not in the page URL, storage, the page's markup, or an export.
  expect(page.url()).not.toContain(TOKEN);
  const stored = await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }, document.cookie]));
  expect(stored).not.toContain(TOKEN);
  expect(await page.content()).not.toContain(TOKEN);
  const { text } = await exportedIds(page);
  expect(text).not.toContain(TOKEN);
  // Moving around the view keeps it out of the URL too.
  await page.getByRole('button', { name: 'Next page' }).click();
  expect(page.url()).not.toContain(TOKEN);
});

test('a token can go in a header of its own', async ({ page, request }, info) => {
  const tag = tagOf(info);
  await openSource(page, endpoint('/gen/array.json', { require: 'x-api-key' }, tag), { auth: 'header:X-API-Key' });
  await expect(page.getByLabel('Token', { exact: true })).toBeFocused();
  await expect(page.getByLabel('Send as')).toHaveValue('header');
  await page.getByLabel('Token', { exact: true }).fill(TOKEN);
  await page.getByRole('button', { name: 'Use' }).click();
  await expect(loaded(page)).toHaveText(/^Loaded 237 entries/);
  const log = await requestsOf(request, tag);
  expect(log.at(-1).headers['x-api-key']).toBe(TOKEN);
  expect(log.at(-1).headers.authorization).toBeUndefined();
});

test('cookie sessions go with the request when chosen', async ({ page, request }, info) => {
  const tag = tagOf(info);
  await page.goto(`${LOGS}/login?t=${tag}`);
  await openSource(page, endpoint('/gen/array.json', { require: 'cookie', n: '20' }, tag), { auth: 'cookies' });
  await expect(loaded(page)).toHaveText(/^Loaded 20 entries/);
});

test('a failing page is tried again with backoff and the load completes', async ({ page, request }, info) => {
  const tag = tagOf(info);
  await openSource(page, endpoint('/paged/page', { page: '1', per_page: '50', fail: '503@2', times: '2', retry: '1' }, tag));
  await expect(page.getByText(/answered HTTP 503[^.]*\. Trying again in 1 s \(attempt 2 of 4\)\./)).toBeVisible();
  await expect(loaded(page)).toHaveText(/^Loaded 237 entries/, { timeout: 15_000 });
  const pages = (await requestsOf(request, tag)).map((r) => new URL(r.url, LOGS).searchParams.get('page'));
  expect(pages).toEqual(['1', '2', '2', '2', '3', '4', '5']);
});

test('a page that keeps failing shows the error with Resume, and the loaded rows stay usable', async ({ page, request }, info) => {
  const tag = tagOf(info);
  await openSource(page, endpoint('/paged/page', { page: '1', per_page: '50', fail: '500@3', times: '4' }, tag));
  const alert = page.getByRole('alert');
  await expect(alert.getByRole('heading', { name: 'Loading stopped' })).toBeVisible({ timeout: 15_000 });
  await expect(alert).toContainText('answered HTTP 500');
  await expect(alert).toContainText('tried 4 times');
  await expect(alert).toContainText('The 100 entries loaded so far stay usable.');
  // Still explorable: sort and page through what arrived.
  await expect(status(page)).toHaveText('Showing 1–50 of 100');
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(status(page)).toHaveText('Showing 51–100 of 100');
  await alert.getByRole('button', { name: 'Resume' }).click();
  await expect(loaded(page)).toHaveText(/^Loaded 237 entries/);
  const { ids: got } = await exportedIds(page);
  expect(sorted(got)).toEqual(ids(237));
});

test('a connection dropped mid-body keeps every complete entry and says what happened', async ({ page, request }, info) => {
  const tag = tagOf(info);
  const params = { n: '500', drop: '1@30000' };
  const body = await (await request.get(endpoint('/gen/log.ndjson', { n: '500' }, tag))).text();
  const complete = body.slice(0, 30000).split('\n').length - 1;
  await openSource(page, endpoint('/gen/log.ndjson', params, tag));
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The connection broke off while reading page 1', { timeout: 15_000 });
  await expect(alert).toContainText(`The ${complete} entries loaded so far stay usable.`);
  await expect(status(page)).toHaveText(`Showing 1–50 of ${complete}`);
});

test('a dropped connection that recovers loads every entry once', async ({ page, request }, info) => {
  const tag = tagOf(info);
  await openSource(page, endpoint('/gen/log.ndjson', { n: '500', drop: '1@30000', times: '1' }, tag));
  await expect(loaded(page)).toHaveText(/^Loaded 500 entries/, { timeout: 15_000 });
  // The whole body came twice (the first time cut short): every entry once all the same.
  expect((await requestsOf(request, tag)).length).toBe(2);
  const { ids: got } = await exportedIds(page);
  expect(sorted(got)).toEqual(ids(500));
});

test('an endpoint that repeats its cursor is stopped with a message', async ({ page }, info) => {
  await openSource(page, endpoint('/paged/cursor', { style: 'google', repeat: '2' }, tagOf(info)));
  await expect(page.getByRole('alert')).toContainText('Loading stopped: the endpoint sent the same cursor again.');
  await expect(loaded(page)).toHaveText(/^Loaded 100 entries/);
});

test('an endpoint that ignores its page parameter is caught', async ({ page }, info) => {
  await openSource(page, endpoint('/paged/page', { page: '1', ignorepage: '1' }, tagOf(info)));
  await expect(page.getByRole('alert')).toContainText('page 2 brought only entries already loaded');
  // The endpoint reports 237: what arrived is said as a share of that.
  await expect(loaded(page)).toHaveText(/^Loaded 50 of 237 entries/);
});

test('an HTML page in the middle of paging keeps the pages before it', async ({ page }, info) => {
  await openSource(page, endpoint('/paged/link', { html: '3' }, tagOf(info)));
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('did not give a usable log: the response is not JSON: it looks like an HTML page');
  await expect(alert).toContainText('The 100 entries loaded so far stay usable.');
});

test('truncated JSON keeps the complete entries and says where it ended', async ({ page }, info) => {
  await openSource(page, endpoint('/gen/array.json', { n: '40', truncate: '1' }, tagOf(info)));
  await expect(page.getByRole('alert')).toContainText('The response ended early: invalid JSON at line 1');
  await expect(page.getByRole('alert')).toContainText('Every complete entry before that point is loaded.');
  const text = await loaded(page).textContent();
  const n = +text.match(/Loaded (\d+)/)[1];
  expect(n).toBeGreaterThan(10);
  expect(n).toBeLessThan(40);
});

test('the entry limit stops loading with a clear message', async ({ page }, info) => {
  await openSource(page, endpoint('/paged/link', {}, tagOf(info)), { limit: '120' });
  await expect(loaded(page)).toHaveText(/^Loaded 120 entries/);
  await expect(page.getByRole('alert')).toContainText('Stopped at the safety limit of 120 entries');
});

test('a new source cancels the load in flight', async ({ page, request }, info) => {
  const tag = tagOf(info);
  await openSource(page, endpoint('/gen/array.json', { n: '2000', slow: '3000' }, tag));
  await expect(page.getByText(/^Loading page 1/)).toBeVisible();
  const input = page.getByLabel('Log source');
  await input.fill(endpoint('/gen/array.json', { n: '12' }, tag));
  await input.press('Enter');
  await expect(loaded(page)).toHaveText(/^Loaded 12 entries/);
  await page.waitForTimeout(3500);
  await expect(loaded(page)).toHaveText(/^Loaded 12 entries/);
});

test('live refresh adds new entries without moving the page or the open entry', async ({ page, request }, info) => {
  const tag = tagOf(info);
  await openSource(page, endpoint('/live/log', { limit: '100' }, tag), { live: '5s', size: '25', page: '2' });
  await expect(loaded(page)).toHaveText(/^Loaded 30 entries/);
  await expect(status(page)).toHaveText('Showing 26–30 of 30');
  await expect(page.getByLabel('Auto-refresh')).toHaveValue('5s');
  await table(page).locator('tbody tr.tv-row').first().locator('td').first().click();
  const panel = page.getByRole('complementary', { name: 'Entry details' });
  await expect(panel).toBeVisible();
  // A click's URL is written once its frame is painted.
  await expect(page).toHaveURL(/[?&]entry=/);
  const url = page.url();
  const entry = new URL(url).searchParams.get('entry');
  expect(entry).toMatch(/^evt-/);
  await request.post(`${LOGS}/live/add?t=${tag}&k=3`);
  await expect(page.getByRole('status').filter({ hasText: '3 new entries' })).toBeVisible({ timeout: 12_000 });
  // Newer entries come before page 2: it moves down with them (see live.spec.mjs).
  await expect(status(page)).toHaveText('Showing 29–33 of 33');
  expect(new URL(page.url()).searchParams.get('page')).toBe('2');
  expect(new URL(page.url()).searchParams.get('entry')).toBe(entry);
  await expect(panel).toContainText(entry);
  // Paused: nothing more arrives.
  await page.getByRole('button', { name: 'Pause live refresh' }).click();
  await expect(page.getByRole('button', { name: 'Pause live refresh' })).toHaveAttribute('aria-pressed', 'true');
  await request.post(`${LOGS}/live/add?t=${tag}&k=2`);
  await page.waitForTimeout(6000);
  await expect(status(page)).toHaveText('Showing 29–33 of 33');
  await page.getByRole('button', { name: 'Pause live refresh' }).click();
  await expect(status(page)).toHaveText('Showing 31–35 of 35');
});

test('live refresh with {since} asks only for what is newer', async ({ page, request }, info) => {
  const tag = tagOf(info);
  const source = `${LOGS}/live/log?t=${tag}&since={since}`;
  await openSource(page, source, { live: '5s' });
  await expect(loaded(page)).toHaveText(/^Loaded 30 entries/);
  await request.post(`${LOGS}/live/add?t=${tag}&k=2`);
  await expect(page.getByRole('status').filter({ hasText: '2 new entries' })).toBeVisible({ timeout: 12_000 });
  const log = await requestsOf(request, tag);
  expect(new URL(log[0].url, LOGS).searchParams.has('since')).toBe(false);
  const since = log.slice(1).map((r) => new URL(r.url, LOGS).searchParams.get('since'));
  // Each refresh asks from the newest loaded time: the old newest until the new entries
  // are in, theirs after (a refresh may come before they were added).
  expect(since[0]).toBe('2026-10-31T12:00:00.000Z');
  expect(since.every((s) => ['2026-10-31T12:00:00.000Z', '2026-10-31T12:02:00.000Z'].includes(s))).toBe(true);
  expect([...since].sort()).toEqual(since);
});

test.describe('a deployment with trailview.json', () => {
  const app = `http://127.0.0.1:${CONFIGURED_PORT}`;

  test('its default source and page size apply, and the URL still wins', async ({ page }) => {
    await page.goto(`${app}/`);
    await expect(loaded(page)).toHaveText(/^Loaded 60 entries/);
    await expect(status(page)).toHaveText('Showing 1–25 of 60');
    await page.goto(`${app}/?size=50&source=${encodeURIComponent(`${LOGS}/gen/array.json?n=70`)}`);
    await expect(status(page)).toHaveText('Showing 1–50 of 70');
  });

  test('a source it does not allow is refused with its name, and never fetched', async ({ page, request }, info) => {
    const tag = tagOf(info);
    const forged = `${LOGS}/logs/e2e.json?t=${tag}&token=abc`;
    await page.goto(`${app}/?source=${encodeURIComponent(forged)}`);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText(`The source ${LOGS}/logs/e2e.json?t=${tag}&token=*** is not one this Trailview is allowed to load`);
    await expect(alert).toContainText('forged');
    expect(await requestsOf(request, tag)).toEqual([]);
  });

  test('a malformed trailview.json is reported, and the app still works', async ({ page }) => {
    await page.goto(`http://127.0.0.1:${MISCONFIGURED_PORT}/`);
    await expect(page.getByRole('alert')).toContainText('trailview.json: invalid JSON at line 4, column 3');
    await expect(loaded(page)).toHaveText(/^Loaded 2,000 entries/);
  });
});
