// A real HTTP log endpoint for the end-to-end tests, on 127.0.0.1 (another origin
// than the app, so CORS is exercised). Fixtures come from tests/fixtures.
//   /logs/e2e.json         the hand-made fixture (20 entries, pretty-printed array)
//   /logs/sample.json      300 generated entries
//   /logs/wrapped.json     {"data":{"items":[...e2e]}, "total": 20}
//   /logs/page1.json       the first 10 entries of a paged API that reports 1234 in all
//   /logs/bad.ndjson       the fixture as NDJSON with two broken lines
//   /logs/empty.json       []
//   /logs/invalid.json     broken JSON
//   /logs/nocors.json      the fixture without CORS headers
//   /apps/:app/logs.json   the fixture's entries of one app (for source templates)
//   /slow.json?ms=N        sample.json trickled out over about N ms (progress)
//   /status/:code          that HTTP status
//   /html                  a 200 HTML login page
// usage: node tests/e2e/log-server.mjs [--port 4174]
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const fixtures = path.join(here, '..', 'fixtures');
const read = (f) => fs.readFileSync(path.join(fixtures, f));
const e2e = JSON.parse(read('e2e-log.json'));

export function startLogServer({ port = 0, host = '127.0.0.1' } = {}) {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const cors = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'content-length' };
    const send = (status, type, body, headers = {}) => {
      res.writeHead(status, { 'content-type': type, ...cors, ...headers });
      res.end(body);
    };
    const p = url.pathname;
    if (p === '/health') return send(200, 'text/plain', 'ok');
    if (p === '/logs/e2e.json') return send(200, 'application/json', read('e2e-log.json'));
    if (p === '/logs/sample.json') return send(200, 'application/json', read('sample.json'));
    if (p === '/logs/wrapped.json') return send(200, 'application/json', JSON.stringify({ data: { items: e2e }, total: e2e.length }));
    if (p === '/logs/page1.json') return send(200, 'application/json', JSON.stringify({ logs: e2e.slice(0, 10), total: 1234 }));
    if (p === '/logs/bad.ndjson') {
      const lines = e2e.map((e) => JSON.stringify(e));
      lines.splice(3, 0, '{"id": 1, "type": broken}');
      lines.splice(8, 0, '<html>not json</html>');
      return send(200, 'application/x-ndjson', lines.join('\n') + '\n');
    }
    if (p === '/logs/empty.json') return send(200, 'application/json', '[]');
    if (p === '/logs/invalid.json') return send(200, 'application/json', '[\n  {"id": 1, "type": "a"},\n  {"id": 2 "type": "b"}\n]');
    if (p === '/logs/nocors.json') { res.writeHead(200, { 'content-type': 'application/json' }); return res.end(read('e2e-log.json')); }
    const app = p.match(/^\/apps\/([^/]+)\/logs\.json$/);
    if (app) {
      const name = decodeURIComponent(app[1]).toLowerCase();
      return send(200, 'application/json', JSON.stringify(e2e.filter((e) => (e.appName || '').toLowerCase() === name)));
    }
    if (p === '/slow.json') {
      const body = read('sample.json');
      const ms = +(url.searchParams.get('ms') || 1500);
      const parts = 20;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length, ...cors });
      for (let i = 0; i < parts; i++) {
        res.write(body.subarray(Math.floor((i * body.length) / parts), Math.floor(((i + 1) * body.length) / parts)));
        await new Promise((r) => setTimeout(r, ms / parts));
      }
      return res.end();
    }
    const status = p.match(/^\/status\/(\d{3})$/);
    if (status) return send(+status[1], 'text/plain', `error ${status[1]}`);
    if (p === '/html') return send(200, 'text/html', '<!DOCTYPE html><html><head><title>Sign in</title></head><body><form>Sign in</form></body></html>');
    send(404, 'text/plain', 'not found');
  });
  return new Promise((resolve) => server.listen(port, host, () => {
    resolve({ base: `http://${host}:${server.address().port}`, close: () => new Promise((r) => server.close(r)) });
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--port');
  const { base } = await startLogServer({ port: i > 0 ? +process.argv[i + 1] : 4174 });
  console.log(`log endpoint at ${base}`);
}
