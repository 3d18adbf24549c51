// Named time zones: tz=Europe/Berlin on entries either side of the 2026 changes
// (29 March, 25 October) shows the right local times, reads From/To as Berlin
// wall-clock times and buckets the histogram by Berlin days; the zone field takes
// typed names and refuses unknown ones.
import { test, expect } from '@playwright/test';
import { LOGS, status, table } from './helpers.mjs';

const DST = `${LOGS}/logs/dst.json`;
const open = (page, params) => page.goto(`/?${new URLSearchParams({ source: DST, size: '25', sort: 'id', ...params })}`);
const rows = (page) => table(page).locator('tbody tr.tv-row');
// As shown: scrolled into view first (cells out of view are not rendered).
const timeOf = async (page, id) => {
  const cell = rows(page).filter({ hasText: String(id) }).first().locator('td').first();
  await cell.scrollIntoViewIfNeeded();
  return (await cell.innerText()).trim();
};

test('times either side of both changes show as Berlin wall-clock time', async ({ page }) => {
  await open(page, { tz: 'Europe/Berlin' });
  await expect(status(page)).toHaveText('Showing 1–11 of 11');
  await expect(page.getByRole('combobox', { name: 'Time zone' })).toHaveValue('Europe/Berlin');
  await expect(table(page).getByRole('columnheader').first()).toContainText('Europe/Berlin');
  const expected = {
    5000: '2026-03-28 23:30:00', 5001: '2026-03-29 00:30:00', 5002: '2026-03-29 01:59:59',
    5003: '2026-03-29 03:00:00', 5004: '2026-03-29 23:30:00', 5005: '2026-03-30 00:30:00',
    5006: '2026-10-25 00:30:00', 5007: '2026-10-25 02:30:00', 5008: '2026-10-25 02:30:00',
    5009: '2026-10-25 23:30:00', 5010: '2026-10-26 00:30:00',
  };
  for (const [id, shown] of Object.entries(expected)) expect(await timeOf(page, id), `entry ${id}`).toBe(shown);
  // Two clocks on hover: the zone's with its offset, UTC, and relative.
  const cell = rows(page).filter({ hasText: '5003' }).first().locator('td').first();
  const title = await cell.getAttribute('title');
  expect(title.split('\n')).toEqual(['2026-03-29 03:00:00 +02:00 (Europe/Berlin)', '2026-03-29 01:00:00 UTC', expect.stringMatching(/ ago$|^in /)]);
  // The repeated 02:30 is two instants: the entry panel gives each its offset.
  await rows(page).filter({ hasText: '5007' }).first().locator('td').first().click();
  await expect(page.getByRole('complementary', { name: /Entry/ })).toContainText('+02:00');
  await rows(page).filter({ hasText: '5008' }).first().locator('td').first().click();
  const panel = page.getByRole('complementary', { name: /Entry/ });
  await expect(panel).toContainText('2026-10-25 02:30:00 +01:00 (Europe/Berlin) · 2026-10-25 01:30:00 UTC');
  await expect(panel).toContainText('logged as “2026-10-25T01:30:00Z”');
});

test('From and To are Berlin wall-clock times, and day bars are Berlin days', async ({ page }) => {
  // 00:00-01:00 on 29 March in Berlin is 23:00-00:00 UTC: entry 5001 only (in UTC it would be 5002).
  await open(page, { tz: 'Europe/Berlin', from: '2026-03-29T00:00', to: '2026-03-29T01:00' });
  await expect(status(page)).toHaveText('Showing 1–1 of 1 (filtered from 11)');
  await expect(rows(page)).toContainText(['admin1@acme.test']);
  await expect(page.getByLabel('From')).toHaveValue('2026-03-29T00:00');
  // Two months: one bar per Berlin day.
  const bar = (span) => page.getByRole('listbox', { name: /^Entries over time/ }).getByRole('option', { name: new RegExp(`^${span}: `) });
  await open(page, { tz: 'Europe/Berlin', from: '2026-03-01T00:00', to: '2026-05-01T00:00' });
  await expect(bar('2026-03-28 00:00 – 2026-03-29 00:00')).toHaveAccessibleName(/: 1 entry$/);
  await expect(bar('2026-03-29 00:00 – 2026-03-30 00:00')).toHaveAccessibleName(/: 4 entries$/);
  await expect(bar('2026-03-30 00:00 – 2026-03-31 00:00')).toHaveAccessibleName(/: 1 entry$/);
  await open(page, { tz: 'Europe/Berlin', from: '2026-10-01T00:00', to: '2026-12-01T00:00' });
  await expect(bar('2026-10-24 00:00 – 2026-10-25 00:00')).toHaveAccessibleName(/: 0 entries$/);
  await expect(bar('2026-10-25 00:00 – 2026-10-26 00:00')).toHaveAccessibleName(/: 4 entries$/);
  await expect(bar('2026-10-26 00:00 – 2026-10-27 00:00')).toHaveAccessibleName(/: 1 entry$/);
  // The same days in UTC hold other entries.
  await open(page, { tz: 'UTC', from: '2026-10-01T00:00', to: '2026-12-01T00:00' });
  await expect(bar('2026-10-24 00:00 – 2026-10-25 00:00')).toHaveAccessibleName(/: 1 entry$/);
});

