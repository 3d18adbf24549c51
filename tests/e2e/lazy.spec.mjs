// The split bundle: the first rows come without the lazy parts' chunks; each part is
// fetched once (when idle after the rows, or when first opened) and then works
// without the network; a chunk that cannot be fetched is said so, with a Retry.
import { test, expect } from '@playwright/test';
import { open, table } from './helpers.mjs';

const dialog = (page) => page.getByRole('dialog', { name: 'Export' });
const chunk = (name) => new RegExp(`/split_${name}-[0-9a-f]+\\.wasm$`);

/** Every chunk request the page makes, by chunk name. */
function countChunks(page) {
  const counts = {};
  page.on('request', (r) => {
    const m = r.url().match(/\/split_([a-z]+)-[0-9a-f]+\.wasm$/);
    if (m) counts[m[1]] = (counts[m[1]] || 0) + 1;
  });
  return counts;
}

test('the first rows need no lazy chunk; the export dialog is fetched once and then works offline', async ({ page, context }) => {
  const counts = countChunks(page);
  // Every fetch the page makes, and whether rows were on screen when it was made
  // (the app fetches its wasm and its chunks with fetch()).
  await page.addInitScript(() => {
    const fetch = window.fetch;
    window.fetched = [];
    window.fetch = (input, init) => {
      window.fetched.push([String(input instanceof Request ? input.url : input), !!document.querySelector('tbody tr.tv-row')]);
      return fetch(input, init);
    };
  });
  await open(page);
  await expect(table(page).locator('tbody tr.tv-row').first()).toBeVisible();
  const before = await page.evaluate(() => window.fetched.filter(([, rows]) => !rows).map(([url]) => new URL(url, location.href).pathname));
  expect(before.some((p) => p.endsWith('_bg.wasm'))).toBe(true);
  expect(before.filter((p) => /\/(split|chunk)_/.test(p))).toEqual([]);
  // Prefetched when the browser is idle after the rows.
  await expect.poll(() => counts.export || 0, { timeout: 10_000 }).toBe(1);
  await context.setOffline(true);
  for (let i = 0; i < 2; i++) {
    await page.getByRole('button', { name: 'Export' }).click();
    await expect(dialog(page)).toBeFocused();
    await expect(dialog(page).getByRole('button', { name: 'Download' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog(page)).toHaveCount(0);
  }
  expect(counts.export).toBe(1);
  // The field mapping (shown beside the rows) came in its own chunk, once.
  await expect(page.getByLabel('Actor field')).toBeVisible();
  expect(counts.mapping).toBe(1);
});

test('a chunk that cannot be fetched says so, and Retry fetches it again', async ({ page }) => {
  let refuse = true;
  let asked = 0;
  await page.route(chunk('export'), (route) => {
    asked++;
    return refuse ? route.abort('connectionrefused') : route.continue();
  });
  await open(page);
  await page.getByRole('button', { name: 'Export' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Could not load the export dialog' });
  await expect(alert).toBeVisible();
  await expect(dialog(page)).toHaveCount(0);
  const tries = asked;
  refuse = false;
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(dialog(page).getByRole('button', { name: 'Download' })).toBeVisible();
  expect(asked).toBe(tries + 1);
});
