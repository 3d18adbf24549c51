// The walking skeleton: rows match the endpoint, app scope, errors, routes.
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import { open, column, LOGS, table } from './helpers.mjs';

const fixture = JSON.parse(fs.readFileSync(new URL('../fixtures/e2e-log.json', import.meta.url)));

test('the demo log loads with no source given', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByText('Loaded 2,000 entries')).toBeVisible();
  // 50 rows and the two header rows, as a screen reader counts them.
  await expect(table(page)).toHaveAttribute('aria-rowcount', '52');
  await expect(table(page).locator('tbody tr.tv-row').first()).toHaveAttribute('aria-rowindex', '3');
});

test('rows shown are the endpoint\'s entries, newest first', async ({ page }) => {
  await open(page, { entries: 20 });
  const newest = [...fixture].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  await expect.poll(() => column(page, 'type')).toEqual(newest.map((e) => e.type));
  await expect.poll(() => column(page, 'userEmail')).toEqual(newest.map((e) => e.userEmail));
  const times = await column(page, 'createdAt');
  expect(times[0]).toBe(newest[0].createdAt.slice(0, 19).replace('T', ' '));
});

test('/apps/:app shows only that app and names it', async ({ page }) => {
  await open(page, { path: '/apps/Room%20Booking' });
  await expect(page.getByRole('heading', { level: 1 })).toContainText('App: Room Booking');
  const expected = fixture.filter((e) => e.appName === 'Room Booking').length;
  await expect(table(page).locator('tbody tr.tv-row')).toHaveCount(expected);
  await expect(page.getByRole('columnheader', { name: /appName/ })).toHaveCount(0);
  await expect(page.getByLabel('Filter appName')).toHaveCount(0);
});

test('an app the log does not have says so', async ({ page }) => {
  await open(page, { path: '/apps/Nope' });
  await expect(page.getByText('No entries of the app “Nope” in this log')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Clear filters' })).toHaveCount(0);
});

test('an app can be chosen by its id too', async ({ page }) => {
  await open(page, { path: '/apps/102' });
  const expected = fixture.filter((e) => e.appId === 102).map((e) => e.userEmail);
  expect((await column(page, 'userEmail')).sort()).toEqual(expected.sort());
});

test('a 500 from the endpoint is a readable error naming the URL', async ({ page }) => {
  await page.goto(`/?source=${encodeURIComponent(`${LOGS}/status/500`)}`);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(`${LOGS}/status/500 answered HTTP 500`);
  await expect(alert.getByRole('button', { name: 'Retry' })).toBeVisible();
});

test('an HTML answer is called out as not JSON', async ({ page }) => {
  await page.goto(`/?source=${encodeURIComponent(`${LOGS}/html`)}`);
  await expect(page.getByRole('alert')).toContainText(`${LOGS}/html did not give a usable log: the response is not JSON: it looks like an HTML page`);
});

test('invalid JSON says where', async ({ page }) => {
  await page.goto(`/?source=${encodeURIComponent(`${LOGS}/logs/invalid.json`)}`);
  await expect(page.getByRole('alert')).toContainText('invalid JSON at line 3, column 12');
});

test('an unreachable endpoint gets a network hint', async ({ page }) => {
  await page.goto(`/?source=${encodeURIComponent('http://127.0.0.1:9/nothing.json')}`);
  await expect(page.getByRole('alert')).toContainText('Could not reach http://127.0.0.1:9/nothing.json');
  await expect(page.getByRole('alert')).toContainText('CORS');
});

test('an unknown path is a not-found page with a way home', async ({ page }) => {
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to the organization view' }).click();
  await expect(page.getByText('Loaded 2,000 entries')).toBeVisible();
});

test('a missing asset is a 404, a deep link is the app', async ({ request }) => {
  expect((await request.get('/missing.js')).status()).toBe(404);
  const deep = await request.get('/apps/Room%20Booking');
  expect(deep.status()).toBe(200);
  expect(await deep.text()).toContain('<div id="app" data-trailview>');
});
