# Test infrastructure: the SQL engine is ClickHouse's own (chdb-core, ClickHouse as an in-process library); only this HTTP layer is ours.
"""A small HTTP front that answers the part of ClickHouse's HTTP interface Trailview uses,
the way a current server configured for browsers answers, with chdb-core running the SQL.

  python chdb_front.py --data DIR --users users.json [--host 127.0.0.1] [--port 8124]
                       [--pid-file F] [--cors [preflight]] [--verbose]

What it speaks (as src/Server/HTTPHandler.cpp of a current server does):
  * the query in `query=` (GET or POST) and/or the POST body: both together are the
    parameter, a line break, then the body; one statement per request (a second one is
    refused as the server refuses it, code 62).
  * `param_<name>=` values, handed to chdb's `params`, which parses them as a server parses
    its `param_` values (the Escaped form: `\\t`, `\\n`, `\\\\` ...).
  * the output format from the SQL's FORMAT clause, else `default_format=` (or the
    X-ClickHouse-Format header), else TabSeparated; chdb's bytes are answered as they are.
  * `database=` (or X-ClickHouse-Database), `query_id=` (echoed as X-ClickHouse-Query-Id),
    and the other reserved names (wait_end_of_query, buffer_size, compress, session_id, ...)
    accepted and not taken for settings.
  * users from the --users file: name, password, readonly (0, 1, 2), database (the user's
    default database; `database=` may name only it or `system`), settings (the user's profile).
    user/password from the URL, from an `Authorization: Basic` header or from the
    X-ClickHouse-User/-Key headers; mixing two of them is refused (code 516, HTTP 403), so is
    an unknown user or a wrong password, in the server's words.
  * every other URL parameter is a setting. Each (user, settings) pair runs in its own chdb
    connection whose session holds the user's profile, then `readonly` (the user's level; 2
    for a GET of a readonly=0 user, as the server makes GET read-only), then the URL settings
    with SET: so ClickHouse itself checks them (a readonly=1 user may change none, code 164;
    readonly=2 all but readonly) and `SELECT ... FROM system.settings` shows what the server
    shows that user. readonly users may run only SELECT, WITH, SHOW, DESCRIBE, EXISTS,
    EXPLAIN (else code 164, as the server words it); ClickHouse's own readonly check stays
    on too (table functions such as file() are refused).
  * errors: the status a server gives the code (exceptionCodeToHTTPStatus: 403 for 516,
    404 for 60, 400 for 62, 500 for 164 ...), `X-ClickHouse-Exception-Code: N`, and the body
    `Code: N. DB::Exception: <ClickHouse's message>. (NAME) (version V)`.
  * CORS, as a server configures it: with --cors, a preflight handler (http_options_response):
    OPTIONS answers 204, and every answer to a request with an Origin carries
    Access-Control-Allow-Origin: *, -Allow-Methods: GET, POST, OPTIONS, -Allow-Headers:
    Authorization, Content-Type, -Max-Age: 86400 (errors too, as on the server). Without it,
    only `add_http_cors_header=1` (a user's profile or URL setting) adds
    Access-Control-Allow-Origin: *, and only once the login and its settings passed.

Not spoken: sessions (session_id is accepted and ignored), compression, progress headers,
external data, streaming (each answer is whole; all chdb calls run one at a time).
"""
import argparse
import base64
import json
import os
import re
import signal
import sys
import threading
import time
import uuid
from collections import OrderedDict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import chdb
from chdb import _chdb

