// Accessibility: axe-core finds no violation in any view, in either theme (the
// widget inside its shadow root too); the histogram's brush works from the keyboard;
// dialogs keep Tab inside and give focus back to what opened them; every control
// shows a focus ring; a polite live region says how many entries match after a change.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { open, table, status, typeInto, LOGS, NOW, FIXTURE } from './helpers.mjs';
import { APP_PORT } from './playwright.config.mjs';

const TRUST = `${LOGS}/logs/trust.json`;

/**
 * Every axe rule that runs by default (WCAG 2.0-2.2 A and AA, best practices), plus
 * label-content-name-mismatch (WCAG 2.5.3), which axe still calls experimental and
 * leaves off unless asked. `include` narrows the run to part of the page (a widget).
 */
async function violations(page, include) {
  let axe = new AxeBuilder({ page }).options({ rules: { 'label-content-name-mismatch': { enabled: true } } });
  if (include) axe = axe.include(include);
  const { violations: found } = await axe.analyze();
  // What failed, where: enough to fix it from the report alone.
  return found.map((v) => `${v.id} (${v.nodes.length} nodes): ${v.help} · ${v.nodes.slice(0, 3)
    .map((n) => n.target.join(' >> ')).join(' | ')}`);
}

/** Waits for the panels that follow the rows by a frame (histogram, pager, entry panel). */
async function settled(page) {
  await expect(page.getByRole('navigation', { name: 'Pagination' })).toBeVisible();
  await expect(page.locator('figure.tv-hist')).toBeVisible();
}

