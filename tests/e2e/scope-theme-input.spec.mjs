// App scope and links, per-app endpoints, dark mode, bad input shown and not executed.
import { test, expect } from '@playwright/test';
import { open, column, table, FIXTURE, LOGS, NOW } from './helpers.mjs';

test('an app name in the organization view opens that app, and back again', async ({ page }) => {
  await open(page, { params: 'range=90d' });
  await table(page).getByRole('link', { name: 'Field Reports' }).first().click();
  await expect(page).toHaveURL(/\/apps\/Field%20Reports\?/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('App: Field Reports');
  await expect(page.getByRole('button', { name: 'Last 90 days' })).toHaveAttribute('aria-pressed', 'true');
  await expect(table(page).getByRole('columnheader', { name: /^app(Id|Name)/ })).toHaveCount(0);
  await expect(table(page).locator('tbody tr.tv-row')).toHaveCount(FIXTURE.filter((e) => e.appName === 'Field Reports').length);
  await page.getByRole('link', { name: '← All apps' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Organization audit log');
  // Still the last 90 days: the range travels with the links.
  const within = FIXTURE.filter((e) => Date.parse(e.createdAt) >= NOW - 90 * 86_400_000).length;
  expect(within).toBeLessThan(FIXTURE.length);
  await expect(table(page).locator('tbody tr.tv-row')).toHaveCount(within);
});

test('a link into an app view cannot open an entry of another app', async ({ page }) => {
  const other = FIXTURE.find((e) => e.appName && e.appName !== 'Field Reports');
  const mine = FIXTURE.find((e) => e.appName === 'Field Reports');
  await open(page, { path: '/apps/Field%20Reports', params: `entry=${other.id}` });
  const panel = page.getByRole('complementary', { name: 'Entry details' });
  await expect(panel).toContainText('Entry not found');
  await expect(panel).not.toContainText(other.userEmail);
  // An entry of the app itself opens.
  await open(page, { path: '/apps/Field%20Reports', params: `entry=${mine.id}` });
  await expect(panel.getByRole('heading', { level: 2 })).not.toContainText('not found');
  await expect(panel).toContainText(mine.userEmail);
});

test('a source with {app} fetches each app from its own URL', async ({ page }) => {
  const source = `${LOGS}/apps/{app}/logs.json`;
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await open(page, { path: '/apps/Sales%20Portal', source });
  expect(requests).toContain(`${LOGS}/apps/Sales%20Portal/logs.json`);
  await expect(table(page).locator('tbody tr.tv-row')).toHaveCount(FIXTURE.filter((e) => e.appName === 'Sales Portal').length);
  await page.goto(`/?source=${encodeURIComponent(source)}`);
  await expect(page.getByRole('alert')).toContainText('serves one app at a time');
});

test('dark mode follows the system, toggles, and is remembered', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'dark' });
  const page = await context.newPage();
  await open(page);
  const root = page.locator('.tv-root');
  await expect(root).toHaveAttribute('data-theme', 'dark');
  const bg = () => root.evaluate((el) => getComputedStyle(el).backgroundColor);
  const dark = await bg();
  await page.getByRole('button', { name: 'Dark mode' }).click();
  await expect(root).toHaveAttribute('data-theme', 'light');
  await expect(page.getByRole('button', { name: 'Dark mode' })).toHaveAttribute('aria-pressed', 'false');
  expect(await bg()).not.toBe(dark);
  await page.reload();
  await expect(root).toHaveAttribute('data-theme', 'light');
  await context.close();
});

test('skipped NDJSON lines are counted and explained', async ({ page }) => {
  await page.goto(`/?source=${encodeURIComponent(`${LOGS}/logs/bad.ndjson`)}`);
  await expect(page.getByText('Loaded 20 entries')).toBeVisible();
  await page.getByRole('button', { name: '2 skipped lines' }).click();
  const list = page.getByRole('region', { name: 'Skipped lines' });
  await expect(list).toContainText("Line 4: invalid JSON at column 19: expected a value, found 'b'");
  await expect(list).toContainText("Line 9: invalid JSON at column 1: expected a value, found '<'");
});

test('one skipped line is one, not ones', async ({ page }) => {
  await page.goto(`/?source=${encodeURIComponent(`${LOGS}/logs/one-bad.ndjson`)}`);
  await expect(page.getByText('Loaded 1 entry', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: '1 skipped line', exact: true })).toBeVisible();
});

test('log text is shown as text and never runs', async ({ page }) => {
  await open(page);
  await expect(table(page).getByText('<img src=x onerror="window.__xss=1"> Mallory')).toBeVisible();
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
  expect(await table(page).locator('img').count()).toBe(0);
});

test('a wrapped array is found', async ({ page }) => {
  await page.goto(`/?source=${encodeURIComponent(`${LOGS}/logs/wrapped.json`)}`);
  await expect(page.getByText('Loaded 20 entries')).toBeVisible();
  await expect(page.getByText('an object with the entries under "data.items"')).toBeVisible();
});

test('a paged endpoint\'s own total is shown next to what was loaded', async ({ page }) => {
  await page.goto(`/?source=${encodeURIComponent(`${LOGS}/logs/page1.json`)}`);
  await expect(page.getByText('Loaded 10 of 1,234 entries')).toBeVisible();
});

test('a slow endpoint shows progress in bytes', async ({ page }) => {
  await page.goto(`/?source=${encodeURIComponent(`${LOGS}/slow.json?ms=2500`)}`);
  const progress = page.getByRole('progressbar', { name: 'Loading log' });
  await expect(progress).toBeVisible();
  await expect(page.getByText(/Loading .* of 123\.4 KB/)).toBeVisible();
  await expect(page.getByText('Loaded 300 entries')).toBeVisible({ timeout: 15_000 });
});

test('another log source can be entered, and the current one reloaded', async ({ page }) => {
  await open(page, { params: 'q=grace' });
  await expect(page.getByLabel('Log source')).toHaveValue(`${LOGS}/logs/e2e.json`);
  await page.getByLabel('Log source').fill(`${LOGS}/logs/sample.json`);
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByText('Loaded 300 entries')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`source=${LOGS.replace(/[/.:]/g, '.')}/logs/sample\\.json$`));
  await expect(page.getByRole('combobox', { name: 'Search' })).toHaveValue('');
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.getByRole('button', { name: 'Reload' }).click();
  await expect(page.getByText('Loaded 300 entries')).toBeVisible();
  expect(requests).toContain(`${LOGS}/logs/sample.json`);
});
