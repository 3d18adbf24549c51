//! Wall-clock calendar arithmetic: an instant's civil parts in a zone and back, with
//! chrono's proleptic Gregorian calendar doing the date arithmetic.

use super::{DAY_MS, EpochMs, HOUR_MS, MIN_MS, SEC_MS, Zone};
use chrono::{Datelike, NaiveDate};

/// Civil (wall-clock) parts of an instant in a zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Civil {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub milli: u32,
}

/// Wall-clock parts of instant `t` in `zone`.
pub(crate) fn to_civil(t: EpochMs, zone: Zone) -> Civil {
    civil_and_offset(t, zone).0
}

/// Instant of a civil time in `zone`. Month/day/time overflow rolls over; never panics.
pub(crate) fn from_civil(c: Civil, zone: Zone) -> EpochMs {
    let local = local_from_civil(c);
    local.saturating_sub(i64::from(zone.offset_minutes_for_local(local)) * MIN_MS)
}

pub(super) fn civil_and_offset(t: EpochMs, zone: Zone) -> (Civil, i32) {
    let offset = zone.offset_minutes_at(t);
    let local = t.saturating_add(i64::from(offset) * MIN_MS);
    let (year, month, day) = civil_from_days(local.div_euclid(DAY_MS));
    let ms = local.rem_euclid(DAY_MS);
    let civil = Civil {
        year: clamp_year(year),
        month,
        day,
        hour: (ms / HOUR_MS) as u32,
        minute: (ms / MIN_MS % 60) as u32,
        second: (ms / SEC_MS % 60) as u32,
        milli: (ms % SEC_MS) as u32,
    };
    (civil, offset)
}

/// Wall-clock parts as ms since 1970-01-01T00:00 of the same wall clock, saturating.
pub(super) fn local_from_civil(c: Civil) -> i64 {
    let month0 = i64::from(c.month) - 1;
    let year = i64::from(c.year) + month0.div_euclid(12);
    let days = days_from_civil(year, month0.rem_euclid(12) as u32 + 1, i64::from(c.day));
    let ms = i128::from(days) * i128::from(DAY_MS)
        + i128::from(c.hour) * i128::from(HOUR_MS)
        + i128::from(c.minute) * i128::from(MIN_MS)
        + i128::from(c.second) * i128::from(SEC_MS)
        + i128::from(c.milli);
    ms.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

pub(super) fn clamp_year(y: i64) -> i32 {
    y.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}

/// True if `year-month-day` is a date of the proleptic Gregorian calendar.
pub(super) fn is_date(year: u32, month: u32, day: u32) -> bool {
    i32::try_from(year).is_ok_and(|y| NaiveDate::from_ymd_opt(y, month, day).is_some())
}

/// Days from 0001-01-01 (chrono's day 1 of the common era) to 1970-01-01.
const UNIX_FROM_CE: i64 = 719_163;

/// Days since 1970-01-01 of a proleptic Gregorian date (month 1..=12; day may
/// overflow and rolls over). Years beyond chrono's range (±262,142) saturate.
pub(super) fn days_from_civil(y: i64, m: u32, d: i64) -> i64 {
    let lo = i64::from(NaiveDate::MIN.year());
    let hi = i64::from(NaiveDate::MAX.year());
    let first = NaiveDate::from_ymd_opt(y.clamp(lo, hi) as i32, m.clamp(1, 12), 1)
        .map_or(0, |f| i64::from(f.num_days_from_ce()));
    (first - UNIX_FROM_CE).saturating_add(d.saturating_sub(1))
}

/// (year, month, day) of a day count since 1970-01-01 (saturating at chrono's range).
pub(super) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let lo = i64::from(NaiveDate::MIN.num_days_from_ce());
    let hi = i64::from(NaiveDate::MAX.num_days_from_ce());
    let ce = days.saturating_add(UNIX_FROM_CE).clamp(lo, hi) as i32;
    let date = NaiveDate::from_num_days_from_ce_opt(ce).unwrap_or(NaiveDate::MAX);
    (i64::from(date.year()), date.month(), date.day())
}
