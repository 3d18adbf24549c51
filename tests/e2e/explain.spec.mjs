// Explain: what is different in a span of the histogram, against the rest of the
// view and against the period before; each value one click to filter.
import { test, expect } from '@playwright/test';
import { open, LOGS, status, table, download, parseCsv, barsOf } from './helpers.mjs';

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

test('the breakdown groups the view by one or two fields, sorts, exports, and a group filters', async ({ page }) => {
  await open(page, { source: SPIKE, entries: 232 });
  await page.getByRole('button', { name: 'Breakdown' }).click();
  const dialog = page.getByRole('dialog', { name: 'Breakdown' });
  await expect(dialog).toBeFocused();
  await expect(page).toHaveURL(/[?&]group=action(&|$)/);
  const table = dialog.getByRole('table', { name: 'Breakdown' });
  const rows = table.locator('tbody tr');
  const cells = async () => (await rows.evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.innerText.trim()))))
    .map((r) => r.slice(0, -2)); // without first and last seen
  // By action: entries, share, distinct actors.
  await expect(table.getByRole('columnheader', { name: 'Distinct actor' })).toBeVisible();
  await expect.poll(cells).toEqual([
    ['user.login', '192', '82.8%', '4'],
    ['user.login.failed', '40', '17.2%', '1'],
  ]);
  expect(await rows.nth(1).locator('td').nth(4).innerText()).toBe('2026-10-31 10:00');
  // Then by address: one group per actor's address, mallory's alone.
  await dialog.getByLabel('Then by').selectOption('ip');
  await expect(page).toHaveURL(/[?&]group=action,ip(&|$)/);
  await expect(rows).toHaveCount(5);
  await expect.poll(async () => (await cells())[0]).toEqual(['user.login', '10.0.0.1', '48', '20.7%', '1']);
  // Sorted by entries, fewest first, by its header.
  const entries = table.getByRole('columnheader', { name: 'Entries' });
  await entries.getByRole('button').click();
  await expect(entries).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(async () => (await cells())[0]).toEqual(['user.login.failed', '203.0.113.9', '40', '17.2%', '1']);
  // The CSV is the table.
  const file = await download(page, dialog.getByRole('button', { name: 'Download CSV' }));
  const csv = parseCsv(file.bytes.toString('utf8'));
  expect(csv[0].slice(0, 4)).toEqual(['action', 'ip', 'entries', 'share']);
  expect(csv.length - 1).toBe(5);
  // A group, one click: its clauses in the search box, the breakdown closed; Back reopens it.
  await dialog.getByRole('button', { name: 'Filter to user.login.failed · 203.0.113.9' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByLabel('Search')).toHaveValue('action:user.login.failed ip:203.0.113.9');
  await expect(status(page)).toHaveText(/ of 40 \(filtered from 232\)$/);
  await page.goBack();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page).not.toHaveURL(/group=/);
});

