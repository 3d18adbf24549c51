//! Differential property test: Trailview's JSON scanner and ingest against serde_json.
//!
//! Generated documents (deep, wide, every string escape including `\u` surrogate
//! pairs, non-ASCII text, big and odd numbers, white space of every kind, a BOM,
//! NDJSON with blank lines and CRLF) and mutations of them (truncation, an inserted,
//! deleted or replaced byte, raw control characters, bad escapes, trailing commas,
//! leading zeros) go through [`Scanner`], the entry inspector ([`inspect::parse`]),
//! [`ingest`] and [`StreamIngest`] fed in chunks, and through serde_json.
//!
//! The property: a document serde_json accepts loads with the same values; one it
//! rejects gives an error whose position lies inside the input (for ingest: a fault
//! or error with the line, column and offset [`json::position`] gives, or a skipped
//! NDJSON record with its line and column); nothing panics. A body loads the same
//! whole and streamed in chunks; so does an object wrapping the entries that is
//! streamed (from any point on, not only past its first MiB): the same entries,
//! paging members and total as read whole.
//!
//! "The same values": strings equal after unescaping; numbers keep their exact text
//! (serde_json's own tokenizer, through `RawValue`, says where each number ends, and
//! it must denote the same `serde_json::Number`); a repeated key keeps its first place
//! and its last value (serde_json's map keeps the last value too). Ingest is compared
//! row by row: each entry's bytes, the inspector's tree of them, and every cell of the
//! store (scalars filed by key path) against the reference value. A string whose
//! whole text is a JSON object or array (generated too: a value packed into one
//! field) also files that document's scalars below its own path.
//!
//! The reference is serde_json read with Trailview's intended differences, and plain
//! `serde_json::from_slice` is checked to disagree with it only for these reasons:
//! - Nesting: we take 128 levels ([`json::MAX_DEPTH`]) and refuse 129; serde_json's
//!   recursion limit of 128 refuses the 128th level already.
//! - Numbers beyond f64 (`1e400`): serde_json without `arbitrary_precision` refuses
//!   them; we keep number text, so they load.
//! - Invalid UTF-8 inside a string: we load it as U+FFFD (and count it); serde_json
//!   refuses the document.
//! - A lone surrogate escape (`"\ud800"`): we load it as U+FFFD, as `JSON.parse`
//!   takes it; serde_json refuses it. (Reported: the grammar allows any `\uXXXX`.)
//! - A leading UTF-8 BOM: ingest skips it (serde_json refuses it), so logs are compared
//!   with serde_json's reading of the body after the BOM. The scanner has no BOM rule.
//!
//! Not compared: the cells of an entry with a key `*` or `[]`, names the store gives
//! pooled keys and array elements (see [`has_reserved_key`]).
//!
//! Cases per property: `PROPTEST_CASES` (defaults below, 3,800 in all). A
//! failing case is saved to `proptest-regressions/json_differential.txt` and replayed
//! first by every later run (as a seed: it makes the same case while the generators
//! stay as they are; each bug fixed also has its own unit test). `make fuzz` runs the
//! same properties with many more cases.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, FileFailurePersistence, RngSeed, TestCaseError};
use serde::de::{MapAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;
use std::collections::BTreeMap;
use std::fmt;
use trailview::core::ingest::stream::StreamIngest;
use trailview::core::ingest::{IngestError, IngestReport, Shape, ingest};
use trailview::core::inspect::{self, JsonValue};
use trailview::core::json::{self, ErrorKind, Scanner, SyntaxError};
use trailview::core::store::dict::Kind;
use trailview::core::store::{MAX_NODES, ROOT, Store};

/// Where failing cases are kept (committed, replayed by every run).
const REGRESSIONS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/proptest-regressions/json_differential.txt"
);

/// The nesting limit the reference applies: Trailview's documented one.
const LIMIT: usize = 128;

/// Stands for one invalid UTF-8 sequence in the reference's text until [`settle`]
/// turns it into U+FFFD. The generators never produce it (see [`any_char`]).
const BAD: char = '\u{10FFFF}';

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// `cases` from a fixed seed (the test command gives the same verdict every run),
/// unless `PROPTEST_CASES` asks for a campaign (`make fuzz`): then that many from a
/// random seed. Failures persist in the repo.
fn config(cases: u32) -> Config {
    let campaign: Option<u32> = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok());
    Config {
        cases: campaign.unwrap_or(cases),
        rng_seed: match campaign {
            Some(_) => RngSeed::Random,
            None => RngSeed::Fixed(0x7261_696c_7669_6577),
        },
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(REGRESSIONS))),
        ..Config::default()
    }
}

// ---- the reference ------------------------------------------------------------

/// A JSON value as the reference reads it: numbers as their text, object members in
/// document order with repeated keys still there (until [`settle`]).
#[derive(Clone, Debug, PartialEq)]
enum V {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<V>),
    Obj(Vec<(String, V)>),
}

/// An object's members in document order, repeated keys included.
struct Members(Vec<(String, Box<RawValue>)>);

impl<'de> serde::Deserialize<'de> for Members {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Each;
        impl<'de> Visitor<'de> for Each {
            type Value = Members;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Members, A::Error> {
                let mut out = Vec::new();
                while let Some(member) = m.next_entry::<String, Box<RawValue>>()? {
                    out.push(member);
                }
                Ok(Members(out))
            }
        }
        d.deserialize_map(Each)
    }
}

