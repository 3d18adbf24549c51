// Completion in the search box, a combobox by the ARIA pattern: field names with
// their counts, then the field's values with counts, by keyboard (↑/↓, Enter, Tab,
// Esc) or mouse, announced to screen readers; axe finds nothing wrong while it is open.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { LOGS, NOW, status } from './helpers.mjs';

// 200 entries: `type` cycles through 5 kinds (40 each), userEmail through user0..user16.
const SOURCE = `${LOGS}/gen/array.json?n=200`;

async function open(page) {
  await page.clock.setFixedTime(NOW);
  await page.goto(`/?${new URLSearchParams({ source: SOURCE })}`);
  await expect(status(page)).toHaveText(/of 200$/);
}

const box = (page) => page.getByRole('combobox', { name: 'Search' });
const list = (page) => page.getByRole('listbox', { name: 'Suggestions' });
/** The options' texts, each with its count ("type200"). */
const options = (page) => list(page).getByRole('option');

test('field, then value, by keyboard: the rows follow', async ({ page }) => {
  await open(page);
  const search = box(page);
  await expect(search).toHaveAttribute('aria-expanded', 'false');
  await search.click();
  await search.pressSequentially('ty');
  // The field offered with how many entries have it, announced politely.
  await expect(options(page)).toHaveText(['type200']);
  await expect(search).toHaveAttribute('aria-expanded', 'true');
  await expect(search).toHaveAttribute('aria-controls', await list(page).getAttribute('id'));
  await expect(page.getByText('1 suggestion', { exact: true })).toBeAttached();
  // Nothing highlighted until ↓.
  await expect(search).not.toHaveAttribute('aria-activedescendant', /./);
  await search.press('ArrowDown');
  const first = options(page).first();
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await expect(search).toHaveAttribute('aria-activedescendant', await first.getAttribute('id'));
  await search.press('Enter');
  await expect(search).toHaveValue('type:');
  // The field's top values with their counts (ties by text), then its operators.
  await expect(options(page)).toHaveText([
    'app.publish40', 'booking.created40', 'email.delivered40', 'mediaFile.create40', 'user.login40', 'type:*200',
  ]);
  await expect(page.getByText('6 suggestions', { exact: true })).toBeAttached();
  for (let i = 0; i < 5; i++) await search.press('ArrowDown');
  const login = options(page).filter({ hasText: 'user.login' });
  await expect(login).toHaveAttribute('aria-selected', 'true');
  await expect(search).toHaveAttribute('aria-activedescendant', await login.getAttribute('id'));
  // ↑ wraps around to the last option and back.
  await search.press('ArrowDown');
  await search.press('ArrowUp');
  await expect(login).toHaveAttribute('aria-selected', 'true');
  await search.press('Enter');
  await expect(search).toHaveValue('type:user.login');
  await expect(status(page)).toHaveText(/^Showing 1–40 of 40\b/);
  // A value ends the term: the list closes.
  await expect(search).toHaveAttribute('aria-expanded', 'false');
  await expect(list(page)).toBeHidden();
  await expect(search).toBeFocused();
});

test('Tab accepts, typing filters the values, a click accepts too', async ({ page }) => {
  await open(page);
  const search = box(page);
  await search.click();
  await search.pressSequentially('userE');
  await expect(options(page)).toHaveText(['userEmail200']);
  await search.press('ArrowDown');
  await expect(options(page).first()).toHaveAttribute('aria-selected', 'true');
  await search.press('Tab');
  await expect(search).toHaveValue('userEmail:');
  await expect(search).toBeFocused();
  await search.pressSequentially('user1');
  // Starting with the text first (user1, user10..user16), most entries first.
  await expect(options(page).first()).toHaveText(/^user1(\d)?@acme\.test\d+$/);
  await expect(options(page)).toHaveCount(8);
  await options(page).filter({ hasText: 'user12@acme.test' }).click();
  await expect(search).toHaveValue('userEmail:user12@acme.test');
  await expect(status(page)).toHaveText(/of 12\b/);
  await expect(search).toBeFocused();
  // After a complete term and a space: the joiners.
  await search.press('End');
  await search.pressSequentially(' ');
  await expect(options(page)).toHaveText(['AND', 'OR', 'NOT']);
});

test('Esc closes the list, and the next Esc is the explorer\'s again', async ({ page }) => {
  await open(page);
  // An entry open in its panel: the explorer's Esc closes it.
  await page.getByRole('table', { name: 'Audit log entries' }).locator('tbody tr.tv-row').first().locator('td').first().click();
  const panel = page.getByRole('complementary', { name: 'Entry details' });
  await expect(panel).toBeVisible();
  const search = box(page);
  await search.click();
  await search.pressSequentially('ty');
  await expect(list(page)).toBeVisible();
  await search.press('Escape');
  await expect(list(page)).toBeHidden();
  await expect(search).toHaveAttribute('aria-expanded', 'false');
  await expect(search).toHaveValue('ty');
  await expect(panel).toBeVisible();
  await search.press('Escape');
  await expect(panel).toBeHidden();
  // ↓ opens the list again.
  await search.fill('ty');
  await search.press('Escape');
  await search.press('ArrowDown');
  await expect(list(page)).toBeVisible();
});

for (const colorScheme of ['light', 'dark']) {
  test(`no axe violations with the list open, ${colorScheme} theme`, async ({ page }) => {
    test.setTimeout(60_000);
    await page.emulateMedia({ colorScheme });
    await open(page);
    const search = box(page);
    await search.click();
    await search.pressSequentially('type:');
    await expect(options(page)).toHaveCount(6);
    await search.press('ArrowDown');
    const { violations } = await new AxeBuilder({ page })
      .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
      .analyze();
    expect(violations.map((v) => `${v.id}: ${v.help} · ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
  });
}
