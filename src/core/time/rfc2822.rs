//! Reading RFC 2822 / RFC 5322 date-times, as in e-mail headers and many HTTP-era logs:
//! `Tue, 01 Dec 2026 20:09:38 +0000`, `1 Dec 2026 20:09 GMT`, `Tue, 1 Dec 26 15:09:38 EST`.

use super::civil::{days_from_civil, is_date};
use super::lex::{digits, parse_offset};
use super::{DAY_MS, EpochMs, HOUR_MS, MIN_MS, SEC_MS, Zone};

const MONTHS: [&[u8; 3]; 12] = [
    b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov", b"dec",
];
const DAYS: [&[u8; 3]; 7] = [b"mon", b"tue", b"wed", b"thu", b"fri", b"sat", b"sun"];

/// Parses `[Day,] D Mon YYYY HH:MM[:SS] [zone]`. The day name, when present, is not checked
/// against the date (as RFC 5322 readers are told to be lenient). Zones: `+HHMM`/`-HHMM`,
/// `UT`, `GMT`, `Z`, the US names (`EST`, `EDT`, `CST`, `CDT`, `MST`, `MDT`, `PST`, `PDT`);
/// no zone means wall-clock time in `naive_zone`. Two-digit years are 2000-2049 / 1950-1999
/// and three-digit years add 1900, as RFC 5322 section 4.3 says. Case-insensitive.
pub(crate) fn parse(b: &[u8], naive_zone: Zone) -> Option<EpochMs> {
    let mut words = b
        .split(|c| c.is_ascii_whitespace())
        .filter(|w| !w.is_empty());
    let mut word = words.next()?;
    if word.len() >= 3 && word.first()?.is_ascii_alphabetic() {
        let name = word.strip_suffix(b",").unwrap_or(word);
        if name.len() != 3 || !DAYS.iter().any(|d| name.eq_ignore_ascii_case(*d)) {
            return None;
        }
        word = words.next()?;
    }
    let day = match word.len() {
        1 | 2 => digits(word)?,
        _ => return None,
    };
    let month_word = words.next()?;
    let month = MONTHS
        .iter()
        .position(|m| month_word.eq_ignore_ascii_case(*m))? as u32
        + 1;
    let year_word = words.next()?;
    let year = match (year_word.len(), digits(year_word)?) {
        (2, y) if y < 50 => 2000 + y,
        (2, y) => 1900 + y,
        (3, y) => 1900 + y,
        (4, y) => y,
        _ => return None,
    };
    if !is_date(year, month, day) {
        return None;
    }
    let clock = words.next()?;
    let (hour, minute, second) = match clock {
        [h1, h2, b':', m1, m2] => (digits(&[*h1, *h2])?, digits(&[*m1, *m2])?, 0),
        [h1, h2, b':', m1, m2, b':', s1, s2] => (
            digits(&[*h1, *h2])?,
            digits(&[*m1, *m2])?,
            digits(&[*s1, *s2])?,
        ),
        _ => return None,
    };
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let offset = match words.next() {
        None => None,
        Some(z) => Some(zone_minutes(z)?),
    };
    if words.next().is_some() {
        return None;
    }
    let local = days_from_civil(i64::from(year), month, i64::from(day)) * DAY_MS
        + i64::from(hour) * HOUR_MS
        + i64::from(minute) * MIN_MS
        // A leap second reads as the last second of the minute.
        + i64::from(second.min(59)) * SEC_MS;
    let offset = offset.unwrap_or_else(|| naive_zone.offset_minutes_for_local(local));
    Some(local - i64::from(offset) * MIN_MS)
}

/// Minutes east of UTC of an RFC 2822 zone word.
fn zone_minutes(z: &[u8]) -> Option<i32> {
    if let Some(m) = parse_offset(z).filter(|_| z.len() == 5) {
        return Some(m);
    }
    let lower: Vec<u8> = z.to_ascii_lowercase();
    Some(match lower.as_slice() {
        b"ut" | b"gmt" | b"utc" | b"z" => 0,
        b"edt" => -4 * 60,
        b"est" | b"cdt" => -5 * 60,
        b"cst" | b"mdt" => -6 * 60,
        b"mst" | b"pdt" => -7 * 60,
        b"pst" => -8 * 60,
        _ => return None,
    })
}