/// The text serde_json reads for `doc`: each invalid UTF-8 sequence as one [`BAD`]
/// (where `String::from_utf8_lossy` puts one U+FFFD), each lone surrogate escape as
/// `\uFFFD`.
fn relax(doc: &[u8]) -> String {
    let mut text = String::with_capacity(doc.len());
    for chunk in doc.utf8_chunks() {
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            text.push(BAD);
        }
    }
    let b = text.as_bytes();
    let hex = |at: usize| -> Option<u32> {
        if b.get(at..at + 2) != Some(b"\\u") {
            return None;
        }
        let h = text.get(at + 2..at + 6)?;
        h.bytes()
            .all(|c| c.is_ascii_hexdigit())
            .then(|| u32::from_str_radix(h, 16).ok())?
    };
    let mut out = String::with_capacity(text.len());
    let (mut i, mut copied) = (0, 0);
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        match hex(i) {
            Some(0xD800..=0xDBFF) if matches!(hex(i + 6), Some(0xDC00..=0xDFFF)) => i += 12,
            Some(0xD800..=0xDFFF) => {
                out.push_str(&text[copied..i]);
                out.push_str("\\uFFFD");
                i += 6;
                copied = i;
            }
            Some(_) => i += 6,
            // Another escape, or a broken one (which both sides refuse).
            None => i += 2,
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// Reads one value serde_json has already checked (`raw`), `depth` containers deep.
fn walk(raw: &str, depth: usize) -> Result<V, String> {
    let err = |e: serde_json::Error| e.to_string();
    Ok(match raw.as_bytes()[0] {
        b'{' | b'[' if depth >= LIMIT => return Err(format!("deeper than {LIMIT}")),
        b'{' => V::Obj(
            serde_json::from_str::<Members>(raw)
                .map_err(err)?
                .0
                .into_iter()
                .map(|(k, v)| Ok((k, walk(v.get(), depth + 1)?)))
                .collect::<Result<_, String>>()?,
        ),
        b'[' => V::Arr(
            serde_json::from_str::<Vec<Box<RawValue>>>(raw)
                .map_err(err)?
                .iter()
                .map(|v| walk(v.get(), depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        b'"' => V::Str(serde_json::from_str(raw).map_err(err)?),
        b't' => V::Bool(true),
        b'f' => V::Bool(false),
        b'n' => V::Null,
        _ => V::Num(raw.to_string()),
    })
}

/// The reference reading of one whole document.
fn lenient(doc: &[u8]) -> Result<V, String> {
    let text = relax(doc);
    let raw: Box<RawValue> = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    walk(raw.get(), 0)
}

/// The reference reading of a stream of values (NDJSON, concatenated objects).
fn lenient_stream(doc: &[u8]) -> Result<Vec<V>, String> {
    let text = relax(doc);
    serde_json::Deserializer::from_str(&text)
        .into_iter::<Box<RawValue>>()
        .map(|raw| walk(raw.map_err(|e| e.to_string())?.get(), 0))
        .collect()
}

/// A repeated key keeps its first place and its last value (as serde_json's map and
/// `JSON.parse` keep the last).
fn dedup(v: &V) -> V {
    match v {
        V::Arr(items) => V::Arr(items.iter().map(dedup).collect()),
        V::Obj(members) => {
            let mut out: Vec<(String, V)> = Vec::new();
            for (k, v) in members {
                let (k, v) = (k.replace(BAD, "\u{FFFD}"), dedup(v));
                match out.iter_mut().find(|(seen, _)| *seen == k) {
                    Some(slot) => slot.1 = v,
                    None => out.push((k, v)),
                }
            }
            V::Obj(out)
        }
        other => other.clone(),
    }
}

/// The value as it is meant to load: [`dedup`], and invalid UTF-8 read as U+FFFD.
fn settle(v: &V) -> V {
    fn unmark(v: V) -> V {
        match v {
            V::Str(s) => V::Str(s.replace(BAD, "\u{FFFD}")),
            V::Arr(items) => V::Arr(items.into_iter().map(unmark).collect()),
            V::Obj(m) => V::Obj(m.into_iter().map(|(k, v)| (k, unmark(v))).collect()),
            other => other,
        }
    }
    unmark(dedup(v))
}

/// String values (not keys) that hold invalid UTF-8, once repeated keys are settled
/// (an overridden value is not shown, so not counted).
fn count_bad(v: &V) -> usize {
    fn go(v: &V) -> usize {
        match v {
            V::Str(s) => usize::from(s.contains(BAD)),
            V::Arr(items) => items.iter().map(go).sum(),
            V::Obj(members) => members.iter().map(|(_, v)| go(v)).sum(),
            _ => 0,
        }
    }
    go(&dedup(v))
}

/// Deepest nesting of containers in `v`.
fn depth_of(v: &V) -> usize {
    match v {
        V::Arr(items) => 1 + items.iter().map(depth_of).max().unwrap_or(0),
        V::Obj(members) => 1 + members.iter().map(|(_, v)| depth_of(v)).max().unwrap_or(0),
        _ => 0,
    }
}

/// True if plain serde_json's value `s` is the reference's settled value `v`.
fn same(s: &Value, v: &V) -> bool {
    match (s, v) {
        (Value::Null, V::Null) => true,
        (Value::Bool(a), V::Bool(b)) => a == b,
        (Value::Number(n), V::Num(text)) => {
            serde_json::from_str::<Value>(text).ok() == Some(Value::Number(n.clone()))
        }
        (Value::String(a), V::Str(b)) => a == b,
        (Value::Array(a), V::Arr(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(s, v)| same(s, v))
        }
        (Value::Object(a), V::Obj(b)) => {
            a.len() == b.len() && b.iter().all(|(k, v)| a.get(k).is_some_and(|s| same(s, v)))
        }
        _ => false,
    }
}

/// The intended differences (see the module docs), as plain serde_json words them.
const INTENDED: &[&str] = &[
    "recursion limit exceeded",
    "number out of range",
    "invalid unicode code point",
    "lone leading surrogate in hex escape",
    "unexpected end of hex escape",
];

/// Plain serde_json's verdict on one value against the reference's.
fn agrees(plain: Result<Value, serde_json::Error>, reference: Result<&V, &String>) -> bool {
    match (plain, reference) {
        (Ok(s), Ok(v)) => same(&s, &settle(v)),
        (Ok(_), Err(_)) => false,
        (Err(_), Err(_)) => true,
        (Err(e), Ok(v)) => {
            let m = e.to_string();
            INTENDED.iter().any(|k| m.starts_with(k))
                && (!m.starts_with(INTENDED[0]) || depth_of(v) == LIMIT)
        }
    }
}

/// The reference reading of `doc`, checked against plain serde_json.
fn reference(doc: &[u8]) -> Result<Result<V, String>, TestCaseError> {
    let r = lenient(doc);
    let plain = serde_json::from_slice::<Value>(doc);
    prop_assert!(
        agrees(plain, r.as_ref()),
        "plain serde_json: {:?}, reference: {r:?}",
        serde_json::from_slice::<Value>(doc).map_err(|e| e.to_string())
    );
    Ok(r)
}

/// The reference reading of a stream, checked against plain serde_json's stream.
fn reference_stream(doc: &[u8]) -> Result<Result<Vec<V>, String>, TestCaseError> {
    let r = lenient_stream(doc);
    let mut plain = serde_json::Deserializer::from_slice(doc).into_iter::<Value>();
    match &r {
        Ok(values) => {
            for v in values {
                match plain.next() {
                    Some(Ok(p)) => prop_assert!(agrees(Ok(p), Ok(v)), "stream value {:?}", v),
                    // An intended difference ends plain serde_json's stream.
                    Some(Err(e)) => {
                        prop_assert!(agrees(Err(e), Ok(v)), "stream value {:?}", v);
                        return Ok(r);
                    }
                    None => prop_assert!(false, "plain serde_json ends early"),
                }
            }
            prop_assert!(plain.next().is_none(), "plain serde_json reads more");
        }
        Err(e) => {
            // Plain serde_json must fail too, at the latest where the reference does.
            let failed = plain.by_ref().any(|p| p.is_err());
            prop_assert!(
                failed,
                "plain serde_json reads a stream the reference refuses: {e}"
            );
        }
    }
    Ok(r)
}

// ---- Trailview's side ---------------------------------------------------------

/// The inspector's tree as a reference value.
fn from_tree(v: &JsonValue) -> V {
    match v {
        JsonValue::Null => V::Null,
        JsonValue::Bool(b) => V::Bool(*b),
        JsonValue::Num(n) => V::Num(n.clone()),
        // A string holding a JSON document is still that string.
        JsonValue::Str(s) | JsonValue::Embedded(s, _) => V::Str(s.clone()),
        JsonValue::Arr(items) => V::Arr(items.iter().map(from_tree).collect()),
        JsonValue::Obj(m) => V::Obj(m.iter().map(|(k, v)| (k.clone(), from_tree(v))).collect()),
    }
}

/// Scalars by key path (`[]` for array elements), in document order.
type Cells = BTreeMap<Vec<String>, Vec<(Kind, String)>>;

/// What a settled entry should leave in the store's columns.
fn flatten(v: &V) -> Cells {
    fn go(v: &V, path: &mut Vec<String>, out: &mut Cells) {
        let scalar = match v {
            V::Obj(m) => {
                for (k, child) in m {
                    path.push(k.clone());
                    go(child, path, out);
                    path.pop();
                }
                return;
            }
            V::Arr(items) => {
                path.push("[]".into());
                for child in items {
                    go(child, path, out);
                }
                path.pop();
                return;
            }
            V::Null => (Kind::Null, "null".to_string()),
            V::Bool(b) => (Kind::Bool, b.to_string()),
            V::Num(n) => (Kind::Num, n.clone()),
            V::Str(s) => (Kind::Str, s.clone()),
        };
        out.entry(path.clone()).or_default().push(scalar);
        // A string whose whole text is a JSON object or array also files its
        // fields below it, as if nested there.
        if let V::Str(s) = v
            && ((s.starts_with('{') && s.ends_with('}'))
                || (s.starts_with('[') && s.ends_with(']')))
            && let Ok(inner @ (V::Obj(_) | V::Arr(_))) = lenient(s.as_bytes())
        {
            go(&settle(&inner), path, out);
        }
    }
    let mut out = Cells::new();
    go(v, &mut Vec::new(), &mut out);
    out
}

/// Every scalar the store filed for `row`.
fn cells(store: &Store, row: u32) -> Cells {
    let mut out = Cells::new();
    for leaf in store.leaves() {
        let codes = leaf.codes_of(row);
        if codes.is_empty() {
            continue;
        }
        let mut path = Vec::new();
        let mut n = leaf.node;
        while n != ROOT {
            path.push(store.node(n).name.clone());
            n = store.node(n).parent;
        }
        path.reverse();
        let values = codes
            .iter()
            .map(|&c| (leaf.dict.kind(c), leaf.dict.text(c).to_string()));
        out.entry(path).or_default().extend(values);
    }
    out
}

/// True if a key is `*` or `[]`: names the store gives pooled keys and array
/// elements, so such a key's column is not its own (a known limitation).
fn has_reserved_key(v: &V) -> bool {
    match v {
        V::Arr(items) => items.iter().any(has_reserved_key),
        V::Obj(m) => m
            .iter()
            .any(|(k, v)| k == "*" || k == "[]" || has_reserved_key(v)),
        _ => false,
    }
}

/// Checks that a syntax error points inside `doc` and can be shown there.
fn check_syntax_error(doc: &[u8], e: &SyntaxError) -> Result<(), TestCaseError> {
    prop_assert!(e.offset <= doc.len(), "{e:?} beyond {} bytes", doc.len());
    let (line, col) = json::position(doc, e.offset);
    prop_assert!(line >= 1 && line <= 1 + doc.iter().filter(|&&b| b == b'\n').count());
    prop_assert!(col >= 1);
    prop_assert!(json::excerpt(doc, e.offset).contains('⟶'));
    prop_assert!(!e.kind.to_string().is_empty());
    Ok(())
}

/// Checks that an ingest error with a position has it right for `doc`.
fn check_ingest_error(doc: &[u8], e: &IngestError) -> Result<(), TestCaseError> {
    if let IngestError::Invalid {
        line,
        column,
        offset,
        message,
        excerpt,
    } = e
    {
        prop_assert!(*offset <= doc.len(), "{e:?} beyond {} bytes", doc.len());
        prop_assert_eq!((*line, *column), json::position(doc, *offset), "{:?}", e);
        prop_assert!(
            !message.is_empty() && excerpt.as_deref().is_some_and(|x| x.contains('⟶')),
            "{:?}",
            e
        );
    }
    Ok(())
}

/// An `Invalid` error or fault, i.e. one with a position.
fn positioned(e: Option<&IngestError>) -> bool {
    matches!(e, Some(IngestError::Invalid { .. }))
}

/// The outcome without excerpts (a streamed fault's excerpt only sees unfiled bytes).
fn comparable(r: &Result<IngestReport, IngestError>) -> Result<IngestReport, IngestError> {
    let strip = |e: &IngestError| match e {
        IngestError::Invalid {
            line,
            column,
            offset,
            message,
            ..
        } => IngestError::Invalid {
            line: *line,
            column: *column,
            offset: *offset,
            message: message.clone(),
            excerpt: None,
        },
        other => other.clone(),
    };
    match r {
        Ok(report) => Ok(IngestReport {
            fault: report.fault.as_ref().map(strip),
            ..report.clone()
        }),
        Err(e) => Err(strip(e)),
    }
}

/// Each row's bytes and cells.
fn rows(store: &Store) -> Vec<(Vec<u8>, Cells)> {
    (0..store.len() as u32)
        .map(|r| (store.entry_bytes(r).to_vec(), cells(store, r)))
        .collect()
}

/// Checks one loaded row against the reference reading of its own bytes; returns
/// that reading (repeated keys kept).
fn check_row(store: &Store, row: u32) -> Result<V, TestCaseError> {
    let bytes = &*store.entry_bytes(row);
    let v = lenient(bytes)
        .map_err(|e| TestCaseError::fail(format!("row {row} does not read as JSON: {e}")))?;
    let settled = settle(&v);
    prop_assert!(matches!(settled, V::Obj(_)), "row {} is {:?}", row, settled);
    let tree = inspect::parse(bytes)
        .map_err(|e| TestCaseError::fail(format!("the inspector refuses row {row}: {e:?}")))?;
    prop_assert_eq!(from_tree(&tree), settled.clone(), "inspector, row {}", row);
    if !has_reserved_key(&settled) {
        prop_assert_eq!(cells(store, row), flatten(&settled), "cells of row {}", row);
    }
    Ok(v)
}

/// Checks that `report` loaded exactly `entries` (reference values, repeated keys
/// kept) as `loaded` (the rows, read by [`check_row`]) and skipped `skipped` parts,
/// with nothing wrong.
fn check_loaded(
    report: &IngestReport,
    loaded: &[V],
    entries: &[V],
    skipped: usize,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(report.added, entries.len());
    prop_assert_eq!(report.skipped, skipped);
    prop_assert!(report.fault.is_none(), "{:?}", report.fault);
    prop_assert_eq!(loaded.len(), entries.len());
    for (row, (got, want)) in loaded.iter().zip(entries).enumerate() {
        prop_assert_eq!(settle(got), settle(want), "row {}", row);
    }
    let bad: usize = entries.iter().map(count_bad).sum();
    prop_assert_eq!(report.invalid_utf8, bad, "invalid UTF-8 string values");
    Ok(())
}

/// Scanner, inspector and reference read `doc` alike.
fn check_scanner(doc: &[u8]) -> Result<(), TestCaseError> {
    let r = reference(doc)?;
    let mut sc = Scanner::new(doc);
    let skipped = sc.skip_value(0).and_then(|()| sc.end());
    let tree = inspect::parse(doc);
    match (&r, &tree) {
        (Ok(v), Ok(t)) => prop_assert_eq!(from_tree(t), settle(v)),
        (Err(_), Err(e)) => check_syntax_error(doc, e)?,
        (Ok(_), Err(e)) => prop_assert!(false, "we refuse what serde_json reads: {e:?}"),
        (Err(e), Ok(t)) => prop_assert!(false, "we read what serde_json refuses ({e}): {t:?}"),
    }
    prop_assert_eq!(skipped.err(), tree.err(), "scanner and inspector differ");
    Ok(())
}

/// Ingest (whole and in chunks of `chunk` bytes) and reference read the log `doc` alike.
fn check_log(doc: &[u8], chunk: usize) -> Result<(), TestCaseError> {
    let mut store = Store::new();
    let whole = ingest(&mut store, doc.to_vec());
    let mut pushed = Store::new();
    let mut s = StreamIngest::new(&pushed, usize::MAX);
    for c in doc.chunks(chunk) {
        s.push(c);
        s.process(&mut pushed);
    }
    let streamed = s.finish(&mut pushed);
    prop_assert_eq!(comparable(&whole), comparable(&streamed), "whole vs chunks");
    prop_assert!(
        store.nodes().len() < MAX_NODES,
        "keep generated logs under the path limit"
    );
    prop_assert_eq!(rows(&store), rows(&pushed), "rows, whole vs chunks");

    let lines = 1 + doc.iter().filter(|&&b| b == b'\n').count();
    match &whole {
        Err(e) => check_ingest_error(doc, e)?,
        Ok(r) => {
            if let Some(f) = &r.fault {
                check_ingest_error(doc, f)?;
            }
            for k in &r.skips {
                prop_assert!(k.line >= 1 && k.line <= lines, "{:?}", k);
                prop_assert!(!k.reason.is_empty());
            }
        }
    }
    let loaded = (0..store.len() as u32)
        .map(|row| check_row(&store, row))
        .collect::<Result<Vec<V>, _>>()?;

    // The reference reads the body after a BOM, which plain serde_json refuses.
    let body = match doc.strip_prefix(BOM) {
        Some(rest) => {
            prop_assert!(serde_json::from_slice::<Value>(doc).is_err());
            rest
        }
        None => doc,
    };
    let first = body
        .iter()
        .find(|b| !matches!(b, b' ' | b'\n' | b'\r' | b'\t'));
    let objects = |vs: &[V]| -> Vec<V> {
        vs.iter()
            .filter(|v| matches!(v, V::Obj(_)))
            .cloned()
            .collect()
    };
    match first {
        None => prop_assert_eq!(whole, Err(IngestError::Empty)),
        Some(b'[') => match reference(body)? {
            Ok(V::Arr(items)) => {
                let r = whole.map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
                prop_assert_eq!(&r.shape, &Shape::Array);
                let entries = objects(&items);
                check_loaded(&r, &loaded, &entries, items.len() - entries.len())?;
            }
            Ok(other) => prop_assert!(false, "'[' read as {other:?}"),
            Err(_) => match &whole {
                Ok(r) => prop_assert!(positioned(r.fault.as_ref()), "{r:?}"),
                Err(e) => prop_assert!(positioned(Some(e)), "{e:?}"),
            },
        },
        Some(b'{') => match reference_stream(body)? {
            Ok(values) if values.len() >= 2 && objects(&values).len() == values.len() => {
                let r = whole.map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
                prop_assert_eq!(&r.shape, &Shape::Ndjson);
                check_loaded(&r, &loaded, &values, 0)?;
            }
            Ok(values) if values.len() == 1 => match wrapper(&values[0]) {
                Some((items, total)) => {
                    let r = whole.map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
                    prop_assert_eq!(&r.shape, &Shape::Wrapped("items".into()));
                    prop_assert_eq!(r.total, total);
                    let entries = objects(&items);
                    check_loaded(&r, &loaded, &entries, items.len() - entries.len())?;
                }
                // Another object: a wrapper (whose array may hold non-objects, skipped),
                // one entry, or (empty, an API error) none.
                None => prop_assert!(
                    matches!(&whole, Ok(r) if r.fault.is_none())
                        || matches!(whole, Err(IngestError::NoEntries(_))),
                    "{:?}",
                    whole
                ),
            },
            // Values that are not objects, or a part the reference refuses: ingest
            // skips, faults or fails, and says where.
            Ok(_) | Err(_) => match &whole {
                Ok(r) => prop_assert!(
                    r.skipped > 0 || positioned(r.fault.as_ref()),
                    "nothing reported: {r:?}"
                ),
                Err(e) => prop_assert!(positioned(Some(e)), "{e:?}"),
            },
        },
        Some(_) => match &whole {
            Err(IngestError::NoEntries(_)) => prop_assert!(reference(body)?.is_ok()),
            Err(IngestError::NotJson { .. }) => prop_assert!(reference(body)?.is_err()),
            Err(e) => prop_assert!(positioned(Some(e)), "{e:?}"),
            Ok(r) => prop_assert!(false, "a log that starts with {first:?}: {r:?}"),
        },
    }
    Ok(())
}

/// A wrapper (valid JSON) streamed in chunks of `chunk` bytes once `after` of them
/// are in loads as it does read whole: the same report (entries, paging members,
/// total) and rows.
fn check_wrapper(doc: &[u8], chunk: usize, after: usize) -> Result<(), TestCaseError> {
    let mut store = Store::new();
    let whole = ingest(&mut store, doc.to_vec())
        .map_err(|e| TestCaseError::fail(format!("read whole: {e}")))?;
    prop_assert!(
        whole.fault.is_none() && matches!(whole.shape, Shape::Wrapped(_)),
        "{:?}",
        whole
    );
    let mut pushed = Store::new();
    let mut s = StreamIngest::new(&pushed, usize::MAX).stream_wrappers_after(after);
    for c in doc.chunks(chunk) {
        s.push(c);
        s.process(&mut pushed);
    }
    let streamed = s.finish(&mut pushed);
    prop_assert_eq!(Ok(whole), streamed, "whole vs streamed");
    prop_assert_eq!(rows(&store), rows(&pushed), "rows, whole vs streamed");
    Ok(())
}

/// The entries and total of a generated wrapper (`{"items": [...], "total": n,
/// "next": …}`, keys possibly repeated), read as ingest is meant to read it; None
/// for any other object.
fn wrapper(v: &V) -> Option<(Vec<V>, Option<u64>)> {
    let V::Obj(members) = v else { return None };
    if !members
        .iter()
        .all(|(k, _)| matches!(k.as_str(), "items" | "total" | "next"))
    {
        return None;
    }
    let last = |key: &str| members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v);
    let V::Arr(items) = last("items")? else {
        return None;
    };
    if !matches!(items.first(), None | Some(V::Obj(_))) {
        return None;
    }
    let total = match last("total") {
        Some(V::Num(n)) => n.parse().ok(),
        _ => None,
    };
    Some((items.clone(), total))
}

// ---- generators ---------------------------------------------------------------

/// Bytes, shown as text when a case fails.
#[derive(Clone)]
struct Doc(Vec<u8>);

impl fmt::Debug for Doc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "b\"{}\"", self.0.escape_ascii())
    }
}

