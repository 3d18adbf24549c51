// <trail-view> on a host page of another origin (the log server's), loading
// widget.js from the app's origin: two independent widgets behind the host's
// hostile CSS, an app-locked one, attributes that take effect later, keys that stay
// inside the focused widget, and removal that stops the widget's requests.
import { test, expect } from '@playwright/test';
import { LOGS, FIXTURE } from './helpers.mjs';
import { APP_PORT } from './playwright.config.mjs';

const BUNDLE = `http://127.0.0.1:${APP_PORT}/`;
const portal = (source = `${LOGS}/logs/e2e.json`) =>
  `${LOGS}/host/portal.html?${new URLSearchParams({ bundle: BUNDLE, source })}`;
const widget = (page, id) => page.locator(`trail-view#${id}`);
const rows = (w) => w.getByRole('table', { name: 'Audit log entries' }).locator('tbody tr.tv-row');
const loaded = (w) => w.getByRole('status').filter({ hasText: /^Loaded [\d,]+ entries/ });

async function openPortal(page, source) {
  await page.goto(portal(source));
  await expect(loaded(widget(page, 'org'))).toHaveText(/^Loaded 20 entries/);
  await expect(loaded(widget(page, 'booking'))).toHaveText(/^Loaded 20 entries/);
}

test('two widgets render in shadow roots and are independent of each other and of the host URL', async ({ page }) => {
  await openPortal(page);
  const org = widget(page, 'org');
  const booking = widget(page, 'booking');
  expect(await org.evaluate((el) => el.shadowRoot?.mode)).toBe('open');
  await expect(rows(org)).toHaveCount(10);
  await expect(rows(booking)).toHaveCount(4);
  const hostUrl = page.url();
  await org.getByRole('combobox', { name: 'Search' }).fill('grace');
  await expect(rows(org)).toHaveCount(FIXTURE.filter((e) => JSON.stringify(e).toLowerCase().includes('grace')).length);
  await expect(rows(booking)).toHaveCount(4);
  await org.getByRole('button', { name: 'Dark mode' }).click();
  await expect(org.locator('.tv-root')).toHaveAttribute('data-theme', 'dark');
  await expect(booking.locator('.tv-root')).toHaveAttribute('data-theme', 'dark');
  await booking.getByRole('button', { name: 'Dark mode' }).click();
  await expect(booking.locator('.tv-root')).toHaveAttribute('data-theme', 'light');
  await expect(org.locator('.tv-root')).toHaveAttribute('data-theme', 'dark');
  // Nothing went into the host's address or storage.
  expect(page.url()).toBe(hostUrl);
  expect(await page.evaluate(() => [localStorage.length, sessionStorage.length])).toEqual([0, 0]);
});

test("the host's CSS leaves the widget's fonts, colours and table layout intact", async ({ page, browser }) => {
  // What the same elements look like in the app on its own page, then in the widget
  // behind the host's `* { font: 20px serif !important; color: #f0f !important }`,
  // `table { display: block }` and `button { all: unset }`.
  const looks = (root) => root.evaluate((el) => {
    const doc = el.shadowRoot ?? el.ownerDocument;
    const pick = (sel, ...props) => { const s = getComputedStyle(doc.querySelector(sel)); return props.map((p) => s[p]); };
    return {
      title: pick('.tv-title', 'fontFamily', 'fontSize', 'color'),
      cell: pick('tbody tr.tv-row td', 'fontFamily', 'fontSize', 'color', 'display'),
      table: pick('table', 'display'),
      button: pick('button.tv-btn', 'borderStyle', 'paddingLeft', 'cursor'),
    };
  });
  const alone = await browser.newPage();
  await alone.goto(`${BUNDLE}?${new URLSearchParams({ source: `${LOGS}/logs/e2e.json`, size: '10' })}`);
  await expect(alone.getByText(/Loaded 20 entries/)).toBeVisible();
  const expected = await looks(alone.locator('html'));
  await alone.close();
  await openPortal(page);
  const got = await looks(widget(page, 'org'));
  expect(got).toEqual(expected);
  expect(got.table).toEqual(['table']);
  expect(got.cell[2]).not.toBe('rgb(255, 0, 255)');
  // The host themes a widget through its --tv-* properties, and only that widget.
  const token = (id) => widget(page, id).evaluate((el) => {
    const s = getComputedStyle(el.shadowRoot.querySelector('.tv-root'));
    return [s.getPropertyValue('--tv-accent').trim(), getComputedStyle(el.shadowRoot.querySelector('button.tv-btn')).borderTopLeftRadius];
  });
  expect(await token('org')).toEqual(['rgb(200, 0, 0)', '0px']);
  expect((await token('booking'))[0]).not.toBe('rgb(200, 0, 0)');
  // Nothing leaked out either: the host's heading keeps the host's style.
  expect(await page.getByRole('heading', { name: 'Acme admin portal' }).evaluate((h) => getComputedStyle(h).color))
    .toBe('rgb(255, 0, 255)');
});

