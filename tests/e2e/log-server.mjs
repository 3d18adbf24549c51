// A real HTTP log endpoint for the end-to-end tests, on 127.0.0.1 (another origin
// than the app, so CORS is exercised). Fixtures come from tests/fixtures.
// Fixture routes:
//   /logs/e2e.json         the hand-made fixture (20 entries, pretty-printed array)
//   /logs/sample.json      300 generated entries
//   /logs/spike.json       two days of sign-ins with a burst of failures in two hours
//   /logs/chain.json       an invited user granted admin who then turns off MFA, exports and invites another, among noise
//   /logs/wrapped.json     {"data":{"items":[...e2e]}, "total": 20}
//   /logs/page1.json       the first 10 entries of a paged API that reports 1234 in all
//   /logs/bad.ndjson       the fixture as NDJSON with two broken lines
//   /logs/empty.json       []
//   /logs/invalid.json     broken JSON
//   /logs/nocors.json      the fixture without CORS headers
//   /logs/dst.json         11 entries either side of Berlin's 2026 DST changes (dst-log.json)
//   /logs/naive.json       3 entries with times written without an offset (naive-log.json)
//   /logs/mixed.json       15 entries whose `timestamp` mixes encodings and unreadable values (mixed-times.json)
//   /logs/trust.json       12 entries with levels, outcomes, e-mails, IPs, a token, changes to bookings (trust-log.json)
//   /logs/odd-apps.json    10 entries of apps named "a/b", "..", "Room.Booking", "x?y#z", "Café ☕"
//   /apps/:app/logs.json   the entries of one app from e2e.json and odd-apps.json (for source templates)
//   /slow.json?ms=N        sample.json trickled out over about N ms (progress)
//   /status/:code          that HTTP status
//   /html                  a 200 HTML login page
//   /host/portal.html      public/examples/portal.html: a host page on this origin for <trail-view>
//   /host/iframe.html      public/examples/iframe.html: a host page on this origin for the iframe mode
//   /host/strict/NAME.html the same pages with a strict Content-Security-Policy of their own: their
//                          inline script and style by hash, and only the origin of ?bundle= besides
//   /health                "ok"
// Generated log (entry(i), newest first, n entries, default 237; page size limit|per_page, default 50):
//   /gen/array.json?n                          the whole log as a JSON array
//   /gen/wrapped.json?n                        {"data": [...], "total": n}
//   /gen/log.ndjson?n                          NDJSON, one entry per line
//   /paged/link?limit&cursor&n                 array; Link: <next>; rel="next", <first>; rel="first"
//   /paged/next?page&limit&style&relative&n    style next|next_page|links|odata, next URL in the body
//   /paged/cursor?style&limit&<param>&n        google(pageToken) slack(cursor) aws(NextToken) after(after) cursor(cursor)
//   /paged/offset?offset&limit&total&n         {"results": [...], "total": n}, x-total-count
//   /paged/page?page&per_page&wrap&n           array, or {"data","total_pages","page"} with wrap=1; x-total-count
//   /live/log?t&page&limit&since&n             the tag's growing log (first n=30 generated entries), array
//   POST /live/add?t&k                         prepends k newer entries to the tag's live log
// Traps (a hostile or compromised endpoint; the attacker's server is this script on another port):
//   /gen/redirect?to=URL                       302 to URL (under /gen/, which the configured app allows)
//   /trap/next?to=URL&style=link|next|odata&n  the first n entries, and a next page at URL
//   /trap/empty?k                              10 entries, then empty pages forever, each with a fresh next URL
// Shared on /gen, /paged, /live, /trap: require=bearer|x-api-key|cookie (401/403), delay=MS, slow=MS,
//   fail=STATUS@PAGE [times=K] [retry=S], drop=PAGE@BYTES [times=K], html=PAGE, truncate=PAGE,
//   repeat=PAGE (cursor/link/next), ignorepage=1 (page/offset). PAGE counts from 1; /gen is page 1.
// Every route: t=TAG tags the request in the request log. Every response but /logs/nocors.json has
//   CORS headers (Origin echoed with credentials when require=cookie, else *).
//   /ch/log.ndjson         the generated log the e2e ClickHouse holds (for the in-memory side)
// Test support:
//   /login?t               sets the cookie session=s3cret-session (open it first in the browser context)
//   /__log?t               the requests recorded for tag t (all when t is absent), oldest first;
//                          aborted: true on those the client closed before the answer was complete
//   POST /__log/clear?t    forgets tag t's recorded requests (all when t is absent)
//   OPTIONS on any path    a CORS preflight answer (204)
// usage: node tests/e2e/log-server.mjs [--port 4174]
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { inlineHashes } from '../../scripts/csp.mjs';

