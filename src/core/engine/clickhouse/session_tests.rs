//! The ClickHouse session on recorded answers: connecting, a view's fan-out, its
//! windows and keyset pages, failures and retries, the histogram's second pass,
//! live refresh's look, the entry lookup and the export walk. Every answer is a
//! body as ClickHouse sends it (`FORMAT JSONCompact`, or its error text), read
//! the way the driver reads it ([`Fault::read`]).

use super::answer::Compact;
use super::connect::{Connect, ConnectError, Connecting};
use super::export::Export;
use super::fault::Fault;
use super::news::Checked;
use super::query::{Purpose, Query};
use super::session::Session;
use super::slot::{Part, Slot, Step};
use super::source::ChSource;
use super::table::Table;
use crate::core::dataset::Dataset;
use crate::core::engine::{Answer, Ask};
use crate::core::query::{FilterSpec, Sort};
use crate::core::roles::{Mapping, Role};
use crate::core::time::Zone;
use crate::core::trust::redact::Redaction;
use std::collections::VecDeque;

const DAY: i64 = 86_400;
/// 2026-01-01 00:00:00 UTC, in seconds.
const T0: i64 = 1_767_225_600;
const TAB: u64 = 42;

fn src() -> ChSource {
    ChSource::parse("clickhouse+http://127.0.0.1:8123/?table=trailview.audit&user=trailview")
        .unwrap()
}

/// A 200 answer with `body`.
fn ok(body: &str) -> Result<Compact, Fault> {
    Fault::read(200, body.as_bytes())
}

fn version(v: &str) -> String {
    format!(
        r#"{{"meta":[{{"name":"version()","type":"String"}}],"data":[["{v}"]],"rows":1,"statistics":{{"elapsed":0.000112,"rows_read":1,"bytes_read":1}}}}"#
    )
}

/// 18.16's `system.settings` for a user of `readonly` level `level` (2: the
/// server replaces a slot's older query; 1: it may change nothing).
fn settings(level: &str) -> String {
    format!(
        r#"{{"meta":[{{"name":"name","type":"String"}},{{"name":"value","type":"String"}},{{"name":"changed","type":"UInt8"}},{{"name":"description","type":"String"}}],
        "data":[["readonly","{level}",1,"Read-only"],["replace_running_query","0",0,"Replace a running query"],["output_format_json_quote_64bit_integers","1",0,"Quote 64-bit integers"]],
        "rows":3,"statistics":{{"elapsed":0.0003,"rows_read":300,"bytes_read":30000}}}}"#
    )
}

/// 18.16's `DESCRIBE TABLE` of the audit table.
const DESCRIBE: &str = r#"{"meta":[{"name":"name","type":"String"},{"name":"type","type":"String"},{"name":"default_type","type":"String"},{"name":"default_expression","type":"String"}],
"data":[["id","UInt64","",""],["createdAt","DateTime","",""],["type","String","",""],["appName","Nullable(String)","",""],["userEmail","String","",""],["raw","String","",""]],
"rows":6,"statistics":{"elapsed":0.0002,"rows_read":6,"bytes_read":400}}"#;

/// The sample of rows (every column but the raw one).
const SAMPLE: &str = r#"{"meta":[{"name":"id","type":"UInt64"},{"name":"createdAt","type":"DateTime"},{"name":"type","type":"String"},{"name":"appName","type":"Nullable(String)"},{"name":"userEmail","type":"String"}],
"data":[["7","2026-01-01 07:00:00","user.login","Room Booking","ada@example.com"],["6","2026-01-01 06:00:00","email.sent",null,"bob@example.com"],["5","2026-01-01 05:00:00","user.login","Room Booking","ada@example.com"]],
"rows":3,"statistics":{"elapsed":0.001,"rows_read":3,"bytes_read":300}}"#;

/// One entry's raw JSON.
fn raw(id: u64, secs: i64) -> String {
    let at = crate::core::time::format_iso(secs * 1000, Zone::Utc);
    format!(
        r#"{{"id":{id},"createdAt":"{}","type":"user.login","appName":"Room Booking","userEmail":"ada@example.com"}}"#,
        at.get(..19).unwrap_or_default().replace('T', " ")
    )
}

/// A page answer in time order: the raw JSON, then the sort keys (time in whole
/// seconds, id quoted as a 64-bit integer).
fn page(rows: &[(u64, i64)]) -> String {
    let data: Vec<String> = rows
        .iter()
        .map(|&(id, t)| {
            format!(
                "[{},{t},\"{id}\"]",
                serde_json::to_string(&raw(id, t)).unwrap()
            )
        })
        .collect();
    format!(
        r#"{{"meta":[{{"name":"raw","type":"String"}},{{"name":"__k0","type":"UInt32"}},{{"name":"__k1","type":"UInt64"}}],"data":[{}],"rows":{},"statistics":{{"elapsed":0.01,"rows_read":{},"bytes_read":9000}}}}"#,
        data.join(","),
        rows.len(),
        rows.len()
    )
}

/// `n` rows an hour apart, newest first, from `T0 + 7h`.
fn newest(n: u64) -> Vec<(u64, i64)> {
    (0..n)
        .map(|i| (100 - i, T0 + 7 * 3600 - i as i64 * 3600))
        .collect()
}