/// How one character of a string is written.
#[derive(Clone, Copy, Debug)]
enum Spell {
    /// As itself, escaped only where JSON requires it.
    Raw,
    /// A short escape where one exists, else `\u` with lower-case hex.
    Escape,
    /// `\u` with upper-case hex (a surrogate pair beyond the BMP).
    Upper,
}

/// One piece of a generated string.
#[derive(Clone, Debug)]
enum Piece {
    Char(char, Spell),
    /// A lone surrogate escape (`\ud800`).
    Lone(u16),
}

/// A generated JSON value; strings are spelled piece by piece.
#[derive(Clone, Debug)]
enum Gen {
    Null,
    Bool(bool),
    Num(String),
    Str(Vec<Piece>),
    Arr(Vec<Gen>),
    Obj(Vec<(Vec<Piece>, Gen)>),
}

/// Numbers that trip parsers: signed zero, beyond f64, below it, long, exponent forms.
const ODD_NUMBERS: &[&str] = &[
    "0",
    "-0",
    "0.0",
    "-0.0",
    "1e400",
    "-1e400",
    "1E+2",
    "1e-400",
    "0e0",
    "0E+00001",
    "10E-0",
    "1.0",
    "0.0000000000000000000000000000001",
    "123456789012345678901234567890",
    "-123456789012345678901234567890",
    "9007199254740993",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    "-9223372036854775809",
    "1.7976931348623157e308",
    "1.7976931348623159e308",
    "5e-324",
    "2.2250738585072014e-308",
];