export const TOKEN = 's3cret-token';
export const SESSION = 's3cret-session';

const here = path.dirname(new URL(import.meta.url).pathname);
const fixtures = path.join(here, '..', 'fixtures');
const read = (f) => fs.readFileSync(path.join(fixtures, f));
const e2e = JSON.parse(read('e2e-log.json'));

/** Two days of sign-ins by four people every hour, and on 31 October between 10:00
 *  and 12:00 (UTC) forty failed sign-ins by mallory from one address: a spike. */
function spike() {
  const out = [];
  let id = 1;
  for (let h = 0; h < 48; h++) {
    const hour = Date.parse('2026-10-30T00:00:00Z') + h * 3_600_000;
    ['ada', 'bob', 'cy', 'dee'].forEach((who, i) => out.push({
      id: id++, time: new Date(hour + (i + 1) * 600_000).toISOString(), actor: `${who}@acme.test`,
      action: 'user.login', ip: `10.0.0.${i + 1}`,
    }));
  }
  for (let m = 0; m < 40; m++) {
    out.push({ id: id++, time: new Date(Date.parse('2026-10-31T10:00:00Z') + m * 180_000).toISOString(),
      actor: 'mallory@evil.test', action: 'user.login.failed', ip: '203.0.113.9' });
  }
  return out.sort((a, b) => b.time.localeCompare(a.time));
}
/** A privilege escalation among noise: root invites newbie, boss grants newbie admin,
 *  newbie turns off MFA, exports the data and invites pal, pal deletes a project;
 *  others sign in and work all along, and newbie signs in again two days later. */
