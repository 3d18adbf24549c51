// Interface latency with a large log: from an input event to painted rows, for a
// search keystroke, a filter change, a sort and a page change (20 samples each,
// median). A measurement, not a test: it prints JSON and asserts nothing.
// usage: node tests/e2e/perf.mjs /path/to/a100k.json [samples]   (after `make build`)
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serveDist } from '../../scripts/serve.mjs';

const file = path.resolve(process.argv[2] || '/tmp/a100k.json');
const samples = +(process.argv[3] || 20);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

const data = http.createServer((req, res) => {
  const st = fs.statSync(file);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': st.size, 'access-control-allow-origin': '*' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => data.listen(0, '127.0.0.1', r));
const source = `http://127.0.0.1:${data.address().port}/${path.basename(file)}`;
const app = await serveDist({ dist: path.join(root, 'dist') });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'],
});
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const out = { data: path.basename(file), samples };
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const t0 = Date.now();
  await page.goto(`${app.base}/?source=${encodeURIComponent(source)}`);
  await page.getByText(/Loaded [\d,]+ entries/).waitFor({ timeout: 120_000 });
  await page.locator('tbody tr.tv-row').first().waitFor();
  out.load_to_first_rows_ms = Date.now() - t0;
  out.entries = await page.getByText(/Loaded [\d,]+ entries/).textContent();

  // Runs `act` in the page and resolves with ms until the rows changed and the next frame was painted.
  const measure = (act, arg) => page.evaluate(async ([act, arg]) => {
    const tbody = document.querySelector('tbody');
    const t = performance.now();
    const painted = new Promise((resolve) => {
      const mo = new MutationObserver(() => {
        mo.disconnect();
        const dom = performance.now() - t;
        requestAnimationFrame(() => setTimeout(() => resolve([performance.now() - t, dom]), 0));
      });
      mo.observe(tbody, { childList: true, subtree: true, characterData: true });
    });
    const fire = (el, type) => el.dispatchEvent(new Event(type, { bubbles: true }));
    if (act === 'search' || act === 'filter') {
      const el = act === 'search' ? document.querySelector('input[aria-label="Search"]') : document.querySelector('input[aria-label="Filter type"]');
      el.value = arg;
      fire(el, 'input');
    } else if (act === 'sort') {
      [...document.querySelectorAll('thead th')].find((th) => th.textContent.startsWith('userEmail')).querySelector('button').click();
    } else if (act === 'page') {
      document.querySelector('button[aria-label="Next page"]').click();
    }
    return painted;
  }, [act, arg]);

  const run = async (name, act, args) => {
    const times = [], dom = [];
    for (let i = 0; i < samples; i++) {
      const [t, d] = await measure(act, args[i % args.length]);
      times.push(t);
      dom.push(d);
    }
    // median: input -> rows painted; dom: input -> rows changed in the DOM.
    out[`${name}_ms`] = { median: +median(times).toFixed(1), max: +Math.max(...times).toFixed(1), dom_median: +median(dom).toFixed(1) };
  };
  // Each step changes the rows: a new query, a new filter, the next sort state, the next page.
  await run('search_keystroke', 'search', ['lovelace', 'hopper', 'email.bou', 'torvalds', 'knuth']);
  await measure('search', '');
  await run('filter_change', 'filter', ['email', 'user.login', 'invoice', '=screen.view', 'app.*']);
  await measure('filter', '');
  await run('sort', 'sort', ['']);
  await run('page_change', 'page', ['']);
  out.js_heap_mb = await page.evaluate(() => Math.round(performance.memory.usedJSHeapSize / 1048576));
} finally {
  await browser.close();
  await app.close();
  data.close();
}
console.log(JSON.stringify(out, null, 1));
