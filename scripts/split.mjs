// Trunk post-build step for index.html in release builds: splits the wasm into the
// first screen and chunks loaded on first use (src/ui/lazy.rs), which Trunk cannot
// do (it runs wasm-bindgen on the whole module; the split must come first).
//   1. wasm-split-cli (wasm_split_cli_support) cuts cargo's module, linked with
//      --emit-relocs and built with --cfg trailview_split (see `make build`), at its
//      split points: the main module, one .wasm per chunk and __wasm_split.js, the
//      loader the main module imports;
//   2. wasm-bindgen makes the main module's glue, as Trunk did for the whole one;
//   3. wasm-opt -Os each module (Trunk's own wasm-opt is off in index.html);
//   4. the files replace Trunk's, each named by its content (the main module, its
//      glue, the loader and the chunks), and index.html names them, with new
//      integrity attributes.
// Debug builds (`make dev`) are left as Trunk made them: not split, not optimised.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
const html = staging && path.join(staging, 'index.html');
const release = process.env.TRUNK_PROFILE === 'release';
if (html && fs.existsSync(html) && release) split();

function split() {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
  const target = process.env.CARGO_TARGET_DIR || path.join(root, 'target');
  const raw = path.join(target, 'wasm32-unknown-unknown', 'release', 'trailview.wasm');
  let page = fs.readFileSync(html, 'utf8');
  const one = (re, what) => {
    const m = page.match(re);
    if (!m) throw new Error(`split.mjs: no ${what} in ${html}`);
    return m[1];
  };
  const js = one(/import init, \* as bindings from '\.\/([^']+\.js)'/, 'module script');
  const wasm = one(/module_or_path: '\.\/([^']+\.wasm)'/, 'wasm');
  const stem = js.replace(/\.js$/, '');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'trailview-split-'));
  const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    run('wasm-split-cli', [raw, path.join(work, 'split'), '--out-name', stem]);
    run('wasm-bindgen', ['--target', 'web', '--keep-lld-exports', '--no-typescript',
      '--out-name', stem, '--out-dir', path.join(work, 'bg'), path.join(work, 'split', `${stem}.wasm`)]);
    const opt = (from, to) => run('wasm-opt', ['-Os', '--strip-debug', '--strip-producers', '--enable-bulk-memory', '--enable-nontrapping-float-to-int',
      '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue',
      from, '-o', to]);
    // Trunk's names hashed the whole module: these are named by what is served.
    fs.rmSync(path.join(staging, wasm));
    fs.rmSync(path.join(staging, js));
    const mainOut = path.join(work, 'main.wasm');
    opt(path.join(work, 'bg', `${stem}_bg.wasm`), mainOut);
    const wasmName = `trailview-${hash(fs.readFileSync(mainOut))}_bg.wasm`;
    fs.copyFileSync(mainOut, path.join(staging, wasmName));

    // Chunks, named by their content; the loader, with those names, named by its own.
    let loader = fs.readFileSync(path.join(work, 'split', '__wasm_split.js'), 'utf8');
    for (const f of fs.readdirSync(path.join(work, 'split'))) {
      if (!f.endsWith('.wasm') || f === `${stem}.wasm`) continue;
      const out = path.join(work, `opt-${f}`);
      opt(path.join(work, 'split', f), out);
      const named = `${f.replace(/\.wasm$/, '')}-${hash(fs.readFileSync(out))}.wasm`;
      fs.copyFileSync(out, path.join(staging, named));
      loader = loader.split(`"./${f}"`).join(`"./${named}"`);
    }
    // The loader imports the glue and the glue the loader: the loader's name hashes
    // all of it but the glue's name, which is written in last.
    const loaderName = `__wasm_split-${hash(loader)}.js`;
    let glue = fs.readFileSync(path.join(work, 'bg', `${stem}.js`), 'utf8');
    // Only the imports: the key of the wasm's import object stays the module name
    // the main module was linked with.
    glue = glue.replace(/(from\s*)(["'])\.\/__wasm_split\.js\2/g, `$1$2./${loaderName}$2`);
    if (!glue.includes(loaderName)) throw new Error('split.mjs: the glue does not import __wasm_split.js');
    const jsName = `trailview-${hash(glue)}.js`;
    fs.writeFileSync(path.join(staging, jsName), glue);
    const main = `"./${stem}.js"`;
    if (!loader.includes(main)) throw new Error(`split.mjs: the loader does not import ${main}`);
    fs.writeFileSync(path.join(staging, loaderName), loader.split(main).join(`"./${jsName}"`));
    const snippets = path.join(work, 'bg', 'snippets');
    if (fs.existsSync(snippets)) fs.cpSync(snippets, path.join(staging, 'snippets'), { recursive: true });

    page = page.split(`./${js}`).join(`./${jsName}`).split(`./${wasm}`).join(`./${wasmName}`);
    // Integrity of the two files index.html preloads.
    for (const f of [jsName, wasmName]) {
      const sri = `sha384-${createHash('sha384').update(fs.readFileSync(path.join(staging, f))).digest('base64')}`;
      page = page.replace(new RegExp(`(href="\\./${f.replace(/[.]/g, '\\.')}"[^>]*integrity=")[^"]*"`), `$1${sri}"`);
    }
    fs.writeFileSync(html, page);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function hash(bytes) {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}