function chain() {
  const t0 = Date.parse('2026-10-30T09:00:00Z');
  const at = (min) => new Date(t0 + min * 60_000).toISOString();
  const out = [
    { actor: 'root@acme.test', action: 'user.invite', target: 'newbie@acme.test', time: at(0) },
    { actor: 'boss@acme.test', action: 'role.grant', target: 'newbie@acme.test', time: at(20) },
    { actor: 'newbie@acme.test', action: 'mfa.disable', target: 'newbie@acme.test', time: at(35) },
    { actor: 'newbie@acme.test', action: 'data.export', target: 'customers.csv', time: at(50) },
    { actor: 'newbie@acme.test', action: 'user.invite', target: 'pal@evil.test', time: at(65) },
    { actor: 'pal@evil.test', action: 'project.delete', target: 'Payroll', time: at(90) },
    { actor: 'newbie@acme.test', action: 'user.login', target: 'newbie@acme.test', time: at(2 * 24 * 60) },
  ];
  for (let m = 0; m < 60; m++) {
    out.push({ actor: ['ada@acme.test', 'bob@acme.test', 'cy@acme.test'][m % 3], action: m % 2 ? 'record.update' : 'user.login',
      target: `record-${m % 7}`, time: at(m * 7 - 30) });
  }
  return out.sort((a, b) => b.time.localeCompare(a.time)).map((e, i) => ({ id: `c${String(i).padStart(3, '0')}`, ...e }));
}
/** Apps whose names must not change a route or escape an endpoint path. */
const ODD_APPS = ['a/b', '..', 'Room.Booking', 'x?y#z', 'Café ☕'];
const odd = Array.from({ length: 10 }, (_, i) => ({
  id: 9000 + i, createdAt: new Date(Date.UTC(2026, 9, 30, 12, i)).toISOString(), type: 'app.published',
  appId: 700 + (i % 5), appName: ODD_APPS[i % 5], userEmail: 'ada@acme.test',
}));
/** Entries with more distinct keys than Trailview keeps apart: the last ones are pooled. */
const pooled = Array.from({ length: 3 }, (_, i) => ({
  id: `p${i}`, time: new Date(Date.UTC(2026, 9, 30, 12, i)).toISOString(), type: 'profile.update',
  attrs: Object.fromEntries(Array.from({ length: 2100 }, (_, k) => [`k${k}`, k === 2099 ? `late-${i % 2}` : k])),
}));
const SIGN_IN = '<!DOCTYPE html><html><head><title>Sign in</title></head><body><form>Sign in</form></body></html>';
const EXPOSE = 'content-length, link, retry-after, x-total-count';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- the generated log: entry(0) is the newest, one every 7 minutes back in time
const CATEGORIES = ['studio', 'app', 'integration', 'files'];
const TYPES = ['user.login', 'app.publish', 'email.delivered', 'mediaFile.create', 'booking.created'];
const APPS = ['Room Booking', 'Inventory', 'Sales Portal'];
const NEWEST = Date.parse('2026-10-31T12:00:00.000Z');
export function entry(i) {
  return {
    id: `evt-${String(i).padStart(5, '0')}`,
    createdAt: new Date(NEWEST - i * 7 * 60_000).toISOString(),
    category: CATEGORIES[i % 4],
    type: TYPES[i % 5],
    appName: APPS[i % 3],
    userEmail: `user${i % 17}@acme.test`,
    data: { seq: i },
  };
}
const range = (from, to) => Array.from({ length: Math.max(0, to - from) }, (_, k) => entry(from + k));

// A non-negative integer query value: missing/garbage/below min → def, above max → max.
const int = (v, def, min = 0, max = 1_000_000) => (v != null && /^\d+$/.test(v) && +v >= min ? Math.min(+v, max) : def);

// Opaque cursors: base64url of "o:<offset>"; only canonical tokens decode (else null).
const enc = (off) => Buffer.from(`o:${off}`).toString('base64url');
function dec(tok) {
  const m = /^o:(0|[1-9]\d{0,8})$/.exec(Buffer.from(tok, 'base64url').toString());
  return m && enc(+m[1]) === tok ? +m[1] : null;
}

// The raw request URL (path + query) with one query parameter set (value) or removed (null);
// every other parameter is kept byte for byte.
function withParam(raw, name, value) {
  const i = raw.indexOf('?');
  const parts = (i < 0 ? '' : raw.slice(i + 1)).split('&').filter(Boolean);
  const key = (part) => { try { return decodeURIComponent(part.split('=')[0].replace(/\+/g, ' ')); } catch { return part; } };
  const out = [];
  let done = value == null;
  for (const part of parts) {
    if (key(part) !== name) out.push(part);
    else if (!done) { out.push(`${name}=${encodeURIComponent(value)}`); done = true; }
  }
  if (!done) out.push(`${name}=${encodeURIComponent(value)}`);
  return (i < 0 ? raw : raw.slice(0, i)) + (out.length ? `?${out.join('&')}` : '');
}

// ---- CORS
function corsHeaders(req, credentials) {
  const origin = req.headers.origin;
  if (origin && credentials) return { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'origin', 'access-control-expose-headers': EXPOSE };
  return { 'access-control-allow-origin': '*', 'access-control-expose-headers': EXPOSE };
}
function preflight(req, res) {
  res.writeHead(204, {
    'access-control-allow-origin': req.headers.origin || '*',
    'access-control-allow-credentials': 'true',
    'access-control-allow-methods': 'GET, OPTIONS',
    'access-control-allow-headers': req.headers['access-control-request-headers'] || 'authorization, x-api-key, content-type',
    'access-control-max-age': '600',
    vary: 'origin',
  });
  res.end();
}

