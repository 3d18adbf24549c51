// Facets (filter for / exclude a value) and correcting the field mapping.
import { test, expect } from '@playwright/test';
import { open, column, table, FIXTURE, newestFirst } from './helpers.mjs';

const rows = (page) => table(page).locator('tbody tr.tv-row');

test('facets count the filtered rows; a value adds its clause to the query, its second control one excluding it', async ({ page }) => {
  await open(page);
  const actions = page.getByRole('group', { name: 'Action (type)' });
  const bounced = FIXTURE.filter((e) => e.type === 'email.bounced').length;
  await expect(actions.getByRole('button', { name: /^email\.bounced/ })).toContainText(String(bounced));
  await actions.getByRole('button', { name: /^email\.bounced/ }).click();
  await expect(page.getByLabel('Search')).toHaveValue('type:email.bounced');
  await expect(page).toHaveURL(/[?&]q=type(:|%3A)email\.bounced(&|$)/);
  await expect(rows(page)).toHaveCount(bounced);
  // The other facets now count only those rows.
  const actors = page.getByRole('group', { name: 'Actor (userEmail)' });
  const top = FIXTURE.filter((e) => e.type === 'email.bounced').map((e) => e.userEmail);
  await expect(actors.getByRole('button', { name: new RegExp(`^${top[0].replace('.', '\\.')}`) })).toBeVisible();

  // The clause is a chip like any other, removed with its ✕.
  await page.getByRole('list', { name: 'Query clauses' }).getByRole('button', { name: 'Remove clause type:email.bounced' }).click();
  await expect(page.getByLabel('Search')).toHaveValue('');
  await expect(rows(page)).toHaveCount(20);
  const categories = page.getByRole('group', { name: 'Category (category)' });
  await categories.getByRole('button', { name: 'Exclude studio' }).click();
  await expect(page.getByLabel('Search')).toHaveValue('-category:studio');
  await expect(rows(page)).toHaveCount(FIXTURE.filter((e) => e.category !== 'studio').length);
  expect(await column(page, 'category')).not.toContain('studio');
  // A second exclusion is ANDed on: neither value is left.
  const other = FIXTURE.find((e) => e.category !== 'studio').category;
  await categories.getByRole('button', { name: `Exclude ${other}` }).click();
  await expect(page.getByLabel('Search')).toHaveValue(`-category:studio -category:${other}`);
  await expect(rows(page)).toHaveCount(Math.min(20, FIXTURE.filter((e) => e.category !== 'studio' && e.category !== other).length));
});

test('the app facet is shown in the organization view only', async ({ page }) => {
  await open(page);
  await expect(page.getByRole('group', { name: 'App (appName)' })).toBeVisible();
  await open(page, { path: '/apps/Sales%20Portal' });
  await expect(page.getByRole('group', { name: 'App (appName)' })).toHaveCount(0);
});

test('the mapping panel shows what was detected and a new time field re-times the log', async ({ page }) => {
  await open(page);
  await expect(page.getByLabel('Time field', { exact: true })).toHaveValue('createdAt');
  await expect(page.getByLabel('Actor field', { exact: true })).toHaveValue('userEmail');
  await expect(page.getByLabel('Action field', { exact: true })).toHaveValue('type');
  await expect(page.getByLabel('App field', { exact: true })).toHaveValue('appName');
  await page.getByLabel('Time field', { exact: true }).selectOption('receivedAt');
  await expect(page).toHaveURL(/map=time:receivedAt/);
  const byReceived = [...FIXTURE].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  await expect.poll(() => column(page, 'receivedAt')).toEqual(byReceived.map((e) => e.receivedAt.slice(0, 19).replace('T', ' ')));
  await expect(table(page).getByRole('columnheader', { name: /^receivedAt/ })).toHaveAttribute('aria-sort', 'descending');
  // Choosing the detected field again needs no mapping.
  await page.getByLabel('Time field', { exact: true }).selectOption('createdAt');
  await expect(page).not.toHaveURL(/map=/);
  await expect.poll(() => column(page, 'type')).toEqual(newestFirst().map((e) => e.type));
});

