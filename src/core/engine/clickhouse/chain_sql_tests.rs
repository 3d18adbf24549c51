//! Following the actor on ClickHouse: on generated logs, the stand-in server's
//! answers to the chaining's queries give exactly memory's chain, for many starts
//! and windows (cut by depth and by events among them); a full answer is read on
//! from its last event; too many full answers stop at what is certain and say so;
//! hostile identities stay one escaped literal each; and a table that cannot place
//! events exactly gives no chain.

use super::*;
use crate::core::engine::clickhouse::chaining::{Chaining, MAX_ASKS};
use crate::core::engine::clickhouse::differ_sql_tests::engines_with;
use crate::core::engine::clickhouse::fake::Table;
use crate::core::engine::clickhouse::fault::Fault;
use crate::core::engine::clickhouse::query::{Purpose, Query};
use crate::core::engine::clickhouse::reading::Reading;
use crate::core::engine::clickhouse::settings::Settings;
use crate::core::engine::clickhouse::sql::tests::{HOSTILE, Token, lex};
use crate::core::explain::chain::{Chain, Cut, follow};
use crate::core::time::{EpochMs, Zone, format_iso};
use crate::core::trust::redact::Redaction;
use serde_json::json;

const COLUMNS: [(&str, &str); 6] = [
    ("id", "UInt64"),
    ("createdAt", "DateTime"),
    ("userEmail", "String"),
    ("type", "String"),
    ("target", "Nullable(String)"),
    ("appName", "LowCardinality(String)"),
];
const MAP: &str = "time:createdAt,actor:userEmail,action:type,target:target,id:id,app:appName";
/// 2026-01-01T00:00:00Z.
const T0: EpochMs = 1_767_225_600_000;
const SEC: i64 = 1000;

/// One entry of the table's columns, `s` seconds after [`T0`].
fn entry(id: usize, s: i64, actor: &str, action: &str, target: Option<&str>) -> Value {
    json!({
        "id": id,
        "createdAt": format_iso(T0 + s * SEC, Zone::Utc),
        "userEmail": actor,
        "type": action,
        "target": target,
        "appName": if id % 7 == 3 { "HR" } else { "Billing" },
    })
}

/// `n` entries, three a second, among ten identities (hostile ones too) acting on
/// each other; some targets null or empty.
fn log(n: usize) -> Vec<Value> {
    let mut who: Vec<String> = (0..6).map(|i| format!("user{i}@acme.test")).collect();
    who.extend(["'", "a' OR '1'='1", "back`tick", "é ü 日本 🦀"].map(String::from));
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..n)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let pick = |k: u32, m: u64| ((x >> k) % m) as usize;
            let target = match pick(7, 16) {
                0 | 1 => None,
                2 => Some(""),
                _ => Some(who[pick(13, 10)].as_str()),
            };
            entry(
                i,
                i as i64 / 3,
                &who[pick(3, 10)],
                ["a", "b", "c"][pick(23, 3)],
                target,
            )
        })
        .collect()
}

/// What a driven chaining sent and gave.
struct Driven {
    chain: Chain,
    sent: Vec<Query>,
    /// Answers that came back full ([`MAX_EVENTS`] + 1 events).
    full: usize,
}

/// The chaining driven as the driver drives a reading.
fn on_server(c: &Chaining, t: &mut Table) -> Driven {
    let mut sent = c.queries().to_vec();
    let mut answers: Vec<Compact> = sent.iter().map(|q| t.answer_query(q)).collect();
    while let Some(q) = c.next(&answers) {
        assert!(sent.len() <= MAX_ASKS, "never more than the cap");
        answers.push(t.answer_query(&q));
        sent.push(q);
    }
    assert!(sent.iter().all(|q| q.purpose == Purpose::Chain));
    let full = answers.iter().filter(|a| a.data.len() > MAX_EVENTS).count();
    let chain = c.digest(answers.into_iter().map(Ok).collect()).unwrap();
    Driven { chain, sent, full }
}

