//! Ingest of every accepted log shape, and of bad input, through the public API.
#![cfg(not(target_arch = "wasm32"))]

use trailview::core::ingest::{IngestError, Shape, ingest};
use trailview::core::store::Store;

fn load(
    text: &str,
) -> (
    Store,
    Result<trailview::core::ingest::IngestReport, IngestError>,
) {
    let mut s = Store::new();
    let r = ingest(&mut s, text.as_bytes().to_vec());
    (s, r)
}

fn types(s: &Store) -> Vec<String> {
    let t = s.find("type").expect("type column");
    (0..s.len() as u32)
        .map(|r| s.cell(r, t).text().into_owned())
        .collect()
}

#[test]
fn top_level_array() {
    let (s, r) = load(r#"[{"type":"a"},{"type":"b"}]"#);
    let r = r.unwrap();
    assert_eq!(r.shape, Shape::Array);
    assert_eq!(r.added, 2);
    assert_eq!(types(&s), ["a", "b"]);
}

#[test]
fn wrapped_array_under_a_known_key_with_total() {
    let (s, r) = load(r#"{"page":1,"meta":[{"x":1}],"logs":[{"type":"a"}],"total":12}"#);
    let r = r.unwrap();
    assert_eq!(r.shape, Shape::Wrapped("logs".into()));
    assert_eq!(r.total, Some(12));
    assert_eq!(types(&s), ["a"]);
}

#[test]
fn wrapped_array_one_level_down() {
    let (s, r) =
        load(r#"{"status":"ok","data":{"items":[{"type":"a"},{"type":"b"}],"next":null}}"#);
    assert_eq!(r.unwrap().shape, Shape::Wrapped("data.items".into()));
    assert_eq!(s.len(), 2);
}

#[test]
fn a_repeated_wrapper_key_takes_its_last_value_as_json_parse_does() {
    let (s, r) = load(
        r#"{"items":[{"type":"old"}],"total":1,"items":[{"type":"a"},{"type":"b"}],"total":2}"#,
    );
    let r = r.unwrap();
    assert_eq!(r.shape, Shape::Wrapped("items".into()));
    assert_eq!(types(&s), ["a", "b"]);
    assert_eq!(r.total, Some(2));
    let (s, r) = load(r#"{"items":[{"type":"a"}],"items":[]}"#);
    assert_eq!((r.unwrap().added, s.len()), (0, 0));
}

#[test]
fn aws_records_key() {
    let (_, r) = load(r#"{"Records":[{"eventName":"x"}]}"#);
    assert_eq!(r.unwrap().shape, Shape::Wrapped("Records".into()));
}

#[test]
fn unknown_wrapper_key_takes_the_largest_array_of_objects() {
    let (s, r) = load(
        r#"{"tags":["x","y","z"],"small":[{"type":"a"}],"stuff":[{"type":"b"},{"type":"c"}]}"#,
    );
    assert_eq!(r.unwrap().shape, Shape::Wrapped("stuff".into()));
    assert_eq!(types(&s), ["b", "c"]);
}

#[test]
fn ndjson_with_blank_lines_and_crlf() {
    let (s, r) = load("{\"type\":\"a\"}\r\n\r\n{\"type\":\"b\"}\n\n{\"type\":\"c\"}\n");
    let r = r.unwrap();
    assert_eq!(r.shape, Shape::Ndjson);
    assert_eq!(r.skipped, 0);
    assert_eq!(types(&s), ["a", "b", "c"]);
}

#[test]
fn ndjson_bad_lines_are_skipped_counted_and_listed() {
    let text = "{\"type\":\"a\"}\n{\"type\": oops}\n[1,2]\n{\"type\":\"d\"}\n{\"type\":\"e\"\n{\"type\":\"f\"}\n";
    let (s, r) = load(text);
    let r = r.unwrap();
    assert_eq!(types(&s), ["a", "d", "f"], "good lines load");
    assert_eq!(r.skipped, 3);
    let lines: Vec<usize> = r.skips.iter().map(|k| k.line).collect();
    assert_eq!(lines, [2, 3, 5]);
    assert!(
        r.skips[0].reason.contains("invalid JSON at column 10"),
        "{}",
        r.skips[0].reason
    );
    assert!(
        r.skips[1].reason.contains("an array, not an object"),
        "{}",
        r.skips[1].reason
    );
}

#[test]
fn ndjson_whose_first_line_is_broken_still_loads_the_rest() {
    let (s, r) = load("{\"type\":\n{\"type\":\"b\"}\n");
    let r = r.unwrap();
    assert_eq!(r.shape, Shape::Ndjson);
    assert_eq!((s.len(), r.skipped), (1, 1));
}

#[test]
fn pretty_printed_concatenated_objects() {
    let (s, r) = load("{\n  \"type\": \"a\"\n}\n{\n  \"type\": \"b\"\n}\n");
    assert_eq!(r.unwrap().shape, Shape::Ndjson);
    assert_eq!(types(&s), ["a", "b"]);
}

#[test]
fn leading_bom_is_ignored() {
    let (s, r) = load("\u{feff}[{\"type\":\"a\"}]");
    assert!(r.is_ok());
    assert_eq!(types(&s), ["a"]);
}

#[test]
fn empty_array_is_an_empty_log() {
    let (s, r) = load(" [ ] ");
    assert_eq!(r.unwrap().added, 0);
    assert!(s.is_empty());
    let (_, r) = load(r#"{"logs":[],"total":0}"#);
    assert_eq!(r.unwrap().added, 0);
}

#[test]
fn invalid_json_says_where_and_keeps_the_entries_before_it() {
    let (s, r) = load("[\n  {\"type\":\"a\"},\n  {\"type\" \"b\"}\n]");
    let e = r.unwrap().fault.expect("the fault is reported");
    match &e {
        IngestError::Invalid {
            line,
            column,
            offset,
            excerpt,
            ..
        } => {
            assert_eq!((*line, *column, *offset), (3, 11, 28));
            let excerpt = excerpt.as_deref().unwrap_or_default();
            assert!(excerpt.contains("⟶\"b\""), "{excerpt}");
        }
        other => panic!("{other:?}"),
    }
    assert!(
        e.to_string()
            .starts_with("invalid JSON at line 3, column 11 (byte 28): expected ':'"),
        "{e}"
    );
    assert_eq!(
        types(&s),
        ["a"],
        "the complete entry before the fault stays"
    );
}

#[test]
fn invalid_json_before_any_entry_is_an_error_and_loads_nothing() {
    let (s, r) = load("[\n  {\"type\" \"b\"}\n]");
    assert!(
        matches!(r, Err(IngestError::Invalid { line: 2, .. })),
        "{r:?}"
    );
    assert!(s.is_empty());
}

#[test]
fn html_is_not_json() {
    let (_, r) = load("<!DOCTYPE html><html><body>Sign in</body></html>");
    let e = r.unwrap_err();
    assert!(matches!(
        e,
        IngestError::NotJson {
            looks_like: "an HTML page",
            ..
        }
    ));
    assert!(e.to_string().contains("looks like an HTML page"));
}

#[test]
fn plain_text_and_empty_bodies_are_named() {
    assert!(matches!(
        load("Internal error").1,
        Err(IngestError::NotJson {
            looks_like: "plain text",
            ..
        })
    ));
    assert_eq!(load("  \n").1.unwrap_err(), IngestError::Empty);
    assert!(
        matches!(load(r#"{"error":"unauthorized"}"#).1, Err(IngestError::NoEntries(m)) if m.contains("error"))
    );
}

#[test]
fn deep_nesting_is_a_clear_error() {
    let deep = format!("[{{\"a\":{}1{}}}]", "[".repeat(5000), "]".repeat(5000));
    let e = load(&deep).1.unwrap_err();
    assert!(
        e.to_string().contains("nesting deeper than 128 levels"),
        "{e}"
    );
}

#[test]
fn nesting_counts_from_the_top_of_the_body_in_every_shape() {
    // An entry `levels` objects deep.
    let entry = |levels: usize| format!("{}1{}", "{\"a\":".repeat(levels), "}".repeat(levels));
    let deep = |r: Result<_, IngestError>| matches!(r, Err(IngestError::Invalid { message, .. }) if message.contains("deeper than 128"));
    // In an array the entry starts at level 2, alone on a line at 1, in a wrapper at 3.
    assert_eq!(load(&format!("[{}]", entry(127))).1.unwrap().added, 1);
    assert!(deep(load(&format!("[{}]", entry(128))).1.map(|_| ())));
    let lines = |n| format!("{}\n{}\n", entry(n), entry(n));
    assert_eq!(load(&lines(128)).1.unwrap().added, 2);
    let r = load(&lines(129)).1.unwrap();
    assert_eq!((r.added, r.skipped), (0, 2));
    assert_eq!(
        load(&format!("{{\"items\":[{}]}}", entry(126)))
            .1
            .unwrap()
            .added,
        1
    );
    assert!(deep(
        load(&format!("{{\"items\":[{}]}}", entry(127)))
            .1
            .map(|_| ())
    ));
}

#[test]
fn non_object_elements_are_skipped_and_counted() {
    let (s, r) = load(r#"[{"type":"a"}, 42, "x", {"type":"b"}]"#);
    let r = r.unwrap();
    assert_eq!(types(&s), ["a", "b"]);
    assert_eq!(r.skipped, 2);
    assert_eq!(r.skips[0].reason, "element 2 is a number, not an object");
}

#[test]
fn big_integers_keep_their_text() {
    let (s, _) = load(r#"[{"id":9007199254740993,"type":"a"}]"#);
    assert_eq!(s.cell(0, s.find("id").unwrap()).text(), "9007199254740993");
}

#[test]
fn pages_append_and_a_broken_page_keeps_its_complete_entries() {
    let mut s = Store::new();
    ingest(&mut s, br#"[{"type":"a"}]"#.to_vec()).unwrap();
    ingest(
        &mut s,
        b"{\"type\":\"b\"}\n{\"type\":\"c\",\"new\":1}\n".to_vec(),
    )
    .unwrap();
    assert_eq!(types(&s), ["a", "b", "c"]);
    let r = ingest(&mut s, br#"[{"type":"d"},{"type":"e",]"#.to_vec()).unwrap();
    assert!(r.fault.is_some());
    assert_eq!(
        types(&s),
        ["a", "b", "c", "d"],
        "the broken entry is not added"
    );
    assert_eq!(s.cell(2, s.find("new").unwrap()).text(), "1");
    assert_eq!(&*s.entry_bytes(1), br#"{"type":"b"}"#);
    assert!(
        ingest(&mut s, br#"[{"type":"f",]"#.to_vec()).is_err(),
        "a page with nothing complete is an error"
    );
    assert_eq!(types(&s), ["a", "b", "c", "d"]);
}

#[test]
fn invalid_utf8_is_counted_and_replaced_not_fatal() {
    let mut bytes = br#"[{"type":"caf"#.to_vec();
    bytes.push(0xE9);
    bytes.extend_from_slice(br#""}]"#);
    let mut s = Store::new();
    let r = ingest(&mut s, bytes).unwrap();
    assert_eq!(r.invalid_utf8, 1);
    assert_eq!(types(&s), ["caf\u{FFFD}"]);
}

#[test]
fn generated_log_loads_completely() {
    let text = include_str!("fixtures/sample.json");
    let (s, r) = load(text);
    assert_eq!(r.unwrap().added, 300);
    assert_eq!(s.len(), 300);
}

#[test]
fn one_object_with_an_empty_list_is_one_entry_not_an_empty_page() {
    let (s, r) = load(r#"{"type":"user.login","tags":[],"meta":{"x":[]}}"#);
    assert_eq!(r.unwrap().added, 1);
    assert_eq!(types(&s), ["user.login"]);
    // Under a name for entries, an empty list is an empty page.
    let (s, r) = load(r#"{"items":[],"next":null}"#);
    assert_eq!(r.unwrap().shape, Shape::Wrapped("items".into()));
    assert_eq!(s.len(), 0);
}

/// A streamed log big enough to be packed: every entry reads back byte for byte,
/// in any order, while the store holds far less than the log.
#[test]
fn a_big_streamed_log_is_kept_packed_and_every_entry_reads_back_exactly() {
    use trailview::core::dataset::Dataset;
    let lines: Vec<String> = (0..12_000)
        .map(|i| {
            // Some entries longer than a packed block, some with multi-byte text.
            let note = if i % 997 == 0 { "é→ü ".repeat(1500) } else { format!("n{}", i % 13) };
            format!(
                r#"{{"id":{i},"type":"booking.created","userEmail":"user{}@acme.test","data":{{"room":"R{}","note":"{note}"}}}}"#,
                i % 211,
                i % 37
            )
        })
        .collect();
    let body = lines.join("\n").into_bytes();
    let mut d = Dataset::new();
    let mut b = d.begin_body(usize::MAX);
    for chunk in body.chunks(64 * 1024) {
        if b.push(chunk) {
            d.feed(&mut b);
        }
    }
    d.end_body(b).unwrap();
    assert_eq!(d.len(), lines.len());
    let s = d.store();
    // Out of load order, as a sorted export reads them.
    let order = (0..lines.len()).map(|i| (i * 7919) % lines.len());
    for i in order {
        assert_eq!(&*s.entry_bytes(i as u32), lines[i].as_bytes(), "entry {i}");
    }
    let (held, raw) = s.text_bytes();
    assert_eq!(raw, body.len(), "the pages hold the whole body");
    assert!(held < raw / 3, "{held} bytes held for {raw}");
    let data = s.find("data").unwrap();
    let mut out = Vec::new();
    assert!(s.container_json(11_965, data, &mut out));
    assert_eq!(
        String::from_utf8_lossy(&out),
        r#"{"room":"R14","note":"n5"}"#
    );
}

/// Every message a body can give (a fault, an error, skipped lines), loaded whole
/// and in small chunks into a dataset masking `redact`.
fn messages(body: &str, redact: &str) -> Vec<String> {
    use trailview::core::dataset::Dataset;
    use trailview::core::trust::redact::Redaction;
    let mut out = Vec::new();
    for n in [7, body.len()] {
        let mut d = Dataset::new();
        d.set_redaction(&Redaction::parse(redact));
        let mut b = d.begin_body(usize::MAX);
        for chunk in body.as_bytes().chunks(n) {
            b.push(chunk);
            d.feed(&mut b);
        }
        match d.end_body(b) {
            Ok(r) => {
                out.extend(r.fault.map(|f| f.to_string()));
                out.extend(r.skips.into_iter().map(|s| s.reason));
            }
            Err(e) => out.push(e.to_string()),
        }
    }
    out
}

// Bug (issue 28, item 6): with masking on, an error message quoted the raw body near
// the error, so a masked address reached the status line, notes and trailview:error.
#[test]
fn with_masking_on_no_message_quotes_the_body() {
    let bodies = [
        // A fault after an entry, in an array.
        "[{\"user\":\"a@x.test\"},\n {\"user\" \"ada@acme.test\"}]",
        // A broken wrapper, read whole: nothing loads.
        "{\"logs\":[{\"user\":\"ada@acme.test\" x}]}",
        // A broken NDJSON line, skipped.
        "{\"user\":\"a@x.test\"}\n{\"user\":\"ada@acme.test\"a}\n{\"user\":\"b@x.test\"}",
        // Not JSON at all.
        "ada@acme.test is not allowed here",
        // An API error instead of entries.
        "{\"error\":\"ada@acme.test may not read this log\"}",
    ];
    for body in bodies {
        let plain = messages(body, "");
        assert!(
            plain
                .iter()
                .any(|m| m.contains("ada@acme.test") || m.contains("found 'a'")),
            "without masking the text is quoted: {plain:?}"
        );
        let masked = messages(body, "email");
        assert!(!masked.is_empty(), "{body}");
        for m in &masked {
            assert!(
                !m.contains("ada") && !m.contains("acme") && !m.contains("found '"),
                "{m}"
            );
        }
        if plain.iter().any(|m| m.contains("ada@acme.test")) {
            assert!(
                masked
                    .iter()
                    .any(|m| m.contains("not shown: masking is on")),
                "says what it leaves out: {masked:?}"
            );
        }
    }
}

#[test]
fn without_masking_the_excerpt_still_shows_where_the_error_is() {
    let m = messages(
        "[{\"user\":\"a@x.test\"},\n {\"user\" \"ada@acme.test\"}]",
        "",
    );
    assert!(
        m.iter()
            .all(|m| m.contains("found '\"'; near “ {\"user\" ⟶\"ada@acme.t")),
        "{m:?}"
    );
}
