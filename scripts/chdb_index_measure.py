#!/usr/bin/env python3
"""Which skip index on raw serves the app's search on a current ClickHouse: test
infrastructure, run in process with chdb-core (the venv scripts/chdb.sh installs).

  ~/.cache/trailview/chdb-venv/bin/python scripts/chdb_index_measure.py --rows 2000000 [--dir DIR]

Generates N entries (../shared/data/gen_audit_log.py through scripts/clickhouse_rows.py),
loads them into one MergeTree table shaped as chdb.sh's trailview.audit with three skip
indexes on raw (a `text` index with preprocessor lower(raw), `ngrambf_v1(3, 65536, 3, 0)`,
`tokenbf_v1(32768, 3, 0)`), then times each query with one index at a time and with none
(ignore_data_skipping_indices / use_skip_indexes=0; use_query_condition_cache=0), the
median of 5 runs in ms, with the count found (the same under every index, or the index
answers wrongly). DIR (a temporary directory unless given) is emptied first.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from chdb import _chdb

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "..", "..", "shared", "data", "gen_audit_log.py")
STRUCTURE = ("id UInt64, createdAt DateTime, category String, type String, appId Nullable(UInt64), "
             "appName Nullable(String), userEmail String, userName String, ip String, userAgent String, "
             "data String, raw String")
VARIANTS = {
    "none": "use_skip_indexes = 0, use_query_condition_cache = 0",
    "text": "ignore_data_skipping_indices = 'raw_ngram,raw_token', use_query_condition_cache = 0",
    "ngram": "ignore_data_skipping_indices = 'raw_text,raw_token', use_query_condition_cache = 0",
    "token": "ignore_data_skipping_indices = 'raw_text,raw_ngram', use_query_condition_cache = 0",
}
QUERIES = {
    "ILIKE '%lamarr%' (common)": "SELECT count() FROM tv.audit WHERE raw ILIKE '%lamarr%'",
    "ILIKE '%chloé.lamarr183%' (not a/0)": "SELECT count() FROM tv.audit WHERE raw ILIKE '%chloé.lamarr183%'",
    "ILIKE '%lamarr183%' (rare)": "SELECT count() FROM tv.audit WHERE raw ILIKE '%lamarr183%'",
    "ILIKE '%zzqqy%' (absent)": "SELECT count() FROM tv.audit WHERE raw ILIKE '%zzqqy%'",
    "ILIKE '%webhook%', newest 100": "SELECT id FROM tv.audit WHERE raw ILIKE '%webhook%' "
                                     "ORDER BY createdAt DESC, id DESC LIMIT 100 FORMAT Null",
    "LIKE '%Lamarr%'": "SELECT count() FROM tv.audit WHERE raw LIKE '%Lamarr%'",
    "LIKE '%lamarr183%'": "SELECT count() FROM tv.audit WHERE raw LIKE '%lamarr183%'",
    "hasToken(raw, 'lamarr183')": "SELECT count() FROM tv.audit WHERE hasToken(raw, 'lamarr183')",
    "hasAllTokens(raw, ['lamarr183'])": "SELECT count() FROM tv.audit WHERE hasAllTokens(raw, ['lamarr183'])",
}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=200000)
    ap.add_argument("--dir")
    a = ap.parse_args()
    work = a.dir or tempfile.mkdtemp(prefix="chdb-index-")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    rows = os.path.join(work, "rows.jsonl")
    gen = subprocess.Popen([sys.executable, GEN, "--count", str(a.rows), "--format", "ndjson"], stdout=subprocess.PIPE)
    with open(rows, "wb") as out:
        subprocess.run([sys.executable, os.path.join(HERE, "clickhouse_rows.py")], stdin=gen.stdout, stdout=out,
                       check=True)
    gen.wait()
    c = _chdb.connect(os.path.join(work, "data"))
    q = lambda sql: c.query(sql, "TabSeparated").bytes().decode().strip()
    q("CREATE DATABASE tv")
    q("CREATE TABLE tv.audit (" + STRUCTURE + ",\n"
      " INDEX raw_text raw TYPE text(tokenizer = splitByNonAlpha, preprocessor = lower(raw)),\n"
      " INDEX raw_ngram raw TYPE ngrambf_v1(3, 65536, 3, 0) GRANULARITY 1,\n"
      " INDEX raw_token raw TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 1\n"
      ") ENGINE = MergeTree PARTITION BY toYYYYMM(createdAt) ORDER BY (createdAt, id)")
    t = time.time()
    q("INSERT INTO tv.audit SELECT * FROM file('%s', 'JSONEachRow', '%s') "
      "SETTINGS max_insert_block_size = 200000, min_insert_block_size_rows = 200000" % (rows, STRUCTURE))
    print("ClickHouse %s: %s rows loaded with the three indexes in %.1f s; load average %s"
          % (q("SELECT version()"), q("SELECT count() FROM tv.audit"), time.time() - t, os.getloadavg()[0]))
    os.remove(rows)
    print("sizes (compressed): raw column %s; " % q("SELECT formatReadableSize(sum(data_compressed_bytes)) FROM "
                                                  "system.columns WHERE table = 'audit' AND name = 'raw'")
          + ", ".join(q("SELECT arrayStringConcat(groupArray(name || ' ' || formatReadableSize(data_compressed_bytes)), "
                        "', ') FROM system.data_skipping_indices WHERE table = 'audit'").split("\t")))
    print("median of 5, ms [count]")
    for name, sql in QUERIES.items():
        cells = []
        for v, s in VARIANTS.items():
            times, res = [], ""
            for _ in range(5):
                t = time.time()
                res = q(sql + " SETTINGS " + s)
                times.append((time.time() - t) * 1000)
            cells.append("%s %5.0f%s" % (v, statistics.median(times), " [%s]" % res if res else ""))
        print("%-38s %s" % (name, " | ".join(cells)))
    c.close()
    if not a.dir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
