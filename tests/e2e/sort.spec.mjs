// Sorting on a time, a number and a text column: ascending, descending, off.
import { test, expect } from '@playwright/test';
import { open, column, table, FIXTURE, FIXTURE_IDS, newestFirst, shown } from './helpers.mjs';

const header = (page, name) => table(page).getByRole('columnheader', { name: new RegExp(`^${name}`) });
const sortButton = (page, name) => header(page, name).getByRole('button');

test('time sorts chronologically: newest first by default, then off, ascending, descending', async ({ page }) => {
  await open(page);
  await expect(header(page, 'createdAt')).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(() => column(page, 'createdAt')).toEqual(newestFirst().map((e) => shown(e.createdAt)));
  await sortButton(page, 'createdAt').click();
  await expect(header(page, 'createdAt')).toHaveAttribute('aria-sort', 'none');
  await expect.poll(() => column(page, 'id')).toEqual(FIXTURE_IDS); // load order
  await sortButton(page, 'createdAt').click();
  await expect(header(page, 'createdAt')).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(() => column(page, 'createdAt')).toEqual(newestFirst().reverse().map((e) => shown(e.createdAt)));
});

test('numbers sort numerically, not as text', async ({ page }) => {
  await open(page);
  await sortButton(page, 'durationMs').click();
  await expect(header(page, 'durationMs')).toHaveAttribute('aria-sort', 'ascending');
  const asc = [...FIXTURE].map((e) => e.durationMs).sort((a, b) => a - b).map(String);
  await expect.poll(() => column(page, 'durationMs')).toEqual(asc);
  await sortButton(page, 'durationMs').click();
  await expect(header(page, 'durationMs')).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(() => column(page, 'durationMs')).toEqual([...asc].reverse());
});

test('text sorts ignoring case, ties in load order, and the sort is in the URL', async ({ page }) => {
  await open(page);
  await sortButton(page, 'userName').click();
  const names = await column(page, 'userName');
  const expected = [...FIXTURE].map((e) => e.userName).sort((a, b) => a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0);
  expect(names).toEqual(expected);
  await expect(page).toHaveURL(/sort=userName/);
  await sortButton(page, 'userName').click();
  await expect(page).toHaveURL(/sort=-userName/);
  await sortButton(page, 'userName').click();
  await expect(page).toHaveURL(/sort=none/);
});
