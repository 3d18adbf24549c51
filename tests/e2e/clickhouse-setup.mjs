// Playwright's global setup: a small two-shard ClickHouse for clickhouse.spec.mjs,
// started with the project's own script (scripts/clickhouse.sh: installs
// clickhouse-server when missing, loads the generated log) and stopped by PID when
// the run ends. The same log is kept as NDJSON for the in-memory side.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const DIR = path.join(root, 'target', 'clickhouse-e2e');
const ROWS = Number(process.env.CH_E2E_ROWS || 200000);
/** Where the spec reads the ports, the password and the log's path. */
export const CH_STATE = path.join(DIR, 'e2e.json');

export default function setup() {
  fs.mkdirSync(DIR, { recursive: true });
  // 200,000 entries of the team's generator beside the project; where it is not there,
  // the committed demo log (its first 2,000 entries), as NDJSON (CH_E2E_DEMO=1 forces it).
  const gen = path.join(root, '..', 'shared', 'data', 'gen_audit_log.py');
  let rows = ROWS;
  let log = path.join(DIR, `log-${rows}.ndjson`);
  if (process.env.CH_E2E_DEMO || !fs.existsSync(gen)) {
    const demo = JSON.parse(fs.readFileSync(path.join(root, 'public', 'demo-log.json'), 'utf8'));
    rows = demo.length;
    log = path.join(DIR, `demo-${rows}.ndjson`);
    fs.writeFileSync(log, demo.map((e) => JSON.stringify(e)).join('\n') + '\n');
  } else if (!fs.existsSync(log)) {
    execFileSync('python3', [gen, '--count', String(rows), '--format', 'ndjson', '--out', `${log}.part`]);
    fs.renameSync(`${log}.part`, log);
  }
  const run = (...args) => execFileSync('bash', [path.join(root, 'scripts', 'clickhouse.sh'), ...args],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  try {
    run('start', '--dir', DIR, '--rows', String(rows), '--from', log, '--http-port', '8133', '--password', 'tv-e2e-7Qx9');
    const state = JSON.parse(fs.readFileSync(path.join(DIR, 'state.json'), 'utf8'));
    fs.writeFileSync(CH_STATE, JSON.stringify({ ...state, CH_LOG: log }, null, 2));
  } catch (e) {
    // No teardown runs after a failed setup: servers started before the failure stop here.
    run('stop', '--dir', DIR);
    throw e;
  }
  return () => run('stop', '--dir', DIR);
}
