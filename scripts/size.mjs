// `make size`: what the app weighs as a user fetches it, gzip -9 of each file.
// - the organization view and a <trail-view> widget (host page on another origin):
//   every file of the bundle fetched before the first rows are painted (the log's
//   own bytes not counted), in headless Chromium, nothing cached;
// - each lazy chunk (src/ui/lazy.rs), fetched on first use or when idle;
// - beside them, the embeddable viewers' packages measured the same way (`npm pack`,
//   gzip -9 of the shipped JavaScript, with their React peers), when npm is reachable.
// A measurement, not a test: it prints a table and JSON, asserts nothing.
// usage: node scripts/size.mjs [--dist dist] [--no-peers]   (after make build)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { serveDist } from './serve.mjs';

const arg = (k, d) => { const i = process.argv.indexOf(`--${k}`); return i > 0 ? process.argv[i + 1] : d; };
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dist = path.resolve(arg('dist', path.join(root, 'dist')));
const gz = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;

/** The bundle's files the page fetched before its first rows were painted. */
async function firstScreen(browser, url, rowsIn) {
  const context = await browser.newContext();
  const page = await context.newPage();
  // The first frame with rows, seen from inside the page; requests started later
  // (chunks prefetched after the rows) are not part of the first screen.
  await page.addInitScript(`(() => {
    const rows = ${rowsIn};
    const look = () => { if (rows()) window.__rowsAt = performance.now(); else requestAnimationFrame(look); };
    requestAnimationFrame(look);
  })()`);
  await page.goto(url);
  await page.waitForFunction(() => window.__rowsAt !== undefined, null, { timeout: 60_000 });
  const fetched = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => e.startTime <= window.__rowsAt).map((e) => e.name).concat(location.href));
  const files = fetched
    .filter((u) => u.startsWith(app.base))
    .map((u) => decodeURIComponent(new URL(u).pathname).replace(/^\//, '') || 'index.html')
    .filter((f) => f && !f.endsWith('.json') && fs.existsSync(path.join(dist, f)));
  await context.close();
  const sizes = Object.fromEntries(files.map((f) => [f, gz(path.join(dist, f))]));
  return { total: Object.values(sizes).reduce((a, b) => a + b, 0), files: sizes };
}

const app = await serveDist({ dist });
const host = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><title>host</title><body>
<script type="module" src="${app.base}/widget.js"></script>
<trail-view height="600px"></trail-view></body>`);
});
await new Promise((r) => host.listen(0, '127.0.0.1', r));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
let org, widget;
try {
  org = await firstScreen(browser, `${app.base}/`, () => document.querySelector('tbody tr.tv-row'));
  widget = await firstScreen(browser, `http://127.0.0.1:${host.address().port}/`,
    () => document.querySelector('trail-view')?.shadowRoot?.querySelector('tbody tr.tv-row'));
} finally {
  await browser.close();
  await app.close();
  host.close();
}
const chunks = Object.fromEntries(fs.readdirSync(dist)
  .filter((f) => /^(split|chunk)_.*\.wasm$/.test(f))
  .map((f) => [f, gz(path.join(dist, f))]));

const peers = process.argv.includes('--no-peers') ? null : peerSizes();

console.log(`first screen, organization view: ${kb(org.total)} (${Object.keys(org.files).length} files)`);
console.log(`first screen, <trail-view> widget: ${kb(widget.total)} (${Object.keys(widget.files).length} files)`);
for (const [f, n] of Object.entries(chunks)) console.log(`lazy chunk ${f}: ${kb(n)}`);
if (peers) for (const [name, n] of Object.entries(peers)) console.log(`peer ${name}: ${typeof n === 'number' ? kb(n) : n}`);
console.log(JSON.stringify({ gzip_bytes: { organization_view: org, widget, chunks, peers } }, null, 1));

/** gzip -9 of each peer viewer's shipped JavaScript, from `npm pack` (cached in
 * target/peer-size), and of the React it needs; a string says why one is missing. */
function peerSizes() {
  const dir = path.join(root, 'target', 'peer-size');
  fs.mkdirSync(dir, { recursive: true });
  const pack = (spec) => {
    const tgz = execFileSync('npm', ['pack', spec, '--silent'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 120_000 }).trim().split('\n').pop();
    const out = path.join(dir, tgz.replace(/\.tgz$/, ''));
    if (!fs.existsSync(out)) {
      fs.mkdirSync(out);
      execFileSync('tar', ['xzf', path.join(dir, tgz), '-C', out]);
    }
    return path.join(out, 'package');
  };
  const file = (pkg, rel) => gz(path.join(pkg, rel));
  const out = {};
  const measure = (name, f) => {
    try { out[name] = f(); } catch (e) { out[name] = `not measured (${String(e.message).split('\n')[0]})`; }
  };
  measure('react 19 + react-dom 19 (production builds as shipped, not minified)', () => {
    const react = pack('react@19');
    const dom = pack('react-dom@19');
    return file(react, 'cjs/react.production.js') + file(dom, 'cjs/react-dom.production.js')
      + file(dom, 'cjs/react-dom-client.production.js');
  });
  // The package's ES module entry and every file of its own it imports statically
  // (what a host loads with it; lazily imported chunks not counted).
  const esm = (spec) => {
    const p = pack(spec);
    const pj = JSON.parse(fs.readFileSync(path.join(p, 'package.json'), 'utf8'));
    const seen = new Set();
    const visit = (f) => {
      if (seen.has(f) || !fs.existsSync(f)) return;
      seen.add(f);
      const code = fs.readFileSync(f, 'utf8');
      for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["'](\.{1,2}\/[^"']+)["']/g)) {
        visit(path.resolve(path.dirname(f), m[1]));
      }
    };
    visit(path.join(p, pj.module || pj.main));
    return [...seen].reduce((n, f) => n + gz(f), 0);
  };
  measure('@retracedhq/logs-viewer 2.10.1 (ESM, React on top)', () => esm('@retracedhq/logs-viewer@2.10.1'));
  measure('@pangeacyber/react-mui-audit-log-viewer 2.0.3 (ESM, MUI, Emotion and React on top)',
    () => esm('@pangeacyber/react-mui-audit-log-viewer@2.0.3'));
  return out;
}
