#!/usr/bin/env bash
# A local two-shard ClickHouse holding the synthetic audit log, for the app's
# clickhouse+http source.
#
#   bash scripts/clickhouse.sh start [--dir DIR] [--rows N] [--http-port P] [--password W] [--from FILE]
#   bash scripts/clickhouse.sh stop  [--dir DIR]
#
# start: installs Debian's clickhouse-server when no server binary is there, writes a
#   config.xml and users.xml for two servers (DIR/shard1, DIR/shard2: cluster
#   `trailview`, two shards of one replica each, every port on 127.0.0.1 and free),
#   starts both in the background (PIDs in DIR/shard1.pid, DIR/shard2.pid), creates
#   trailview.audit_local (MergeTree) and trailview.audit (Distributed over both) on
#   each, and loads N rows of ../shared/data/gen_audit_log.py into them, each shard its
#   half (id % 2) straight into its audit_local. A DIR that already holds N rows is not
#   loaded again; servers already running from DIR are reused as they are.
#   Writes DIR/state.env (shell) and DIR/state.json (the same as JSON), prints the
#   row count through the Distributed table, the ports and the app's URL.
#   --from FILE loads that NDJSON file (N entries of the generator, ids 10000001..) instead
#   of generating it; the file is kept.
# stop: TERM to both PIDs, KILL after 15 s; exit 0 when nothing runs.
#
# Users: `default` (no password, 127.0.0.1) loads and runs the inter-shard queries;
# `viewer` and `trailview` (password W, `trailview` unless given, 127.0.0.1) are the browser's:
# CORS header, 30 s, 1e6 result rows (throw), 2 GB. `viewer` is readonly=1, the account to give
# Trailview: it can neither write nor lift these limits in a query (the app then sends no
# settings, and an older query of a view still runs to its end on the server). `trailview` is
# readonly=2: it may change settings per query, so a newer view replaces the older's queries
# on the server (replace_running_query), and so could it lift the limits.
# Defaults: DIR=target/clickhouse under the repo root, N=10000000, P=8123 (the next
# free port when taken). CH_APP_URL (default http://127.0.0.1:8080/) is the app printed.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
GEN="$HERE/../../shared/data/gen_audit_log.py"
ROWS_PY="$HERE/clickhouse_rows.py"
APP_URL="${CH_APP_URL:-http://127.0.0.1:8080/}"

DIR="$ROOT/target/clickhouse"
ROWS=10000000
HTTP_PORT=8123
PASSWORD=trailview
FROM=""

die() { echo "clickhouse.sh: $*" >&2; exit 1; }
say() { echo "clickhouse.sh: $*"; }

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
    --http-port) HTTP_PORT="${2:?--http-port needs a value}"; shift 2 ;;
    --http-port=*) HTTP_PORT="${1#*=}"; shift ;;
    --from) FROM="${2:?--from needs a value}"; shift 2 ;;
    --password) PASSWORD="${2:?--password needs a value}"; shift 2 ;;
    --password=*) PASSWORD="${1#*=}"; shift ;;
    -h|--help) usage 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done
[[ "$ROWS" =~ ^[0-9]+$ ]] || die "--rows must be a number: $ROWS"
[[ "$PASSWORD" =~ ^[A-Za-z0-9._-]+$ ]] || die "--password: letters, digits, . _ - only"
[[ "$HTTP_PORT" =~ ^[0-9]+$ ]] || die "--http-port must be a number: $HTTP_PORT"
if [ "$CMD" = stop ] && [ ! -d "$DIR" ]; then
  say "nothing running from $DIR (no such directory)"
  exit 0
fi
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"

# --- processes ----------------------------------------------------------------------

pid_of() { # shard number -> the PID in its pid file when that process is our server
  local f="$DIR/shard$1.pid" pid
  [ -s "$f" ] || return 1
  pid="$(cat "$f")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$DIR/shard$1/config.xml" || return 1
  echo "$pid"
}

stop_servers() {
  local n pid pids=() stopped=0
  for n in 1 2; do
    if pid="$(pid_of "$n")"; then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$n:$pid")
    fi
  done
  for entry in "${pids[@]}"; do
    n="${entry%%:*}"; pid="${entry#*:}"
    for _ in $(seq 150); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL "$pid" 2>/dev/null || true
      say "shard$n (PID $pid) did not stop within 15 s: killed"
    else
      say "stopped shard$n (PID $pid)"
    fi
    stopped=$((stopped + 1))
  done
  rm -f "$DIR/shard1.pid" "$DIR/shard2.pid"
  [ "$stopped" -gt 0 ] || say "nothing running from $DIR"
}