test('the actor field can be moved to another field', async ({ page }) => {
  await open(page);
  await page.getByLabel('Actor field', { exact: true }).selectOption('userName');
  await expect(page.getByRole('group', { name: 'Actor (userName)' })).toBeVisible();
  await expect(table(page).locator('thead tr').first().locator('th').nth(2)).toContainText('userName');
});

test('the mapping panel says why each field was chosen, and one click takes the runner-up', async ({ page }) => {
  await open(page);
  const mapping = page.locator('details.tv-mapping');
  const timeRole = mapping.locator('.tv-mapping__role').filter({ has: page.getByLabel('Time field', { exact: true }) });
  await expect(timeRole.locator('.tv-mapping__why')).toHaveText('named “createdAt” · 100% of its values read as times · in 100% of entries');
  await expect(timeRole.locator('.tv-mapping__next')).toContainText('Next best: receivedAt');
  await timeRole.getByRole('button', { name: 'Use receivedAt' }).click();
  await expect(page).toHaveURL(/map=time:receivedAt/);
  await expect(page.getByLabel('Time field', { exact: true })).toHaveValue('receivedAt');
  await expect(timeRole.locator('.tv-mapping__why')).toHaveText('chosen in the mapping (map=)');
  // The detected field is now the runner-up; taking it back clears the mapping.
  await timeRole.getByRole('button', { name: 'Use createdAt' }).click();
  await expect(page).not.toHaveURL(/map=/);
  await expect(page.getByLabel('Time field', { exact: true })).toHaveValue('createdAt');
});

test('a column header opens its statistics: coverage, distinct values, the spread, and top values that filter', async ({ page }) => {
  await open(page, { params: 'cols=type,durationMs,appId' });
  // Numbers: how many have one, and the lowest, median and highest of them.
  await page.getByRole('button', { name: 'Statistics of durationMs' }).click();
  let dialog = page.getByRole('dialog', { name: 'Statistics of durationMs' });
  const ms = FIXTURE.map((e) => e.durationMs).filter((v) => typeof v === 'number').sort((a, b) => a - b);
  await expect(dialog).toContainText(`With a value${ms.length} of ${FIXTURE.length}`);
  await expect(dialog).toContainText(`Lowest${ms[0]}Median${ms[Math.floor(ms.length / 2)]}Highest${ms[ms.length - 1]}`);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  // Coverage counts null as no value.
  await page.getByRole('button', { name: 'Statistics of appId' }).click();
  dialog = page.getByRole('dialog', { name: 'Statistics of appId' });
  const apps = FIXTURE.filter((e) => e.appId !== null && e.appId !== undefined);
  await expect(dialog).toContainText(`With a value${apps.length} of ${FIXTURE.length}`);
  await expect(dialog).toContainText(`Distinct values${new Set(apps.map((e) => e.appId)).size}`);
  await dialog.getByRole('button', { name: 'Close' }).click();
  // Top values with their share; one click filters for a value.
  await page.getByRole('button', { name: 'Statistics of type' }).click();
  dialog = page.getByRole('dialog', { name: 'Statistics of type' });
  const top = dialog.getByRole('table', { name: 'Top values' });
  const logins = FIXTURE.filter((e) => e.type === 'user.login').length;
  await expect(top.getByRole('row').nth(1)).toHaveText(`user.login${logins}${(logins * 100 / FIXTURE.length).toFixed(1)}%+⊘`);
  await top.getByRole('button', { name: 'Filter for user.login' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByLabel('Search')).toHaveValue('type:user.login');
  await expect(rows(page)).toHaveCount(logins);
  // The statistics follow the view.
  await page.getByRole('button', { name: 'Statistics of type' }).click();
  await expect(dialog).toContainText(`Entries in the view${logins}`);
  await expect(dialog).toContainText('Distinct values1');
});