test('the histogram splits by a field: stacked bars with honest totals, a legend that filters, the keyboard as before', async ({ page }) => {
  await open(page, { source: `${LOGS}/gen/array.json?n=237`, entries: 237 });
  await page.getByRole('button', { name: 'Split bars' }).click();
  await expect(page.getByRole('button', { name: 'Split bars' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page).toHaveURL(/[?&]split=type(&|$)/);
  // Five types: each a series, no other; the two with 48 entries first.
  const legend = page.getByRole('list', { name: 'Values of type, top first' });
  await expect(legend.getByRole('listitem')).toHaveCount(5);
  await expect(legend.getByRole('listitem').first()).toContainText('app.publish 48');
  await expect(legend).not.toContainText('other');
  // Every bar with entries names its stacks, and they add up to the bar.
  await expect.poll(async () => (await barsOf(page)).filter((b) => b.count > 0).every((b) => b.sum === b.count)).toBe(true);
  expect((await barsOf(page)).reduce((n, b) => n + b.count, 0)).toBe(237);
  expect(await page.locator('.tv-hist__seg').count()).toBeGreaterThan(0);

  // 17 users: the top five and the other twelve.
  await page.getByLabel('Split bars by').selectOption('userEmail');
  await expect(page).toHaveURL(/[?&]split=userEmail(&|$)/);
  const users = page.getByRole('list', { name: 'Values of userEmail, top first' });
  await expect(users.getByRole('listitem')).toHaveCount(6);
  await expect(users.getByRole('listitem').last()).toHaveText(/^other\s*167$/);
  await expect.poll(async () => (await barsOf(page)).filter((b) => b.count > 0).every((b) => b.sum === b.count)).toBe(true);

  // The bars keep their keyboard: the cursor's bar reads its stacks.
  const bars = page.getByRole('listbox', { name: /^Entries over time/ });
  await bars.focus();
  await page.keyboard.press('End');
  await expect(page.locator('.tv-hist__tip')).toHaveText(/entr(y|ies) \(.*user\d+@acme\.test \d|entr(y|ies) \(other \d/);

  // The legend filters: only a value, then without it; the split stays.
  const top = (await users.locator('.tv-split__name').first().innerText()).trim();
  await users.getByRole('button', { name: `Only userEmail ${top} 14` }).click();
  await expect(page.getByLabel('Search')).toHaveValue(`userEmail:${top}`);
  await expect(status(page)).toHaveText(/ of 14 \(filtered from 237\)$/);
  await expect(users.getByRole('listitem')).toHaveCount(1);
  await page.getByLabel('Search').fill('');
  await page.getByLabel('Search').press('Enter');
  await expect(status(page)).toHaveText(/ of 237$/);
  await users.getByRole('button', { name: `Exclude userEmail ${top}` }).click();
  await expect(page.getByLabel('Search')).toHaveValue(`-userEmail:${top}`);
  await expect(status(page)).toHaveText(/ of 223 \(filtered from 237\)$/);
  await expect(users).not.toContainText(top);

  // Split bars again: the split is gone, the bars are whole.
  await page.getByRole('button', { name: 'Split bars' }).click();
  await expect(page).not.toHaveURL(/split=/);
  await expect(users).toHaveCount(0);
  await expect(page.locator('.tv-hist__seg')).toHaveCount(0);
  expect((await barsOf(page)).every((b) => b.sum === undefined)).toBe(true);
  // A link may name a role: split=actor splits by the actor's field.
  await open(page, { source: `${LOGS}/gen/array.json?n=237`, params: 'split=actor', entries: 237 });
  await expect(page.getByRole('list', { name: 'Values of userEmail, top first' }).getByRole('listitem')).toHaveCount(6);
  await expect(page.getByLabel('Split bars by')).toHaveValue('userEmail');
});

test('first seen: the facet lists only first-time events, the actor\'s cell is marked and the entry panel says why', async ({ page }) => {
  await open(page, { source: SPIKE, entries: 232 });
  // Four colleagues sign in every hour from their own address, mallory fails 40
  // times from one: each actor's first entry is their first action and address.
  const facet = page.getByRole('group', { name: 'First seen' });
  await expect(facet.getByRole('button', { name: /^New action/ })).toContainText('5');
  await expect(facet.getByRole('button', { name: /^New IP address/ })).toContainText('5');
  await facet.getByRole('button', { name: /^New IP address/ }).click();
  await expect(page.getByLabel('Search')).toHaveValue('first:ip');
  await expect(status(page)).toHaveText(/ of 5 \(filtered from 232\)$/);
  // Every row left is marked, with its reasons on hover.
  const marks = table(page).locator('tbody tr.tv-row .tv-first');
  await expect(marks).toHaveCount(5);
  await expect(marks.first()).toHaveAttribute('title', 'First seen: first time this actor did this action; first time this actor used this IP address');
  // mallory's first failed sign-in is the oldest of the burst.
  await page.getByLabel('Search').fill('first:action actor:mallory@evil.test');
  await expect(status(page)).toHaveText(/ of 1 \(filtered from 232\)$/);
  await table(page).locator('tbody tr.tv-row').first().click();
  const panel = page.getByRole('complementary', { name: 'Entry details' });
  await expect(panel).toContainText('First seen');
  await expect(panel).toContainText('first time this actor used this IP address');
  await expect(panel).toContainText('2026-10-31');
  // The others are no one's first.
  await page.getByLabel('Search').fill('-first:*');
  await expect(status(page)).toHaveText(/ of 227 \(filtered from 232\)$/);
  await expect(marks).toHaveCount(0);
});

test('follow the target: the chain from an invitation, hop by hop, a wider window, and each hop\'s entry', async ({ page }) => {
  await open(page, { source: `${LOGS}/logs/chain.json`, params: 'entry=c061', entries: 67 });
  await page.getByRole('button', { name: 'Follow the target' }).click();
  const dialog = page.getByRole('dialog', { name: 'Follow the actor from entry c061' });
  await expect(dialog).toBeVisible();
  await expect(page).toHaveURL(/[?&]follow=c061(&|$)/);
  const hops = dialog.getByRole('list', { name: 'The chain, oldest first' }).getByRole('listitem');
  const read = async () => (await hops.allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
  await expect(hops).toHaveCount(5);
  const got = await read();
  expect(got[0]).toMatch(/hop 1 · done to boss@acme\.test → role\.grant → newbie@acme\.test/);
  expect(got[1]).toMatch(/hop 1 · did newbie@acme\.test → mfa\.disable/);
  expect(got[2]).toMatch(/hop 1 · did newbie@acme\.test → data\.export → customers\.csv/);
  expect(got[3]).toMatch(/hop 1 · did newbie@acme\.test → user\.invite → pal@evil\.test Follows pal@evil\.test from here/);
  expect(got[4]).toMatch(/hop 2 · did pal@evil\.test → project\.delete → Payroll/);
  // The noise around it (ada, bob and cy at work) is not in the chain.
  await expect(dialog).not.toContainText('ada@acme.test');
  // Two days later newbie signs in again: in the chain once the window is 7 days.
  await dialog.getByLabel('Within').selectOption({ label: '7 days' });
  await expect(page).toHaveURL(/[?&]within=7d(&|$)/);
  await expect(hops).toHaveCount(6);
  await expect(hops.last()).toContainText('user.login');
  // A hop's entry opens in the panel; Back returns to the chain.
  await dialog.getByRole('button', { name: 'Open entry c043' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Entry c043' })).toBeVisible();
  await page.goBack();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page).not.toHaveURL(/follow=/);
});
