//! Explaining what the log shows. What is different here: the field values
//! over-represented in a selection (a brushed span of the histogram) against a
//! reference (the rest of the view, or the previous period).
//!
//! [`compare`] is the question (a span, and what it is compared with), [`score`]
//! holds the test and the ranking both engines share; [`differ`] counts in memory. The ClickHouse engine asks the same counts as SQL
//! (`engine::clickhouse::differ_sql`) and ranks them with the same [`score`].
//!
//! [`first_seen`] marks the entries that are an actor's first with an action, an
//! IP address, a user agent or an app.
//! [`chain`] follows the actor: from an entry, what its target did next, hop by hop
//! within a time window, in memory and (with the same walk) on ClickHouse.

pub mod chain;
pub mod compare;
pub(crate) mod differ;
pub mod first_seen;
pub mod score;

pub use score::{Counts, Difference};
