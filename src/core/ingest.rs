//! Bytes in, entries out: recognises the shape of a JSON log and files its entries
//! into a [`Store`].
//!
//! Accepted shapes: a top-level array of objects; an object wrapping that array
//! under a known key (`logs`, `data`, `items`, …) or, failing that, its largest array
//! of objects, also one level down; NDJSON or any stream of concatenated objects.
//! A leading UTF-8 BOM is ignored. Broken NDJSON lines are skipped, counted and listed
//! while good lines load; a broken array is an [`IngestError`] with line, column,
//! byte offset and an excerpt, and leaves the store as it was. While masking is on
//! no message quotes the body ([`NOT_SHOWN`]).

use crate::core::json::{self, Scanner, SyntaxError};
use crate::core::store::Store;
use crate::core::stream::StreamIngest;
use std::fmt;

/// Keys that usually hold the entries of a wrapped log, most telling first.
const ENTRY_KEYS: &[&str] = &[
    "logs",
    "auditLogs",
    "audit_logs",
    "entries",
    "events",
    "records",
    "Records",
    "items",
    "results",
    "data",
    "activities",
    "rows",
    "hits",
    "list",
    "value",
    "docs",
    "result",
];
/// Keys that usually hold the total number of entries on the server.
const TOTAL_KEYS: &[&str] = &[
    "total",
    "totalCount",
    "total_count",
    "totalResults",
    "count",
];
/// Said instead of quoting a body while masking is on.
pub const NOT_SHOWN: &str = "(text not shown: masking is on)";
/// Skipped lines listed individually (all are counted).
pub const MAX_LISTED_SKIPS: usize = 1000;

/// The shape a page was recognised as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A top-level array.
    Array,
    /// An object holding the array at this key path (`logs`, `data.items`).
    Wrapped(String),
    /// One object per line (or concatenated objects).
    Ndjson,
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shape::Array => f.write_str("a JSON array"),
            Shape::Wrapped(k) => write!(f, "an object with the entries under \"{k}\""),
            Shape::Ndjson => f.write_str("NDJSON (one object per line)"),
        }
    }
}

/// An input part that was not loaded, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// 1-based line where it starts.
    pub line: usize,
    /// Why it was skipped.
    pub reason: String,
}

/// What loading one page did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IngestReport {
    /// The recognised shape.
    pub shape: Shape,
    /// Entries added by this page.
    pub added: usize,
    /// Parts skipped (bad NDJSON lines, array elements that are not objects).
    pub skipped: usize,
    /// The first [`MAX_LISTED_SKIPS`] skipped parts.
    pub skips: Vec<Skipped>,
    /// A server-side total found next to a wrapped array (`total`, `totalCount`, …).
    pub total: Option<u64>,
    /// String values that were not valid UTF-8 (shown with U+FFFD).
    pub invalid_utf8: usize,
    /// Entries dropped because an earlier response already delivered them.
    pub duplicates: usize,
    /// The fault that ended the body early; every complete entry before it is loaded.
    pub fault: Option<IngestError>,
    /// Scalar members of a wrapping object outside the entries (`next`,
    /// `links.next`, `nextPageToken`, …), for the paging planner. `None` is JSON null.
    pub meta: Vec<(String, Option<String>)>,
    /// Reading stopped because the store reached its memory budget, or the body
    /// held as much unread as it may ([`IngestError::TooLarge`] says what).
    pub memory_limit: bool,
}

impl IngestReport {
    /// An empty report for a body of `shape`.
    pub fn new(shape: Shape) -> Self {
        IngestReport {
            shape,
            added: 0,
            skipped: 0,
            skips: Vec::new(),
            total: None,
            invalid_utf8: 0,
            duplicates: 0,
            fault: None,
            meta: Vec::new(),
            memory_limit: false,
        }
    }

