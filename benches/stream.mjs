// Streaming load benchmark: a large log from a local server, loaded by the real
// app (the release bundle in dist/) and by a JavaScript peer, in one Chromium run.
// For NDJSON and for a JSON array it measures time to first rows, time to fully
// loaded, the longest main-thread task and peak memory, beside the pure download
// time of the same file, and the CPU time the machine spent on each (every Chromium
// process and this server, from /proc): on a machine with few cores a load can be
// no faster than that CPU time spread over them. A measurement, not a test: it
// prints JSON, asserts nothing.
// usage: node benches/stream.mjs --array FILE.json [--ndjson FILE.ndjson] [--rounds 2] [--rate MB/s]
//        node benches/stream.mjs --ndjson FILE.ndjson --kinds ndjson [--no-peer]
//   --rate serves the files at most that fast (a real link instead of loopback).
//   --guard R exits with status 1 when the app's median time to fully loaded is more
//   than R times the pure download's (`make bench-paced`: R = 1.2 at --rate 100,
//   about 50 MB/s).
//   --kinds ndjson measures one shape only; --no-peer leaves the JS peer out (it cannot
//   hold 3M entries: V8 strings stop at 512 MB).
//   Without --ndjson, FILE.json's entries are written once as NDJSON beside it (FILE.ndjson),
//   when NDJSON is measured.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serveDist } from '../scripts/serve.mjs';

const arg = (k, d) => { const i = process.argv.indexOf(`--${k}`); return i > 0 ? process.argv[i + 1] : d; };
const kinds = arg('kinds', 'ndjson,array').split(',');
const withPeer = !process.argv.includes('--no-peer');
const array = arg('array') && path.resolve(arg('array'));
const ndjson = path.resolve(arg('ndjson') || array.replace(/\.json$/, '') + '.ndjson');
if (array && kinds.includes('ndjson') && (!fs.existsSync(ndjson) || fs.statSync(ndjson).mtimeMs < fs.statSync(array).mtimeMs)) {
  const entries = JSON.parse(fs.readFileSync(array, 'utf8'));
  const out = fs.openSync(ndjson, 'w');
  for (let i = 0; i < entries.length; i += 10000) fs.writeSync(out, entries.slice(i, i + 10000).map((e) => JSON.stringify(e)).join('\n') + '\n');
  fs.closeSync(out);
}
const files = Object.fromEntries(kinds.map((k) => [k, k === 'array' ? array : ndjson]));
const rounds = +arg('rounds', '2');
const rate = +arg('rate', '0') * 1e6;
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const median = (xs) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];

// CPU seconds used so far by every Chromium process and by this process (the data
// server); a difference of two readings is what a phase cost. null without /proc.
const TICK = 100; // USER_HZ on Linux
function cpuSeconds() {
  if (!fs.existsSync('/proc/self/stat')) return null;
  let ticks = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!/^chrom/.test(comm)) continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += +f[11] + +f[12]; // utime, stime
    } catch { /* gone meanwhile */ }
  }
  const own = process.cpuUsage();
  return ticks / TICK + (own.user + own.system) / 1e6;
}
const spent = (from) => (from === null ? null : +(cpuSeconds() - from).toFixed(2));

// The data server: the two files, streamed from disk with CORS, plus a blank page
// for the download and peer measurements (same origin as the data).
const data = http.createServer((req, res) => {
  const name = new URL(req.url, 'http://x').pathname.slice(1);
  if (name === 'blank.html') {
    res.writeHead(200, { 'content-type': 'text/html' });
    return res.end('<!doctype html><title>peer</title><body></body>');
  }
  const file = files[name];
  if (!file) { res.writeHead(404); return res.end(); }
  res.writeHead(200, { 'content-type': name === 'ndjson' ? 'application/x-ndjson' : 'application/json',
    'content-length': fs.statSync(file).size, 'access-control-allow-origin': '*', 'access-control-expose-headers': 'content-length' });
  const body = fs.createReadStream(file, { highWaterMark: rate ? 1 << 16 : 1 << 20 });
  if (!rate) return body.pipe(res);
  // Paced: each 64 KB piece waits until the link would have carried it.
  const start = performance.now();
  let sent = 0;
  body.on('data', (piece) => {
    body.pause();
    res.write(piece);
    sent += piece.length;
    setTimeout(() => body.resume(), Math.max(0, start + (sent / rate) * 1000 - performance.now()));
  });
  body.on('end', () => res.end());
});
await new Promise((r) => data.listen(0, '127.0.0.1', r));
const dataBase = `http://127.0.0.1:${data.address().port}`;
const app = await serveDist({ dist: path.join(root, 'dist') });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--enable-precise-memory-info', '--js-flags=--max-old-space-size=8192'],
});

