#!/usr/bin/env bash
# A current ClickHouse (chdb-core 26.9: ClickHouse's own SQL engine as a library) behind
# scripts/chdb_front.py, our small HTTP front, holding the synthetic audit log: test
# infrastructure for the app's clickhouse+http source on a current server.
#
#   bash scripts/chdb.sh start  [--dir DIR] [--rows N] [--port P] [--password W] [--from FILE]
#   bash scripts/chdb.sh stop   [--dir DIR]
#   bash scripts/chdb.sh status [--dir DIR]
#
# start: installs chdb-core 26.9.0 into a venv under ${XDG_CACHE_HOME:-~/.cache}/trailview
#   (skipped when there), creates trailview.audit (one MergeTree table: the name the app is
#   given for the 18.16 cluster's Distributed table, the columns and types of its
#   audit_local, a text index on raw for the search) in DIR/data, loads N rows of
#   ../shared/data/gen_audit_log.py into it (through scripts/clickhouse_rows.py, as
#   clickhouse.sh does; without ../shared the demo log, public/demo-log.json), then starts
#   the front on 127.0.0.1:P (PID in DIR/front.pid, log in DIR/front.log). A DIR that holds
#   N rows of the same table is not loaded again; a front already running from DIR is reused.
#   Writes DIR/state.env and DIR/state.json, prints the row count, the port and the app's URL.
#   --from FILE loads that NDJSON file instead (its entries, whatever N says).
# stop: TERM to the PID, KILL after 15 s; exit 0 when nothing runs.
# status: whether the front runs from DIR, its port and row count; exit 1 when it does not.
#
# Users (DIR/users.json), as clickhouse.sh's: `default` (no password, readonly=0) loads;
# `viewer` (password W, `trailview` unless given) is readonly=1 and `trailview` (password W)
# readonly=2, both with the browser profile of clickhouse.sh (add_http_cors_header, 30 s,
# 1e6 result rows, throw, 2 GB) and trailview as their database. The front answers CORS
# preflights (--cors).
# Defaults: DIR=target/chdb under the repo root, N=2000000, P=8143 (the next free port when
# taken: clear of clickhouse.sh's 8123.. HTTP, 9000.. TCP and 9009.. interserver ports).
# CH_APP_URL (default http://127.0.0.1:8080/) is the app printed.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
GEN="$HERE/../../shared/data/gen_audit_log.py"
DEMO="$ROOT/public/demo-log.json"
ROWS_PY="$HERE/clickhouse_rows.py"
FRONT="$HERE/chdb_front.py"
APP_URL="${CH_APP_URL:-http://127.0.0.1:8080/}"
VENV="${XDG_CACHE_HOME:-$HOME/.cache}/trailview/chdb-venv"
CHDB_VERSION=26.9.0

DIR="$ROOT/target/chdb"
ROWS=2000000
PORT=8143
PASSWORD=trailview
FROM=""

die() { echo "chdb.sh: $*" >&2; exit 1; }
say() { echo "chdb.sh: $*"; }

usage() {
  sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit "${1:-2}"
}

CMD="${1:-}"
[ -n "$CMD" ] || usage
shift
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) DIR="${2:?--dir needs a value}"; shift 2 ;;
    --dir=*) DIR="${1#*=}"; shift ;;
    --rows) ROWS="${2:?--rows needs a value}"; shift 2 ;;
    --rows=*) ROWS="${1#*=}"; shift ;;
    --port) PORT="${2:?--port needs a value}"; shift 2 ;;
    --port=*) PORT="${1#*=}"; shift ;;
    --from) FROM="${2:?--from needs a value}"; shift 2 ;;
    --from=*) FROM="${1#*=}"; shift ;;
    --password) PASSWORD="${2:?--password needs a value}"; shift 2 ;;
    --password=*) PASSWORD="${1#*=}"; shift ;;
    -h|--help) usage 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done