/// A JSON number's text.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => prop::sample::select(ODD_NUMBERS).prop_map(String::from),
        3 => (
            any::<bool>(),
            "0|[1-9][0-9]{0,24}",
            proptest::option::of("[0-9]{1,24}"),
            proptest::option::of(("[eE]", "[+-]?", "[0-9]{1,4}")),
        )
            .prop_map(|(neg, int, frac, exp)| {
                let mut s = String::from(if neg { "-" } else { "" });
                s += &int;
                if let Some(f) = frac {
                    s += ".";
                    s += &f;
                }
                if let Some((e, sign, digits)) = exp {
                    s += &(e + &sign + &digits);
                }
                s
            }),
    ]
}

/// Characters that need care: JSON's escapes, controls, multi-byte UTF-8, U+FFFD,
/// U+2028, U+FEFF, astral ones (surrogate pairs when escaped).
const TRICKY: &[char] = &[
    '"',
    '\\',
    '/',
    '\u{8}',
    '\u{c}',
    '\n',
    '\r',
    '\t',
    '\0',
    '\u{1f}',
    '\u{7f}',
    '\u{80}',
    'é',
    'ß',
    '\u{7ff}',
    '\u{800}',
    '☕',
    '\u{2028}',
    '\u{feff}',
    '\u{fffd}',
    '\u{ffff}',
    '\u{10000}',
    '😀',
    '𝄞',
];