// Installed before any page script: the longest task, peak JS heap, wasm memory.
const PROBE = () => {
  window.__probe = { tasks: [], heap: 0, from: 0 };
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) window.__probe.tasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  setInterval(() => { window.__probe.heap = Math.max(window.__probe.heap, performance.memory?.usedJSHeapSize || 0); }, 50);
  addEventListener('TrunkApplicationStarted', (e) => { window.__probe.memory = e.detail.wasm.memory; });
};
// The longest task counts from the moment the log is requested (not the app's start).
const probe = (page, from = 0) => page.evaluate((from) => ({
  longest_task_ms: Math.max(0, ...window.__probe.tasks.filter(([t, d]) => t + d > from).map(([, d]) => d)),
  longest_task_at_start_ms: Math.max(0, ...window.__probe.tasks.filter(([t, d]) => t + d <= from).map(([, d]) => d)),
  // The five longest tasks after the request, as [start from the request, duration] in ms.
  top_tasks: window.__probe.tasks.filter(([t, d]) => t + d > from).sort((a, b) => b[1] - a[1]).slice(0, 5)
    .map(([t, d]) => [Math.round(t - from), Math.round(d)]),
  js_heap_peak_mb: Math.max(window.__probe.heap, performance.memory?.usedJSHeapSize || 0) / 1048576,
  wasm_memory_mb: window.__probe.memory ? window.__probe.memory.buffer.byteLength / 1048576 : 0,
}), from);

async function fresh() {
  // Let the previous page's teardown (hundreds of MB freed) finish before measuring.
  await new Promise((r) => setTimeout(r, 2000));
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript(PROBE);
  return page;
}

/** Reading the whole body and doing nothing with it. */
async function download(kind) {
  const page = await fresh();
  await page.goto(`${dataBase}/blank.html`);
  const cpu = cpuSeconds();
  const ms = await page.evaluate(async (url) => {
    const t = performance.now();
    const reader = (await fetch(url)).body.getReader();
    let n = 0;
    for (;;) { const { done, value } = await reader.read(); if (done) break; n += value.length; }
    return performance.now() - t;
  }, `${dataBase}/${kind}`);
  const cpu_s = spent(cpu);
  await page.close();
  return { ms, cpu_s };
}

/** The JS peer: NDJSON parsed line by line as it streams, a JSON array with
 * text() + JSON.parse; the first 50 rows rendered into a table as soon as parsed. */
async function peer(kind) {
  const page = await fresh();
  await page.goto(`${dataBase}/blank.html`);
  const r = await page.evaluate(async ([url, kind]) => {
    const t = performance.now();
    let first = null;
    let rows = [];
    const show = () => {
      const table = document.createElement('table');
      for (const e of rows.slice(0, 50)) {
        const tr = table.insertRow();
        for (const k of ['createdAt', 'type', 'userEmail', 'appName']) tr.insertCell().textContent = e[k] ?? '';
      }
      document.body.replaceChildren(table);
      first = performance.now() - t;
    };
    const resp = await fetch(url);
    if (kind === 'array') {
      rows = JSON.parse(await resp.text());
      show();
    } else {
      const reader = resp.body.pipeThrough(new TextDecoderStream()).getReader();
      let rest = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const lines = (rest + value).split('\n');
        rest = lines.pop();
        for (const l of lines) if (l) rows.push(JSON.parse(l));
        if (first === null && rows.length >= 50) show();
      }
      if (rest) rows.push(JSON.parse(rest));
    }
    return { first_rows_ms: first, loaded_ms: performance.now() - t, entries: rows.length };
  }, [`${dataBase}/${kind}`, kind]);
  Object.assign(r, await probe(page));
  await page.close();
  return r;
}

