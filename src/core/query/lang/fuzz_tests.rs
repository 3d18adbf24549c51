//! Nothing typed panics: every short string over the query's own characters, and
//! random longer ones, parse or fail with a column inside the text; what parses
//! evaluates, prints, and reads back as the same query.

use super::*;
use crate::core::dataset::Dataset;
use crate::core::time::Zone;

const PIECES: [&str; 18] = [
    "(", ")", "\"", ":", "*", "-", ">", "<", "=", " OR ", " AND ", "NOT ", "a", "b", ".", " ",
    "\\", "é",
];

fn log() -> Dataset {
    let text = r#"[{"a":1,"b":"x y","t":"2026-01-01T00:00:00Z"},{"a":{"b":[2,"z"]},"b":null},{"a.b":"q","b":"A","t":"2026-01-02T00:00:00Z"}]"#;
    Dataset::from_bytes(text.as_bytes().to_vec()).unwrap().0
}

/// Checks the property for one text.
fn check(d: &Dataset, text: &str) {
    match parse(text, d) {
        Ok(q) => {
            let rows = eval(d, &q, Zone::Fixed(90), &Default::default());
            assert_eq!(rows.universe(), d.len());
            let printed = q.to_string();
            let again = parse(&printed, d)
                .unwrap_or_else(|e| panic!("{text:?} printed as {printed:?}: {e}"));
            assert_eq!(again, q, "{text:?} printed as {printed:?}");
            assert_eq!(again.to_string(), printed);
            for (i, _) in q.clauses().iter().enumerate() {
                let _ = q.without_clause(i).to_string();
            }
        }
        Err(e) => {
            let len = text.chars().count();
            assert!(
                (1..=len + 1).contains(&e.column),
                "{text:?}: column {} of {len}",
                e.column
            );
            assert!(!e.message.is_empty());
        }
    }
}

#[test]
fn every_short_string_of_query_characters_parses_or_says_where() {
    let d = log();
    let n = PIECES.len();
    let mut text = String::new();
    for len in 1..=4u32 {
        for mut k in 0..n.pow(len) {
            text.clear();
            for _ in 0..len {
                text.push_str(PIECES[k % n]);
                k /= n;
            }
            check(&d, &text);
        }
    }
}

#[test]
fn random_longer_strings_parse_or_say_where() {
    let d = log();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let extra = [
        "a:b",
        "b:*",
        "a>1",
        "t>=2026-01-01",
        "a\\.b:q",
        "\"x y\"",
        "b:\"x y\"*",
    ];
    for _ in 0..20_000 {
        let len = 5 + (next() % 26) as usize;
        let text: String = (0..len)
            .map(|_| {
                let r = next() as usize;
                if r.is_multiple_of(5) {
                    extra[r / 5 % extra.len()]
                } else {
                    PIECES[r / 5 % PIECES.len()]
                }
            })
            .collect();
        check(&d, &text);
    }
}
