// The widget as an npm package (issue 30): scripts/pack.mjs packs the bundle in dist/,
// a fresh host project installs the tarball offline, and a plain page of that project
// loads node_modules/trailview-widget/widget.js as an ES module and shows the e2e log
// (served with CORS by the log server, another origin). The page is served by
// scripts/serve.mjs, so it also runs under Trailview's strict Content-Security-Policy.
// Then the package's types: a strict TypeScript program (and React 19 JSX) that uses
// them compiles, and a wrong use does not.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LOGS, FIXTURE } from './helpers.mjs';
import { serveDist } from '../../scripts/serve.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const dist = path.join(root, 'dist');
const run = (cmd, args, cwd, timeout = 60_000) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'] });

// One host project for the file's tests, in one worker.
test.describe.configure({ mode: 'serial' });

let tmp, host, tarball, server;

test.beforeAll(async () => {
  test.setTimeout(60_000);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trailview-npm-'));
  const out = path.join(tmp, 'out');
  const printed = run('node', [path.join(root, 'scripts', 'pack.mjs'), '--dist', dist, '--out', out], root);
  tarball = printed.split('\n')[0].trim();
  expect(tarball).toMatch(/trailview-widget-\d+\.\d+\.\d+.*\.tgz$/);
  host = path.join(tmp, 'host');
  fs.mkdirSync(host);
  run('npm', ['init', '-y'], host);
  run('npm', ['install', tarball, '--offline', '--no-audit', '--no-fund'], host);
  // Listeners first (module scripts run in order), then the package, as a plain module.
  fs.writeFileSync(path.join(host, 'app.js'), `
window.trailviewEvents = [];
for (const type of ['trailview:load', 'trailview:select', 'trailview:state', 'trailview:error'])
  document.addEventListener(type, (e) => window.trailviewEvents.push({ type, detail: e.detail }));
`);
  fs.writeFileSync(path.join(host, 'index.html'), `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Host project</title>
  <script type="module" src="./app.js"></script>
  <script type="module" src="./node_modules/trailview-widget/widget.js"></script>
</head>
<body>
  <h1>Host project</h1>
  <trail-view id="audit" source="${LOGS}/logs/e2e.json" page-size="25" height="600px"></trail-view>
</body>
</html>
`);
  server = await serveDist({ dist: host, port: 0 });
});