for (const colorScheme of ['light', 'dark']) {
  test.describe(`no axe violations, ${colorScheme} theme`, () => {
    test.use({ colorScheme });
    // axe reads every node and its colours: slow on a busy machine.
    test.describe.configure({ timeout: 60_000 });

    test('organization view', async ({ page }) => {
      await open(page);
      await settled(page);
      await expect(page.locator('.tv-root')).toHaveAttribute('data-theme', colorScheme);
      expect(await violations(page)).toEqual([]);
    });

    test('an app view', async ({ page }) => {
      await open(page, { path: '/apps/Field%20Reports' });
      await settled(page);
      await expect(page.getByRole('heading', { level: 1 })).toContainText('App: Field Reports');
      expect(await violations(page)).toEqual([]);
    });

    test('query chips, one with a note, and a JSON string opened as a document', async ({ page }) => {
      await open(page, { source: `${LOGS}/logs/packed.json`, params: 'f.Category=forms&q=Inspection' });
      await settled(page);
      const chips = page.getByRole('list', { name: 'Query clauses' }).getByRole('listitem');
      await expect(chips).toHaveCount(2);
      await table(page).locator('tbody tr.tv-row').first().locator('td').first().click();
      const panel = page.getByRole('complementary', { name: 'Entry details' });
      await expect(panel.getByRole('treeitem', { name: /decoded from a string$/ })).toBeVisible();
      expect(await violations(page)).toEqual([]);
      await page.getByRole('combobox', { name: 'Search' }).fill('Inspection nope:x');
      await expect(chips.filter({ hasText: 'searched as text' })).toHaveCount(1);
      expect(await violations(page)).toEqual([]);
    });

    test('entry panel open, with changes', async ({ page }) => {
      // An entry that carries old -> new changes: the panel at its fullest.
      const withChanges = FIXTURE.find((e) => e.type === 'settings.retention.update');
      await open(page, { params: `entry=${withChanges.id}` });
      await settled(page);
      const panel = page.getByRole('complementary', { name: 'Entry details' });
      await expect(panel.getByRole('tree', { name: 'Entry JSON' })).toBeVisible();
      await expect(panel.getByRole('region', { name: 'Changes' })).toBeVisible();
      expect(await violations(page)).toEqual([]);
      await panel.getByRole('tab', { name: 'Raw' }).click();
      await expect(panel.locator('pre')).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });

    test('export dialog', async ({ page }) => {
      await open(page);
      await settled(page);
      await page.getByRole('button', { name: 'Export', exact: true }).click();
      await expect(page.getByRole('dialog', { name: 'Export' })).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });

    test('columns menu', async ({ page }) => {
      await open(page);
      await settled(page);
      await page.getByRole('button', { name: 'Columns' }).click();
      await expect(page.getByRole('group', { name: 'Columns' })).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });

    test('field mapping panel, with a field chosen by hand', async ({ page }) => {
      await open(page);
      await settled(page);
      const actor = page.getByRole('combobox', { name: 'Actor field' });
      // The mapping panel is a lazy part: wait until it shows its choices.
      await expect(actor).toBeVisible();
      await expect.poll(() => actor.locator('option').count()).toBeGreaterThan(2);
      const other = await actor.locator('option').evaluateAll((os) => os.map((o) => o.value).find((v, i) => i > 0 && !os[i].selected));
      await actor.selectOption(other);
      await expect(page).toHaveURL(/map=actor:/);
      await expect(page.getByText('chosen in the mapping (map=)')).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });

    test('history dialog', async ({ page }) => {
      await page.goto(`/?${new URLSearchParams({ source: TRUST, history: 'booking:B-17' })}`);
      const dialog = page.getByRole('dialog', { name: 'History of booking:B-17' });
      await expect(dialog.getByRole('listitem').filter({ hasText: 'booking.cancel' })).toBeVisible();
      await dialog.getByText(/^State as of/).first().click();
      expect(await violations(page)).toEqual([]);
    });

    test('field statistics and what is different', async ({ page }) => {
      await open(page, { source: `${LOGS}/logs/spike.json`, params: 'range=7d' });
      await settled(page);
      await page.getByRole('button', { name: 'Statistics of actor' }).click();
      await expect(page.getByRole('dialog', { name: 'Statistics of actor' }).getByRole('table', { name: 'Top values' })).toBeVisible();
      expect(await violations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'What is different in a span?' }).click();
      const bars = page.getByRole('listbox', { name: /^Entries over time/ }).getByRole('option');
      const labels = await bars.evaluateAll((os) => os.map((o) => o.getAttribute('aria-label')));
      const counts = labels.map((l) => Number((l.match(/: ([\d,]+) entr/) || [0, '0'])[1]));
      await bars.nth(counts.indexOf(Math.max(...counts))).click();
      await expect(page.getByRole('dialog', { name: 'What is different' }).getByRole('table')).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });

    test('the breakdown by two fields', async ({ page }) => {
      await open(page, { source: `${LOGS}/logs/spike.json`, params: 'group=action,ip' });
      await settled(page);
      await expect(page.getByRole('dialog', { name: 'Breakdown' }).getByRole('table', { name: 'Breakdown' })).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });

    test('the bars split by a field, with the legend', async ({ page }) => {
      await open(page, { source: `${LOGS}/gen/array.json?n=237`, params: 'split=userEmail' });
      await settled(page);
      await expect(page.getByRole('list', { name: 'Values of userEmail, top first' }).getByRole('listitem')).toHaveCount(6);
      await page.getByRole('button', { name: 'What is different in a span?' }).click();
      expect(await violations(page)).toEqual([]);
    });

    test('the chain of a followed target, over first-seen marks', async ({ page }) => {
      await open(page, { source: `${LOGS}/logs/chain.json`, params: 'entry=c061&follow=c061' });
      await settled(page);
      await expect(page.getByRole('dialog', { name: 'Follow the actor from entry c061' }).getByRole('listitem')).toHaveCount(5);
      await expect(page.getByRole('group', { name: 'First seen' })).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });

    test('token prompt', async ({ page }) => {
      await page.goto(`/?${new URLSearchParams({ source: `${LOGS}/paged/cursor?style=google&require=bearer` })}`);
      await expect(page.getByRole('heading', { name: 'This endpoint needs a token' })).toBeVisible();
      await expect(page.getByLabel('Token', { exact: true })).toBeFocused();
      expect(await violations(page)).toEqual([]);
    });

    test('a partial log with its uncovered time shaded', async ({ page }) => {
      await page.clock.setFixedTime(NOW);
      await page.goto(`/?${new URLSearchParams({ source: `${LOGS}/gen/array.json?n=237`, limit: '100', from: '2026-10-30T12:00', to: '2026-10-31T13:00' })}`);
      await expect(page.getByText(/The log is partial: nothing before/)).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });

    test('the iframe mode and the not-found page', async ({ page }) => {
      await page.goto(`/embed?${new URLSearchParams({ source: `${LOGS}/logs/e2e.json` })}`);
      await expect(page.getByText(/Loaded 20 entries/)).toBeVisible();
      await settled(page);
      expect(await violations(page)).toEqual([]);
      await page.goto('/no/such/page');
      await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });
  });
}

