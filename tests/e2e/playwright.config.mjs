// End-to-end tests: the release bundle (dist/) served by scripts/serve.mjs (plain,
// twice more with a trailview.json, and once under a path prefix), a real log endpoint (log-server.mjs) on
// another port, the same server again as an attacker's (recording every request), a two-shard ClickHouse (clickhouse-setup.mjs), Debian's Chromium
// headless. Playwright starts the servers and stops them (by PID) when the run ends.
import { defineConfig } from '@playwright/test';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
export const APP_PORT = 4173;
export const LOG_PORT = 4174;
/** The app again, deployed with a trailview.json that allows only some sources. */
export const CONFIGURED_PORT = 4175;
/** The app again, deployed with a malformed trailview.json. */
export const MISCONFIGURED_PORT = 4176;
/** The app again, deployed under the path /admin/audit/ with a trailview.json there. */
export const SUBPATH_PORT = 4177;
/** An attacker's server: the log server again, on another origin, recording every request. */
export const ATTACKER_PORT = 4178;

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.mjs$/,
  // A two-shard ClickHouse for clickhouse.spec.mjs, stopped by PID at the end.
  globalSetup: './clickhouse-setup.mjs',
  timeout: 30_000,
  expect: { timeout: 7_000 },
  fullyParallel: true,
  workers: 2,
  forbidOnly: true,
  retries: 0,
  reporter: [['list']],
  outputDir: path.join(root, 'test-results'),
  use: {
    baseURL: `http://127.0.0.1:${APP_PORT}`,
    acceptDownloads: true,
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    },
  },
  webServer: [
    {
      command: `node scripts/serve.mjs --dist dist --port ${APP_PORT}`,
      cwd: root,
      url: `http://127.0.0.1:${APP_PORT}/`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `node scripts/serve.mjs --dist dist --port ${CONFIGURED_PORT} --config tests/fixtures/trailview-allowed.json`,
      cwd: root,
      url: `http://127.0.0.1:${CONFIGURED_PORT}/`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `node scripts/serve.mjs --dist dist --port ${MISCONFIGURED_PORT} --config tests/fixtures/trailview-broken.json`,
      cwd: root,
      url: `http://127.0.0.1:${MISCONFIGURED_PORT}/`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `node scripts/serve.mjs --dist dist --port ${SUBPATH_PORT} --base /admin/audit/ --config tests/fixtures/trailview-subpath.json`,
      cwd: root,
      url: `http://127.0.0.1:${SUBPATH_PORT}/admin/audit/`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `node tests/e2e/log-server.mjs --port ${ATTACKER_PORT}`,
      cwd: root,
      url: `http://127.0.0.1:${ATTACKER_PORT}/health`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `node tests/e2e/log-server.mjs --port ${LOG_PORT}`,
      cwd: root,
      url: `http://127.0.0.1:${LOG_PORT}/health`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ],
});
