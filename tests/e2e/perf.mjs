// Interface latency with a large log: from an input event to painted rows, for a
// search keystroke, a query of five clauses, a filter change, a facet click, a sort and a page change
// (20 samples each, median), and for the first three also until the facets and
// histogram that follow them are painted.
// "Painted" is the end of the frame that shows the change: a requestAnimationFrame
// callback runs inside that frame, before its style, layout and paint, and a
// user-blocking task posted from it runs as soon as the frame is done. (A zero
// timeout would also wait for tasks the app queued before it, such as counting the
// panels after the rows' frame; `next_task_median` reports that time too.)
// A measurement, not a test: it prints JSON and asserts nothing.
// With --trace, each interaction is also recorded once in a Chromium trace and its
// main-thread time is split into script, style, layout, paint and the rest.
// usage: node tests/e2e/perf.mjs /path/to/a100k.json [samples] [--trace]   (after `make build`)
// TRACE_NAMES=1 adds the twelve trace events that took the most self time.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serveDist } from '../../scripts/serve.mjs';

const argv = process.argv.slice(2).filter((a) => a !== '--trace');
const tracing = process.argv.includes('--trace');
const file = path.resolve(argv[0] || '/tmp/a100k.json');
const samples = +(argv[1] || 20);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

const data = http.createServer((req, res) => {
  const st = fs.statSync(file);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': st.size, 'access-control-allow-origin': '*' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => data.listen(0, '127.0.0.1', r));
const source = `http://127.0.0.1:${data.address().port}/${path.basename(file)}`;
// DIST=other/dist measures another build (say, main before a change) the same way.
const app = await serveDist({ dist: process.env.DIST ? path.resolve(process.env.DIST) : path.join(root, 'dist') });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'],
});
// Self time (an event's duration less its children's) of the page's main thread, by kind.
const KINDS = {
  script: /^(FunctionCall|EvaluateScript|RunMicrotasks|v8\.|V8\.Execute|TimerFire|FireAnimationFrame|EventDispatch|FireIdleCallback|ParseHTML)/,
  gc: /GC/,
  style: /^(UpdateLayoutTree|RecalculateStyles|ParseAuthorStyleSheet|Document::(recalcStyle|updateStyle)|StyleEngine|Blink\.Style)/,
  layout: /^(Layout|LocalFrameView::performLayout|InlineNode::|LayoutNG|Blink\.Layout|UpdateLayerTree)/,
  paint: /^(Paint|PrePaint|Blink\.(PrePaint|CompositingInputs|Paint|Compositing)|PaintArtifactCompositor|CullRectUpdate|Layerize|UpdateLayer|CompositeLayers|Commit|Decode)/,
};
function split(trace) {
  const events = trace.traceEvents || trace;
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args.name === 'CrRendererMain');
  const own = events.filter((e) => e.ph === 'X' && e.pid === main.pid && e.tid === main.tid && e.dur > 0)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const out = { script: 0, gc: 0, style: 0, layout: 0, paint: 0, other: 0 };
  const stack = [];
  const credit = (e) => {
    const kind = Object.keys(KINDS).find((k) => KINDS[k].test(e.name)) || 'other';
    out[kind] += e.self / 1000;
    if (process.env.TRACE_NAMES) names[e.name] = (names[e.name] || 0) + e.self / 1000;
  };
  const names = {};
  for (const e of own) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) credit(stack.pop());
    e.self = e.dur;
    if (stack.length) stack.at(-1).self -= Math.min(e.dur, stack.at(-1).ts + stack.at(-1).dur - e.ts);
    stack.push(e);
  }
  while (stack.length) credit(stack.pop());
  for (const k of Object.keys(out)) out[k] = +out[k].toFixed(1);
  if (process.env.TRACE_NAMES) out.names = Object.entries(names).sort((a, b) => b[1] - a[1]).slice(0, 12).map(([n, t]) => `${n} ${t.toFixed(1)}`);
  return out;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const out = { data: path.basename(file), samples };
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript(() => addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm.memory; }));
  const t0 = Date.now();
  // No entry limit: a 3M-entry file loads whole.
  await page.goto(`${app.base}/?source=${encodeURIComponent(source)}&limit=100000000`);
  await page.getByText(/Loaded [\d,]+ entries/).waitFor({ timeout: 600_000 });
  await page.locator('tbody tr.tv-row').first().waitFor();
  out.load_to_first_rows_ms = Date.now() - t0;
  out.entries = await page.getByText(/Loaded [\d,]+ entries/).textContent();

  // Runs `act` in the page and resolves with ms until the rows changed and their frame
  // was painted: [painted, dom, next task, panels painted (null where `panels` is false)].
  const measure = (act, arg, panels) => page.evaluate(async ([act, arg, panels]) => {
    const t = performance.now();
    // Resolves with [frame done, next task] after the first change under `nodes`.
    const paintedAfterChange = (nodes) => new Promise((resolve) => {
      const mo = new MutationObserver(() => {
        mo.disconnect();
        const dom = performance.now() - t;
        requestAnimationFrame(() => {
          const out = [null, dom, null];
          const done = () => out[0] !== null && out[2] !== null && resolve(out);
          scheduler.postTask(() => { out[0] = performance.now() - t; done(); }, { priority: 'user-blocking' });
          setTimeout(() => { out[2] = performance.now() - t; done(); }, 0);
        });
      });
      for (const n of nodes.filter(Boolean)) mo.observe(n, { childList: true, subtree: true, characterData: true, attributes: true });
    });
    const rows = paintedAfterChange([document.querySelector('tbody')]);
    const side = panels
      ? Promise.race([
        paintedAfterChange([document.querySelector('.tv-facets'), document.querySelector('.tv-hist')]).then((p) => p[0]),
        new Promise((r) => setTimeout(() => r(null), 3000)),
      ])
      : null;
    const fire = (el, type) => el.dispatchEvent(new Event(type, { bubbles: true }));
    if (act === 'search' || act === 'filter') {
      const el = act === 'search' ? document.querySelector('input[aria-label="Search"]') : document.querySelector('input[aria-label="Filter type"]');
      el.value = arg;
      fire(el, 'input');
    } else if (act === 'sort') {
      [...document.querySelectorAll('thead th')].find((th) => th.textContent.startsWith('userEmail')).querySelector('button').click();
    } else if (act === 'facet') {
      document.querySelectorAll('section.tv-facet[aria-label^="Action"] button.tv-facet__value')[arg].click();
    } else if (act === 'page') {
      document.querySelector('button[aria-label="Next page"]').click();
    }
    const [painted, dom, next] = await rows;
    return [painted, dom, next, await side];
  }, [act, arg, panels]);

  const run = async (name, act, args, after, panels = false) => {
    const times = [], dom = [], next = [], side = [];
    for (let i = 0; i < samples; i++) {
      const [t, d, n, p] = await measure(act, args[i % args.length], panels);
      times.push(t);
      dom.push(d);
      next.push(n);
      if (p !== null) side.push(p);
      if (after) await after();
    }
    // median: input -> the rows' frame painted; dom: input -> rows changed in the DOM;
    // next_task: input -> the first zero timeout after that frame; panels: input ->
    // the facets' and histogram's frame painted (samples where they changed).
    out[`${name}_ms`] = {
      median: +median(times).toFixed(1), max: +Math.max(...times).toFixed(1), dom_median: +median(dom).toFixed(1),
      next_task_median: +median(next).toFixed(1),
      ...(panels && { panels_median: side.length ? +median(side).toFixed(1) : null, panels_samples: side.length }),
    };
    if (tracing) {
      out[`${name}_ms`].trace = await traced(() => measure(act, args[0], false));
      if (after) await after();
    }
  };
  // One more run inside a trace: the renderer main thread's self time by kind, in ms.
  const traced = async (act) => {
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink'] });
    await act();
    return split(JSON.parse(await browser.stopTracing()));
  };
  // Each step changes the rows: a new query, a new filter, the next sort state, the next page.
  await run('search_keystroke', 'search', ['lovelace', 'hopper', 'email.bou', 'torvalds', 'knuth'], null, true);
  await measure('search', '');
  // A query of five clauses with an OR and a NOT (the engine bench's), varied per sample.
  await run('query_keystroke', 'search', ['user', 'acme', 'globex', 'initech', 'ada'].map((w) =>
    `(type:user.* OR type:email.*) -category:studio userEmail:*${w}* createdAt>=2026-09-01 NOT type:*bounce*`), null, true);
  await measure('search', '');
  await run('filter_change', 'filter', ['email', 'user.login', 'invoice', '=screen.view', 'app.*'], null, true);
  await measure('filter', '');
  // A facet value's button, then back to no filter (the panels settle in between).
  const settle = () => page.waitForTimeout(150);
  await run('facet_click', 'facet', [0, 1, 2, 3, 4], async () => { await settle(); await measure('filter', ''); await settle(); }, true);
  await run('sort', 'sort', ['']);
  await run('page_change', 'page', ['']);
  out.js_heap_mb = await page.evaluate(() => Math.round(performance.memory.usedJSHeapSize / 1048576));
  out.wasm_memory_mb = await page.evaluate(() => Math.round((window.__wasm?.buffer.byteLength || 0) / 1048576));
} finally {
  await browser.close();
  await app.close();
  data.close();
}
console.log(JSON.stringify(out, null, 1));