    /// Records a skipped part at `line`.
    pub(crate) fn skip(&mut self, line: impl FnOnce() -> usize, reason: String) {
        self.skipped += 1;
        if self.skips.len() < MAX_LISTED_SKIPS {
            self.skips.push(Skipped {
                line: line(),
                reason,
            });
        }
    }

    /// The value of body member `path` (`next`, `links.next`), if it is a non-empty scalar.
    pub fn meta(&self, path: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|(k, _)| k == path)
            .and_then(|(_, v)| v.as_deref())
            .filter(|v| !v.is_empty())
    }

    /// True if the body has member `path` at all (null and empty included).
    pub fn has_meta(&self, path: &str) -> bool {
        self.meta.iter().any(|(k, _)| k == path)
    }
}

/// Why a page could not be loaded at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IngestError {
    /// No bytes, or only white space.
    Empty,
    /// Not JSON at all; says what it looks like and how it starts.
    NotJson {
        /// "an HTML page", "plain text", …
        looks_like: &'static str,
        /// The first characters (`None` while masking is on).
        start: Option<String>,
    },
    /// Broken JSON.
    Invalid {
        /// 1-based line.
        line: usize,
        /// 1-based column, in characters.
        column: usize,
        /// Byte offset.
        offset: usize,
        /// What is wrong.
        message: String,
        /// The text around the spot (`None` while masking is on).
        excerpt: Option<String>,
    },
    /// Valid JSON that holds no list of entries.
    NoEntries(String),
    /// A value held unread grew past what a body may hold (see
    /// [`crate::core::stream::MAX_UNFILED`]); nothing of it or after it is read.
    TooLarge {
        /// What it was.
        what: Oversized,
        /// Bytes the body could hold.
        limit: usize,
    },
}

/// What grew too large to hold while reading (see [`IngestError::TooLarge`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Oversized {
    /// One entry (an array element, a line).
    Entry,
    /// What follows the entries in a streamed object wrapping them (its other
    /// members); every entry is loaded.
    Wrapper,
    /// The first value of the body: an entry, or an object wrapping the entries.
    First,
}

impl fmt::Display for IngestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IngestError::Empty => f.write_str("the response is empty"),
            IngestError::NotJson { looks_like, start } => {
                write!(f, "the response is not JSON: it looks like {looks_like} ")?;
                match start {
                    Some(start) => write!(f, "(it starts with “{start}”)"),
                    None => f.write_str(NOT_SHOWN),
                }
            }
            IngestError::Invalid {
                line,
                column,
                offset,
                message,
                excerpt,
            } => {
                write!(
                    f,
                    "invalid JSON at line {line}, column {column} (byte {offset}): {message}"
                )?;
                match excerpt {
                    Some(excerpt) => write!(f, "; near “{excerpt}”"),
                    None => write!(f, " {NOT_SHOWN}"),
                }
            }
            IngestError::NoEntries(what) => write!(f, "no list of log entries found: {what}"),
            IngestError::TooLarge { what, limit } => {
                let size = if *limit >= 1 << 20 {
                    format!("{} MB", limit >> 20)
                } else {
                    format!("{} KB", limit >> 10)
                };
                let held = "more than can be held while reading";
                match what {
                    Oversized::Entry => write!(
                        f,
                        "an entry is larger than {size}, {held}: it and the rest of the response are not loaded"
                    ),
                    Oversized::Wrapper => write!(
                        f,
                        "the object wrapping the entries goes on for more than {size} after them, {held}: that part (where a next page or a total may be) is not read"
                    ),
                    Oversized::First => write!(
                        f,
                        "the first value of the response (an entry, or an object wrapping the entries) is larger than {size}, {held}: it is not loaded"
                    ),
                }
            }
        }
    }
}

impl std::error::Error for IngestError {}

/// The error for `e` in `bytes`; quoting them only if `quote`.
pub(crate) fn invalid(bytes: &[u8], e: SyntaxError, quote: bool) -> IngestError {
    let (line, column) = json::position(bytes, e.offset);
    IngestError::Invalid {
        line,
        column,
        offset: e.offset,
        message: e.kind.describe(quote),
        excerpt: quote.then(|| json::excerpt(bytes, e.offset)),
    }
}