[[ "$ROWS" =~ ^[0-9]+$ ]] || die "--rows must be a number: $ROWS"
[[ "$PORT" =~ ^[0-9]+$ ]] || die "--port must be a number: $PORT"
[[ "$PASSWORD" =~ ^[A-Za-z0-9._-]+$ ]] || die "--password: letters, digits, . _ - only"
case "$CMD" in start|stop|status) ;; *) usage ;; esac
if [ "$CMD" != start ] && [ ! -d "$DIR" ]; then
  say "nothing running from $DIR (no such directory)"
  [ "$CMD" = stop ] && exit 0 || exit 1
fi
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
PIDFILE="$DIR/front.pid"

# --- the process --------------------------------------------------------------------

front_pid() { # the PID in front.pid when that process is our front on DIR
  local pid
  [ -s "$PIDFILE" ] || return 1
  pid="$(cat "$PIDFILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "--data $DIR/data " || return 1
  echo "$pid"
}

stop_front() {
  local pid
  if ! pid="$(front_pid)"; then
    say "nothing running from $DIR"
    rm -f "$PIDFILE"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
    say "the front (PID $pid) did not stop within 15 s: killed"
  else
    say "stopped the front (PID $pid)"
  fi
  rm -f "$PIDFILE"
}

state_get() { # key -> its value in state.json
  python3 -c "import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2], ''))" "$DIR/state.json" "$1" 2>/dev/null
}

answers() { # port -> 0 when SELECT 1 comes back
  [ "$(curl -s --max-time 2 "http://127.0.0.1:$1/?query=SELECT%201" 2>/dev/null)" = 1 ]
}

q() { # port sql -> the answer (user default); dies with ClickHouse's message on an error
  local out
  if ! out="$(curl -sS --fail-with-body --max-time 120 "http://127.0.0.1:$1/" --data-binary "$2" 2>&1)"; then
    die "query on port $1 failed: $2
$out"
  fi
  printf '%s' "$out"
}

case "$CMD" in
  stop)
    stop_front
    exit 0 ;;
  status)
    if pid="$(front_pid)" && port="$(state_get CH_HTTP_PORT)" && [ -n "$port" ] && answers "$port"; then
      echo "running: PID $pid, http://127.0.0.1:$port/, $(q "$port" "SELECT count() FROM trailview.audit") rows in trailview.audit ($DIR)"
      exit 0
    fi
    echo "not running from $DIR"
    exit 1 ;;
esac

# --- install ------------------------------------------------------------------------

have_chdb() {
  [ -x "$VENV/bin/python" ] \
    && "$VENV/bin/python" -c "import chdb, sys; sys.exit(chdb.__version__ != '$CHDB_VERSION')" 2>/dev/null
}
if ! have_chdb; then
  say "installing chdb-core $CHDB_VERSION into $VENV (about 180 MB) ..."
  mkdir -p "$(dirname "$VENV")"
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check --no-deps "chdb-core==$CHDB_VERSION"
  have_chdb || die "chdb-core $CHDB_VERSION is still missing from $VENV"
fi
command -v curl >/dev/null 2>&1 || die "curl is needed"

# --- schema -------------------------------------------------------------------------

# The columns and types of clickhouse.sh's audit_local, in one MergeTree table named as
# its Distributed table (the name the app is given). The text index serves the app's
# search (`raw ILIKE '%word%'`) for words of letters and digits: see docs/clickhouse.md.
SCHEMA="CREATE TABLE trailview.audit (
  id UInt64,
  createdAt DateTime,
  category String,
  type String,
  appId Nullable(UInt64),
  appName Nullable(String),
  userEmail String,
  userName String,
  ip String,
  userAgent String,
  data String,
  raw String,
  INDEX raw_text raw TYPE text(tokenizer = splitByNonAlpha, preprocessor = lower(raw))
) ENGINE = MergeTree() PARTITION BY toYYYYMM(createdAt) ORDER BY (createdAt, id)"
STRUCTURE="id UInt64, createdAt DateTime, category String, type String, appId Nullable(UInt64), appName Nullable(String), userEmail String, userName String, ip String, userAgent String, data String, raw String"