/// Any character but the reference's [`BAD`] marker (and its neighbours, so that no
/// one-byte mutation makes one).
fn any_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => (0x20u8..0x7f).prop_map(char::from),
        3 => prop::sample::select(TRICKY),
        1 => any::<char>().prop_map(|c| if c >= '\u{F0000}' { 'x' } else { c }),
    ]
}

fn spell() -> impl Strategy<Value = Spell> {
    prop_oneof![6 => Just(Spell::Raw), 2 => Just(Spell::Escape), 1 => Just(Spell::Upper)]
}

/// A string of up to `max` pieces over `chars`, now and then a lone surrogate.
fn text(chars: BoxedStrategy<char>, max: usize) -> impl Strategy<Value = Vec<Piece>> {
    let piece = prop_oneof![
        40 => (chars, spell()).prop_map(|(c, s)| Piece::Char(c, s)),
        1 => (0xD800u16..=0xDFFF).prop_map(Piece::Lone),
    ];
    prop::collection::vec(piece, 0..=max)
}

const KEY_CHARS: &[char] = &['a', 'b', 'é', '😀', '"', '\n', '.', ' '];

/// Object keys from a small alphabet, so keys repeat (spelled alike or not).
fn key() -> impl Strategy<Value = Vec<Piece>> {
    let chars = prop::sample::select(KEY_CHARS);
    prop::collection::vec((chars, spell()).prop_map(|(c, s)| Piece::Char(c, s)), 0..=2)
}

