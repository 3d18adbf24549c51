//! What a user notices: which entries each query keeps, how it prints, and what a
//! mistake says.

use super::ast::*;
use super::fields::*;
use super::*;
use crate::core::dataset::Dataset;
use crate::core::query::filter::{Op, search};
use crate::core::roles::Role;
use crate::core::time::Zone;

fn ds(text: &str) -> Dataset {
    Dataset::from_bytes(text.as_bytes().to_vec()).unwrap().0
}

/// A Fliplet-like log.
const LOG: &str = r#"[
  {"id":"e1","createdAt":"2026-01-01T09:00:00Z","type":"user.login","user":"Ada@Example.com","app":"Room Booking","appId":101,"data":{"status":200,"method":"passkey","to":["zoe@example.com","bob@x.io"]}},
  {"id":"e2","createdAt":"2026-01-02T10:00:00Z","type":"user.twofactor.remove","user":"grace@acme.test","app":"Sales Portal","appId":102,"data":{"status":"404","note":"two words here"}},
  {"id":"e3","createdAt":"2026-01-03T11:00:00Z","type":"email.sent","user":"bot@acme.test","app":null,"appId":null,"data":{"status":500,"to":["ada@example.com"]}},
  {"id":"e4","createdAt":"2026-01-04T12:00:00Z","type":"file.upload","user":"linus@acme.test","app":"Room Booking","appId":101,"url":"https://a.b/c?d=e"}
]"#;

/// The same events in another shape (CloudTrail-like names).
const OTHER: &str = r#"[
  {"eventTime":"2026-01-01T09:00:00Z","eventName":"user.login","userIdentity":{"userName":"Ada@Example.com"},"awsRegion":"eu-west-1"},
  {"eventTime":"2026-01-02T10:00:00Z","eventName":"user.twofactor.remove","userIdentity":{"userName":"grace@acme.test"},"awsRegion":"eu-west-1"},
  {"eventTime":"2026-01-03T11:00:00Z","eventName":"email.sent","userIdentity":{"userName":"bot@acme.test"},"awsRegion":"us-east-1"},
  {"eventTime":"2026-01-04T12:00:00Z","eventName":"file.upload","userIdentity":{"userName":"linus@acme.test"},"awsRegion":"us-east-1"}
]"#;

