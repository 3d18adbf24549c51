// Column widths: drag a header's edge, or use the keyboard on it; double-click fits
// the content; the width is part of the URL and survives a reload.
import { test, expect } from '@playwright/test';
import { open, table } from './helpers.mjs';

const header = (page, name) => table(page).getByRole('columnheader', { name: new RegExp(`^${name}`) });
const handle = (page, name) => table(page).getByRole('separator', { name: `Resize column ${name}` });
const width = async (locator) => Math.round((await locator.boundingBox()).width);

test('dragging a header edge resizes the column, and the URL keeps it', async ({ page }) => {
  await open(page);
  const before = await width(header(page, 'userEmail'));
  const box = await handle(page, 'userEmail').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2, { steps: 4 });
  await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  const after = await width(header(page, 'userEmail'));
  expect(Math.abs(after - (before + 120))).toBeLessThanOrEqual(2);
  await expect(page).toHaveURL(new RegExp(`w\\.userEmail=${after}(&|$)`));
  // Only that column moved: the one before it kept its width.
  const type = await width(header(page, 'type'));
  await page.reload();
  await expect.poll(() => width(header(page, 'userEmail'))).toBe(after);
  expect(await width(header(page, 'type'))).toBe(type);
});

test('the keyboard resizes a column; Delete gives back its natural width', async ({ page }) => {
  await open(page);
  const natural = await width(header(page, 'type'));
  const sep = handle(page, 'type');
  await sep.focus();
  await expect(sep).toHaveAttribute('aria-valuenow', String(natural));
  await sep.press('ArrowRight');
  await sep.press('Shift+ArrowRight');
  await expect.poll(() => width(header(page, 'type'))).toBe(natural + 60);
  await expect(sep).toHaveAttribute('aria-valuenow', String(natural + 60));
  await sep.press('ArrowLeft');
  await expect.poll(() => width(header(page, 'type'))).toBe(natural + 50);
  await expect(page).toHaveURL(new RegExp(`w\\.type=${natural + 50}`));
  await sep.press('Delete');
  await expect.poll(() => width(header(page, 'type'))).toBe(natural);
  await expect(page).not.toHaveURL(/w\.type=/);
});

test('double-clicking the edge fits the column to the longest value on the page', async ({ page }) => {
  await open(page, { params: 'cols=createdAt,userName,type' });
  // Cells truncated with an ellipsis: their text is wider than the cell.
  const clipped = () => table(page).locator('tbody tr td:nth-child(2) .tv-cell').evaluateAll(
    (cells) => cells.filter((c) => c.scrollWidth > c.clientWidth).length);
  expect(await clipped()).toBeGreaterThan(0);
  await handle(page, 'userName').dblclick();
  await expect.poll(clipped).toBe(0);
  await expect(page).toHaveURL(/w\.userName=\d+/);
});
