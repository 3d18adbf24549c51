// Shared steps for the end-to-end specs: open a view against the test endpoint with
// a fixed clock, and read the table the way a user sees it.
import { expect } from '@playwright/test';

export const LOGS = 'http://127.0.0.1:4174';
/** The instant the tests pretend it is (the fixture's newest entry is an hour older). */
export const NOW = new Date('2026-11-01T00:00:00Z');

/** Opens `path` (with extra query `params`) on `source`, and waits until it has loaded. */
export async function open(page, { path = '/', source = `${LOGS}/logs/e2e.json`, params = '', entries } = {}) {
  await page.clock.setFixedTime(NOW);
  const q = new URLSearchParams(params);
  if (source) q.set('source', source);
  const qs = q.toString();
  await page.goto(qs ? `${path}?${qs}` : path);
  await expect(page.getByText(/Loaded [\d,]+ entries/)).toBeVisible();
  if (entries !== undefined) await expect(page.getByText(`Loaded ${entries} entries`)).toBeVisible();
}

/** The table. */
export const table = (page) => page.getByRole('table', { name: 'Audit log entries' });

/** Texts of column `name` in the shown rows, top to bottom. */
export async function column(page, name) {
  const headers = await table(page).locator('thead tr').first().locator('th').allInnerTexts();
  const index = headers.findIndex((h) => h.split('\n')[0].replace(/[▲▼↕]/g, '').trim() === name);
  if (index < 0) throw new Error(`no column ${name} in ${headers.join(' | ')}`);
  return table(page).locator('tbody tr.tv-row').evaluateAll(
    (rows, i) => rows.map((r) => r.children[i]?.textContent ?? ''), index);
}

/** The status line under the table. */
export const status = (page) => page.getByRole('navigation', { name: 'Pagination' }).getByRole('status');

/** Types into a search box as a person would. */
export async function typeInto(locator, text) {
  await locator.click();
  await locator.fill('');
  await locator.pressSequentially(text);
}
