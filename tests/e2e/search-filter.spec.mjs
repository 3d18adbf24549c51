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

test('a column filter is a clause of the query: box, search, chip and URL agree both ways', async ({ page }) => {
  await open(page);
  const type = page.getByLabel('Filter type', { exact: true });
  const search = page.getByRole('combobox', { name: 'Search' });
  const chips = page.getByRole('list', { name: 'Query clauses' }).getByRole('listitem');
  await search.fill('acme');
  await typeInto(type, 'email');
  await expect(search).toHaveValue('acme type:*email*');
  await expect(chips).toHaveText(['acme✕', 'type:*email*✕']);
  await expect(page).toHaveURL(/[?&]q=acme(%20|\+)type(:|%3A)\*email\*(&|$)/);
  await expect(page).not.toHaveURL(/[?&]f\./);
  const both = FIXTURE.filter((e) => e.type.includes('email') && JSON.stringify(e).toLowerCase().includes('acme'));
  await expect(rows(page)).toHaveCount(both.length);
  // Typing on edits the same clause; the box keeps what was typed.
  await type.press('End');
  await type.pressSequentially('.sent');
  await expect(search).toHaveValue('acme type:*email.sent*');
  await expect(type).toHaveValue('email.sent');
  // The search box's clause on the column shows in its box, in the box's syntax.
  await search.fill('acme NOT type:user.login');
  await expect(type).toHaveValue('!=user.login');
  await search.fill('type:user.login*');
  await expect(type).toHaveValue('user.login*');
  // Removing the chip empties the box, and a facet click fills it.
  await page.getByRole('button', { name: 'Remove clause type:user.login*' }).click();
  await expect(type).toHaveValue('');
  await expect(search).toHaveValue('');
  await page.getByRole('group', { name: 'Action (type)' }).getByRole('button', { name: /^email\.bounced/ }).click();
  await expect(search).toHaveValue('type:email.bounced');
  await expect(type).toHaveValue('=email.bounced');
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