/// Counts lines incrementally so skipped parts can be numbered cheaply.
struct LineCounter {
    offset: usize,
    line: usize,
}

impl LineCounter {
    fn line_at(&mut self, bytes: &[u8], offset: usize) -> usize {
        if offset < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        self.line += memchr::memchr_iter(b'\n', &bytes[self.offset..offset]).count();
        self.offset = offset;
        self.line
    }
}

struct Page<'a> {
    store: &'a mut Store,
    bytes: &'a [u8],
    page: u32,
    lines: LineCounter,
    report: IngestReport,
    /// Messages may quote the body.
    quote: bool,
}

impl Page<'_> {
    fn skip(&mut self, offset: usize, reason: String) {
        let (lines, bytes) = (&mut self.lines, self.bytes);
        self.report.skip(|| lines.line_at(bytes, offset), reason);
    }

    /// Loads the array whose `[` is at `start`, its elements `depth` levels deep;
    /// returns the offset after its `]`.
    fn array(&mut self, start: usize, depth: usize) -> Result<usize, SyntaxError> {
        let mut sc = Scanner::at(self.bytes, start + 1);
        if sc.eat(b']') {
            return Ok(sc.pos);
        }
        let mut index = 0usize;
        loop {
            sc.ws();
            if index == 1024 {
                // Size every column for the rest of the page from what 1024 entries took.
                let per_entry = (sc.pos - start) / index + 1;
                self.store
                    .reserve_rows((self.bytes.len() - sc.pos) / per_entry);
            }
            if sc.peek() == Some(b'{') {
                if self
                    .store
                    .add_new_entry(self.bytes, &mut sc, self.page, depth)?
                {
                    self.report.added += 1;
                } else {
                    self.report.duplicates += 1;
                }
            } else {
                let at = sc.pos;
                sc.skip_value(depth - 1)?;
                let what = type_name(self.bytes[at]);
                self.skip(
                    at,
                    format!("element {} is {what}, not an object", index + 1),
                );
            }
            index += 1;
            if sc.eat(b',') {
                continue;
            }
            if sc.eat(b']') {
                return Ok(sc.pos);
            }
            return sc.expected("',' or ']' after an array element");
        }
    }

    /// Loads a stream of objects from `start`, skipping what cannot be read.
    fn stream(&mut self, start: usize) {
        let bytes = self.bytes;
        let mut sc = Scanner::at(bytes, start);
        loop {
            sc.ws();
            let at = sc.pos;
            let Some(first) = sc.peek() else { return };
            let result = if first == b'{' {
                match self.store.add_new_entry(bytes, &mut sc, self.page, 1) {
                    Ok(true) => {
                        self.report.added += 1;
                        Ok(())
                    }
                    Ok(false) => {
                        self.report.duplicates += 1;
                        Ok(())
                    }
                    Err(e) => Err(e),
                }
            } else {
                match sc.skip_value(0) {
                    Ok(()) => {
                        self.skip(at, format!("found {}, not an object", type_name(first)));
                        Ok(())
                    }
                    Err(e) => Err(e),
                }
            };
            if let Err(e) = result {
                let (line, col) = json::position(
                    &bytes[line_start(bytes, at)..],
                    e.offset - line_start(bytes, at),
                );
                let where_ = if line == 1 {
                    format!("column {col}")
                } else {
                    format!("line {line} of the entry, column {col}")
                };
                let what = e.kind.describe(self.quote);
                self.skip(at, format!("invalid JSON at {where_}: {what}"));
                sc.pos = next_record_line(bytes, at);
            }
        }
    }
}

fn line_start(bytes: &[u8], at: usize) -> usize {
    memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |p| p + 1)
}