// ---- credentials (require=...): null when fine, else [status, body]
function authProblem(req, q) {
  const mode = q.get('require');
  if (mode == null || mode === '') return null;
  let got;
  if (mode === 'bearer') {
    const h = req.headers.authorization;
    got = h ? (/^Bearer +(.+)$/i.exec(h.trim())?.[1] ?? '') : null; // another scheme: wrong, not missing
  } else if (mode === 'x-api-key') got = req.headers['x-api-key'] || null;
  else if (mode === 'cookie') {
    const c = (req.headers.cookie || '').split(';').map((s) => s.trim().split('=')).find(([k]) => k === 'session');
    got = c ? c.slice(1).join('=') : null;
  } else return [400, { error: 'bad_request', message: `unknown require "${mode}" (bearer, x-api-key or cookie)` }];
  const want = mode === 'cookie' ? SESSION : TOKEN;
  if (got == null) return [401, { error: 'unauthorized', message: 'a token is required' }];
  return got === want ? null : [403, { error: 'forbidden' }];
}

// ---- paging helpers
const pageOf = (off, limit) => Math.floor(off / limit) + 1;
const CURSOR_STYLES = {
  google: { param: 'pageToken', body: (items, t) => (t ? { items, nextPageToken: t } : { items }) },
  slack: { param: 'cursor', body: (items, t) => ({ entries: items, response_metadata: { next_cursor: t || '' } }) },
  aws: { param: 'NextToken', body: (items, t) => (t ? { Events: items, NextToken: t } : { Events: items }) },
  after: { param: 'after', body: (items, t) => ({ results: items, after: t || null }) },
  cursor: { param: 'cursor', body: (items, t) => ({ events: items, cursor: t || null }) },
};
const NEXT_STYLES = {
  next: (items, next) => ({ items, next }),
  next_page: (items, next) => ({ items, next_page: next }),
  links: (items, next, self) => ({ data: items, links: { next, self } }),
  odata: (items, next) => (next ? { value: items, '@odata.nextLink': next } : { value: items }),
};

// ---- per-tag state, in memory
const requests = []; // the request log
const faultCounts = new Map(); // "tag|path|page|fault" → requests seen
const lives = new Map(); // tag → { entries, counter }
function live(tag, n) {
  if (!lives.has(tag)) lives.set(tag, { entries: range(0, n), counter: 0 });
  return lives.get(tag);
}

