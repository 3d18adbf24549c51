#!/usr/bin/env python3
"""The app's search on a current ClickHouse (a running `make clickhouse-current`), with and
without the text index on raw: test infrastructure, timings for docs/clickhouse.md.

  python3 scripts/chdb_search_bench.py [--url http://127.0.0.1:8143/] [--samples 5]

Sends, as user `default` over HTTP (the front's own time is in each figure, a millisecond or
two), the SQL the app sends for a search (`raw ILIKE {p0:String}`: the newest page of 100,
and the count with the span) for words that are common, rare and absent, each with the
index (`use_query_condition_cache=0`, so that no answer comes from an earlier one) and
without it (`use_skip_indexes=0` too); then the count of a rare token with
`hasAllTokens`, which the index answers alone, and the facets of the last 7 days. Prints
the median of --samples runs in ms and the rows found.
"""
import argparse
import json
import statistics
import time
import urllib.parse
import urllib.request

T = "`trailview`.`audit`"
PAGE = ("SELECT `raw`, toUInt32(`createdAt`) AS `__k0`, `id` AS `__k1` FROM " + T + " WHERE (`raw` ILIKE {p0:String}) "
        "ORDER BY `createdAt` DESC, `id` DESC LIMIT 101 FORMAT JSONCompact")
COUNT = ("SELECT count(), toUInt32(min(`createdAt`)), toUInt32(max(`createdAt`)), 0 FROM " + T +
         " WHERE (`raw` ILIKE {p0:String}) FORMAT JSONCompact")
TOKENS = "SELECT count() FROM " + T + " WHERE hasAllTokens(`raw`, [{p0:String}]) FORMAT JSONCompact"
FACETS_7D = ("SELECT `type`, count() AS n FROM " + T + " WHERE `createdAt` >= (SELECT max(`createdAt`) FROM " + T +
             ") - INTERVAL 7 DAY GROUP BY `type` ORDER BY n DESC LIMIT 10 FORMAT JSONCompact")


def run(url, sql, params, settings):
    q = urllib.parse.urlencode([("user", "default")] + settings + params)
    t = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(url + "?" + q, data=sql.encode()), timeout=300) as r:
        body = r.read()
    return (time.perf_counter() - t) * 1000, json.loads(body)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default="http://127.0.0.1:8143/")
    ap.add_argument("--samples", type=int, default=5)
    a = ap.parse_args()
    with_index = [("use_query_condition_cache", "0")]
    without = with_index + [("use_skip_indexes", "0")]
    _, total = run(a.url, "SELECT count() FROM " + T + " FORMAT JSONCompact", [], [])
    _, ver = run(a.url, "SELECT version() FORMAT JSONCompact", [], [])
    print("ClickHouse %s, %s rows in trailview.audit; median of %d, ms"
          % (ver["data"][0][0], total["data"][0][0], a.samples))
    cases = [
        ("search page, common word 'lamarr'", PAGE, "%lamarr%"),
        ("search count, common word 'lamarr'", COUNT, "%lamarr%"),
        ("search page, rare word 'lamarr183'", PAGE, "%lamarr183%"),
        ("search count, rare word 'lamarr183'", COUNT, "%lamarr183%"),
        ("search count, absent word 'zzqqy'", COUNT, "%zzqqy%"),
        ("search count, not letters/digits 'lamarr183@'", COUNT, "%lamarr183@%"),
        ("hasAllTokens(raw, ['lamarr183'])", TOKENS, "lamarr183"),
        ("facets of the last 7 days", FACETS_7D, None),
    ]
    for name, sql, value in cases:
        params = [("param_p0", value)] if value is not None else []
        line = []
        for label, settings in [("text index", with_index), ("no index", without)]:
            times, found = [], None
            for _ in range(a.samples):
                ms, ans = run(a.url, sql, params, settings)
                times.append(ms)
                found = ans["rows"] if sql in (PAGE, FACETS_7D) else ans["data"][0][0]
            line.append("%s %6.0f" % (label, statistics.median(times)))
        print("%-46s %s  (%s rows)" % (name, " | ".join(line), found))


if __name__ == "__main__":
    main()
