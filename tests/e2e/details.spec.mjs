// The entry panel: role fields, JSON tree, changes, filter for/out value, raw, keys.
import { test, expect } from '@playwright/test';
import { open, column, table, FIXTURE, newestFirst, shown } from './helpers.mjs';

const panel = (page) => page.getByRole('complementary', { name: 'Entry details' });
const row = (page, n) => table(page).locator('tbody tr.tv-row').nth(n);

test('a row opens its entry: role fields, tree, raw text exactly as received', async ({ page }) => {
  await open(page);
  const e = newestFirst()[0];
  await row(page, 0).locator('td').first().click();
  await expect(panel(page)).toBeVisible();
  await expect(panel(page).getByRole('heading', { name: `Entry ${e.id}` })).toBeVisible();
  await expect(panel(page)).toContainText(`Time${shown(e.createdAt)} +00:00`);
  await expect(panel(page)).toContainText(`Action${e.type}`);
  await expect(panel(page)).toContainText(`Actor${e.userEmail}`);
  const tree = panel(page).getByRole('tree', { name: 'Entry JSON' });
  await expect(tree.getByRole('treeitem', { name: `type: ${e.type}` })).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: `data.method: ${e.data.method}` })).toBeVisible();
  await panel(page).getByRole('tab', { name: 'Raw' }).click();
  const raw = await panel(page).locator('pre').textContent();
  expect(JSON.parse(raw)).toEqual(e);
  expect(raw).toContain('\n  "id": 5020,'); // the fixture's own indentation, untouched
  await expect(page).toHaveURL(new RegExp(`entry=${e.id}`));
});

test('expand all and collapse all', async ({ page }) => {
  await open(page);
  await row(page, 0).locator('td').first().click();
  const tree = panel(page).getByRole('tree');
  await panel(page).getByRole('button', { name: 'Collapse all' }).click();
  // A container is named by its line: its key (none for the entry itself) and size.
  await expect(tree.getByRole('treeitem', { name: /^\{…\} \d+ keys$/ })).toHaveAttribute('aria-expanded', 'false');
  await expect(tree.getByRole('treeitem', { name: /^type:/ })).toHaveCount(0);
  await panel(page).getByRole('button', { name: 'Expand all' }).click();
  await expect(tree.getByRole('treeitem', { name: 'data: {…} 2 keys', exact: true })).toHaveAttribute('aria-expanded', 'true');
  await expect(tree.getByRole('treeitem', { name: /^data\.method:/ })).toBeVisible();
});

test('changes are listed old -> new side by side', async ({ page }) => {
  await open(page);
  const e = FIXTURE.find((x) => x.type === 'settings.retention.update');
  await page.getByRole('combobox', { name: 'Search' }).fill('settings.retention');
  await row(page, 0).locator('td').first().click();
  const changes = panel(page).getByRole('region', { name: 'Changes' });
  await expect(changes.getByRole('row', { name: /data\.changes\.retentionDays/ })).toHaveText(
    `data.changes.retentionDays${e.data.changes.retentionDays.old}${e.data.changes.retentionDays.new}`);
});

test('filter for a value and filter out a value from the tree', async ({ page }) => {
  await open(page);
  const e = newestFirst()[0];
  await row(page, 0).locator('td').first().click();
  const leaf = panel(page).getByRole('treeitem', { name: `category: ${e.category}` });
  await leaf.hover();
  await leaf.getByRole('button', { name: 'Filter for value' }).click();
  await expect(page.getByLabel('Search')).toHaveValue(`category:${e.category}`);
  await expect(table(page).locator('tbody tr.tv-row')).toHaveCount(FIXTURE.filter((x) => x.category === e.category).length);

  const nested = panel(page).getByRole('treeitem', { name: `data.method: ${e.data.method}` });
  await nested.hover();
  await nested.getByRole('button', { name: 'Filter out value' }).click();
  await expect(page.getByLabel('Search')).toHaveValue(`category:${e.category} -data.method:${e.data.method}`);
  const left = FIXTURE.filter((x) => x.category === e.category && x.data.method !== e.data.method);
  await expect(table(page).locator('tbody tr.tv-row')).toHaveCount(left.length);
});

test('keyboard: j/k move, Enter opens, Esc closes', async ({ page }) => {
  await open(page);
  const order = newestFirst();
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('j');
  await expect(row(page, 0)).toBeFocused();
  await page.keyboard.press('j');
  await page.keyboard.press('ArrowDown');
  await expect(row(page, 2)).toBeFocused();
  await page.keyboard.press('k');
  await expect(row(page, 1)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(panel(page).getByRole('heading', { name: `Entry ${order[1].id}` })).toBeVisible();
  await page.keyboard.press('j');
  await expect(panel(page).getByRole('heading', { name: `Entry ${order[2].id}` })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(panel(page)).toHaveCount(0);
});

test('a permalink reopens the entry, and a big id keeps its digits', async ({ page }) => {
  await open(page, { params: 'entry=9007199254740993' });
  await expect(panel(page).getByRole('heading', { name: 'Entry 9007199254740993' })).toBeVisible();
  await expect(panel(page).getByRole('treeitem', { name: 'id: 9007199254740993' })).toBeVisible();
  await expect.poll(() => column(page, 'id')).toContain('9007199254740993');
  const link = await panel(page).getByRole('link', { name: 'Permalink' }).getAttribute('href');
  await page.goto(link);
  await expect(panel(page).getByRole('heading', { name: 'Entry 9007199254740993' })).toBeVisible();
});
