// The iframe mode: public/examples/iframe.html on the log server's origin frames
// the app deployed under /admin/audit/ on another origin, whose trailview.json
// allows the log server's origin (embedOrigins). The host gives the token by
// message, hears load/select/state/error, restores a view and sets attributes;
// messages from any other origin or window are ignored.
import { test, expect } from '@playwright/test';
import { LOGS, FIXTURE } from './helpers.mjs';
import { SUBPATH_PORT } from './playwright.config.mjs';

const BUNDLE = `http://127.0.0.1:${SUBPATH_PORT}/admin/audit/`;
const host = (params, origin = LOGS) =>
  `${origin}/host/iframe.html?${new URLSearchParams({ bundle: BUNDLE, ...params })}`;
const frame = (page) => page.frameLocator('iframe#trailview');
const rows = (f) => f.getByRole('table', { name: 'Audit log entries' }).locator('tbody tr.tv-row');
const loaded = (f) => f.getByRole('status').filter({ hasText: /^Loaded [\d,]+ entries/ });
const received = (page, type) => page.evaluate((t) => window.trailviewMessages
  .filter((m) => m.type === t).map((m) => m.detail ?? null), type);

test('the framed explorer has no page chrome, takes the host\'s token and reports to the host', async ({ page, request }) => {
  const tag = `frame${Date.now()}`;
  const source = `${LOGS}/gen/array.json?${new URLSearchParams({ n: '30', require: 'bearer', t: tag })}`;
  await page.goto(host({ source }));
  const f = frame(page);
  await expect(loaded(f)).toHaveText(/^Loaded 30 entries/);
  await expect(rows(f)).toHaveCount(10);
  // No chrome: the title is for screen readers only; the host set the source.
  const title = f.getByRole('heading', { level: 1 });
  await expect(title).toContainText('Organization audit log');
  expect(await title.evaluate((h) => h.getBoundingClientRect().width)).toBeLessThanOrEqual(1);
  await expect(f.getByRole('textbox', { name: 'Log source' })).toHaveCount(0);
  // The token came by message, once, and went only into the request's header.
  expect(await page.evaluate(() => window.tokenCalls)).toBe(1);
  expect(await received(page, 'trailview:token-request')).toEqual([null]);
  const log = (await (await request.get(`${LOGS}/__log?t=${tag}`)).json()).filter((r) => r.method === 'GET');
  expect(log.map((r) => r.headers.authorization)).toEqual(['Bearer s3cret-token']);
  expect(log[0].url).not.toContain('s3cret');
  expect(await f.locator('html').evaluate((h) => h.outerHTML + location.href)).not.toContain('s3cret');
  await expect.poll(() => received(page, 'trailview:load')).toEqual([{ entries: 30, pages: 1, total: null, partial: false }]);
  expect(await received(page, 'trailview:ready')).toEqual([null]);
  // Opening an entry: its original JSON; a search: the view as a query string.
  await rows(f).first().click();
  await expect.poll(async () => (await received(page, 'trailview:select')).length).toBe(1);
  const [selected] = await received(page, 'trailview:select');
  expect(JSON.parse(selected.json)).toEqual(selected.entry);
  await f.getByRole('combobox', { name: 'Search' }).fill('grace');
  await expect.poll(async () => (await received(page, 'trailview:state')).at(-1)?.state).toMatch(/(^|&)q=grace(&|$)/);
  expect(JSON.stringify(await page.evaluate(() => window.trailviewMessages))).not.toContain('s3cret');
});

