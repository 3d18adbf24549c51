// The virtualised table: a page of 1,000 rows renders only the rows in the table's
// view (and a small margin), keeps its table semantics for screen readers
// (aria-rowcount, aria-rowindex), and scrolls by wheel and by keyboard. A focused row
// scrolled out of the rendered rows hands focus to the table's scroll container, from
// which the keys go on from that row; the open entry survives.
import { test, expect } from '@playwright/test';
import { open, status, table, LOGS } from './helpers.mjs';

/** The generated log, newest first: the row at index i of the page is evt-0000i. */
const SOURCE = `${LOGS}/gen/array.json?n=1200`;
const rendered = (page) => table(page).locator('tbody tr.tv-row');
/** The row a screen reader numbers `n` (the two header rows are 1 and 2). */
const rowAt = (page, n) => table(page).locator(`tbody tr[aria-rowindex="${n}"]`);
const entryName = (index) => `Entry evt-${String(index).padStart(5, '0')}`;
/** The table's scroll container, which holds focus while the focused row is away. */
const scroller = (page) => page.getByRole('group', { name: 'Log table' });

async function thousandRows(page) {
  await open(page, { source: SOURCE, entries: '1,200' });
  await page.getByLabel('Rows per page').selectOption('1000');
  await expect(status(page)).toHaveText('Showing 1–1,000 of 1,200');
  // Laid out: the spacers give the table the height of 1,000 rows (a wheel before
  // that has nothing to scroll).
  await expect.poll(() => table(page).evaluate((t) => t.getBoundingClientRect().height)).toBeGreaterThan(1000 * 25);
}

/** Whether row `n` is rendered and shown whole (`whole`) or in part inside the table's
 *  own scroll container (whose bottom may be below the page's fold). */
const shownInTable = (page, n, whole = false) => expect.poll(() => table(page).evaluate((t, [n, whole]) => {
  const row = t.querySelector(`tbody tr[aria-rowindex="${n}"]`);
  if (!row) return false;
  const box = t.parentElement.getBoundingClientRect();
  const head = t.querySelector('thead').getBoundingClientRect().height;
  const r = row.getBoundingClientRect();
  return whole ? r.top >= box.top + head - 1 && r.bottom <= box.bottom + 1 : r.bottom > box.top + head && r.top < box.bottom;
}, [n, whole])).toBe(true);
const hiddenInTable = (page, n) => expect.poll(() => table(page).evaluate((t, n) => {
  const row = t.querySelector(`tbody tr[aria-rowindex="${n}"]`);
  if (!row) return true;
  const box = t.parentElement.getBoundingClientRect();
  const r = row.getBoundingClientRect();
  return r.bottom <= box.top || r.top >= box.bottom;
}, n)).toBe(true);

/** Waits until the table's scroll position has come to rest (a smooth scroll ended). */
const settledScroll = (page) => expect.poll(() => table(page).evaluate(async (t) => {
  const top = t.parentElement.scrollTop;
  await new Promise((r) => setTimeout(r, 200));
  return t.parentElement.scrollTop === top;
})).toBe(true);

/** The aria-rowindex of every rendered row, top to bottom. */
const indices = (page) => rendered(page).evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('aria-rowindex'))));

test('a 1,000-row page renders the rows in view only, numbered for screen readers', async ({ page }) => {
  await thousandRows(page);
  await expect(table(page)).toHaveAttribute('aria-rowcount', '1002');
  const header = table(page).locator('thead tr');
  await expect(header.first()).toHaveAttribute('aria-rowindex', '1');
  await expect(header.nth(1)).toHaveAttribute('aria-rowindex', '2');
  await expect(page.getByRole('row', { name: entryName(0) })).toHaveAttribute('aria-rowindex', '3');
  await expect(page.getByRole('row', { name: entryName(0) })).toBeInViewport();
  const shown = await indices(page);
  expect(shown.length).toBeGreaterThan(10);
  expect(shown.length).toBeLessThan(60);
  // One run from the top, each row numbered for its place on the page.
  expect(shown).toEqual(shown.map((_, i) => i + 3));
  // The rows not rendered still take their room: the table is as tall as 1,000 rows.
  const height = await table(page).evaluate((t) => t.getBoundingClientRect().height);
  expect(height).toBeGreaterThan(1000 * 25);
});