/// Offset of the next line after `from` that starts with `{` (in column 1, where
/// NDJSON records and top-level objects of a pretty-printed stream begin).
pub(crate) fn next_object_line(bytes: &[u8], from: usize) -> usize {
    let mut i = from.min(bytes.len());
    while let Some(nl) = memchr::memchr(b'\n', &bytes[i..]) {
        i += nl + 1;
        if bytes.get(i) == Some(&b'{') {
            return i;
        }
    }
    bytes.len()
}

/// Offset of the next line after `from` that can start a record: the continuation
/// lines of a broken pretty-printed object (indented, or closing with `}`/`]`) belong
/// to it and are passed over; anything else is read (and reported if it is bad).
pub(crate) fn next_record_line(bytes: &[u8], from: usize) -> usize {
    let mut i = from.min(bytes.len());
    while let Some(nl) = memchr::memchr(b'\n', &bytes[i..]) {
        i += nl + 1;
        match bytes.get(i) {
            Some(b' ' | b'\t' | b'\r' | b'\n' | b'}' | b']' | b'"') => continue,
            _ => return i,
        }
    }
    bytes.len()
}

pub(crate) fn type_name(first: u8) -> &'static str {
    match first {
        b'[' => "an array",
        b'"' => "a string",
        b't' | b'f' => "a boolean",
        b'n' => "null",
        b'{' => "an object",
        _ => "a number",
    }
}

/// A member of the top-level object: key, and value range.
struct Member {
    key: String,
    start: usize,
    end: usize,
}

/// Reads the members of the object at `start` (validating it); returns them and the end.
/// A repeated key keeps its first place and its last value, as in `JSON.parse`.
fn members(bytes: &[u8], start: usize, depth: usize) -> Result<(Vec<Member>, usize), SyntaxError> {
    let mut sc = Scanner::at(bytes, start + 1);
    let mut out: Vec<Member> = Vec::new();
    let mut at: rustc_hash::FxHashMap<String, usize> = Default::default();
    if sc.eat(b'}') {
        return Ok((out, sc.pos));
    }
    loop {
        sc.ws();
        let k = sc.key()?;
        let vs = sc.pos;
        sc.skip_value(depth)?;
        let key = json::str_value(bytes, k);
        match at.get(&key) {
            Some(&i) => (out[i].start, out[i].end) = (vs, sc.pos),
            None => {
                at.insert(key.clone(), out.len());
                out.push(Member {
                    key,
                    start: vs,
                    end: sc.pos,
                });
            }
        }
        if sc.eat(b',') {
            continue;
        }
        if sc.eat(b'}') {
            return Ok((out, sc.pos));
        }
        return sc.expected("',' or '}' after an object member");
    }
}

/// True if an object's keys are those of an API error (`{"error": …}`,
/// `{"message": …, "status": 401}`) rather than of a log entry.
fn looks_like_error(top: &[Member]) -> bool {
    const ERROR_KEYS: &[&str] = &[
        "error",
        "errors",
        "error_description",
        "message",
        "msg",
        "detail",
        "details",
        "status",
        "statusCode",
        "code",
        "title",
        "success",
        "ok",
        "path",
        "requestId",
        "traceId",
    ];
    let has = |k: &str| top.iter().any(|m| m.key == k);
    top.iter().all(|m| ERROR_KEYS.contains(&m.key.as_str()))
        && (has("error")
            || has("errors")
            || has("error_description")
            || (has("message") || has("detail"))
                && (has("status") || has("code") || has("statusCode")))
}

/// True if the value at `start` is an array that is empty or starts with an object.
fn is_object_array(bytes: &[u8], start: usize) -> bool {
    let mut sc = Scanner::at(bytes, start);
    sc.peek() == Some(b'[') && {
        sc.pos += 1;
        sc.ws();
        matches!(sc.peek(), Some(b'{') | Some(b']'))
    }
}