/// The chaining from entry `id` over `p`'s table.
fn chaining(p: &Planner, id: usize, window_ms: i64) -> Chaining {
    let spec = FilterSpec::default();
    Chaining::new(
        p.clone(),
        &Settings::default(),
        &spec,
        &id.to_string(),
        window_ms,
    )
    .unwrap()
}

#[test]
fn the_server_follows_what_memory_follows() {
    let entries = log(900);
    let (mut events_cut, mut depth_cut, mut whole, mut full) = (0, 0, 0, 0);
    for version in ["18.16.1", "23.8.2.7"] {
        let (p, mut t, ds) = engines_with(version, &entries, &COLUMNS, MAP);
        for start in (0..entries.len()).step_by(41) {
            for w in [0, 2 * SEC, 15 * SEC + 999, 40 * SEC, 600 * SEC] {
                let got = on_server(&chaining(&p, start, w), &mut t);
                let want = follow(&ds, start as u32, w);
                assert_eq!(got.chain, want, "{version} from {start} within {w}");
                match want.truncated {
                    Some(Cut::Events) => events_cut += 1,
                    Some(Cut::Depth) => depth_cut += 1,
                    None if !want.hops.is_empty() => whole += 1,
                    None => {}
                }
                full += got.full;
            }
        }
    }
    assert!(
        events_cut > 0 && depth_cut > 0 && whole > 0,
        "{events_cut} {depth_cut} {whole}"
    );
    assert!(full > 0, "some answers come back full");
}

/// A invites U (entry 0); U invites V at 2 s and, much later, H; H acts `busy`
/// times before that (not yet followed), then three times after.
fn busy_log(busy: usize) -> (Vec<Value>, i64) {
    let mut log = vec![
        entry(0, 0, "A", "user.invite", Some("U")),
        entry(1, 2, "U", "user.invite", Some("V")),
    ];
    let late = busy as i64 + 10;
    log.extend((0..busy).map(|i| entry(i + 2, 3 + i as i64, "H", "busy", Some("Q"))));
    let n = busy + 2;
    log.push(entry(n, late, "U", "role.grant", Some("H")));
    log.extend((1..=3).map(|i| entry(n + i, late + i as i64, "H", "after", Some("R"))));
    log.push(entry(n + 4, late + 5, "V", "v.acts", None));
    (log, late + 10)
}

#[test]
fn a_full_answer_is_read_on_from_its_last_event() {
    let (entries, span) = busy_log(450);
    let (p, mut t, ds) = engines_with("18.16.1", &entries, &COLUMNS, MAP);
    let Driven {
        chain: got,
        sent,
        full,
    } = on_server(&chaining(&p, 0, span * SEC), &mut t);
    let want = follow(&ds, 0, span * SEC);
    assert_eq!(got, want);
    let actions: Vec<&str> = got
        .hops
        .iter()
        .filter_map(|h| h.action.as_deref())
        .collect();
    assert_eq!(
        actions,
        [
            "user.invite",
            "role.grant",
            "after",
            "after",
            "after",
            "v.acts"
        ]
    );
    assert_eq!(got.truncated, None);
    // The start, U's events, V's and H's (full), then on after the last read.
    // The start; U's events; V's and H's, two full answers read on; R's, whom H
    // acted on once followed.
    assert_eq!((sent.len(), full), (6, 2));
    assert!(sent[5].sql.text.contains("`userEmail` IN ('R')"));
}

#[test]
fn too_many_full_answers_stop_at_what_is_certain_and_say_so() {
    let (entries, span) = busy_log((MAX_ASKS + 1) * (MAX_EVENTS + 1));
    let (p, mut t, ds) = engines_with("18.16.1", &entries, &COLUMNS, MAP);
    let Driven {
        chain: got,
        sent,
        full,
    } = on_server(&chaining(&p, 0, span * SEC), &mut t);
    assert_eq!((sent.len(), full), (1 + MAX_ASKS, MAX_ASKS - 1));
    let want = follow(&ds, 0, span * SEC);
    assert_eq!(want.truncated, None);
    // U's invite of V is certain; H's grant, much later, is not reached.
    assert_eq!(got.truncated, Some(Cut::Events));
    assert_eq!(got.hops[..], want.hops[..1]);
    // A driver that stops asking early gets what is certain too.
    let c = chaining(&p, 0, span * SEC);
    let first: Vec<Compact> = c.queries().iter().map(|q| t.answer_query(q)).collect();
    let got = c.digest(first.into_iter().map(Ok).collect()).unwrap();
    assert_eq!((got.hops.len(), got.truncated), (0, Some(Cut::Events)));
}