test('an app-locked widget never shows another app, whatever is typed, and cannot widen its scope', async ({ page }) => {
  await openPortal(page);
  const booking = widget(page, 'booking');
  await expect(booking.getByRole('heading', { level: 1 })).toContainText('App: Room Booking');
  await expect(booking.getByRole('link', { name: '← All apps' })).toHaveCount(0);
  // The host gave the source: no Log source field to change it.
  await expect(booking.getByRole('textbox', { name: 'Log source' })).toHaveCount(0);
  await booking.getByRole('combobox', { name: 'Search' }).fill('Sales Portal');
  await expect(booking.getByText('No entries match')).toBeVisible();
  await expect(rows(booking)).toHaveCount(0);
});

test('filters pinned by the host always apply, are shown, and cannot be removed inside', async ({ page }) => {
  await openPortal(page);
  await page.evaluate((src) => {
    const el = document.createElement('trail-view');
    el.id = 'pinned';
    el.setAttribute('source', src);
    el.setAttribute('filters', 'f.appName==Sales Portal');
    el.setAttribute('page-size', '25');
    document.body.append(el);
  }, `${LOGS}/logs/e2e.json`);
  const w = widget(page, 'pinned');
  await expect(loaded(w)).toHaveText(/^Loaded 20 entries/);
  const pinned = w.getByRole('group', { name: 'Filters set by this page' });
  await expect(pinned).toContainText('appName = Sales Portal');
  await expect(pinned.getByRole('button')).toHaveCount(0);
  const apps = () => rows(w).evaluateAll((trs) => trs.map((tr) => tr.textContent));
  await expect(rows(w)).toHaveCount(FIXTURE.filter((e) => e.appName === 'Sales Portal').length);
  for (const text of await apps()) expect(text).toContain('Sales Portal');
  // The admin's own filters narrow further; clearing them leaves the pinned ones.
  await w.getByRole('combobox', { name: 'Search' }).fill('Room Booking');
  await expect(w.getByText('No entries match')).toBeVisible();
  await w.getByRole('button', { name: 'Clear filters' }).click();
  await expect(rows(w)).toHaveCount(FIXTURE.filter((e) => e.appName === 'Sales Portal').length);
  // The host can change them.
  await w.evaluate((el) => el.setAttribute('filters', 'f.appName==Field Reports'));
  await expect(rows(w)).toHaveCount(FIXTURE.filter((e) => e.appName === 'Field Reports').length);
});

test('url-state="hash" keeps a widget\'s view in the host\'s address, and only that widget\'s', async ({ page }) => {
  // The address already holds a state for the widget about to be added.
  await page.goto(`${portal()}#kept=${encodeURIComponent('q=grace')}`);
  await expect(loaded(widget(page, 'org'))).toBeVisible();
  await page.evaluate((src) => {
    const el = document.createElement('trail-view');
    el.id = 'kept';
    el.setAttribute('url-state', 'hash');
    el.setAttribute('source', src);
    document.body.append(el);
  }, `${LOGS}/logs/e2e.json`);
  const kept = widget(page, 'kept');
  const search = kept.getByRole('combobox', { name: 'Search' });
  await expect(search).toHaveValue('grace');
  await search.fill('ada');
  await expect.poll(() => new URL(page.url()).hash).toBe(`#kept=${encodeURIComponent('q=ada')}`);
  // A widget without the opt-in leaves the address alone.
  await widget(page, 'org').getByRole('combobox', { name: 'Search' }).fill('login');
  await page.waitForTimeout(300);
  expect(new URL(page.url()).hash).toBe(`#kept=${encodeURIComponent('q=ada')}`);
  // A new fragment (a link, Back) restores the view.
  await page.evaluate(() => { location.hash = `kept=${encodeURIComponent('q=lovelace')}`; });
  await expect(search).toHaveValue('lovelace');
});

test('attributes changed later take effect', async ({ page }) => {
  await openPortal(page);
  const org = widget(page, 'org');
  await org.evaluate((el) => el.setAttribute('page-size', '25'));
  await expect(rows(org)).toHaveCount(20);
  await org.evaluate((el) => el.setAttribute('app', 'Field Reports'));
  await expect(org.getByRole('heading', { level: 1 })).toContainText('App: Field Reports');
  await expect(rows(org)).toHaveCount(4);
  await org.evaluate((el) => el.setAttribute('state', 'q=ada'));
  await expect(org.getByRole('combobox', { name: 'Search' })).toHaveValue('ada');
  await org.evaluate((el) => el.setAttribute('theme', 'dark'));
  await expect(org.locator('.tv-root')).toHaveAttribute('data-theme', 'dark');
  await org.evaluate((el) => el.setAttribute('height', '300px'));
  expect(await org.evaluate((el) => el.shadowRoot.querySelector('.tv-widget').getBoundingClientRect().height)).toBe(300);
});