write_users() {
  python3 - "$DIR/users.json" "$PASSWORD" <<'EOF'
import json, sys
path, password = sys.argv[1], sys.argv[2]
browser = {"add_http_cors_header": 1, "max_execution_time": 30, "max_result_rows": 1000000,
           "result_overflow_mode": "throw", "max_memory_usage": 2000000000}
users = [
    {"name": "default", "password": "", "readonly": 0},
    {"name": "viewer", "password": password, "readonly": 1, "database": "trailview", "settings": browser},
    {"name": "trailview", "password": password, "readonly": 2, "database": "trailview", "settings": browser},
]
with open(path, "w") as f:
    json.dump({"users": users}, f, indent=2)
    f.write("\n")
EOF
}

write_state() { # rows
  python3 - "$DIR" "$PORT" "$PID" "$1" "$PASSWORD" "$VERSION" <<'EOF'
import json, sys
d, port, pid, rows, password, version = sys.argv[1:7]
state = {"CH_DIR": d, "CH_HTTP_PORT": int(port), "CH_PIDS": pid, "CH_ROWS": int(rows),
         "CH_URL": f"http://127.0.0.1:{port}/", "CH_TABLE": "trailview.audit",
         "CH_USER": "trailview", "CH_VIEWER": "viewer", "CH_PASSWORD": password,
         "CH_VERSION": version, "CH_ENGINE": "chdb-core"}
with open(f"{d}/state.env", "w") as f:
    for k, v in state.items():
        f.write(f"{k}={json.dumps(v) if isinstance(v, str) else v}\n")
with open(f"{d}/state.json", "w") as f:
    json.dump(state, f, indent=2)
    f.write("\n")
EOF
}

now() { date +%s.%N; }
secs() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$2"; }

# --- load (the front stopped: chdb holds DIR/data in one process) -----------------------

# The NDJSON to load and how many entries it holds.
if [ -n "$FROM" ]; then
  [ -s "$FROM" ] || die "--from: no such file, or empty: $FROM"
  FROM="$(cd "$(dirname "$FROM")" && pwd)/$(basename "$FROM")"
  ROWS="$(grep -c . "$FROM")"
elif [ ! -f "$GEN" ]; then
  [ -s "$DEMO" ] || die "neither the generator ($GEN) nor the demo log ($DEMO) is there"
  FROM="$DIR/demo.ndjson"
  # One compact line per entry, as tests/e2e/clickhouse-setup.mjs writes it (JSON.stringify).
  python3 -c "import json,sys; [print(json.dumps(e, ensure_ascii=False, separators=(',', ':'))) for e in json.load(open(sys.argv[1]))]" "$DEMO" > "$FROM"
  ROWS="$(grep -c . "$FROM")"
  say "no generator beside the project: the demo log ($ROWS entries)"
fi

holds() { # -> the rows trailview.audit holds in DIR/data, when it was made by this SCHEMA (else 0)
  if [ ! -d "$DIR/data" ] || [ "$(cat "$DIR/schema.sql" 2>/dev/null)" != "$SCHEMA" ]; then
    echo 0
    return
  fi
  "$VENV/bin/python" - "$DIR/data" <<'EOF'
import sys
from chdb import _chdb
c = _chdb.connect(sys.argv[1])
q = lambda s: c.query(s, "TabSeparated").bytes().decode().strip()
print(q("SELECT count() FROM trailview.audit") if q("EXISTS TABLE trailview.audit") == "1" else 0)
c.close()
EOF
}