fn q(d: &Dataset, text: &str) -> Query {
    parse(text, d).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// Rows `text` keeps in `d`, times in UTC.
fn rows_in(d: &Dataset, text: &str, zone: Zone) -> Vec<u32> {
    eval(d, &q(d, text), zone, &Default::default())
        .iter()
        .collect()
}

fn rows(d: &Dataset, text: &str) -> Vec<u32> {
    rows_in(d, text, Zone::Utc)
}

fn err(d: &Dataset, text: &str) -> (usize, String) {
    let e = parse(text, d).expect_err(text);
    (e.column, e.message)
}

fn printed(d: &Dataset, text: &str) -> String {
    q(d, text).to_string()
}

#[test]
fn the_test_logs_have_the_roles_the_tests_rely_on() {
    for (log, actor, action, time) in [
        (LOG, "user", "type", "createdAt"),
        (OTHER, "userIdentity.userName", "eventName", "eventTime"),
    ] {
        let d = ds(log);
        let path = |r| d.role(r).map(|n| d.store().node(n).path.clone());
        assert_eq!(path(Role::Actor).as_deref(), Some(actor));
        assert_eq!(path(Role::Action).as_deref(), Some(action));
        assert_eq!(path(Role::Time).as_deref(), Some(time));
    }
}

#[test]
fn plain_words_are_todays_search_anded() {
    let d = ds(LOG);
    for w in ["ada", "ACME", "zoe@", "<m", "passkey", "https://a.b/c?d=e"] {
        let today: Vec<u32> = search(&d, w)
            .map(|r| r.iter().collect())
            .unwrap_or_default();
        assert_eq!(rows(&d, w), today, "{w}");
    }
    // Side by side: every word, anywhere in the entry.
    let both: Vec<u32> = {
        let mut r = search(&d, "acme").unwrap();
        r.and(&search(&d, "room").unwrap());
        r.iter().collect()
    };
    assert_eq!(rows(&d, "acme room"), both);
    assert_eq!(rows(&d, "acme room"), [3]);
    // Quoted: one piece, as the whole box searched before.
    let phrase: Vec<u32> = search(&d, "two words").unwrap().iter().collect();
    assert_eq!(rows(&d, r#""two words""#), phrase);
    assert_eq!(rows(&d, r#""two words""#), [1]);
    assert_eq!(rows(&d, r#""words two""#), Vec::<u32>::new());
    // Empty text keeps everything.
    assert_eq!(rows(&d, "   "), [0, 1, 2, 3]);
    assert_eq!(q(&d, " ").root, None);
}

#[test]
fn field_values_match_exactly_ignoring_case() {
    let d = ds(LOG);
    assert_eq!(rows(&d, "type:USER.LOGIN"), [0]);
    assert_eq!(
        rows(&d, "type:user"),
        Vec::<u32>::new(),
        "exact, not contains"
    );
    assert_eq!(rows(&d, "appId:101"), [0, 3]);
    assert_eq!(rows(&d, "data.method:passkey"), [0]);
    // Only the first `:` is the operator: values may hold `:`, `<`, `>` and `=`.
    assert_eq!(rows(&d, "url:https://a.b/c?d=e"), [3]);
    let m = ds(r#"[{"messageId":"<m1@x>"},{"messageId":"<m2@x>"}]"#);
    assert_eq!(rows(&m, "messageId:<M2@x>"), [1]);
}

#[test]
fn wildcards_quotes_and_presence() {
    let d = ds(LOG);
    assert_eq!(rows(&d, "type:user.*"), [0, 1]);
    assert_eq!(rows(&d, "type:*factor*"), [1]);
    assert_eq!(rows(&d, r#"data.note:"two words here""#), [1]);
    assert_eq!(rows(&d, r#"data.note:"TWO WORDS"*"#), [1]);
    assert_eq!(rows(&d, r#"data.note:*"words h"*"#), [1]);
    assert_eq!(rows(&d, r#"data.note:"two words""#), Vec::<u32>::new());
    // Present with a value: `null` is no value.
    assert_eq!(rows(&d, "app:*"), [0, 1, 3]);
    assert_eq!(rows(&d, "url:*"), [3]);
    assert_eq!(rows(&d, "data.to:*"), [0, 2]);
    assert_eq!(rows(&d, "-url:*"), [0, 1, 2]);
    // An escaped star is a star.
    assert_eq!(q(&d, r"type:a\*").root, q(&d, r#"type:"a*""#).root);
}

#[test]
fn an_array_matches_when_any_element_does() {
    let d = ds(LOG);
    assert_eq!(rows(&d, "data.to:bob@x.io"), [0]);
    assert_eq!(rows(&d, "data.to:ADA@example.com"), [2]);
    assert_eq!(rows(&d, "data.to:*example*"), [0, 2]);
    // The elements' own path too, and a parent object reaches its leaves.
    assert_eq!(rows(&d, "data.to[]:bob@x.io"), [0]);
    assert_eq!(rows(&d, "data:passkey"), [0]);
}

#[test]
fn numbers_compare_as_numbers_also_in_strings() {
    let d = ds(LOG);
    assert_eq!(rows(&d, "data.status>=404"), [1, 2]);
    assert_eq!(rows(&d, "data.status>404"), [2]);
    assert_eq!(rows(&d, "data.status<300"), [0]);
    assert_eq!(rows(&d, "data.status<=404"), [0, 1]);
    assert_eq!(rows(&d, "data.status>1e2"), [0, 1, 2]);
    assert_eq!(rows(&d, "data.status>-1.5"), [0, 1, 2]);
    // Not numbers: no order.
    assert_eq!(rows(&d, "type>0"), Vec::<u32>::new());
}

#[test]
fn times_compare_as_instants_read_in_the_zone() {
    let d = ds(LOG);
    assert_eq!(rows(&d, "createdAt>=2026-01-02"), [1, 2, 3]);
    assert_eq!(rows(&d, "time<2026-01-03"), [0, 1]);
    // 11:00 at +01:00 is 10:00 UTC, when the second entry happened.
    let plus1 = Zone::Fixed(60);
    assert_eq!(rows_in(&d, r#"time<"2026-01-02 11:00""#, plus1), [0]);
    assert_eq!(rows_in(&d, r#"time<="2026-01-02 11:00""#, plus1), [0, 1]);
    assert_eq!(
        rows_in(&d, r#"time<="2026-01-02 11:00""#, Zone::Utc),
        [0, 1]
    );
    assert_eq!(rows_in(&d, r#"time<"2026-01-02 10:00""#, Zone::Utc), [0]);
    // An explicit offset wins over the zone; the T form works unquoted.
    assert_eq!(rows_in(&d, "time>=2026-01-02T10:00:00Z", plus1), [1, 2, 3]);
    // A time on a field that is not the time role reads its values as times.
    let other = ds(
        r#"[{"t":"2026-01-01T00:00:00Z","seen":"2026-03-01T00:00:00Z"},{"t":"2026-01-01T00:00:00Z","seen":1767225600}]"#,
    );
    assert_eq!(rows(&other, "seen>2026-02-01"), [0]);
    assert_eq!(rows(&other, "seen<2026-02-01"), [1]);
}

#[test]
fn not_minus_and_parentheses() {
    let d = ds(LOG);
    assert_eq!(rows(&d, "-type:user.*"), [2, 3]);
    assert_eq!(rows(&d, "NOT type:user.*"), [2, 3]);
    assert_eq!(rows(&d, "-acme"), [0]);
    assert_eq!(rows(&d, r#"-"two words""#), [0, 2, 3]);
    assert_eq!(rows(&d, "NOT (acme OR passkey)"), Vec::<u32>::new());
    assert_eq!(rows(&d, "-(type:email.sent OR type:file.upload)"), [0, 1]);
    assert_eq!(rows(&d, "NOT NOT passkey"), [0]);
    // A field missing from an entry: NOT keeps the entry.
    assert_eq!(rows(&d, "NOT data.note:*"), [0, 2, 3]);
}

#[test]
fn not_binds_tighter_than_and_tighter_than_or() {
    let d = ds(LOG);
    // a OR b c = a OR (b AND c)
    assert_eq!(rows(&d, "passkey OR acme room"), [0, 3]);
    assert_eq!(rows(&d, "(passkey OR acme) room"), [0, 3]);
    assert_eq!(rows(&d, "(passkey OR acme) AND sales"), [1]);
    assert_eq!(rows(&d, "passkey OR acme AND sales"), [0, 1]);
    // NOT a b = (NOT a) AND b
    assert_eq!(rows(&d, "NOT passkey room"), [3]);
    assert_eq!(rows(&d, "NOT (passkey room)"), [1, 2, 3]);
    assert_eq!(rows(&d, "-passkey OR sales"), [1, 2, 3]);
    assert_eq!(
        q(&d, "a OR b c").root,
        q(&d, "a OR (b AND c)").root,
        "the same query"
    );
}

#[test]
fn role_names_give_the_same_rows_on_logs_of_different_shapes() {
    let (a, b) = (ds(LOG), ds(OTHER));
    for text in [
        "actor:ada@example.com",
        "actor:*acme*",
        "action:user.*",
        "action:user.* -actor:grace*",
        "actor:bot* OR action:file.upload",
        "time>=2026-01-02 time<2026-01-04",
        "Actor:*ACME* NOT action:email.sent",
    ] {
        assert_eq!(rows(&a, text), rows(&b, text), "{text}");
        assert!(!rows(&a, text).is_empty(), "{text}");
    }
    // The app role reads the app's name and its id, as the app scope does; here the
    // log has a field `app`, which wins.
    assert_eq!(rows(&a, "app:room*"), [0, 3]);
    assert_eq!(rows(&a, "app:102"), Vec::<u32>::new());
    let named = ds(
        r#"[{"ts":"2026-01-01T00:00:00Z","event":"a.b","appName":"Room Booking","appId":101},{"ts":"2026-01-01T00:00:01Z","event":"a.c","appName":"Sales","appId":102}]"#,
    );
    assert_eq!(rows(&named, "app:room*"), [0]);
    assert_eq!(rows(&named, "app:102"), [1]);
    // A role this log has no field for keeps nothing (and NOT keeps all).
    assert_eq!(rows(&b, "app:*"), Vec::<u32>::new());
    assert_eq!(rows(&b, "-app:*"), [0, 1, 2, 3]);
    // `level` is the severity role.
    let lv = ds(
        r#"[{"ts":"2026-01-01T00:00:00Z","lvl":"ERROR","msg":"a"},{"ts":"2026-01-01T00:00:01Z","lvl":"INFO","msg":"b"}]"#,
    );
    assert_eq!(rows(&lv, "level:error"), [0]);
    assert_eq!(rows(&lv, "severity:info"), [1]);
}

#[test]
fn a_path_the_log_has_wins_over_a_role_of_that_name() {
    let has = |paths: &'static [&'static str]| move |p: &str| paths.contains(&p);
    let field = |text: &str, f: &dyn Fields| match parse(text, f).unwrap().root {
        Some(Expr::Field(t)) => Some(t.field),
        _ => None,
    };
    assert_eq!(
        field("actor:x", &has(&["actor"])),
        Some(Field::Path("actor".into()))
    );
    assert_eq!(
        field("actor:x", &has(&["user"])),
        Some(Field::Role(Role::Actor, "actor"))
    );
    assert_eq!(
        field("LEVEL:x", &has(&[])),
        Some(Field::Role(Role::Severity, "level"))
    );
    assert_eq!(
        field("kind:x", &has(&[])),
        Some(Field::Kind),
        "the kind of event"
    );
    assert_eq!(
        field("kind:x", &has(&["kind"])),
        Some(Field::Path("kind".into()))
    );
    assert_eq!(field("FIRST:ip", &has(&[])), Some(Field::First));
    assert_eq!(
        field("first:ip", &has(&["first"])),
        Some(Field::Path("first".into()))
    );
    // In a log: `target` here is a plain field while the target role is another.
    let d = ds(
        r#"[{"time":"2026-01-01T00:00:00Z","action":"x.delete","target":"t-1","app":"A"},{"time":"2026-01-01T00:00:01Z","action":"x.delete","target":"t-2","app":"A"}]"#,
    );
    assert_eq!(rows(&d, "target:t-2"), [1]);
}

#[test]
fn text_that_is_not_a_field_test_searches_as_it_always_did() {
    let d = ds(LOG);
    let word = |text: &str| match q(&d, text).root {
        Some(Expr::Word(w)) => w,
        other => panic!("{text}: {other:?}"),
    };
    for text in [
        "ada@example.com",
        "https://a.b/c?d=e",
        "foo:bar",
        r"C:\dir",
        "<m1@x>",
        "a=b",
        "x<y",
        ">5",
        ":foo",
        "-5",
        "--force",
        "-",
        "it's",
        "and",
        "or",
        "a\"b",
    ] {
        assert_eq!(word(text), text);
    }
    assert_eq!(rows(&d, "https://a.b/c?d=e"), [3]);
    assert_eq!(rows(&d, "foo:bar"), Vec::<u32>::new());
    assert_eq!(
        q(&d, "user:ada* foo:bar").root,
        Some(Expr::And(vec![
            Expr::Field(FieldTest {
                field: Field::Path("user".into()),
                test: Test::Match(Op::Prefix, "ada".into()),
            }),
            Expr::Word("foo:bar".into()),
        ]))
    );
}

#[test]
fn escaped_keys_and_names_with_spaces() {
    let d = ds(r#"[{"a.b":"x","a":{"b":"y"},"Event Name":"Login","k:v":1},{"a.b":"y"}]"#);
    assert_eq!(rows(&d, r"a\.b:x"), [0]);
    assert_eq!(rows(&d, r"a\.b:y"), [1]);
    assert_eq!(rows(&d, "a.b:y"), [0]);
    assert_eq!(rows(&d, r"Event\ Name:login"), [0]);
    assert_eq!(rows(&d, r"k\:v:1"), [0]);
    assert_eq!(printed(&d, r"Event\ Name:login"), r"Event\ Name:login");
    assert_eq!(printed(&d, r"k\:v:*"), r"k\:v:*");
}

#[test]
fn mistakes_say_where_and_why() {
    let d = ds(LOG);
    let cases: &[(&str, usize, &str)] = &[
        ("(type:user.* OR acme", 21, "missing `)`"),
        ("acme OR", 6, "nothing after `OR`"),
        ("acme OR )", 6, "nothing after `OR`"),
        ("OR acme", 1, "nothing before `OR`"),
        ("AND", 1, "nothing before `AND`"),
        ("a AND AND b", 3, "nothing after `AND`"),
        ("a NOT", 3, "nothing after `NOT`"),
        ("a -OR b", 3, "nothing after `-`"),
        ("acme)", 5, "`)` without a `(` before it"),
        ("a () b", 3, "nothing between `(` and `)`"),
        (
            "type=x",
            5,
            "unknown operator `=` (use `:`, `>`, `>=`, `<` or `<=`)",
        ),
        (
            "type!=x",
            5,
            "unknown operator `!=` (use `:`, `>`, `>=`, `<` or `<=`)",
        ),
        (
            "data.status<>4",
            12,
            "unknown operator `<>` (use `:`, `>`, `>=`, `<` or `<=`)",
        ),
        (
            "actor:",
            6,
            "nothing after `actor:` (`actor:*` means any value)",
        ),
        ("a data.status>", 14, "nothing after `>`"),
        (
            "data.status>abc",
            13,
            "`>` takes a number or a time (as in From and To)",
        ),
        (
            "time>=*",
            7,
            "`>=` takes a number or a time (as in From and To)",
        ),
        (
            "type:*user",
            6,
            "a `*` at the start needs one at the end too (`*text*` finds text anywhere)",
        ),
        ("say \"hi", 5, "missing closing `\"` for the quote"),
        (
            "\"hi\"there",
            5,
            "unexpected `t` after a closing `\"` (a space is missing?)",
        ),
        (
            "type:\"a\"b",
            9,
            "unexpected `b` after a closing `\"` (a space is missing?)",
        ),
    ];
    for &(text, col, msg) in cases {
        assert_eq!(err(&d, text), (col, msg.to_string()), "{text}");
    }
    let e = parse("acme OR", &d).unwrap_err();
    assert_eq!(e.to_string(), "nothing after `OR` at column 6");
}

#[test]
fn columns_count_characters_not_bytes() {
    let d = ds(LOG);
    assert_eq!(err(&d, "é ü (x"), (7, "missing `)`".into()));
}

#[test]
fn long_and_deep_input_is_refused_with_a_reason() {
    let d = ds(LOG);
    let long = "a ".repeat(1000) + "b";
    assert_eq!(
        err(&d, &long),
        (2001, "the query is longer than 2000 characters".into())
    );
    assert!(
        parse(&"a ".repeat(1000), &d).is_ok(),
        "2000 characters are read"
    );
    let deep = |n: usize| format!("{}a{}", "(".repeat(n), ")".repeat(n));
    assert!(parse(&deep(64), &d).is_ok());
    assert_eq!(
        err(&d, &deep(65)),
        (65, "more than 64 levels of parentheses and NOT".into())
    );
    assert!(parse(&format!("{}a", "NOT ".repeat(64)), &d).is_ok());
    assert_eq!(
        err(&d, &format!("{}a", "NOT ".repeat(65))),
        (257, "more than 64 levels of parentheses and NOT".into())
    );
    assert_eq!(
        err(&d, &format!("{}a", "-(".repeat(999))).1,
        "more than 64 levels of parentheses and NOT"
    );
    assert!(parse(&"(".repeat(2000), &d).is_err());
}

#[test]
fn queries_print_canonically_and_read_back_the_same() {
    let d = ds(LOG);
    let cases = [
        ("type:user.login", "type:user.login"),
        ("TYPE:x", "TYPE:x"),
        ("Actor:ADA", "actor:ADA"),
        ("a  AND b", "a b"),
        ("(a b) c", "a b c"),
        ("a OR (b OR c)", "a OR b OR c"),
        ("a b OR c", "a AND b OR c"),
        ("(a OR b) c", "(a OR b) c"),
        ("-a", "NOT a"),
        ("-(a b)", "NOT (a b)"),
        ("NOT (a OR b) c", "NOT (a OR b) c"),
        (r#"type:"a b""#, r#"type:"a b""#),
        (r#"type:"ab""#, "type:ab"),
        (r#"type:"a b"*"#, r#"type:"a b"*"#),
        (r#"type:*"a b"*"#, r#"type:*"a b"*"#),
        ("type:ab*", "type:ab*"),
        ("type:*ab*", "type:*ab*"),
        ("type:*", "type:*"),
        (r#"type:"""#, r#"type:"""#),
        (r#"type:"a\"b""#, r#"type:"a\"b""#),
        (r#""say \"hi\"""#, r#""say \"hi\"""#),
        ("data.status>=4", "data.status>=4"),
        (r#"time<"2026-01-02 11:00""#, r#"time<"2026-01-02 11:00""#),
        ("foo:bar", "foo:bar"),
    ];
    for (text, want) in cases {
        let p = q(&d, text);
        assert_eq!(p.to_string(), want, "{text}");
        assert_eq!(q(&d, want), p, "{want} reads back");
    }
}

#[test]
fn top_level_clauses_are_chips_that_can_be_removed() {
    let d = ds(LOG);
    let query = q(&d, "action:user.* (acme OR passkey) -actor:bot*");
    let texts: Vec<String> = query.clauses().into_iter().map(|(_, t)| t).collect();
    assert_eq!(
        texts,
        ["action:user.*", "acme OR passkey", "NOT actor:bot*"]
    );
    assert_eq!(
        query.without_clause(1).to_string(),
        "action:user.* NOT actor:bot*"
    );
    assert_eq!(
        query.without_clause(0).without_clause(0).to_string(),
        "NOT actor:bot*"
    );
    assert_eq!(query.without_clause(9), query);
    let one = q(&d, "a OR b");
    assert_eq!(one.clauses().len(), 1);
    assert_eq!(one.without_clause(0), Query::default());
    assert!(Query::default().clauses().is_empty());
}

#[test]
fn null_is_no_value_but_can_be_asked_for() {
    let d = ds(LOG);
    assert_eq!(rows(&d, "appId:null"), [2]);
    assert_eq!(rows(&d, "appId:*"), [0, 1, 3]);
    assert_eq!(rows(&d, "appId:*u*"), Vec::<u32>::new());
}

/// Sign-ins of two people over a week: ada's new IP on day 3, bob's first on day 4
/// (his agent and app too), two of ada's entries in one second on day 5.
const SIGN_INS: &str = r#"[
  {"id":"s1","time":"2026-01-01T09:00:00Z","user":"ada","action":"login","ip":"10.0.0.1","ua":"Firefox","app":"Shop"},
  {"id":"s2","time":"2026-01-02T09:00:00Z","user":"ada","action":"login","ip":"10.0.0.1","ua":"Firefox","app":"Shop"},
  {"id":"s3","time":"2026-01-03T09:00:00Z","user":"ada","action":"login","ip":"203.0.113.7","ua":"Firefox","app":"Shop"},
  {"id":"s4","time":"2026-01-04T09:00:00Z","user":"bob","action":"login","ip":"10.0.0.1","ua":"curl","app":"Blog"},
  {"id":"s5","time":"2026-01-05T09:00:00Z","user":"ada","action":"export","ip":"10.0.0.1","ua":"Firefox","app":"Blog"},
  {"id":"s6","time":"2026-01-05T09:00:00Z","user":"ada","action":"export","ip":"10.0.0.1","ua":"Firefox","app":"Blog"},
  {"id":"s7","user":"ada","action":"delete","ip":"10.9.9.9","ua":"Edge","app":"Mail"}
]"#;

fn sign_ins() -> Dataset {
    let mut d = ds(SIGN_INS);
    d.set_mapping(&crate::core::roles::Mapping::parse(
        "time:time,actor:user,action:action,ip:ip,agent:ua,app:app",
    ));
    d
}

#[test]
fn first_keeps_an_actor_s_first_entry_with_a_value() {
    let d = sign_ins();
    assert_eq!(rows(&d, "first:ip"), [0, 2, 3]);
    assert_eq!(rows(&d, "first:IP"), [0, 2, 3], "keys ignore case");
    assert_eq!(rows(&d, "first:action"), [0, 3, 4, 5], "a tie counts both");
    assert_eq!(rows(&d, "first:agent"), [0, 3]);
    assert_eq!(rows(&d, "first:app"), [0, 3, 4, 5]);
    // Any reason; none; a prefix or a part of the keys; no such reason.
    assert_eq!(rows(&d, "first:*"), [0, 2, 3, 4, 5]);
    assert_eq!(
        rows(&d, "-first:*"),
        [1, 6],
        "an entry without a time is never first"
    );
    assert_eq!(rows(&d, "first:a*"), [0, 3, 4, 5]);
    assert_eq!(rows(&d, "first:*p*"), [0, 2, 3, 4, 5]);
    assert!(rows(&d, "first:time").is_empty());
    assert!(
        rows(&d, "first>1").is_empty(),
        "a reason is no number or time"
    );
    assert_eq!(rows(&d, "first:ip actor:ada"), [0, 2]);
    assert_eq!(printed(&d, "First:IP"), "first:IP");
    // A field of the log called `first` is read as it is.
    let own =
        ds(r#"[{"first":"ip","time":"2026-01-01T00:00:00Z","user":"a","ip":"x"},{"first":"no"}]"#);
    assert_eq!(rows(&own, "first:ip"), [0]);
    assert_eq!(rows(&own, "first:*"), [0, 1]);
}
