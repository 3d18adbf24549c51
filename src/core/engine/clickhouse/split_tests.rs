//! The split histogram on ClickHouse: on a generated log, the stand-in server's
//! answers to the splitting's queries give exactly memory's split over the same
//! bars, for whole, app-scoped and filtered views; hostile top values stay one
//! escaped literal each; what a breakdown cannot group is not split.

use super::*;
use crate::core::engine::clickhouse::differ_sql_tests::engines;
use crate::core::engine::clickhouse::fake::Table;
use crate::core::engine::clickhouse::sql::tests::HOSTILE;
use crate::core::engine::memory::histogram::histogram;
use crate::core::engine::memory::split::split;
use crate::core::query::filter;
use crate::core::time::format_iso;
use serde_json::{Value, json};

/// The apps entries are in.
const APPS: [&str; 3] = ["Billing", "HR", "Fleet"];

/// 2026-01-01T00:00:00Z.
const T0: EpochMs = 1_767_225_600_000;

/// `n` entries a minute apart: 4 frequent actions and 4 rare ones, every 7th
/// entry a hostile actor, some outcomes null.
fn log(n: usize) -> Vec<Value> {
    let actions = [
        "user.login",
        "user.login",
        "user.login",
        "record.update",
        "record.update",
        "record.read",
        "app.open",
        "app.publish",
        "user.invite",
        "mfa.off",
    ];
    (0..n)
        .map(|i| {
            let who = match i % 7 {
                0 => HOSTILE[i / 7 % HOSTILE.len()].to_string(),
                k => format!("user{k}@acme.test"),
            };
            json!({
                "id": i,
                "createdAt": format_iso(T0 + i as EpochMs * 61_000, Zone::Utc),
                "userEmail": who,
                "type": actions[(i * 7 + i / 13) % actions.len()],
                "outcome": match i % 5 { 0 => Value::Null, 1 => json!("failure"), _ => json!("success") },
                "ip": format!("10.0.0.{}", i % 9),
                "appName": APPS[i % 3],
                "message": format!("event {i}"),
            })
        })
        .collect()
}

fn on_server(s: &Splitting, t: &mut Table) -> Split {
    let top = t.answer_query(&s.queries()[0]);
    let bars = s.follow_up(&top);
    let mut answers = vec![Ok(top)];
    answers.extend(bars.iter().map(|q| Ok(t.answer_query(q))));
    s.digest(answers).unwrap()
}

#[test]
fn the_server_splits_the_bars_as_memory_does() {
    let entries = log(1500);
    let views = [
        FilterSpec::default(),
        FilterSpec {
            scope: Some("billing".into()),
            ..Default::default()
        },
        FilterSpec {
            search: "-type:record.read".into(),
            ..Default::default()
        },
    ];
    for version in ["18.16.1", "23.8.2.7"] {
        let (p, mut t, ds) = engines(version, &entries);
        for spec in &views {
            let rows = filter(&ds, spec);
            let bars = histogram(&ds, &rows, None, None, Zone::Utc).unwrap();
            for path in ["type", "userEmail", "outcome", "appName"] {
                let s = Splitting::new(
                    p.clone(),
                    &Settings::default(),
                    spec,
                    path,
                    &bars,
                    Zone::Utc,
                )
                .unwrap();
                let got = on_server(&s, &mut t);
                let want = split(&ds, &rows, path, &bars).unwrap();
                assert_eq!(got, want, "{version} {spec:?} {path}");
                for (i, b) in bars.buckets.iter().enumerate() {
                    assert_eq!(got.bar_total(i), b.count, "{path}: bar {i}");
                }
            }
        }
    }
}

#[test]
fn an_empty_view_splits_into_empty_bars() {
    let entries = log(200);
    let (p, mut t, ds) = engines("18.16.1", &entries);
    let all = crate::core::query::RowSet::full(ds.len());
    let bars = histogram(&ds, &all, None, None, Zone::Utc).unwrap();
    let spec = FilterSpec {
        search: "type:nothing.like.this".into(),
        ..Default::default()
    };
    let s = Splitting::new(p, &Settings::default(), &spec, "type", &bars, Zone::Utc).unwrap();
    let got = on_server(&s, &mut t);
    assert!(got.series.is_empty());
    assert_eq!(got.other, 0);
    assert_eq!(got.bars.len(), bars.buckets.len());
}

#[test]
fn what_a_breakdown_cannot_group_is_not_split() {
    let entries = log(50);
    let (p, _, ds) = engines("18.16.1", &entries);
    let all = crate::core::query::RowSet::full(ds.len());
    let bars = histogram(&ds, &all, None, None, Zone::Utc).unwrap();
    let spec = FilterSpec::default();
    assert!(Splitting::new(p, &Settings::default(), &spec, "nope", &bars, Zone::Utc).is_none());
}
