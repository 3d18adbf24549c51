// Static server for a built Trailview bundle: serves DIST, falls back to
// index.html for app routes (paths without a file extension), and answers 404 for
// missing files. Used by `make serve` and by the end-to-end tests. With --config
// FILE, that file is served as trailview.json (a deployment's configuration). With
// --base /PATH/, the bundle is served under that path prefix (as a portal would)
// and everything outside it is 404. Every HTML page goes out with the strict
// Content-Security-Policy of scripts/csp.mjs, built from that page and the
// configuration (read again for each page, so a rebuild or an edit takes effect).
// usage: node scripts/serve.mjs --dist dist [--port 8080] [--host 127.0.0.1] [--config FILE] [--base /PATH/]
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { policy, readConfig } from './csp.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.json': 'application/json', '.ndjson': 'application/x-ndjson',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.txt': 'text/plain',
};

/** Sends `file`; an HTML page with the policy `csp(file, text)` gives for it. */
function send(res, file, csp) {
  const type = TYPES[path.extname(file)] || 'application/octet-stream';
  // CORS: a host page on another origin loads widget.js, the wasm and the demo log.
  const headers = { 'content-type': type, 'cache-control': 'no-cache', 'access-control-allow-origin': '*' };
  if (path.extname(file) === '.html') {
    const page = fs.readFileSync(file);
    res.writeHead(200, { ...headers, 'content-length': page.length, 'content-security-policy': csp(file, page.toString('utf8')) });
    return res.end(page);
  }
  res.writeHead(200, { ...headers, 'content-length': fs.statSync(file).size });
  fs.createReadStream(file).pipe(res);
}

/** Whether `file` (absolute, normalized) is `root` or lies under it: not merely a path
 * that starts with the same letters (`dist-other` beside `dist`). */
function inside(root, file) {
  return file === root || file.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

function forbidden(res) {
  res.writeHead(403, { 'content-type': 'text/plain' });
  res.end('forbidden');
}

/** Starts the server; resolves to { base, close } (`base` is the origin). */
export function serveDist({ dist, port = 0, host = '127.0.0.1', config = null, base = '/' }) {
  const root = path.resolve(dist);
  if (!base.startsWith('/') || !base.endsWith('/')) throw new Error(`--base must start and end with /: ${base}`);
  // The app's page gets the app's policy; the example host pages beside it theirs.
  const csp = (file, html) => policy({ html, config: readConfig(root, config), host: file !== path.join(root, 'index.html') });
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (req.method === 'OPTIONS') {
      // A CORS preflight (a widget's request with a token, from another origin).
      res.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*',
        'access-control-allow-methods': 'GET' });
      return res.end();
    }
    if (url.pathname === base.slice(0, -1) && base !== '/') {
      res.writeHead(301, { location: base + url.search });
      return res.end();
    }
    if (!url.pathname.startsWith(base)) { res.writeHead(404, { 'content-type': 'text/plain' }); return res.end(`not under ${base}`); }
    const inner = url.pathname.slice(base.length - 1);
    if (config && inner === '/trailview.json') {
      const body = fs.readFileSync(config);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length, 'cache-control': 'no-cache',
        'access-control-allow-origin': '*' });
      return res.end(body);
    }
    let rel;
    // The app's own routes always get the app (an app's name may contain a dot).
    if (inner.startsWith('/apps/') || inner === '/embed') return send(res, path.join(root, 'index.html'), csp);
    // An encoded separator or NUL names no file of a bundle: it can only be an
    // attempt to step out of it (/..%2fdist-other/…).
    if (/%(2f|5c|00)|\\/i.test(inner)) return forbidden(res);
    try { rel = decodeURIComponent(inner); } catch { res.writeHead(400); return res.end('bad path'); }
    let file = path.join(root, rel);
    if (!inside(root, file)) return forbidden(res);
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    // Where a symbolic link leads counts, not its name.
    if (fs.existsSync(file) && !inside(fs.realpathSync(root), fs.realpathSync(file))) return forbidden(res);
    if (!fs.existsSync(file)) {
      // At the root, any other path without an extension gets the app (its "Page not
      // found"); under a prefix only the app's routes do. A missing asset is a real 404.
      if (path.extname(rel) === '' && base === '/') file = path.join(root, 'index.html');
      else { res.writeHead(404, { 'content-type': 'text/plain' }); return res.end(`not found: ${rel}`); }
    }
    send(res, file, csp);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: p } = server.address();
      resolve({ base: `http://${host}:${p}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const arg = (k, d) => { const i = process.argv.indexOf(`--${k}`); return i > 0 ? process.argv[i + 1] : d; };
  const config = arg('config', '') || null;
  const prefix = arg('base', '/');
  const { base } = await serveDist({ dist: arg('dist', 'dist'), port: +arg('port', '8080'), host: arg('host', '127.0.0.1'), config, base: prefix });
  console.log(`Trailview at ${base}${prefix}  (Ctrl-C to stop)`);
}
