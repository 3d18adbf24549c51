// Live refresh keeps the rows being read in place: away from the newest end the page
// keeps its entries and "3 new entries · Show" takes the reader to the new ones; at
// the newest end they appear, marked new; a reload shows the same rows.
import { test, expect } from '@playwright/test';
import { LOGS, NOW, status, table } from './helpers.mjs';

const tagOf = (info) => `t${info.testId.replace(/[^a-z0-9]/gi, '')}r${info.retry}`;
const source = (tag) => `${LOGS}/live/log?${new URLSearchParams({ n: '120', limit: '200', t: tag })}`;
const news = (page, n) => page.getByRole('status').filter({ hasText: `${n} new entries` });
const rowsOf = (page) => table(page).locator('tbody tr.tv-row');
const ids = (page) => rowsOf(page).evaluateAll((trs) => trs.map((tr) => tr.dataset.entry));

async function open(page, tag, params) {
  await page.clock.setFixedTime(NOW);
  await page.goto(`/?${new URLSearchParams({ source: source(tag), live: '5s', size: '25', ...params })}`);
  await expect(status(page)).toHaveText(/of 120$/);
}

test('on page 3, new entries leave the rows in place; Show takes the reader to them, and a reload shows the same rows', async ({ page, request }, info) => {
  const tag = tagOf(info);
  await open(page, tag, { page: '3' });
  await expect(status(page)).toHaveText('Showing 51–75 of 120');
  const before = await ids(page);
  expect(before[0]).toBe('evt-00050');
  await request.post(`${LOGS}/live/add?t=${tag}&k=3`);
  await expect(news(page, 3)).toBeVisible({ timeout: 12_000 });
  // The same entries, three rows further down the log.
  await expect(status(page)).toHaveText('Showing 54–78 of 123');
  expect(await ids(page)).toEqual(before);
  const url = new URL(page.url());
  expect(url.searchParams.get('page')).toBe('3');
  expect(url.searchParams.get('shift')).toBe('3');
  expect(url.searchParams.get('top')).toBe('evt-00050');

  // A reload (the log as it is now) shows the rows that were on screen.
  await page.reload();
  await expect(status(page)).toHaveText('Showing 54–78 of 123');
  expect(await ids(page)).toEqual(before);

  // Three more arrive; the visible control takes the reader to them.
  await request.post(`${LOGS}/live/add?t=${tag}&k=3`);
  await expect(news(page, 3)).toBeVisible({ timeout: 12_000 });
  expect(await ids(page)).toEqual(before);
  const show = page.getByRole('button', { name: 'Show 3 new entries' });
  await expect(show).toBeVisible();
  await expect(page.locator('.tv-live__unseen')).toHaveText('3 new entries · Show');
  await show.click();
  await expect(status(page)).toHaveText('Showing 1–25 of 126');
  expect((await ids(page)).slice(0, 6)).toEqual([6, 5, 4, 3, 2, 1].map((c) => `live-${tag}-${c}`));
  await expect(show).toBeHidden();
  await expect(page).not.toHaveURL(/[?&](shift|top|page)=/);
});

test('on page 1 at the top, new entries appear first, marked new', async ({ page, request }, info) => {
  const tag = tagOf(info);
  await open(page, tag, {});
  await expect(status(page)).toHaveText('Showing 1–25 of 120');
  await request.post(`${LOGS}/live/add?t=${tag}&k=2`);
  await expect(news(page, 2)).toBeVisible({ timeout: 12_000 });
  await expect(status(page)).toHaveText('Showing 1–25 of 122');
  expect((await ids(page)).slice(0, 3)).toEqual([`live-${tag}-2`, `live-${tag}-1`, 'evt-00000']);
  await expect(page.getByRole('row', { name: /^New entry / })).toHaveCount(2);
  await expect(page.getByRole('button', { name: /^Show \d+ new/ })).toHaveCount(0);
  await expect(page).not.toHaveURL(/[?&]shift=/);
  // Marked for a few seconds only.
  await expect(page.getByRole('row', { name: /^New entry / })).toHaveCount(0, { timeout: 10_000 });
});

test('page 1 scrolled away from its top keeps its rows too', async ({ page, request }, info) => {
  const tag = tagOf(info);
  await page.setViewportSize({ width: 1280, height: 500 });
  await open(page, tag, {});
  // The table scrolls in a container of its own: wheel it down a few rows.
  await page.getByRole('group', { name: 'Log table' }).hover();
  await page.mouse.wheel(0, 300);
  await expect.poll(() => table(page).evaluate((t) => t.parentElement.scrollTop)).toBeGreaterThan(100);
  const before = await ids(page);
  expect(before).not.toContain('evt-00000');
  await request.post(`${LOGS}/live/add?t=${tag}&k=2`);
  await expect(news(page, 2)).toBeVisible({ timeout: 12_000 });
  await expect(status(page)).toHaveText('Showing 3–27 of 122');
  expect(await ids(page)).toEqual(before);
  await expect(page.getByRole('button', { name: 'Show 2 new entries' })).toBeVisible();
});

test('sorted by e-mail, new entries that sort before the page leave its rows in place', async ({ page, request }, info) => {
  const tag = tagOf(info);
  // new1@… sorts before every user…@ address.
  await open(page, tag, { page: '3', sort: 'userEmail' });
  const before = await ids(page);
  await request.post(`${LOGS}/live/add?t=${tag}&k=3`);
  await expect(news(page, 3)).toBeVisible({ timeout: 12_000 });
  await expect(status(page)).toHaveText('Showing 54–78 of 123');
  expect(await ids(page)).toEqual(before);
  // Show: the newest first.
  await page.getByRole('button', { name: 'Show 3 new entries' }).click();
  expect((await ids(page)).slice(0, 3)).toEqual([3, 2, 1].map((c) => `live-${tag}-${c}`));
});

test('a link whose first row is no longer in the log says that the log has moved on', async ({ page }, info) => {
  const tag = tagOf(info);
  await open(page, tag, { page: '2', shift: '4', top: 'evt-99999' });
  await expect(page.getByText(/The log has moved on since this link: the entry it showed first \(evt-99999\) is no longer in this view/)).toBeVisible();
  await expect(status(page)).toHaveText('Showing 26–50 of 120');
  await expect(page).not.toHaveURL(/[?&](shift|top)=/);
});
