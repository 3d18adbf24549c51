//! Completion as a user meets it: what is offered where, with which counts, and that
//! accepting any of it gives a query the parser reads.

use super::*;
use crate::core::query::lang::parse;

fn ds(text: &str) -> Dataset {
    Dataset::from_bytes(text.as_bytes().to_vec()).unwrap().0
}

/// A small log: `type` repeats with case variants, `app` has spaces, `data.status`
/// is a number, `data.to` an array, `note` holds characters a query must quote.
const LOG: &str = r#"[
  {"id":"e1","createdAt":"2026-01-01T09:00:00Z","type":"user.login","user":"ada@example.com","app":"Room Booking","data":{"status":200,"to":["zoe@example.com","bob@x.io"]},"note":"say \"hi\""},
  {"id":"e2","createdAt":"2026-01-02T10:00:00Z","type":"User.Login","user":"grace@acme.test","app":"Sales Portal","data":{"status":404},"note":"a*b"},
  {"id":"e3","createdAt":"2026-01-03T11:00:00Z","type":"email.sent","user":"bot@acme.test","app":"room booking","data":{"status":500,"to":["zoe@example.com","zoe@example.com"]},"note":"(x)"},
  {"id":"e4","createdAt":"2026-01-04T12:00:00Z","type":"user.login","user":"ada@example.com","app":null,"a b":"spaced"},
  {"id":"e5","createdAt":"2026-01-05T12:00:00Z","type":"file.upload","user":"ada@example.com"}
]"#;

/// Suggestions for `text` with the caret at `|` (or at the end).
fn at(d: &Dataset, text: &str) -> Vec<Suggestion> {
    let caret = text.find('|').map(|i| text[..i].chars().count());
    let text = text.replace('|', "");
    let caret = caret.unwrap_or(text.chars().count());
    Completer::new().suggest(d, 1, &text, caret)
}

fn labels(s: &[Suggestion]) -> Vec<(&str, Option<usize>)> {
    s.iter().map(|s| (s.label.as_str(), s.count)).collect()
}

fn find<'a>(s: &'a [Suggestion], label: &str) -> &'a Suggestion {
    s.iter()
        .find(|s| s.label == label)
        .unwrap_or_else(|| panic!("{label} not in {:?}", labels(s)))
}

#[test]
fn a_term_starts_with_field_names_and_their_counts_best_first() {
    let d = ds(LOG);
    let all = at(&d, "");
    assert!(
        all.iter().all(|s| s.part == Part::Field),
        "{:?}",
        labels(&all)
    );
    // Most entries first; nested paths and role names too.
    assert_eq!(all[0].count, Some(5));
    assert!(all.windows(2).all(|w| w[0].count >= w[1].count));
    assert_eq!(find(&all, "data.status").count, Some(3));
    assert_eq!(
        find(&all, "data.to").count,
        Some(2),
        "array elements counted per entry"
    );
    assert_eq!(find(&all, "data").count, Some(3));
    assert_eq!(find(&all, "app").count, Some(4), "null counts as present");
    assert_eq!(
        find(&all, "actor").count,
        Some(5),
        "role names read their field"
    );
    assert!(all.iter().all(|s| !s.label.contains("[]")));
    assert!(all.len() <= MAX);

    let ty = at(&d, "ty");
    assert_eq!(labels(&ty), [("type", Some(5))]);
    assert_eq!(
        (ty[0].insert.as_str(), ty[0].range.clone()),
        ("type:", 0..2)
    );
    // A segment after a dot matches after whole names; any case.
    let st = at(&d, "ST");
    assert_eq!(labels(&st), [("data.status", Some(3))]);
    assert!(at(&d, "nosuchfield").is_empty());
}

