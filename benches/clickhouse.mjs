// The ClickHouse mode at scale, in the real app in headless Chromium, against the
// two-shard deployment of `make clickhouse` (10,000,000 entries by default), through
// its Distributed table. For "all time" and for "last 7 days" it measures, as medians:
//   first screen    Enter in the Token field to the count, page, facets and histogram
//                   all answered and painted;
//   search keystroke, column filter, sort, page change, facet click
//                   input event to the new rows painted (rows_ms), and to every query
//                   of the view answered and painted (all_ms).
// Then the browser's memory: JS heap, wasm memory and the renderer's PSS, beside the
// PSS of a renderer showing one paragraph (Chromium's own share).
// A measurement, not a test: it prints JSON and asserts nothing.
// usage: node benches/clickhouse.mjs [--dir target/clickhouse] [--samples 7]   (after `make build`)
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { serveDist } from '../scripts/serve.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const dir = path.resolve(arg('dir', path.join(root, 'target', 'clickhouse')));
const samples = +arg('samples', 7);
const state = JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8'));
const source = `clickhouse+${state.CH_URL}?table=${state.CH_TABLE}&user=${state.CH_USER}`;

// "Now" is the log's newest entry, so that the last 7 days hold a week of it.
const newest = execFileSync('curl', ['-sS', '--data-binary',
  `SELECT toUInt32(max(createdAt)) FROM ${state.CH_TABLE}`, state.CH_URL]).toString().trim();
const NOW = new Date((+newest + 1) * 1000);

const median = (xs) => +[...xs].sort((a, b) => a - b)[xs.length >> 1].toFixed(1);
const app = await serveDist({ dist: path.join(root, 'dist') });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'],
});
const out = { rows: state.CH_ROWS, table: state.CH_TABLE, now: NOW.toISOString(), samples };

/** The page's used JS heap (MB), as DevTools counts it. */
async function heap(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  return +(metrics.find((m) => m.name === 'JSHeapUsedSize').value / 1048576).toFixed(1);
}

/** Opens the view `params`, types the password; resolves with ms from Enter to all painted. */
async function open(page, params) {
  const q = new URLSearchParams(params);
  q.set('source', source);
  await page.goto(`${app.base}/?${q}`);
  const token = page.getByLabel('Token', { exact: true });
  await token.waitFor({ timeout: 30_000 });
  await token.fill(state.CH_PASSWORD);
  const t = await page.evaluate(() => performance.now());
  await token.press('Enter');
  await page.locator('tbody tr.tv-row').first().waitFor({ timeout: 60_000 });
  await page.locator('figure.tv-hist').waitFor({ timeout: 60_000 });
  await page.locator('section.tv-facet').first().waitFor({ timeout: 60_000 });
  await page.locator('.tv-query[aria-busy="false"]').waitFor({ state: 'attached', timeout: 60_000 });
  return page.evaluate((t) => new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now() - t), 0))), t);
}

/** Runs `act` in the page: ms to the rows changed and painted, and to no query in flight and painted. */
const measure = (page, act, a) => page.evaluate(async ([act, a]) => {
  const tbody = document.querySelector('tbody');
  const status = document.querySelector('.tv-query');
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const t = performance.now();
  const rows = new Promise((resolve) => {
    const mo = new MutationObserver(() => { mo.disconnect(); frame().then(() => resolve(performance.now() - t)); });
    mo.observe(tbody, { childList: true, subtree: true, characterData: true });
  });
  // Settled: the busy flag went up for this change, then down again.
  const all = new Promise((resolve) => {
    let seen = false;
    const check = () => {
      const busy = status.getAttribute('aria-busy') === 'true';
      if (busy) seen = true;
      if (seen && !busy) { mo.disconnect(); frame().then(() => resolve(performance.now() - t)); }
    };
    const mo = new MutationObserver(check);
    mo.observe(status, { attributes: true, attributeFilter: ['aria-busy'] });
  });
  const fire = (el, type) => el.dispatchEvent(new Event(type, { bubbles: true }));
  if (act === 'search' || act === 'filter') {
    const el = document.querySelector(act === 'search' ? 'input[aria-label="Search"]' : 'input[aria-label="Filter type"]');
    el.value = a;
    fire(el, 'input');
  } else if (act === 'sort') {
    [...document.querySelectorAll('thead th')].find((th) => th.textContent.startsWith('userEmail')).querySelector('button').click();
  } else if (act === 'facet') {
    document.querySelectorAll('section.tv-facet[aria-label^="Action"] button.tv-facet__value')[a].click();
  } else if (act === 'page') {
    document.querySelector('button[aria-label="Next page"]').click();
  }
  // A change that never settles is reported, not waited for forever.
  const late = new Promise((r) => setTimeout(() => r(NaN), 60_000));
  const [r, s] = await Promise.all([Promise.race([rows, late]), Promise.race([all, late])]);
  return { rows: r, all: s };
}, [act, a]);

try {
  for (const [name, params] of [['all_time', {}], ['last_7_days', { range: '7d' }]]) {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.clock.setFixedTime(NOW);
    const first = [];
    for (let i = 0; i < Math.min(samples, 5); i++) first.push(await open(page, params));
    const res = { first_screen_ms: median(first) };
    const run = async (key, act, args, after) => {
      const rows = [], all = [];
      for (let i = 0; i < samples; i++) {
        const m = await measure(page, act, args[i % args.length]);
        console.error(name, key, i, JSON.stringify(m));
        rows.push(m.rows);
        all.push(m.all);
        if (after) await after();
      }
      res[key] = { rows_ms: median(rows), all_ms: median(all), max_all_ms: +Math.max(...all).toFixed(1) };
    };
    const reset = (act) => async () => { await measure(page, act, ''); };
    await run('search_keystroke', 'search', ['lovelace', 'hopper', 'email.bou', 'torvalds', 'knuth'], reset('search'));
    await run('column_filter', 'filter', ['email', 'user.login', 'invoice', '=screen.view', 'app.'], reset('filter'));
    await run('facet_click', 'facet', [0, 1, 2, 3, 4], reset('filter'));
    // The next page in time order, then a sort (which leaves the time order behind).
    await run('page_change', 'page', ['']);
    await run('sort', 'sort', ['']);
    res.js_heap_mb = await heap(page);
    out[name] = res;
    await page.close();
  }
  // The renderer of one open page, as the OS counts it (proportional set size): first
  // of a page holding one paragraph (what Chromium itself takes), then of the app.
  const rendererPss = () => +(execFileSync('bash', ['-c',
    `for p in $(pgrep -f -- '--type=renderer'); do awk '/^Pss:/{print $2}' /proc/$p/smaps_rollup 2>/dev/null; done | sort -n | tail -1`]).toString().trim() / 1024).toFixed(1);
  const blank = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await blank.setContent('<p>Trailview</p>');
  await new Promise((r) => setTimeout(r, 1_000));
  out.blank_renderer_pss_mb = rendererPss();
  await blank.close();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript(() => addEventListener('TrunkApplicationStarted', (e) => { window.__tvMemory = e.detail.wasm.memory; }));
  await page.clock.setFixedTime(NOW);
  await open(page, {});
  await measure(page, 'search', 'lovelace');
  out.renderer_pss_mb = rendererPss();
  out.wasm_memory_mb = await page.evaluate(() => +((window.__tvMemory?.buffer.byteLength || 0) / 1048576).toFixed(1));
  out.js_heap_mb = await heap(page);
} finally {
  await browser.close();
  await app.close();
}
console.log(JSON.stringify(out, null, 1));
