// Time range presets, custom range, histogram (hover, drag) and time zone.
import { test, expect } from '@playwright/test';
import { open, column, status, histogram, barNames, histogramTotal, FIXTURE, NOW, newestFirst, shown, table } from './helpers.mjs';

const since = (ms) => FIXTURE.filter((e) => Date.parse(e.createdAt) >= NOW - ms).length;
const DAY = 86_400_000;

test('presets change the rows and the histogram', async ({ page }) => {
  await open(page);
  expect(await histogramTotal(page)).toBe(20);
  const allBars = await histogram(page).getAttribute('aria-label');
  for (const [name, ms] of [['Last 24 hours', DAY], ['Last 7 days', 7 * DAY], ['Last 30 days', 30 * DAY]]) {
    await page.getByRole('button', { name }).click();
    await expect(page.getByRole('button', { name })).toHaveAttribute('aria-pressed', 'true');
    await expect(table(page).locator('tbody tr.tv-row')).toHaveCount(since(ms));
    expect(await histogramTotal(page)).toBe(since(ms));
  }
  expect(await histogram(page).getAttribute('aria-label')).not.toBe(allBars);
  await expect(page).toHaveURL(/range=30d/);
  await page.getByRole('button', { name: 'All time' }).click();
  await expect(table(page).locator('tbody tr.tv-row')).toHaveCount(20);
});

test('a custom From/To range keeps only entries inside it', async ({ page }) => {
  await open(page);
  await page.getByLabel('From', { exact: true }).fill('2026-10-30T00:00');
  await page.getByLabel('To', { exact: true }).fill('2026-10-31T06:00');
  await page.getByLabel('To', { exact: true }).blur();
  const from = Date.parse('2026-10-30T00:00:00Z'), to = Date.parse('2026-10-31T06:00:00Z');
  const inside = newestFirst().filter((e) => Date.parse(e.createdAt) >= from && Date.parse(e.createdAt) < to);
  await expect(table(page).locator('tbody tr.tv-row')).toHaveCount(inside.length);
  await expect.poll(() => column(page, 'type')).toEqual(inside.map((e) => e.type));
  await expect(page).toHaveURL(/from=2026-10-30T00:00:00.000Z&to=2026-10-31T06:00:00.000Z/);
  expect(await histogramTotal(page)).toBe(inside.length);
});

test('hovering a bar shows its range and count', async ({ page }) => {
  await open(page);
  const label = (await barNames(page)).at(-1);
  const box = await histogram(page).boundingBox();
  await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
  await expect(page.locator('.tv-hist__tip')).toHaveText(label);
  expect(label).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d – \d{4}-\d\d-\d\d \d\d:\d\d: [\d,]+ entries$/);
});

test('dragging across the histogram sets a custom range', async ({ page }) => {
  await open(page);
  const box = await histogram(page).boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.55, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.8, y, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.995, y, { steps: 5 });
  await page.mouse.up();
  await expect(page).toHaveURL(/from=.*&to=/);
  const url = new URL(page.url());
  const from = Date.parse(url.searchParams.get('from')), to = Date.parse(url.searchParams.get('to'));
  const inside = FIXTURE.filter((e) => Date.parse(e.createdAt) >= from && Date.parse(e.createdAt) < to);
  expect(inside.length).toBeGreaterThan(0);
  expect(inside.length).toBeLessThan(20);
  await expect(table(page).locator('tbody tr.tv-row')).toHaveCount(inside.length);
});

test('the time zone changes every displayed time', async ({ page }) => {
  await open(page);
  const first = newestFirst()[0];
  expect((await column(page, 'createdAt'))[0]).toBe(shown(first.createdAt));
  await page.getByLabel('Time zone').fill('+02:00');
  await page.getByLabel('Time zone').press('Enter');
  const plus2 = new Date(Date.parse(first.createdAt) + 2 * 3_600_000).toISOString();
  await expect.poll(async () => (await column(page, 'createdAt'))[0]).toBe(shown(plus2));
  await expect(page).toHaveURL(/tz=%2B02:00/);
  await expect(table(page).getByRole('columnheader', { name: /^createdAt/ })).toContainText('Time · UTC+02:00');
  await page.getByLabel('Time zone').fill('-03:30');
  await page.getByLabel('Time zone').press('Enter');
  const minus = new Date(Date.parse(first.createdAt) - 3.5 * 3_600_000).toISOString();
  await expect.poll(async () => (await column(page, 'createdAt'))[0]).toBe(shown(minus));
});
