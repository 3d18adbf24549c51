// Kinds of event on the demo log: a facet whose values add kind: clauses, kind: in
// the search box and its completion, the kind and its reason in the entry panel,
// the built-in investigations with their counts, a deployment's own kinds, and a
// widget host's views.
import { test, expect } from '@playwright/test';
import { LOGS, NOW, status, table, column, download, parseCsv } from './helpers.mjs';
import { APP_PORT } from './playwright.config.mjs';

const search = (page) => page.getByRole('combobox', { name: 'Search' });
const kinds = (page) => page.getByRole('group', { name: 'Kind of event' });
const views = (page) => page.getByRole('dialog', { name: 'Saved views' });
const panel = (page) => page.getByRole('complementary', { name: 'Entry details' });
const number = (text) => Number(text.replace(/,/g, ''));
const of = (n) => new RegExp(`of ${n.toLocaleString('en-US')}\\b`);

async function openDemo(page) {
  await page.clock.setFixedTime(NOW);
  await page.goto('/');
  await expect(page.getByText('Loaded 2,000 entries')).toBeVisible();
}

test('the Kind of event facet adds kind: clauses, and the rows are of that kind', async ({ page }) => {
  await openDemo(page);
  const signIn = kinds(page).getByRole('button', { name: /^Sign-in\s*[\d,]+$/ });
  const n = number(await signIn.locator('.tv-facet__count').innerText());
  expect(n).toBeGreaterThan(100);
  // The panels are counted again after the rows paint: a click that lands while
  // they are replaced is retried (the clause is added once however often).
  await expect(async () => {
    await signIn.click();
    await expect(search(page)).toHaveValue('kind:sign-in', { timeout: 1000 });
  }).toPass();
  await expect(status(page)).toHaveText(of(n));
  await expect(page).toHaveURL(/[?&]q=kind(:|%3A)sign-in(&|$)/);
  for (const t of await column(page, 'type')) expect(t).toMatch(/^user\.login(\.first|\.sso)?$/);
  // The facet now counts only sign-ins; excluding a kind adds its negation once.
  await expect(kinds(page).getByRole('button', { name: /^Sign-in/ })).toHaveCount(1);
  await kinds(page).getByRole('button', { name: 'Exclude Sign-in' }).click();
  await expect(search(page)).toHaveValue('kind:sign-in -kind:sign-in');
  await expect(page.getByText('No entries match')).toBeVisible();
  await page.goBack();
  await expect(search(page)).toHaveValue('kind:sign-in');
  // Failed sign-ins are their own kind.
  await search(page).fill('');
  const failed = kinds(page).getByRole('button', { name: /^Failed sign-in\s*[\d,]+$/ });
  const f = number(await failed.locator('.tv-facet__count').innerText());
  await expect(async () => {
    await failed.click();
    await expect(search(page)).toHaveValue('kind:failed-sign-in', { timeout: 1000 });
  }).toPass();
  await expect(status(page)).toHaveText(of(f));
  for (const t of await column(page, 'type')) expect(t).toContain('failed');
});

test('kind: in the search box, with completion; the entry panel says the kind and why', async ({ page }) => {
  await openDemo(page);
  await search(page).click();
  await search(page).pressSequentially('kind:tw');
  await search(page).fill('');
  await search(page).pressSequentially('kind:m');
  const list = page.getByRole('listbox', { name: 'Suggestions' });
  await expect(list.getByRole('option').first()).toHaveText(/^mfa[\d,]+$/);
  await search(page).press('ArrowDown');
  await search(page).press('Enter');
  await expect(search(page)).toHaveValue('kind:mfa');
  await expect(status(page)).toHaveText(of(67));
  for (const t of await column(page, 'type')) expect(t).toContain('twofactor');
  await table(page).locator('tbody tr.tv-row').first().locator('td').first().click();
  await expect(panel(page)).toContainText(/Kind of eventMFA \(the action `[\w.]*twofactor[\w.]*` contains `twofactor`\)/);
});

test('each built-in investigation the demo log has entries for opens with the count it showed', async ({ page }) => {
  await openDemo(page);
  await page.getByRole('button', { name: 'Views' }).click();
  const list = views(page).getByRole('list', { name: 'Investigations' });
  // The dialog is a lazy part, and the counts follow: read the list once it is there.
  await expect(list.getByRole('button')).toHaveCount(7);
  await expect(list.getByRole('button').first()).toHaveText(/\([\d,]+\)$/);
  const labels = await list.getByRole('button').allInnerTexts();
  expect(labels.map((l) => l.replace(/ \([\d,]+\)$/, ''))).toEqual([
    'Who signed in recently',
    'Who added or removed 2FA',
    'E-mails, push notifications and SMS sent, and their status',
    'Files uploaded, moved or deleted',
    'Apps published, and by whom',
    'Failed sign-ins',
    'Settings changed (old -> new)',
  ]);
  await page.keyboard.press('Escape');
  for (const label of labels) {
    const n = number(label.match(/\(([\d,]+)\)$/)[1]);
    await page.getByRole('button', { name: 'Views' }).click();
    await views(page).getByRole('list', { name: 'Investigations' }).getByRole('button', { name: label, exact: true }).click();
    await expect(views(page)).toBeHidden();
    await expect(search(page)).not.toHaveValue('');
    await expect(status(page), label).toHaveText(of(n));
  }
  // The files question reads as an ordinary query, editable like any other.
  await expect(search(page)).toHaveValue('kind:settings');
});