/** Trailview: the app opened on the file; times count from the log request's start. */
async function ours(kind) {
  const page = await fresh();
  const url = `${dataBase}/${kind}`;
  await page.addInitScript(() => {
    new MutationObserver((_, mo) => {
      if (document.querySelector('tbody tr.tv-row')) { window.__firstRows = performance.now(); mo.disconnect(); }
    }).observe(document, { childList: true, subtree: true });
  });
  const cpu = cpuSeconds();
  await page.goto(`${app.base}/?source=${encodeURIComponent(url)}&limit=100000000`);
  const loadedAt = await page.waitForFunction(() => {
    const s = [...document.querySelectorAll('[role=status]')].find((e) => /^Loaded [\d,]+ entries/.test(e.textContent));
    return s ? performance.now() : null;
  }, null, { timeout: 600_000, polling: 20 });
  const r = await page.evaluate(([u, loaded]) => {
    const start = performance.getEntriesByType('resource').find((e) => e.name === u)?.startTime ?? 0;
    const status = [...document.querySelectorAll('[role=status]')].find((e) => /^Loaded/.test(e.textContent)).textContent;
    return {
      request_at_ms: start,
      first_rows_ms: window.__firstRows - start,
      loaded_ms: loaded - start,
      first_rows_from_navigation_ms: window.__firstRows,
      entries: +status.match(/Loaded ([\d,]+)/)[1].replace(/,/g, ''),
    };
  }, [url, await loadedAt.jsonValue()]);
  // From navigation to loaded: the app's start-up is in it too.
  r.cpu_s = spent(cpu);
  Object.assign(r, await probe(page, r.request_at_ms));
  await page.close();
  return r;
}

const out = { rate_mb_s: rate / 1e6 || 'unlimited', files: Object.fromEntries(Object.entries(files).map(([k, f]) => [k, { file: path.basename(f), bytes: fs.statSync(f).size }])), rounds };
try {
  for (const kind of kinds) {
    const runs = { download: [], peer: [], ours: [] };
    for (let i = 0; i < rounds; i++) {
      runs.download.push(await download(kind));
      if (withPeer) runs.peer.push(await peer(kind));
      runs.ours.push(await ours(kind));
    }
    const med = (list, k) => median(list.map((x) => x[k]));
    const keys = ['first_rows_ms', 'loaded_ms', 'longest_task_ms', 'js_heap_peak_mb', 'wasm_memory_mb', 'entries'];
    const ourKeys = [...keys, 'first_rows_from_navigation_ms', 'longest_task_at_start_ms', 'cpu_s'];
    out[kind] = {
      download_ms: med(runs.download, 'ms'),
      download_cpu_s: med(runs.download, 'cpu_s'),
      peer: Object.fromEntries(keys.map((k) => [k, med(runs.peer, k)])),
      ours: Object.fromEntries(ourKeys.map((k) => [k, med(runs.ours, k)])),
      runs,
    };
    out[kind].ours_loaded_vs_download = out[kind].ours.loaded_ms / out[kind].download_ms;
    if (withPeer) out[kind].peer_loaded_vs_download = out[kind].peer.loaded_ms / out[kind].download_ms;
  }
} finally {
  await browser.close();
  await app.close();
  data.close();
}
console.log(JSON.stringify(out, null, 1));
const guard = +arg('guard', '0');
if (guard) {
  for (const kind of kinds) {
    const ratio = out[kind].ours_loaded_vs_download;
    const ok = ratio <= guard;
    console.log(`GUARD ${kind}: fully loaded ${ratio.toFixed(2)}x the download (at most ${guard}x): ${ok ? 'ok' : 'FAILED'}`);
    if (!ok) process.exitCode = 1;
  }
}