#[test]
fn hostile_identities_stay_one_literal_each() {
    let mut entries = vec![entry(0, 0, "A", "invite", Some(HOSTILE[5]))];
    for (i, h) in HOSTILE.iter().enumerate().skip(1) {
        let next = HOSTILE[(i + 1) % HOSTILE.len()];
        entries.push(entry(i, i as i64, HOSTILE[i - 1], "acts", Some(h)));
        entries.push(entry(100 + i, i as i64, h, "acts", Some(next)));
    }
    for version in ["18.16.1", "23.8.2.7"] {
        let (p, mut t, ds) = engines_with(version, &entries, &COLUMNS, MAP);
        let c = chaining(&p, 0, 60 * SEC);
        let Driven {
            chain: got, sent, ..
        } = on_server(&c, &mut t);
        assert_eq!(got, follow(&ds, 0, 60 * SEC));
        assert!(got.hops.len() > 3);
        // The second query asks for the start's target: one literal, twice.
        let q = &sent[1];
        let strings: Vec<Token> = match version {
            "18.16.1" => {
                assert!(q.params.is_empty(), "18.16 takes no parameters");
                lex(&q.sql.text)
                    .into_iter()
                    .filter(|t| matches!(t, Token::Str(_)))
                    .collect()
            }
            _ => q
                .sql
                .params
                .iter()
                .map(|(_, v)| Token::Str(v.clone()))
                .collect(),
        };
        let h = Token::Str(HOSTILE[5].into());
        assert_eq!(strings, [h.clone(), h]);
    }
}

#[test]
fn the_sql_is_what_clickhouse_18_16_reads() {
    let (entries, _) = busy_log(3);
    let (p, mut t, _) = engines_with("18.16.1", &entries, &COLUMNS, MAP);
    let fence = FilterSpec {
        scope: Some("billing".into()),
        ..Default::default()
    };
    let c = Chaining::new(p, &Settings::default(), &fence, "0", 90 * SEC + 500).unwrap();
    let select = "SELECT `userEmail`, `type`, `target`, toUInt32(`createdAt`), `id` FROM `t` \
                  WHERE (lowerUTF8(`appName`) = 'billing')";
    assert_eq!(
        c.queries()[0].sql.text,
        format!("{select} AND `id` = 0 LIMIT 1 FORMAT JSONCompact")
    );
    let start = t.answer_query(&c.queries()[0]);
    let first = c.next(std::slice::from_ref(&start)).unwrap();
    let s0 = T0 / 1000;
    assert_eq!(
        first.sql.text,
        format!(
            "{select} AND `createdAt` >= toDateTime({s0}) AND `createdAt` <= toDateTime({}) \
             AND NOT (`id` = 0) AND (`userEmail` IN ('U') OR `target` IN ('U')) \
             ORDER BY `createdAt` ASC, `id` ASC LIMIT 201 FORMAT JSONCompact",
            s0 + 90
        )
    );
    // U invites V at 2 s: V's events after that invite.
    let u = t.answer_query(&first);
    let second = c.next(&[start, u]).unwrap();
    assert!(
        second.sql.text.ends_with(&format!(
            "(`userEmail` IN ('V', 'H') OR `target` IN ('V', 'H')) AND \
             ((`createdAt` > toDateTime({s})) OR (`createdAt` = toDateTime({s}) AND `id` > 1)) \
             ORDER BY `createdAt` ASC, `id` ASC LIMIT 201 FORMAT JSONCompact",
            s = s0 + 2
        )),
        "{}",
        second.sql.text
    );
}

