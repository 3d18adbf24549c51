// Trunk post-build hook, for index.html only (other pages, bench.html, are left alone):
// - moves Trunk's inline module loader into a file of its own (start-HASH.js), so that
//   the only inline script left is index.html's own, whose hash does not change from
//   build to build: a Content-Security-Policy needs no 'unsafe-inline' (scripts/csp.mjs);
// - writes widget.js (the <trail-view> element), with the names of this build's wasm,
//   JavaScript and styles taken from the index.html Trunk just wrote.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
const html = staging && path.join(staging, 'index.html');
if (!html || !fs.existsSync(html)) process.exit(0);
let page = fs.readFileSync(html, 'utf8');
const one = (re, what) => {
  const m = page.match(re);
  if (!m) throw new Error(`widget.mjs: no ${what} in ${html}`);
  return m[1];
};
const files = {
  js: one(/import init, \* as bindings from '([^']+\.js)'/, 'module script'),
  wasm: one(/module_or_path: '([^']+\.wasm)'/, 'wasm'),
  css: [...page.matchAll(/<link rel="stylesheet" href="([^"]+\.css)"/g)].map((m) => m[1]),
};

// The loader, unchanged, as start-HASH.js beside the JavaScript it imports (its
// relative imports resolve against its own address, the bundle's root, as they did
// against the document's base). The name changes with the content, like Trunk's.
const loader = /<script type="module">([\s\S]*?import init, \* as bindings from[\s\S]*?)<\/script>/;
const code = one(loader, 'inline module loader');
const name = `start-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`;
const integrity = `sha384-${createHash('sha384').update(code).digest('base64')}`;
fs.writeFileSync(path.join(staging, name), code);
page = page.replace(loader, () => `<script type="module" src="./${name}" integrity="${integrity}"></script>`);
fs.writeFileSync(html, page);

const here = path.dirname(new URL(import.meta.url).pathname);
const template = fs.readFileSync(path.join(here, 'widget.template.js'), 'utf8');
fs.writeFileSync(path.join(staging, 'widget.js'), template.replace('/*FILES*/', JSON.stringify(files)));
