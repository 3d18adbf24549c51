//! Time handling for Trailview: reading the timestamps found in audit logs (RFC 3339 / ISO 8601,
//! SQL-style `YYYY-MM-DD HH:MM:SS`, epoch numbers, RFC 2822), display zones (UTC, the browser's, fixed
//! offsets and named IANA zones whose offsets the browser supplies), formatting for the table,
//! exports and `<input type="datetime-local">`, and calendar-aware histogram buckets.
//!
//! One concern per file: [`parse`] (reading timestamps), [`rfc2822`] (e-mail style dates), [`zone`] (zones and their offsets),
//! [`named`] (IANA zones as offset tables), [`civil`] (wall-clock calendar arithmetic),
//! [`format`] (writing times) and [`bucket`] (histogram steps).

pub mod bucket;
pub mod civil;
pub mod format;
mod lex;
pub mod named;
pub mod parse;
pub mod rfc2822;
pub mod zone;

pub(crate) use bucket::Step;
pub(crate) use format::{format_display, format_input, format_iso};
pub(crate) use named::Resolved;
pub(crate) use parse::{is_plausible, parse_epoch, parse_timestamp, wall_clock};
pub use zone::Zone;

/// Milliseconds since the Unix epoch, UTC.
pub(crate) type EpochMs = i64;

const SEC_MS: i64 = 1_000;
const MIN_MS: i64 = 60 * SEC_MS;
const HOUR_MS: i64 = 60 * MIN_MS;
const DAY_MS: i64 = 24 * HOUR_MS;
const MAX_OFFSET_MIN: i32 = 18 * 60;
/// 1990-01-01T00:00:00Z and 2100-01-01T00:00:00Z.
const PLAUSIBLE: std::ops::Range<EpochMs> = 631_152_000_000..4_102_444_800_000;

#[cfg(test)]
mod tests;
