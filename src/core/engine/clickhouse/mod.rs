//! The ClickHouse engine's pure half, for logs no browser tab can hold: the source
//! form, SQL escaping, the table's schema and roles, the planner that turns a view
//! into SQL, and the reading of ClickHouse's answers. The platform only sends the
//! SQL (simple requests: ClickHouse 18.16 answers no CORS preflight).
//!
//! On top of these, a sans-IO session says which request to send next and
//! digests each answer: [`connect`] opens a [`table`], then a [`session`] on it
//! hands out each [`view`]'s [`slot`]s, live refresh's [`news`], an [`entry`]
//! lookup, a [`counting`] of the investigations, a column's [`field_stats`], the
//! view's [`breakdown`], the histogram's [`split`], what is different in a span
//! ([`differing`]), following the actor from an entry ([`chaining`], its SQL in
//! [`chain_sql`]) and an [`export`] walk, each request a plain [`query`] and each
//! failure a typed [`fault`]. The browser's driver (`ui/server.rs`) only sends, sleeps
//! where told, and shows what comes back.

pub mod answer;
pub(crate) mod columns;
// What is different here: asked by the browser's driver, natively by the tests.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod differ_sql;
pub mod export;
pub(crate) mod first_facet;
pub(crate) mod first_sql;
pub(crate) mod kind_sql;
pub(crate) mod lang_sql;
pub mod masked;
pub mod plan;
pub mod schema;
pub mod settings;
pub mod source;
pub mod sql;
pub mod stats;

// Show in context's queries: asked by the session's walk (`context`).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod around;
// Show in context's walk: used by the browser's driver, natively by the tests.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod context;
// The session: used by the browser's driver, and natively by the tests only.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod breakdown;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod chain_sql;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod chaining;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod connect;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod counting;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod differing;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod entry;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod fault;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod field_stats;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod first_marks;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod news;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod order;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod query;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod reading;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod session;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod slot;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod split;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod table;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod view;

// Native only: the stand-in server reads regular expressions with the `regex` crate.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod differ_sql_tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod fake;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod first_sql_tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod kind_sql_tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod lang_sql_tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod session_tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

pub(crate) use answer::Compact;
pub(crate) use source::{ChSource, is_clickhouse};