test('events tell the host what happened; setting state restores a view', async ({ page }) => {
  await openPortal(page);
  const events = (type, from) => page.evaluate(([t, f]) => window.trailviewEvents
    .filter((e) => e.type === t && e.from === f).map((e) => e.detail), [type, from]);
  await expect.poll(() => events('trailview:load', 'org')).toEqual([{ entries: 20, pages: 1, total: null, partial: false }]);
  const org = widget(page, 'org');
  // Opening an entry: its original JSON, exactly as logged.
  await rows(org).first().click();
  const [selected] = await events('trailview:select', 'org');
  const newest = [...FIXTURE].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  expect(selected.entry).toEqual(newest);
  expect(JSON.parse(selected.json)).toEqual(newest);
  // A change of view: the same query string the app keeps in its URL.
  await org.getByRole('combobox', { name: 'Search' }).fill('grace');
  await expect.poll(async () => (await events('trailview:state', 'org')).at(-1)?.state).toMatch(/(^|&)q=grace(&|$)/);
  expect(await events('trailview:state', 'booking')).toEqual([]);
  // The host restores a view.
  await org.evaluate((el) => { el.state = 'q=ada&size=5'; });
  await expect(org.getByRole('combobox', { name: 'Search' })).toHaveValue('ada');
  expect(await org.evaluate((el) => el.state)).toBe('q=ada&size=5');
  // A failing source: message and status.
  await page.evaluate((src) => {
    const el = document.createElement('trail-view');
    el.id = 'broken';
    el.setAttribute('source', src);
    document.body.append(el);
  }, `${LOGS}/status/404`);
  await expect.poll(async () => (await events('trailview:error', 'broken'))[0]?.status).toBe(404);
  expect((await events('trailview:error', 'broken'))[0].message).toContain('404');
});

test("the host's token goes in the header and nowhere else; a refusal asks for a new one once", async ({ page, request }) => {
  await openPortal(page);
  // The portal's org widget asked its provider once, before its first request.
  expect(await page.evaluate(() => window.tokenCalls)).toBe(1);
  const tag = `tok${Date.now()}`;
  const source = `${LOGS}/gen/array.json?${new URLSearchParams({ n: '30', require: 'bearer', t: tag })}`;
  await page.evaluate((src) => {
    window.given = [];
    const el = document.createElement('trail-view');
    el.id = 'guarded';
    // A stale token first, the right one when asked again.
    el.tokenProvider = async () => { window.given.push(1); return window.given.length === 1 ? 'stale-token' : 's3cret-token'; };
    el.setAttribute('source', src);
    document.body.append(el);
  }, source);
  const guarded = widget(page, 'guarded');
  await expect(loaded(guarded)).toHaveText(/^Loaded 30 entries/);
  expect(await page.evaluate(() => window.given.length)).toBe(2);
  const log = await (await request.get(`${LOGS}/__log?t=${tag}`)).json();
  expect(log.map((r) => r.headers.authorization)).toEqual(['Bearer stale-token', 'Bearer s3cret-token']);
  for (const r of log) expect(r.url).not.toContain('s3cret');
  // Nowhere else: attributes, the shadow root's markup, the host URL, storage, events.
  const everywhere = await page.evaluate(() => JSON.stringify({
    attrs: [...document.querySelectorAll('trail-view')].flatMap((el) => [...el.attributes].map((a) => a.value)),
    markup: [...document.querySelectorAll('trail-view')].map((el) => el.shadowRoot.innerHTML),
    url: location.href, local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie,
    events: window.trailviewEvents,
  }));
  expect(everywhere).not.toContain('s3cret-token');
  expect(everywhere).not.toContain('stale-token');
});

test('shortcut keys act only in the widget that has focus', async ({ page }) => {
  await openPortal(page);
  const org = widget(page, 'org');
  const booking = widget(page, 'booking');
  const searchFocused = (w) => w.evaluate((el) => el.shadowRoot.activeElement?.getAttribute('aria-label') === 'Search');
  // Focus on the host page: "/" belongs to the host.
  await page.getByRole('heading', { name: 'Acme admin portal' }).click();
  await page.keyboard.press('/');
  expect([await searchFocused(org), await searchFocused(booking)]).toEqual([false, false]);
  await rows(booking).first().focus();
  await page.keyboard.press('/');
  expect([await searchFocused(org), await searchFocused(booking)]).toEqual([false, true]);
});

test('removing a widget aborts its request in flight and makes no more', async ({ page, request }) => {
  const tag = `widget${Date.now()}`;
  // Ten pages, each answered after 3 s.
  const first = `${LOGS}/paged/page?${new URLSearchParams({ page: '1', per_page: '50', n: '500', delay: '3000', t: tag })}`;
  await page.goto(portal(first));
  await expect(widget(page, 'org').getByText(/Loading page 2/)).toBeVisible({ timeout: 10_000 });
  const log = async () => (await (await request.get(`${LOGS}/__log?t=${tag}`)).json());
  await page.evaluate(() => document.querySelectorAll('trail-view').forEach((el) => el.remove()));
  const atRemoval = (await log()).length;
  // The page the org widget was waiting for was abandoned, not left to finish.
  await expect.poll(async () => (await log()).filter((r) => r.aborted && r.url.includes('page=2')).length).toBeGreaterThan(0);
  await page.waitForTimeout(1500);
  expect((await log()).length).toBe(atRemoval);
});