// The routes over generated data. Each gets ctx and answers
// { page, body, type?, headers? } or { status, error } (a JSON error).
const JSON_TYPE = 'application/json';
const DATA_ROUTES = {
  '/gen/array.json': ({ n }) => ({ page: 1, body: JSON.stringify(range(0, n)) }),
  '/gen/wrapped.json': ({ n }) => ({ page: 1, body: JSON.stringify({ data: range(0, n), total: n }) }),
  '/gen/log.ndjson': ({ n }) => ({ page: 1, type: 'application/x-ndjson', body: range(0, n).map((e) => JSON.stringify(e) + '\n').join('') }),
  '/gen/redirect': ({ q }) => ({ page: 1, redirect: q.get('to') || '/gen/array.json' }),

  '/trap/next': ({ q, n }) => {
    const to = q.get('to') || '';
    const items = range(0, Math.min(n, 50));
    const style = q.get('style') || 'link';
    if (style === 'link') return { page: 1, body: JSON.stringify(items), headers: { link: `<${to}>; rel="next"` } };
    if (style === 'odata') return { page: 1, body: JSON.stringify({ value: items, '@odata.nextLink': to }) };
    return { page: 1, body: JSON.stringify({ items, next: to }) };
  },
  '/trap/empty': ({ q, raw }) => {
    const k = int(q.get('k'), 0);
    const items = k === 0 ? range(0, 10) : [];
    return { page: k + 1, body: JSON.stringify({ items, next: withParam(raw, 'k', String(k + 1)) }) };
  },

  '/paged/link': ({ q, n, limit, raw, abs, hits }) => {
    const tok = q.get('cursor');
    const off = tok ? dec(tok) : 0;
    if (off == null) return { status: 400, error: `invalid cursor "${tok}"` };
    const page = pageOf(off, limit);
    const next = hits('repeat', page) ? enc(off) : off + limit < n ? enc(off + limit) : null;
    const first = `<${abs(withParam(raw, 'cursor', null))}>; rel="first"`;
    const link = next ? `<${abs(withParam(raw, 'cursor', next))}>; rel="next", ${first}` : first;
    return { page, body: JSON.stringify(range(off, Math.min(off + limit, n))), headers: { link } };
  },

  '/paged/next': ({ q, n, limit, raw, abs, hits }) => {
    const style = NEXT_STYLES[q.get('style') || 'next'];
    if (!style) return { status: 400, error: `unknown style "${q.get('style')}" (next, next_page, links, odata)` };
    const page = int(q.get('page'), 1, 1);
    const off = (page - 1) * limit;
    const url = (u) => (q.get('relative') === '1' ? u : abs(u));
    const next = hits('repeat', page) ? url(raw) : off + limit < n ? url(withParam(raw, 'page', String(page + 1))) : null;
    return { page, body: JSON.stringify(style(range(off, Math.min(off + limit, n)), next, url(raw))) };
  },

  '/paged/cursor': ({ q, n, limit, hits }) => {
    const style = CURSOR_STYLES[q.get('style') || 'cursor'];
    if (!style) return { status: 400, error: `unknown style "${q.get('style')}" (google, slack, aws, after, cursor)` };
    const tok = q.get(style.param);
    const off = tok ? dec(tok) : 0;
    if (off == null) return { status: 400, error: `unknown ${style.param} "${tok}"` };
    const page = pageOf(off, limit);
    const next = hits('repeat', page) ? enc(off) : off + limit < n ? enc(off + limit) : null;
    return { page, body: JSON.stringify(style.body(range(off, Math.min(off + limit, n)), next)) };
  },

  '/paged/offset': ({ q, n, limit }) => {
    const asked = int(q.get('offset'), 0);
    const off = q.get('ignorepage') === '1' ? 0 : asked;
    const results = range(off, Math.min(off + limit, n));
    const body = q.get('total') === '0' ? { results } : { results, total: n };
    return { page: pageOf(asked, limit), body: JSON.stringify(body), headers: { 'x-total-count': n } };
  },

  '/paged/page': ({ q, n, limit }) => {
    const asked = int(q.get('page'), 1, 1);
    const page = q.get('ignorepage') === '1' ? 1 : asked;
    const items = range((page - 1) * limit, Math.min(page * limit, n));
    const body = q.get('wrap') === '1' ? { data: items, total_pages: Math.ceil(n / limit), page } : items;
    return { page: asked, body: JSON.stringify(body), headers: { 'x-total-count': n } };
  },

  '/live/log': ({ q, tag, limit }) => {
    const state = live(tag, int(q.get('n'), 30, 0, 200_000));
    const since = Date.parse(q.get('since') ?? '');
    const all = Number.isNaN(since) ? state.entries : state.entries.filter((e) => Date.parse(e.createdAt) >= since);
    const page = int(q.get('page'), 1, 1);
    const body = JSON.stringify(all.slice((page - 1) * limit, page * limit));
    return { page, body, headers: { 'x-total-count': all.length } };
  },

  '/live/add': ({ req, q, tag }) => {
    if (req.method !== 'POST') return { status: 405, error: 'use POST' };
    const state = live(tag, int(q.get('n'), 30, 0, 200_000));
    const k = int(q.get('k'), 1, 0, 10_000);
    let newest = state.entries.length ? Date.parse(state.entries[0].createdAt) : NEWEST;
    const added = [];
    for (let j = 0; j < k; j++) {
      const c = ++state.counter;
      newest += 60_000;
      added.unshift({ id: `live-${tag}-${c}`, createdAt: new Date(newest).toISOString(), category: 'app', type: 'booking.created',
        appName: 'Room Booking', userEmail: `new${c}@acme.test`, data: { live: c } });
    }
    state.entries.unshift(...added);
    return { page: 1, body: JSON.stringify({ added: k, total: state.entries.length }) };
  },
};