test('no axe violations inside the <trail-view> widgets (shadow roots), both themes', async ({ page }) => {
  test.setTimeout(60_000);
  // The host page (the log server's origin) loads widget.js from the app's origin;
  // one widget is light, the other dark. Only the widgets are checked, not the host.
  await page.goto(`${LOGS}/host/portal.html?${new URLSearchParams({ bundle: `http://127.0.0.1:${APP_PORT}/`, source: `${LOGS}/logs/e2e.json` })}`);
  for (const id of ['org', 'booking']) {
    const w = page.locator(`trail-view#${id}`);
    await expect(w.getByRole('status').filter({ hasText: /^Loaded 20 entries/ })).toBeVisible();
    await expect(w.locator('figure.tv-hist')).toBeVisible();
  }
  await expect(page.locator('trail-view#booking .tv-root')).toHaveAttribute('data-theme', 'dark');
  expect(await violations(page, 'trail-view')).toEqual([]);
  // With the entry panel and the export dialog open in one of them.
  const org = page.locator('trail-view#org');
  await org.getByRole('table', { name: 'Audit log entries' }).locator('tbody tr.tv-row').first().click();
  // In a widget the panel is a group, not a landmark of the host's page.
  await expect(org.getByRole('group', { name: 'Entry details' })).toBeVisible();
  await org.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(org.getByRole('dialog', { name: 'Export' })).toBeVisible();
  expect(await violations(page, 'trail-view')).toEqual([]);
});

/** The element a screen reader announces as the listbox's current option. */
const activeOption = (listbox) => listbox.evaluate((el) => {
  const id = el.getAttribute('aria-activedescendant');
  return id ? el.querySelector(`#${CSS.escape(id)}`)?.getAttribute('aria-label') : null;
});

/** `2026-10-31 10:00` (UTC, as the bars say it) as epoch ms. */
const utc = (text) => Date.parse(`${text.replace(' ', 'T')}:00Z`);

test('the histogram brush works from the keyboard: arrows, Shift+arrows, Enter applies, Esc cancels', async ({ page }) => {
  await open(page);
  await settled(page);
  const hist = page.getByRole('listbox', { name: /^Entries over time/ });
  const bars = hist.getByRole('option');
  const names = await bars.evaluateAll((os) => os.map((o) => o.getAttribute('aria-label')));
  const n = names.length;
  // One Tab stop: from the last control before it (the sidebar's last), Tab lands on it.
  await page.getByRole('complementary', { name: 'Facets and field mapping' }).locator('button, select, summary').last().focus();
  await page.keyboard.press('Tab');
  await expect(hist).toBeFocused();
  expect(await hist.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
  // The first bar is current, announced and shown under the bars.
  expect(await activeOption(hist)).toBe(names[0]);
  const tip = page.locator('figure.tv-hist figcaption');
  await expect(tip).toContainText(names[0]);
  await page.keyboard.press('ArrowRight');
  expect(await activeOption(hist)).toBe(names[1]);
  await page.keyboard.press('End');
  expect(await activeOption(hist)).toBe(names[n - 1]);
  await expect(tip).toContainText(names[n - 1]);
  // Shift+← three times: the last four bars are selected.
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowLeft');
  await expect(hist.getByRole('option', { selected: true })).toHaveCount(4);
  expect(await activeOption(hist)).toBe(names[n - 4]);
  const count = (name) => Number(name.match(/: ([\d,]+) entr/)[1].replace(/,/g, ''));
  const inRange = names.slice(n - 4).reduce((s, x) => s + count(x), 0);
  await expect(tip).toContainText(`: ${inRange} entr`);
  // Esc drops the selection and nothing else; the URL keeps its range.
  const before = page.url();
  await page.keyboard.press('Escape');
  await expect(hist.getByRole('option', { selected: true })).toHaveCount(0);
  expect(page.url()).toBe(before);
  // The cursor stayed where it was; from the last bar again, and Enter applies the
  // range: those four bars, and the rows are theirs.
  expect(await activeOption(hist)).toBe(names[n - 4]);
  await page.keyboard.press('End');
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowLeft');
  await page.keyboard.press('Enter');
  const [from] = names[n - 4].split(' – ');
  const to = names[n - 1].split(' – ')[1].split(': ')[0];
  await expect(page).toHaveURL(new RegExp(`from=${new Date(utc(from)).toISOString()}&to=${new Date(utc(to)).toISOString()}`.replace(/[.]/g, '\\.')));
  await expect(page.getByLabel("From", { exact: true })).toHaveValue(from.replace(" ", "T"));
  await expect(table(page).locator('tbody tr.tv-row')).toHaveCount(inRange);
  await expect(page.getByRole('status').filter({ hasText: /match/ })).toHaveText(`${inRange} ${inRange === 1 ? 'entry matches' : 'entries match'}`);
  // Focus stays on the histogram, now over the chosen range, ready for the next move.
  await expect(hist).toBeFocused();
  await page.keyboard.press('ArrowRight');
  expect(await activeOption(hist)).toMatch(new RegExp(`^${from}`));
});

test('Esc in the histogram cancels its selection before it closes the entry panel', async ({ page }) => {
  await open(page);
  await settled(page);
  await table(page).locator('tbody tr.tv-row').first().click();
  const panel = page.getByRole('complementary', { name: 'Entry details' });
  await expect(panel).toBeVisible();
  const hist = page.getByRole('listbox', { name: /^Entries over time/ });
  await hist.focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+ArrowRight');
  await expect(hist.getByRole('option', { selected: true })).toHaveCount(2);
  await page.keyboard.press('Escape');
  await expect(hist.getByRole('option', { selected: true })).toHaveCount(0);
  await expect(panel).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
});

test('the export dialog keeps Tab inside and gives focus back to Export when it closes', async ({ page }) => {
  await open(page);
  await settled(page);
  const exportButton = page.getByRole('button', { name: 'Export', exact: true });
  await exportButton.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await expect(dialog).toBeFocused();
  const inside = () => dialog.evaluate((d) => d.contains(document.activeElement) && document.activeElement !== d);
  // Tab from the last control (Close) wraps to the first, Shift+Tab back again.
  const first = dialog.getByRole('radio', { name: /^All filtered rows/ });
  const close = dialog.getByRole('button', { name: 'Close' });
  await close.focus();
  await page.keyboard.press('Tab');
  await expect(first).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(close).toBeFocused();
  // Round and round: focus never leaves the dialog, either way.
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    expect(await inside()).toBe(true);
  }
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Shift+Tab');
    expect(await inside()).toBe(true);
  }
  // Esc closes it and Export has focus again; so does Close.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(exportButton).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeFocused();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(exportButton).toBeFocused();
});

