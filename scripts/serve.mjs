// Static server for a built Trailview bundle: serves DIST, falls back to
// index.html for app routes (paths without a file extension), and answers 404 for
// missing files. Used by `make serve` and by the end-to-end tests. With --config
// FILE, that file is served as /trailview.json (a deployment's configuration).
// usage: node scripts/serve.mjs --dist dist [--port 8080] [--host 127.0.0.1] [--config FILE]
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.json': 'application/json', '.ndjson': 'application/x-ndjson',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.txt': 'text/plain',
};

/** Starts the server; resolves to { base, close }. */
export function serveDist({ dist, port = 0, host = '127.0.0.1', config = null }) {
  const root = path.resolve(dist);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (config && url.pathname === '/trailview.json') {
      const body = fs.readFileSync(config);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length, 'cache-control': 'no-cache' });
      return res.end(body);
    }
    let rel;
    try { rel = decodeURIComponent(url.pathname); } catch { res.writeHead(400); return res.end('bad path'); }
    let file = path.join(root, rel);
    if (!file.startsWith(root)) { res.writeHead(403); return res.end('forbidden'); }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) {
      // An app route (no extension) gets the app; a missing asset is a real 404.
      if (path.extname(rel) === '') file = path.join(root, 'index.html');
      else { res.writeHead(404, { 'content-type': 'text/plain' }); return res.end(`not found: ${rel}`); }
    }
    const type = TYPES[path.extname(file)] || 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, 'content-length': fs.statSync(file).size, 'cache-control': 'no-cache' });
    fs.createReadStream(file).pipe(res);
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
  const { base } = await serveDist({ dist: arg('dist', 'dist'), port: +arg('port', '8080'), host: arg('host', '127.0.0.1'), config });
  console.log(`Trailview at ${base}/  (Ctrl-C to stop)`);
}
