//! What is different here on ClickHouse: on a generated log with a planted spike,
//! the stand-in server's answers to the planner's SQL rank exactly what memory
//! ranks, against the rest of the view, a filtered view and the previous period;
//! and the SQL is what ClickHouse 18.16 reads.

use super::answer::Compact;
use super::differ_sql::Reference;
use super::fake::{Cell, Table};
use super::plan::{Planner, Version};
use super::schema::Schema;
use super::sql::tests::{HOSTILE, Token, lex};
use crate::core::dataset::Dataset;
use crate::core::explain::Difference;
use crate::core::explain::differ::tests::spike_log;
use crate::core::explain::differ::{differ, rest_of, span_rows};
use crate::core::query::filter::Matcher;
use crate::core::query::{FilterSpec, filter};
use crate::core::roles::Mapping;
use crate::core::store::NodeId;
use crate::core::time::EpochMs;
use serde_json::Value;

const MAP: &str = "time:createdAt,actor:userEmail,action:type,outcome:outcome,ip:ip,app:appName,id:id,message:message";
const COLUMNS: [(&str, &str); 8] = [
    ("id", "UInt64"),
    ("createdAt", "DateTime"),
    ("userEmail", "String"),
    ("type", "String"),
    ("outcome", "Nullable(String)"),
    ("ip", "String"),
    ("appName", "LowCardinality(String)"),
    ("message", "String"),
];
/// 2026-01-01T00:00:00Z.
const T0: EpochMs = 1_767_225_600_000;
const DAY: EpochMs = 86_400_000;

/// The planner, the stand-in table and the same log in memory.
pub(super) fn engines(version: &str, entries: &[Value]) -> (Planner, Table, Dataset) {
    engines_with(version, entries, &COLUMNS, MAP)
}

/// [`engines`] for a table of `columns` (name, type) whose roles are `map`.
pub(super) fn engines_with(
    version: &str,
    entries: &[Value],
    columns: &[(&str, &str)],
    map: &str,
) -> (Planner, Table, Dataset) {
    let ndjson: String = entries.iter().map(|e| format!("{e}\n")).collect();
    let map = Mapping::parse(map);
    let mut ds = Dataset::from_bytes(ndjson.clone().into_bytes()).unwrap().0;
    ds.set_mapping(&map);
    let rows = entries
        .iter()
        .map(|e| {
            columns
                .iter()
                .map(|&(name, ty)| match &e[name] {
                    Value::Null => Cell::Null,
                    Value::Number(n) => Cell::Int(n.as_u64().unwrap()),
                    Value::String(s) if ty == "DateTime" => Cell::Time(
                        crate::core::time::parse::parse_timestamp(s, crate::core::time::Zone::Utc)
                            .unwrap()
                            .div_euclid(1000),
                    ),
                    Value::String(s) => Cell::Str(s.clone()),
                    v => panic!("{v}"),
                })
                .collect()
        })
        .collect();
    let describe = serde_json::json!({
        "meta": [],
        "data": columns.iter().map(|(n, t)| [n, t]).collect::<Vec<_>>(),
    });
    let mut s = Schema::from_describe(
        &Compact::parse(describe.to_string().as_bytes()).unwrap(),
        None,
    );
    let mut sample = Dataset::from_bytes(ndjson.into_bytes()).unwrap().0;
    s.detect_roles(&mut sample, &map);
    let table = Table {
        names: columns.iter().map(|(n, _)| n.to_string()).collect(),
        rows,
        seed: 7,
        shuffle: true,
    };
    (Planner::new("t", s, Version::parse(version)), table, ds)
}

/// The server's ranking: each query answered by the stand-in (parameters inlined
/// as the server reads them), then read back.
fn server(
    p: &Planner,
    t: &mut Table,
    spec: &FilterSpec,
    sel: (EpochMs, EpochMs),
    reference: Reference,
) -> Vec<Difference> {
    let cols = p.differ_columns();
    let qs = p
        .differ(spec, sel, reference, &cols)
        .expect("a time column");
    assert_eq!(qs.len(), cols.len() + 1);
    let answers: Vec<Compact> = qs
        .iter()
        .map(|q| {
            let mut text = q.text.clone();
            for (name, v) in &q.params {
                text = text.replace(&format!("{{{name}:String}}"), &super::sql::string(v));
            }
            t.answer(&text)
        })
        .collect();
    p.read_differ(&answers, &cols, 10)
}

/// The memory nodes of the planner's columns.
fn fields(p: &Planner, ds: &Dataset) -> Vec<NodeId> {
    p.differ_columns()
        .iter()
        .map(|&i| ds.column(&p.schema().columns[i].name).unwrap())
        .collect()
}

fn names(d: &[Difference]) -> Vec<String> {
    d.iter()
        .map(|d| format!("{}={}", d.field, d.value))
        .collect()
}