test('the zone field takes a typed IANA name into the URL and refuses an unknown one', async ({ page }) => {
  await open(page, {});
  const zone = page.getByRole('combobox', { name: 'Time zone' });
  await expect(zone).toHaveValue('UTC');
  // The list of zones is built when the field is first used.
  await zone.focus();
  await expect(page.locator('datalist#tv-zones option[value="America/New_York"]')).toHaveCount(1);
  await zone.fill('america/new_york');
  await zone.press('Enter');
  await expect(page).toHaveURL(/tz=America\/New_York/);
  await expect(zone).toHaveValue('America/New_York');
  expect(await timeOf(page, 5003)).toBe('2026-03-28 21:00:00');
  await zone.fill('Mars/Olympus_Mons');
  await zone.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'is not a time zone' })).toContainText('Mars/Olympus_Mons');
  await expect(zone).toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(/tz=America\/New_York/);
  // A reload keeps the named zone.
  await page.reload();
  await expect(zone).toHaveValue('America/New_York');
  expect(await timeOf(page, 5003)).toBe('2026-03-28 21:00:00');
});

test('times written without an offset are read in itz=, gaps moved forward and overlaps taken early', async ({ page }) => {
  await page.goto(`/?${new URLSearchParams({ source: `${LOGS}/logs/naive.json`, sort: 'id', itz: 'Europe/Berlin' })}`);
  await expect(status(page)).toHaveText('Showing 1–3 of 3');
  expect(await timeOf(page, 6001)).toBe('2026-07-01 10:00:00');
  // 02:30 on 29 March never happened in Berlin: read as 03:30 CEST, and marked.
  expect(await timeOf(page, 6002)).toBe('2026-03-29 01:30:00 DST gap');
  // 02:30 on 25 October happened twice: the first one, in CEST, and marked.
  expect(await timeOf(page, 6003)).toBe('2026-10-25 00:30:00 DST overlap');
  const gap = rows(page).filter({ hasText: '6002' }).first().locator('td').first();
  expect(await gap.getAttribute('title')).toContain('DST gap: 2026-03-29 02:30:00 does not exist in Europe/Berlin (the clocks went forward)');
  await rows(page).filter({ hasText: '6003' }).first().click();
  await expect(page.getByRole('complementary', { name: /Entry/ }))
    .toContainText('DST overlap: 2026-10-25 02:30:00 happened twice in Europe/Berlin (the clocks went back); read as the earlier one');
  await expect(page.getByText('Times written without an offset are read as Europe/Berlin')).toBeVisible();
  // Without itz they are UTC.
  await page.goto(`/?${new URLSearchParams({ source: `${LOGS}/logs/naive.json`, sort: 'id' })}`);
  await expect(status(page)).toHaveText('Showing 1–3 of 3');
  expect(await timeOf(page, 6002)).toBe('2026-03-29 02:30:00');
});

test('a time field mixing encodings is still the time; unreadable values show as logged and sort last', async ({ page }) => {
  const MIXED = `${LOGS}/logs/mixed.json`;
  await page.goto(`/?${new URLSearchParams({ source: MIXED, size: '25', sort: 'timestamp' })}`);
  await expect(status(page)).toHaveText('Showing 1–15 of 15');
  await expect(table(page).getByRole('columnheader').first()).toContainText('timestamp');
  await expect(table(page).getByRole('columnheader').first()).toContainText('Time · UTC');
  const shown = async () => (await rows(page).evaluateAll((trs) => trs.map((tr) => [tr.cells[0].innerText.trim(), tr.innerText.match(/e\d\d/)[0]])));
  const asc = await shown();
  expect(asc.slice(0, 11)).toEqual([
    ['2026-03-01 08:00:00', 'e01'], ['2026-03-01 09:00:00', 'e02'], ['2026-03-01 10:00:00', 'e03'],
    ['2026-03-01 11:00:00', 'e04'], ['2026-03-01 12:00:00', 'e05'], ['2026-03-01 13:00:00', 'e06'],
    ['2026-03-01 14:00:00', 'e07'], ['2026-03-01 15:00:00', 'e08'], ['2026-03-01 16:00:00', 'e09'],
    ['2026-03-01 22:00:00', 'e15'], ['2026-03-02 00:00:00', 'e10'],
  ]);
  // Unreadable values: as logged, never 1970, at the end either way.
  expect(asc.slice(11).map((r) => r[1]).sort()).toEqual(['e11', 'e12', 'e13', 'e14']);
  expect(asc.slice(11).map((r) => r[0]).sort()).toEqual(['', '', 'false', 'garbage']);
  expect(asc.map((r) => r[0]).join()).not.toContain('1970');
  await page.goto(`/?${new URLSearchParams({ source: MIXED, size: '25', sort: '-timestamp' })}`);
  await expect(status(page)).toHaveText('Showing 1–15 of 15');
  await expect(rows(page).first()).toContainText('e10');
  const desc = await shown();
  expect(desc[0]).toEqual(['2026-03-02 00:00:00', 'e10']);
  expect(desc.slice(11).map((r) => r[1]).sort()).toEqual(['e11', 'e12', 'e13', 'e14']);
});
