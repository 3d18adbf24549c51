// The search box takes a query: fields, wildcards, comparisons, AND/OR/NOT and
// parentheses, role names; each clause a removable chip; a malformed query says where
// and keeps the last valid view.
import { test, expect } from '@playwright/test';
import { LOGS, NOW, status, typeInto, column } from './helpers.mjs';

// 200 entries: type cycles through 5 kinds, userEmail through user0..user16, 7 minutes apart.
const SOURCE = `${LOGS}/gen/array.json?n=200`;

async function open(page, params = {}) {
  await page.clock.setFixedTime(NOW);
  await page.goto(`/?${new URLSearchParams({ source: SOURCE, ...params })}`);
  await expect(status(page)).toHaveText(/of 200$/);
}

const search = (page) => page.getByRole('combobox', { name: 'Search' });

test('fields, OR and NOT narrow the rows, and each clause is a chip that can be removed', async ({ page }) => {
  await open(page);
  await typeInto(search(page), 'type:user.login OR type:app.publish');
  await expect(status(page)).toHaveText(/^Showing 1–50 of 80\b/);
  await search(page).fill('');
  await typeInto(search(page), 'type:user.login -userEmail:user1@acme.test');
  await expect(status(page)).toHaveText(/^Showing 1–38 of 38\b/);
  expect(new Set(await column(page, 'type'))).toEqual(new Set(['user.login']));
  const chips = page.getByRole('list', { name: 'Query clauses' });
  // Each clause as the query language writes it.
  await expect(chips.getByRole('listitem').locator('span')).toHaveText(['type:user.login', 'NOT userEmail:user1@acme.test']);
  await chips.getByRole('button', { name: 'Remove clause NOT userEmail:user1@acme.test' }).click();
  await expect(status(page)).toHaveText(/^Showing 1–40 of 40\b/);
  await expect(search(page)).toHaveValue('type:user.login');
  await expect(page).toHaveURL(/[?&]q=type(:|%3A)user\.login(&|$)/);
});

test('role names, wildcards, presence and time comparisons', async ({ page }) => {
  await open(page);
  // The actor is userEmail here: the same rows either way.
  await typeInto(search(page), 'actor:user3@acme.test');
  const byRole = await status(page).innerText();
  await search(page).fill('userEmail:user3@acme.test');
  await expect(status(page)).toHaveText(byRole);
  expect(byRole).toMatch(/of 12\b/);
  await search(page).fill('type:mediafile.*');
  await expect(status(page)).toHaveText(/^Showing 1–40 of 40\b/);
  await search(page).fill('type:*ook*');
  await expect(status(page)).toHaveText(/^Showing 1–40 of 40\b/);
  await search(page).fill('nothere:*');
  await expect(status(page)).toHaveText(/^No entries/);
  // Times as in From/To, in the view's zone: entries at 11:00 UTC and after.
  await search(page).fill('createdAt>=2026-10-31T11:00');
  await expect(status(page)).toHaveText(/^Showing 1–9 of 9\b/);
});

test('a malformed query says where and why, and the last valid view stays', async ({ page }) => {
  await open(page);
  const box = search(page);
  await typeInto(box, '(type:user.login OR type:app.publish');
  await expect(page.getByText('Not a query: missing `)` at column 37. Showing the last valid one.')).toBeVisible();
  await expect(box).toHaveAttribute('aria-invalid', 'true');
  // The last valid query was the one before the last key: still the text typed so far.
  await expect(status(page)).toHaveText('Showing 1–50 of 200');
  await box.press('End');
  await box.type(')');
  await expect(status(page)).toHaveText(/^Showing 1–50 of 80\b/);
  await expect(box).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(/^Not a query/)).toHaveCount(0);
});

test('plain words keep their meaning: an e-mail, a URL-like text and words side by side', async ({ page }) => {
  await open(page);
  await typeInto(search(page), 'user3@acme.test');
  await expect(status(page)).toHaveText(/of 12\b/);
  await search(page).fill('user3@acme.test user.login');
  // Side by side: both.
  await expect(status(page)).toHaveText(/of 3\b/);
});