fn scalar() -> impl Strategy<Value = Gen> {
    prop_oneof![
        1 => Just(Gen::Null),
        1 => any::<bool>().prop_map(Gen::Bool),
        3 => number().prop_map(Gen::Num),
        4 => text(any_char().boxed(), 10).prop_map(Gen::Str),
    ]
}

/// Nested values.
fn value() -> impl Strategy<Value = Gen> {
    scalar().prop_recursive(5, 32, 5, |inner| {
        prop_oneof![
            4 => prop::collection::vec(inner.clone(), 0..5).prop_map(Gen::Arr),
            4 => prop::collection::vec((key(), inner.clone()), 0..5).prop_map(Gen::Obj),
            1 => inner.prop_map(packed),
        ]
    })
}

/// A string whose text is a JSON object holding `v` (details packed into one
/// field, as table exports do): the store files its fields below the string.
fn packed(v: Gen) -> Gen {
    let mut out = Out::new(vec![""]);
    out.value(&Gen::Obj(vec![(vec![Piece::Char('a', Spell::Raw)], v)]));
    let text = String::from_utf8(out.buf).expect("rendered as text");
    Gen::Str(text.chars().map(|c| Piece::Char(c, Spell::Raw)).collect())
}

/// A wide array or object of scalars (its keys repeat: the alphabet is small).
fn wide() -> impl Strategy<Value = Gen> {
    prop_oneof![
        prop::collection::vec(scalar(), 20..80).prop_map(Gen::Arr),
        prop::collection::vec((key(), scalar()), 20..80).prop_map(Gen::Obj),
    ]
}

/// A value: nested, wide, or at the bottom of a chain of up to 60 containers.
fn deep_value() -> impl Strategy<Value = Gen> {
    prop_oneof![
        6 => value(),
        1 => wide(),
        1 => (value(), prop::collection::vec((any::<bool>(), key()), 1..60)).prop_map(
            |(v, chain)| {
                chain.into_iter().fold(v, |v, (obj, k)| {
                    if obj { Gen::Obj(vec![(k, v)]) } else { Gen::Arr(vec![v]) }
                })
            }
        ),
    ]
}

/// An entry: an object of nested values, now and then a wide one.
fn entry() -> impl Strategy<Value = Gen> {
    let member = prop_oneof![12 => value(), 1 => wide()];
    prop::collection::vec((key(), member), 0..6).prop_map(Gen::Obj)
}

/// White space between tokens: mostly none.
const WS: &[&str] = &[
    "", "", "", "", " ", "\n", "\r\n", "\t", "  ", "\n    ", " \t\r\n ",
];

fn spaces() -> impl Strategy<Value = Vec<&'static str>> {
    prop::collection::vec(prop::sample::select(WS), 1..6)
}

/// Renders generated values, taking white space from a cycle.
struct Out {
    buf: Vec<u8>,
    ws: Vec<&'static str>,
    n: usize,
}

impl Out {
    fn new(ws: Vec<&'static str>) -> Self {
        Out {
            buf: Vec::new(),
            ws,
            n: 0,
        }
    }

    fn ws(&mut self) {
        let w = self.ws[self.n % self.ws.len()];
        self.n += 1;
        self.buf.extend_from_slice(w.as_bytes());
    }

    fn push(&mut self, s: &str) {
        self.buf.extend_from_slice(s.as_bytes());
    }

    fn string(&mut self, pieces: &[Piece]) {
        let mut s = String::from("\"");
        for p in pieces {
            let (c, spell) = match *p {
                Piece::Lone(u) => {
                    s += &format!("\\u{u:04x}");
                    continue;
                }
                Piece::Char(c, spell) => (c, spell),
            };
            let short = match c {
                '"' => Some("\\\""),
                '\\' => Some("\\\\"),
                '/' => Some("\\/"),
                '\u{8}' => Some("\\b"),
                '\u{c}' => Some("\\f"),
                '\n' => Some("\\n"),
                '\r' => Some("\\r"),
                '\t' => Some("\\t"),
                _ => None,
            };
            let must = c < ' ' || c == '"' || c == '\\';
            match (spell, short) {
                (Spell::Raw, _) if !must => s.push(c),
                (Spell::Raw | Spell::Escape, Some(e)) => s += e,
                (spell, _) => {
                    let mut units = [0u16; 2];
                    for u in c.encode_utf16(&mut units) {
                        s += &match spell {
                            Spell::Upper => format!("\\u{:04X}", u),
                            _ => format!("\\u{:04x}", u),
                        };
                    }
                }
            }
        }
        s.push('"');
        self.push(&s);
    }

    fn value(&mut self, v: &Gen) {
        match v {
            Gen::Null => self.push("null"),
            Gen::Bool(b) => self.push(if *b { "true" } else { "false" }),
            Gen::Num(n) => self.push(n),
            Gen::Str(p) => self.string(p),
            Gen::Arr(items) => {
                self.push("[");
                for (i, item) in items.iter().enumerate() {
                    self.ws();
                    if i > 0 {
                        self.push(",");
                        self.ws();
                    }
                    self.value(item);
                }
                self.ws();
                self.push("]");
            }
            Gen::Obj(members) => {
                self.push("{");
                for (i, (k, v)) in members.iter().enumerate() {
                    self.ws();
                    if i > 0 {
                        self.push(",");
                        self.ws();
                    }
                    self.string(k);
                    self.ws();
                    self.push(":");
                    self.ws();
                    self.value(v);
                }
                self.ws();
                self.push("}");
            }
        }
    }
}

/// One change that (usually) breaks a document.
#[derive(Clone, Debug)]
enum Mutation {
    Truncate(Index),
    Insert(Index, u8),
    Delete(Index),
    Replace(Index, u8),
    /// A raw control character after a quote (inside a string, often).
    Control(Index, u8),
    /// A bad (or lone surrogate) escape after a quote.
    Escape(Index, &'static str),
    /// A comma before a closing bracket.
    TrailingComma(Index),
    /// A `0` before a digit that starts a number.
    LeadingZero(Index),
}

/// Bytes that matter to JSON, and some that are never valid UTF-8 alone.
const BYTES: &[u8] =
    b"{}[],:\"\\ \n\r\t0123456789-+.eEtrufalsn/\x00\x1f\x7f\x80\xbf\xc3\xe2\xef\xf0\xff";

const ESCAPES: &[&str] = &[
    "\\x",
    "\\u",
    "\\u12",
    "\\u12G4",
    "\\",
    "\\U0041",
    "\\'",
    "\\ud800",
    "\\udc00",
    "\\ud83d\\u0041",
    "\\ud83d\\ude00",
    "\\u0000",
];

fn byte() -> impl Strategy<Value = u8> {
    prop_oneof![any::<u8>(), prop::sample::select(BYTES)]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>()).prop_map(Mutation::Truncate),
        (any::<Index>(), byte()).prop_map(|(i, b)| Mutation::Insert(i, b)),
        (any::<Index>()).prop_map(Mutation::Delete),
        (any::<Index>(), byte()).prop_map(|(i, b)| Mutation::Replace(i, b)),
        (any::<Index>(), 0u8..0x20).prop_map(|(i, b)| Mutation::Control(i, b)),
        (any::<Index>(), prop::sample::select(ESCAPES)).prop_map(|(i, e)| Mutation::Escape(i, e)),
        (any::<Index>()).prop_map(Mutation::TrailingComma),
        (any::<Index>()).prop_map(Mutation::LeadingZero),
    ]
}

