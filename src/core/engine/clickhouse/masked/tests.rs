//! The server's patterns against the redaction's Rust code: on many strings and
//! JSON documents, everything the redaction masks is masked by the patterns too,
//! read as RE2 reads them (UTF-8, or bytes), and applied one after another as
//! nested `replaceRegexpAll` calls apply them.

use super::*;
use regex::bytes::Regex;

/// The patterns compiled as RE2 would read them: UTF-8, or bytes (Latin-1); RE2's
/// `\b` and `\B` know ASCII words only.
fn compiled(m: &Masking, bytes: bool) -> Vec<(Regex, String)> {
    let flag = if bytes { "(?-u)" } else { "" };
    m.steps()
        .iter()
        .map(|(p, with)| {
            let p = p.replace("\\b", "(?-u:\\b)").replace("\\B", "(?-u:\\B)");
            let re = Regex::new(&format!("{flag}{p}")).unwrap_or_else(|e| panic!("{p}: {e}"));
            (re, with.clone())
        })
        .collect()
}

/// `text` through the steps as `replaceRegexpAll` applies them (`\1` is group 1,
/// empty when it took no part): the result, and for each byte of `text` whether a
/// step replaced it. A text holding an odd escape is masked whole.
fn apply(steps: &[(Regex, String)], text: &str) -> (String, Vec<bool>) {
    if Regex::new(ODD_ESCAPE).unwrap().is_match(text.as_bytes()) {
        return (MASK.to_string(), vec![true; text.len()]);
    }
    // Each byte of the current text, and the byte of `text` it came from.
    let mut cur: Vec<(u8, Option<usize>)> = text
        .bytes()
        .enumerate()
        .map(|(i, b)| (b, Some(i)))
        .collect();
    let mut covered = vec![false; text.len()];
    for (re, with) in steps {
        let bytes: Vec<u8> = cur.iter().map(|&(b, _)| b).collect();
        let mut next = Vec::new();
        let mut at = 0;
        for caps in re.captures_iter(&bytes) {
            let m = caps.get(0).unwrap();
            next.extend_from_slice(&cur[at..m.start()]);
            let mut kept = vec![false; m.end() - m.start()];
            let mut rest = with.as_str();
            while !rest.is_empty() {
                match rest.find('\\') {
                    Some(0) => {
                        let n: usize = rest[1..2].parse().unwrap();
                        if let Some(g) = caps.get(n) {
                            next.extend_from_slice(&cur[g.start()..g.end()]);
                            kept[g.start() - m.start()..g.end() - m.start()].fill(true);
                        }
                        rest = &rest[2..];
                    }
                    found => {
                        let lit = &rest[..found.unwrap_or(rest.len())];
                        next.extend(lit.bytes().map(|b| (b, None)));
                        rest = &rest[lit.len()..];
                    }
                }
            }
            for (i, &(_, from)) in cur[m.start()..m.end()].iter().enumerate() {
                if let (false, Some(from)) = (kept[i], from) {
                    covered[from] = true;
                }
            }
            at = m.end();
        }
        next.extend_from_slice(&cur[at..]);
        cur = next;
    }
    let out: Vec<u8> = cur.iter().map(|&(b, _)| b).collect();
    (String::from_utf8_lossy(&out).into_owned(), covered)
}

/// The byte ranges of `text` that `r` masks, as `Redaction::mask_text` picks them.
fn rust_ranges(r: &Redaction, text: &str) -> Vec<(usize, usize)> {
    let mut kinds: Vec<Kind> = r
        .items()
        .iter()
        .filter_map(|i| Kind::from_name(i))
        .collect();
    kinds.sort();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for k in kinds {
        for (a, b) in k.find(text) {
            if !out.iter().any(|&(x, y)| a < y && x < b) {
                out.push((a, b));
            }
        }
    }
    out
}

use crate::core::testing::Rng;

/// Pieces that make addresses, IPs, tokens and their near misses when strung together.
const PIECES: &[&str] = &[
    "a",
    "Z",
    "x9",
    "7",
    "42",
    "255",
    "256",
    "0",
    "1",
    ".",
    "..",
    "@",
    ":",
    "::",
    "-",
    "_",
    "+",
    "'",
    "%",
    "/",
    "=",
    " ",
    ", ",
    "é",
    "日",
    "\"",
    "\\",
    "\n",
    "\t",
    "ada",
    "mail",
    ".io",
    ".com",
    ".c1",
    "localhost",
    "10.0.0.",
    "203.0.113.5",
    "2001:db8::",
    "ffff:",
    "fe80",
    "::1",
    "1:2:3:4:5:6:7:8",
    "10:00:00",
    "v1.2.3.4",
    "Bearer ",
    "basic ",
    "bearer",
    "sk_live_",
    "ghp_",
    "AKIA",
    "SG.",
    "xoxb-",
    "eyJhbGci",
    "eyJ",
    "Zk3mQ9vR2tL8wB5nH1cY",
    "7dF4gJ6sA0pE",
    "abcdefghijklmnop",
    "ABCDEFGHIJKLMNOP",
    "0123456789",
    "cafe",
    "deadbeef",
    "550e8400-e29b-41d4-a716-446655440000",
    "T",
    "Mozilla/5.0",
    "ü",
    "🦀",
    "ß",
    "例子",
    ".广告",
    ".рф",
    "。",
    "\u{a0}",
    "e\u{301}",
    "xn--p1ai",
    "ada@x.io",
    "josé@",
];

