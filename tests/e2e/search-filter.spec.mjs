// Global search (nested data too, `/` to focus) and every column-filter form.
import { test, expect } from '@playwright/test';
import { open, column, table, FIXTURE, newestFirst, typeInto, status } from './helpers.mjs';

const rows = (page) => table(page).locator('tbody tr.tv-row');

test('search finds entries by any value, nested data included', async ({ page }) => {
  await open(page);
  await typeInto(page.getByRole('combobox', { name: 'Search' }), '0badc0de');
  await expect(rows(page)).toHaveCount(1);
  await expect.poll(() => column(page, 'type')).toEqual(['email.bounced']);
  await typeInto(page.getByRole('combobox', { name: 'Search' }), 'LOVELACE');
  const lovelace = FIXTURE.filter((e) => JSON.stringify(e).toLowerCase().includes('lovelace')).length;
  await expect(rows(page)).toHaveCount(lovelace);
  await expect(status(page)).toHaveText(`Showing 1–${lovelace} of ${lovelace} (filtered from 20)`);
});

test('the / key focuses the search box', async ({ page }) => {
  await open(page);
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('/');
  await expect(page.getByRole('combobox', { name: 'Search' })).toBeFocused();
});

test('column filters: contains, =exact, prefix*, !exclude, combined with AND', async ({ page }) => {
  await open(page);
  const type = page.getByLabel('Filter type', { exact: true });
  await typeInto(type, 'email');
  expect((await column(page, 'type')).every((t) => t.includes('email'))).toBe(true);
  await expect(rows(page)).toHaveCount(FIXTURE.filter((e) => e.type.includes('email')).length);

  await typeInto(type, '=user.login');
  await expect(rows(page)).toHaveCount(FIXTURE.filter((e) => e.type === 'user.login').length);
  expect(new Set(await column(page, 'type'))).toEqual(new Set(['user.login']));

  await typeInto(type, 'user.login*');
  const prefixed = FIXTURE.filter((e) => e.type.startsWith('user.login')).length;
  await expect(rows(page)).toHaveCount(prefixed);
  expect(new Set(await column(page, 'type'))).toEqual(new Set(['user.login', 'user.login.failed']));

  await typeInto(type, '!user');
  await expect(rows(page)).toHaveCount(FIXTURE.filter((e) => !e.type.includes('user')).length);

  await typeInto(page.getByLabel('Filter userEmail', { exact: true }), 'acme');
  const both = FIXTURE.filter((e) => !e.type.includes('user') && e.userEmail.includes('acme'));
  await expect(rows(page)).toHaveCount(both.length);
  await expect.poll(() => column(page, 'userEmail')).toEqual(newestFirst().filter((e) => both.includes(e)).map((e) => e.userEmail));
});

test('a filter with no matches offers to clear the filters', async ({ page }) => {
  await open(page);
  await typeInto(page.getByLabel('Filter type', { exact: true }), 'no-such-type');
  await expect(page.getByText('No entries match these filters.')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(rows(page)).toHaveCount(20);
  await expect(page.getByLabel('Filter type', { exact: true })).toHaveValue('');
});

test('an empty log says so', async ({ page }) => {
  await page.goto(`/?source=${encodeURIComponent('http://127.0.0.1:4174/logs/empty.json')}`);
  await expect(page.getByText('Loaded 0 entries')).toBeVisible();
  await expect(page.getByText('This log has no entries.')).toBeVisible();
});
