// Explain: what is different in a span of the histogram, against the rest of the
// view and against the period before; each value one click to filter.
import { test, expect } from '@playwright/test';
import { open, LOGS, status } from './helpers.mjs';

const SPIKE = `${LOGS}/logs/spike.json`;

test('a span chosen on the histogram says what is different there, and a value filters', async ({ page }) => {
  await open(page, { source: SPIKE, params: 'range=7d', entries: 232 });
  await page.getByRole('button', { name: 'What is different in a span?' }).click();
  await expect(page.getByRole('button', { name: 'What is different in a span?' })).toHaveAttribute('aria-pressed', 'true');
  // The tallest bar is the burst: choose it as the span.
  const bars = page.getByRole('listbox', { name: /^Entries over time/ }).getByRole('option');
  const labels = await bars.evaluateAll((os) => os.map((o) => o.getAttribute('aria-label')));
  const counts = labels.map((l) => Number((l.match(/: ([\d,]+) entr/) || [0, '0'])[1].replace(/,/g, '')));
  const tallest = counts.indexOf(Math.max(...counts));
  await bars.nth(tallest).click();
  const dialog = page.getByRole('dialog', { name: 'What is different' });
  await expect(dialog).toBeVisible();
  // The view's range did not change: the span is explained, not zoomed to.
  await expect(page).toHaveURL(/range=7d/);
  const found = dialog.getByRole('table', { name: 'Values more common in the span' });
  const firstTwo = (await found.locator('tbody tr').allInnerTexts()).slice(0, 3).join('\n');
  expect(firstTwo).toContain('mallory@evil.test');
  expect(firstTwo).toContain('user.login.failed');
  // ada signs in every hour: as common here as anywhere, never listed.
  await expect(found).not.toContainText('ada@acme.test');
  // Against the period before: mallory is only here.
  await dialog.getByRole('radio', { name: /the period before/ }).check();
  await expect(found.getByRole('row').filter({ hasText: 'mallory@evil.test' })).toContainText('only here');
  // One click filters for a value.
  await found.getByRole('button', { name: 'Filter for actor mallory@evil.test' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByLabel('Search')).toHaveValue('actor:mallory@evil.test');
  await expect(status(page)).toHaveText(/ of 40 \(filtered from 232\)$/);
});

test('a quiet span says nothing stands out; Esc closes', async ({ page }) => {
  await open(page, { source: SPIKE, params: 'range=7d', entries: 232 });
  await page.getByRole('button', { name: 'What is different in a span?' }).click();
  const bars = page.getByRole('listbox', { name: /^Entries over time/ }).getByRole('option');
  const labels = await bars.evaluateAll((os) => os.map((o) => o.getAttribute('aria-label')));
  const quiet = labels.findIndex((l) => /2026-10-30 0\d:00 /.test(l) && !/: 0 entries/.test(l));
  await bars.nth(quiet).click();
  const dialog = page.getByRole('dialog', { name: 'What is different' });
  await expect(dialog).toContainText('Nothing stands out');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
