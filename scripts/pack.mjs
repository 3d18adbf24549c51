#!/usr/bin/env node
// The widget as an npm package (issue 30): copies from a built bundle exactly the
// files <trail-view> loads, plus scripts/npm/ (package.json, types, README), into
// target/npm/package/, sets the version from Cargo.toml, and runs `npm pack` there
// into target/npm/. Which bundle files go in is read from the bundle's own widget.js
// (its FILES constant: the glue, the wasm and the styles of that build, and the fixed
// names it loads besides, widget.css), so the list follows the build; index.html, the
// loader of the page, the demo log, the examples and the favicon stay out.
// Plain Node, no dependencies.
// usage: node scripts/pack.mjs [--dist dist] [--out target/npm]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const arg = (k, d) => { const i = process.argv.indexOf(`--${k}`); return i > 0 ? process.argv[i + 1] : d; };
const dist = path.resolve(arg('dist', path.join(root, 'dist')));
const out = path.resolve(arg('out', path.join(root, 'target', 'npm')));
const stage = path.join(out, 'package');
const fail = (message) => { console.error(`pack.mjs: ${message}`); process.exit(1); };

/** The bundle files widget.js loads, relative to it: FILES.js, FILES.wasm, FILES.css,
 * and the quoted file names it names itself ('widget.css'). */
export function widgetFiles(widget) {
  const m = widget.match(/^const FILES = (\{.*\});$/m);
  if (!m) throw new Error('no `const FILES = {...};` in widget.js (not a built one?)');
  const files = JSON.parse(m[1]);
  const literal = [...widget.matchAll(/'([\w.-]+\.(?:css|js|wasm))'/g)].map((x) => x[1]);
  const all = ['widget.js', files.js, files.wasm, ...files.css, ...literal]
    .map((f) => path.posix.normalize(f.replace(/^\.\//, '')));
  for (const f of all) if (f.startsWith('..') || path.posix.isAbsolute(f)) throw new Error(`widget.js names ${f}, outside the bundle`);
  return [...new Set(all)];
}

/** The split bundle's files the glue loads in turn: the chunk loader it imports
 * and every chunk that loader names (none for an unsplit bundle). */
export function splitFiles(dist, glue) {
  const code = fs.readFileSync(path.join(dist, glue), 'utf8');
  const loaders = [...code.matchAll(/from\s*["']\.\/(__wasm_split[\w.-]*\.js)["']/g)].map((m) => m[1]);
  const chunks = loaders.flatMap((l) => [...fs.readFileSync(path.join(dist, l), 'utf8')
    .matchAll(/["']\.\/([\w.-]+\.wasm)["']/g)].map((m) => m[1]));
  return [...new Set([...loaders, ...chunks])];
}

const cargoVersion = () => {
  const toml = fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8');
  const pkg = toml.split(/^\[/m).find((s) => s.startsWith('package]'));
  const v = pkg?.match(/^version\s*=\s*"([^"]+)"/m);
  if (!v) throw new Error('no [package] version in Cargo.toml');
  return v[1];
};

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const widgetPath = path.join(dist, 'widget.js');
  if (!fs.existsSync(widgetPath)) fail(`no ${widgetPath}: build first (make build)`);
  let bundle;
  try {
    bundle = widgetFiles(fs.readFileSync(widgetPath, 'utf8'));
    const glue = bundle.find((f) => /^trailview-[\w]+\.js$/.test(f));
    if (glue) bundle.push(...splitFiles(dist, glue));
  } catch (e) { fail(e.message); }
  const missing = bundle.filter((f) => !fs.existsSync(path.join(dist, f)));
  if (missing.length) fail(`widget.js names files ${dist} lacks: ${missing.join(', ')}`);

  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });
  for (const f of bundle) {
    fs.mkdirSync(path.dirname(path.join(stage, f)), { recursive: true });
    fs.copyFileSync(path.join(dist, f), path.join(stage, f));
  }
  const npm = path.join(root, 'scripts', 'npm');
  const ours = fs.readdirSync(npm).filter((f) => f !== 'package.json');
  for (const f of ours) fs.copyFileSync(path.join(npm, f), path.join(stage, f));
  const pkg = JSON.parse(fs.readFileSync(path.join(npm, 'package.json'), 'utf8'));
  pkg.version = cargoVersion();
  // Exactly these files (npm adds package.json and README.md itself).
  pkg.files = [...bundle, ...ours.filter((f) => f !== 'README.md')];
  fs.writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);

  for (const f of fs.readdirSync(out)) if (f.endsWith('.tgz')) fs.rmSync(path.join(out, f));
  const report = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', out],
    { cwd: stage, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
  const tarball = path.join(out, report[0].filename);
  const bytes = fs.readFileSync(tarball);
  // A .tgz is gzipped already: its size is the download.
  console.log(tarball);
  console.log(`${report[0].name}@${report[0].version}: ${report[0].entryCount} files, ` +
    `${bytes.length} B gzipped (${report[0].unpackedSize} B unpacked)`);
  for (const f of report[0].files) console.log(`  ${f.path}  ${f.size} B`);
}
