//! Display and interpretation zones, and their offset at an instant or for a wall-clock time.

use super::lex::parse_offset;
use super::named::{self, Resolved, Rules};
use super::{DAY_MS, EpochMs, MAX_OFFSET_MIN};
use chrono::{DateTime, FixedOffset, Local, MappedLocalTime, TimeZone};

/// A display / interpretation zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Zone {
    /// Coordinated Universal Time.
    #[default]
    Utc,
    /// The machine's (browser's) local zone, via `chrono::Local`.
    Local,
    /// A fixed offset in minutes east of UTC (-1080..=1080, i.e. ±18:00).
    Fixed(i32),
    /// A named IANA zone (`Europe/Berlin`), with the offsets the browser gave for it.
    Named(&'static Rules),
}

impl Zone {
    /// Parses a URL/UI value: "UTC"/"utc"/"Z" -> Utc; "local" (any case) -> Local;
    /// "+02:00", "-05:30", "+0530", "+02", "UTC+2", "UTC-05:30" -> Fixed. Fixed(0) normalises to Utc.
    /// An IANA name the provider knows (`Europe/Berlin`, any case) -> Named.
    /// Anything else (or out of range) -> None.
    pub fn parse(s: &str) -> Option<Zone> {
        let s = s.trim_ascii();
        if s.eq_ignore_ascii_case("utc") || s.eq_ignore_ascii_case("z") {
            return Some(Zone::Utc);
        }
        if s.eq_ignore_ascii_case("local") {
            return Some(Zone::Local);
        }
        let b = s.as_bytes();
        let b = match b.split_at_checked(3) {
            Some((prefix, rest)) if prefix.eq_ignore_ascii_case(b"utc") => rest,
            _ => b,
        };
        match parse_offset(b) {
            Some(0) => Some(Zone::Utc),
            Some(m) if m.abs() <= MAX_OFFSET_MIN => Some(Zone::Fixed(m)),
            Some(_) => None,
            None => named::find(s).map(Zone::Named),
        }
    }

    /// Canonical URL value: "UTC", "local", "+02:00", "-05:30", "Europe/Berlin".
    pub(crate) fn to_param(self) -> String {
        match self {
            Zone::Utc => "UTC".into(),
            Zone::Local => "local".into(),
            Zone::Fixed(_) => fmt_offset(self.offset_minutes_at(0)),
            Zone::Named(r) => r.name().to_string(),
        }
    }

    /// Offset in minutes east of UTC at instant `t` (Local follows DST via chrono::Local).
    pub fn offset_minutes_at(&self, t: EpochMs) -> i32 {
        match *self {
            Zone::Utc => 0,
            Zone::Fixed(m) => m.clamp(-MAX_OFFSET_MIN, MAX_OFFSET_MIN),
            Zone::Named(r) => r.offset_at(t),
            Zone::Local => DateTime::from_timestamp_millis(t).map_or(0, |d| {
                minutes(Local.offset_from_utc_datetime(&d.naive_utc()))
            }),
        }
    }

    /// Offset in minutes for a *local wall-clock* time in this zone (for reading naive times);
    /// for Local and named zones, the earlier instant wins when ambiguous and a DST gap is
    /// shifted forward (see [`named`]).
    pub(crate) fn offset_minutes_for_local(&self, local_ms: i64) -> i32 {
        self.resolve_local(local_ms).0
    }

    /// [`Zone::offset_minutes_for_local`], and whether the wall-clock time fell in a
    /// gap or an overlap of this zone.
    pub(crate) fn resolve_local(&self, local_ms: i64) -> (i32, Resolved) {
        match self {
            Zone::Named(r) => return r.offset_for_local(local_ms),
            Zone::Local => {}
            _ => return (self.offset_minutes_at(local_ms), Resolved::Exact),
        }
        let Some(naive) = DateTime::from_timestamp_millis(local_ms).map(|d| d.naive_utc()) else {
            return (0, Resolved::Exact);
        };
        match Local.offset_from_local_datetime(&naive) {
            MappedLocalTime::Single(o) => (minutes(o), Resolved::Exact),
            // The larger offset gives the earlier instant.
            MappedLocalTime::Ambiguous(a, b) => (minutes(a).max(minutes(b)), Resolved::Overlap),
            // In a gap: use the offset from before it, which moves the time forward by the gap.
            MappedLocalTime::None => (
                self.offset_minutes_at(local_ms.saturating_sub(DAY_MS)),
                Resolved::Gap,
            ),
        }
    }

    /// Human label: "UTC", "Local (UTC+01:00)" (offset as of `now`), "UTC+05:30",
    /// "Europe/Berlin (UTC+01:00)".
    pub(crate) fn label(&self, now: EpochMs) -> String {
        match self {
            Zone::Named(r) => format!("{} (UTC{})", r.name(), fmt_offset(r.offset_at(now))),
            Zone::Utc => "UTC".into(),
            Zone::Local => format!("Local (UTC{})", fmt_offset(self.offset_minutes_at(now))),
            Zone::Fixed(_) => format!("UTC{}", fmt_offset(self.offset_minutes_at(now))),
        }
    }
}

impl Zone {
    /// The zone's name for a column header: as [`Zone::label`], but a named zone
    /// without its offset (which changes over the year).
    pub(crate) fn name(&self, now: EpochMs) -> String {
        match self {
            Zone::Named(r) => r.name().to_string(),
            _ => self.label(now),
        }
    }
}

pub(super) fn minutes(offset: FixedOffset) -> i32 {
    offset.local_minus_utc() / 60
}

/// "+HH:MM" / "-HH:MM".
pub(super) fn fmt_offset(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.unsigned_abs();
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}