/// No mutation half the time, else one to three.
fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    prop_oneof![Just(Vec::new()), prop::collection::vec(mutation(), 1..=3),]
}

/// The place `i` picks among those where `at` holds (anywhere if there is none).
fn pick(doc: &[u8], i: &Index, at: impl Fn(usize) -> bool) -> usize {
    let spots: Vec<usize> = (0..doc.len()).filter(|&p| at(p)).collect();
    if spots.is_empty() {
        i.index(doc.len() + 1)
    } else {
        *i.get(&spots)
    }
}

fn mutate(doc: &mut Vec<u8>, m: &Mutation) {
    let d: &[u8] = doc;
    let after_quote = |p: usize| p > 0 && d[p - 1] == b'"';
    let (at, insert): (usize, &[u8]) = match m {
        Mutation::Truncate(i) => {
            doc.truncate(i.index(doc.len() + 1));
            return;
        }
        Mutation::Delete(i) => {
            if !doc.is_empty() {
                doc.remove(i.index(doc.len()));
            }
            return;
        }
        Mutation::Replace(i, b) => {
            if !doc.is_empty() {
                let p = i.index(doc.len());
                doc[p] = *b;
            }
            return;
        }
        Mutation::Insert(i, b) => (i.index(d.len() + 1), std::slice::from_ref(b)),
        Mutation::Control(i, b) => (pick(d, i, after_quote), std::slice::from_ref(b)),
        Mutation::Escape(i, e) => (pick(d, i, after_quote), e.as_bytes()),
        Mutation::TrailingComma(i) => (pick(d, i, |p| matches!(d[p], b']' | b'}')), b","),
        Mutation::LeadingZero(i) => (
            pick(d, i, |p| {
                d[p].is_ascii_digit()
                    && (p == 0 || !matches!(d[p - 1], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+'))
            }),
            b"0",
        ),
    };
    doc.splice(at..at, insert.iter().copied());
}

/// Any JSON document (a BOM now and then), maybe mutated.
fn any_doc() -> impl Strategy<Value = Doc> {
    (
        deep_value(),
        spaces(),
        prop::bool::weighted(0.05),
        mutations(),
    )
        .prop_map(|(v, ws, bom, muts)| {
            let mut out = Out::new(ws);
            if bom {
                out.buf.extend_from_slice(BOM);
            }
            out.ws();
            out.value(&v);
            out.ws();
            let mut doc = out.buf;
            for m in &muts {
                mutate(&mut doc, m);
            }
            Doc(doc)
        })
}

/// The shapes of log generated.
#[derive(Clone, Debug)]
enum LogShape {
    Array,
    /// One entry per line; `crlf` line ends; blank lines where `blank` says.
    Ndjson {
        crlf: bool,
        blank: Vec<bool>,
    },
    /// `{"items": [...]}` with a total, a next link and maybe an earlier `items`
    /// that the later one overrides.
    Wrapped {
        shadow: Option<Vec<Gen>>,
        total: Option<u64>,
    },
}

fn log_shape() -> impl Strategy<Value = LogShape> {
    prop_oneof![
        2 => Just(LogShape::Array),
        2 => (any::<bool>(), prop::collection::vec(prop::bool::weighted(0.2), 8))
            .prop_map(|(crlf, blank)| LogShape::Ndjson { crlf, blank }),
        1 => (
            proptest::option::weighted(0.3, prop::collection::vec(entry(), 0..2)),
            proptest::option::of(any::<u64>()),
        )
            .prop_map(|(shadow, total)| LogShape::Wrapped { shadow, total }),
    ]
}

/// A log body (array, NDJSON or wrapper of entries; a BOM now and then), maybe
/// mutated, and a chunk size to stream it in.
fn log_doc() -> impl Strategy<Value = (Doc, usize)> {
    (
        log_shape(),
        prop::collection::vec(entry(), 0..6),
        spaces(),
        prop::bool::weighted(0.2),
        mutations(),
        prop_oneof![1 => 1usize..8, 4 => 8usize..512],
    )
        .prop_map(|(shape, entries, ws, bom, muts, chunk)| {
            let mut out = Out::new(ws);
            if bom {
                out.buf.extend_from_slice(BOM);
            }
            let array = |out: &mut Out, entries: &[Gen]| {
                out.value(&Gen::Arr(entries.to_vec()));
            };
            match &shape {
                LogShape::Array => array(&mut out, &entries),
                LogShape::Ndjson { crlf, blank } => {
                    // Two entries at least: one object alone may be a wrapper.
                    let mut entries = entries.clone();
                    while entries.len() < 2 {
                        entries.push(Gen::Obj(vec![]));
                    }
                    let nl = if *crlf { "\r\n" } else { "\n" };
                    for (i, e) in entries.iter().enumerate() {
                        out.value(e);
                        out.push(nl);
                        if blank[i % blank.len()] {
                            out.push(nl);
                        }
                    }
                }
                LogShape::Wrapped { shadow, total } => {
                    out.push("{");
                    if let Some(s) = shadow {
                        out.push("\"items\":");
                        array(&mut out, s);
                        out.push(",");
                    }
                    if let Some(t) = total {
                        out.push(&format!("\"total\":{t},"));
                        out.ws();
                    }
                    out.push("\"items\":");
                    out.ws();
                    array(&mut out, &entries);
                    out.push(",\"next\":null}");
                }
            }
            let mut doc = out.buf;
            for m in &muts {
                mutate(&mut doc, m);
            }
            (Doc(doc), chunk)
        })
}

/// Keys that name entries, as ingest knows them (a few of its list).
const ENTRY_KEYS: &[&str] = &["logs", "items", "data", "events"];

/// `name`, each character spelled one way or another (`"\u0069tems"` is `items`).
fn named(name: &'static str) -> impl Strategy<Value = Vec<Piece>> {
    prop::collection::vec(spell(), name.chars().count()).prop_map(move |spells| {
        name.chars()
            .zip(spells)
            .map(|(c, s)| Piece::Char(c, s))
            .collect()
    })
}

fn one_of(names: &'static [&'static str]) -> impl Strategy<Value = Vec<Piece>> {
    prop::sample::select(names).prop_flat_map(named)
}

/// A member of a wrapper beside its entries: a paging member, an object of them
/// (`links.next`), any value under another key, or entries under a key that names
/// them (which the streamed ones may override, or be overridden by). A key that
/// names entries never holds anything else: a whole read would then take the
/// wrapper for one entry, which a streamed body cannot (its entries are filed).
fn wrapper_member() -> impl Strategy<Value = (Vec<Piece>, Gen)> {
    const PAGING: &[&str] = &[
        "next",
        "nextPageToken",
        "cursor",
        "total",
        "count",
        "has_more",
        "page",
    ];
    let paging = || (one_of(PAGING), scalar());
    prop_oneof![
        4 => paging(),
        2 => (
            one_of(&["links", "response_metadata", "_links"]),
            prop::collection::vec(
                prop_oneof![
                    3 => paging(),
                    1 => (one_of(&["next"]), prop::collection::vec(paging(), 0..3).prop_map(Gen::Obj)),
                ],
                0..4
            )
            .prop_map(Gen::Obj),
        ),
        1 => (one_of(&["tags", "meta"]), value()),
        1 => (one_of(ENTRY_KEYS), prop::collection::vec(entry(), 0..2).prop_map(Gen::Arr)),
    ]
}

/// A wrapper of entries with members before and after them, the entries at the
/// top (`logs`) or one level down (`data.items`); a BOM now and then. Also a chunk
/// size and where streaming starts.
fn wrapped_doc() -> impl Strategy<Value = (Doc, usize, usize)> {
    let members = || prop::collection::vec(wrapper_member(), 0..4);
    (
        members(),
        one_of(ENTRY_KEYS),
        prop::collection::vec(entry(), 0..10),
        members(),
        proptest::option::of((
            one_of(&["data", "result", "response"]),
            members(),
            members(),
        )),
        spaces(),
        prop::bool::weighted(0.1),
        prop_oneof![1 => 1usize..8, 2 => 8usize..512],
        any::<Index>(),
    )
        .prop_map(
            |(before, key, entries, after, outer, ws, bom, chunk, from)| {
                let mut holder = vec![(key, Gen::Arr(entries))];
                let mut top = before;
                match outer {
                    Some((outer, inner_before, inner_after)) => {
                        holder = [inner_before, holder, inner_after].concat();
                        top.push((outer, Gen::Obj(holder)));
                    }
                    None => top.append(&mut holder),
                }
                top.extend(after);
                let mut out = Out::new(ws);
                if bom {
                    out.buf.extend_from_slice(BOM);
                }
                out.ws();
                out.value(&Gen::Obj(top));
                out.ws();
                let from = from.index(out.buf.len() + 1);
                (Doc(out.buf), chunk, from)
            },
        )
}

/// Containers nested `levels.len()` deep (true: an object), with a scalar inside;
/// also the offset of each opening bracket.
fn nested(levels: &[bool]) -> (Vec<u8>, Vec<usize>) {
    let mut doc = Vec::new();
    let mut opens = Vec::new();
    for &obj in levels {
        opens.push(doc.len());
        doc.extend_from_slice(if obj { b"{\"k\":" } else { b"[" });
    }
    doc.extend_from_slice(b"1");
    for &obj in levels.iter().rev() {
        doc.push(if obj { b'}' } else { b']' });
    }
    (doc, opens)
}

// ---- the properties -----------------------------------------------------------

proptest! {
    #![proptest_config(config(2000))]

    /// Any document: the scanner and the inspector read it as serde_json does.
    #[test]
    fn documents_read_as_serde_json_reads_them(doc in any_doc()) {
        check_scanner(&doc.0)?;
    }
}

proptest! {
    #![proptest_config(config(1000))]

    /// A log body: ingest, whole and streamed in chunks, loads what serde_json reads.
    #[test]
    fn logs_load_as_serde_json_reads_them((doc, chunk) in log_doc()) {
        check_log(&doc.0, chunk)?;
    }
}

proptest! {
    #![proptest_config(config(500))]

    /// A wrapper streamed in chunks of any size loads what it loads read whole.
    #[test]
    fn wrappers_stream_as_they_read_whole((doc, chunk, after) in wrapped_doc()) {
        check_wrapper(&doc.0, chunk, after)?;
    }
}

proptest! {
    #![proptest_config(config(300))]

    /// Nesting: 128 levels load everywhere, 129 are an error at the 129th bracket;
    /// serde_json stops at 128 (the one intended difference in depth).
    #[test]
    fn nesting_stops_after_128_levels(
        levels in prop_oneof![
            prop::collection::vec(any::<bool>(), 124..=132),
            prop::collection::vec(any::<bool>(), 1..=140),
        ]
    ) {
        prop_assert_eq!(json::MAX_DEPTH, LIMIT);
        let (doc, opens) = nested(&levels);
        let d = levels.len();
        prop_assert_eq!(serde_json::from_slice::<Value>(&doc).is_ok(), d < LIMIT);
        prop_assert_eq!(lenient(&doc).is_ok(), d <= LIMIT);
        check_scanner(&doc)?;
        match inspect::parse(&doc) {
            Ok(_) => prop_assert!(d <= LIMIT),
            Err(e) => {
                prop_assert!(d > LIMIT);
                prop_assert_eq!(e, SyntaxError { offset: opens[LIMIT], kind: ErrorKind::TooDeep });
            }
        }
        // As an entry (one level more), alone per line, in an array, in a wrapper.
        let entry = [b"{\"e\":".as_slice(), &doc, b"}"].concat();
        let forms = [
            ([entry.as_slice(), b"\n", &entry].concat(), 1),
            ([b"[".as_slice(), &entry, b"]"].concat(), 2),
            ([b"{\"items\":[".as_slice(), &entry, b"]}"].concat(), 3),
        ];
        for (body, extra) in forms {
            let mut store = Store::new();
            let r = ingest(&mut store, body.clone());
            let fits = d + extra <= LIMIT;
            let deep = |m: &str| m.contains("nesting deeper than 128 levels");
            match &r {
                Ok(r) if fits => prop_assert!(r.added > 0 && r.skipped == 0 && r.fault.is_none(), "{:?}", r),
                Ok(r) => prop_assert!(r.added == 0 && r.skips.iter().all(|k| deep(&k.reason)), "{:?}", r),
                Err(e) => prop_assert!(!fits && deep(&e.to_string()), "{}", e),
            }
            check_log(&body, 100)?;
        }
    }
}
