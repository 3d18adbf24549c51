//! Kinds of event on ClickHouse: for generated actions of every rule's words,
//! written in every style (dots, snake and camel case, capitals, spaces, other
//! scripts) with outcomes and overrides, the stand-in server keeps for `kind:`
//! exactly the rows memory keeps.

use super::answer::Compact;
use super::fake::{Cell, Table};
use super::kind_sql::kind_expr;
use super::lang_sql_tests::server_ids_of;
use super::plan::{Planner, Version};
use super::schema::Schema;
use crate::core::dataset::Dataset;
use crate::core::engine::memory::kinds as memory_kinds;
use crate::core::kind::rules::{FAILURE, RULES, SIGN_IN};
use crate::core::kind::{EventKind, Overrides};
use crate::core::query::FilterSpec;
use crate::core::query::lang;
use crate::core::roles::Mapping;
use crate::core::testing::Rng;
use crate::core::time::Zone;
use serde_json::{Value, json};

/// One word of a pattern as a log might write it: a prefix pattern grows a tail.
fn spelled(r: &mut Rng, pattern: &str) -> Vec<String> {
    let (body, prefix) = match pattern.strip_suffix('*') {
        Some(b) => (b, true),
        None => (pattern, false),
    };
    let mut words: Vec<String> = body.split(' ').map(String::from).collect();
    if prefix && r.next().is_multiple_of(2) {
        let tail = r.pick(&["ed", "s", "ing", "failed", "2"]);
        words.last_mut().unwrap().push_str(tail);
    }
    words
}

/// An action of two to four words, some from the rules, joined in one style.
fn action(r: &mut Rng) -> String {
    let pools: Vec<&[&str]> = RULES
        .iter()
        .map(|(_, ps)| *ps)
        .chain([SIGN_IN, FAILURE])
        .collect();
    let filler = ["user", "app", "org", "booking", "data", "x9", "Déjà", "ädd"];
    let n = 2 + r.below(3);
    let mut words = Vec::new();
    for _ in 0..n {
        match r.below(3) {
            0 => words.push(r.pick(&filler).to_string()),
            _ => {
                let pool: &[&str] = r.pick(&pools);
                let pattern: &str = r.pick(pool);
                words.extend(spelled(r, pattern));
            }
        }
    }
    let cap = |w: &str| {
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    };
    match r.below(6) {
        0 => words.join("."),
        1 => words.join("_").to_uppercase(),
        2 => words.iter().map(|w| cap(w)).collect(),
        3 => {
            let mut s = words[0].clone();
            s.extend(words[1..].iter().map(|w| cap(w)));
            s
        }
        4 => format!(" {} ", words.join(" - ")),
        _ => words.join(""),
    }
}

const OUTCOMES: [Option<&str>; 7] = [
    Some("SUCCESS"),
    Some("FAILURE"),
    Some("failed"),
    Some("Denied"),
    Some(" denied"),
    Some("ok"),
    None,
];

/// The table (`id`, `type`, `outcome`, `raw`) and the same log in memory.
fn engines(version: &str) -> (Planner, Table, Dataset) {
    let mut r = Rng(0x9e37_79b9_7f4a_7c15);
    let mut entries: Vec<Value> = (0..300)
        .map(|i| {
            let action = match i % 40 {
                0 => Value::Null,
                _ => json!(action(&mut r)),
            };
            json!({"id": i + 1, "type": action, "outcome": r.pick(&OUTCOMES)})
        })
        .collect();
    for (i, fixed) in [
        "invoice.paid",
        "S",
        "user.login",
        "",
        "user.twoFactor.remove",
    ]
    .iter()
    .enumerate()
    {
        entries.push(json!({"id": 1000 + i, "type": fixed, "outcome": "FAILURE"}));
    }
    let text = |v: &Value| v.as_str().map_or(Cell::Null, |s| Cell::Str(s.into()));
    let rows = entries
        .iter()
        .map(|e| {
            vec![
                Cell::Int(e["id"].as_u64().unwrap()),
                text(&e["type"]),
                text(&e["outcome"]),
                Cell::Str(e.to_string()),
            ]
        })
        .collect();
    let ndjson: String = entries.iter().map(|e| format!("{e}\n")).collect();
    let map = Mapping::parse("id:id,action:type,outcome:outcome");
    let mut ds = Dataset::from_bytes(ndjson.clone().into_bytes()).unwrap().0;
    ds.set_mapping(&map);
    let meta = r#"{"meta":[],"data":[["id","UInt64"],["type","Nullable(String)"],["outcome","Nullable(String)"],["raw","String"]]}"#;
    let mut s = Schema::from_describe(&Compact::parse(meta.as_bytes()).unwrap(), None);
    let mut sample = Dataset::from_bytes(ndjson.into_bytes()).unwrap().0;
    s.detect_roles(&mut sample, &map);
    let table = Table {
        names: ["id", "type", "outcome", "raw"].map(String::from).to_vec(),
        rows,
        seed: 5,
        shuffle: true,
    };
    (Planner::new("t", s, Version::parse(version)), table, ds)
}

