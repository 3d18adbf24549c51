// Export: read back the downloaded file (columns, rows, defused formulas, BOM, NDJSON).
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import crypto from 'node:crypto';
import { open, column, FIXTURE, newestFirst, parseCsv, download, typeInto, LOGS } from './helpers.mjs';

const dialog = (page) => page.getByRole('dialog', { name: 'Export' });

test('CSV of all filtered rows: chosen columns, every row, formulas defused', async ({ page }) => {
  await open(page);
  await typeInto(page.getByLabel('Filter category', { exact: true }), '!studio');
  const expected = newestFirst().filter((e) => e.category !== 'studio');
  await page.getByRole('button', { name: 'Export' }).click();
  await expect(dialog(page)).toBeFocused();
  await expect(dialog(page).getByLabel(`All filtered rows (${expected.length})`)).toBeChecked();
  // Keep just three columns.
  const boxes = dialog(page).getByRole('group', { name: 'Columns' }).getByRole('checkbox');
  for (let i = 0; i < await boxes.count(); i++) await boxes.nth(i).uncheck();
  for (const name of ['type', 'userName', 'data']) await dialog(page).getByLabel(name, { exact: true }).check();
  const file = await download(page, dialog(page).getByRole('button', { name: 'Download' }));
  expect(file.name).toBe('trailview-all-apps-all-time.csv');
  const text = file.bytes.toString('utf8');
  expect(text.charCodeAt(0)).not.toBe(0xfeff);
  const rows = parseCsv(text);
  expect(rows[0]).toEqual(['type', 'userName', 'data']);
  expect(rows.length - 1).toBe(expected.length);
  expect(rows.slice(1).map((r) => r[0])).toEqual(expected.map((e) => e.type));
  const cancelled = rows.find((r) => r[0] === 'booking.cancelled');
  expect(JSON.parse(cancelled[2]).reason).toBe('=HYPERLINK("http://evil.example","click")');
  const subjects = rows.map((r) => r[2]).join('\n');
  expect(subjects).toContain('+1 555 0100');
  // A cell that starts with = + - @ is prefixed with ' so spreadsheets show it as text.
  const mallory = rows.find((r) => r[1].includes('Mallory'));
  expect(mallory).toBeUndefined(); // studio rows were filtered out
  await expect(dialog(page)).toContainText(`Exported ${expected.length} rows`);
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toHaveCount(0);
});

test('formula cells at the start of a value are neutralised', async ({ page }) => {
  await open(page);
  await page.getByLabel('Actor field', { exact: true }).selectOption('data.subject');
  await page.getByRole('button', { name: 'Export' }).click();
  const file = await download(page, dialog(page).getByRole('button', { name: 'Download' }));
  const rows = parseCsv(file.bytes.toString('utf8'));
  const col = rows[0].indexOf('data.subject');
  const values = rows.slice(1).map((r) => r[col]).filter(Boolean);
  expect(values).toContain("'+1 555 0100 call me");
  expect(values).toContain("'@SUM(A1:A9)");
  expect(values.every((v) => !/^[=+\-@]/.test(v))).toBe(true);
});

test('CSV for Excel starts with a BOM; NDJSON holds the original entries', async ({ page }) => {
  await open(page);
  await page.getByRole('button', { name: 'Export' }).click();
  await dialog(page).getByLabel('CSV for Excel (with BOM)').check();
  const excel = await download(page, dialog(page).getByRole('button', { name: 'Download' }));
  expect([...excel.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(parseCsv(excel.bytes.subarray(3).toString('utf8')).length - 1).toBe(20);

  await dialog(page).getByLabel('NDJSON (original entries)').check();
  const nd = await download(page, dialog(page).getByRole('button', { name: 'Download' }));
  expect(nd.name).toMatch(/\.ndjson$/);
  const lines = nd.bytes.toString('utf8').trimEnd().split('\n');
  expect(lines.map((l) => JSON.parse(l))).toEqual(newestFirst());
  expect(lines.join('\n')).toContain('"id":9007199254740993');
});

test('this page only, named after the app and range', async ({ page }) => {
  await open(page, { source: `${LOGS}/logs/sample.json`, path: '/apps/Inventory', params: 'range=90d&size=25' });
  const shown = await column(page, 'type');
  await page.getByRole('button', { name: 'Export' }).click();
  await dialog(page).getByLabel(/^This page/).check();
  const file = await download(page, dialog(page).getByRole('button', { name: 'Download' }));
  expect(file.name).toBe('trailview-inventory-last-90-days.csv');
  const rows = parseCsv(file.bytes.toString('utf8'));
  const typeCol = rows[0].indexOf('type');
  expect(rows.slice(1).map((r) => r[typeCol])).toEqual(shown);
});

test('a manifest comes beside the export, and its SHA-256 and length match the file', async ({ page }) => {
  await open(page);
  await page.getByRole('combobox', { name: 'Search' }).fill('grace');
  const expected = FIXTURE.filter((e) => JSON.stringify(e).toLowerCase().includes('grace'));
  await page.getByRole('button', { name: 'Export' }).click();
  const box = dialog(page).getByRole('checkbox', { name: /manifest/ });
  await expect(box).toBeChecked();
  const files = [];
  page.on('download', async (d) => files.push({ name: d.suggestedFilename(), bytes: fs.readFileSync(await d.path()) }));
  await dialog(page).getByRole('button', { name: 'Download' }).click();
  await expect.poll(() => files.length).toBe(2);
  const file = files.find((f) => f.name.endsWith('.csv'));
  const manifest = JSON.parse(files.find((f) => f.name === `${file.name}.manifest.json`).bytes.toString('utf8'));
  expect(manifest.sha256).toBe(crypto.createHash('sha256').update(file.bytes).digest('hex'));
  expect(manifest.bytes).toBe(file.bytes.length);
  expect(manifest.rows).toBe(expected.length);
  expect(manifest.file).toBe(file.name);
  expect(manifest.view).toContain('q=grace');
  expect(manifest.zone).toBe('UTC');
  expect(manifest.columns.length).toBeGreaterThan(0);
  expect(manifest.source).toContain('/logs/e2e.json');
  await expect(dialog(page)).toContainText(`with ${file.name}.manifest.json`);
  // Switched off: the file alone.
  files.length = 0;
  await box.uncheck();
  await dialog(page).getByRole('button', { name: 'Download' }).click();
  await expect.poll(() => files.length).toBe(1);
  await page.waitForTimeout(300);
  expect(files.map((f) => f.name)).toEqual([file.name]);
});