if [ "$CMD" = stop ]; then
  stop_servers
  exit 0
fi
[ "$CMD" = start ] || usage

# --- install ------------------------------------------------------------------------

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

server_cmd() { # how this machine starts a server with a config file
  if command -v clickhouse-server >/dev/null 2>&1; then
    echo "clickhouse-server --config-file=$1"
  elif [ -x /usr/sbin/clickhouse-server ]; then
    echo "/usr/sbin/clickhouse-server --config-file=$1"
  elif command -v clickhouse >/dev/null 2>&1; then
    echo "clickhouse server --config-file=$1"
  else
    return 1
  fi
}

if ! server_cmd x >/dev/null || ! command -v curl >/dev/null 2>&1; then
  say "installing clickhouse-server (Debian) ..."
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clickhouse-server curl >/dev/null
  server_cmd x >/dev/null || die "clickhouse-server is still missing after apt-get install"
fi

# --- HTTP helpers (user default) ----------------------------------------------------

q() { # port sql -> the answer; dies with ClickHouse's message on an error
  local out
  if ! out="$(curl -sS --fail-with-body --max-time 120 "http://127.0.0.1:$1/" --data-binary "$2" 2>&1)"; then
    die "query on port $1 failed: $2
$out"
  fi
  printf '%s' "$out"
}

answers() { # port -> 0 when SELECT 1 comes back
  [ "$(curl -s --max-time 2 "http://127.0.0.1:$1/?query=SELECT%201" 2>/dev/null)" = 1 ]
}

# --- state --------------------------------------------------------------------------

write_state() {
  python3 - "$DIR" "$HTTP1" "$HTTP2" "$TCP1" "$TCP2" "$INTER1" "$INTER2" "$PID1" "$PID2" "$1" "$PASSWORD" <<'EOF'
import json, sys
d, h1, h2, t1, t2, i1, i2, p1, p2, rows = sys.argv[1:11]
state = {"CH_DIR": d, "CH_HTTP_PORT": int(h1), "CH_HTTP_PORT2": int(h2), "CH_TCP_PORT": int(t1),
         "CH_TCP_PORT2": int(t2), "CH_INTERSERVER_PORT": int(i1), "CH_INTERSERVER_PORT2": int(i2),
         "CH_PIDS": f"{p1} {p2}", "CH_ROWS": int(rows),
         "CH_URL": f"http://127.0.0.1:{h1}/", "CH_TABLE": "trailview.audit",
         "CH_USER": "trailview", "CH_VIEWER": "viewer", "CH_PASSWORD": sys.argv[11]}
with open(f"{d}/state.env", "w") as f:
    for k, v in state.items():
        f.write(f"{k}={json.dumps(v) if isinstance(v, str) else v}\n")
with open(f"{d}/state.json", "w") as f:
    json.dump(state, f, indent=2)
    f.write("\n")
EOF
}

pick_ports() { # first free port >= HTTP_PORT for shard1, then the rest, all distinct
  python3 - "$HTTP_PORT" <<'EOF'
import socket, sys
taken = set()
def free(p):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # As the server binds (SO_REUSEADDR): a listener takes the port, TIME_WAIT does not.
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("127.0.0.1", p))
        return True
    except OSError:
        return False
    finally:
        s.close()
def pick(start):
    p = start
    while p in taken or not free(p):
        p += 1
        if p > 65535:
            sys.exit("no free port")
    taken.add(p)
    return p
h1 = pick(int(sys.argv[1])); h2 = pick(h1 + 1)
t1 = pick(9000); t2 = pick(t1 + 1)
i1 = pick(9009); i2 = pick(i1 + 1)
print(h1, h2, t1, t2, i1, i2)
EOF
}

# --- configuration ------------------------------------------------------------------

