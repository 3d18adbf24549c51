#!/usr/bin/env python3
"""Self-check of scripts/chdb_front.py over real HTTP (test infrastructure, no pytest).

  python3 scripts/chdb_front_check.py            # a front of its own on a tiny table
  python3 scripts/chdb_front_check.py --app URL  # the app's first queries against a running
                                                 # front (scripts/chdb.sh start), as the app sends them

The first form starts the front (with chdb-core from the venv scripts/chdb.sh installs, or
--python) on a free port with a temporary data directory holding a four-row table, asserts
what a current server answers, stops it and exits non-zero on any failure.

--app sends, as user `viewer` (readonly=1) and then `trailview` (readonly=2), the exact SQL
and URL parameters of src/core/engine/clickhouse/connect.rs (version, system.settings,
DESCRIBE, the role sample) and of a first view (page, stats, a search, live refresh): each
answer must be a 200 with JSONCompact that parses; failures are printed with the server's
error, for the Rust side to fix.
"""
import argparse
import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
VENV = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "trailview", "chdb-venv")

PASSED, FAILED = [], []


def check(name, ok, detail=""):
    print("%s %s%s" % ("ok  " if ok else "FAIL", name, "" if ok else ": " + detail))
    (PASSED if ok else FAILED).append(name)


def request(url, sql=None, params=(), headers=None, method=None):
    """(status, headers, body text) of one request; the SQL as the POST body."""
    q = urllib.parse.urlencode(list(params))
    full = url + ("?" + q if q else "")
    data = sql.encode("utf-8") if sql is not None else None
    req = urllib.request.Request(full, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.headers, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode("utf-8", "replace")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


# --- the front on a tiny table ----------------------------------------------------------

def self_check(python):
    tmp = tempfile.mkdtemp(prefix="chdb-front-check-")
    data = os.path.join(tmp, "data")
    users = os.path.join(tmp, "users.json")
    with open(users, "w") as f:
        json.dump({"users": [
            {"name": "default", "password": "", "readonly": 0},
            {"name": "viewer", "password": "v-pw", "readonly": 1, "database": "tv",
             "settings": {"max_result_rows": 1000000, "result_overflow_mode": "throw"}},
            {"name": "tv", "password": "t-pw", "readonly": 2, "database": "tv"},
        ]}, f)
    port = free_port()
    url = "http://127.0.0.1:%d/" % port
    pid_file = os.path.join(tmp, "front.pid")
    log = open(os.path.join(tmp, "front.log"), "w")
    proc = subprocess.Popen([python, os.path.join(HERE, "chdb_front.py"), "--port", str(port), "--data", data,
                             "--users", users, "--pid-file", pid_file, "--cors"], stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(300):
            try:
                if request(url, params=[("query", "SELECT 1")])[2] == "1\n":
                    break
            except OSError:
                pass
            if proc.poll() is not None:
                break
            time.sleep(0.1)
        else:
            pass
        up = proc.poll() is None
        check("the front starts and answers SELECT 1", up, open(log.name).read()[-2000:])
        if not up:
            return
        check("it writes its PID", open(pid_file).read().strip() == str(proc.pid))
        run_checks(url)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        check("SIGTERM stops it and removes its PID file", proc.returncode == 0 and not os.path.exists(pid_file),
              "exit %s" % proc.returncode)
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)


def run_checks(url):
    admin = lambda sql, **kw: request(url, sql, **kw)
    for sql in ["CREATE DATABASE tv",
                "CREATE TABLE tv.t (id UInt64, s String) ENGINE = MergeTree ORDER BY id",
                "INSERT INTO tv.t VALUES (1, 'tab\there'), (2, 'new\nline'), (3, 'back\\\\slash'), (4, 'plain')"]:
        st, _, body = admin(sql)
        check("admin: " + sql.split("(")[0].strip(), st == 200, "%s %s" % (st, body))
    viewer = [("user", "viewer"), ("password", "v-pw")]
    compact = lambda body: json.loads(body)

    # Version: the app picks its dialect from it.
    st, h, body = request(url, "SELECT version() FORMAT JSONCompact", viewer)
    v = compact(body)["data"][0][0] if st == 200 else ""
    check("SELECT version() is ClickHouse 26.x", st == 200 and v.startswith("26."), "%s %s" % (st, body))

    # param_ values hold a tab, a newline and a backslash in the server's escaped form.
    for want, raw in [(1, "tab\there"), (2, "new\nline"), (3, "back\\slash")]:
        esc = raw.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
        st, h, body = request(url, "SELECT id FROM tv.t WHERE s = {p0:String} FORMAT JSONCompact",
                              viewer + [("param_p0", esc)])
        got = compact(body)["data"] if st == 200 else body
        check("param_ with %r finds row %d" % (raw, want), got == [[want]], "%s %s" % (st, got))
    # In the query= parameter (GET) too, with default_format.
    st, h, body = request(url, None, viewer + [("query", "SELECT count() FROM tv.t WHERE s LIKE {p:String}"),
                                               ("param_p", "%e%"), ("default_format", "JSONCompact")])
    check("GET query= with default_format=JSONCompact", st == 200 and compact(body)["data"] == [[2]],
          "%s %s" % (st, body))
    check("JSON answers say so", h.get("Content-Type", "").startswith("application/json"), str(h.get("Content-Type")))

    # JSONCompact parses; 64-bit integers as numbers (the default since 25.8).
    st, h, body = request(url, "SELECT id, s FROM tv.t ORDER BY id FORMAT JSONCompact", viewer)
    try:
        a = compact(body)
        ok = st == 200 and a["meta"][0] == {"name": "id", "type": "UInt64"} and a["data"][3] == [4, "plain"] \
            and a["rows"] == 4
    except ValueError:
        ok = False
    check("FORMAT JSONCompact answers parse", ok, "%s %s" % (st, body[:300]))
    st, h, body = request(url, "SELECT id FROM tv.t ORDER BY id LIMIT 1 FORMAT JSON", viewer)
    check("FORMAT JSON answers parse", st == 200 and json.loads(body)["data"] == [{"id": 1}], body[:300])

    # What the app reads to know what it may change.
    st, h, body = request(url, "SELECT name, value, readonly FROM system.settings WHERE name IN "
                               "('readonly', 'replace_running_query') ORDER BY name FORMAT JSONCompact", viewer)
    check("system.settings shows readonly=1 for the viewer, nothing changeable",
          st == 200 and compact(body)["data"] == [["readonly", "1", 1], ["replace_running_query", "0", 1]], body[:300])
    st, h, body = request(url, "SELECT name, value, readonly FROM system.settings WHERE name IN "
                               "('readonly', 'replace_running_query') ORDER BY name FORMAT JSONCompact",
                          [("user", "tv"), ("password", "t-pw")])
    check("system.settings shows readonly=2 for a readonly=2 user, settings changeable",
          st == 200 and compact(body)["data"] == [["readonly", "2", 1], ["replace_running_query", "0", 0]], body[:300])

    def refused(name, resp, status, code, text):
        st, h, body = resp
        check(name, st == status and h.get("X-ClickHouse-Exception-Code") == str(code) and text in body
              and body.startswith("Code: %d. DB::Exception: " % code),
              "%s %s %r" % (st, h.get("X-ClickHouse-Exception-Code"), body[:300]))

    basic = {"Authorization": "Basic " + base64.b64encode(b"viewer:v-pw").decode()}
    refused("user= with an Authorization header: 516, 403", request(url, "SELECT 1", [("user", "viewer")], basic),
            403, 516, "it is not allowed to use Authorization HTTP header and authentication via parameters")
    st, h, body = request(url, "SELECT 1", [], basic)
    check("Authorization: Basic alone logs in", st == 200 and body == "1\n", "%s %s" % (st, body))
    refused("a wrong password: 516, 403", request(url, "SELECT 1", [("user", "viewer"), ("password", "nope")]),
            403, 516, "viewer: Authentication failed: password is incorrect, or there is no user with such name")
    refused("an unknown user: 516, 403", request(url, "SELECT 1", [("user", "nobody")]),
            403, 516, "nobody: Authentication failed")
    refused("readonly=1 with a setting in the URL: 164", request(url, "SELECT 1", viewer + [("max_result_rows", "5")]),
            500, 164, "Cannot modify 'max_result_rows' setting in readonly mode")
    refused("readonly=1 with output_format_json_quote_64bit_integers=1 (a change since 25.8): 164",
            request(url, "SELECT 1", viewer + [("output_format_json_quote_64bit_integers", "1")]),
            500, 164, "Cannot modify 'output_format_json_quote_64bit_integers' setting in readonly mode")
    st, h, body = request(url, "SELECT 1", viewer + [("wait_end_of_query", "1"), ("query_id", "x-page")])
    check("wait_end_of_query and query_id are no settings", st == 200 and h.get("X-ClickHouse-Query-Id") == "x-page",
          "%s %s" % (st, body))
    st, h, body = request(url, "SELECT getSetting('max_result_rows')",
                          [("user", "tv"), ("password", "t-pw"), ("max_result_rows", "7")])
    check("readonly=2 may change a setting in the URL", st == 200 and body == "7\n", "%s %s" % (st, body))
    refused("readonly=2 may not change readonly: 164", request(url, "SELECT 1", [("user", "tv"), ("password", "t-pw"),
                                                                              ("readonly", "0")]),
            500, 164, "Cannot modify 'readonly' setting in readonly mode")
    refused("readonly=1 INSERT: 164", request(url, "INSERT INTO tv.t VALUES (9, 'x')", viewer),
            500, 164, "viewer: Cannot execute query in readonly mode")
    refused("readonly=1 table function: 164", request(url, "SELECT * FROM file('/etc/hostname', 'LineAsString')", viewer),
            500, 164, "viewer: Cannot execute query in readonly mode")
    refused("two statements: 62", request(url, "SELECT 1; SELECT 2", viewer),
            400, 62, "Multi-statements are not allowed")
    refused("an unknown table: 60, 404, the exception code header and the message",
            request(url, "SELECT * FROM tv.nope", viewer), 404, 60, "tv.nope")
    st, h, body = request(url, "SELECT count() FROM tv.t", viewer)
    check("after the errors, answers are clean (no output left over)", st == 200 and body == "4\n", body)

    # CORS as a server with a preflight handler.
    st, h, body = request(url, None, [], {"Origin": "http://app.test", "Access-Control-Request-Method": "POST",
                                          "Access-Control-Request-Headers": "authorization"}, method="OPTIONS")
    check("OPTIONS preflight: 204 with the CORS headers",
          st == 204 and h.get("Access-Control-Allow-Origin") == "*"
          and "POST" in h.get("Access-Control-Allow-Methods", "") and "GET" in h.get("Access-Control-Allow-Methods", "")
          and "Authorization" in h.get("Access-Control-Allow-Headers", ""), "%s %s" % (st, dict(h)))
    st, h, body = request(url, "SELECT 1", viewer, {"Origin": "http://app.test"})
    check("an answer to a page carries Access-Control-Allow-Origin: *",
          st == 200 and h.get("Access-Control-Allow-Origin") == "*", str(dict(h)))
    st, h, body = request(url, "SELECT 1", [("user", "viewer"), ("password", "bad")], {"Origin": "http://app.test"})
    check("so does a refused login (the preflight handler's headers go on every answer)",
          st == 403 and h.get("Access-Control-Allow-Origin") == "*", str(dict(h)))


# --- the app's first queries -------------------------------------------------------------

SAMPLE_COLUMNS = "`id`, `createdAt`, `category`, `type`, `appId`, `appName`, `userEmail`, `userName`, `ip`, `userAgent`, `data`"
T = "`trailview`.`audit`"
STATS_FACETS = ("SELECT substring(kv, 1, 1) AS t, sum(n), toUInt32(min(lo)), toUInt32(max(hi)), sum(u), count(), "
                "arraySlice(arraySort(x -> (-x.2, x.1), groupArray((substring(kv, 2), n))), 1, if(t = 'Y', 1000000, 10)) "
                "FROM (SELECT kv, count() AS n, min(`createdAt`) AS lo, max(`createdAt`) AS hi, 0 AS u FROM " + T +
                " ARRAY JOIN [concat('a', toString(`type`)), ifNull(concat('c', toString(`appName`)), 'd'), "
                "concat('Y', toString(intDiv(toUInt32(`createdAt`), 900) * 900))] AS kv WHERE lowerUTF8(`type`) = {p0:String} "
                "GROUP BY kv) GROUP BY t ORDER BY t FORMAT JSONCompact")
APP_QUERIES = [
    # (what, SQL, its param_ values, the slot it runs in: None for the connect queries, which
    # go with nothing but their SQL; "" for a query of its own)
    ("connect: version", "SELECT version() FORMAT JSONCompact", [], None),
    ("connect: settings", "SELECT * FROM system.settings WHERE name IN ('readonly', 'replace_running_query', "
                          "'output_format_json_quote_64bit_integers') FORMAT JSONCompact", [], None),
    ("connect: describe", "DESCRIBE TABLE " + T + " FORMAT JSONCompact", [], ""),
    ("connect: sample", "SELECT " + SAMPLE_COLUMNS + " FROM " + T + " LIMIT 1000 FORMAT JSONCompact", [], ""),
    ("view: page", "SELECT `raw`, toUInt32(`createdAt`) AS `__k0`, `id` AS `__k1` FROM " + T + " WHERE `createdAt` >= "
                   "(SELECT min(`createdAt`) FROM (SELECT `createdAt` FROM " + T + " ORDER BY `createdAt` DESC LIMIT 101)) "
                   "ORDER BY `createdAt` DESC, `id` DESC LIMIT 101 FORMAT JSONCompact", [], "1-page"),
    ("view: stats", STATS_FACETS, [("param_p0", "user.login")], "1-stats"),
    ("view: search", "SELECT `raw`, toUInt32(`createdAt`) AS `__k0`, `id` AS `__k1` FROM " + T + " WHERE (`raw` ILIKE "
                     "{p0:String}) ORDER BY `createdAt` DESC, `id` DESC LIMIT 101 FORMAT JSONCompact",
     [("param_p0", "%lamarr%")], "1-page"),
    ("view: summary", "SELECT count(), toUInt32(min(`createdAt`)), toUInt32(max(`createdAt`)), 0 FROM " + T +
                      " WHERE (`raw` ILIKE {p0:String}) FORMAT JSONCompact", [("param_p0", "%webhook%")], "1-stats"),
    ("live: news", "SELECT count(), 0 FROM " + T + " FORMAT JSONCompact", [], ""),
]


def settings_of(a):
    """What src/core/engine/clickhouse/settings.rs reads from the system.settings answer:
    the parameters of every later query, and those a slot's query adds."""
    cols = [m["name"] for m in a["meta"]]
    rows = {}
    for r in a["data"]:
        fixed = "readonly" in cols and str(r[cols.index("readonly")]) != "0"
        rows[r[cols.index("name")]] = (str(r[cols.index("value")]), not fixed)
    may = rows.get("readonly", ("", False))[0].strip() in ("0", "2")
    change = lambda name, want: [(name, want)] if name in rows and rows[name][0] != want and rows[name][1] and may else []
    base = [("wait_end_of_query", "1")] + change("output_format_json_quote_64bit_integers", "1")
    replace = change("replace_running_query", "1")
    replaces = rows.get("replace_running_query", ("",))[0] == "1" or bool(replace)
    return base, (replace if replaces else None)


def app_smoke(url, password):
    for user in ["viewer", "trailview"]:
        auth = [("user", user), ("password", password)]
        base, replace = [], None
        for what, sql, params, slot in APP_QUERIES:
            extra = []
            if slot is not None:
                extra = list(base)
                if slot and replace is not None:
                    extra += [("query_id", slot)] + replace
            st, h, body = request(url, sql, auth + extra + params)
            try:
                a = json.loads(body) if st == 200 else None
                ok = a is not None and "meta" in a and "data" in a
            except ValueError:
                a, ok = None, False
            detail = "HTTP %s, X-ClickHouse-Exception-Code %s: %s" % (st, h.get("X-ClickHouse-Exception-Code"),
                                                                      body.strip()[:400])
            check("%s as %s (%s)" % (what, user, "&".join("%s=%s" % kv for kv in extra) or "no settings"), ok, detail)
            if ok and what == "connect: settings":
                base, replace = settings_of(a)
                cols = [m["name"] for m in a["meta"]]
                print("     %s: %s" % (user, [(r[0], r[1], r[cols.index("readonly")] if "readonly" in cols else None)
                                          for r in a["data"]]))
            if ok and what == "connect: version":
                print("     version %s" % a["data"][0][0])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--python", default=os.path.join(VENV, "bin", "python"), help="a Python with chdb-core")
    ap.add_argument("--app", metavar="URL", help="run the app's first queries against this running front")
    ap.add_argument("--password", default="trailview")
    a = ap.parse_args()
    if a.app:
        app_smoke(a.app.rstrip("/") + "/", a.password)
    else:
        if not os.path.exists(a.python):
            sys.exit("no %s: run scripts/chdb.sh start once (it installs chdb-core), or give --python" % a.python)
        self_check(a.python)
    print("%d passed, %d failed" % (len(PASSED), len(FAILED)))
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
