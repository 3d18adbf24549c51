// Playwright's global setup: a small two-shard ClickHouse for clickhouse.spec.mjs,
// started with the project's own script (scripts/clickhouse.sh: installs
// clickhouse-server when missing, loads the generated log) and stopped by PID when
// the run ends. The same generated log is kept as NDJSON for the in-memory side.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const DIR = path.join(root, 'target', 'clickhouse-e2e');
const ROWS = Number(process.env.CH_E2E_ROWS || 200000);
/** Where the spec reads the ports, the password and the log's path. */
export const CH_STATE = path.join(DIR, 'e2e.json');

export default function setup() {
  const run = (...args) => execFileSync('bash', [path.join(root, 'scripts', 'clickhouse.sh'), ...args],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  run('start', '--dir', DIR, '--rows', String(ROWS), '--http-port', '8133', '--password', 'tv-e2e-7Qx9');
  const log = path.join(DIR, `log-${ROWS}.ndjson`);
  if (!fs.existsSync(log)) {
    execFileSync('python3', [path.join(root, '..', 'shared', 'data', 'gen_audit_log.py'), '--count', String(ROWS),
      '--format', 'ndjson', '--out', `${log}.part`]);
    fs.renameSync(`${log}.part`, log);
  }
  const state = JSON.parse(fs.readFileSync(path.join(DIR, 'state.json'), 'utf8'));
  fs.writeFileSync(CH_STATE, JSON.stringify({ ...state, CH_LOG: log }, null, 2));
  return () => run('stop', '--dir', DIR);
}
