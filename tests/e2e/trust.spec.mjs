// Evidence you can hand over: severity and outcome badges with their facets, and
// redaction that keeps masked values out of the DOM, the clipboard, the permalink
// and every export.
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import { LOGS, status, table, parseCsv, barNames } from './helpers.mjs';

const TRUST = `${LOGS}/logs/trust.json`;
const open = (page, params = {}) => page.goto(`/?${new URLSearchParams({ source: TRUST, size: '25', ...params })}`);
const rows = (page) => table(page).locator('tbody tr.tv-row');
const facet = (page, name) => page.getByRole('group', { name: new RegExp(`^${name} \\(`) });
const SECRETS = ['ada@acme.test', 'bob@acme.test', 'mallory@evil.test', 'guest@example.org', '203.0.113.5', '2001:db8::42',
  '198.51.100.7', 'hunter2', 'correct horse', 'sk_live_', 'eyJhbGci'];

test('severity and outcome show as labelled badges, with a facet each that filters', async ({ page }) => {
  await open(page);
  await expect(status(page)).toHaveText('Showing 1–12 of 12');
  const headers = table(page).getByRole('columnheader');
  await expect(headers.filter({ hasText: 'Severity' })).toContainText('level');
  await expect(headers.filter({ hasText: 'Outcome' })).toContainText('outcome');
  // The badge carries the logged text; its colour class repeats it.
  const t05 = rows(page).filter({ hasText: 'email.bounced' });
  await expect(t05.locator('.tv-badge--error')).toHaveText('ERROR');
  await expect(t05.locator('.tv-badge--failure')).toHaveText('failure');
  await expect(rows(page).filter({ hasText: 'user.login.failed' }).locator('.tv-badge--warn')).toHaveText('warn');
  await expect(rows(page).filter({ hasText: 'app.publish' }).locator('.tv-badge--trace')).toHaveText('TRACE');
  // Facets: counts per value, and a click adds its clause to the query.
  const severity = facet(page, 'Severity');
  await expect(severity.getByRole('button', { name: /^INFO\s*6$/ })).toBeVisible();
  await expect(severity.getByRole('button', { name: /^ERROR\s*2$/ })).toBeVisible();
  await severity.getByRole('button', { name: /^ERROR/ }).click();
  await expect(page).toHaveURL(/[?&]q=level(:|%3A)ERROR(&|$)/);
  await expect(status(page)).toHaveText('Showing 1–2 of 2 (filtered from 12)');
  await expect(rows(page)).toContainText(['user.2fa.disable', 'email.bounced']);
  await facet(page, 'Outcome').getByRole('button', { name: 'Exclude failure' }).click();
  await expect(status(page)).toHaveText('No entries (filtered from 12)');
  // Dark theme: the badge still says what it is.
  await page.getByLabel('Search').fill('');
  await expect(status(page)).toHaveText('Showing 1–12 of 12');
});

