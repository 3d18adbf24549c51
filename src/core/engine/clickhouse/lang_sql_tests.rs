//! The search box's query in ClickHouse: the SQL of each construct on 18.16 and on
//! newer servers, what is reported as not applied, and the rows the stand-in server
//! keeps for the planner's SQL equal to what the in-memory evaluator keeps.

use super::answer::Compact;
use super::fake::{Cell, Table};
use super::plan::{NotApplied, Planner, Start, Version};
use super::schema::Schema;
use crate::core::dataset::Dataset;
use crate::core::query::FilterSpec;
use crate::core::query::lang;
use crate::core::roles::Mapping;
use crate::core::time::Zone;
use crate::core::trust::redact::Redaction;
use serde_json::json;

/// The audit table of the planner tests, roles from a sample whose `data` column
/// holds JSON (`data.method` is a field inside it, the outcome too).
fn planner(version: &str) -> Planner {
    let d = Compact::parse(
        br#"{"meta":[],"data":[["id","UInt64"],["createdAt","DateTime"],["type","String"],
        ["appId","Nullable(UInt64)"],["appName","Nullable(String)"],["userEmail","String"],
        ["userName","String"],["data","String"],["raw","String"]]}"#,
    )
    .unwrap();
    let mut s = Schema::from_describe(&d, None);
    let sample = br#"{"id":"7","createdAt":"2026-08-14 16:45:48","type":"user.login","appId":"101","appName":"Room Booking","userEmail":"ada@example.com","userName":"Ada","data":"{\"method\":\"sso\",\"status\":\"failure\"}"}
{"id":"8","createdAt":"2026-08-14 16:45:49","type":"email.sent","appId":null,"appName":null,"userEmail":"bob@example.com","userName":"Bob","data":"{\"status\":\"success\"}"}"#;
    let mut d = Dataset::from_bytes(sample.to_vec()).unwrap().0;
    s.detect_roles(&mut d, &Mapping::default());
    Planner::new("t", s, Version::parse(version))
}

/// The `WHERE …` of the box holding `search`, its values, and what was not applied.
fn sql(p: &Planner, search: &str) -> (String, Vec<(String, String)>, Vec<NotApplied>) {
    let mut q = p.sql();
    let spec = FilterSpec {
        search: search.into(),
        ..Default::default()
    };
    let skipped = p.push_where(&mut q, &spec);
    (q.text, q.params, skipped)
}

fn where_of(p: &Planner, search: &str) -> String {
    let (text, _, skipped) = sql(p, search);
    assert!(skipped.is_empty(), "{search}: {skipped:?}");
    text
}

#[test]
fn plain_words_are_todays_search_each_and_side_by_side_anded() {
    let p = planner("18.16.1");
    let acme = "(positionCaseInsensitiveUTF8(`raw`, 'acme') > 0)";
    assert_eq!(where_of(&p, "Acme"), format!(" WHERE {acme}"));
    assert_eq!(
        where_of(&p, "Acme sso"),
        format!(" WHERE {acme} AND (positionCaseInsensitiveUTF8(`raw`, 'sso') > 0)")
    );
    // A phrase is one needle, as the whole box was before.
    assert_eq!(
        where_of(&p, "\"two words\""),
        " WHERE (positionCaseInsensitiveUTF8(`raw`, 'two words') > 0)"
    );
    // What does not parse is searched whole, as in memory.
    assert_eq!(
        where_of(&p, "(acme"),
        " WHERE (positionCaseInsensitiveUTF8(`raw`, '(acme') > 0)"
    );
    // A word JSON would write otherwise is looked for in every column.
    assert!(where_of(&p, "a/b").contains("positionCaseInsensitiveUTF8(`userName`, 'a/b') > 0"));
}

#[test]
fn field_tests_become_the_column_filters_comparisons() {
    let p = planner("18.16.1");
    let w = |s: &str| where_of(&p, s);
    assert_eq!(
        w("type:User.Login"),
        " WHERE (lowerUTF8(`type`) = 'user.login')"
    );
    assert_eq!(
        w("type:user*"),
        " WHERE (positionCaseInsensitiveUTF8(`type`, 'user') = 1)"
    );
    assert_eq!(
        w("type:*log*"),
        " WHERE (positionCaseInsensitiveUTF8(`type`, 'log') > 0)"
    );
    assert_eq!(
        w("userName:\"Ada L\""),
        " WHERE (lowerUTF8(`userName`) = 'ada l')"
    );
    // `null` is also a NULL of a nullable column, as a column filter reads it.
    assert_eq!(
        w("appName:null"),
        " WHERE ((isNull(`appName`) OR lowerUTF8(`appName`) = 'null'))"
    );
    // Present: not NULL; a column that cannot hold NULL always is.
    assert_eq!(w("appName:*"), " WHERE (isNotNull(`appName`))");
    assert_eq!(w("type:*"), " WHERE (1)");
    // A role reads its column; the app role both app columns.
    assert_eq!(w("action:x"), " WHERE (lowerUTF8(`type`) = 'x')");
    assert_eq!(
        w("app:room*"),
        " WHERE (positionCaseInsensitiveUTF8(`appName`, 'room') = 1 \
         OR positionCaseInsensitiveUTF8(toString(`appId`), 'room') = 1)"
    );
    // A role the table has nowhere matches nothing, as in memory.
    assert_eq!(w("level:error"), " WHERE 0");
}

