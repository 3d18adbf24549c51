//! First seen on ClickHouse: on a generated log with planted first-time events
//! (a known actor's new IP, ties at the first second, rows without an actor or a
//! value), the stand-in server keeps for `first:` exactly the rows memory keeps,
//! and counts the same facet; a masked actor is reported, a missing column
//! matches nothing.

use super::answer::Compact;
use super::fake::{Cell, Table};
use super::first_sql::first_exprs;
use super::lang_sql_tests::server_ids_of;
use super::plan::{Planner, Version};
use super::schema::Schema;
use super::sql::Sql;
use crate::core::dataset::Dataset;
use crate::core::engine::memory::first_seen;
use crate::core::explain::first_seen::Reason;
use crate::core::query::FilterSpec;
use crate::core::query::lang;
use crate::core::roles::Mapping;
use crate::core::testing::Rng;
use crate::core::time::Zone;
use crate::core::trust::redact::Redaction;
use serde_json::{Value, json};

/// 2026-01-01 00:00:00 UTC, in seconds.
const T0: i64 = 1_767_225_600;

const MAP: &str =
    "time:createdAt,id:id,actor:userEmail,action:type,ip:ip,agent:userAgent,app:-,appid:appId";

/// One entry: whole seconds after [`T0`], a maybe missing actor, IP and app.
fn entry(id: u64, secs: i64, user: Option<&str>, ty: &str, ip: Option<&str>, ua: &str) -> Value {
    let app = (!id.is_multiple_of(7)).then_some(100 + id % 3);
    json!({"id": id, "createdAt": crate::core::time::format_iso((T0 + secs) * 1000, Zone::Utc),
        "userEmail": user, "type": ty, "ip": ip, "userAgent": ua, "appId": app})
}

/// The generated log, then the planted events.
fn log() -> Vec<Value> {
    let mut r = Rng(0x51_7cc1_b727_220a);
    let users = ["ada@x.test", "bob@x.test", "cy@x.test", "dee@x.test"];
    let ips = ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"];
    let mut out: Vec<Value> = (1..=240)
        .map(|id| {
            let user = (r.below(15) > 0).then(|| r.pick(&users));
            let ip = (r.below(10) > 0).then(|| r.pick(&ips));
            let ty = r.pick(&["user.login", "user.logout", "file.upload", "email.sent"]);
            let ua = r.pick(&["curl/8", "Firefox/128", "Safari/17"]);
            entry(id, r.below(600) as i64, user, ty, ip, ua)
        })
        .collect();
    // A known actor's new IP, once, then again later; two firsts in one second.
    out.push(entry(
        1001,
        900,
        Some("ada@x.test"),
        "user.login",
        Some("203.0.113.9"),
        "curl/8",
    ));
    out.push(entry(
        1002,
        950,
        Some("ada@x.test"),
        "user.login",
        Some("203.0.113.9"),
        "curl/8",
    ));
    out.push(entry(
        1003,
        960,
        Some("eve@x.test"),
        "user.login",
        Some("10.0.0.1"),
        "Edge/1",
    ));
    out.push(entry(
        1004,
        960,
        Some("eve@x.test"),
        "user.login",
        Some("10.0.0.1"),
        "Edge/1",
    ));
    out
}

