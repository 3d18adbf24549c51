//! What a malformed query reports: where (a 1-based column, in characters) and why,
//! and the limits that keep any input cheap to read.

use std::fmt;

/// The longest query read, in characters.
pub(crate) const MAX_CHARS: usize = 2_000;

/// The deepest nesting of parentheses and `NOT`s read.
pub(crate) const MAX_DEPTH: usize = 64;

/// Why a query cannot be read, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct QueryError {
    /// 1-based column, in characters, of what is wrong (one past the end when
    /// something is missing at the end).
    pub(crate) column: usize,
    /// What is wrong, in words.
    pub(crate) message: String,
}

impl QueryError {
    /// An error at `column`.
    pub(crate) fn at(column: usize, message: impl Into<String>) -> Self {
        QueryError {
            column,
            message: message.into(),
        }
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at column {}", self.message, self.column)
    }
}

impl std::error::Error for QueryError {}