#[test]
fn a_value_after_field_and_operator() {
    let d = ds(LOG);
    let v = at(&d, "type:");
    assert_eq!(
        labels(&v)[..3],
        [
            ("user.login", Some(3)),
            ("email.sent", Some(1)),
            ("file.upload", Some(1))
        ],
        "case variants are one value, the commoner spelling shown"
    );
    assert_eq!(v[0].range, 5..5);
    // Then the operators that fit: presence, and no comparison on text.
    let ops: Vec<&str> = v
        .iter()
        .filter(|s| s.part != Part::Value)
        .map(|s| s.label.as_str())
        .collect();
    assert_eq!(ops, ["type:*"]);
    assert_eq!(find(&v, "type:*").insert, ":*");
    assert_eq!(find(&v, "type:*").range, 4..5);

    // Typed text filters, ignoring case: starting with it first, then containing it.
    assert_eq!(labels(&at(&d, "type:US")), [("user.login", Some(3))]);
    assert_eq!(
        labels(&at(&d, "type:o")),
        [("user.login", Some(3)), ("file.upload", Some(1))]
    );
    // Numbers get comparisons; a comparison offers ordered values only.
    let s = at(&d, "data.status:");
    let cmps: Vec<&str> = s
        .iter()
        .filter(|s| s.part == Part::Compare)
        .map(|s| s.insert.as_str())
        .collect();
    assert_eq!(cmps, [">", ">=", "<", "<="]);
    let gt = at(&d, "data.status>4");
    assert_eq!(labels(&gt), [("404", Some(1))]);
    assert_eq!(gt[0].range, 12..13);
    // Roles read their field; arrays count an entry once per value.
    assert_eq!(labels(&at(&d, "actor:gr")), [("grace@acme.test", Some(1))]);
    assert_eq!(labels(&at(&d, "data.to:z")), [("zoe@example.com", Some(2))]);
    // Times compare; unique values (ids, timestamps) offer none of their values.
    let t = at(&d, "createdAt:");
    assert!(t.iter().any(|s| s.part == Part::Compare));
    // A value written out in full is not offered again.
    assert!(at(&d, "actor:grace@acme.test").is_empty());
    assert_eq!(
        labels(&at(&d, "type:user.login")),
        [],
        "case variants are one value"
    );
    // Not a field: the term is a plain word.
    assert!(at(&d, "https://a.b").is_empty());
    assert!(at(&d, "type=").is_empty());
}

#[test]
fn after_a_complete_term_the_joiners() {
    let d = ds(LOG);
    for text in [
        "type:user.login ",
        "ada ",
        "\"two words\" ",
        "(ada OR bob) ",
    ] {
        assert_eq!(
            labels(&at(&d, text)),
            [("AND", None), ("OR", None), ("NOT", None)],
            "{text}"
        );
    }
    // After a joiner, a negation or `(`: field names again.
    for text in ["ada AND ", "NOT ", "(", "ada OR -"] {
        assert!(at(&d, text).iter().all(|s| s.part == Part::Field), "{text}");
    }
    // A letter after a term: fields and the joiners it starts.
    let o = at(&d, "ada o");
    assert_eq!(o[0].label, "OR");
    assert!(o.iter().skip(1).all(|s| s.part == Part::Field));
    // Inside a phrase, nothing.
    assert!(at(&d, "\"two wo").is_empty());
}

