// What an outside review found: JSON inside strings, keys with dots, filters the
// engine cannot apply, keys pooled beyond the path limit.
import { test, expect } from '@playwright/test';
import { open, column, table, LOGS } from './helpers.mjs';

const PACKED = `${LOGS}/logs/packed.json`;
const panel = (page) => page.getByRole('complementary', { name: 'Entry details' });
const rows = (page) => table(page).locator('tbody tr.tv-row');
const active = (page) => page.getByRole('list', { name: 'Query clauses' });

test('a JSON string opens as a document, and its fields filter by path', async ({ page }) => {
  await open(page, { source: PACKED, entries: 3 });
  // The table keeps the string as received.
  expect((await column(page, 'Data')).join('\n')).toContain('{"appSubmissionId":88011,');
  await page.getByRole('combobox', { name: 'Search' }).fill('Inspection');
  await expect(rows(page)).toHaveCount(1);
  await rows(page).first().locator('td').first().click();
  const tree = panel(page).getByRole('tree', { name: 'Entry JSON' });
  await expect(tree.getByRole('treeitem', { name: 'Data: {…} 3 keys decoded from a string', exact: true })).toBeVisible();
  const leaf = tree.getByRole('treeitem', { name: 'Data.appSubmissionId: 88011' });
  await expect(leaf).toBeVisible();
  const changes = panel(page).getByRole('region', { name: 'Changes' });
  await expect(changes.getByRole('row', { name: /Data\.changes\.status/ })).toHaveText('Data.changes.statusdraftsent');
  await page.getByRole('combobox', { name: 'Search' }).fill('');
  await expect(rows(page)).toHaveCount(3);
  await leaf.hover();
  await leaf.getByRole('button', { name: 'Filter for value' }).click();
  await expect(page).toHaveURL(/[?&]q=Data\.appSubmissionId(:|%3A)88011(&|$)/);
  await expect(rows(page)).toHaveCount(1);
  const clauses = page.getByRole('list', { name: 'Query clauses' });
  await expect(clauses.getByRole('listitem')).toHaveText(['Data.appSubmissionId:88011✕']);
  await clauses.getByRole('button', { name: 'Remove clause Data.appSubmissionId:88011' }).click();
  await expect(rows(page)).toHaveCount(3);
  await expect(clauses).toHaveCount(0);
  await leaf.hover();
  await leaf.getByRole('button', { name: 'Show as column' }).click();
  await expect(page).toHaveURL(/cols=[^&]*Data\.appSubmissionId/);
  expect(await column(page, 'Data.appSubmissionId')).toEqual(['', '9', '88011']);
  await expect(leaf.getByRole('button', { name: 'Show as column' })).toBeDisabled();
});

test('a key with a dot and the nested key it resembles are two columns', async ({ page }) => {
  await open(page, { source: PACKED, entries: 3, params: 'cols=a\\.b,a.b&sort=a\\.b' });
  expect(await column(page, 'a\\.b')).toEqual(['dotted other', 'dotted value', '']);
  expect(await column(page, 'a.b')).toEqual(['nested other', 'nested value', '']);
  await page.getByLabel('Filter a\\.b', { exact: true }).fill('=dotted value');
  await expect(rows(page)).toHaveCount(1);
  expect(await column(page, 'a.b')).toEqual(['nested value']);
});

test("an older link's filter on a field the log lacks is a clause that says it is searched as text", async ({ page }) => {
  await open(page, { source: PACKED, entries: 3, params: 'f.nope=x&f.Category=forms' });
  await expect(page.getByRole('combobox', { name: 'Search' })).toHaveValue('nope:*x* Category:*forms*');
  await expect(active(page).getByRole('listitem')).toHaveText([
    'nope:*x* (no field nope in this log: searched as text)✕',
    'Category:*forms*✕',
  ]);
  await expect(page.getByText('No entries match these filters.')).toBeVisible();
  await active(page).getByRole('button', { name: 'Remove clause nope:*x*' }).click();
  await expect(rows(page)).toHaveCount(2);
  await expect(page.getByLabel('Filter Category', { exact: true })).toHaveValue('forms');
});

test('a key pooled beyond the path limit filters through its pool and says so', async ({ page }) => {
  await open(page, { source: `${LOGS}/logs/pooled.json`, entries: 3 });
  await rows(page).first().locator('td').first().click();
  const leaf = panel(page).getByRole('treeitem', { name: /^attrs\.k2099: late-/ });
  await leaf.hover();
  const button = leaf.getByRole('button', { name: 'Filter for value' });
  await expect(button).toHaveAttribute('title', /attrs\.k2099 is pooled with other keys under attrs\.\*/);
  const value = (await leaf.getAttribute('aria-label')).split(': ')[1];
  await button.click();
  await expect(page.getByRole('list', { name: 'Query clauses' }).getByRole('listitem')).toHaveText([`attrs.*:${value}✕`]);
  await expect(rows(page)).toHaveCount(value === 'late-0' ? 2 : 1);
});