# Names the HTTP interface reads itself: never settings (HTTPHandler.cpp, reserved_param_names).
RESERVED = {
    "compress", "decompress", "user", "password", "quota_key", "query_id", "stacktrace", "role",
    "buffer_size", "wait_end_of_query", "session_id", "session_timeout", "session_check",
    "client_protocol_version", "close_session", "database", "default_format", "query",
}
READ_KEYWORDS = {"SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "EXISTS", "EXPLAIN"}

# exceptionCodeToHTTPStatus.cpp of a current server, by error name (codes are read from the engine).
STATUS_BY_NAME = {
    401: ["REQUIRED_PASSWORD"],
    403: ["UNKNOWN_USER", "WRONG_PASSWORD", "AUTHENTICATION_FAILED", "SET_NON_GRANTED_ROLE", "ACCESS_DENIED"],
    400: ["BAD_ARGUMENTS", "CANNOT_COMPILE_REGEXP", "CANNOT_PARSE_TEXT", "CANNOT_PARSE_ESCAPE_SEQUENCE",
          "CANNOT_PARSE_QUOTED_STRING", "CANNOT_PARSE_DATE", "CANNOT_PARSE_DATETIME", "CANNOT_PARSE_NUMBER",
          "CANNOT_PARSE_DOMAIN_VALUE_FROM_STRING", "CANNOT_PARSE_IPV4", "CANNOT_PARSE_IPV6",
          "CANNOT_PARSE_INPUT_ASSERTION_FAILED", "CANNOT_PARSE_UUID", "DUPLICATE_COLUMN", "ILLEGAL_COLUMN",
          "UNKNOWN_ELEMENT_IN_AST", "UNKNOWN_TYPE_OF_AST_NODE", "THERE_IS_NO_COLUMN", "TOO_DEEP_AST",
          "TOO_BIG_AST", "UNEXPECTED_AST_STRUCTURE", "SYNTAX_ERROR", "INCORRECT_DATA", "TYPE_MISMATCH",
          "VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE"],
    404: ["UNKNOWN_TABLE", "UNKNOWN_FUNCTION", "UNKNOWN_IDENTIFIER", "UNKNOWN_TYPE", "UNKNOWN_STORAGE",
          "UNKNOWN_DATABASE", "UNKNOWN_SETTING", "UNKNOWN_DIRECTION_OF_SORTING", "UNKNOWN_AGGREGATE_FUNCTION",
          "UNKNOWN_FORMAT", "UNKNOWN_DATABASE_ENGINE", "UNKNOWN_TYPE_OF_QUERY", "UNKNOWN_ROLE"],
    413: ["QUERY_IS_TOO_LARGE"],
    501: ["NOT_IMPLEMENTED"],
    503: ["SOCKET_TIMEOUT", "CANNOT_OPEN_FILE", "CANNOT_SCHEDULE_TASK"],
    411: ["HTTP_LENGTH_REQUIRED"],
    408: ["TIMEOUT_EXCEEDED"],
    415: ["UNSUPPORTED_MEDIA_TYPE"],
}

PREFLIGHT_HEADERS = [
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
    ("Access-Control-Allow-Headers", "Authorization, Content-Type"),
    ("Access-Control-Max-Age", "86400"),
]

CONTENT_TYPES = [
    (re.compile(r"^(JSON|JSONCompact|JSONEachRow|JSONCompactEachRow|JSONStrings|JSONCompactStrings|NDJSON|JSONLines|JSONObjectEachRow|JSONColumns|JSONCompactColumns)$", re.I),
     "application/json; charset=UTF-8"),
    (re.compile(r"^(TabSeparated|TSV)(Raw)?(WithNames)?(AndTypes)?$", re.I), "text/tab-separated-values; charset=UTF-8"),
    (re.compile(r"^CSV", re.I), "text/csv; charset=UTF-8; header=absent"),
]

MESSAGE = re.compile(r"^Code: (\d+)\. DB::Exception: (.*)$", re.S)
NESTED = re.compile(r"^Code: (\d+)\. DB::Exception: (.*?) \(version [^()]*\)\. \((\w+)\)$", re.S)
TRAILING_FORMAT = re.compile(r"\bFORMAT\s+([A-Za-z][A-Za-z0-9_]*)\s*(?:SETTINGS\b.*)?;?\s*$", re.S | re.I)


class Refusal(Exception):
    """A failed request: ClickHouse's error code and message (without the version suffix)."""

    def __init__(self, code, text, cors=False):
        super().__init__(text)
        self.code = code
        self.text = text  # "Code: N. DB::Exception: ... (NAME)"
        self.cors = cors  # the login and its settings had passed (add_http_cors_header applies)


def escaped(value):
    """A value in the Escaped form, as a server reads a param_ value."""
    return (value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r").replace("\0", "\\0"))


def first_keyword(sql):
    """The statement's first word, after comments, blanks and opening parentheses."""
    i, n = 0, len(sql)
    while i < n:
        c = sql[i]
        if c.isspace() or c == "(":
            i += 1
        elif sql.startswith("--", i) or c == "#":
            j = sql.find("\n", i)
            i = n if j < 0 else j + 1
        elif sql.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if sql.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif sql.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
        else:
            m = re.match(r"[A-Za-z_]+", sql[i:])
            return m.group(0).upper() if m else ""
    return ""


class Engine:
    """chdb connections to one data directory: one per (user, readonly level, URL settings),
    each session holding that user's profile; all calls one at a time."""

    MAX_SESSIONS = 32

    def __init__(self, data, users):
        self.data = os.path.abspath(data)
        os.makedirs(self.data, exist_ok=True)
        self.users = users
        self.lock = threading.Lock()
        self.sessions = OrderedDict()  # key -> [connection, current database]
        with self.lock:
            self.admin = _chdb.connect(self.data)
            self.version = self.admin.query("SELECT version()", "TabSeparated").bytes().decode().strip()
            names = sorted({n for ns in STATUS_BY_NAME.values() for n in ns} | {"READONLY", "SYNTAX_ERROR"})
            rows = self.admin.query(
                "SELECT DISTINCT name, code FROM system.errors WHERE name IN ({n:Array(String)}) "
                "SETTINGS system_events_show_zero_values = 1", "TabSeparated",
                params={"n": "[" + ",".join("'%s'" % n for n in names) + "]"}).bytes().decode()
        self.codes = {}
        for line in rows.splitlines():
            name, code = line.split("\t")
            self.codes[name] = int(code)
        self.status = {self.codes[n]: s for s, ns in STATUS_BY_NAME.items() for n in ns if n in self.codes}

    # --- errors ---------------------------------------------------------------------------

    def refusal(self, err, user, cors=False):
        """A chdb exception as the server's error (its user named as the server names it)."""
        text = str(err).strip()
        m = NESTED.match(text)
        if m and m.group(2).startswith("Code: "):
            text = m.group(2)  # chdb wraps some errors (a SETTINGS clause's) in themselves
        m = MESSAGE.match(text)
        if not m:
            return Refusal(1001, "Code: 1001. DB::Exception: " + text, cors)
        code = int(m.group(1))
        if user != "default":
            # chdb runs as `default`; a server names the user who asked.
            text = text.replace("DB::Exception: default: ", "DB::Exception: %s: " % user, 1)
        return Refusal(code, text, cors)

    def http_status(self, code):
        return self.status.get(code, 500)

    # --- sessions -------------------------------------------------------------------------

    def _session(self, user, level, settings):
        key = (user["name"], level, tuple(settings))
        s = self.sessions.get(key)
        if s is not None:
            self.sessions.move_to_end(key)
            return key, s
        conn = _chdb.connect(self.data)
        try:
            for name, value in (user.get("settings") or {}).items():
                conn.query("SET %s = {v:String}" % ident(name), "TabSeparated", params={"v": escaped(str(value))})
            if level:
                conn.query("SET readonly = %d" % level, "TabSeparated")
            db = user.get("database") or "default"
            conn.query("USE %s" % ident(db), "TabSeparated")
        except RuntimeError as e:
            conn.close()
            raise RuntimeError("the profile of user %s: %s" % (user["name"], e))
        try:
            # The URL's settings, checked by ClickHouse against the profile and readonly level.
            for name, value in settings:
                conn.query("SET %s = {v:String}" % ident(name), "TabSeparated", params={"v": escaped(value)})
        except RuntimeError as e:
            conn.close()
            raise self.refusal(e, user["name"])
        s = [conn, db]
        self.sessions[key] = s
        while len(self.sessions) > self.MAX_SESSIONS:
            _, (old, _) = self.sessions.popitem(last=False)
            old.close()
        return key, s

    def _drop(self, key):
        s = self.sessions.pop(key, None)
        if s is not None:
            s[0].close()

    def close(self):
        with self.lock:
            for conn, _ in self.sessions.values():
                conn.close()
            self.sessions.clear()
            self.admin.close()

    # --- one query ------------------------------------------------------------------------

    def run(self, user, level, settings, sql, params, database, fmt, get):
        """Runs `sql` for `user`; returns (body bytes, summary dict) or raises Refusal."""
        name = user["name"]
        with self.lock:
            key, session = self._session(user, level, settings)
            conn = session[0]
            # One statement per request, as the server (chdb would run them all).
            count = self.admin.classify_query(sql)["statement_count"]
            if count != 1:
                try:
                    self.admin.query("SELECT formatQuery({q:String})", "TabSeparated", params={"q": escaped(sql)})
                except RuntimeError as e:
                    r = self.refusal(e, name, cors=True)
                    r.text = re.sub(r"\s*: In scope SELECT formatQuery\(.*\)\. \((\w+)\)$", r" (\1)", r.text, flags=re.S)
                    raise r
            keyword = first_keyword(sql)
            if level and keyword not in READ_KEYWORDS:
                why = "Cannot execute query in readonly mode"
                if get:
                    why += (". For queries over HTTP, method GET implies readonly. "
                            "You should use method POST for modifying queries")
                raise Refusal(self.codes["READONLY"], "Code: %d. DB::Exception: %s: %s. (READONLY)"
                              % (self.codes["READONLY"], name, why), cors=True)
            try:
                if database and database != session[1]:
                    conn.query("USE %s" % ident(database), "TabSeparated")
                    session[1] = database
                t0 = time.monotonic()
                res = conn.query(sql, fmt, params=params)
                elapsed = time.monotonic() - t0
            except RuntimeError as e:
                # A failed query may leave its partial output to the next one: a new connection.
                self._drop(key)
                raise self.refusal(e, name, cors=True)
            if keyword not in READ_KEYWORDS:
                self._drop(key)  # SET, USE ... change the session; a server forgets them
            body = res.bytes()
            summary = {
                "read_rows": str(res.storage_rows_read()), "read_bytes": str(res.storage_bytes_read()),
                "written_rows": "0", "written_bytes": "0", "total_rows_to_read": "0",
                "result_rows": str(res.rows_read()), "result_bytes": str(len(body)),
                "elapsed_ns": str(int(elapsed * 1e9)),
            }
            return body, summary


def ident(name):
    return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`"


def load_users(path):
    with open(path, encoding="utf-8") as f:
        raw = json.load(f)
    users = raw.get("users", raw) if isinstance(raw, dict) else raw
    out = {}
    for u in users:
        if not isinstance(u, dict) or not u.get("name"):
            sys.exit("chdb_front.py: each user needs a name: %r" % (u,))
        level = int(u.get("readonly", 0))
        if level not in (0, 1, 2):
            sys.exit("chdb_front.py: readonly must be 0, 1 or 2: %r" % (u,))
        out[u["name"]] = {"name": u["name"], "password": str(u.get("password", "")), "readonly": level,
                          "database": u.get("database") or "default", "restricted": bool(u.get("database")),
                          "settings": {k: str(v) for k, v in (u.get("settings") or {}).items()}}
    return out


def auth_error(engine, text):
    code = engine.codes["AUTHENTICATION_FAILED"]
    return Refusal(code, "Code: %d. DB::Exception: %s. (AUTHENTICATION_FAILED)" % (code, text))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def version_string(self):
        return "chdb-front"

    # --- plumbing -------------------------------------------------------------------------

    def log_message(self, fmt, *args):
        if self.server.verbose:
            sys.stderr.write("chdb_front: %s %s\n" % (self.address_string(), fmt % args))

    def body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            parts = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(parts)
                parts.append(self.rfile.read(size))
                self.rfile.readline()
        n = self.headers.get("Content-Length")
        return self.rfile.read(int(n)) if n else None

    def answer(self, status, body, headers=(), cors_ok=False):
        self.send_response(status)
        self.send_header("X-ClickHouse-Server-Display-Name", "chdb-front")
        has_origin = bool(self.headers.get("Origin"))
        if self.server.cors == "preflight" and has_origin:
            for k, v in PREFLIGHT_HEADERS:
                self.send_header(k, v)
        elif cors_ok and has_origin:
            self.send_header("Access-Control-Allow-Origin", "*")
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def fail(self, r):
        engine = self.server.engine
        text = "%s (version %s)\n" % (r.text, engine.version)
        self.answer(engine.http_status(r.code), text.encode("utf-8"),
                    [("Content-Type", "text/plain; charset=UTF-8"), ("X-ClickHouse-Exception-Code", str(r.code))],
                    cors_ok=r.cors and getattr(self, "_cors_setting", False))

    # --- methods --------------------------------------------------------------------------

    def do_OPTIONS(self):
        self.body()
        if self.server.cors == "preflight":
            self.send_response(204)
            for k, v in PREFLIGHT_HEADERS:
                self.send_header(k, v)
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            # No http_options_response in the config: no preflight answer worth the name.
            self.answer(200, b"")

    def do_GET(self):
        self.handle_query(get=True)

    def do_HEAD(self):
        self.handle_query(get=True)

    def do_POST(self):
        self.handle_query(get=False)

    def handle_query(self, get):
        self._cors_setting = False
        try:
            self.query(get)
        except Refusal as r:
            self.fail(r)
        except Exception as e:  # a bug of this front: still answered as a server would
            self.fail(Refusal(1001, "Code: 1001. DB::Exception: %s: %s. (STD_EXCEPTION)" % (type(e).__name__, e)))

    def query(self, get):
        engine = self.server.engine
        url = urlsplit(self.path)
        if self.command == "POST" and "Content-Length" not in self.headers \
                and self.headers.get("Transfer-Encoding", "").lower() != "chunked":
            code = engine.codes.get("HTTP_LENGTH_REQUIRED", 381)
            raise Refusal(code, "Code: %d. DB::Exception: The Transfer-Encoding is not chunked and there is no "
                                "Content-Length header for POST request. (HTTP_LENGTH_REQUIRED)" % code)
        body = self.body()
        if url.path == "/ping":
            self.answer(200, b"Ok.\n", [("Content-Type", "text/html; charset=UTF-8")])
            return
        if url.path != "/":
            self.answer(404, ("There is no handle %s\n\nUse / or /ping for health checks.\n" % url.path).encode(),
                        [("Content-Type", "text/plain; charset=UTF-8")])
            return
        pairs = parse_qsl(url.query, keep_blank_values=True)
        params = {}
        for k, v in pairs:
            params.setdefault(k, v)

        user = self.login(pairs)
        level = user["readonly"] or (2 if get else 0)

        # Settings: every other URL parameter (the same name twice: the last one, as the server).
        settings = OrderedDict()
        for k, v in pairs:
            if k and k not in RESERVED and not k.startswith("param_"):
                settings[k] = v
        database = self.headers.get("X-ClickHouse-Database") or params.get("database") or ""
        allowed = user["database"]
        if database and user["restricted"] and database not in (allowed, "system"):
            code = engine.codes["ACCESS_DENIED"]
            raise Refusal(code, "Code: %d. DB::Exception: %s: Not enough privileges. To execute this query, it's "
                                "necessary to have the grant SHOW TABLES ON %s.*. (ACCESS_DENIED)"
                          % (code, user["name"], database))
        cors_setting = (user["settings"].get("add_http_cors_header") in ("1", "true"))
        if "add_http_cors_header" in settings:
            cors_setting = settings["add_http_cors_header"] in ("1", "true")

        sql = params.get("query", "")
        if body:
            text = body.decode("utf-8", errors="replace")
            sql = sql + "\n" + text if sql else text
        qparams = {k[len("param_"):]: v for k, v in pairs if k.startswith("param_")}
        fmt = self.headers.get("X-ClickHouse-Format") or params.get("default_format") or "TabSeparated"
        query_id = params.get("query_id") or self.headers.get("X-ClickHouse-Query-Id") or str(uuid.uuid4())

        if not sql.strip():
            code = engine.codes["SYNTAX_ERROR"]
            raise Refusal(code, "Code: %d. DB::Exception: Empty query. (SYNTAX_ERROR)" % code)
        try:
            out, summary = engine.run(user, level, list(settings.items()), sql, qparams, database, fmt, get)
        except Refusal as r:
            # The settings were applied (add_http_cors_header counts) unless they were refused.
            self._cors_setting = cors_setting and r.cors
            raise
        m = TRAILING_FORMAT.search(sql)
        used = m.group(1) if m else fmt
        ctype = next((t for rx, t in CONTENT_TYPES if rx.match(used)), "text/plain; charset=UTF-8")
        self.answer(200, out, [
            ("Content-Type", ctype),
            ("X-ClickHouse-Query-Id", query_id),
            ("X-ClickHouse-Format", used),
            ("X-ClickHouse-Timezone", "UTC"),
            ("X-ClickHouse-Summary", json.dumps(summary, separators=(",", ":"))),
        ], cors_ok=cors_setting)

    def login(self, pairs):
        """The user, as authenticateUserByHTTP finds and checks it; Refusal (516) else."""
        engine = self.server.engine
        params = dict(pairs)
        h_user = self.headers.get("X-ClickHouse-User", "")
        h_key = self.headers.get("X-ClickHouse-Key", "")
        has_headers = bool(h_user or h_key)
        authz = self.headers.get("Authorization")
        in_params = "user" in params or "password" in params
        if has_headers:
            if not h_user:
                raise auth_error(engine, "Got an empty user name from X-ClickHouse HTTP headers")
            if authz:
                raise auth_error(engine, "Invalid authentication: it is not allowed to use X-ClickHouse HTTP "
                                         "headers and Authorization HTTP header simultaneously")
            if in_params:
                raise auth_error(engine, "Invalid authentication: it is not allowed to use X-ClickHouse HTTP "
                                         "headers and authentication via parameters simultaneously")
            name, password = h_user, h_key
        elif authz:
            if in_params:
                raise auth_error(engine, "Invalid authentication: it is not allowed to use Authorization HTTP "
                                         "header and authentication via parameters simultaneously")
            scheme, _, info = authz.strip().partition(" ")
            if scheme.lower() != "basic":
                raise auth_error(engine, "Invalid authentication: '%s' HTTP Authorization scheme is not supported"
                                 % scheme)
            try:
                pair = base64.b64decode(info.strip(), validate=False).decode("utf-8")
            except Exception:
                pair = ""
            name, _, password = pair.partition(":")
            if not name:
                raise auth_error(engine, "Got an empty user name from Authorization HTTP header")
        else:
            name = params.get("user", "default")
            password = params.get("password", "")
            if not name:
                raise auth_error(engine, "Got an empty user name from authentication via parameters")
        user = self.server.users.get(name)
        if user is None or user["password"] != password:
            text = "%s: Authentication failed: password is incorrect, or there is no user with such name." % name
            if name == "default":
                text += ("\n\nIf you have installed ClickHouse and forgot password you can reset it in the "
                         "configuration file.\nThe password for default user is typically located at "
                         "/etc/clickhouse-server/users.d/default-password.xml\nand deleting this file will reset "
                         "the password.\nSee also /etc/clickhouse-server/users.xml on the server where ClickHouse "
                         "is installed.\n\n")
            code = engine.codes["AUTHENTICATION_FAILED"]
            raise Refusal(code, "Code: %d. DB::Exception: %s (AUTHENTICATION_FAILED)" % (code, text))
        return user


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8124)
    ap.add_argument("--data", required=True, help="chdb's data directory")
    ap.add_argument("--users", required=True, help="JSON: {\"users\": [{name, password, readonly, database, settings}]}")
    ap.add_argument("--pid-file")
    ap.add_argument("--cors", nargs="?", const="preflight", choices=["preflight"],
                    help="answer as a server with a preflight handler (http_options_response)")
    ap.add_argument("--verbose", action="store_true", help="log each request on stderr")
    a = ap.parse_args(argv)

    users = load_users(a.users)
    engine = Engine(a.data, users)
    server = Server((a.host, a.port), Handler)
    server.engine, server.users, server.cors, server.verbose = engine, users, a.cors, a.verbose

    def stop(*_):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if a.pid_file:
        with open(a.pid_file + ".part", "w") as f:
            f.write("%d\n" % os.getpid())
        os.replace(a.pid_file + ".part", a.pid_file)
    print("chdb_front: ClickHouse %s (chdb-core %s) on http://%s:%d/ data %s"
          % (engine.version, chdb.__version__, a.host, server.server_address[1], engine.data), flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
        engine.close()
        if a.pid_file:
            try:
                with open(a.pid_file) as f:
                    mine = f.read().strip() == str(os.getpid())
                if mine:
                    os.remove(a.pid_file)
            except OSError:
                pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
