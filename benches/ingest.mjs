// Ingest beside JSON.parse: bench.html?mode=ingest on FILE in one headless Chromium.
// The page reads the body whole into JavaScript memory, then alternates, `--rounds`
// times, Trailview's ingest of those bytes (to a queryable store, packing included)
// and JSON.parse of the same text plus a walk touching every value; it reports the
// medians, their ratio (lower is better; the target is at most 1.0) and the wasm
// memory after the first ingest. A measurement, not a test: it prints JSON.
// With --mode workload it runs bench.html's whole workload instead (the engine's
// operations on FILE, `--reps` each, medians; `query_ms` is the five-clause query), for
// sizes the JavaScript peers of `make bench` cannot hold (1,000,000 entries).
// usage: node benches/ingest.mjs --data FILE [--rounds 3] [--dist dist-bench] [--profile]
//        node benches/ingest.mjs --mode workload --data FILE [--reps 5]
//   --profile also records a CPU profile of the whole page (DevTools protocol) and
//   prints the functions with the most self time (wasm names, if the build kept them).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const arg = (k, d) => { const i = process.argv.indexOf(`--${k}`); return i > 0 ? process.argv[i + 1] : d; };
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const data = path.resolve(arg('data'));
const dist = path.resolve(root, arg('dist', 'dist-bench'));
const rounds = +arg('rounds', '3');
const mode = arg('mode', 'ingest');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

// bench.html and its files, and the log as /data, from one origin.
const server = http.createServer((req, res) => {
  const name = new URL(req.url, 'http://x').pathname;
  const file = name === '/data' ? data : path.join(dist, path.normalize(name).replace(/^(\.\.[/\\])+/, ''));
  if (!file.startsWith(dist) && file !== data) { res.writeHead(404); return res.end(); }
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) { res.writeHead(404); return res.end(); }
  res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream', 'content-length': fs.statSync(file).size });
  fs.createReadStream(file, { highWaterMark: 1 << 20 }).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--js-flags=--max-old-space-size=8192'],
});
try {
  const page = await browser.newPage();
  const cdp = process.argv.includes('--profile') ? await page.context().newCDPSession(page) : null;
  if (cdp) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 200 }); await cdp.send('Profiler.start'); }
  page.on('console', (m) => { if (m.type() === 'error') console.error(m.text()); });
  const query = mode === 'workload' ? `reps=${arg('reps', '5')}` : `mode=ingest&rounds=${rounds}`;
  await page.goto(`${base}/bench.html?${query}&data=${encodeURIComponent(`${base}/data`)}`);
  const r = await (await page.waitForFunction(() => window.__bench, null, { timeout: 1_800_000, polling: 200 })).jsonValue();
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    const self = new Map();
    const dt = new Map();
    profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) || 0) + (profile.timeDeltas[i] || 0)));
    let total = 0;
    for (const n of profile.nodes) {
      const us = dt.get(n.id) || 0;
      total += us;
      const name = n.callFrame.functionName || `(${n.callFrame.url.split('/').pop() || 'anonymous'})`;
      self.set(name, (self.get(name) || 0) + us);
    }
    r.profile_top = [...self].sort((a, b) => b[1] - a[1]).slice(0, +arg('top', '30'))
      .map(([name, us]) => `${(us / 1000).toFixed(0)} ms ${(100 * us / total).toFixed(1)}% ${name}`);
  }
  if (r.runs) {
    // Each side's quickest round (also for builds whose page does not report it).
    const js = r.runs.json_parse_ms.map((p, i) => p + r.runs.touch_ms[i]);
    r.ingest_min_ms = Math.min(...r.runs.ingest_ms);
    r.json_parse_touch_min_ms = Math.min(...js);
    r.ratio_of_min = r.ingest_min_ms / r.json_parse_touch_min_ms;
  }
  console.log(JSON.stringify({ file: path.basename(data), dist: path.relative(root, dist), ...r }, null, 1));
} finally {
  await browser.close();
  server.close();
}