test('the history dialog keeps Tab inside and gives focus back to its button', async ({ page }) => {
  await page.goto(`/?${new URLSearchParams({ source: TRUST })}`);
  await table(page).locator('tbody tr.tv-row').filter({ hasText: 't04' }).first().click();
  const opener = page.getByRole('complementary', { name: 'Entry details' }).getByRole('button', { name: 'History of booking:B-17' });
  await opener.click();
  const dialog = page.getByRole('dialog', { name: 'History of booking:B-17' });
  await expect(dialog).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
  await page.keyboard.press('Tab');
  expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
});

test('the columns menu and the entry panel give focus back when Esc closes them', async ({ page }) => {
  await open(page);
  await settled(page);
  const columns = page.getByRole('button', { name: 'Columns' });
  await columns.click();
  const menu = page.getByRole('group', { name: 'Columns' });
  await menu.getByRole('checkbox').first().focus();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(columns).toBeFocused();
  // The entry panel: opened from a row, closed from inside it.
  const row = table(page).locator('tbody tr.tv-row').nth(2);
  await row.focus();
  await page.keyboard.press('Enter');
  const panel = page.getByRole('complementary', { name: 'Entry details' });
  await panel.getByRole('tab', { name: 'Raw' }).click();
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(row).toBeFocused();
});