test.afterAll(async () => {
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('the tarball holds exactly the files the widget loads, its types and README', () => {
  const listed = run('tar', ['-tzf', tarball], tmp).trim().split('\n').map((f) => f.replace(/^package\//, '')).sort();
  // What the bundle's widget.js loads: its glue and wasm, every stylesheet of the
  // build, and the chunks of the split with their loader.
  const bundle = fs.readdirSync(dist).filter((f) => /^trailview-[0-9a-f]+(\.js|_bg\.wasm)$/.test(f) || f.endsWith('.css')
    || /^__wasm_split-[0-9a-f]+\.js$|^(split|chunk)_\w+-[0-9a-f]+\.wasm$/.test(f));
  const expected = ['widget.js', ...bundle, 'package.json', 'README.md', 'trail-view.d.ts', 'react.d.ts'];
  expect(listed).toEqual([...new Set(expected)].sort());
  for (const f of listed) expect(f).not.toMatch(/index\.html$|demo-log|\.map$|^start-|^examples\/|favicon/);
  const pkg = JSON.parse(fs.readFileSync(path.join(host, 'node_modules', 'trailview-widget', 'package.json'), 'utf8'));
  const cargo = fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];
  expect(pkg).toMatchObject({ name: 'trailview-widget', version: cargo, type: 'module', license: 'MIT' });
  expect(pkg.exports['.']).toEqual({ types: './trail-view.d.ts', default: './widget.js' });
});

test('a plain page of the host project shows the log through the installed package', async ({ page }) => {
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 404/.test(m.text())) problems.push(m.text()); });
  // Missing files by address (the browser's own /favicon.ico aside).
  page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`); });
  await page.goto(`${server.base}/`);
  const w = page.locator('trail-view#audit');
  await expect(w.getByRole('status').filter({ hasText: /^Loaded [\d,]+ entries/ })).toHaveText(/^Loaded 20 entries/);
  const table = w.getByRole('table', { name: 'Audit log entries' });
  await expect(table.locator('tbody tr.tv-row')).toHaveCount(FIXTURE.length);
  await expect(table.getByRole('cell', { name: 'ada@acme.test' }).first()).toBeVisible();
  await expect.poll(() => page.evaluate(() => window.trailviewEvents.filter((e) => e.type === 'trailview:load').map((e) => e.detail)))
    .toEqual([{ entries: FIXTURE.length, pages: 1, total: null, partial: false }]);
  // The widget works as a user would use it: a search narrows the rows.
  await w.getByRole('combobox', { name: 'Search' }).fill('grace');
  await expect(table.locator('tbody tr.tv-row'))
    .toHaveCount(FIXTURE.filter((e) => JSON.stringify(e).toLowerCase().includes('grace')).length);
  // Everything came from the package's directory (no demo log asked for), under a strict CSP.
  expect(problems).toEqual([]);
});

test("the package's types: strict TypeScript and React 19 JSX compile, a wrong use does not", async () => {
  test.setTimeout(90_000);
  const tsc = (args) => run('npx', ['--yes', '-p', 'typescript@5', 'tsc', ...args], host, 60_000);
  try {
    tsc(['-v']);
  } catch (e) {
    test.skip(true, `TypeScript could not be fetched (npx --yes -p typescript@5): ${String(e.stderr || e.message).slice(0, 200)}`);
  }
  let react = true;
  try {
    run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '@types/react@19'], host, 45_000);
  } catch (e) {
    react = false;
    test.info().annotations.push({ type: 'skipped part', description: `@types/react@19 not installable: ${String(e.stderr || e.message).slice(0, 200)}` });
  }
  fs.writeFileSync(path.join(host, 'good.ts'), `
import 'trailview-widget';
import type { TrailViewElement, TrailViewLoadDetail } from 'trailview-widget';
const el = document.querySelector('trail-view')!;
el.tokenProvider = async () => 't';
el.tokenProvider = () => 'sync';
el.tokenProvider = null;
el.state = 'q=ada';
el.addEventListener('trailview:load', (e) => { const n: number = e.detail.entries; const t: number | null = e.detail.total; void n; void t; });
el.addEventListener('trailview:select', (e) => { const j: string = e.detail.json; void j; });
el.addEventListener('trailview:state', (e) => { const s: string = e.detail.state; void s; });
el.addEventListener('trailview:error', (e) => { const s: number | null = e.detail.status; const b: boolean = e.detail.needsToken; void s; void b; });
el.addEventListener('click', (e) => { const x: number = e.clientX; void x; });
const made: TrailViewElement = document.createElement('trail-view');
const detail: TrailViewLoadDetail = { entries: 1, pages: 1, total: null, partial: false };
void made; void detail;
`);
  fs.writeFileSync(path.join(host, 'bad.ts'), `
import 'trailview-widget';
const el = document.querySelector('trail-view')!;
el.addEventListener('trailview:load', (e) => e.detail.nope);
el.tokenProvider = 42;
`);
  fs.writeFileSync(path.join(host, 'view.tsx'), `
import 'trailview-widget';
import type {} from 'trailview-widget/react';
import { useRef } from 'react';
import type { TrailViewElement } from 'trailview-widget';
export function Audit() {
  const ref = useRef<TrailViewElement>(null);
  return <trail-view ref={ref} source="https://api.example.com/audit" page-size="50" theme="dark" className="x" style={{ height: 400 }} />;
}
`);
  fs.writeFileSync(path.join(host, 'bad.tsx'), `
import 'trailview-widget';
import type {} from 'trailview-widget/react';
export const Wrong = () => <trail-view nope="y" />;
`);
  const config = (files) => JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler',
      lib: ['es2022', 'dom'], jsx: 'react-jsx', types: [], skipLibCheck: false },
    files,
  });
  fs.writeFileSync(path.join(host, 'tsconfig.good.json'), config(react ? ['good.ts', 'view.tsx'] : ['good.ts']));
  fs.writeFileSync(path.join(host, 'tsconfig.bad.json'), config(react ? ['bad.ts', 'bad.tsx'] : ['bad.ts']));
  let output = '';
  try { tsc(['-p', 'tsconfig.good.json']); } catch (e) { output = `${e.stdout}${e.stderr}`; }
  expect(output).toBe('');
  let bad = null;
  try { tsc(['-p', 'tsconfig.bad.json']); } catch (e) { bad = String(e.stdout); }
  expect(bad).toContain("Property 'nope' does not exist on type 'TrailViewLoadDetail'");
  expect(bad).toMatch(/bad\.ts\(5,\d+\): error TS2322/);
  if (react) expect(bad).toContain("Property 'nope' does not exist on type 'TrailViewProps'");
});
