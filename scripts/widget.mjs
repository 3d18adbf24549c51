// Trunk post-build hook: writes widget.js (the <trail-view> element) into the
// bundle, with the names of this build's wasm, JavaScript and styles taken from the
// index.html Trunk just wrote. Other pages (bench.html) are left alone.
import fs from 'node:fs';
import path from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
const html = staging && path.join(staging, 'index.html');
if (!html || !fs.existsSync(html)) process.exit(0);
const page = fs.readFileSync(html, 'utf8');
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
const here = path.dirname(new URL(import.meta.url).pathname);
const template = fs.readFileSync(path.join(here, 'widget.template.js'), 'utf8');
fs.writeFileSync(path.join(staging, 'widget.js'), template.replace('/*FILES*/', JSON.stringify(files)));