/// The stats scan's answer: five rows from 00:00 to 07:00, three user.login and two
/// email.sent, by ada (4) and bob (1), four in Room Booking; with `buckets`, the
/// histogram's (900 s buckets).
fn stats(buckets: bool) -> String {
    let (lo, hi) = (T0, T0 + 7 * 3600);
    let mut rows = vec![];
    if buckets {
        rows.push(format!(
            r#"["Y","5",{lo},{hi},"0","2",[["{lo}","3"],["{hi}","2"]]]"#
        ));
    }
    rows.extend([
        format!(r#"["a","5",{lo},{hi},"0","2",[["user.login","3"],["email.sent","2"]]]"#),
        format!(r#"["c","5",{lo},{hi},"0","2",[["ada@example.com","4"],["bob@example.com","1"]]]"#),
        format!(r#"["e","4",{lo},{hi},"0","1",[["Room Booking","4"]]]"#),
        format!(r#"["f","1",{lo},{hi},"0","1",[["","1"]]]"#),
    ]);
    rows.sort();
    format!(
        r#"{{"meta":[{{"name":"t","type":"String"}},{{"name":"sum(n)","type":"UInt64"}},{{"name":"toUInt32(min(lo))","type":"UInt32"}},{{"name":"toUInt32(max(hi))","type":"UInt32"}},{{"name":"sum(u)","type":"UInt64"}},{{"name":"count()","type":"UInt64"}},{{"name":"arraySlice(arraySort(lambda(tuple(x), tuple(negate(tupleElement(x, 2)), tupleElement(x, 1))), groupArray(tuple(substring(kv, 2), n))), 1, if(equals(t, 'Y'), 1000000, 8))","type":"Array(Tuple(String, UInt64))"}}],"data":[{}],"rows":{},"statistics":{{"elapsed":0.02,"rows_read":5,"bytes_read":800}}}}"#,
        rows.join(","),
        rows.len()
    )
}

/// The count of what the view could show: `n` entries from `lo` to `hi` (seconds).
fn all(n: u64, lo: i64, hi: i64) -> String {
    format!(
        r#"{{"meta":[{{"name":"count()","type":"UInt64"}},{{"name":"toUInt32(min(createdAt))","type":"UInt32"}},{{"name":"toUInt32(max(createdAt))","type":"UInt32"}},{{"name":"0","type":"UInt8"}}],"data":[["{n}",{lo},{hi},0]],"rows":1,"statistics":{{"elapsed":0.004,"rows_read":{n},"bytes_read":1000}}}}"#
    )
}

/// The first-seen facet's answer: of five rows, two an actor's first with their
/// action and one in its app (the table has no IP or agent column).
const FIRST_SEEN: &str = r#"{"meta":[{"name":"count()","type":"UInt64"},{"name":"countIf(a)","type":"UInt64"},{"name":"countIf(b)","type":"UInt64"},{"name":"countIf(c)","type":"UInt64"}],"data":[["5","2","1","2"]],"rows":1}"#;

fn histogram() -> String {
    format!(
        r#"{{"meta":[{{"name":"b","type":"UInt32"}},{{"name":"n","type":"UInt64"}}],"data":[[{T0},"3"],[{},"2"]],"rows":2,"statistics":{{"elapsed":0.01,"rows_read":5,"bytes_read":40}}}}"#,
        T0 + 7 * 3600
    )
}

/// As 18.16 answers a query that `replace_running_query` cancelled.
const CANCELLED: &[u8] =
    b"Code: 394, e.displayText() = DB::Exception: Query was cancelled, e.what() = DB::Exception\n";

/// Connects with the answers `answer` gives, asking no token; the queries' purposes.
fn connect_with(
    redact: Redaction,
    answer: impl Fn(&Query) -> Result<Compact, Fault>,
) -> (Vec<Query>, Connecting) {
    let mut c = Connect::new(src(), redact);
    let mut sent = vec![];
    loop {
        let Some(q) = c.next() else {
            panic!("no query to send and no end");
        };
        let r = answer(&q);
        sent.push(q);
        match c.digest(r) {
            Connecting::Send => {}
            Connecting::AskToken => match c.token(false) {
                Connecting::Send => {}
                end => return (sent, end),
            },
            end => return (sent, end),
        }
    }
}

/// A server of `v` for a user of `readonly` level `level`, as it answers connecting.
fn server(v: &str, level: &str) -> impl Fn(&Query) -> Result<Compact, Fault> {
    let (v, level) = (v.to_string(), level.to_string());
    move |q: &Query| match q.purpose {
        Purpose::Version => ok(&version(&v)),
        Purpose::Settings => ok(&settings(&level)),
        Purpose::Describe => ok(DESCRIBE),
        Purpose::Sample => ok(SAMPLE),
        p => panic!("{p:?} while connecting"),
    }
}

fn table(v: &str, level: &str, redact: Redaction) -> Table {
    match connect_with(redact, server(v, level)).1 {
        Connecting::Connected(t) => *t,
        other => panic!("{other:?}"),
    }
}

fn session(level: &str) -> Session {
    Session::new(table("18.16.1", level, Redaction::default()), TAB)
}

fn ask() -> Ask {
    Ask {
        spec: FilterSpec::default(),
        sort: Sort::Default,
        page: 0,
        shift: 0,
        size: 3,
        tz: Zone::Utc,
        map: Mapping::default(),
        context: None,
    }
}

fn ids(d: &Dataset) -> Vec<String> {
    (0..d.len()).map(|r| d.entry_key(r as u32)).collect()
}

/// What a driven view sent and what it gave.
#[derive(Default)]
struct Driven {
    /// Each query sent, in order.
    sent: Vec<Query>,
    /// The waits asked for (ms).
    waits: Vec<u32>,
    /// The page's rows.
    rows: Option<Dataset>,
    /// The count of entries the load shows.
    entries: Option<usize>,
    /// The failed slots' steps.
    failed: Vec<Step>,
}

/// Answers `ask` as the browser's driver does, one slot after another: the page's
/// queries until it is answered, then the rest, each follow-up after its slot;
/// `answer` plays the server.
fn drive(
    s: &mut Session,
    ask: Ask,
    answer: &mut Answer,
    server: impl Fn(&Query) -> Result<Compact, Fault>,
) -> Driven {
    let view = s.view(ask);
    view.begin(answer);
    let mut out = Driven::default();
    let mut queue = VecDeque::from([view.page()]);
    while let Some(mut slot) = queue.pop_front() {
        let done = loop {
            let q = slot.next().clone();
            let r = server(&q);
            out.sent.push(q);
            match slot.digest(r) {
                Step::Send => {}
                Step::After(ms) => out.waits.push(ms),
                done => break done,
            }
        };
        if *slot.part() == Part::Page {
            queue.extend(view.rest(s.left_mut()));
        }
        match done {
            Step::Answered(a) => {
                let landed = view.land(s.left_mut(), slot.part(), &a, answer);
                out.rows = out.rows.or(landed.rows);
                out.entries = out.entries.or(landed.entries);
                queue.extend(landed.then);
            }
            step => out.failed.push(step),
        }
    }
    out
}

/// A server with a table of five rows over seven hours, twelve in all.
fn audit(q: &Query) -> Result<Compact, Fault> {
    match q.purpose {
        Purpose::Page => ok(&page(&newest(4))),
        Purpose::Stats => ok(&stats(q.sql.text.contains("concat('Y'"))),
        Purpose::All => ok(&all(12, T0, T0 + 7 * 3600)),
        Purpose::Histogram => ok(&histogram()),
        Purpose::FirstSeen => ok(FIRST_SEEN),
        p => panic!("{p:?} in a view"),
    }
}

fn purposes(sent: &[Query]) -> Vec<Purpose> {
    sent.iter().map(|q| q.purpose).collect()
}

#[test]
fn connecting_asks_version_settings_columns_and_a_sample_and_opens_the_table_with_its_roles() {
    let (sent, end) = connect_with(Redaction::default(), server("18.16.1", "2"));
    assert_eq!(
        purposes(&sent),
        [
            Purpose::Version,
            Purpose::Settings,
            Purpose::Describe,
            Purpose::Sample
        ]
    );
    // The first queries go with nothing but their SQL: a readonly user's server
    // would refuse a setting without the CORS header.
    assert!(sent[0].params.is_empty() && sent[1].params.is_empty());
    assert_eq!(sent[0].sql.text, "SELECT version() FORMAT JSONCompact");
    assert_eq!(
        sent[2].sql.text,
        "DESCRIBE TABLE `trailview`.`audit` FORMAT JSONCompact"
    );
    // Once the settings are known, what they allow goes with each query.
    assert_eq!(sent[2].params, [("wait_end_of_query".into(), "1".into())]);
    assert!(
        sent[3]
            .sql
            .text
            .ends_with("FROM `trailview`.`audit` LIMIT 1000 FORMAT JSONCompact"),
        "{}",
        sent[3].sql.text
    );
    assert!(sent.iter().all(|q| q.slot.is_none()));
    let Connecting::Connected(table) = end else {
        panic!("{end:?}")
    };
    assert_eq!(table.version(), super::plan::Version::parse("18.16.1"));
    // The roles were found on the sample: the view sorts by its time, counts its facets.
    let mut s = Session::new(*table, TAB);
    let view = s.view(ask());
    let schema = view.planner().schema();
    let name = |r| schema.role(r).map(|c| c.name.clone());
    assert_eq!(name(Role::Time).as_deref(), Some("createdAt"));
    assert_eq!(name(Role::Actor).as_deref(), Some("userEmail"));
    assert_eq!(name(Role::Id).as_deref(), Some("id"));
    assert!(
        view.page()
            .next()
            .sql
            .text
            .contains("ORDER BY `createdAt` DESC, `id` DESC")
    );
}

#[test]
fn a_server_that_will_not_say_its_settings_gets_none_it_would_refuse() {
    let (sent, end) = connect_with(Redaction::default(), |q| {
        match q.purpose {
        Purpose::Settings => Fault::read(
            500,
            b"Code: 164, e.displayText() = DB::Exception: Cannot read system.settings, e.what() = DB::Exception",
        ),
        _ => server("18.16.1", "2")(q),
    }
    });
    assert!(matches!(end, Connecting::Connected(_)), "{end:?}");
    assert_eq!(sent[2].params, [("wait_end_of_query".into(), "1".into())]);
    let Connecting::Connected(t) = end else {
        unreachable!()
    };
    let mut s = Session::new(*t, TAB);
    // No query_id, no replace_running_query: a query of its own each time.
    let page = s.view(ask()).page();
    assert_eq!(
        page.next().params,
        [("wait_end_of_query".into(), "1".into())]
    );
}

#[test]
fn a_refused_login_asks_the_token_provider_once_more_and_tries_again() {
    let refused = || {
        Fault::read(
            500,
            b"Code: 193, e.displayText() = DB::Exception: Wrong password for user trailview, e.what() = DB::Exception\n",
        )
    };
    let mut c = Connect::new(src(), Redaction::default());
    assert_eq!(c.next().unwrap().purpose, Purpose::Version);
    assert!(matches!(c.digest(refused()), Connecting::AskToken));
    assert_eq!(
        c.next(),
        None,
        "nothing is sent while the provider is asked"
    );
    // The provider gave a token: the login is tried again with it, and goes on.
    assert!(matches!(c.token(true), Connecting::Send));
    assert_eq!(c.next().unwrap().purpose, Purpose::Version);
    assert!(matches!(
        c.digest(ok(&version("18.16.1"))),
        Connecting::Send
    ));
    assert_eq!(c.next().unwrap().purpose, Purpose::Settings);

    // Refused again: the provider is not asked twice; the Token field is.
    let mut c = Connect::new(src(), Redaction::default());
    c.digest(refused());
    c.token(true);
    let Connecting::Failed(e) = c.digest(refused()) else {
        panic!("a second refusal ends the connection")
    };
    assert!(e.needs_token());
    assert_eq!(e.status(), Some(500));
    assert_eq!(
        e.to_string(),
        "This endpoint needs a token: ClickHouse: Wrong password for user trailview (error 193) (the ClickHouse password of user trailview)."
    );
    // No provider, or one that gives nothing: the first refusal stands.
    let mut c = Connect::new(src(), Redaction::default());
    c.digest(Fault::read(401, b""));
    let Connecting::Failed(e) = c.token(false) else {
        panic!()
    };
    assert_eq!(
        e.to_string(),
        "This endpoint needs a token: ClickHouse refused the user or password (the ClickHouse password of user trailview)."
    );
    assert_eq!((e.needs_token(), e.status()), (true, Some(401)));
}

#[test]
fn no_answer_at_all_says_a_password_may_be_missing_or_cors_refused() {
    let (sent, end) = connect_with(Redaction::default(), |q| match q.purpose {
        Purpose::Version => Err(Fault::unreachable(&src(), "TypeError: Failed to fetch")),
        _ => panic!("nothing follows a login without an answer"),
    });
    assert_eq!(purposes(&sent), [Purpose::Version]);
    let Connecting::Failed(e) = end else {
        panic!("{end:?}")
    };
    assert_eq!(
        e,
        ConnectError::NoAnswer {
            label: "ClickHouse trailview.audit at 127.0.0.1:8123".into(),
            user: "trailview".into()
        }
    );
    assert_eq!(
        e.to_string(),
        "ClickHouse trailview.audit at 127.0.0.1:8123 did not answer this page. If user trailview needs a password, enter it in the Token field; else check that the server is up and allows this page (add_http_cors_header=1)."
    );
    assert!(e.needs_token());
    assert_eq!(e.status(), None);
    // Later, the same failure is the query's own: it names the source and what to check.
    let (_, end) = connect_with(Redaction::default(), |q| match q.purpose {
        Purpose::Describe => Err(Fault::unreachable(&src(), "TypeError: Failed to fetch")),
        _ => server("18.16.1", "1")(q),
    });
    let Connecting::Failed(e) = end else {
        panic!("{end:?}")
    };
    assert!(!e.needs_token());
    assert_eq!(
        e.to_string(),
        "ClickHouse trailview.audit at 127.0.0.1:8123: Could not reach ClickHouse trailview.audit at 127.0.0.1:8123 (TypeError: Failed to fetch). Check that it is up and allows this page (add_http_cors_header=1 in the user's profile)."
    );
}

#[test]
fn a_table_without_columns_fails_the_load_and_a_missing_table_says_so() {
    let (sent, end) = connect_with(Redaction::default(), |q| match q.purpose {
        Purpose::Describe => ok(
            r#"{"meta":[{"name":"name","type":"String"},{"name":"type","type":"String"}],"data":[],"rows":0}"#,
        ),
        _ => server("18.16.1", "1")(q),
    });
    assert_eq!(sent.len(), 3, "no sample of a table without columns");
    let Connecting::Failed(e) = end else {
        panic!("{end:?}")
    };
    assert!(matches!(e, ConnectError::NoColumns { .. }));
    assert_eq!(e.to_string(), "trailview.audit has no columns");
    assert!(!e.needs_token());
    let (_, end) = connect_with(Redaction::default(), |q| {
        match q.purpose {
        Purpose::Describe => Fault::read(
            404,
            b"Code: 60, e.displayText() = DB::Exception: Table trailview.audit doesn't exist., e.what() = DB::Exception\n",
        ),
        _ => server("18.16.1", "1")(q),
    }
    });
    let Connecting::Failed(e) = end else {
        panic!("{end:?}")
    };
    assert_eq!(
        e.to_string(),
        "ClickHouse trailview.audit at 127.0.0.1:8123: ClickHouse: Table trailview.audit doesn't exist (error 60)"
    );
    assert_eq!(e.status(), Some(404));
}

#[test]
fn a_failed_connection_shows_the_servers_message_masked_as_the_rows_are() {
    let (_, end) = connect_with(Redaction::parse("email"), |q| {
        match q.purpose {
        Purpose::Sample => Fault::read(
            500,
            b"Code: 27, e.displayText() = DB::Exception: Cannot parse input: ada@acme.test, e.what() = DB::Exception\n",
        ),
        _ => server("18.16.1", "1")(q),
    }
    });
    let Connecting::Failed(e) = end else {
        panic!("{end:?}")
    };
    let shown = e.to_string();
    assert!(shown.contains("Cannot parse input"), "{shown}");
    assert!(!shown.contains("ada@acme.test"), "{shown}");
}

#[test]
fn an_18_16_server_gets_values_inline_and_a_current_one_as_query_parameters() {
    let search = Ask {
        spec: FilterSpec {
            search: "Acme".into(),
            ..Default::default()
        },
        ..ask()
    };
    let mut old = Session::new(table("18.16.1.1", "1", Redaction::default()), TAB);
    let q = old.view(search.clone()).page().next().clone();
    assert!(q.sql.text.contains("'acme'"), "{}", q.sql.text);
    assert!(!q.params.iter().any(|(k, _)| k.starts_with("param_")));
    let mut new = Session::new(table("24.8.4.13", "1", Redaction::default()), TAB);
    let q = new.view(search).page().next().clone();
    assert!(
        !q.sql.text.to_lowercase().contains("acme"),
        "{}",
        q.sql.text
    );
    assert!(q.sql.text.contains("ILIKE {p0:String}"), "{}", q.sql.text);
    assert!(
        q.params.contains(&("param_p0".into(), "%acme%".into())),
        "{:?}",
        q.params
    );
}

#[test]
fn the_page_goes_first_then_one_stats_scan_and_the_count_of_the_log() {
    let mut s = session("2");
    let mut answer = Answer::default();
    let d = drive(&mut s, ask(), &mut answer, audit);
    assert_eq!(
        purposes(&d.sent),
        [
            Purpose::Page,
            Purpose::Stats,
            Purpose::FirstSeen,
            Purpose::All,
            Purpose::Histogram
        ]
    );
    // Each under its slot, where the server replaces the older query of the slot.
    let slots: Vec<_> = d.sent.iter().map(|q| q.slot.clone().unwrap()).collect();
    assert_eq!(
        slots,
        ["42-page", "42-stats", "42-first", "42-all", "42-histogram"]
    );
    // First seen: the reasons the table has a column for, counted apart.
    let first = answer.first_seen.as_ref().expect("first seen");
    let got: Vec<(&str, usize)> = first
        .values
        .iter()
        .map(|v| (v.value.as_str(), v.count))
        .collect();
    assert_eq!(got, [("action", 2), ("app", 1)]);
    assert_eq!((first.distinct, first.missing), (2, 3));
    assert!(
        d.sent[0]
            .params
            .contains(&("query_id".into(), "42-page".into()))
    );
    // The page: three rows shown, the fourth only tells that more follow.
    assert_eq!(ids(d.rows.as_ref().unwrap()), ["100", "99", "98"]);
    assert_eq!(answer.total, Some(5));
    assert_eq!(answer.all, Some(12));
    assert_eq!(d.entries, Some(12));
    let roles: Vec<Role> = answer.facets.iter().map(|f| f.role).collect();
    assert_eq!(roles, [Role::Action, Role::Actor, Role::App]);
    assert_eq!(answer.facets[0].path, "type");
    assert_eq!(answer.facets[0].facet.values[0].value, "user.login");
    assert_eq!(answer.facets[0].facet.values[0].count, 3);
    assert_eq!(
        (
            answer.facets[2].facet.distinct,
            answer.facets[2].facet.missing
        ),
        (1, 1)
    );
    let h = answer.histogram.as_ref().expect("bars");
    assert_eq!(h.buckets.iter().map(|b| b.count).sum::<usize>(), 5);
    assert!(d.failed.is_empty());
}

#[test]
fn the_count_of_the_log_is_asked_again_only_when_the_scope_changes() {
    let mut s = session("1");
    let mut answer = Answer::default();
    let counted = |d: &Driven| d.sent.iter().filter(|q| q.purpose == Purpose::All).count();
    assert_eq!(counted(&drive(&mut s, ask(), &mut answer, audit)), 1);
    // Another search, another page: the log is the same.
    let searched = Ask {
        spec: FilterSpec {
            search: "ada".into(),
            ..Default::default()
        },
        page: 1,
        ..ask()
    };
    assert_eq!(counted(&drive(&mut s, searched, &mut answer, audit)), 0);
    // One app's view counts that app's entries: that count is another.
    let app = Ask {
        spec: FilterSpec {
            scope: Some("Room Booking".into()),
            ..Default::default()
        },
        ..ask()
    };
    let d = drive(&mut s, app.clone(), &mut answer, audit);
    let all = d
        .sent
        .iter()
        .find(|q| q.purpose == Purpose::All)
        .expect("counted");
    assert!(all.sql.text.contains("'room booking'"), "{}", all.sql.text);
    // An app's view has no app facet.
    assert!(answer.facets.iter().all(|f| f.role != Role::App));
    assert_eq!(counted(&drive(&mut s, app, &mut answer, audit)), 0);
}

#[test]
fn a_page_in_time_order_is_looked_for_in_the_newest_day_first_then_in_wider_windows() {
    let mut s = session("1");
    let mut answer = Answer::default();
    // The count of the log tells its span: 100 days.
    let spanned = |q: &Query| match q.purpose {
        Purpose::All => ok(&all(5000, T0, T0 + 100 * DAY)),
        _ => audit(q),
    };
    drive(&mut s, ask(), &mut answer, spanned);
    let mut page = s.view(ask()).page();
    let bound = |q: &Query| {
        let t = q
            .sql
            .text
            .split("`createdAt` >= toDateTime(")
            .nth(1)
            .map(|r| r.split(')').next().unwrap().parse::<i64>().unwrap());
        t.map(|t| (T0 + 100 * DAY - t) / DAY)
    };
    // The newest day: too few rows for a page, so the next window is asked.
    assert_eq!(bound(page.next()), Some(1));
    assert_eq!(page.digest(ok(&page_rows(2))), Step::Send);
    assert_eq!(bound(page.next()), Some(8));
    assert_eq!(page.digest(ok(&page_rows(1))), Step::Send);
    assert_eq!(bound(page.next()), Some(64));
    // A full page: the wider windows are not asked.
    assert!(matches!(page.digest(ok(&page_rows(3))), Step::Answered(a) if a.data.len() == 3));

    // A view with fewer rows than a page in all: the last query is over all time.
    let mut page = s.view(ask()).page();
    for _ in 0..3 {
        assert_eq!(page.digest(ok(&page_rows(1))), Step::Send);
    }
    assert_eq!(bound(page.next()), None);
    assert!(matches!(page.digest(ok(&page_rows(1))), Step::Answered(_)));
    // A failure ends the search at once: a wider window would not fix it.
    let mut page = s.view(ask()).page();
    assert!(matches!(
        page.digest(Fault::read(500, b"Code: 241, e.displayText() = DB::Exception: Memory limit exceeded, e.what() = DB::Exception")),
        Step::Failed { .. }
    ));
}

fn page_rows(n: u64) -> String {
    page(&newest(n))
}

#[test]
fn page_two_continues_after_the_last_row_of_page_one_and_a_changed_query_does_not() {
    let mut s = session("1");
    let mut answer = Answer::default();
    let d = drive(&mut s, ask(), &mut answer, audit);
    assert!(
        d.sent[0].sql.text.contains("LIMIT 4 FORMAT"),
        "{}",
        d.sent[0].sql.text
    );
    // Page 0 ended at row 98 (T0 + 5h): page 1 starts right after it.
    let next = Ask { page: 1, ..ask() };
    let q = s.view(next.clone()).page().next().clone();
    let t = T0 + 5 * 3600;
    assert!(
        q.sql.text.contains(&format!(
            "((`createdAt` < toDateTime({t})) OR (`createdAt` = toDateTime({t}) AND `id` < 98))"
        )),
        "{}",
        q.sql.text
    );
    assert!(!q.sql.text.contains("OFFSET"), "{}", q.sql.text);
    // The same page of another search does not continue that page: by offset.
    let other = Ask {
        spec: FilterSpec {
            search: "bob".into(),
            ..Default::default()
        },
        ..next.clone()
    };
    let q = s.view(other).page().next().clone();
    assert!(q.sql.text.contains("OFFSET 3"), "{}", q.sql.text);
    assert!(!q.sql.text.contains("AND `id` < 98"), "{}", q.sql.text);
    // Nor does page 2 after page 0 (a page was skipped).
    let mut s = session("1");
    drive(&mut s, ask(), &mut answer, audit);
    let q = s.view(Ask { page: 2, ..ask() }).page().next().clone();
    assert!(q.sql.text.contains("OFFSET 6"), "{}", q.sql.text);
    // Live refresh moved the pages down by 2: page 2 starts 2 rows further, and
    // page 0's keyset does not continue a shifted page 1.
    let q = s
        .view(Ask {
            page: 2,
            shift: 2,
            ..ask()
        })
        .page()
        .next()
        .clone();
    assert!(q.sql.text.contains("OFFSET 8"), "{}", q.sql.text);
    let mut s = session("1");
    drive(&mut s, ask(), &mut answer, audit);
    let q = s
        .view(Ask {
            page: 1,
            shift: 2,
            ..ask()
        })
        .page()
        .next()
        .clone();
    assert!(q.sql.text.contains("OFFSET 5"), "{}", q.sql.text);
}

#[test]
fn live_refresh_counts_the_new_rows_before_the_first_row_of_the_page_being_read() {
    let mut s = session("2");
    let mut answer = Answer::default();
    let by_user = Ask {
        sort: Sort::By {
            col: "userEmail".into(),
            desc: false,
        },
        page: 1,
        ..ask()
    };
    drive(&mut s, by_user.clone(), &mut answer, audit);
    let q = s.news(by_user.clone()).query().sql.text.clone();
    // The third count: new rows whose keys come before the page's first row.
    assert!(q.contains(" AND ((`userEmail` < "), "{q}");
    // Another view than the one shown has no first row to count against.
    let q = s.news(Ask { page: 2, ..by_user }).query().sql.text.clone();
    assert!(!q.contains(" AND (("), "{q}");
}

#[test]
fn a_query_cancelled_by_its_replacement_is_sent_again_a_little_later_four_times_at_most() {
    let mut s = session("2");
    let mut page = s.view(ask()).page();
    let first = page.next().clone();
    let waits: Vec<Step> = (0..4)
        .map(|_| page.digest(Fault::read(500, CANCELLED)))
        .collect();
    assert_eq!(
        waits,
        [
            Step::After(25),
            Step::After(50),
            Step::After(75),
            Step::After(100)
        ]
    );
    // The same query each time.
    assert_eq!(page.next(), &first);
    let Step::Failed { error, .. } = page.digest(Fault::read(500, CANCELLED)) else {
        panic!("the fifth cancellation is the answer")
    };
    assert_eq!(error.message, "ClickHouse: Query was cancelled (error 394)");
    // A try that gets through is the answer.
    let mut page = s.view(ask()).page();
    assert_eq!(page.digest(Fault::read(500, CANCELLED)), Step::After(25));
    assert!(matches!(page.digest(ok(&page_rows(4))), Step::Answered(_)));
    // The count of tries starts again for the next window.
    // Where the server replaces nothing, nothing cancelled this query: it failed.
    let mut s = session("1");
    let mut page = s.view(ask()).page();
    assert!(matches!(
        page.digest(Fault::read(500, CANCELLED)),
        Step::Failed { .. }
    ));
    // A message that only quotes the code is another error.
    let mut s = session("2");
    let mut page = s.view(ask()).page();
    assert!(matches!(
        page.digest(Fault::read(
            500,
            b"Code: 62, e.displayText() = DB::Exception: Syntax error near 'x (error 394)'"
        )),
        Step::Failed { .. }
    ));
}

#[test]
fn another_failure_shows_the_servers_message_masked_with_the_sql_to_copy() {
    let mut s = Session::new(table("18.16.1", "1", Redaction::parse("email")), TAB);
    let mut answer = Answer::default();
    let d = drive(&mut s, ask(), &mut answer, |q| {
        match q.purpose {
        Purpose::Stats => Fault::read(
            500,
            b"Code: 62, e.displayText() = DB::Exception: Syntax error: failed at position 9 near 'ada@example.com', e.what() = DB::Exception\n",
        ),
        _ => audit(q),
    }
    });
    // The page and the count of the log still came.
    assert!(d.rows.is_some());
    assert_eq!(answer.all, Some(12));
    assert_eq!(answer.total, None);
    let [Step::Failed { fault, error }] = d.failed.as_slice() else {
        panic!("{:?}", d.failed)
    };
    assert!(
        error
            .message
            .starts_with("ClickHouse: Syntax error: failed at position 9 near "),
        "{}",
        error.message
    );
    assert!(error.message.ends_with(" (error 62)"), "{}", error.message);
    assert!(
        !error.message.contains("ada@example.com"),
        "{}",
        error.message
    );
    assert!(error.message.contains("•••"), "{}", error.message);
    let stats = d.sent.iter().find(|q| q.purpose == Purpose::Stats).unwrap();
    assert_eq!(error.sql, stats.sql.text);
    assert_eq!(fault.needs_token(error), None);
    // Cancelled by the page itself: nothing to show.
    let mut page = s.view(ask()).page();
    assert_eq!(page.digest(Err(Fault::Aborted)), Step::Aborted);
}

#[test]
fn a_password_refused_in_the_middle_of_a_view_asks_for_the_token() {
    let mut s = session("1");
    let mut page = s.view(ask()).page();
    let sql = page.next().sql.text.clone();
    let Step::Failed { fault, error } = page.digest(Fault::read(401, b"")) else {
        panic!()
    };
    assert_eq!(
        fault.needs_token(&error).as_deref(),
        Some("This endpoint needs a token: ClickHouse refused the user or password")
    );
    assert_eq!(fault.status(), Some(401));
    assert_eq!(error.message, "ClickHouse refused the user or password");
    assert_eq!(error.sql, sql);
}

#[test]
fn the_histogram_is_asked_again_when_the_guessed_buckets_were_not_the_spans() {
    // Nothing tells the span before the first view: no buckets are guessed, the
    // stats tell the span, and the histogram follows in its buckets.
    let mut s = session("1");
    let mut answer = Answer::default();
    let view = s.view(ask());
    let rest = view.rest(s.left_mut());
    let Some(scan) = rest.first() else { panic!() };
    assert_eq!(scan.part(), &Part::Stats { guess: None });
    assert!(!scan.next().sql.text.contains("concat('Y'"));
    let landed = view.land(
        s.left_mut(),
        scan.part(),
        &ok(&stats(false)).unwrap(),
        &mut answer,
    );
    let follow = landed.then.expect("a histogram query");
    assert_eq!(follow.next().purpose, Purpose::Histogram);
    assert!(
        follow.next().sql.text.contains("GROUP BY b ORDER BY b"),
        "{}",
        follow.next().sql.text
    );
    assert!(answer.histogram.is_none(), "no bars before their answer");
    view.land(
        s.left_mut(),
        follow.part(),
        &ok(&histogram()).unwrap(),
        &mut answer,
    );
    let h = answer.histogram.as_ref().expect("bars");
    assert_eq!(h.buckets.iter().map(|b| b.count).sum::<usize>(), 5);
    assert_eq!(h.buckets.first().map(|b| b.count), Some(3));
    // The count of the log told the span: the next view's scan counts the buckets too,
    // and no second query follows.
    view.land(
        s.left_mut(),
        &Part::All,
        &ok(&all(5, T0, T0 + 7 * 3600)).unwrap(),
        &mut answer,
    );
    let view = s.view(ask());
    let rest = view.rest(s.left_mut());
    assert!(rest[0].next().sql.text.contains("concat('Y'"));
    let landed = view.land(
        s.left_mut(),
        rest[0].part(),
        &ok(&stats(true)).unwrap(),
        &mut answer,
    );
    assert!(landed.then.is_none());
    assert_eq!(
        answer
            .histogram
            .as_ref()
            .unwrap()
            .buckets
            .iter()
            .map(|b| b.count)
            .sum::<usize>(),
        5
    );
}

#[test]
fn while_the_admin_types_only_the_page_goes_at_once() {
    let mut s = session("1");
    let mut answer = Answer::default();
    drive(&mut s, ask(), &mut answer, audit);
    let typed = |search: &str| Ask {
        spec: FilterSpec {
            search: search.into(),
            ..Default::default()
        },
        ..ask()
    };
    let view = s.view(typed("a"));
    assert!(!view.page().waits());
    let rest = view.rest(s.left_mut());
    assert!(rest.iter().all(Slot::waits));
    let landed = view.land(
        s.left_mut(),
        rest[0].part(),
        &ok(&stats(false)).unwrap(),
        &mut answer,
    );
    assert!(
        landed.then.unwrap().waits(),
        "the histogram's second pass waits too"
    );
    // Another sort is no typing: nothing waits.
    let sorted = Ask {
        sort: Sort::By {
            col: "type".into(),
            desc: false,
        },
        ..typed("ad")
    };
    let view = s.view(sorted);
    assert!(view.rest(s.left_mut()).iter().all(|slot| !slot.waits()));
}

#[test]
fn a_sort_the_table_cannot_give_is_noted_and_newest_first_is_given() {
    let mut s = Session::new(table("18.16.1", "1", Redaction::parse("userEmail")), TAB);
    let mut answer = Answer::default();
    let by = |col: &str| Ask {
        sort: Sort::By {
            col: col.into(),
            desc: false,
        },
        ..ask()
    };
    // The actor is masked: first seen is not counted either.
    let unfirst = "First seen is not counted here: first seen reads the actor, \
                   and the values of userEmail are masked";
    s.view(by("nope")).begin(&mut answer);
    assert_eq!(
        answer.notes,
        [
            "Not sorted by nope: the table has no such column; newest first instead.",
            unfirst
        ]
    );
    let view = s.view(by("userEmail"));
    view.begin(&mut answer);
    assert_eq!(
        answer.notes,
        [
            "Not sorted by userEmail: its values are masked; newest first instead.",
            unfirst
        ]
    );
    assert!(
        view.page()
            .next()
            .sql
            .text
            .contains("ORDER BY `createdAt` DESC")
    );
    s.view(by("type")).begin(&mut answer);
    assert_eq!(answer.notes, [unfirst]);
}

#[test]
fn live_refresh_asks_a_view_that_moved_again_and_announces_what_is_new() {
    let mut s = session("2");
    let mut answer = Answer::default();
    drive(&mut s, ask(), &mut answer, audit);
    assert_eq!(answer.total, Some(5));
    let news = s.news(ask());
    let q = news.query().clone();
    assert_eq!(q.purpose, Purpose::News);
    assert_eq!(q.slot.as_deref(), Some("42-news"));
    // Newer than the newest row the view's stats saw (07:00).
    assert!(
        q.sql.text.contains(&format!(
            "countIf(`createdAt` > toDateTime({}))",
            T0 + 7 * 3600
        )),
        "{}",
        q.sql.text
    );
    let news_of = |total: u64, newer: u64| {
        ok(&format!(
            r#"{{"meta":[{{"name":"count()","type":"UInt64"}},{{"name":"countIf(greater(createdAt, toDateTime(1767250800)))","type":"UInt64"}}],"data":[["{total}","{newer}"]],"rows":1}}"#
        ))
    };
    // Nothing new: what is shown stays.
    let shown = answer.total;
    assert_eq!(
        news.digest(news_of(5, 0), s.left_mut(), shown),
        Checked::Same
    );
    // Two new rows: the view is asked again, and the log is counted again.
    let checked = s.news(ask()).digest(news_of(7, 2), s.left_mut(), shown);
    assert_eq!(
        checked,
        Checked::Moved {
            ask: Box::new(ask()),
            news: Some("2 new entries".into()),
            newer: 2,
            before: None,
        }
    );
    let d = drive(&mut s, ask(), &mut answer, audit);
    assert!(d.sent.iter().any(|q| q.purpose == Purpose::All));
    let checked = s.news(ask()).digest(news_of(6, 1), s.left_mut(), Some(5));
    assert!(matches!(checked, Checked::Moved { news: Some(n), .. } if n == "1 new entry"));
    let checked = s
        .news(ask())
        .digest(news_of(1003, 1000), s.left_mut(), Some(3));
    assert!(matches!(checked, Checked::Moved { news: Some(n), .. } if n == "1,000 new entries"));
    // The admin changed the view meanwhile: the same count still asks it again.
    let older = Ask { page: 1, ..ask() };
    let checked = s
        .news(older.clone())
        .digest(news_of(5, 0), s.left_mut(), Some(5));
    assert_eq!(
        checked,
        Checked::Moved {
            ask: Box::new(older),
            news: None,
            newer: 0,
            before: None,
        }
    );
    // A failure is announced; what is shown stays.
    let checked = s
        .news(ask())
        .digest(Fault::read(502, b""), s.left_mut(), Some(5));
    assert_eq!(
        checked,
        Checked::Failed("Live refresh failed: ClickHouse answered HTTP 502".into())
    );
}

#[test]
fn an_entry_not_on_the_page_is_read_by_its_id() {
    let mut s = session("1");
    assert!(
        s.entry("7", &FilterSpec::default()).is_none(),
        "no lookup before the first view"
    );
    let mut answer = Answer::default();
    drive(&mut s, ask(), &mut answer, audit);
    let e = s.entry("7", &FilterSpec::default()).unwrap();
    let q = e.query().expect("a lookup").clone();
    assert!(
        q.sql
            .text
            .ends_with("WHERE `id` = 7 LIMIT 1 FORMAT JSONCompact"),
        "{}",
        q.sql.text
    );
    let one = format!(
        r#"{{"meta":[{{"name":"raw","type":"String"}}],"data":[[{}]],"rows":1}}"#,
        serde_json::to_string(&raw(7, T0)).unwrap()
    );
    let found = e.digest(ok(&one)).unwrap().expect("the entry");
    assert_eq!(ids(&found), ["7"]);
    // No such entry.
    let none = r#"{"meta":[{"name":"raw","type":"String"}],"data":[],"rows":0}"#;
    assert!(e.digest(ok(none)).unwrap().is_none());
    // A failure is the view's error, with the query to copy.
    let err = e.digest(Fault::read(502, b"")).unwrap_err();
    assert_eq!(
        (err.message.as_str(), err.sql.as_str()),
        ("ClickHouse answered HTTP 502", q.sql.text.as_str())
    );
    // Ids masked whole: a lookup would tell which exist, so none is made.
    let mut s = Session::new(table("18.16.1", "1", Redaction::parse("id")), TAB);
    drive(&mut s, ask(), &mut answer, audit);
    assert!(
        s.entry("7", &FilterSpec::default())
            .unwrap()
            .query()
            .is_none()
    );
}

#[test]
fn an_export_walks_the_view_chunk_after_chunk_until_no_row_follows() {
    let mut s = session("1");
    assert!(s.export().is_none(), "nothing to export before a view");
    let mut answer = Answer::default();
    let searched = Ask {
        spec: FilterSpec {
            search: "ada".into(),
            ..Default::default()
        },
        ..ask()
    };
    drive(&mut s, searched, &mut answer, audit);
    // A small view: one query for its 5,000 rows and the one after; none came after.
    let mut x = s.export().unwrap();
    let q = x.next().unwrap();
    assert_eq!(q.purpose, Purpose::Export);
    assert!(
        q.sql.text.contains("'ada'") && q.sql.text.contains("LIMIT 5001"),
        "{}",
        q.sql.text
    );
    assert_eq!(q.slot, None, "an export is not replaced by the views");
    let d = x.digest(&q, ok(&page_rows(3))).unwrap();
    assert_eq!(ids(&d), ["100", "99", "98"]);
    assert!(x.next().is_none());
    // Two rows a chunk: each chunk continues after the last row of the one before.
    let planner = s.view(ask()).planner().clone();
    let order = planner.order(None);
    let mut x = Export::new(
        FilterSpec::default(),
        order,
        2,
        planner,
        s.table().settings().clone(),
    );
    let rows = newest(5);
    let mut got = vec![];
    let mut at = 0;
    while let Some(q) = x.next() {
        if at > 0 {
            let (id, t) = rows[at - 1];
            assert!(
                q.sql
                    .text
                    .contains(&format!("(`createdAt` = toDateTime({t}) AND `id` < {id})")),
                "{}",
                q.sql.text
            );
        }
        let chunk: Vec<_> = rows.iter().skip(at).take(3).copied().collect();
        got.extend(ids(&x.digest(&q, ok(&page(&chunk))).unwrap()));
        at += 2;
    }
    assert_eq!(got, ["100", "99", "98", "97", "96"]);
    // A failed chunk says what ClickHouse said.
    let mut x = s.export().unwrap();
    let q = x.next().unwrap();
    let e = x
        .digest(&q, Fault::read(500, b"Code: 396, e.displayText() = DB::Exception: Limit for result exceeded, max rows: 1000, e.what() = DB::Exception"))
        .unwrap_err();
    assert_eq!(
        e.message,
        "ClickHouse: Limit for result exceeded, max rows: 1000 (error 396)"
    );
}

#[test]
fn a_failed_request_reads_as_the_admin_can_act_on_it() {
    let s = src();
    let cases = [
        (
            Fault::unreachable(&s, "TypeError: Failed to fetch"),
            "Could not reach ClickHouse trailview.audit at 127.0.0.1:8123 (TypeError: Failed to fetch). Check that it is up and allows this page (add_http_cors_header=1 in the user's profile).",
        ),
        (
            Fault::cut_off(&s, "longer than 64 MiB, the most read at once"),
            "The answer of ClickHouse trailview.audit at 127.0.0.1:8123 was not read whole (longer than 64 MiB, the most read at once). Try again, or narrow the view (a shorter range, a filter).",
        ),
        (
            Fault::redirected(&s),
            "ClickHouse trailview.audit at 127.0.0.1:8123 answered with a redirect, which Trailview does not follow.",
        ),
        (
            Fault::read(200, b"<html>proxy</html>").unwrap_err(),
            "ClickHouse sent an answer that is not the JSON asked for (expected value at line 1 column 1)",
        ),
    ];
    for (fault, text) in cases {
        assert_eq!(fault.to_string(), text);
        assert!(!fault.is_auth());
    }
    assert!(Fault::unreachable(&s, "x").is_unreachable());
    assert_eq!(Fault::read(200, b"<html>").unwrap_err().status(), Some(200));
}

#[test]
fn following_the_actor_starts_from_the_entry_read_by_its_id() {
    use super::reading::Reading;
    let mut s = session("1");
    let fence = FilterSpec::default();
    assert!(
        s.chaining("7", &fence, 60_000).is_none(),
        "no chain before the first view"
    );
    let mut answer = Answer::default();
    drive(&mut s, ask(), &mut answer, audit);
    let c = s.chaining("7", &fence, 60_000).unwrap();
    let q = &c.queries()[0];
    assert_eq!(q.purpose, Purpose::Chain);
    assert!(
        q.sql
            .text
            .ends_with("WHERE `id` = 7 LIMIT 1 FORMAT JSONCompact"),
        "{}",
        q.sql.text
    );
    // This table has no target: the start is read, and nothing is followed.
    let start = r#"{"meta":[],"data":[["ada@example.com","user.login",null,1767250800,"7"]]}"#;
    let start = Compact::parse(start.as_bytes()).unwrap();
    assert_eq!(c.next(std::slice::from_ref(&start)), None);
    let chain = c.digest(vec![Ok(start)]).unwrap();
    assert_eq!((chain.from, chain.hops.len()), (None, 0));
}