// A /gen, /paged or /live request: delay → credentials → route → faults → body.
async function serveData(req, res, url, cors, baseHost) {
  const q = url.searchParams;
  const tag = q.get('t') ?? '';
  const sendBody = (status, type, body, headers = {}) => {
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...cors, ...headers });
    res.end(body);
  };
  const sendJson = (status, obj, headers) => sendBody(status, JSON_TYPE, JSON.stringify(obj), headers);

  const delay = int(q.get('delay'), 0, 0, 60_000);
  if (delay) await sleep(delay);
  const problem = authProblem(req, q);
  if (problem) return sendJson(problem[0], problem[1], problem[0] === 401 ? { 'www-authenticate': 'Bearer' } : {});
  const route = DATA_ROUTES[url.pathname];
  if (!route) return sendJson(404, { error: 'not_found', message: `no route ${url.pathname}` });

  // "name=PAGE" faults: does this one apply to the given page?
  const hits = (name, page) => q.get(name) != null && int(q.get(name), -1) === page;
  // a fault limited by times=K: counted per tag + route + page + fault
  const times = int(q.get('times'), Infinity);
  const within = (fault, page) => {
    const key = `${tag}|${url.pathname}|${page}|${fault}`;
    const seen = (faultCounts.get(key) || 0) + 1;
    faultCounts.set(key, seen);
    return seen <= times;
  };
  const ctx = {
    req, q, tag, raw: req.url, hits,
    n: int(q.get('n'), 237, 0, 200_000),
    limit: int(q.get('limit') ?? q.get('per_page'), 50, 1, 10_000),
    abs: (u) => `http://${req.headers.host || baseHost}${u}`,
  };
  const r = route(ctx);
  if (r.error) return sendJson(r.status, { error: 'bad_request', message: r.error });
  if (r.redirect) {
    res.writeHead(302, { location: r.redirect, 'content-length': 0, ...cors });
    return res.end();
  }
  const { page } = r;

  const fail = /^(\d{3})@(\d+)$/.exec(q.get('fail') || '');
  if (fail && +fail[2] === page && +fail[1] >= 200 && +fail[1] <= 599 && within(`fail=${q.get('fail')}`, page)) {
    const status = +fail[1];
    const retry = int(q.get('retry'), null);
    const extra = (status === 429 || status === 503) && retry != null ? { 'retry-after': String(retry) } : {};
    return sendJson(status, { error: 'injected', status, message: `injected failure on page ${page}` }, extra);
  }
  if (hits('html', page)) return sendBody(200, 'text/html', SIGN_IN);

  let body = Buffer.from(r.body);
  if (hits('truncate', page)) body = body.subarray(0, Math.floor(body.length / 2));
  const headers = { 'content-type': r.type || JSON_TYPE, 'content-length': body.length, ...cors, ...r.headers };

  const drop = /^(\d+)@(\d+)$/.exec(q.get('drop') || '');
  if (drop && +drop[1] === page && within(`drop=${q.get('drop')}`, page)) {
    // full content-length announced, part of the body sent, then the connection is cut
    res.writeHead(200, headers);
    res.flushHeaders();
    res.write(body.subarray(0, Math.min(+drop[2], Math.max(0, body.length - 1))), () => setTimeout(() => res.socket?.destroy(), 50));
    return;
  }
  const slow = int(q.get('slow'), 0, 0, 60_000);
  res.writeHead(200, headers);
  if (!slow) return res.end(body);
  const parts = 20;
  for (let i = 0; i < parts && !res.destroyed; i++) {
    res.write(body.subarray(Math.floor((i * body.length) / parts), Math.floor(((i + 1) * body.length) / parts)));
    await sleep(slow / parts);
  }
  res.end();
}

