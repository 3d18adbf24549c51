//! What a load reports: the entries filed, the parts skipped and why, and the
//! errors that stop a body, each saying where (line, column, offset) and what.

use super::shape::Shape;
use crate::core::json::{self, SyntaxError};
use std::fmt;

/// Said instead of quoting a body while masking is on.
pub const NOT_SHOWN: &str = "(text not shown: masking is on)";
/// Skipped lines listed individually (all are counted).
pub const MAX_LISTED_SKIPS: usize = 1000;

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
    pub(crate) fn new(shape: Shape) -> Self {
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
    pub(crate) fn meta(&self, path: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|(k, _)| k == path)
            .and_then(|(_, v)| v.as_deref())
            .filter(|v| !v.is_empty())
    }

    /// True if the body has member `path` at all (null and empty included).
    #[cfg(test)]
    pub(crate) fn has_meta(&self, path: &str) -> bool {
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
    /// [`crate::core::ingest::stream::MAX_UNFILED`]); nothing of it or after it is read.
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