fn server_ids(p: &Planner, t: &mut Table, search: &str, kinds: &Overrides) -> Vec<u64> {
    let spec = FilterSpec {
        search: search.into(),
        zone: Zone::Utc,
        kinds: kinds.clone(),
        ..Default::default()
    };
    let mut ids: Vec<u64> = server_ids_of(p, t, &spec, 10_000)
        .iter()
        .map(|id| id.parse().unwrap())
        .collect();
    ids.sort_unstable();
    ids
}

fn memory_ids(ds: &Dataset, search: &str, kinds: &Overrides) -> Vec<u64> {
    let q = lang::parse(search, ds).unwrap();
    let mut ids: Vec<u64> = lang::eval(ds, &q, Zone::Utc, kinds)
        .iter()
        .map(|r| ds.entry_key(r).parse().unwrap())
        .collect();
    ids.sort_unstable();
    ids
}

#[test]
fn the_server_keeps_the_rows_memory_keeps_for_every_kind() {
    let overrides = Overrides::new([
        ("invoice.paid".to_string(), EventKind::Send),
        ("s".to_string(), EventKind::SignIn),
        ("user.login".to_string(), EventKind::Export),
    ]);
    let mut queries: Vec<String> = EventKind::ALL
        .iter()
        .map(|k| format!("kind:{}", k.key()))
        .collect();
    queries.extend(
        [
            "kind:*",
            "-kind:*",
            "kind:sign*",
            "kind:*IN*",
            "NOT kind:send",
            "kind:x",
            "kind>3",
        ]
        .map(String::from),
    );
    queries.push("kind:mfa OR kind:failed-sign-in".into());
    for (version, kinds) in [
        ("18.16.1", Overrides::default()),
        ("23.8.2.7", overrides.clone()),
    ] {
        let (p, mut table, ds) = engines(version);
        {
            let mut seen = 0;
            for q in &queries {
                let want = memory_ids(&ds, q, &kinds);
                assert_eq!(
                    server_ids(&p, &mut table, q, &kinds),
                    want,
                    "{q} on {version}"
                );
                seen += usize::from(!want.is_empty() && want.len() < ds.len());
            }
            assert!(seen >= 14, "most queries tell rows apart: {seen}");
        }
        // Every kind is met in the generated log, and the facet counts what
        // `kind:` keeps.
        let all = crate::core::query::RowSet::full(ds.len());
        let facet = memory_kinds::facet(&ds, &all, &kinds).unwrap();
        for k in EventKind::ALL {
            let q = format!("kind:{}", k.key());
            let n = memory_ids(&ds, &q, &kinds).len();
            assert!(n > 0, "{q}");
            let counted = facet
                .values
                .iter()
                .find(|v| v.value == k.key())
                .map(|v| v.count);
            assert_eq!(counted, Some(n), "{q}");
        }
        assert_eq!(facet.missing, memory_ids(&ds, "-kind:*", &kinds).len());
    }
}

#[test]
fn a_masked_or_missing_action_is_reported_or_matches_nothing() {
    let (p, _, _) = engines("18.16.1");
    let e = kind_expr(&p, &Overrides::default(), true).unwrap().unwrap();
    assert!(e.starts_with("if(isNull(`type`), NULL, multiIf("), "{e}");
    assert!(e.contains("replaceRegexpAll(replaceRegexpAll(`type`, '[^A-Za-z0-9]+', ' '), '([a-z0-9])([A-Z])', '\\\\1 \\\\2')"), "{e}");
    let masked = p.masked(&crate::core::trust::redact::Redaction::parse("type"));
    let err = kind_expr(&masked, &Overrides::default(), true).unwrap_err();
    assert!(err.contains("masked"), "{err}");
}