test('the export dialog in a widget traps Tab and returns focus inside its shadow root', async ({ page }) => {
  await page.goto(`${LOGS}/host/portal.html?${new URLSearchParams({ bundle: `http://127.0.0.1:${APP_PORT}/`, source: `${LOGS}/logs/e2e.json` })}`);
  const org = page.locator('trail-view#org');
  await expect(org.getByRole('status').filter({ hasText: /^Loaded 20 entries/ })).toBeVisible();
  const exportButton = org.getByRole('button', { name: 'Export', exact: true });
  await exportButton.click();
  const dialog = org.getByRole('dialog', { name: 'Export' });
  await expect(dialog).toBeFocused();
  await dialog.getByRole('button', { name: 'Close' }).focus();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('radio', { name: /^All filtered rows/ })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(exportButton).toBeFocused();
});

test('every control shows a focus ring when Tab reaches it', async ({ page }) => {
  await open(page);
  await settled(page);
  await table(page).locator('tbody tr.tv-row').first().click();
  await expect(page.getByRole('complementary', { name: 'Entry details' })).toBeVisible();
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  await page.evaluate(() => { window.tabbed = []; });
  const reached = [];
  // Tab through the whole page once, until focus is back on the first control (a
  // date field takes several Tabs, one per part).
  for (let i = 0; i < 500; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body || el === window.tabbed.at(-1)) return null;
      const again = el === window.tabbed[0];
      window.tabbed.push(el);
      const s = getComputedStyle(el);
      const what = `${el.tagName.toLowerCase()} ${el.getAttribute('aria-label') ?? el.textContent.trim().slice(0, 30)}`;
      return { what, again, ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 };
    });
    if (!f) continue;
    if (f.again) break;
    reached.push(f.what);
    expect(f.ring, `${f.what} shows no focus ring`).toBe(true);
  }
  // Buttons, fields, selects, links, sort buttons, resize handles, rows, the
  // histogram and the entry panel's controls were all among them.
  const all = reached.join('\n');
  for (const kind of [/^button Dark mode$/m, /^input Search$/m, /^input From$/m, /^select Rows per page$/m, /^a Permalink$/m,
    /^button createdAt/m, /^span Resize column createdAt$/m, /^tr Entry 5020$/m, /^svg Entries over time/m,
    /^button Close entry details$/m, /^button Filter for value$/m, /^summary Field mapping$/m]) expect(all).toMatch(kind);
});

test('a polite live region says how many entries match once the rows settle, and only after a change', async ({ page }) => {
  await open(page, { params: 'size=10' });
  await settled(page);
  // Everything a live region says, in order.
  await page.evaluate(() => {
    window.said = [];
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('[role=status]')) {
        const t = el.textContent.trim();
        if (/match(es)?$/.test(t) && window.said.at(-1) !== t) window.said.push(t);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const matches = page.getByRole('status').filter({ hasText: /match(es)?$/ });
  // Loading said nothing; neither does a page flip.
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(status(page)).toHaveText('Showing 11–20 of 20');
  await page.waitForTimeout(900);
  expect(await page.evaluate(() => window.said)).toEqual([]);
  // A typed search: said once, when the typing stops, with the count the rows show.
  const expected = FIXTURE.filter((e) => JSON.stringify(e).toLowerCase().includes('grace')).length;
  await typeInto(page.getByRole('combobox', { name: 'Search' }), 'grace');
  await expect(matches).toHaveText(`${expected} ${expected === 1 ? 'entry matches' : 'entries match'}`);
  await expect(table(page).locator('tbody tr.tv-row')).toHaveCount(expected);
  expect(await page.evaluate(() => window.said)).toEqual([`${expected} ${expected === 1 ? 'entry matches' : 'entries match'}`]);
  // One entry: singular. None: said so.
  await typeInto(page.getByRole('combobox', { name: 'Search' }), '0badc0de');
  await expect(matches).toHaveText('1 entry matches');
  await typeInto(page.getByRole('combobox', { name: 'Search' }), 'no-such-thing-anywhere');
  await expect(matches).toHaveText('No entries match');
  // A facet click is a change too.
  await page.getByRole('combobox', { name: 'Search' }).fill('');
  await expect(matches).toHaveText('20 entries match');
  const action = page.getByRole('group', { name: 'Action (type)' }).getByRole('button').first();
  const [, n] = (await action.innerText()).match(/([\d,]+)\s*$/);
  await action.click();
  await expect(matches).toHaveText(`${n} ${n === '1' ? 'entry matches' : 'entries match'}`);
});