/**
 * What a strict host page sends when it embeds Trailview from `bundle` (the app's
 * base URL): its own inline script and style by hash, and Trailview's origin for the
 * widget's module, wasm and styles and for the frame; its log endpoint is its own
 * origin here. No 'unsafe-inline', no 'unsafe-eval'.
 */
export function hostPolicy(page, bundle) {
  let app = '';
  try { app = bundle ? new URL(bundle).origin : ''; } catch { /* no bundle origin */ }
  const also = app ? ` ${app}` : '';
  return [
    "default-src 'none'",
    `script-src 'self' ${inlineHashes(page, 'script').join(' ')}${also} 'wasm-unsafe-eval'`,
    `style-src 'self' ${inlineHashes(page, 'style').join(' ')}${also}`,
    `connect-src 'self'${also}`,
    "img-src 'self'",
    `frame-src${also || " 'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function startLogServer({ port = 0, host = '127.0.0.1' } = {}) {
  const server = http.createServer(async (req, res) => {
    res.on('error', () => {});
    try {
      await handle(req, res);
    } catch (err) {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': JSON_TYPE, 'access-control-allow-origin': '*' });
        res.end(JSON.stringify({ error: 'server_error', message: String(err?.message || err) }));
      } else res.destroy();
    }
  });

  async function handle(req, res) {
    const url = new URL(req.url, 'http://x');
    const p = url.pathname;
    const tag = url.searchParams.get('t');
    if (!p.startsWith('/__log')) {
      const entry = { method: req.method, url: req.url, headers: { ...req.headers }, tag, at: Date.now() };
      requests.push(entry);
      // The client gave up (an aborted fetch) before the answer was complete.
      res.on('close', () => { if (!res.writableFinished) entry.aborted = true; });
    }
    if (requests.length > 100_000) requests.splice(0, 10_000); // bounded memory over long runs
    if (req.method === 'OPTIONS') return preflight(req, res);

    const data = /^\/(gen|paged|live|trap)\//.test(p);
    const cors = corsHeaders(req, data && url.searchParams.get('require') === 'cookie');
    const send = (status, type, body, headers = {}) => {
      res.writeHead(status, { 'content-type': type, ...cors, ...headers });
      res.end(body);
    };
    if (data) return serveData(req, res, url, cors, `${host}:${server.address().port}`);

    // test support
    if (p === '/__log') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, JSON_TYPE, JSON.stringify({ error: 'use GET' }));
      return send(200, JSON_TYPE, JSON.stringify(tag == null ? requests : requests.filter((r) => r.tag === tag)));
    }
    if (p === '/__log/clear') {
      if (req.method !== 'POST') return send(405, JSON_TYPE, JSON.stringify({ error: 'use POST' }));
      const before = requests.length;
      const kept = tag == null ? [] : requests.filter((r) => r.tag !== tag);
      requests.splice(0, requests.length, ...kept);
      return send(200, JSON_TYPE, JSON.stringify({ cleared: before - kept.length }));
    }
    if (p === '/login') {
      return send(200, 'text/html', '<!DOCTYPE html><html><head><title>Signed in</title></head><body>Signed in</body></html>',
        { 'set-cookie': `session=${SESSION}; Path=/; SameSite=Lax` });
    }

    // fixture routes
    if (p === '/health') return send(200, 'text/plain', 'ok');
    if (p === '/ch/log.ndjson') {
      // The log the e2e ClickHouse holds (clickhouse-setup.mjs wrote its path), for the in-memory side.
      const state = path.join(here, '..', '..', 'target', 'clickhouse-e2e', 'e2e.json');
      if (!fs.existsSync(state)) return send(404, 'text/plain', 'no e2e ClickHouse log');
      const file = JSON.parse(fs.readFileSync(state, 'utf8')).CH_LOG;
      res.writeHead(200, { 'content-type': 'application/x-ndjson', 'content-length': fs.statSync(file).size,
        'access-control-allow-origin': '*' });
      return fs.createReadStream(file).pipe(res);
    }
    if (p === '/logs/e2e.json') return send(200, 'application/json', read('e2e-log.json'));
    if (p === '/logs/sample.json') return send(200, 'application/json', read('sample.json'));
    if (p === '/logs/spike.json') return send(200, 'application/json', JSON.stringify(spike()));
    if (p === '/logs/chain.json') return send(200, 'application/json', JSON.stringify(chain()));
    if (p === '/logs/wrapped.json') return send(200, 'application/json', JSON.stringify({ data: { items: e2e }, total: e2e.length }));
    if (p === '/logs/page1.json') return send(200, 'application/json', JSON.stringify({ logs: e2e.slice(0, 10), total: 1234 }));
    if (p === '/logs/one-bad.ndjson') return send(200, 'application/x-ndjson', `${JSON.stringify(e2e[0])}\n{"id": 2, broken}\n`);
    if (p === '/logs/bad.ndjson') {
      const lines = e2e.map((e) => JSON.stringify(e));
      lines.splice(3, 0, '{"id": 1, "type": broken}');
      lines.splice(8, 0, '<html>not json</html>');
      return send(200, 'application/x-ndjson', lines.join('\n') + '\n');
    }
    const hostPage = p.match(/^\/host\/(strict\/)?(portal|iframe)\.html$/);
    if (hostPage) {
      const page = fs.readFileSync(path.join(here, '..', '..', 'public', 'examples', `${hostPage[2]}.html`), 'utf8');
      const headers = { 'content-type': 'text/html; charset=utf-8' };
      if (hostPage[1]) headers['content-security-policy'] = hostPolicy(page, url.searchParams.get('bundle'));
      res.writeHead(200, headers);
      return res.end(page);
    }
    if (p === '/logs/dst.json') return send(200, 'application/json', read('dst-log.json'));
    if (p === '/logs/naive.json') return send(200, 'application/json', read('naive-log.json'));
    if (p === '/logs/mixed.json') return send(200, 'application/json', read('mixed-times.json'));
    if (p === '/logs/trust.json') return send(200, 'application/json', read('trust-log.json'));
    if (p === '/logs/packed.json') return send(200, 'application/json', read('packed-log.json'));
    if (p === '/logs/pooled.json') return send(200, 'application/json', JSON.stringify(pooled));
    if (p === '/logs/odd-apps.json') return send(200, 'application/json', JSON.stringify(odd));
    if (p === '/logs/empty.json') return send(200, 'application/json', '[]');
    if (p === '/logs/invalid.json') return send(200, 'application/json', '[\n  {"id": 1, "type": "a"},\n  {"id": 2 "type": "b"}\n]');
    if (p === '/logs/nocors.json') { res.writeHead(200, { 'content-type': 'application/json' }); return res.end(read('e2e-log.json')); }
    const app = p.match(/^\/apps\/([^/]+)\/logs\.json$/);
    if (app) {
      const name = decodeURIComponent(app[1]).toLowerCase();
      return send(200, 'application/json', JSON.stringify([...e2e, ...odd].filter((e) => (e.appName || '').toLowerCase() === name)));
    }
    if (p === '/slow.json') {
      const body = read('sample.json');
      const ms = +(url.searchParams.get('ms') || 1500);
      const parts = 20;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length, ...cors });
      for (let i = 0; i < parts; i++) {
        res.write(body.subarray(Math.floor((i * body.length) / parts), Math.floor(((i + 1) * body.length) / parts)));
        await sleep(ms / parts);
      }
      return res.end();
    }
    const status = p.match(/^\/status\/(\d{3})$/);
    if (status) return send(+status[1], 'text/plain', `error ${status[1]}`);
    if (p === '/html') return send(200, 'text/html', SIGN_IN);
    send(404, 'text/plain', 'not found');
  }

  return new Promise((resolve) => server.listen(port, host, () => {
    resolve({ base: `http://${host}:${server.address().port}`, close: () => new Promise((r) => server.close(r)) });
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--port');
  const { base } = await startLogServer({ port: i > 0 ? +process.argv[i + 1] : 4174 });
  console.log(`log endpoint at ${base}`);
}