write_config() { # shard number, its http, tcp, interserver port
  local n="$1" http="$2" tcp="$3" inter="$4" d="$DIR/shard$1"
  mkdir -p "$d/data" "$d/tmp" "$d/log" "$d/user_files" "$d/format_schemas"
  cat > "$d/config.xml" <<EOF
<?xml version="1.0"?>
<!-- Written by scripts/clickhouse.sh: shard$n of the local cluster "trailview". -->
<yandex>
    <logger>
        <level>warning</level>
        <log>$d/log/clickhouse-server.log</log>
        <errorlog>$d/log/clickhouse-server.err.log</errorlog>
        <size>100M</size>
        <count>3</count>
    </logger>
    <listen_host>127.0.0.1</listen_host>
    <http_port>$http</http_port>
    <tcp_port>$tcp</tcp_port>
    <interserver_http_port>$inter</interserver_http_port>
    <interserver_http_host>127.0.0.1</interserver_http_host>
    <max_connections>256</max_connections>
    <keep_alive_timeout>3</keep_alive_timeout>
    <max_concurrent_queries>50</max_concurrent_queries>
    <uncompressed_cache_size>268435456</uncompressed_cache_size>
    <mark_cache_size>268435456</mark_cache_size>
    <path>$d/data/</path>
    <tmp_path>$d/tmp/</tmp_path>
    <user_files_path>$d/user_files/</user_files_path>
    <format_schema_path>$d/format_schemas/</format_schema_path>
    <users_config>$d/users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <timezone>UTC</timezone>
    <mlock_executable>false</mlock_executable>
    <remote_servers>
        <trailview>
            <shard>
                <replica>
                    <host>127.0.0.1</host>
                    <port>$TCP1</port>
                    <user>default</user>
                </replica>
            </shard>
            <shard>
                <replica>
                    <host>127.0.0.1</host>
                    <port>$TCP2</port>
                    <user>default</user>
                </replica>
            </shard>
        </trailview>
    </remote_servers>
    <builtin_dictionaries_reload_interval>3600</builtin_dictionaries_reload_interval>
    <max_session_timeout>3600</max_session_timeout>
    <default_session_timeout>60</default_session_timeout>
    <max_table_size_to_drop>0</max_table_size_to_drop>
    <max_partition_size_to_drop>0</max_partition_size_to_drop>
</yandex>
EOF
  cat > "$d/users.xml" <<'EOF'
<?xml version="1.0"?>
<!-- Written by scripts/clickhouse.sh. -->
<yandex>
    <profiles>
        <default>
            <max_memory_usage>4000000000</max_memory_usage>
            <use_uncompressed_cache>0</use_uncompressed_cache>
            <load_balancing>random</load_balancing>
        </default>
        <!-- The browser's, recommended: reads only, no setting may be changed per query. -->
        <viewer>
            <readonly>1</readonly>
            <add_http_cors_header>1</add_http_cors_header>
            <max_execution_time>30</max_execution_time>
            <max_result_rows>1000000</max_result_rows>
            <result_overflow_mode>throw</result_overflow_mode>
            <max_memory_usage>2000000000</max_memory_usage>
        </viewer>
        <!-- The browser's too: settings may be given per query, writes are refused. -->
        <trailview>
            <readonly>2</readonly>
            <add_http_cors_header>1</add_http_cors_header>
            <max_execution_time>30</max_execution_time>
            <max_result_rows>1000000</max_result_rows>
            <result_overflow_mode>throw</result_overflow_mode>
            <max_memory_usage>2000000000</max_memory_usage>
        </trailview>
    </profiles>
    <users>
        <default>
            <password></password>
            <networks replace="replace">
                <ip>127.0.0.1</ip>
            </networks>
            <profile>default</profile>
            <quota>default</quota>
        </default>
        <viewer>
            <password>$PASSWORD</password>
            <networks replace="replace">
                <ip>127.0.0.1</ip>
            </networks>
            <profile>viewer</profile>
            <quota>default</quota>
        </viewer>
        <trailview>
            <password>$PASSWORD</password>
            <networks replace="replace">
                <ip>127.0.0.1</ip>
            </networks>
            <profile>trailview</profile>
            <quota>default</quota>
        </trailview>
    </users>
    <quotas>
        <default>
            <interval>
                <duration>3600</duration>
                <queries>0</queries>
                <errors>0</errors>
                <result_rows>0</result_rows>
                <read_rows>0</read_rows>
                <execution_time>0</execution_time>
            </interval>
        </default>
    </quotas>
</yandex>
EOF
  # The password is a plain token (checked above): safe inside XML.
  sed -i "s|<password>\$PASSWORD</password>|<password>$PASSWORD</password>|g" "$d/users.xml"
}

