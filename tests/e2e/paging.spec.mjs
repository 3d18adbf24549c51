// Pagination: rows per page, first/previous/next/last, page number, status line.
import { test, expect } from '@playwright/test';
import { column, open, status, table, typeInto, LOGS } from './helpers.mjs';

test('pages move and the status line tells the truth', async ({ page }) => {
  await open(page, { source: `${LOGS}/logs/sample.json`, entries: 300 });
  await expect(status(page)).toHaveText('Showing 1–50 of 300');
  await page.getByLabel('Rows per page').selectOption('25');
  await expect(status(page)).toHaveText('Showing 1–25 of 300');
  await expect(table(page)).toHaveAttribute('aria-rowcount', '27');
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(status(page)).toHaveText('Showing 26–50 of 300');
  await page.getByRole('button', { name: 'Previous page' }).click();
  await expect(status(page)).toHaveText('Showing 1–25 of 300');
  await page.getByRole('button', { name: 'Last page' }).click();
  await expect(status(page)).toHaveText('Showing 276–300 of 300');
  await expect(page.getByRole('button', { name: 'Next page' })).toBeDisabled();
  await page.getByLabel('Page number').fill('5');
  await page.getByLabel('Page number').press('Enter');
  await expect(status(page)).toHaveText('Showing 101–125 of 300');
  await expect(page).toHaveURL(/page=5&size=25/);
  await page.getByRole('button', { name: 'First page' }).click();
  await expect(status(page)).toHaveText('Showing 1–25 of 300');
});

test('filtering returns to page one and counts against the whole log', async ({ page }) => {
  await open(page, { source: `${LOGS}/logs/sample.json`, entries: 300, params: 'page=3' });
  await expect(status(page)).toHaveText('Showing 101–150 of 300');
  await typeInto(page.getByLabel('Filter category', { exact: true }), '=studio');
  await expect(status(page)).toHaveText(/^Showing 1–50 of \d+ \(filtered from 300\)$/);
});

test('a large page size shows all rows', async ({ page }) => {
  await open(page, { source: `${LOGS}/logs/sample.json`, entries: 300 });
  await page.getByLabel('Rows per page').selectOption('1000');
  await expect(status(page)).toHaveText('Showing 1–300 of 300');
  // All 300 are rows of the table to a screen reader; the last is there once scrolled to.
  await expect(table(page)).toHaveAttribute('aria-rowcount', '302');
  expect(await column(page, 'id')).toHaveLength(300);
  await table(page).locator('tbody tr.tv-row').first().hover();
  await page.mouse.wheel(0, 300 * 40);
  await expect(table(page).locator('tbody tr[aria-rowindex="302"]')).toHaveAccessibleName(/^Entry /);
  // Scrolled to its end, the table shows its last row at its bottom.
  await expect.poll(() => table(page).evaluate((t) => {
    const box = t.parentElement.getBoundingClientRect();
    const last = t.querySelector('tbody tr[aria-rowindex="302"]')?.getBoundingClientRect();
    return !!last && Math.abs(last.bottom - box.bottom) < 20;
  })).toBe(true);
});