/// Hand-picked strings, then `n` strung together at random.
fn samples(n: usize) -> Vec<String> {
    let mut out: Vec<String> = [
        "ada@acme.test",
        "moved for ada.l+x@mail.acme.test, then bob@x.io.",
        "user@localhost a@b x@.com a@b.c1",
        "from 10.0.0.9. and 203.0.113.5:8080",
        "2001:db8::42 ::1 ::ffff:192.0.2.1 fe80::1%eth0",
        "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
        "1:2:3:4:5:6:1.2.3.4",
        "10:00:00 1.2.3 256.1.1.1 v1.2.3.4 2026-10-01T10:00:00Z a:b:c 1.2.3.4.5",
        "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln",
        "authorization: basic dXNlcjpwYXNz",
        // Bug: after a backslash, the escape step took the `b` of `basic` (`\b`), and
        // the credential after it stayed findable.
        "C:\\basic dXNlcjpwYXNz \\Bearer abc \\bearer def",
        "key sk_live_abcdEFGH1234567890abcd used",
        "AKIAIOSFODNN7EXAMPLE and ghp_0123456789abcdefABCD",
        "x Zk3mQ9vR2tL8wB5nH1cY7dF4gJ6sA0pE y",
        "Zk3mQ9vR2tL8wB5nH1cY7dF4gJ6sA0pE...",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaA1",
        "A1aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "550e8400-e29b-41d4-a716-446655440000 da39a3ee5e6b4b0d3255bfef95601890afd80709",
        "/Users/AdaLovelace/Documents/Report2026Q3Final",
        "ada@10.0.0.1 2001:db8::1@x.io eyJ@x.io",
        "é ada@acme.test 日本 🦀 203.0.113.5",
        // Addresses beyond ASCII (RFC 6531), alone and next to other kinds.
        "chloé.garcía@example.com josé@exämple.de 用户@例子.广告 ivan@пример.рф",
        "ivan@xn--e1afmkfd.xn--p1ai chloe\u{301}@example.com 🦀@crab.io ada@bücher.example",
        "送信先 ada@x.de。2026年 a@b.io日c@d.io a@b.io@c.io a@b.io.é1",
        "Ünal.Öz@x.io+ada@日本.jp:8080 sk_live_abcdefghij/lmnop🦀ada@x.io",
        "10.0.0.1\u{a0}ada@x.de\u{a0}203.0.113.5 Zk3mQ9vR2tL8wB5nH1cY7dF4gJ6sA0pE日ada@x.io",
        "ada@x.io.::1 ada@x.io\u{a0}::1 ada@例子.广告::1 ada@x.io→Bearer abc ada@x.io→basic basic d",
        "1:2:3:4:5:6:7:8ada@x.io0ada@x.io ::1.日@x.deab-cd@x.de \n@x.de。sk_live_abcdefghijklmnop",
    ]
    .map(String::from)
    .to_vec();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..n {
        let len = 1 + rng.below(8);
        out.push((0..len).map(|_| rng.pick(PIECES)).collect());
    }
    out
}

/// `s` as a JSON string, each character's escape chosen as JSON writers do:
/// `/` as `\/` (PHP) or not, other non-ASCII as `\uXXXX` (ensure_ascii) or not;
/// with the byte range each character of `s` became.
fn encoded(s: &str, slash: bool, ascii: bool) -> (String, Vec<(usize, usize)>) {
    let mut out = String::from("\"");
    let mut spans = vec![(0, 0); s.len()];
    for (i, c) in s.char_indices() {
        let start = out.len();
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' if slash => out.push_str("\\/"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if ascii && !c.is_ascii() => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{u:04x}"));
                }
            }
            c => out.push(c),
        }
        for span in spans.iter_mut().skip(i).take(c.len_utf8()) {
            *span = (start, out.len());
        }
    }
    out.push('"');
    (out, spans)
}

