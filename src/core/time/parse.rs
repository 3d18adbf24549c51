//! Reading timestamps: ISO 8601 / RFC 3339 and SQL-style date-times, dates, epoch numbers.

use super::civil::{days_from_civil, is_date};
use super::lex::{digits, parse_offset};
use super::{DAY_MS, EpochMs, HOUR_MS, MIN_MS, PLAUSIBLE, SEC_MS, Zone};

/// Parses a timestamp string. Accepts RFC 3339 / ISO 8601 (`T`, `t` or a space between date and
/// time; seconds and fraction optional, fraction truncated to ms; zone `Z`, `+01:00`, `+0100`,
/// `+01` or none), date only (midnight), `YYYY/MM/DD` dates, epoch numbers (see
/// [`parse_epoch`]) and RFC 2822 date-times (see [`super::rfc2822::parse`]). Times without a
/// zone are wall-clock time in `naive_zone`. Surrounding ASCII
/// whitespace is ignored; invalid dates and years outside 0000..=9999 give None. No allocation.
pub(crate) fn parse_timestamp(s: &str, naive_zone: Zone) -> Option<EpochMs> {
    let b = s.as_bytes().trim_ascii();
    match b.get(4) {
        Some(b'-' | b'/') => parse_datetime(b, naive_zone),
        _ => parse_epoch_bytes(b).or_else(|| super::rfc2822::parse(b, naive_zone)),
    }
}

pub(super) fn parse_datetime(b: &[u8], naive_zone: Zone) -> Option<EpochMs> {
    let (local, offset) = datetime_parts(b)?;
    let offset = offset.unwrap_or_else(|| naive_zone.offset_minutes_for_local(local));
    Some(local - i64::from(offset) * MIN_MS)
}

/// The wall-clock time of an ISO-style date-time written without an offset (ms since
/// 1970-01-01T00:00 of the same wall clock); `None` for anything else.
pub(crate) fn wall_clock(s: &str) -> Option<i64> {
    let b = s.as_bytes().trim_ascii();
    match b.get(4) {
        Some(b'-' | b'/') => match datetime_parts(b)? {
            (local, None) => Some(local),
            _ => None,
        },
        _ => None,
    }
}

/// (wall-clock ms, explicit offset) of `YYYY-MM-DD[ T]HH:MM…`.
fn datetime_parts(b: &[u8]) -> Option<(i64, Option<i32>)> {
    if b.get(7) != b.get(4) {
        return None;
    }
    let year = digits(b.get(0..4)?)?;
    let month = digits(b.get(5..7)?)?;
    let day = digits(b.get(8..10)?)?;
    if !is_date(year, month, day) {
        return None;
    }
    let (ms_of_day, offset) = match b.get(10..)? {
        [] => (0, None),
        [b'T' | b't' | b' ', time @ ..] => parse_time(time)?,
        _ => return None,
    };
    let local = days_from_civil(i64::from(year), month, i64::from(day)) * DAY_MS + ms_of_day;
    Some((local, offset))
}

/// `HH:MM[:SS[.fff…]][ ][Z|±HH[:]MM|±HH]` -> (ms of day, explicit offset in minutes).
pub(super) fn parse_time(b: &[u8]) -> Option<(i64, Option<i32>)> {
    let hour = digits(b.get(0..2)?)?;
    let minute = digits(b.get(3..5)?)?;
    if b.get(2) != Some(&b':') || hour > 23 || minute > 59 {
        return None;
    }
    let (mut second, mut milli, mut end) = (0, 0, 5);
    if b.get(5) == Some(&b':') {
        second = digits(b.get(6..8)?)?;
        if second > 59 {
            return None;
        }
        end = 8;
        if let Some(b'.' | b',') = b.get(8) {
            let frac = b.get(9..)?;
            let len = frac.iter().take_while(|c| c.is_ascii_digit()).count();
            if len == 0 {
                return None;
            }
            let first3 = frac[..len].iter().chain(b"00").take(3);
            milli = first3.fold(0, |acc, d| acc * 10 + u32::from(d - b'0'));
            end = 9 + len;
        }
    }
    let zone = match b.get(end..)? {
        [b' ', zone @ ..] => zone,
        zone => zone,
    };
    let offset = match zone {
        [] => None,
        [b'Z' | b'z'] => Some(0),
        _ => Some(parse_offset(zone)?),
    };
    let ms = i64::from(hour) * HOUR_MS
        + i64::from(minute) * MIN_MS
        + i64::from(second) * SEC_MS
        + i64::from(milli);
    Some((ms, offset))
}