test('the host restores a view and changes attributes by message; failures are reported', async ({ page }) => {
  await page.goto(host({ source: `${LOGS}/logs/e2e.json` }));
  const f = frame(page);
  await expect(loaded(f)).toHaveText(/^Loaded 20 entries/);
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(f.locator('.tv-root')).toHaveAttribute('data-theme', 'dark');
  await page.evaluate((origin) => document.getElementById('trailview').contentWindow
    .postMessage({ type: 'trailview:state', state: 'q=ada&size=5' }, origin), new URL(BUNDLE).origin);
  await expect(f.getByRole('combobox', { name: 'Search' })).toHaveValue('ada');
  // Locked to an app by the host: nothing of another app shows.
  await page.evaluate((origin) => document.getElementById('trailview').contentWindow
    .postMessage({ type: 'trailview:set', name: 'app', value: 'Field Reports' }, origin), new URL(BUNDLE).origin);
  await expect(f.getByRole('heading', { level: 1 })).toContainText('App: Field Reports');
  await f.getByRole('combobox', { name: 'Search' }).fill('');
  await expect(rows(f)).toHaveCount(Math.min(5, FIXTURE.filter((e) => e.appName === 'Field Reports').length));
  await page.evaluate((origin) => document.getElementById('trailview').contentWindow
    .postMessage({ type: 'trailview:set', name: 'source', value: `${location.origin}/status/404` }, origin), new URL(BUNDLE).origin);
  await expect.poll(async () => (await received(page, 'trailview:error')).at(-1)?.status).toBe(404);
});

test('messages from another origin or another window are ignored, and a page not allowed hears nothing', async ({ page, request }) => {
  const tag = `forged${Date.now()}`;
  const source = `${LOGS}/gen/array.json?${new URLSearchParams({ n: '30', require: 'bearer', t: tag })}`;
  await page.goto(host({ source }));
  const f = frame(page);
  await expect(loaded(f)).toHaveText(/^Loaded 30 entries/);
  // A sandboxed frame on the same page (origin "null") posts a view, a token and a
  // new source to Trailview, addressed to any origin.
  await page.evaluate(() => {
    const forger = document.createElement('iframe');
    forger.sandbox = 'allow-scripts';
    forger.srcdoc = `<script>
      const t = parent.frames[0];
      t.postMessage({ type: 'trailview:state', state: 'q=forged' }, '*');
      t.postMessage({ type: 'trailview:set', name: 'source', value: 'http://127.0.0.1:1/forged.json' }, '*');
      t.postMessage({ type: 'trailview:token', token: 'forged-token' }, '*');
      parent.postMessage('forger done', '*');
    <\/script>`;
    window.forgerDone = new Promise((r) => window.addEventListener('message', (e) => e.data === 'forger done' && r()));
    document.body.append(forger);
    return window.forgerDone;
  });
  await page.waitForTimeout(300);
  await expect(f.getByRole('combobox', { name: 'Search' })).toHaveValue('');
  await expect(loaded(f)).toHaveText(/^Loaded 30 entries/);

  // The same host page on an origin the deployment does not list (localhost is not
  // 127.0.0.1): the deployment's Content-Security-Policy (frame-ancestors, from
  // embedOrigins) has the browser refuse to show the app there at all, so the page
  // gets no message and its messages reach nothing.
  const gets = async () => (await (await request.get(`${LOGS}/__log?t=${tag}`)).json()).filter((r) => r.method === 'GET');
  const before = (await gets()).length;
  const other = await page.context().newPage();
  const refused = [];
  other.on('console', (m) => { if (/frame-ancestors/.test(m.text())) refused.push(m.text()); });
  await other.goto(host({ source }, LOGS.replace('127.0.0.1', 'localhost')));
  await expect.poll(() => refused.length).toBeGreaterThan(0);
  const g = frame(other);
  await expect(g.getByRole('heading', { level: 1 })).toHaveCount(0);
  await other.evaluate((origin) => document.getElementById('trailview').contentWindow
    .postMessage({ type: 'trailview:token', token: 'forged-token' }, origin), new URL(BUNDLE).origin);
  await other.evaluate((origin) => document.getElementById('trailview').contentWindow
    .postMessage({ type: 'trailview:state', state: 'q=forged' }, origin), new URL(BUNDLE).origin);
  await other.waitForTimeout(300);
  expect(await other.evaluate(() => window.trailviewMessages)).toEqual([]);
  expect(await other.evaluate(() => window.tokenCalls)).toBe(0);
  // The refused app never started: it asked the endpoint for nothing.
  const log = await gets();
  expect(log).toHaveLength(before);
  for (const r of log) expect(r.headers.authorization ?? '').not.toContain('forged');
});