test('the mouse wheel scrolls a 1,000-row page to its end and back', async ({ page }) => {
  await thousandRows(page);
  await rowAt(page, 3).hover();
  await page.mouse.wheel(0, 9000);
  // About 300 rows down: those rows are rendered and in view, the first ones are gone.
  await expect(rowAt(page, 3)).toHaveCount(0);
  const middle = await indices(page);
  expect(middle.length).toBeLessThan(60);
  expect(middle[0]).toBeGreaterThan(250);
  const inView = rowAt(page, middle[Math.floor(middle.length / 2)]);
  await shownInTable(page, middle[Math.floor(middle.length / 2)]);
  await expect(inView).toHaveAccessibleName(entryName(middle[Math.floor(middle.length / 2)] - 3));
  // To the end: the last row of the page is there, with the last entry of the page.
  await page.mouse.wheel(0, 40000);
  await shownInTable(page, 1002);
  await expect(rowAt(page, 1002)).toHaveAccessibleName(entryName(999));
  expect((await indices(page)).length).toBeLessThan(60);
  // And back to the top.
  await page.mouse.wheel(0, -50000);
  await shownInTable(page, 3);
  await expect(rowAt(page, 1002)).toHaveCount(0);
});

test('the keyboard walks a 1,000-row page past the rendered rows; scrolled away, the keys go on from the focused row', async ({ page }) => {
  await thousandRows(page);
  const first = await indices(page);
  // j from outside the table starts at the first row, as before.
  await page.keyboard.press('j');
  await expect(rowAt(page, 3)).toBeFocused();
  // Arrow keys and j/k move a row at a time, each scrolled into view before it is focused,
  // well past the rows rendered at first.
  const steps = first.length + 20;
  for (let i = 0; i < steps; i++) await page.keyboard.press(i % 2 ? 'ArrowDown' : 'j');
  const to = 3 + steps;
  await expect(rowAt(page, to)).toBeFocused();
  await expect(rowAt(page, to)).toHaveAccessibleName(entryName(steps));
  await shownInTable(page, to, true);
  await expect(rowAt(page, 3)).toHaveCount(0);
  await page.keyboard.press('k');
  await page.keyboard.press('ArrowUp');
  await expect(rowAt(page, to - 2)).toBeFocused();
  // Enter opens the entry; the row shows it is the open one.
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`entry=evt-${String(steps - 2).padStart(5, '0')}`));
  await expect(rowAt(page, to - 2)).toHaveClass(/tv-row--open/);
  await rowAt(page, to - 2).focus();
  // End and PageUp scroll the table as the browser does, End to the very end; the
  // focused row, no longer rendered, left focus to the table's scroll container.
  await page.keyboard.press('End');
  await shownInTable(page, 1002, true);
  await expect(rowAt(page, to - 2)).toHaveCount(0);
  await expect(scroller(page)).toBeFocused();
  expect((await indices(page)).length).toBeLessThan(60);
  await page.keyboard.press('PageUp');
  await hiddenInTable(page, 1002);
  await expect(scroller(page)).toBeFocused();
  await settledScroll(page);
  // ↓ goes on from the row focus left: the next row is scrolled in and focused, and
  // the open entry follows it, as from the row itself.
  await page.keyboard.press('ArrowDown');
  await expect(rowAt(page, to - 1)).toBeFocused();
  await shownInTable(page, to - 1, true);
  await expect(page).toHaveURL(new RegExp(`entry=evt-${String(steps - 1).padStart(5, '0')}`));
  await expect(rowAt(page, to - 1)).toHaveClass(/tv-row--open/);
  // Home scrolls to the top, and k goes on from that row too.
  await page.keyboard.press('Home');
  await shownInTable(page, 3, true);
  await expect(scroller(page)).toBeFocused();
  await page.keyboard.press('k');
  await expect(rowAt(page, to - 2)).toBeFocused();
  await shownInTable(page, to - 2, true);
});


test('the wheel scrolls away from a focused, open row to the end and back; the keys go on from that row', async ({ page }) => {
  await thousandRows(page);
  await page.keyboard.press('j');
  for (let i = 0; i < 40; i++) await page.keyboard.press('ArrowDown');
  const to = 45;
  await expect(rowAt(page, to - 2)).toBeFocused();
  await page.keyboard.press('Enter');
  await rowAt(page, to - 2).focus();
  await rowAt(page, to - 2).hover();
  // To the very end: the last row shown whole at the bottom, focus on the scroller.
  await page.mouse.wheel(0, 40000);
  await shownInTable(page, 1002, true);
  await expect(scroller(page)).toBeFocused();
  await page.mouse.wheel(0, -40000);
  await shownInTable(page, 3, true);
  await hiddenInTable(page, to - 2);
  await expect(scroller(page)).toBeFocused();
  await settledScroll(page);
  // The entry stayed open; ↑ focuses the row before it, scrolled in, and opens it.
  await expect(page).toHaveURL(/entry=evt-00040/);
  await page.keyboard.press('ArrowUp');
  await expect(rowAt(page, to - 3)).toBeFocused();
  await shownInTable(page, to - 3, true);
  await expect(rowAt(page, to - 3)).toHaveClass(/tv-row--open/);
  await expect(page).toHaveURL(/entry=evt-00039/);
});