#[test]
fn comparisons_are_numeric_or_by_whole_seconds() {
    let p = planner("18.16.1");
    let w = |s: &str| where_of(&p, s);
    assert_eq!(w("appId>100"), " WHERE (`appId` > toFloat64('100'))");
    assert_eq!(w("appId<=1.5"), " WHERE (`appId` <= toFloat64('1.5'))");
    // A text column: where its value is written as a number.
    assert_eq!(
        w("userName>=-2"),
        " WHERE ((match(`userName`, '^[-+.0-9][-+.0-9eE]*$') AND toFloat64OrNull(`userName`) >= toFloat64('-2')))"
    );
    // The time column, by the second: 1767225600 is 2026-01-01T00:00:00Z.
    let at = |op: &str, t: &str| w(&format!("time{op}{t}"));
    assert_eq!(
        at(">", "2026-01-01T00:00:00.5Z"),
        " WHERE `createdAt` > toDateTime(1767225600)"
    );
    assert_eq!(
        at(">=", "2026-01-01T00:00:00.5Z"),
        " WHERE `createdAt` >= toDateTime(1767225601)"
    );
    assert_eq!(
        at("<", "2026-01-01T00:00:00.5Z"),
        " WHERE `createdAt` < toDateTime(1767225601)"
    );
    assert_eq!(
        at("<=", "2026-01-01T00:00:00.5Z"),
        " WHERE `createdAt` <= toDateTime(1767225600)"
    );
    assert_eq!(
        at(">=", "2026-01-01T00:00:00Z"),
        " WHERE `createdAt` >= toDateTime(1767225600)"
    );
    // By its path too; before 1970 every time is later; no time: nothing.
    assert_eq!(
        w("createdAt<2026-01-01T00:00:00Z"),
        " WHERE `createdAt` < toDateTime(1767225600)"
    );
    assert_eq!(
        at(">", "1969-12-31T23:59:59Z"),
        " WHERE isNotNull(`createdAt`)"
    );
    assert_eq!(at("<", "1969-12-31T23:59:59Z"), " WHERE 0");
    // A bound that is neither a number nor a time makes the term a word, as in memory.
    assert_eq!(
        at(">", "soon"),
        " WHERE (positionCaseInsensitiveUTF8(`raw`, 'time>soon') > 0)"
    );
    // On the time column a number is a time too (epoch seconds here), as in memory.
    assert_eq!(w("createdAt>5"), " WHERE `createdAt` > toDateTime(5)");
}

#[test]
fn not_and_or_keep_their_parentheses_and_not_keeps_nulls() {
    let p = planner("18.16.1");
    assert_eq!(
        where_of(&p, "-appName:room* (type:a OR NOT (action:b app:*))"),
        " WHERE NOT ifNull((positionCaseInsensitiveUTF8(`appName`, 'room') = 1), 0) \
         AND ((lowerUTF8(`type`) = 'a') OR NOT ifNull(((lowerUTF8(`type`) = 'b') AND \
         (isNotNull(`appName`) OR isNotNull(`appId`))), 0))"
    );
}

#[test]
fn newer_servers_get_ilike_and_parameters_in_a_query_too() {
    let p = planner("23.8.2.7");
    let (text, params, _) = sql(&p, "type:*50%_off* userName:x'y appId>7");
    assert_eq!(
        text,
        " WHERE (`type` ILIKE {p0:String}) AND (lowerUTF8(`userName`) = {p1:String}) \
         AND (`appId` > toFloat64({p2:String}))"
    );
    let values: Vec<&str> = params.iter().map(|(_, v)| v.as_str()).collect();
    assert_eq!(values, ["%50\\%\\_off%", "x'y", "7"]);
}