test('redacted values appear nowhere: DOM, search, clipboard, permalink, CSV, NDJSON', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.addInitScript(() => {
    window.__copied = [];
    const write = navigator.clipboard.writeText.bind(navigator.clipboard);
    navigator.clipboard.writeText = (t) => { window.__copied.push(t); return write(t); };
  });
  await open(page, { redact: 'email,ip,token,*.password' });
  await expect(status(page)).toHaveText('Showing 1–12 of 12');
  await expect(page.getByRole('status').filter({ hasText: 'masked as loaded' })).toContainText('masked as loaded: email, ip, token, *.password');
  await expect(rows(page).first()).toContainText('••• email');
  // The masked text is all there is: searching the original finds nothing.
  await page.getByRole('combobox', { name: 'Search' }).fill('ada@acme');
  await expect(status(page)).toHaveText('No entries (filtered from 12)');
  await page.getByRole('combobox', { name: 'Search' }).fill('');
  await expect(status(page)).toHaveText('Showing 1–12 of 12');
  // Every entry's panel, its JSON copy, its value copy and its link.
  for (const id of ['t03', 't04', 't07']) {
    await rows(page).filter({ hasText: id }).first().click();
    const panel = page.getByRole('complementary', { name: /Entry/ });
    await expect(panel).toContainText(id);
    await panel.getByRole('button', { name: 'Copy JSON' }).click();
    await panel.getByRole('button', { name: 'Copy link' }).click();
  }
  const panel = page.getByRole('complementary', { name: /Entry/ });
  await expect(panel).toContainText('••• redacted');
  await expect(panel).toContainText('••• token');
  await expect.poll(() => page.evaluate(() => window.__copied.length)).toBe(6);
  const copied = await page.evaluate(() => window.__copied.join('\n'));
  expect(copied).toContain('••• email');
  const html = await page.evaluate(() => document.documentElement.outerHTML);
  const files = [];
  page.on('download', async (d) => files.push({ name: d.suggestedFilename(), text: fs.readFileSync(await d.path(), 'utf8') }));
  for (const format of ['CSV', 'NDJSON']) {
    await page.getByRole('button', { name: 'Export' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await dialog.getByLabel(format === 'CSV' ? 'CSV' : 'NDJSON (original entries)', { exact: true }).check();
    await dialog.getByRole('button', { name: 'Download' }).click();
    await expect(dialog.getByRole('status').filter({ hasText: 'Exported 12 rows' })).toBeVisible();
    await dialog.getByRole('button', { name: 'Close' }).click();
  }
  await expect.poll(() => files.length).toBe(4);
  const csv = files.find((f) => f.name.endsWith('.csv'));
  expect(parseCsv(csv.text).length).toBe(13);
  const manifest = JSON.parse(files.find((f) => f.name === `${csv.name}.manifest.json`).text);
  expect(manifest.redacted).toEqual(['email', 'ip', 'token', '*.password']);
  const everything = [html, copied, page.url(), ...files.map((f) => f.text)].join('\n');
  for (const secret of SECRETS) expect(everything, secret).not.toContain(secret);
  // The permalink keeps the masking it was made with.
  expect(page.url()).toContain('redact=email,ip,token,*.password');
});

test('the history of a target lists its entries in time order with changes and rebuilt state', async ({ page }) => {
  await open(page, { sort: 'id' });
  await rows(page).filter({ hasText: 't04' }).first().click();
  await page.getByRole('complementary', { name: /Entry/ }).getByRole('button', { name: 'History of booking:B-17' }).click();
  const dialog = page.getByRole('dialog', { name: 'History of booking:B-17' });
  await expect(dialog).toBeFocused();
  await expect(page).toHaveURL(/history=booking:B-17/);
  await expect(dialog).toContainText('5 entries, oldest first · times in UTC');
  const steps = dialog.getByRole('listitem').filter({ has: page.getByRole('button', { name: 'Open entry' }) });
  await expect(steps).toHaveCount(5);
  const heads = await steps.locator('.tv-history__head').allInnerTexts();
  expect(heads.map((h) => h.replace(/\s+/g, ' ').trim())).toEqual([
    '2026-10-01 09:05:00 · ada@acme.test · booking.create',
    '2026-10-01 10:00:00 · bob@acme.test · booking.update',
    '2026-10-01 10:15:00 · system · email.bounced',
    '2026-10-01 11:00:00 · ada@acme.test · booking.update',
    '2026-10-01 13:00:00 · bob@acme.test · booking.cancel',
  ]);
  await expect(steps.nth(1).getByRole('list', { name: 'Changes' })).toHaveText('room: Oak → Elm');
  await expect(steps.nth(2)).toContainText('No field changes recorded.');
  // State as of the fourth step, rebuilt from the three changes before it and its own.
  await steps.nth(3).getByText('State as of 2026-10-01 11:00:00').click();
  await expect(steps.nth(3).locator('dl')).toHaveText(/status\s*confirmed\s*room\s*Elm\s*guests\s*6/);
  // The history is part of the URL: a reload shows it again; Esc closes it.
  await page.reload();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page).not.toHaveURL(/history=/);
  // From the timeline to one of its entries.
  await page.goto(`/?${new URLSearchParams({ source: TRUST, history: 'booking:B-17' })}`);
  await dialog.getByRole('listitem').filter({ hasText: 'booking.cancel' }).getByRole('button', { name: 'Open entry' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('complementary', { name: /Entry/ })).toContainText('Entry t10');
});

test('a partial log says loaded N of M and shades the time it does not cover', async ({ page }) => {
  await page.goto(`/?${new URLSearchParams({ source: `${LOGS}/logs/page1.json` })}`);
  await expect(page.getByRole('status').filter({ hasText: /^Loaded/ })).toContainText('Loaded 10 of 1,234 entries');
  // Newest first, capped at 100 of 237: the hours before the oldest loaded entry are not covered.
  await page.goto(`/?${new URLSearchParams({ source: `${LOGS}/gen/array.json?n=237`, limit: '100', from: '2026-10-30T12:00', to: '2026-10-31T13:00' })}`);
  await expect(page.getByRole('alert')).toContainText('Stopped at the safety limit of 100 entries');
  const gap = page.locator('rect.tv-hist__gap');
  await expect(gap).toHaveCount(1);
  await expect(page.getByText('The log is partial: nothing before 2026-10-31 00:27 was loaded (shaded).')).toBeVisible();
  // A screen reader hears it bar by bar: the bars before the oldest entry were not
  // loaded, the one it falls in partly; the later ones are counts like any other.
  const names = await barNames(page);
  expect(names[0]).toMatch(/^2026-10-30 12:00 – 2026-10-30 \d\d:\d\d: 0 entries \(not loaded\)$/);
  const partly = names.findIndex((n) => n.endsWith('(partly not loaded)'));
  expect(names.slice(0, partly).every((n) => n.endsWith(': 0 entries (not loaded)'))).toBe(true);
  expect(names[partly]).toMatch(/^2026-10-31 00:\d\d – 2026-10-31 \d\d:\d\d: [1-9][\d,]* entr(y|ies) \(partly not loaded\)$/);
  expect(names.slice(partly + 1).some((n) => n.includes('not loaded'))).toBe(false);
  // The whole log: nothing shaded.
  await page.goto(`/?${new URLSearchParams({ source: `${LOGS}/gen/array.json?n=237`, from: '2026-10-30T12:00', to: '2026-10-31T13:00' })}`);
  await expect(page.getByRole('status').filter({ hasText: /^Loaded/ })).toContainText('Loaded 237 entries');
  await expect(page.locator('figure.tv-hist')).toBeVisible();
  await expect(gap).toHaveCount(0);
});