start_server() { # shard number -> its PID
  local n="$1" d="$DIR/shard$1" cmd
  cmd="$(server_cmd "$d/config.xml")"
  # setsid: out of the caller's process group (a Ctrl-C there leaves it be); in a
  # script (no job control) the background job is no group leader, so setsid execs
  # in place and $! is the server's own PID.
  # shellcheck disable=SC2086
  (cd "$d" && exec setsid $cmd < /dev/null > "$d/log/stdout.log" 2>&1) &
  echo $! > "$DIR/shard$n.pid"
}

wait_ready() { # shard number, port
  local n="$1" port="$2" pid why="did not answer SELECT 1 within 60 s"
  pid="$(cat "$DIR/shard$n.pid")"
  for _ in $(seq 600); do
    answers "$port" && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      why="exited before it answered SELECT 1"
      break
    fi
    sleep 0.1
  done
  echo "clickhouse.sh: shard$n (PID $pid, HTTP $port) $why" >&2
  for f in "$DIR/shard$n/log/stdout.log" "$DIR/shard$n/log/clickhouse-server.err.log"; do
    [ -s "$f" ] && { echo "--- tail $f" >&2; tail -n 30 "$f" >&2; }
  done
  stop_servers >&2
  exit 1
}

# --- schema and data ----------------------------------------------------------------

SCHEMA_LOCAL="CREATE TABLE IF NOT EXISTS trailview.audit_local (
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
  raw String
) ENGINE = MergeTree() PARTITION BY toYYYYMM(createdAt) ORDER BY (createdAt, id)"
SCHEMA_DIST="CREATE TABLE IF NOT EXISTS trailview.audit AS trailview.audit_local
  ENGINE = Distributed(trailview, trailview, audit_local, id)"

create_schema() {
  local port
  for port in "$HTTP1" "$HTTP2"; do
    q "$port" "CREATE DATABASE IF NOT EXISTS trailview" >/dev/null
    q "$port" "$SCHEMA_LOCAL" >/dev/null
    q "$port" "$SCHEMA_DIST" >/dev/null
  done
}

local_rows() { q "$1" "SELECT count() FROM trailview.audit_local"; }

now() { date +%s.%N; }
secs() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$2"; }

# Blocks of 200000 rows: at the default 1048576 one block of these rows (raw alone is
# ~400 B) needs about 4 GB on the server while it is split by month and sorted.
INSERT_BLOCK=200000

insert_shard() { # shard number, port: JSONEachRow rows of the NDJSON file into its audit_local
  python3 "$ROWS_PY" --shard "$1" --of 2 < "$NDJSON" \
    | curl -sS --fail-with-body -X POST -T - -H 'Transfer-Encoding: chunked' \
        "http://127.0.0.1:$2/?max_insert_block_size=$INSERT_BLOCK&query=INSERT%20INTO%20trailview.audit_local%20FORMAT%20JSONEachRow"
}