#[test]
fn the_patterns_mask_at_least_what_the_redaction_masks_in_any_string() {
    // Bug: the ClickHouse mode masked nothing, so search and filters found masked
    // addresses (issue 28, item 5). What the server searches must be masked at least
    // as much as what the viewer sees.
    let kinds = ["email", "ip", "token", "email,ip,token", "token,ip"];
    let texts = samples(2000);
    for bytes in [false, true] {
        for k in kinds {
            let r = Redaction::parse(k);
            let steps = compiled(&Masking::new(&r), bytes);
            for s in &texts {
                let ranges = rust_ranges(&r, s);
                // As the column holds it (decoded), and inside the raw JSON as written.
                let (_, covered) = apply(&steps, s);
                for &(a, b) in &ranges {
                    assert!(
                        covered[a..b].iter().all(|&c| c),
                        "{k} ({}): {:?} in {s:?} left unmasked: {:?}",
                        if bytes { "bytes" } else { "utf-8" },
                        &s[a..b],
                        apply(&steps, s).0
                    );
                }
                // Raw; `/` as `\/` (PHP); non-ASCII as `\uXXXX` (Python's json.dumps), or both.
                for (slash, ascii) in [(false, false), (true, false), (false, true), (true, true)] {
                    let (json, spans) = encoded(s, slash, ascii);
                    let (out, covered) = apply(&steps, &json);
                    for &(a, b) in &ranges {
                        let (x, y) = (spans[a].0, spans[b - 1].1);
                        assert!(
                            covered[x..y].iter().all(|&c| c),
                            "{k}: {:?} in {json} left unmasked: {out}",
                            &s[a..b]
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn escaped_addresses_in_documents_inside_strings_are_masked_whole_on_the_server() {
    // Bug: an address beyond ASCII was masked only from its last ASCII stretch on,
    // in the entry and on the server. Python's json.dumps writes `é` as `\u00e9`, and a
    // document packed into a string escapes that again (`\\u00e9`, deeper `\\\\u00e9`).
    let r = Redaction::parse("email");
    let inner = encoded("chloé.garcía@exämple.de 用户@例子.广告", false, true).0;
    let depth2 = encoded(&format!("{{\"to\":{inner}}}"), false, true).0;
    let depth3 = encoded(&format!("{{\"d\":{depth2}}}"), false, true).0;
    let pieces = ["chlo", "garc", "mple", ".de", "7528", "4f8b", "5e7f"];
    for entry in [
        format!("{{\"to\":{inner}}}"),
        format!("{{\"d\":{depth2}}}"),
        format!("{{\"e\":{depth3}}}"),
    ] {
        let masked = r.rewrite(entry.as_bytes()).unwrap().unwrap();
        let masked = String::from_utf8(masked).unwrap();
        assert!(!pieces.iter().any(|p| masked.contains(p)), "{masked}");
        for bytes in [false, true] {
            let (server, _) = apply(&compiled(&Masking::new(&r), bytes), &entry);
            assert!(
                !pieces.iter().any(|p| server.contains(p)),
                "{entry}\n{server}"
            );
        }
    }
}

#[test]
fn the_patterns_leave_ordinary_text_searchable() {
    // Masking more than the redaction costs matches, so the patterns stay close.
    let m = Masking::new(&Redaction::parse("email,ip,token"));
    let steps = compiled(&m, false);
    for plain in [
        "user.login",
        "Room Booking",
        "2026-10-01T10:00:00Z",
        "10:00:00",
        "550e8400-e29b-41d4-a716-446655440000",
        "da39a3ee5e6b4b0d3255bfef95601890afd80709",
        "RoomBookingCreatedEventHandler",
        "Mozilla/5.0 (X11; Linux x86_64)",
        "booking.update v1.2.3",
        "{\"method\":\"sso\",\"status\":\"failure\"}",
    ] {
        assert_eq!(apply(&steps, plain).0, plain);
    }
    assert_eq!(
        apply(
            &steps,
            "moved for ada@acme.test from 10.0.0.9 with Bearer abc"
        )
        .0,
        "moved for ••• email from ••• ip with Bearer ••• token"
    );
}

/// A JSON value at random: objects with keys from a pool that field rules may
/// cover, arrays, scalars (each string a word of its own, to look for later), and
/// strings holding a JSON document of their own.
fn value(rng: &mut Rng, depth: usize, words: &mut Vec<String>) -> serde_json::Value {
    use serde_json::Value;
    const KEYS: &[&str] = &[
        "password",
        "Password",
        "PASSWORD",
        "passwordHint",
        "secret",
        "data",
        "note",
        "user",
        "userEmail",
        "x",
        "ïd",
        "tags",
        "a.b",
        "SeCrEt",
    ];
    let word = |rng: &mut Rng, words: &mut Vec<String>| {
        let w = format!("w{}q{}", words.len(), rng.below(1000));
        words.push(w.clone());
        w
    };
    match (depth, rng.below(7)) {
        (d, 0 | 1) if d < 4 => {
            let n = rng.below(4);
            let mut obj = serde_json::Map::new();
            for _ in 0..=n {
                obj.insert(rng.pick(KEYS).to_string(), value(rng, d + 1, words));
            }
            Value::Object(obj)
        }
        (d, 2) if d < 4 => Value::Array(
            (0..rng.below(3))
                .map(|_| value(rng, d + 1, words))
                .collect(),
        ),
        (d, 3) if d < 3 => {
            let mut obj = serde_json::Map::new();
            obj.insert(rng.pick(KEYS).to_string(), value(rng, d + 1, words));
            obj.insert(rng.pick(KEYS).to_string(), value(rng, d + 1, words));
            Value::String(Value::Object(obj).to_string())
        }
        (_, 4) => {
            let n = 1000 + rng.below(9000);
            words.push(n.to_string());
            Value::from(n)
        }
        (_, 5) => Value::from(rng.below(2) == 0),
        _ => Value::String(format!("{} {}", word(rng, words), word(rng, words))),
    }
}

#[test]
fn field_rules_leave_no_masked_value_findable_in_json_text() {
    // A value a field rule masks, anywhere in an entry or inside JSON in one of its
    // strings, must not be found by the server's search.
    let rules = [
        "*.password",
        "data.secret",
        "user*",
        "secret,*.password",
        "*",
        "data",
        "tags",
        "note.*",
        "*hint",
        "a.b",
        "*ïd",
        "email,ip,token,*.password",
    ];
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for bytes in [false, true] {
        for rule in rules {
            let r = Redaction::parse(rule);
            let steps = compiled(&Masking::new(&r), bytes);
            for _ in 0..300 {
                let mut words = Vec::new();
                let mut doc = serde_json::Map::new();
                for _ in 0..3 {
                    let k = [
                        "password", "data", "note", "user", "tags", "x", "SECRET", "a.b",
                    ][rng.below(8)];
                    doc.insert(k.to_string(), value(&mut rng, 1, &mut words));
                }
                let text = serde_json::Value::Object(doc).to_string();
                let masked = r.rewrite(text.as_bytes()).unwrap();
                let masked =
                    String::from_utf8(masked.unwrap_or_else(|| text.clone().into_bytes())).unwrap();
                let (server, _) = apply(&steps, &text);
                for w in &words {
                    assert!(
                        !server.contains(w.as_str()) || masked.contains(w.as_str()),
                        "{rule}: {w} is masked in the entry but the server finds it\n{text}\n{server}"
                    );
                }
            }
        }
    }
}

#[test]
fn a_column_text_is_masked_by_nested_calls_or_left_as_it_is() {
    assert_eq!(Masking::new(&Redaction::default()).text("`ip`"), "`ip`");
    let m = Masking::new(&Redaction::parse("ip"));
    let sql = m.text("`ip`");
    // Odd escapes mask the whole value; escapes become spaces; then the addresses.
    let start = format!(
        "if(match(`ip`, {}), '•••', replaceRegexpAll(replaceRegexpAll(`ip`, {}, ' '), ",
        crate::core::engine::clickhouse::sql::string(ODD_ESCAPE),
        crate::core::engine::clickhouse::sql::string(ESCAPE)
    );
    assert!(sql.starts_with(&start), "{sql}");
    assert!(sql.ends_with(", '••• ip\\\\1'))"), "{sql}");
    // Every pattern stays one literal of the query.
    let toks = crate::core::engine::clickhouse::sql::tests::lex(&sql);
    assert!(toks.iter().all(|t| !matches!(
        t,
        crate::core::engine::clickhouse::sql::tests::Token::Comment
    )));
    assert!(!m.hides("ip") && Masking::new(&Redaction::parse("*.ip")).hides("ip"));
    // Field rules come first, then the kinds (for addresses, escapes of characters
    // beyond ASCII become one before the others become spaces).
    let both = Masking::new(&Redaction::parse("email,*.password"));
    assert_eq!(both.steps().len(), 3 + 2 + 1);
    assert!(both.steps()[0].0.contains("password"));
}

#[test]
fn rows_from_the_server_are_masked_as_they_are_stored() {
    let rows = b"{\"id\":1,\"actor\":\"ada@acme.test\",\"password\":\"hunter2\"}\n{\"id\":2,\"actor\":\"bob@x.io\"}\n".to_vec();
    let d = dataset(rows, &Redaction::parse("email,*.password"), None);
    assert_eq!(d.len(), 2);
    let all: String = (0..2)
        .map(|r| String::from_utf8_lossy(&d.store().entry_bytes(r)).into_owned())
        .collect();
    for secret in ["ada@acme.test", "bob@x.io", "hunter2"] {
        assert!(!all.contains(secret), "{secret} in {all}");
        assert!(!d.store().holds_bytes(secret.as_bytes()), "{secret} kept");
    }
    assert!(all.contains("••• email") && all.contains("••• redacted"));
}
