//! Recognising a body's shape: a top-level array, an object wrapping the entries
//! (its other members kept as meta, its total read), or a stream of objects.

use crate::core::json::{self, Scanner, SyntaxError};
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

/// A member of the top-level object: key, and value range.
pub(super) struct Member {
    key: String,
    start: usize,
    end: usize,
}

/// Reads the members of the object at `start` (validating it); returns them and the end.
/// A repeated key keeps its first place and its last value, as in `JSON.parse`.
pub(super) fn members(
    bytes: &[u8],
    start: usize,
    depth: usize,
) -> Result<(Vec<Member>, usize), SyntaxError> {
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
pub(super) fn looks_like_error(top: &[Member]) -> bool {
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
pub(super) fn find_wrapped(
    bytes: &[u8],
    top: &[Member],
) -> Result<Option<(String, usize)>, SyntaxError> {
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
pub(super) fn meta_of(
    bytes: &[u8],
    top: &[Member],
    entries: &str,
) -> Vec<(String, Option<String>)> {
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

pub(super) fn total_of(bytes: &[u8], top: &[Member]) -> Option<u64> {
    top.iter()
        .find(|m| TOTAL_KEYS.contains(&m.key.as_str()))
        .and_then(|m| {
            std::str::from_utf8(&bytes[m.start..m.end])
                .ok()?
                .parse()
                .ok()
        })
}