/// Epoch number (integer or decimal text, optional leading '-') to ms, unit chosen by magnitude
/// of the absolute value: < 1e11 seconds, < 1e14 milliseconds, < 1e17 microseconds, else
/// nanoseconds. Exact (no f64), rounded toward negative infinity to whole ms. More than 20 integer
/// digits, or non-numeric text -> None.
pub(crate) fn parse_epoch(text: &str) -> Option<EpochMs> {
    parse_epoch_bytes(text.as_bytes().trim_ascii())
}

pub(super) fn parse_epoch_bytes(b: &[u8]) -> Option<EpochMs> {
    let (negative, b) = match b {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, b),
    };
    let int_len = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let (int, frac) = b.split_at(int_len);
    let frac = match frac {
        [] => frac,
        [b'.', f @ ..] if !f.is_empty() && f.iter().all(u8::is_ascii_digit) => f,
        _ => return None,
    };
    if int_len == 0 || int_len > 20 {
        return None;
    }
    if frac.is_empty() && int_len <= 18 {
        return Some(epoch_int_ms(int, negative));
    }
    let int = int
        .iter()
        .fold(0u128, |acc, d| acc * 10 + u128::from(d - b'0'));
    // The value times 1e9 as an exact integer, plus whether anything non-zero was cut off.
    let frac9 = frac.iter().chain(b"000000000").take(9);
    let scaled = frac9.fold(int, |acc, d| acc * 10 + u128::from(d - b'0'));
    let cut_off = frac.iter().skip(9).any(|&d| d != b'0');
    // Divisor turning `scaled` into ms, for seconds, milliseconds, microseconds, nanoseconds.
    let per_ms: u128 = match int {
        0..100_000_000_000 => 1_000_000,
        100_000_000_000..100_000_000_000_000 => 1_000_000_000,
        100_000_000_000_000..100_000_000_000_000_000 => 1_000_000_000_000,
        _ => 1_000_000_000_000_000,
    };
    let ms = i64::try_from(scaled / per_ms).ok()?;
    let inexact = scaled % per_ms != 0 || cut_off;
    Some(if negative {
        -ms - i64::from(inexact)
    } else {
        ms
    })
}

/// The common case of [`parse_epoch_bytes`]: an integer of at most 18 digits, in
/// plain `i64` arithmetic (on wasm32, `u128` multiplies and divides are library calls).
pub(super) fn epoch_int_ms(digits: &[u8], negative: bool) -> EpochMs {
    let v = digits
        .iter()
        .fold(0i64, |acc, d| acc * 10 + i64::from(d - b'0'));
    let per_ms = match v {
        0..100_000_000_000 => return if negative { -v * 1000 } else { v * 1000 },
        100_000_000_000..100_000_000_000_000 => 1,
        100_000_000_000_000..100_000_000_000_000_000 => 1_000,
        _ => 1_000_000,
    };
    let (ms, inexact) = (v / per_ms, v % per_ms != 0);
    if negative {
        -ms - i64::from(inexact)
    } else {
        ms
    }
}

/// True if `t` lies between 1990-01-01 and 2100-01-01 UTC: used to decide whether a column
/// of numbers/strings looks like event times.
pub(crate) fn is_plausible(t: EpochMs) -> bool {
    PLAUSIBLE.contains(&t)
}
