// Shared steps for the end-to-end specs: open a view against the test endpoint with
// a fixed clock, and read the table the way a user sees it.
import { expect } from '@playwright/test';

export const LOGS = 'http://127.0.0.1:4174';
/** The instant the tests pretend it is (the fixture's newest entry is an hour older). */
export const NOW = new Date('2026-11-01T00:00:00Z');

/** Opens `path` (with extra query `params`) on `source`, and waits until it has loaded. */
export async function open(page, { path = '/', source = `${LOGS}/logs/e2e.json`, params = '', entries } = {}) {
  await page.clock.setFixedTime(NOW);
  const q = new URLSearchParams(params);
  if (source) q.set('source', source);
  const qs = q.toString();
  await page.goto(qs ? `${path}?${qs}` : path);
  await expect(page.getByText(/Loaded [\d,]+ entries/)).toBeVisible();
  if (entries !== undefined) await expect(page.getByText(`Loaded ${entries} entries`)).toBeVisible();
}

/** The table. */
export const table = (page) => page.getByRole('table', { name: 'Audit log entries' });

/** Texts of column `name` in the page's rows, top to bottom. The table renders only
 *  the rows in its view, so this scrolls it through the page as a reader would (and
 *  back to where it was), reading each row by its `aria-rowindex`. */
export async function column(page, name) {
  const headers = await table(page).locator('thead tr').first().locator('th').allInnerTexts();
  const index = headers.findIndex((h) => h.split('\n')[0].replace(/[▲▼↕]/g, '').trim() === name);
  if (index < 0) throw new Error(`no column ${name} in ${headers.join(' | ')}`);
  return table(page).evaluate(async (t, i) => {
    const scroller = t.parentElement; // the table's own scroll container
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const rows = Math.max(0, Number(t.getAttribute('aria-rowcount') || 2) - 2);
    const texts = new Array(rows);
    const read = () => {
      for (const r of t.querySelectorAll('tbody tr.tv-row')) {
        texts[Number(r.getAttribute('aria-rowindex')) - 3] = r.children[i]?.textContent ?? '';
      }
    };
    const was = scroller.scrollTop;
    read();
    // Scroll to the first row not read yet until every row is read (a few tries each).
    for (let tries = 0; texts.includes(undefined) && tries < rows + 50; tries++) {
      const hole = Array.from(texts).findIndex((x) => x === undefined);
      const row = t.querySelector('tbody tr.tv-row');
      const rowPx = row ? row.getBoundingClientRect().height : 30;
      scroller.scrollTop = Math.max(0, hole * rowPx - rowPx);
      await frame();
      read();
    }
    if (scroller.scrollTop !== was) {
      scroller.scrollTop = was;
      await frame();
    }
    return Array.from(texts, (x) => x ?? null);
  }, index);
}

/** The status line under the table ("Showing 1–25 of 412", "No entries"). */
export const status = (page) => page.getByRole('navigation', { name: 'Pagination' }).getByText(/^(Showing [\d,]+–|No entries)/);

/** Types into a search box as a person would. */
export async function typeInto(locator, text) {
  await locator.click();
  await locator.fill('');
  await locator.pressSequentially(text);
}

/** The hand-made fixture, as the endpoint serves it. */
import fs from 'node:fs';
export const FIXTURE = JSON.parse(fs.readFileSync(new URL('../fixtures/e2e-log.json', import.meta.url)));

/** Entry ids as written in the fixture (JSON.parse would round 9007199254740993). */
export const FIXTURE_IDS = [...fs.readFileSync(new URL('../fixtures/e2e-log.json', import.meta.url), 'utf8')
  .matchAll(/^  "id": (\d+),$/gm)].map((m) => m[1]);

/** Fixture entries newest first (the default order). */
export const newestFirst = () => [...FIXTURE].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

/** `2026-10-31T11:00:00.000Z` shown in UTC: `2026-10-31 11:00:00`. */
export const shown = (iso) => iso.slice(0, 19).replace('T', ' ');

/** The histogram: a listbox with one option per bar. */
export const histogram = (page) => page.getByRole('listbox', { name: /^Entries over time/ });

/** The histogram's bars as a screen reader lists them: each option's name, first to last. */
export async function barNames(page) {
  const tree = await histogram(page).ariaSnapshot();
  return [...tree.matchAll(/^\s*- '?option "([^"]*)"/gm)].map((m) => m[1]);
}

/** Sum of the counts the histogram's bars say. */
export async function histogramTotal(page) {
  const names = await barNames(page);
  return names.reduce((n, l) => n + Number(l.match(/: ([\d,]+) entr(?:y|ies)(?: \((?:partly )?not loaded\))?$/)[1].replace(/,/g, '')), 0);
}

/** A minimal RFC 4180 CSV reader (quotes, doubled quotes, CRLF). */
export function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

/** Clicks `button` and returns the downloaded file's name and bytes. */
export async function download(page, button) {
  const [d] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: d.suggestedFilename(), bytes: fs.readFileSync(await d.path()) };
}

/** Each bar's name, and the entries its stacks name add up to (none when unsplit). */
export async function barsOf(page) {
  const bars = page.getByRole('listbox', { name: /^Entries over time/ }).getByRole('option');
  const labels = await bars.evaluateAll((os) => os.map((o) => o.getAttribute('aria-label')));
  return labels.map((l) => {
    const count = Number((l.match(/: ([\d,]+) entr/) || [0, '0'])[1].replace(/,/g, ''));
    const parts = (l.match(/\(([^()]*)\)$/) || [])[1];
    const sum = parts === undefined ? undefined
      : parts.split(', ').reduce((n, p) => n + Number(p.slice(p.lastIndexOf(' ') + 1).replace(/,/g, '')), 0);
    return { label: l, count, sum };
  });
}
