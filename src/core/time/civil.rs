//! Wall-clock calendar arithmetic: an instant's civil parts in a zone and back
//! (Howard Hinnant's civil-date algorithms: fast, allocation-free, total over `i64`).

use super::{DAY_MS, EpochMs, HOUR_MS, MIN_MS, SEC_MS, Zone};

/// Civil (wall-clock) parts of an instant in a zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub milli: u32,
}

/// Wall-clock parts of instant `t` in `zone`.
pub fn to_civil(t: EpochMs, zone: Zone) -> Civil {
    civil_and_offset(t, zone).0
}

/// Instant of a civil time in `zone`. Month/day/time overflow rolls over; never panics.
pub fn from_civil(c: Civil, zone: Zone) -> EpochMs {
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

pub(super) fn is_leap(y: u32) -> bool {
    y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400))
}

pub(super) fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (month 1..=12; day may overflow).
pub(super) fn days_from_civil(y: i64, m: u32, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (year, month, day) of a day count since 1970-01-01.
pub(super) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = (if mp < 10 { mp + 3 } else { mp - 9 }) as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}
