// Show in context: from an entry, "Show surrounding entries" lifts the filters, keeps
// the entry in the table and marked, shows the entries just before and after it in
// time (25 each side, more on request), lives in the URL (context=, before=), survives
// a reload, and Back (or the banner's button) returns to the filtered view exactly.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { open, column, table, LOGS } from './helpers.mjs';

const panel = (page) => page.getByRole('complementary', { name: 'Entry details' });
const banner = (page) => page.getByRole('group', { name: 'Surrounding entries' });
const pager = (page) => page.getByRole('navigation', { name: 'Pagination' });
// sample.json: 300 entries, ids 10000001..10000300 in time order, all times distinct.
const FILTERED = 'f.type=user.login.failed&cols=id,createdAt,type';
// The ids from `from` down to `to`, newest first (the table's default order).
const down = (from, to) => Array.from({ length: from - to + 1 }, (_, i) => String(from - i));

test('surrounding entries: marked, in time order, widened, kept on reload, and Back returns to the filtered view', async ({ page }) => {
  test.setTimeout(90_000);
  await open(page, { source: `${LOGS}/logs/sample.json`, entries: 300, params: FILTERED });
  await expect(pager(page).getByText('Showing 1–30 of 30 (filtered from 300)')).toBeVisible();
  const failed = await column(page, 'id');
  const chosen = failed[10];
  const id = Number(chosen);
  await table(page).locator(`tbody tr[data-entry="${chosen}"] td`).first().click();
  await expect(panel(page)).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`entry=${chosen}`));
  const filteredUrl = page.url();

  await panel(page).getByRole('button', { name: 'Show surrounding entries' }).click();
  await expect(page).toHaveURL(new RegExp(`context=${chosen}`));
  // The entry is in the table and marked, by class and by name.
  const marked = table(page).getByRole('row', { name: `Entry in context ${chosen}` });
  await expect(marked).toBeVisible();
  await expect(marked).toHaveClass(/tv-row--context/);
  await expect(table(page).locator('tr.tv-row--context')).toHaveCount(1);
  // 25 before and 25 after it in time, whatever their type, newest first.
  await expect(banner(page)).toContainText('Entries around');
  await expect(banner(page)).toContainText('51 entries around the chosen entry');
  await expect(pager(page).getByText('51 entries around the chosen entry')).toBeVisible();
  expect(await column(page, 'id')).toEqual(down(id + 25, id - 25));
  const times = await column(page, 'createdAt');
  expect([...times].sort().reverse()).toEqual(times);
  expect(new Set(await column(page, 'type')).size).toBeGreaterThan(1);
  // The filter's chip is gone while it is lifted.
  await expect(page.getByRole('button', { name: /Remove clause/ })).toHaveCount(0);
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => v.id)).toEqual([]);

  // 25 more before it.
  await banner(page).getByRole('button', { name: 'Show 25 earlier' }).click();
  await expect(page).toHaveURL(/before=50/);
  await expect(banner(page)).toContainText('76 entries around the chosen entry');
  expect(await column(page, 'id')).toEqual(down(id + 25, id - 50));

  // A reload shows the same window, the entry marked.
  await page.reload();
  await expect(marked).toBeVisible();
  await expect(banner(page)).toContainText('76 entries around the chosen entry');
  expect(await column(page, 'id')).toEqual(down(id + 25, id - 50));

  // Back: the narrower window, then the filtered view exactly as it was.
  await page.goBack();
  await expect(banner(page)).toContainText('51 entries around the chosen entry');
  await page.goBack();
  await expect(page).toHaveURL(filteredUrl);
  await expect(banner(page)).toHaveCount(0);
  await expect(pager(page).getByText('Showing 1–30 of 30 (filtered from 300)')).toBeVisible();
  expect(await column(page, 'id')).toEqual(failed);
  await expect(table(page).locator('tr.tv-row--context')).toHaveCount(0);

  // Forward into the context again; the banner's button returns too.
  await page.goForward();
  await expect(banner(page)).toContainText('51 entries around the chosen entry');
  await banner(page).getByRole('button', { name: 'Back to the filtered view' }).click();
  await expect(page).not.toHaveURL(/context=/);
  await expect(pager(page).getByText('Showing 1–30 of 30 (filtered from 300)')).toBeVisible();
  expect(await column(page, 'id')).toEqual(failed);
});

test('a context whose entry is not in the log says so and shows the filtered view', async ({ page }) => {
  await open(page, { source: `${LOGS}/logs/sample.json`, entries: 300, params: `${FILTERED}&context=no-such-entry` });
  await expect(page.getByRole('status').filter({ hasText: 'Entry no-such-entry is not in the log any more' })).toBeVisible();
  await expect(page).not.toHaveURL(/context=/);
  await expect(pager(page).getByText('Showing 1–30 of 30 (filtered from 300)')).toBeVisible();
});