#[test]
fn the_server_ranks_what_memory_ranks() {
    for version in ["18.16.1", "23.8.2.7"] {
        let (p, mut t, ds) = engines(version, &spike_log(300));
        let fs = fields(&p, &ds);
        assert!(fs.len() >= 5, "{fs:?}");
        let day = |n: i64| (T0 + n * DAY, T0 + (n + 1) * DAY);
        let views = [
            FilterSpec::default(),
            FilterSpec {
                filters: vec![("appName".into(), "=billing".into())],
                ..Default::default()
            },
            FilterSpec {
                search: "-type:record.read".into(),
                ..Default::default()
            },
        ];
        for spec in &views {
            let view = filter(&ds, spec);
            let sel = span_rows(&ds, &view, day(10).0, day(10).1);
            for (reference, other) in [
                (Reference::Rest, rest_of(&view, &sel)),
                (
                    Reference::Span(day(9).0, day(9).1),
                    span_rows(&ds, &view, day(9).0, day(9).1),
                ),
            ] {
                let want = differ(&ds, &sel, &other, &fs, 10);
                assert!(!want.is_empty(), "{spec:?} {reference:?}");
                let got = server(&p, &mut t, spec, day(10), reference);
                assert_eq!(
                    names(&got),
                    names(&want),
                    "{version} {spec:?} {reference:?}"
                );
                assert_eq!(got, want, "{version} {spec:?} {reference:?}");
            }
        }
        // The planted actor on top, only in the selection.
        let got = server(&p, &mut t, &views[0], day(10), Reference::Rest);
        assert!(names(&got[..2]).contains(&"userEmail=mallory@evil.test".to_string()));
        // A selection with no rows ranks nothing.
        let empty = server(&p, &mut t, &views[0], (T0 - DAY, T0), Reference::Rest);
        assert!(empty.is_empty());
    }
}

#[test]
fn the_sql_is_what_clickhouse_18_16_reads_with_every_value_one_literal() {
    let (p, _, _) = engines("18.16.1", &spike_log(3));
    let cols = p.differ_columns();
    let outcome = p.schema().column("outcome").unwrap();
    assert!(cols.contains(&outcome));
    for h in HOSTILE {
        let spec = FilterSpec {
            filters: vec![("userEmail".into(), format!("={h}"))],
            ..Default::default()
        };
        let qs = p
            .differ(
                &spec,
                (T0, T0 + DAY),
                Reference::Span(T0 - DAY, T0),
                &[outcome],
            )
            .unwrap();
        let q = &qs[1];
        assert!(q.params.is_empty(), "18.16 takes no parameters");
        let sel =
            "(`createdAt` >= toDateTime(1767225600) AND `createdAt` < toDateTime(1767312000))";
        let prev =
            "(`createdAt` >= toDateTime(1767139200) AND `createdAt` < toDateTime(1767225600))";
        let Some(m) = Matcher::parse(&spec.filters[0].1) else {
            continue;
        };
        assert_eq!(
            q.text,
            format!(
                "SELECT `outcome` AS `differ_value`, countIf({sel}) AS `differ_sel`, \
                 countIf({prev}) AS `differ_ref` FROM `t` WHERE lowerUTF8(`userEmail`) = {} \
                 AND ({sel} OR {prev}) AND isNotNull(`outcome`) GROUP BY `differ_value` \
                 HAVING `differ_sel` >= 3 ORDER BY `differ_sel` DESC, `differ_value` \
                 LIMIT 10000 FORMAT JSONCompact",
                super::sql::string(&m.needle)
            )
        );
        let strings: Vec<Token> = lex(&q.text)
            .into_iter()
            .filter(|t| matches!(t, Token::Str(_)))
            .collect();
        assert_eq!(strings, [Token::Str(m.needle)], "{h:?}");
    }
    // The rest of the view: the selection's complement, the totals first.
    let qs = p
        .differ(
            &FilterSpec::default(),
            (T0 + 500, T0 + DAY),
            Reference::Rest,
            &[],
        )
        .unwrap();
    assert_eq!(
        qs[0].text,
        "SELECT countIf((`createdAt` >= toDateTime(1767225601) AND `createdAt` < toDateTime(1767312000))), \
         countIf(NOT (`createdAt` >= toDateTime(1767225601) AND `createdAt` < toDateTime(1767312000))) \
         FROM `t` FORMAT JSONCompact"
    );
}

#[test]
fn no_time_column_or_a_masked_one_asks_nothing_and_masked_fields_are_not_compared() {
    let (p, _, _) = engines("18.16.1", &spike_log(3));
    let masked = p.masked(&crate::core::trust::redact::Redaction::parse(
        "userEmail,createdAt",
    ));
    assert!(
        masked
            .differ(&FilterSpec::default(), (T0, T0 + DAY), Reference::Rest, &[])
            .is_none()
    );
    let p = engines("18.16.1", &spike_log(3)).0;
    let masked = p
        .clone()
        .masked(&crate::core::trust::redact::Redaction::parse("userEmail"));
    let email = masked.schema().column("userEmail").unwrap();
    assert!(!masked.differ_columns().contains(&email));
    assert!(p.differ_columns().contains(&email));
    // Answers without rows: nothing, no panic.
    assert!(p.read_differ(&[], &[], 10).is_empty());
}