#[test]
fn a_clause_the_server_cannot_run_is_left_out_and_reported() {
    let p = planner("18.16.1");
    let (text, _, skipped) = sql(&p, "acme data.method:sso -(outcome:failure OR type:x)");
    // The rest still applies.
    assert_eq!(
        text,
        " WHERE (positionCaseInsensitiveUTF8(`raw`, 'acme') > 0)"
    );
    assert_eq!(
        skipped,
        [
            NotApplied {
                col: "data.method:sso".into(),
                reason: "not applied: the table has no column data.method".into()
            },
            NotApplied {
                col: "NOT (outcome:failure OR type:x)".into(),
                reason: "not applied: outcome is data.status, which is no column of the table"
                    .into()
            },
        ]
    );
    // A time on a text column; a number on an array.
    let (_, _, skipped) = sql(&p, "userName>2026-01-01");
    assert!(
        skipped[0].reason.contains("only on a DateTime column"),
        "{skipped:?}"
    );
    // Masked whole: never compared (it would tell the values).
    let masked = planner("18.16.1").masked(&Redaction::parse("userName"));
    let (text, _, skipped) = sql(&masked, "userName:ada*");
    assert_eq!(text, "");
    assert_eq!(
        skipped[0].reason,
        "not applied: the values of userName are masked"
    );
    // The raw column is the entry, no field of it: its name is a plain word.
    assert_eq!(
        where_of(&p, "raw:x"),
        " WHERE (positionCaseInsensitiveUTF8(`raw`, 'raw:x') > 0)"
    );
}

/// One entry: id, seconds after 2026-01-01, type, user, app, app id, code.
type Entry = (
    u64,
    i64,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<u64>,
    &'static str,
);

/// The log both engines hold: each entry as JSON, and as the table's row.
const LOG: &[Entry] = &[
    (
        1,
        0,
        "user.login",
        "ada@acme.test",
        Some("Room Booking"),
        Some(101),
        "200",
    ),
    (
        2,
        1,
        "User.Logout",
        "bob@initech.example",
        Some("Sales Portal"),
        Some(102),
        "404",
    ),
    (3, 2, "email.sent", "ada@acme.test", None, None, "n/a"),
    (
        4,
        3,
        "email.bounced",
        "zoe@x.io",
        Some("room booking"),
        Some(101),
        "1e3",
    ),
    (
        5,
        5,
        "user.login",
        "50%_off@deals.test",
        Some("null"),
        Some(7),
        "-2.5",
    ),
    (
        6,
        8,
        "file.upload",
        "o'hara\\x@y.test",
        Some(""),
        Some(0),
        "",
    ),
    (
        7,
        13,
        "user.2fa.remove",
        "zoë@exämple.de",
        Some("Sales Portal"),
        None,
        "+7",
    ),
];

fn columns() -> [&'static str; 8] {
    [
        "id",
        "createdAt",
        "type",
        "userEmail",
        "appName",
        "appId",
        "code",
        "raw",
    ]
}

fn entries() -> Vec<serde_json::Value> {
    LOG.iter()
        .map(|&(id, t, ty, user, app, app_id, code)| {
            let iso = crate::core::time::format_iso((1_767_225_600 + t) * 1000, Zone::Utc);
            json!({"id": id, "createdAt": iso, "type": ty, "userEmail": user,
                "appName": app, "appId": app_id, "code": code})
        })
        .collect()
}

const MAP: &str = "time:createdAt,id:id,actor:userEmail,action:type,app:appName,appid:appId";

/// The table on a server of `version`, and the same log in memory.
fn engines(version: &str) -> (Planner, Table, Dataset) {
    let meta = r#"{"meta":[],"data":[["id","UInt64"],["createdAt","DateTime"],["type","String"],["userEmail","String"],["appName","Nullable(String)"],["appId","Nullable(UInt64)"],["code","String"],["raw","String"]]}"#;
    let mut s = Schema::from_describe(&Compact::parse(meta.as_bytes()).unwrap(), None);
    let rows: Vec<Vec<Cell>> = LOG
        .iter()
        .zip(entries())
        .map(|(&(id, t, ty, user, app, app_id, code), raw)| {
            vec![
                Cell::Int(id),
                Cell::Time(1_767_225_600 + t),
                Cell::Str(ty.into()),
                Cell::Str(user.into()),
                app.map_or(Cell::Null, |a| Cell::Str(a.into())),
                app_id.map_or(Cell::Null, Cell::Int),
                Cell::Str(code.into()),
                Cell::Str(raw.to_string()),
            ]
        })
        .collect();
    let ndjson: String = entries().iter().map(|e| format!("{e}\n")).collect();
    let mut ds = Dataset::from_bytes(ndjson.into_bytes()).unwrap().0;
    ds.set_mapping(&Mapping::parse(MAP));
    // The sample as the planner reads it: every column but the raw one.
    let sample: String = entries()
        .iter()
        .map(|e| {
            let mut e = e.clone();
            e["createdAt"] = json!(e["createdAt"].as_str().unwrap()[..19].replace('T', " "));
            format!("{e}\n")
        })
        .collect();
    let mut sample = Dataset::from_bytes(sample.into_bytes()).unwrap().0;
    s.detect_roles(&mut sample, &Mapping::parse(MAP));
    let table = Table {
        names: columns().map(String::from).to_vec(),
        rows,
        seed: 3,
        shuffle: true,
    };
    (Planner::new("t", s, Version::parse(version)), table, ds)
}

