//! The breakdown on ClickHouse: on a generated log, the stand-in server's answers
//! to the grouping's queries give exactly memory's breakdown, for one and two
//! fields, app-scoped and filtered views; hostile values among the top groups
//! stay one escaped literal each in the other row's query; and what cannot be
//! grouped (masked, raw, unknown) is not asked.

use super::*;
use crate::core::engine::clickhouse::differ_sql_tests::engines;
use crate::core::engine::clickhouse::fake::Table;
use crate::core::engine::clickhouse::sql::tests::{HOSTILE, Token, lex};
use crate::core::engine::memory::breakdown::breakdown;
use crate::core::query::filter;
use crate::core::time::{EpochMs, Zone, format_iso};
use crate::core::trust::redact::Redaction;
use serde_json::json;

/// 2026-01-01T00:00:00Z.
const T0: EpochMs = 1_767_225_600_000;

/// `n` entries of the stand-in's columns: 40 actors on 64 addresses (more pairs
/// than the top groups), every 5th entry a hostile actor on one address (pairs
/// among the top ones), some outcomes null.
fn log(n: usize) -> Vec<Value> {
    let actions = ["user.login", "record.update", "record.read", "app.open"];
    let apps = ["Billing", "HR", "Fleet", "Studio"];
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..n)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let pick = |k: u32, m: u64| ((x >> k) % m) as usize;
            let (who, ip) = match i % 5 {
                0 => (
                    HOSTILE[i / 5 % HOSTILE.len()].to_string(),
                    "10.9.9.9".to_string(),
                ),
                _ => (
                    format!("user{}@acme.test", pick(3, 40)),
                    format!("10.0.{}.{}", pick(11, 4), pick(17, 16)),
                ),
            };
            json!({
                "id": i,
                "createdAt": format_iso(T0 + i as EpochMs * 37_000, Zone::Utc),
                "userEmail": who,
                "type": actions[pick(23, 4)],
                "outcome": match pick(29, 7) {
                    0 => Value::Null,
                    1 => json!("failure"),
                    _ => json!("success"),
                },
                "ip": ip,
                "appName": apps[pick(37, 4)],
                "message": format!("event {i}"),
            })
        })
        .collect()
}

/// The grouping's queries answered in turn, and its breakdown.
fn on_server(g: &Grouping, t: &mut Table) -> (Breakdown, Option<Query>) {
    let top = t.answer_query(&g.queries()[0]);
    let rest = g.follow_up(&top);
    let mut answers = vec![Ok(top)];
    answers.extend(rest.iter().map(|q| Ok(t.answer_query(q))));
    (g.digest(answers).unwrap(), rest)
}

fn paths(p: &[&str]) -> Vec<String> {
    p.iter().map(|s| s.to_string()).collect()
}

#[test]
fn the_server_groups_what_memory_groups() {
    let entries = log(1200);
    let views = [
        FilterSpec::default(),
        FilterSpec {
            scope: Some("billing".into()),
            ..Default::default()
        },
        FilterSpec {
            filters: vec![("type".into(), "=user.login".into())],
            ..Default::default()
        },
        FilterSpec {
            search: "-type:record.read".into(),
            ..Default::default()
        },
    ];
    let bys = [
        paths(&["userEmail"]),
        paths(&["outcome"]),
        paths(&["userEmail", "ip"]),
        paths(&["type", "outcome"]),
        paths(&["ip"]),
    ];
    let mut cut = 0;
    for version in ["18.16.1", "23.8.2.7"] {
        let (p, mut t, ds) = engines(version, &entries);
        for (n, spec) in views.iter().enumerate() {
            let rows = filter(&ds, spec);
            for by in &bys {
                for of in [None, Some("userEmail"), Some("outcome")] {
                    if version != "18.16.1" && n > 1 {
                        continue;
                    }
                    let g = Grouping::new(p.clone(), &Settings::default(), spec, by, of).unwrap();
                    let (got, rest) = on_server(&g, &mut t);
                    let want = breakdown(&ds, &rows, by, of).unwrap();
                    assert_eq!(got, want, "{version} {spec:?} {by:?} {of:?}");
                    assert_eq!(rest.is_some(), want.other.is_some());
                    cut += usize::from(want.other.is_some());
                }
            }
        }
    }
    assert!(cut > 0, "some breakdowns have an other row");
}