/// In a wrapping object (`{` at `start`) whose bytes end before it does, the array
/// of entries they end in, under a usual key (`logs`, `data.items`): its key path,
/// the offset of its `[` and the depth of its entries. `None` if they end anywhere
/// else; an error for a fault before the end (`cut` tells an error that is only the end).
pub(crate) fn open_entries(
    bytes: &[u8],
    start: usize,
    cut: impl Fn(&SyntaxError) -> bool,
) -> Result<Option<(String, usize, usize)>, SyntaxError> {
    // The member of the object at `at` that the bytes end in: its key and value offset.
    let open_member = |at: usize, depth: usize| -> Result<Option<(String, usize)>, SyntaxError> {
        let mut sc = Scanner::at(bytes, at + 1);
        if sc.eat(b'}') {
            return Ok(None);
        }
        loop {
            sc.ws();
            let key = match sc.key() {
                Ok(k) => json::str_value(bytes, k),
                Err(e) if cut(&e) => return Ok(None),
                Err(e) => return Err(e),
            };
            let value = sc.pos;
            match sc.skip_value(depth) {
                Ok(()) => {}
                Err(e) if cut(&e) => return Ok(Some((key, value))),
                Err(e) => return Err(e),
            }
            if sc.eat(b',') {
                continue;
            }
            if sc.eat(b'}') || sc.peek().is_none() {
                return Ok(None);
            }
            return sc.expected("',' or '}' after an object member");
        }
    };
    let entries = |key: &str, at: usize| ENTRY_KEYS.contains(&key) && is_object_array(bytes, at);
    let Some((key, at)) = open_member(start, 1)? else {
        return Ok(None);
    };
    if entries(&key, at) {
        return Ok(Some((key, at, 3)));
    }
    // The bytes may end before the value does (right after its key's `:`).
    if bytes.get(at) == Some(&b'{')
        && let Some((inner, at)) = open_member(at, 2)?
        && entries(&inner, at)
    {
        return Ok(Some((format!("{key}.{inner}"), at, 4)));
    }
    Ok(None)
}

/// Picks the array of entries inside a wrapping object: (key path, array start).
fn find_wrapped(bytes: &[u8], top: &[Member]) -> Result<Option<(String, usize)>, SyntaxError> {
    // Candidates: (path, start, size, level).
    let mut cands: Vec<(String, usize, usize, usize)> = Vec::new();
    // An empty array holds the entries only under a name for them (`"items": []`):
    // `{"id": 1, "tags": []}` is one entry, not an empty page.
    let holds = |key: &str, start: usize| {
        is_object_array(bytes, start)
            && (ENTRY_KEYS.contains(&key) || !Scanner::at(bytes, start + 1).eat(b']'))
    };
    for m in top {
        if holds(&m.key, m.start) {
            cands.push((m.key.clone(), m.start, m.end - m.start, 0));
        } else if bytes[m.start] == b'{' {
            let (inner, _) = members(bytes, m.start, 1)?;
            for n in inner {
                if holds(&n.key, n.start) {
                    cands.push((format!("{}.{}", m.key, n.key), n.start, n.end - n.start, 1));
                }
            }
        }
    }
    let last_key = |p: &str| p.rsplit('.').next().unwrap_or(p).to_string();
    for level in 0..2 {
        for k in ENTRY_KEYS {
            if let Some(c) = cands.iter().find(|c| c.3 == level && last_key(&c.0) == *k) {
                return Ok(Some((c.0.clone(), c.1)));
            }
        }
    }
    Ok(cands.into_iter().max_by_key(|c| c.2).map(|c| (c.0, c.1)))
}

/// Members kept as page metadata, and the longest value kept.
const MAX_META: usize = 64;
const MAX_META_VALUE: usize = 8192;