test("a deployment's trailview.json gives actions their kinds", async ({ page }) => {
  await openDemo(page);
  await search(page).fill('kind:send type:invoice.paid');
  await expect(page.getByText('No entries match')).toBeVisible();
  await page.route('**/trailview.json', (route) => route.fulfill({ json: { kinds: { 'invoice.paid': 'send' } } }));
  await openDemo(page);
  await search(page).fill('kind:send type:invoice.paid');
  await expect(status(page)).toHaveText(of(21));
  await table(page).locator('tbody tr.tv-row').first().locator('td').first().click();
  await expect(panel(page)).toContainText("Kind of eventSend (the deployment's trailview.json names `invoice.paid` so)");
});

test("a widget host's views attribute lists its views first, and a change takes effect", async ({ page }) => {
  const bundle = `http://127.0.0.1:${APP_PORT}/`;
  await page.goto(`${LOGS}/host/portal.html?${new URLSearchParams({ bundle, source: `${LOGS}/logs/e2e.json` })}`);
  await page.evaluate((src) => {
    const el = document.createElement('trail-view');
    el.id = 'hosted';
    el.setAttribute('source', src);
    el.setAttribute('views', JSON.stringify([{ name: 'Logins', query: 'q=type:user.login' }]));
    document.body.append(el);
  }, `${LOGS}/logs/e2e.json`);
  const w = page.locator('trail-view#hosted');
  await expect(w.getByRole('status').filter({ hasText: /^Loaded 20 entries/ })).toBeVisible();
  await w.getByRole('button', { name: 'Views' }).click();
  const shipped = w.getByRole('list', { name: 'Views from this deployment' });
  await shipped.getByRole('button', { name: 'Logins' }).click();
  await expect(w.getByRole('combobox', { name: 'Search' })).toHaveValue('type:user.login');
  await w.evaluate((el) => el.setAttribute('views', '[{"name": "Publishes", "query": "q=type:app.publish"}]'));
  await w.getByRole('button', { name: 'Views' }).click();
  await expect(shipped.getByRole('button')).toHaveText(['Publishes']);
});

test('the Kind column: offered under Columns, its box edits the kind: clause, its cells say why, and it exports', async ({ page }) => {
  await openDemo(page);
  // Not shown until asked for; then in the URL like any column.
  await expect(table(page).getByRole('columnheader', { name: /^kind/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByRole('group', { name: 'Columns' }).getByLabel('kind', { exact: true }).check();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/cols=[^&]*kind/);
  const header = table(page).getByRole('columnheader', { name: /^kind/ });
  await expect(header).toContainText('Kind of event');
  const cells = await column(page, 'kind');
  expect(cells.length).toBeGreaterThan(0);
  expect(cells.every((k) => /^(sign-in|failed-sign-in|sign-out|mfa|permission|export|publish|settings|delete|create|update|send|read|other)?$/.test(k))).toBe(true);
  // Its filter box is the kind: clause, as the facet's is.
  const box = page.getByLabel('Filter kind', { exact: true });
  await box.fill('=mfa');
  await expect(search(page)).toHaveValue('kind:mfa');
  const n = number(await kinds(page).getByRole('button', { name: /^MFA\s*[\d,]+$/ }).locator('.tv-facet__count').innerText());
  await expect(status(page)).toHaveText(of(n));
  await expect.poll(async () => [...new Set(await column(page, 'kind'))]).toEqual(['mfa']);
  for (const t of await column(page, 'type')) expect(t).toMatch(/twofactor/);
  // A cell says why on hover, as the entry panel does.
  const first = table(page).locator('tbody tr.tv-row').first();
  const at = await table(page).getByRole('columnheader').evaluateAll((hs) => hs.findIndex((h) => h.textContent.startsWith('kind')));
  await expect(first.locator('td').nth(at)).toHaveAttribute('title', /the action `[^`]*twofactor[^`]*` contains `twofactor`/);
  await search(page).fill('-kind:mfa -kind:sign-in');
  await expect(box).toHaveValue('!=sign-in');
  // The export has the column as the table shows it.
  await search(page).fill('kind:mfa');
  await page.getByRole('button', { name: 'Export' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await expect(dialog.getByLabel('kind', { exact: true })).toBeChecked();
  const file = await download(page, dialog.getByRole('button', { name: 'Download' }));
  const rows = parseCsv(file.bytes.toString('utf8'));
  const k = rows[0].indexOf('kind');
  expect(k).toBeGreaterThanOrEqual(0);
  expect(rows.length - 1).toBe(n);
  expect(new Set(rows.slice(1).map((r) => r[k]))).toEqual(new Set(['mfa']));
});