#[test]
fn hostile_values_in_the_top_groups_stay_one_literal_each() {
    let entries = log(1200);
    let (p, mut t, ds) = engines("18.16.1", &entries);
    let by = paths(&["userEmail", "ip"]);
    let spec = FilterSpec::default();
    let g = Grouping::new(p, &Settings::default(), &spec, &by, Some("outcome")).unwrap();
    let top = t.answer_query(&g.queries()[0]);
    let rest = g.follow_up(&top).expect("more pairs than the top groups");
    assert!(rest.params.is_empty(), "18.16 takes no parameters");
    // The keys' tags, then each top group's two keys exactly as the server wrote them.
    let keys: Vec<Token> = top.data[..TOP]
        .iter()
        .flat_map(|r| g.keys(r))
        .map(Token::Str)
        .collect();
    let strings: Vec<Token> = lex(&rest.sql.text)
        .into_iter()
        .filter(|t| matches!(t, Token::Str(_)))
        .collect();
    assert_eq!(
        strings[..2],
        [Token::Str("a".into()), Token::Str("a".into())]
    );
    assert_eq!(strings[2..], keys[..]);
    // The hostile actors are among the top groups, and the other row is still right.
    let (got, _) = on_server(&g, &mut t);
    let shown: Vec<&str> = got
        .groups
        .iter()
        .filter_map(|g| g.values[0].as_deref())
        .collect();
    for h in ["'", "\\", "a' OR '1'='1", "'; DROP TABLE audit; --"] {
        assert!(shown.contains(&h), "{h:?}");
    }
    let want = breakdown(&ds, &filter(&ds, &spec), &by, Some("outcome")).unwrap();
    assert!(want.other.is_some());
    assert_eq!(got, want);
}

#[test]
fn the_sql_is_what_clickhouse_18_16_reads() {
    let (p, _, _) = engines("18.16.1", &log(10));
    let spec = FilterSpec {
        filters: vec![("type".into(), "=user.login".into())],
        ..Default::default()
    };
    let g = Grouping::new(
        p,
        &Settings::default(),
        &spec,
        &paths(&["outcome"]),
        Some("userEmail"),
    )
    .unwrap();
    assert_eq!(g.queries()[0].purpose, Purpose::Group);
    assert_eq!(
        g.queries()[0].sql.text,
        "SELECT ifNull(concat('a', `outcome`), 'b') AS `breakdown_0`, count(), \
         uniqExact(`userEmail`), toUInt32(min(`createdAt`)), toUInt32(max(`createdAt`)) \
         FROM `t` WHERE lowerUTF8(`type`) = 'user.login' GROUP BY `breakdown_0` \
         ORDER BY count() DESC, `breakdown_0` LIMIT 101 FORMAT JSONCompact"
    );
    assert_eq!(
        g.rest_sql(&[vec!["ax".into()], vec!["b".into()]]).text,
        "SELECT count(), uniqExact(`userEmail`), toUInt32(min(`createdAt`)), \
         toUInt32(max(`createdAt`)) FROM `t` WHERE lowerUTF8(`type`) = 'user.login' \
         AND (ifNull(concat('a', `outcome`), 'b')) NOT IN (('ax'), ('b')) FORMAT JSONCompact"
    );
    // A top query's answer of no more groups than shown: no rest query.
    let few = Compact::parse(br#"{"meta":[],"data":[["ax","3","1","0","0"]]}"#).unwrap();
    assert_eq!(g.follow_up(&few), None);
}

#[test]
fn masked_raw_and_unknown_columns_are_not_grouped() {
    let (p, mut t, _) = engines("18.16.1", &log(10));
    let s = Settings::default();
    let spec = FilterSpec::default();
    let g = |p: &Planner, by: &[&str], of: Option<&str>| {
        Grouping::new(p.clone(), &s, &spec, &paths(by), of)
    };
    assert!(g(&p, &["userEmail"], Some("ip")).is_some());
    assert!(g(&p, &["nope"], None).is_none());
    assert!(g(&p, &["userEmail"], Some("nope")).is_none());
    assert!(g(&p, &[], None).is_none());
    assert!(g(&p, &["type", "ip", "outcome"], None).is_none());
    let masked = p.masked(&Redaction::parse("userEmail"));
    assert!(g(&masked, &["userEmail"], None).is_none());
    assert!(g(&masked, &["type"], Some("userEmail")).is_none());
    // Answers without rows: an empty breakdown, no panic.
    let b = g(&masked, &["type"], None).unwrap();
    assert_eq!(b.digest(Vec::new()).unwrap().entries, 0);
    let (got, _) = on_server(&b, &mut t);
    assert_eq!(got.entries, 10);
}
