// The app deployed under a path prefix (/admin/audit/), as inside a portal: the
// demo log, trailview.json, routes, links, deep links and reloads all resolve
// against that base; app names from the log never change the route or escape an
// endpoint path.
import { test, expect } from '@playwright/test';
import { LOGS, status, table, column } from './helpers.mjs';
import { SUBPATH_PORT } from './playwright.config.mjs';

const BASE = `http://127.0.0.1:${SUBPATH_PORT}/admin/audit/`;
const loaded = (page) => page.getByRole('status').filter({ hasText: /^Loaded [\d,]+ entries/ });
const ODD = `${LOGS}/logs/odd-apps.json`;

test('the demo log and the deployment\'s trailview.json load from the sub-path', async ({ page }) => {
  const asked = [];
  page.on('request', (r) => asked.push(new URL(r.url()).pathname));
  await page.goto(BASE);
  await expect(loaded(page)).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Organization audit log');
  // pageSize 5 comes from /admin/audit/trailview.json.
  await expect(status(page)).toHaveText(/^Showing 1–5 of [\d,]+$/);
  for (const p of asked) expect(p.startsWith('/admin/audit/'), p).toBe(true);
  expect(asked).toContain('/admin/audit/demo-log.json');
  expect(asked).toContain('/admin/audit/trailview.json');
});

test('an app link opens its view under the base; reload and Back keep working', async ({ page }) => {
  await page.goto(`${BASE}?source=${encodeURIComponent(ODD)}`);
  await expect(loaded(page)).toHaveText(/^Loaded 10 entries/);
  await table(page).getByRole('link', { name: 'a/b' }).first().click();
  await expect(page).toHaveURL(/\/admin\/audit\/apps\/a%2Fb\?/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('App: a/b');
  await expect(loaded(page)).toBeVisible();
  await expect(status(page)).toHaveText('Showing 1–2 of 2');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('App: a/b');
  await expect(status(page)).toHaveText('Showing 1–2 of 2');
  await page.getByRole('link', { name: '← All apps' }).click();
  await expect(page).toHaveURL(/\/admin\/audit\/\?/);
  await expect(status(page)).toHaveText('Showing 1–5 of 10');
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('App: a/b');
});

test('a deep link with view state opens directly, and a search stays on the sub-path', async ({ page }) => {
  await page.goto(`${BASE}apps/Room.Booking?source=${encodeURIComponent(ODD)}&size=50`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('App: Room.Booking');
  await expect(status(page)).toHaveText('Showing 1–2 of 2');
  await page.getByRole('combobox', { name: 'Search' }).fill('ada');
  await expect(page).toHaveURL(/\/admin\/audit\/apps\/Room\.Booking\?.*q=ada/);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('App: Room.Booking');
  await expect(status(page)).toHaveText('Showing 1–2 of 2');
});

test('app names with reserved characters keep one route each; ".." gets no link', async ({ page }) => {
  await page.goto(`${BASE}?source=${encodeURIComponent(ODD)}&size=50`);
  await expect(loaded(page)).toHaveText(/^Loaded 10 entries/);
  const hrefs = await table(page).locator('a.tv-applink').evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute('href')))].sort());
  expect(hrefs).toEqual([
    '/admin/audit/apps/Caf%C3%A9%20%E2%98%95', '/admin/audit/apps/Room.Booking',
    '/admin/audit/apps/a%2Fb', '/admin/audit/apps/x%3Fy%23z',
  ]);
  // ".." is shown as text: no address can hold it (URL parsers drop it, encoded or not).
  expect((await column(page, 'appName')).filter((t) => t === '..')).toHaveLength(2);
  await expect(table(page).getByRole('link', { name: '..', exact: true })).toHaveCount(0);
  await table(page).getByRole('link', { name: 'x?y#z' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('App: x?y#z');
  await expect(status(page)).toHaveText('Showing 1–2 of 2');
});

test('a per-app endpoint gets the app as one encoded path segment', async ({ page }) => {
  const tag = `sub${Date.now()}`;
  const source = `${LOGS}/apps/{app}/logs.json?t=${tag}`;
  await page.goto(`${BASE}apps/a%2Fb?source=${encodeURIComponent(source)}`);
  await expect(loaded(page)).toHaveText(/^Loaded 2 entries/);
  const log = await (await page.request.get(`${LOGS}/__log?t=${tag}`)).json();
  expect(log.map((r) => r.url)).toEqual([`/apps/a%2Fb/logs.json?t=${tag}`]);
});