/// The ids the stand-in server keeps for the planner's SQL of `search` (parameters
/// written in as the server reads them).
fn server_ids(p: &Planner, table: &mut Table, search: &str) -> Vec<String> {
    let spec = FilterSpec {
        search: search.into(),
        zone: Zone::Utc,
        ..Default::default()
    };
    server_ids_of(p, table, &spec, 100)
}

/// The ids of the first `size` rows the stand-in server keeps for `spec`, sorted;
/// every filter applied.
pub(super) fn server_ids_of(
    p: &Planner,
    table: &mut Table,
    spec: &FilterSpec,
    size: usize,
) -> Vec<String> {
    let order = p.order(None);
    let (q, skipped) = p.page(spec, &order, &Start::Offset(0), size);
    assert!(skipped.is_empty(), "{}: {skipped:?}", spec.search);
    let mut text = q.text.clone();
    for (name, v) in &q.params {
        text = text.replace(&format!("{{{name}:String}}"), &super::sql::string(v));
    }
    let rows = p.rows(&table.answer(&text), order.keys.len(), size);
    let mut ids: Vec<String> = rows
        .entries
        .iter()
        .map(|e| serde_json::from_str::<serde_json::Value>(e).unwrap()["id"].to_string())
        .collect();
    ids.sort();
    ids
}

/// The ids the in-memory evaluator keeps for `search`.
fn memory_ids(ds: &Dataset, search: &str) -> Vec<String> {
    let q = lang::parse(search, ds).unwrap_or_else(|e| panic!("{search}: {e:?}"));
    let mut ids: Vec<String> = lang::eval(ds, &q, Zone::Utc, &Default::default())
        .iter()
        .map(|r| ds.entry_key(r))
        .collect();
    ids.sort();
    ids
}

/// Queries over every operator, role, wildcard and comparison.
const QUERIES: &[&str] = &[
    "acme",
    "ACME login",
    "\"room booking\"",
    "type:user.login",
    "type:USER*",
    "type:*log*",
    "action:user.logout",
    "actor:*acme*",
    "userEmail:ada@acme.test",
    "userEmail:*50%_*",
    "userEmail:*o'hara\\\\x*",
    "userEmail:zoë*",
    "app:101",
    "app:room*",
    "appName:null",
    "appName:\"\"",
    "appName:*",
    "appId:*",
    "-appName:*",
    "appId>100",
    "appId>=101",
    "appId<7.5",
    "appId<=0",
    "code>100",
    "code<=-2.5",
    "code>=7",
    "time>2026-01-01T00:00:02.5Z",
    "time>=2026-01-01T00:00:02.5Z",
    "time<2026-01-01T00:00:02Z",
    "time<=2026-01-01T00:00:02Z",
    "createdAt>=2026-01-01T00:00:05Z",
    "time>1767225602",
    "createdAt<=1767225603000",
    "level:error",
    "NOT level:error",
    "type:user* OR app:*portal*",
    "-(type:user* OR app:*portal*)",
    "NOT appId>100",
    "(actor:ada* OR actor:zoe*) -type:email.sent",
    "type:email* (appId:101 OR NOT appName:*)",
    "NOT (app:* AND NOT time<2026-01-01T00:00:03Z) OR code:n/a",
];

#[test]
fn the_server_keeps_the_rows_memory_keeps_for_every_construct() {
    for version in ["18.16.1", "23.8.2.7"] {
        let (p, mut table, ds) = engines(version);
        let mut sizes = Vec::new();
        for &q in QUERIES {
            let ids = memory_ids(&ds, q);
            assert_eq!(server_ids(&p, &mut table, q), ids, "{q} on {version}");
            sizes.push(ids.len());
        }
        // The queries tell rows apart: most keep some rows and leave others.
        let between = sizes.iter().filter(|&&n| n > 0 && n < LOG.len()).count();
        assert!(between * 4 >= QUERIES.len() * 3, "{sizes:?}");
    }
}

#[test]
fn kinds_needing_an_outcome_the_table_lacks_are_reported_the_rest_apply() {
    // The outcome here is `data.status`, inside a JSON column.
    let p = planner("18.16.1");
    let (text, _, skipped) = sql(&p, "kind:mfa");
    assert!(skipped.is_empty(), "{skipped:?}");
    assert!(
        text.contains("multiIf(") && text.contains(" IN ('mfa')"),
        "{text}"
    );
    let (_, _, skipped) = sql(&p, "kind:sign-in kind:*");
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert_eq!(skipped[0].col, "kind:sign-in");
    assert!(
        skipped[0].reason.contains("outcome, data.status"),
        "{skipped:?}"
    );
}