/// Scalar members of the wrapper (three levels deep) outside the entries at `entries`.
fn meta_of(bytes: &[u8], top: &[Member], entries: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let mut todo: Vec<(String, usize, usize)> = top
        .iter()
        .map(|m| (m.key.clone(), m.start, m.end))
        .collect();
    todo.reverse();
    while let Some((path, start, end)) = todo.pop() {
        if out.len() >= MAX_META || path == entries {
            continue;
        }
        let depth = path.matches('.').count();
        match bytes[start] {
            b'{' if depth < 2 => {
                if let Ok((inner, _)) = members(bytes, start, depth + 1) {
                    for m in inner.into_iter().rev() {
                        todo.push((format!("{path}.{}", m.key), m.start, m.end));
                    }
                }
            }
            b'{' | b'[' => {}
            b'"' if end - start <= MAX_META_VALUE => {
                let mut sc = Scanner::at(bytes, start);
                if let Ok(tok) = sc.string() {
                    out.push((path, Some(json::str_value(bytes, tok))));
                }
            }
            b'n' => out.push((path, None)),
            b'"' => {}
            _ => out.push((
                path,
                Some(String::from_utf8_lossy(&bytes[start..end]).into_owned()),
            )),
        }
    }
    out
}

/// What an object wrapping the entries says outside them (see [`outside_entries`]).
#[derive(Debug)]
pub(crate) struct Outside {
    /// Its scalar members (see [`IngestReport::meta`]).
    pub meta: Vec<(String, Option<String>)>,
    /// Its total (see [`IngestReport::total`]).
    pub total: Option<u64>,
    /// The array a whole read takes the entries from: key path and offset of its `[`.
    pub entries: Option<(String, usize)>,
    /// The offset after the object.
    pub end: usize,
}

/// Reads an object wrapping the entries (its `{` at `start`) as [`ingest_whole`]
/// does, but for the entries: the array they came from may be left empty (`[]`),
/// as only its key counts. Gives what a whole read takes from the members, or the
/// first syntax error.
pub(crate) fn outside_entries(bytes: &[u8], start: usize) -> Result<Outside, SyntaxError> {
    let (top, end) = members(bytes, start, 1)?;
    let entries = find_wrapped(bytes, &top)?;
    let path = entries.as_ref().map_or("", |(p, _)| p.as_str());
    Ok(Outside {
        meta: meta_of(bytes, &top, path),
        total: total_of(bytes, &top),
        entries,
        end,
    })
}

fn total_of(bytes: &[u8], top: &[Member]) -> Option<u64> {
    top.iter()
        .find(|m| TOTAL_KEYS.contains(&m.key.as_str()))
        .and_then(|m| {
            std::str::from_utf8(&bytes[m.start..m.end])
                .ok()?
                .parse()
                .ok()
        })
}

/// The error for a body that is not JSON, starting at `at`; quoting it only if `quote`.
pub(crate) fn not_json(bytes: &[u8], at: usize, quote: bool) -> IngestError {
    let rest = &bytes[at..];
    let head: String = String::from_utf8_lossy(&rest[..rest.len().min(60)])
        .chars()
        .take(40)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let lower = head.to_ascii_lowercase();
    let looks_like = if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        "an HTML page"
    } else if rest.first() == Some(&b'<') {
        "HTML or XML"
    } else {
        "plain text"
    };
    IngestError::NotJson {
        looks_like,
        start: quote.then(|| head.trim_end().to_string()),
    }
}

/// Loads one whole body of log bytes into `store`, appending to what it holds.
/// A fault after complete entries keeps them (see [`IngestReport::fault`]); an
/// error with nothing loaded leaves the store as it was.
pub fn ingest(store: &mut Store, bytes: Vec<u8>) -> Result<IngestReport, IngestError> {
    let mut body = StreamIngest::new(store, usize::MAX);
    body.push_vec(bytes);
    body.finish(store)
}

