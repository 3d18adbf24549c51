//! The breakdown in memory against a row-by-row count on a generated log with
//! arrays, nulls and missing fields: one and two fields, with and without a
//! distinct field, the top cut and the other row, an empty view, unknown paths.

use super::*;
use crate::core::store::dict::Kind;
use crate::core::store::{Cell, Row};
use std::collections::{BTreeMap, BTreeSet};

/// A log of `n` entries: `id`, `type` (some null, some missing), `to` (arrays with
/// repeats and nulls, some empty), `code` (hundreds of values, a number and a
/// string of the same text), `actor`, and a time on all but a few.
pub(crate) fn log(n: usize) -> Dataset {
    let mut s = String::new();
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    for i in 0..n {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let pick = |k: u64, m: u64| (x >> k) % m;
        let mut fields = vec![format!(r#""id":{i}"#)];
        if i % 11 != 0 {
            fields.push(format!(r#""t":"2026-01-01T00:00:{:02}Z""#, i % 60));
        }
        match pick(3, 9) {
            0 => fields.push(r#""type":null"#.into()),
            1 => {}
            k => fields.push(format!(r#""type":"ty{}""#, k % 4)),
        }
        let to: Vec<String> = (0..pick(9, 4))
            .map(|j| match pick(13 + j * 3, 7) {
                0 => "null".into(),
                k => format!(r#""u{}""#, k % 5),
            })
            .collect();
        if pick(21, 5) != 0 {
            fields.push(format!(r#""to":[{}]"#, to.join(",")));
        }
        let code = pick(25, 300) * pick(35, 300) / 300;
        fields.push(match code % 7 {
            0 => format!(r#""code":{code}"#),
            _ => format!(r#""code":"{code}""#),
        });
        if pick(45, 6) != 0 {
            fields.push(format!(r#""actor":"a{}""#, pick(48, 23)));
        }
        s.push_str(&format!("{{{}}}\n", fields.join(",")));
    }
    let mut ds = Dataset::from_bytes(s.into_bytes()).unwrap().0;
    ds.set_mapping(&crate::core::roles::Mapping::parse("time:t"));
    ds
}

/// The values of `path` in `row` as text: none when missing or null.
fn texts(ds: &Dataset, row: Row, path: &str) -> BTreeSet<String> {
    let Some(node) = ds.column(path) else {
        return BTreeSet::new();
    };
    match ds.store().cell(row, node) {
        Cell::Value(k, s) if k != Kind::Null => [s.to_string()].into(),
        Cell::List(v) => v
            .into_iter()
            .filter(|(k, _)| *k != Kind::Null)
            .map(|(_, s)| s.to_string())
            .collect(),
        _ => BTreeSet::new(),
    }
}

/// A group as the reference counts it.
#[derive(Default)]
struct Tally {
    count: usize,
    distinct: BTreeSet<String>,
    times: Vec<EpochMs>,
}

/// The breakdown counted row by row, entry by entry.
fn reference(ds: &Dataset, rows: &RowSet, by: &[String], of: Option<&str>) -> Breakdown {
    let mut tallies: BTreeMap<Vec<Option<String>>, Tally> = BTreeMap::new();
    for r in rows.iter() {
        let mut keys: Vec<Vec<Option<String>>> = vec![Vec::new()];
        for path in by {
            let vs: Vec<Option<String>> = match texts(ds, r, path) {
                v if v.is_empty() => vec![None],
                v => v.into_iter().map(Some).collect(),
            };
            keys = keys
                .into_iter()
                .flat_map(|k| {
                    vs.iter().map(move |v| {
                        let mut k = k.clone();
                        k.push(v.clone());
                        k
                    })
                })
                .collect();
        }
        for k in keys {
            let t = tallies.entry(k).or_default();
            t.count += 1;
            t.distinct
                .extend(of.map(|p| texts(ds, r, p)).unwrap_or_default());
            t.times.extend(ds.time(r));
        }
    }
    let mut all: Vec<(Vec<Option<String>>, Tally)> = tallies.into_iter().collect();
    let key = |v: &[Option<String>]| -> Vec<(bool, String)> {
        v.iter()
            .map(|x| (x.is_none(), x.clone().unwrap_or_default()))
            .collect()
    };
    all.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(key(&a.0).cmp(&key(&b.0))));
    let group = |values, t: &Tally| Group {
        values,
        count: t.count,
        distinct: t.distinct.len(),
        first: t.times.iter().min().copied(),
        last: t.times.iter().max().copied(),
    };
    let rest = all.split_off(all.len().min(TOP));
    let other = (!rest.is_empty()).then(|| {
        let mut sum = Tally::default();
        for (_, t) in &rest {
            sum.count += t.count;
            sum.distinct.extend(t.distinct.iter().cloned());
            sum.times.extend(&t.times);
        }
        group(Vec::new(), &sum)
    });
    Breakdown {
        by: by.to_vec(),
        distinct_of: of.map(String::from),
        entries: rows.count(),
        groups: all.iter().map(|(v, t)| group(v.clone(), t)).collect(),
        other,
    }
}

fn paths(p: &[&str]) -> Vec<String> {
    p.iter().map(|s| s.to_string()).collect()
}

#[test]
fn groups_count_as_a_row_by_row_count_does() {
    let ds = log(3000);
    let n = ds.len();
    let views = [
        RowSet::full(n),
        RowSet::from_rows(n, (0..n as u32).filter(|r| r % 3 == 0)),
        RowSet::from_rows(n, 700..1900),
    ];
    let bys = [
        paths(&["type"]),
        paths(&["to[]"]),
        paths(&["code"]),
        paths(&["type", "to[]"]),
        paths(&["to[]", "code"]),
        paths(&["to[]", "to[]"]),
        paths(&["id", "type"]),
    ];
    let mut cut = 0;
    for rows in &views {
        for by in &bys {
            for of in [None, Some("actor"), Some("to[]")] {
                let got = breakdown(&ds, rows, by, of).unwrap();
                assert_eq!(got, reference(&ds, rows, by, of), "{by:?} {of:?}");
                assert!(got.groups.len() <= TOP);
                cut += usize::from(got.other.is_some());
            }
        }
    }
    assert!(cut > 0, "some breakdowns have more than the top groups");
    // One field of few values: no other row, a None group, all entries counted.
    let b = breakdown(&ds, &views[0], &paths(&["type"]), None).unwrap();
    assert_eq!(b.other, None);
    assert!(b.groups.iter().any(|g| g.values == [None]));
    assert_eq!(b.groups.iter().map(|g| g.count).sum::<usize>(), b.entries);
    // Many: the top groups, then the rest as one row, counting each entry once.
    let b = breakdown(&ds, &views[0], &paths(&["code"]), Some("actor")).unwrap();
    let other = b.other.unwrap();
    assert_eq!(b.groups.len(), TOP);
    assert_eq!(
        b.groups.iter().map(|g| g.count).sum::<usize>() + other.count,
        b.entries
    );
    assert!(other.values.is_empty() && other.distinct > 0 && other.first.is_some());
}

#[test]
fn an_entry_counts_once_per_value_it_holds_and_null_is_no_value() {
    let text = r#"
        {"t":"2026-01-01T00:00:03Z","to":["a","a","b"],"n":1,"who":"x"}
        {"t":"2026-01-01T00:00:01Z","to":[null],"n":"1","who":"y"}
        {"t":"2026-01-01T00:00:02Z","to":[],"n":null}
        {"n":2,"who":"x"}
    "#;
    let mut ds = Dataset::from_bytes(text.as_bytes().to_vec()).unwrap().0;
    ds.set_mapping(&crate::core::roles::Mapping::parse("time:t"));
    let all = RowSet::full(ds.len());
    let b = breakdown(&ds, &all, &paths(&["to[]"]), Some("who")).unwrap();
    let g = |v: Option<&str>, count, distinct, first: Option<i64>, last: Option<i64>| Group {
        values: vec![v.map(String::from)],
        count,
        distinct,
        first: first.map(|s| 1_767_225_600_000 + s * 1000),
        last: last.map(|s| 1_767_225_600_000 + s * 1000),
    };
    assert_eq!(
        b.groups,
        [
            g(None, 3, 2, Some(1), Some(2)),
            g(Some("a"), 1, 1, Some(3), Some(3)),
            g(Some("b"), 1, 1, Some(3), Some(3)),
        ]
    );
    assert_eq!((b.entries, b.other), (4, None));
    // A number and a string of the same text are one value.
    let b = breakdown(&ds, &all, &paths(&["n", "to[]"]), None).unwrap();
    let values: Vec<(Vec<Option<String>>, usize)> =
        b.groups.into_iter().map(|g| (g.values, g.count)).collect();
    let v = |a: Option<&str>, b: Option<&str>| vec![a.map(String::from), b.map(String::from)];
    assert_eq!(
        values,
        [
            (v(Some("1"), Some("a")), 1),
            (v(Some("1"), Some("b")), 1),
            (v(Some("1"), None), 1),
            (v(Some("2"), None), 1),
            (v(None, None), 1),
        ]
    );
}

#[test]
fn an_empty_view_has_no_groups_and_unknown_paths_none() {
    let ds = log(50);
    let none = RowSet::empty(ds.len());
    let b = breakdown(&ds, &none, &paths(&["type", "code"]), Some("actor")).unwrap();
    assert_eq!(
        b,
        Breakdown {
            by: paths(&["type", "code"]),
            distinct_of: Some("actor".into()),
            ..Breakdown::default()
        }
    );
    let all = RowSet::full(ds.len());
    assert_eq!(breakdown(&ds, &all, &paths(&["nope"]), None), None);
    assert_eq!(breakdown(&ds, &all, &paths(&["type"]), Some("nope")), None);
    assert_eq!(breakdown(&ds, &all, &[], None), None);
    assert_eq!(
        breakdown(&ds, &all, &paths(&["type", "code", "actor"]), None),
        None
    );
}

#[test]
#[ignore = "a timing: run with --release --ignored"]
fn a_million_rows_take_well_under_a_second() {
    let ds = log(1_000_000);
    let all = RowSet::full(ds.len());
    for by in [paths(&["code"]), paths(&["type", "to[]"]), paths(&["id"])] {
        let start = std::time::Instant::now();
        let b = breakdown(&ds, &all, &by, Some("actor")).unwrap();
        let took = start.elapsed();
        eprintln!("{by:?}: {} groups in {took:?}", b.groups.len());
        assert!(took.as_millis() < 800, "{took:?}");
    }
}