load() {
  local want1=$((ROWS / 2)) want2=$((ROWS - ROWS / 2)) have1 have2 t0 t1 t2 p1 p2 rc1=0 rc2=0
  # ids are 10000001 .. 10000000+N: shard1 (id % 2 == 0) gets N/2 of them, shard2 the rest.
  have1="$(local_rows "$HTTP1")"; have2="$(local_rows "$HTTP2")"
  if [ "$have1" = "$want1" ] && [ "$have2" = "$want2" ]; then
    say "already loaded: $have1 + $have2 rows"
    return 0
  fi
  [ -n "$FROM" ] || [ -f "$GEN" ] || die "the generator is missing: $GEN (or give --from FILE)"
  if [ "$have1" != 0 ] || [ "$have2" != 0 ]; then
    say "holding $have1 + $have2 rows, not $want1 + $want2: emptying audit_local"
    q "$HTTP1" "TRUNCATE TABLE trailview.audit_local" >/dev/null
    q "$HTTP2" "TRUNCATE TABLE trailview.audit_local" >/dev/null
  fi
  # Generated once into a file that both loads read (a tee into two pipes was no
  # faster on two cores); kept after a failed load, so that a retry skips this step.
  NDJSON="$DIR/audit-$ROWS.ndjson"
  [ -z "$FROM" ] || NDJSON="$FROM"
  t0="$(now)"
  if [ -n "$FROM" ]; then
    [ -s "$FROM" ] || die "--from: no such file, or empty: $FROM"
    say "loading $FROM"
  elif [ -s "$NDJSON" ]; then
    say "reusing $NDJSON (left by an earlier, failed load)"
  else
    say "generating $ROWS entries into $NDJSON ..."
    python3 "$GEN" --count "$ROWS" --format ndjson --out "$NDJSON.part"
    mv "$NDJSON.part" "$NDJSON"
  fi
  t1="$(now)"
  say "loading both shards ..."
  insert_shard 1 "$HTTP1" & p1=$!
  insert_shard 2 "$HTTP2" & p2=$!
  wait "$p1" || rc1=$?
  wait "$p2" || rc2=$?
  t2="$(now)"
  [ "$rc1" = 0 ] && [ "$rc2" = 0 ] \
    || die "loading failed (shard1 exit $rc1, shard2 exit $rc2); $NDJSON is kept for the next start"
  have1="$(local_rows "$HTTP1")"; have2="$(local_rows "$HTTP2")"
  [ "$have1" = "$want1" ] && [ "$have2" = "$want2" ] \
    || die "loaded $have1 + $have2 rows, expected $want1 + $want2; $NDJSON is kept for the next start"
  [ -n "$FROM" ] || rm -f "$NDJSON"
  say "generated in $(secs "$t0" "$t1") s, loaded in $(secs "$t1" "$t2") s ($have1 + $have2 rows)"
}

report() {
  local total source
  total="$(q "$HTTP1" "SELECT count() FROM trailview.audit")"
  write_state "$total"
  # The source as the app's own encoder writes a query component (codec::encode):
  # '+' must be %2B, or the app reads it as a space.
  source="$(python3 -c "import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=\":,/@!*'()\$;\"))" \
    "clickhouse+http://127.0.0.1:$HTTP1/?table=trailview.audit&user=viewer")"
  echo "Rows (trailview.audit, Distributed over both shards): $total"
  echo "Ports: shard1 HTTP $HTTP1 TCP $TCP1 interserver $INTER1; shard2 HTTP $HTTP2 TCP $TCP2 interserver $INTER2"
  echo "PIDs: $PID1 $PID2 (state in $DIR/state.env, $DIR/state.json)"
  echo "Open: ${APP_URL}?source=$source"
  echo "Password (Token field): $PASSWORD"
}

# --- start --------------------------------------------------------------------------

if PID1="$(pid_of 1)" && PID2="$(pid_of 2)" && [ -s "$DIR/state.env" ]; then
  # shellcheck disable=SC1091
  . "$DIR/state.env"
  HTTP1="$CH_HTTP_PORT"; HTTP2="$CH_HTTP_PORT2"; TCP1="$CH_TCP_PORT"; TCP2="$CH_TCP_PORT2"
  INTER1="${CH_INTERSERVER_PORT:-?}"; INTER2="${CH_INTERSERVER_PORT2:-?}"
  if answers "$HTTP1" && answers "$HTTP2"; then
    say "already running from $DIR (PIDs $PID1 $PID2)"
    load
    report
    exit 0
  fi
fi
stop_servers >/dev/null  # whatever half of an earlier start is left

read -r HTTP1 HTTP2 TCP1 TCP2 INTER1 INTER2 < <(pick_ports) || die "no free ports"
[ "$HTTP1" = "$HTTP_PORT" ] || say "port $HTTP_PORT is taken: shard1 answers HTTP on $HTTP1"
write_config 1 "$HTTP1" "$TCP1" "$INTER1"
write_config 2 "$HTTP2" "$TCP2" "$INTER2"
start_server 1
start_server 2
wait_ready 1 "$HTTP1"
wait_ready 2 "$HTTP2"
PID1="$(pid_of 1)" && PID2="$(pid_of 2)" || die "a server's PID does not match its config"
say "started shard1 (PID $PID1) and shard2 (PID $PID2)"
write_state 0  # the rows come in report; a start after a failed load finds the servers
create_schema
load
report