/// Reads a body that is not streamed (an object wrapping the entries, a lone
/// object, not JSON at all) in one go. On error the store is unchanged.
pub(crate) fn ingest_whole(store: &mut Store, bytes: Vec<u8>) -> Result<IngestReport, IngestError> {
    let mut start = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let mut sc = Scanner::at(&bytes, start);
    sc.ws();
    start = sc.pos;
    let Some(first) = sc.peek() else {
        return Err(IngestError::Empty);
    };
    let mark = store.mark();
    let utf8_before = store.invalid_utf8;
    let quote = store.shows_excerpts();
    let broken = |bytes: &[u8], e| invalid(bytes, e, quote);
    let mut page = Page {
        quote,
        page: store.next_page(),
        store,
        bytes: &bytes,
        lines: LineCounter { offset: 0, line: 1 },
        report: IngestReport::new(Shape::Array),
    };
    let outcome: Result<(), IngestError> = match first {
        b'[' => page
            .array(start, 2)
            .and_then(|end| Scanner::at(&bytes, end).end())
            .map_err(|e| broken(&bytes, e)),
        b'{' => {
            let first_obj = members(&bytes, start, 1);
            let after = first_obj.as_ref().ok().map(|(_, end)| {
                let mut s = Scanner::at(&bytes, *end);
                s.ws();
                s.peek()
            });
            match (first_obj, after) {
                // A single object: a wrapper around the entries.
                (Ok((top, _)), Some(None)) => {
                    match find_wrapped(&bytes, &top).map_err(|e| broken(&bytes, e))? {
                        Some((path, at)) => {
                            // The wrapper, each key of the path, then the entries.
                            let depth = 3 + path.matches('.').count();
                            page.report.meta = meta_of(&bytes, &top, &path);
                            page.report.shape = Shape::Wrapped(path);
                            page.report.total = total_of(&bytes, &top);
                            page.array(at, depth)
                                .map(drop)
                                .map_err(|e| broken(&bytes, e))
                        }
                        None if top.is_empty() => Err(IngestError::NoEntries(
                            "the response is an empty object".into(),
                        )),
                        None if looks_like_error(&top) && !quote => Err(IngestError::NoEntries(
                            format!("the response is an error message {NOT_SHOWN}"),
                        )),
                        None if looks_like_error(&top) => Err(IngestError::NoEntries(format!(
                            "the response is an error message: {}",
                            json::compact(&bytes[start..])
                                .chars()
                                .take(300)
                                .collect::<String>()
                        ))),
                        // One object alone: a log of one entry (e.g. the last page of NDJSON).
                        None => {
                            page.report.shape = Shape::Ndjson;
                            page.stream(start);
                            Ok(())
                        }
                    }
                }
                // More after the first object, or a first line that is broken but
                // followed by more objects: a stream.
                (Ok(_), Some(Some(b'{'))) => {
                    page.report.shape = Shape::Ndjson;
                    page.stream(start);
                    Ok(())
                }
                (Err(_), _) if next_object_line(&bytes, start) < bytes.len() => {
                    page.report.shape = Shape::Ndjson;
                    page.stream(start);
                    Ok(())
                }
                (Err(e), _) => Err(broken(&bytes, e)),
                (Ok((_, end)), Some(Some(_))) => {
                    let mut s = Scanner::at(&bytes, end);
                    Err(broken(&bytes, s.end().unwrap_err()))
                }
                (Ok(_), None) => unreachable!("`after` is Some when the object parsed"),
            }
        }
        b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n' if json_scalar(&bytes, start) => Err(
            IngestError::NoEntries(format!("the response is {}", type_name(first))),
        ),
        _ => Err(not_json(&bytes, start, quote)),
    };
    let report = page.report;
    match outcome {
        Ok(()) => {
            let mut report = report;
            report.invalid_utf8 = store.invalid_utf8 - utf8_before;
            store.keep_page(bytes);
            Ok(report)
        }
        Err(e) => {
            store.rollback(mark);
            store.invalid_utf8 = utf8_before;
            Err(e)
        }
    }
}

fn json_scalar(bytes: &[u8], start: usize) -> bool {
    let mut sc = Scanner::at(bytes, start);
    sc.skip_value(0).is_ok() && sc.end().is_ok()
}
