// What a host pays for one <trail-view>: the bytes it downloads (widget.js, the
// JavaScript, the wasm and the styles, gzipped) and the time from the <script> tag
// to the first rows of the demo log, in headless Chromium, the host page on another
// origin than the bundle. A measurement, not a test: it prints JSON, asserts nothing.
// usage: node benches/widget.mjs [--runs 5]   (after make build)
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { serveDist } from '../scripts/serve.mjs';

const arg = (k, d) => { const i = process.argv.indexOf(`--${k}`); return i > 0 ? process.argv[i + 1] : d; };
const runs = +arg('runs', '5');
const dist = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'dist');
const widget = fs.readFileSync(path.join(dist, 'widget.js'), 'utf8');
const files = JSON.parse(widget.match(/const FILES = (\{.*\});/)[1]);
const gz = (f) => zlib.gzipSync(fs.readFileSync(path.join(dist, f)), { level: 9 }).length;
const sizes = { 'widget.js': gz('widget.js'), js: gz(files.js), wasm: gz(files.wasm), css: ['widget.css', ...files.css].reduce((n, f) => n + gz(f), 0) };
sizes.total = Object.values(sizes).reduce((a, b) => a + b, 0);

const app = await serveDist({ dist });
const host = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><title>host</title><body>
<script>window.t0 = performance.now();</script>
<script type="module" src="${app.base}/widget.js"></script>
<trail-view height="600px"></trail-view></body>`);
});
await new Promise((r) => host.listen(0, '127.0.0.1', r));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const times = [];
try {
  for (let i = 0; i < runs; i++) {
    // A fresh context each time: nothing cached, as on a first visit.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${host.address().port}/`);
    const ms = await page.waitForFunction(() => {
      const row = document.querySelector('trail-view')?.shadowRoot?.querySelector('tbody tr.tv-row');
      return row ? performance.now() - window.t0 : null;
    }, null, { polling: 'raf', timeout: 60_000 });
    times.push(Math.round(await ms.jsonValue()));
    await context.close();
  }
} finally {
  await browser.close();
  await app.close();
  host.close();
}
const median = [...times].sort((a, b) => a - b)[(times.length - 1) >> 1];
console.log(JSON.stringify({ gzip_bytes: sizes, script_to_first_rows_ms: { median, runs: times } }, null, 1));