#[test]
fn a_missing_start_or_one_without_a_target_follows_nothing() {
    let entries = vec![
        entry(0, 0, "A", "login", None),
        entry(1, 1, "A", "acts", Some("")),
        entry(2, 2, "B", "acts", Some("A")),
    ];
    let (p, mut t, ds) = engines_with("18.16.1", &entries, &COLUMNS, MAP);
    for id in [0, 1, 99] {
        let c = chaining(&p, id, 60 * SEC);
        let Driven {
            chain: got, sent, ..
        } = on_server(&c, &mut t);
        assert_eq!(sent.len(), 1, "only the start is asked");
        assert_eq!(
            got,
            Chain {
                window_ms: 60 * SEC,
                ..Chain::default()
            }
        );
        if id < 2 {
            assert_eq!(got, follow(&ds, id as u32, 60 * SEC));
        }
    }
}

#[test]
fn a_failed_query_is_shown_with_its_sql() {
    let (entries, span) = busy_log(3);
    let (p, mut t, _) = engines_with("18.16.1", &entries, &COLUMNS, MAP);
    let c = chaining(&p, 0, span * SEC);
    let start = t.answer_query(&c.queries()[0]);
    let first = c.next(std::slice::from_ref(&start)).unwrap();
    let err = c
        .digest(vec![Ok(start), Fault::read(502, b"")])
        .unwrap_err();
    assert_eq!(err.message, "ClickHouse answered HTTP 502");
    assert_eq!(err.sql, first.sql.text);
    let err = c.digest(vec![Fault::read(502, b"")]).unwrap_err();
    assert_eq!(err.sql, c.queries()[0].sql.text);
}

#[test]
fn a_table_that_cannot_place_events_gives_no_chain() {
    let entries = log(10);
    let with = |cols: &[(&str, &str)], map: &str| engines_with("18.16.1", &entries, cols, map).0;
    let p = with(&COLUMNS, MAP);
    assert!(p.chain_cols().is_some());
    // Ids masked whole (no id role then), null ids or times.
    assert!(p.masked(&Redaction::parse("id")).chain_cols().is_none());
    let mut cols = COLUMNS;
    cols[0].1 = "Nullable(UInt64)";
    assert!(with(&cols, MAP).chain_cols().is_none());
    let mut cols = COLUMNS;
    cols[1].1 = "Nullable(DateTime)";
    assert!(with(&cols, MAP).chain_cols().is_none());
    // Roles the table lacks are read as NULL: without a target, nothing to follow.
    let cols: Vec<(&str, &str)> = COLUMNS.into_iter().filter(|c| c.0 != "target").collect();
    let (p, mut t, _) = engines_with("18.16.1", &entries, &cols, MAP);
    let c = p.chain_cols().unwrap();
    assert_eq!((c.actor.is_some(), c.target), (true, None));
    let got = on_server(&chaining(&p, 3, 60 * SEC), &mut t);
    assert!(got.chain.from.is_none() && got.sent[0].sql.text.contains(", NULL, "));
}

#[test]
fn a_chain_read_under_a_redaction_shows_every_text_masked() {
    let entries = log(300);
    let (p, mut t, _) = engines_with("18.16.1", &entries, &COLUMNS, MAP);
    let masked = p.masked(&crate::core::trust::redact::Redaction::parse("email"));
    let mut hops = 0;
    for start in (0..entries.len()).step_by(7) {
        let got = on_server(&chaining(&masked, start, 40 * SEC), &mut t).chain;
        let texts = got.from.iter().chain(got.hops.iter().flat_map(|h| {
            [&h.actor, &h.action, &h.target, &h.introduces]
                .into_iter()
                .flatten()
        }));
        for text in texts {
            assert!(!text.contains("@acme.test"), "{text}");
        }
        hops += got.hops.len();
    }
    assert!(hops > 0, "the masked table still chains");
}
