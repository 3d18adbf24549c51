// The Content-Security-Policy a Trailview deployment sends with its HTML pages,
// built from the bundle's index.html and the deployment's trailview.json.
// scripts/serve.mjs sends it; an admin serving dist/ with another server prints it
// once per build and configuration and pastes it into that server's configuration:
//   node scripts/csp.mjs --dist dist [--config path/to/trailview.json]   (or: make csp)
//
// The policy, directive by directive:
//   default-src 'none'          anything not named below is refused (fonts, media,
//                               workers, manifests, frames)
//   script-src 'self' 'wasm-unsafe-eval' 'sha256-…'
//                               the bundle's scripts; compiling the wasm; the one
//                               inline script of index.html (it writes <base> before
//                               the stylesheets resolve), by the hash of its text
//   style-src 'self'            the bundle's stylesheets; no inline style (the app
//                               styles elements through the CSSOM only)
//   img-src 'self'              the favicon
//   connect-src …               the log endpoints: `*` while trailview.json lists no
//                               allowedSources (the admin may open any endpoint),
//                               else 'self' and the origins of allowedSources and
//                               of `source` (a clickhouse+ entry: its server's)
//   frame-src 'self'            only on the example host pages (examples/*.html),
//                               which frame the app; the app frames nothing
//   frame-ancestors 'self' …    who may frame the app (the iframe mode): its own
//                               origin and embedOrigins of trailview.json
//   base-uri 'self'             <base> may point only into this origin
//   form-action 'self'          forms (the app's submit in place) post nowhere else
//   object-src 'none'           no plugins
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** `'sha256-…'` of each inline element `tag` (script or style) in `html`, in order. */
export function inlineHashes(html, tag) {
  const re = new RegExp(`<${tag}\\b([^>]*)>([\\s\\S]*?)</${tag}\\s*>`, 'gi');
  return [...html.matchAll(re)]
    .filter(([, attrs]) => !/\bsrc\s*=/i.test(attrs))
    .map(([, , text]) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`);
}

/** The origin a browser connects to for log source `url` (`clickhouse+https://h/…`
 * is fetched from `https://h`), or null when `url` is not an absolute http(s) URL. */
function sourceOrigin(url) {
  try {
    const u = new URL(String(url).trim().replace(/^clickhouse\+/i, ''));
    return /^https?:$/.test(u.protocol) ? u.origin : null;
  } catch {
    return null;
  }
}

/** `entry` as an origin when it is exactly one http(s) origin, as the app reads
 * embedOrigins (src/core/source/url.rs, as_origin): no wildcard, path or user info. */
function exactOrigin(entry) {
  const e = String(entry).trim();
  if (!/^https?:\/\/[A-Za-z0-9\-.:[\]]+\/?$/i.test(e)) return null;
  try {
    return new URL(e).origin;
  } catch {
    return null;
  }
}

/** The deployment's origins from `config` (trailview.json's text, or null): where the
 * app may connect and who may frame it. A malformed file configures nothing, as in
 * the app, which then ignores it. */
export function deploymentOrigins(config) {
  let c = {};
  try {
    const parsed = config == null ? {} : JSON.parse(String(config).replace(/^\uFEFF/, ''));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) c = parsed;
  } catch { /* ignored, as the app ignores it */ }
  const list = (v) => (Array.isArray(v) ? v.filter((s) => typeof s === 'string') : []);
  const unique = (xs) => [...new Set(xs.filter(Boolean))];
  const allowed = list(c.allowedSources);
  const connect = allowed.length
    ? unique(["'self'", ...[...allowed, ...(typeof c.source === 'string' ? [c.source] : [])].map(sourceOrigin)])
    : ['*'];
  const frame = unique(["'self'", ...list(c.embedOrigins).map(exactOrigin)]);
  return { connect, frame };
}

/**
 * The policy for an HTML page of the bundle (`html`, its text) under `config`
 * (trailview.json's text, or null). `host: true` is for the example host pages
 * (examples/*.html): their inline style by hash too, and they may frame the app.
 */
export function policy({ html, config = null, host = false }) {
  const { connect, frame } = deploymentOrigins(config);
  return [
    "default-src 'none'",
    ["script-src 'self' 'wasm-unsafe-eval'", ...inlineHashes(html, 'script')].join(' '),
    ["style-src 'self'", ...(host ? inlineHashes(html, 'style') : [])].join(' '),
    "img-src 'self'",
    `connect-src ${connect.join(' ')}`,
    ...(host ? ["frame-src 'self'"] : []),
    `frame-ancestors ${frame.join(' ')}`,
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

/** The configuration a server over `dist` serves: `configFile`, else dist/trailview.json. */
export function readConfig(dist, configFile) {
  const file = configFile || path.join(dist, 'trailview.json');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (k, d) => { const i = process.argv.indexOf(`--${k}`); return i > 0 ? process.argv[i + 1] : d; };
  const dist = arg('dist', 'dist');
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  console.log(policy({ html, config: readConfig(dist, arg('config', null)) }));
}
