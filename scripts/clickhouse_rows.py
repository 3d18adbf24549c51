#!/usr/bin/env python3
"""The generator's NDJSON (gen_audit_log.py --format ndjson) on stdin, as JSONEachRow rows
for trailview.audit_local on stdout (scripts/clickhouse.sh pipes it into the servers).

  python3 scripts/clickhouse_rows.py [--shard K --of M] < audit.ndjson

Each output row carries:
  id, category, type, appId, appName, userEmail, userName, ip, userAgent  as in the entry;
  createdAt  'YYYY-MM-DD hh:mm:ss' in UTC (the milliseconds dropped, from this column only);
  data       the entry's `data` as compact JSON text (separators ',' ':', non-ASCII kept);
  raw        the whole input line, byte for byte, without its newline.

--shard K --of M keeps only the rows with id % M == K - 1 (K counts from 1), so each
shard of the cluster loads its own part straight into its audit_local. That matches the
Distributed table's sharding key `id` with equal weights: shard K gets id % M == K - 1.

Streams: one line in, one row out, written in batches. Blank lines are skipped; a line
that is not a JSON object stops the run with its line number (exit 1).
"""
import argparse
import json
import sys
from datetime import datetime, timezone

STRING_FIELDS = ("category", "type", "userEmail", "userName", "ip", "userAgent")


def compact(value, _enc=json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))):
    return _enc.encode(value)


def utc_seconds(text):
    """'2026-08-14T16:45:48.825Z' -> '2026-08-14 16:45:48' (UTC, milliseconds dropped)."""
    if len(text) >= 20 and text[10] == "T" and text[-1] == "Z" and text[19] in ".Z":
        return text[:10] + " " + text[11:19]  # the generator's form: already UTC
    t = datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    if t.tzinfo is not None:
        t = t.astimezone(timezone.utc)
    return t.strftime("%Y-%m-%d %H:%M:%S")


def text_of(value):
    """A String column's value: strings as they are, null/absent as '', anything else as JSON."""
    if isinstance(value, str):
        return value
    return "" if value is None else compact(value)


def leading_id(line):
    """The id of a line that starts like the generator's ('{"id":123,'), else None."""
    if line.startswith(b'{"id":'):
        end = line.find(b",", 6)
        if end > 6:
            digits = line[6:end]
            if digits.isdigit():
                return int(digits)
    return None


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shard", type=int, default=1, help="keep the rows with id %% OF == SHARD-1 (from 1)")
    ap.add_argument("--of", type=int, default=1, help="number of shards (1: keep every row)")
    ap.add_argument("--batch", type=int, default=2000, help="rows per write")
    a = ap.parse_args(argv)
    if a.of < 1 or not 1 <= a.shard <= a.of:
        ap.error("--shard must be in 1..--of")
    of, want = a.of, a.shard - 1

    src, out = sys.stdin.buffer, sys.stdout.buffer
    loads, encode = json.loads, json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    batch, kept, lineno = [], 0, 0
    for line in src:
        lineno += 1
        if line.endswith(b"\n"):
            line = line[:-1]
        if of > 1:
            quick = leading_id(line)
            if quick is not None and quick % of != want:
                continue  # another shard's row: skipped without parsing it
        if not line.strip():
            continue
        try:
            raw = line.decode("utf-8")
            e = loads(raw)
            if not isinstance(e, dict):
                raise ValueError("not a JSON object")
            ident = e["id"]
            if of > 1 and ident % of != want:
                continue
            app_id = e.get("appId")
            app_name = e.get("appName")
            row = {
                "id": ident,
                "createdAt": utc_seconds(e["createdAt"]),
                "category": e.get("category"),
                "type": e.get("type"),
                "appId": app_id,
                "appName": app_name if app_name is None or isinstance(app_name, str) else compact(app_name),
                "userEmail": e.get("userEmail"),
                "userName": e.get("userName"),
                "ip": e.get("ip"),
                "userAgent": e.get("userAgent"),
                "data": encode(e["data"]) if "data" in e else "{}",
                "raw": raw,
            }
            for k in STRING_FIELDS:
                if type(row[k]) is not str:
                    row[k] = text_of(row[k])
        except (ValueError, KeyError, TypeError) as err:
            print(f"clickhouse_rows.py: line {lineno}: {type(err).__name__}: {err}", file=sys.stderr)
            return 1
        batch.append(encode(row))
        kept += 1
        if len(batch) >= a.batch:
            batch.append("")
            out.write("\n".join(batch).encode("utf-8"))
            batch = []
    if batch:
        batch.append("")
        out.write("\n".join(batch).encode("utf-8"))
    out.flush()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        sys.exit(1)