#[test]
fn values_and_names_are_quoted_as_the_parser_reads_them() {
    let d = ds(LOG);
    assert_eq!(
        find(&at(&d, "app:"), "Room Booking").insert,
        "\"Room Booking\""
    );
    let notes = at(&d, "note:");
    assert_eq!(find(&notes, "say \"hi\"").insert, r#""say \"hi\"""#);
    assert_eq!(find(&notes, "a*b").insert, "\"a*b\"");
    assert_eq!(find(&notes, "(x)").insert, "\"(x)\"");
    assert_eq!(find(&at(&d, "a"), "a b").insert, "a\\ b:");
    // An open quote: the value so far is the filter, the quote is replaced too.
    let q = at(&d, "app:\"room b");
    assert_eq!(labels(&q), [("Room Booking", Some(2))]);
    assert_eq!(
        q[0].apply("app:\"room b"),
        ("app:\"Room Booking\"".to_string(), 18)
    );
}

#[test]
fn the_range_covers_the_term_at_the_caret() {
    let d = ds(LOG);
    let text = "type:us AND user:ada";
    let s = at(&d, "type:us| AND user:ada");
    assert_eq!(s[0].range, 5..7);
    assert_eq!(
        s[0].apply(text),
        ("type:user.login AND user:ada".into(), 15)
    );
    // The caret inside a name: the name goes, up to its `:`.
    let s = at(&d, "ada ty|p:x");
    assert_eq!(
        find(&s, "type").range,
        4..8,
        "up to the operator, the value kept"
    );
    assert_eq!(find(&s, "type").apply("ada typ:x").0, "ada type:x");
    // Characters beyond ASCII count as one each.
    let s = at(&d, "é ty");
    assert_eq!(find(&s, "type").apply("é ty"), ("é type:".into(), 7));
}

/// Accepting any suggestion gives a query, or one that a value completes.
#[test]
fn accepting_any_suggestion_gives_a_query_the_parser_reads() {
    let d = ds(LOG);
    let texts = [
        "",
        "t",
        "ty",
        "type:",
        "type:u",
        "app:",
        "app:\"ro",
        "note:",
        "data.status:",
        "data.status>",
        "data.status>=5",
        "createdAt:",
        "createdAt<",
        "actor:",
        "actor:a",
        "ada ",
        "ada o",
        "NOT ",
        "(type:x) OR ",
        "-",
        "a",
        "data.to:",
        "level:",
        "x AND t",
    ];
    let mut seen = 0;
    for text in texts {
        let caret = text.chars().count();
        for s in Completer::new().suggest(&d, 1, text, caret) {
            let (out, at) = s.apply(text);
            assert!(at <= out.chars().count());
            let ok = parse(&out, &d).is_ok()
                || s.leaves_a_slot() && parse(&format!("{out}1"), &d).is_ok();
            assert!(ok, "{text:?} + {s:?} gives {out:?}: {:?}", parse(&out, &d));
            seen += 1;
        }
    }
    assert!(seen > 100, "{seen}");
}

#[test]
fn many_fields_and_values_stay_bounded() {
    let rows: Vec<String> = (0..500)
        .map(|i| format!(r#"{{"f{}":"v{}","kind":"k{}"}}"#, i % 60, i, i % 90))
        .collect();
    let d = ds(&format!("[{}]", rows.join(",")));
    assert_eq!(at(&d, "").len(), MAX);
    assert_eq!(at(&d, "f").len(), MAX);
    let v = at(&d, "kind:");
    assert_eq!(v.len(), MAX);
    assert_eq!(
        v.last().unwrap().part,
        Part::Present,
        "the operators are kept"
    );
    assert_eq!(at(&d, "kind:k").len(), MAX);
}

#[test]
fn counts_are_kept_per_version_of_the_log() {
    let d = ds(LOG);
    let mut c = Completer::new();
    let before = c.suggest(&d, 1, "ty", 2);
    assert_eq!(before[0].count, Some(5));
    let more = ds(&LOG.replace("\n]", ",{\"type\":\"x\"}]"));
    // A new version (more entries) is counted again.
    assert_eq!(c.suggest(&more, 1, "ty", 2)[0].count, Some(6));
    assert_eq!(c.suggest(&d, 2, "ty", 2)[0].count, Some(5));
}

#[test]
fn kind_is_offered_with_the_log_s_kinds_and_their_counts() {
    let d = ds(LOG);
    assert_eq!(labels(&at(&d, "ki")), [("kind", Some(5))]);
    let kinds = at(&d, "kind:");
    assert_eq!(
        labels(&kinds),
        [("sign-in", Some(3)), ("create", Some(1)), ("send", Some(1))]
    );
    assert_eq!(kinds[0].apply("kind:"), ("kind:sign-in".to_string(), 12));
    assert_eq!(
        labels(&at(&d, "kind:s")),
        [("sign-in", Some(3)), ("send", Some(1))]
    );
    // Accepted, it parses.
    assert!(parse("kind:sign-in", &d).is_ok());
}

#[test]
fn first_is_offered_with_the_log_s_reasons_and_their_counts() {
    let d = ds(LOG);
    // Every entry is timed and by an actor: the first of each action and app.
    assert_eq!(labels(&at(&d, "firs")), [("first", Some(4))]);
    let reasons = at(&d, "first:");
    assert_eq!(
        labels(&reasons),
        [("action", Some(4)), ("app", Some(3))],
        "only the reasons the log has a field for"
    );
    assert_eq!(reasons[0].apply("first:"), ("first:action".to_string(), 12));
    assert_eq!(labels(&at(&d, "first:p")), [("app", Some(3))]);
    assert!(at(&d, "first>").is_empty());
    assert!(parse("first:app", &d).is_ok());
    // A log where nothing can be first seen offers no `first`.
    let flat = ds(r#"[{"a":1},{"a":2}]"#);
    assert!(at(&flat, "fir").is_empty());
}