/// The table on a server of `version` and the same log in memory.
fn engines(version: &str) -> (Planner, Table, Dataset) {
    let entries = log();
    let text = |v: &Value| v.as_str().map_or(Cell::Null, |s| Cell::Str(s.into()));
    let rows = entries
        .iter()
        .map(|e| {
            let secs =
                crate::core::time::parse_timestamp(e["createdAt"].as_str().unwrap(), Zone::Utc)
                    .unwrap()
                    / 1000;
            vec![
                Cell::Int(e["id"].as_u64().unwrap()),
                Cell::Time(secs),
                text(&e["userEmail"]),
                text(&e["type"]),
                text(&e["ip"]),
                text(&e["userAgent"]),
                e["appId"].as_u64().map_or(Cell::Null, Cell::Int),
                Cell::Str(e.to_string()),
            ]
        })
        .collect();
    let ndjson: String = entries.iter().map(|e| format!("{e}\n")).collect();
    let map = Mapping::parse(MAP);
    let mut ds = Dataset::from_bytes(ndjson.clone().into_bytes()).unwrap().0;
    ds.set_mapping(&map);
    let meta = r#"{"meta":[],"data":[["id","UInt64"],["createdAt","DateTime"],["userEmail","Nullable(String)"],["type","String"],["ip","Nullable(String)"],["userAgent","String"],["appId","Nullable(UInt64)"],["raw","String"]]}"#;
    let mut s = Schema::from_describe(&Compact::parse(meta.as_bytes()).unwrap(), None);
    let mut sample = Dataset::from_bytes(ndjson.into_bytes()).unwrap().0;
    s.detect_roles(&mut sample, &map);
    let table = Table {
        names: [
            "id",
            "createdAt",
            "userEmail",
            "type",
            "ip",
            "userAgent",
            "appId",
            "raw",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        seed: 11,
        shuffle: true,
    };
    (Planner::new("db.t", s, Version::parse(version)), table, ds)
}

fn spec(search: &str) -> FilterSpec {
    FilterSpec {
        search: search.into(),
        zone: Zone::Utc,
        ..Default::default()
    }
}

fn memory_ids(ds: &Dataset, search: &str) -> Vec<String> {
    let q = lang::parse(search, ds).unwrap();
    let mut ids: Vec<String> = lang::eval(ds, &q, Zone::Utc, &Default::default())
        .iter()
        .map(|r| ds.entry_key(r))
        .collect();
    ids.sort();
    ids
}

/// The stand-in server's answer to `q`, its parameters written in.
fn answer(table: &mut Table, q: &Sql) -> Compact {
    let mut text = q.text.clone();
    for (name, v) in &q.params {
        text = text.replace(&format!("{{{name}:String}}"), &super::sql::string(v));
    }
    table.answer(&text)
}

const QUERIES: &[&str] = &[
    "first:action",
    "first:ip",
    "first:agent",
    "first:app",
    "first:*",
    "-first:*",
    "first:a*",
    "first:*P*",
    "first:IP type:user.login",
    "NOT first:ip OR first:app",
    "first:x",
    "first>3",
];

#[test]
fn the_server_keeps_the_rows_memory_keeps_for_first() {
    for version in ["18.16.1", "23.8.2.7"] {
        let (p, mut table, ds) = engines(version);
        let mut between = 0;
        for q in QUERIES {
            let want = memory_ids(&ds, q);
            assert_eq!(
                server_ids_of(&p, &mut table, &spec(q), 10_000),
                want,
                "{q} on {version}"
            );
            between += usize::from(!want.is_empty() && want.len() < ds.len());
        }
        assert!(between >= 9, "most queries tell rows apart: {between}");
        // The planted events: a new IP is first once, both rows of a tie count.
        let ip = memory_ids(&ds, "first:ip");
        assert!(ip.contains(&"1001".to_string()) && !ip.contains(&"1002".to_string()));
        let agent = memory_ids(&ds, "first:agent");
        assert!(agent.contains(&"1003".to_string()) && agent.contains(&"1004".to_string()));
    }
}

#[test]
fn the_server_counts_the_facet_memory_counts() {
    for version in ["18.16.1", "23.8.2.7"] {
        let (p, mut table, ds) = engines(version);
        let exprs = first_exprs(&p).unwrap().expect("every reason has a column");
        let reasons: Vec<Reason> = exprs.iter().map(|(r, _)| *r).collect();
        assert_eq!(reasons, Reason::ALL);
        for search in ["", "type:user.login", "actor:ada*", "first:ip"] {
            let q = lang::parse(search, &ds).unwrap();
            let rows = lang::eval(&ds, &q, Zone::Utc, &Default::default());
            let want = first_seen::facet(&ds, &rows).unwrap();
            let sql = p.first_seen_sql(&spec(search), &exprs);
            let got = Planner::read_first_seen(&answer(&mut table, &sql), &exprs);
            assert_eq!(got, want, "{search:?} on {version}");
            assert!(!want.values.is_empty(), "{search:?}");
        }
    }
}

#[test]
fn the_condition_reads_the_whole_table_and_a_masked_actor_is_reported() {
    let (p, _, _) = engines("18.16.1");
    let mut q = p.sql();
    let skipped = p.push_where(&mut q, &spec("first:ip"));
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(
        q.text,
        " WHERE ((isNotNull(`userEmail`) AND isNotNull(`ip`) AND \
         (assumeNotNull(`userEmail`), assumeNotNull(`ip`), `createdAt`) GLOBAL IN \
         (SELECT assumeNotNull(`userEmail`), assumeNotNull(`ip`), min(`createdAt`) FROM `db`.`t` \
         WHERE isNotNull(`userEmail`) AND isNotNull(`ip`) \
         GROUP BY assumeNotNull(`userEmail`), assumeNotNull(`ip`))))"
    );
    let masked = p.clone().masked(&Redaction::parse("userEmail"));
    let mut q = masked.sql();
    let skipped = masked.push_where(&mut q, &spec("first:ip type:user.login"));
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert_eq!(skipped[0].col, "first:ip");
    assert_eq!(
        skipped[0].reason,
        "not applied: first seen reads the actor, and the values of userEmail are masked"
    );
    assert!(first_exprs(&masked).is_err());
    // A masked reason column refuses too.
    let masked = p.masked(&Redaction::parse("userAgent"));
    let err = first_exprs(&masked).unwrap_err();
    assert_eq!(
        err,
        "not applied: first seen reads the user agent, and the values of userAgent are masked"
    );
}

#[test]
fn a_reason_without_a_column_matches_nothing() {
    // No IP or agent column here, and no actor at all in the second table.
    let meta = |cols: &str| {
        let d = Compact::parse(format!(r#"{{"meta":[],"data":[{cols}]}}"#).as_bytes()).unwrap();
        Schema::from_describe(&d, None)
    };
    let mut s = meta(
        r#"["id","UInt64"],["createdAt","DateTime"],["type","String"],["userEmail","String"]"#,
    );
    let sample = br#"{"id":"1","createdAt":"2026-01-01 00:00:00","type":"user.login","userEmail":"ada@x.test"}"#;
    let mut d = Dataset::from_bytes(sample.to_vec()).unwrap().0;
    s.detect_roles(&mut d, &Mapping::parse("actor:userEmail,action:type"));
    let p = Planner::new("t", s, Version::parse("18.16.1"));
    let where_of = |search: &str| {
        let mut q = p.sql();
        assert!(p.push_where(&mut q, &spec(search)).is_empty());
        q.text
    };
    assert_eq!(where_of("first:ip"), " WHERE 0");
    assert_eq!(where_of("first>2"), " WHERE 0");
    assert!(where_of("first:*").contains("GLOBAL IN"));
    let mut s = meta(r#"["id","UInt64"],["createdAt","DateTime"],["type","String"]"#);
    let mut d = Dataset::from_bytes(br#"{"id":"1","type":"x"}"#.to_vec())
        .unwrap()
        .0;
    s.detect_roles(&mut d, &Mapping::default());
    let p = Planner::new("t", s, Version::parse("18.16.1"));
    assert_eq!(first_exprs(&p), Ok(None));
}
