// scripts/serve.mjs itself: it serves the bundle's files and nothing beside them.
// Each test starts the real server on a free port over a bundle in a temporary
// directory, with a secret in a sibling directory whose name starts like the
// bundle's (dist-other next to dist), and asks for it the ways a client can
// (encoded separators, dot segments, NUL, a symbolic link).
import { test, expect } from '@playwright/test';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serveDist } from '../../scripts/serve.mjs';

const SECRET = 'sibling secret';

/** A bundle (dist/) and its sibling (dist-other/secret.txt) in a fresh directory. */
function layout() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trailview-serve-'));
  fs.mkdirSync(path.join(dir, 'dist'));
  fs.writeFileSync(path.join(dir, 'dist', 'index.html'), '<!doctype html><title>app</title>');
  fs.writeFileSync(path.join(dir, 'dist', 'app.js'), '// the app');
  fs.mkdirSync(path.join(dir, 'dist-other'));
  fs.writeFileSync(path.join(dir, 'dist-other', 'secret.txt'), SECRET);
  fs.writeFileSync(path.join(dir, 'secret.txt'), SECRET);
  // A link inside the bundle that leads out of it.
  fs.symlinkSync('../dist-other/secret.txt', path.join(dir, 'dist', 'link.txt'));
  return dir;
}

/** GET with the path sent byte for byte (no client normalizes it). */
function get(base, rawPath) {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    http.get({ hostname, port, path: rawPath }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    }).on('error', reject);
  });
}

const ESCAPES = [
  '/..%2fdist-other/secret.txt',
  '/..%2Fdist-other%2Fsecret.txt',
  '/%2e%2e%2fdist-other/secret.txt',
  '/..%5cdist-other%5csecret.txt',
  '/../dist-other/secret.txt',
  '/..%2fsecret.txt',
  '/secret.txt%00.js',
  '/..%2fdist-other/secret.txt%00',
  '/link.txt',
];

for (const prefix of ['/', '/admin/audit/']) {
  test(`a file in a sibling directory of the bundle is never served (base ${prefix})`, async () => {
    // Regression: the containment check was file.startsWith(root), so
    // /..%2fdist-other/secret.txt (dist-other starts with "dist") was served.
    const dir = layout();
    const server = await serveDist({ dist: path.join(dir, 'dist'), base: prefix });
    try {
      // The bundle's own files are served.
      expect(await get(server.base, `${prefix}app.js`)).toEqual({ status: 200, body: '// the app' });
      for (const escape of ESCAPES) {
        const answer = await get(server.base, prefix.slice(0, -1) + escape);
        expect([403, 404], `${escape} answered ${answer.status}`).toContain(answer.status);
        expect(answer.body, escape).not.toContain(SECRET);
      }
    } finally {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
