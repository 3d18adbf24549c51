// Saved views: saved per log in the browser, surviving a reload; exported and imported
// as a file; a deployment's own listed first; no part of the source or a token kept.
import { test, expect } from '@playwright/test';
import { LOGS, NOW, status, typeInto, download } from './helpers.mjs';

const SOURCE = `${LOGS}/gen/array.json?n=200`;
const search = (page) => page.getByRole('combobox', { name: 'Search' });
const dialog = (page) => page.getByRole('dialog', { name: 'Saved views' });

async function open(page, params = {}) {
  await page.clock.setFixedTime(NOW);
  await page.goto(`/?${new URLSearchParams({ source: SOURCE, ...params })}`);
  await expect(status(page)).toHaveText(/of 200$/);
}

test('a saved view survives a reload, opens again, and travels as a file', async ({ page }) => {
  await open(page);
  await typeInto(search(page), 'type:user.login OR type:app.publish');
  await expect(status(page)).toHaveText(/^Showing 1–50 of 80\b/);
  await page.getByRole('button', { name: 'Views' }).click();
  await expect(dialog(page).getByText('No saved views yet.')).toBeVisible();
  await dialog(page).getByLabel('View name').fill('Logins and publishes');
  await dialog(page).getByRole('button', { name: 'Save' }).click();
  await expect(dialog(page).getByRole('status')).toHaveText('Saved “Logins and publishes”.');
  await dialog(page).getByRole('button', { name: 'Close' }).click();
  await expect(dialog(page)).toBeHidden();

  // Elsewhere, then a reload: the view is still there and opens the same rows.
  await search(page).fill('');
  await expect(status(page)).toHaveText(/^Showing 1–50 of 200$/);
  await expect(page).not.toHaveURL(/[?&]q=/);
  await page.reload();
  await expect(status(page)).toHaveText(/of 200$/);
  await page.getByRole('button', { name: 'Views' }).click();
  await dialog(page).getByRole('list', { name: 'Your views' }).getByRole('button', { name: 'Logins and publishes', exact: true }).click();
  await expect(dialog(page)).toBeHidden();
  await expect(search(page)).toHaveValue('type:user.login OR type:app.publish');
  await expect(status(page)).toHaveText(/^Showing 1–50 of 80\b/);

  // Nothing of the source is in the browser's storage.
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  expect(stored).toContain('Logins and publishes');
  expect(stored).not.toContain('gen/array.json');

  // Export, forget, import.
  await page.getByRole('button', { name: 'Views' }).click();
  const file = await download(page, dialog(page).getByRole('button', { name: 'Export views' }));
  expect(file.name).toBe('trailview-views.json');
  expect(JSON.parse(file.bytes.toString('utf8')).views[0].name).toBe('Logins and publishes');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  // The view opened is still in the URL.
  await expect(status(page)).toHaveText(/^Showing 1–50 of 80\b/);
  await page.getByRole('button', { name: 'Views' }).click();
  await expect(dialog(page).getByText('No saved views yet.')).toBeVisible();
  await dialog(page).getByLabel('Import views…').setInputFiles({ name: 'v.json', mimeType: 'application/json', buffer: file.bytes });
  await expect(dialog(page).getByRole('status')).toHaveText('Imported 1 view.');
  await expect(dialog(page).getByRole('list', { name: 'Your views' }).getByRole('listitem')).toHaveCount(1);
  // A file that is not a views file says so.
  await dialog(page).getByLabel('Import views…').setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"nope": 1}') });
  await expect(dialog(page).getByRole('status')).toHaveText(/^This is not a views file/);
});

test('rename and delete', async ({ page }) => {
  await open(page);
  await page.getByRole('button', { name: 'Views' }).click();
  await dialog(page).getByLabel('View name').fill('First');
  await dialog(page).getByRole('button', { name: 'Save' }).click();
  await dialog(page).getByRole('button', { name: 'Rename First' }).click();
  await dialog(page).getByLabel('New name').fill('Renamed');
  await dialog(page).getByRole('button', { name: 'Rename', exact: true }).click();
  await expect(dialog(page).getByRole('status')).toHaveText('Renamed to “Renamed”.');
  await dialog(page).getByRole('button', { name: 'Delete Renamed' }).click();
  await expect(dialog(page).getByText('No saved views yet.')).toBeVisible();
});

test("a deployment's views come first and open like the admin's own", async ({ page }) => {
  await page.route('**/trailview.json', (route) => route.fulfill({
    json: { views: [{ name: 'Failed and bounced', query: 'q=type:email.* OR type:user.login&sort=userEmail' }] },
  }));
  await open(page);
  await page.getByRole('button', { name: 'Views' }).click();
  const shipped = dialog(page).getByRole('list', { name: 'Views from this deployment' });
  await shipped.getByRole('button', { name: 'Failed and bounced' }).click();
  await expect(search(page)).toHaveValue('type:email.* OR type:user.login');
  await expect(page).toHaveURL(/[?&]sort=userEmail(&|$)/);
});
