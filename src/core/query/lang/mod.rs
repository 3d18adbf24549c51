//! The query language of the search box (issue 31): parse the text into a [`Query`],
//! print it back canonically, and evaluate it on a loaded log.
//!
//! Grammar, loosest first:
//! - `a OR b`; `a AND b`, or `a b` side by side; `NOT a`, or `-a`; `( … )`.
//!   Precedence `NOT` > `AND` > `OR`; only upper-case `AND`, `OR`, `NOT` are operators.
//! - A plain word is today's search: found in any value, nested data too, ignoring
//!   case. `"two words"` is searched as one piece (today's search of the whole box).
//! - `field:value` equals (ignoring case), `field:val*` starts with, `field:*val*`
//!   contains, `field:"two words"` quoted (also `"…"*`, `*"…"*`), `field:*` present
//!   and not `null`; `field>v`, `>=`, `<`, `<=` compare numbers, or times written as
//!   in the From and To fields, read in the view's zone.
//! - A field is a key path of the log (`data.status`, `a\.b` for the key `a.b`) or a
//!   role name: `time`, `actor`, `action`, `target`, `app`, `appid`, `category`,
//!   `ip`, `agent`, `level` (or `severity`), `outcome`, `message`, `id`, `details`.
//!   A path the log has wins over a role of the same name; a role name reads the
//!   field playing that role, so one query fits logs of different shapes. `kind`
//!   is the kind of event its action makes ([`crate::core::kind`]: `kind:mfa`,
//!   `kind:sign*`), and `first` why an entry is its actor's first with a value
//!   ([`crate::core::explain::first_seen`]: `first:ip`, `first:*`), unless the log
//!   has a field of that name.
//!
//! Compatibility: a term whose left side is neither a path of the log nor a role
//! name is a plain word, whole (`ada@x.io`, `https://a.b/c?d=e`, `foo:bar`). One
//! change: several words are ANDed where the box used to search them as one piece;
//! quoting them keeps the old meaning.
//!
//! Errors say where (a 1-based column in characters) and why; input is capped at
//! [`error::MAX_CHARS`] characters and [`error::MAX_DEPTH`] levels of nesting, so nothing typed can
//! panic or run long.

pub(crate) mod adding;
pub(crate) mod ast;
pub(crate) mod column;
pub(crate) mod complete;
pub(crate) mod error;
pub(crate) mod eval;
pub(crate) mod fields;
pub(crate) mod lex;
pub(crate) mod parse;

#[cfg(test)]
mod fuzz_tests;
#[cfg(test)]
mod reference_tests;
#[cfg(test)]
mod tests;

pub(crate) use ast::{Bound, Cmp, Expr, FieldTest, Query, Test};
pub(crate) use error::QueryError;
pub(crate) use eval::eval;
pub(crate) use fields::{Field, Fields};
pub(crate) use parse::parse;