load() {
  local t0 t1 t2 ndjson
  "$VENV/bin/python" - "$DIR/data" "$SCHEMA" <<'EOF'
import sys
from chdb import _chdb
c = _chdb.connect(sys.argv[1])
c.query("CREATE DATABASE IF NOT EXISTS trailview", "TabSeparated")
c.query("DROP TABLE IF EXISTS trailview.audit SYNC", "TabSeparated")
c.query(sys.argv[2], "TabSeparated")
c.close()
EOF
  printf '%s' "$SCHEMA" > "$DIR/schema.sql"
  t0="$(now)"
  if [ -n "$FROM" ]; then
    ndjson="$FROM"
  else
    ndjson="$DIR/audit-$ROWS.ndjson"
    if [ -s "$ndjson" ]; then
      say "reusing $ndjson (left by an earlier, failed load)"
    else
      say "generating $ROWS entries into $ndjson ..."
      python3 "$GEN" --count "$ROWS" --format ndjson --out "$ndjson.part"
      mv "$ndjson.part" "$ndjson"
    fi
  fi
  t1="$(now)"
  say "loading trailview.audit ..."
  # Rows straight from clickhouse_rows.py into the table (blocks of 200,000 rows).
  # (The script as -c: its standard input is the rows.)
  python3 "$ROWS_PY" < "$ndjson" | "$VENV/bin/python" -c '
import sys
from chdb import _chdb
c = _chdb.connect(sys.argv[1])
lit = lambda v: chr(39) + v + chr(39)
c.query("INSERT INTO trailview.audit SELECT * FROM file(%s, JSONEachRow, %s) "
        "SETTINGS max_insert_block_size = 200000, min_insert_block_size_rows = 200000"
        % (lit("/dev/stdin"), lit(sys.argv[2])), "TabSeparated")
print(c.query("SELECT count() FROM trailview.audit", "TabSeparated").bytes().decode().strip())
c.close()
' "$DIR/data" "$STRUCTURE" > "$DIR/loaded"
  [ "$(cat "$DIR/loaded")" = "$ROWS" ] || die "loaded $(cat "$DIR/loaded") rows, expected $ROWS; $ndjson is kept for the next start"
  rm -f "$DIR/loaded"
  t2="$(now)"
  [ -n "$FROM" ] || rm -f "$ndjson"
  say "generated in $(secs "$t0" "$t1") s, loaded (with the text index) in $(secs "$t1" "$t2") s"
}

# --- start --------------------------------------------------------------------------

if PID="$(front_pid)" && [ -s "$DIR/state.json" ]; then
  PORT="$(state_get CH_HTTP_PORT)"
  if answers "$PORT" && [ "$(q "$PORT" "SELECT count() FROM trailview.audit" 2>/dev/null || true)" = "$ROWS" ]; then
    VERSION="$(q "$PORT" "SELECT version()")"
    say "already running from $DIR (PID $PID) with $ROWS rows"
  else
    stop_front
    PID=""
  fi
else
  PID=""
fi

if [ -z "$PID" ]; then
  rm -f "$PIDFILE"
  if [ "$(holds)" = "$ROWS" ]; then
    say "already loaded: $ROWS rows"
  else
    load
  fi
  write_users
  PORT="$(python3 - "$PORT" <<'EOF'
import socket, sys
p = int(sys.argv[1])
while True:
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("127.0.0.1", p)); break
    except OSError:
        p += 1
    finally:
        s.close()
print(p)
EOF
)"
  # setsid: out of the caller's process group; TZ=UTC as clickhouse.sh's servers.
  (cd "$DIR" && TZ=UTC exec setsid "$VENV/bin/python" "$FRONT" --host 127.0.0.1 --port "$PORT" \
    --data "$DIR/data" --users "$DIR/users.json" --pid-file "$PIDFILE" --cors \
    < /dev/null > "$DIR/front.log" 2>&1) &
  for _ in $(seq 300); do
    answers "$PORT" && break
    if ! kill -0 $! 2>/dev/null; then
      tail -n 30 "$DIR/front.log" >&2
      die "the front exited before it answered SELECT 1"
    fi
    sleep 0.1
  done
  answers "$PORT" || { tail -n 30 "$DIR/front.log" >&2; stop_front >&2; die "the front did not answer within 30 s"; }
  PID="$(front_pid)" || die "the front's PID file does not match it"
  VERSION="$(q "$PORT" "SELECT version()")"
  say "started the front (PID $PID): ClickHouse $VERSION (chdb-core $CHDB_VERSION)"
fi

TOTAL="$(q "$PORT" "SELECT count() FROM trailview.audit")"
write_state "$TOTAL"
SOURCE="$(python3 -c "import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=\":,/@!*'()\$;\"))" \
  "clickhouse+http://127.0.0.1:$PORT/?table=trailview.audit&user=viewer")"
echo "Rows (trailview.audit, ClickHouse $VERSION in chdb-core): $TOTAL"
echo "Port: HTTP $PORT; PID $PID (state in $DIR/state.env, $DIR/state.json; log $DIR/front.log)"
echo "Open: ${APP_URL}?source=$SOURCE"
echo "Password (Token field): $PASSWORD"
