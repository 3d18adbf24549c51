//! Time handling for Trailview: reading the timestamps found in audit logs (RFC 3339 / ISO 8601,
//! SQL-style `YYYY-MM-DD HH:MM:SS`, epoch numbers), display zones, formatting for the table,
//! exports and `<input type="datetime-local">`, and calendar-aware histogram buckets.
//!
//! Calendar arithmetic is hand-written (Howard Hinnant's civil-date algorithms) so that parsing is
//! fast and allocation-free; `chrono` is only asked for the offsets of the machine's local zone.

use chrono::{DateTime, FixedOffset, Local, MappedLocalTime, TimeZone};

/// Milliseconds since the Unix epoch, UTC.
pub type EpochMs = i64;

const SEC_MS: i64 = 1_000;
const MIN_MS: i64 = 60 * SEC_MS;
const HOUR_MS: i64 = 60 * MIN_MS;
const DAY_MS: i64 = 24 * HOUR_MS;
const MAX_OFFSET_MIN: i32 = 18 * 60;
/// 1990-01-01T00:00:00Z and 2100-01-01T00:00:00Z.
const PLAUSIBLE: std::ops::Range<EpochMs> = 631_152_000_000..4_102_444_800_000;

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
}

impl Zone {
    /// Parses a URL/UI value: "UTC"/"utc"/"Z" -> Utc; "local" (any case) -> Local;
    /// "+02:00", "-05:30", "+0530", "+02", "UTC+2", "UTC-05:30" -> Fixed. Fixed(0) normalises to Utc.
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
        match parse_offset(b)? {
            0 => Some(Zone::Utc),
            m if m.abs() <= MAX_OFFSET_MIN => Some(Zone::Fixed(m)),
            _ => None,
        }
    }

    /// Canonical URL value: "UTC", "local", "+02:00", "-05:30".
    pub fn to_param(&self) -> String {
        match self {
            Zone::Utc => "UTC".into(),
            Zone::Local => "local".into(),
            Zone::Fixed(_) => fmt_offset(self.offset_minutes_at(0)),
        }
    }

    /// Offset in minutes east of UTC at instant `t` (Local follows DST via chrono::Local).
    pub fn offset_minutes_at(&self, t: EpochMs) -> i32 {
        match *self {
            Zone::Utc => 0,
            Zone::Fixed(m) => m.clamp(-MAX_OFFSET_MIN, MAX_OFFSET_MIN),
            Zone::Local => DateTime::from_timestamp_millis(t).map_or(0, |d| {
                minutes(Local.offset_from_utc_datetime(&d.naive_utc()))
            }),
        }
    }

    /// Offset in minutes for a *local wall-clock* time in this zone (for reading naive times);
    /// for Local, the earlier instant wins when ambiguous and a DST gap is shifted forward.
    pub fn offset_minutes_for_local(&self, local_ms: i64) -> i32 {
        if *self != Zone::Local {
            return self.offset_minutes_at(local_ms);
        }
        let Some(naive) = DateTime::from_timestamp_millis(local_ms).map(|d| d.naive_utc()) else {
            return 0;
        };
        match Local.offset_from_local_datetime(&naive) {
            MappedLocalTime::Single(o) => minutes(o),
            // The larger offset gives the earlier instant.
            MappedLocalTime::Ambiguous(a, b) => minutes(a).max(minutes(b)),
            // In a gap: use the offset from before it, which moves the time forward by the gap.
            MappedLocalTime::None => self.offset_minutes_at(local_ms.saturating_sub(DAY_MS)),
        }
    }

    /// Human label: "UTC", "Local (UTC+01:00)" (offset as of `now`), "UTC+05:30".
    pub fn label(&self, now: EpochMs) -> String {
        match self {
            Zone::Utc => "UTC".into(),
            Zone::Local => format!("Local (UTC{})", fmt_offset(self.offset_minutes_at(now))),
            Zone::Fixed(_) => format!("UTC{}", fmt_offset(self.offset_minutes_at(now))),
        }
    }
}

fn minutes(offset: FixedOffset) -> i32 {
    offset.local_minus_utc() / 60
}

/// "+HH:MM" / "-HH:MM".
fn fmt_offset(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.unsigned_abs();
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}

/// Value of a run of 1..=9 ASCII digits.
fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |acc, d| acc * 10 + u32::from(d - b'0')))
}

/// `+H`, `+HH`, `+HHMM`, `+H:MM`, `+HH:MM` (sign required, hours <= 23) -> minutes east of UTC.
fn parse_offset(b: &[u8]) -> Option<i32> {
    let (sign, rest) = match b.split_first()? {
        (b'+', rest) => (1, rest),
        (b'-', rest) => (-1, rest),
        _ => return None,
    };
    let (h, m) = match rest {
        [_] | [_, _] => (digits(rest)?, 0),
        [h1, h2, m1, m2] => (digits(&[*h1, *h2])?, digits(&[*m1, *m2])?),
        [h @ .., b':', m1, m2] if (1..=2).contains(&h.len()) => (digits(h)?, digits(&[*m1, *m2])?),
        _ => return None,
    };
    (h <= 23 && m <= 59).then_some(sign * (h * 60 + m) as i32)
}

/// Parses a timestamp string. Accepts RFC 3339 / ISO 8601 (`T`, `t` or a space between date and
/// time; seconds and fraction optional, fraction truncated to ms; zone `Z`, `+01:00`, `+0100`,
/// `+01` or none), date only (midnight), `YYYY/MM/DD` dates, and epoch numbers (see
/// [`parse_epoch`]). Times without a zone are wall-clock time in `naive_zone`. Surrounding ASCII
/// whitespace is ignored; invalid dates and years outside 0000..=9999 give None. No allocation.
pub fn parse_timestamp(s: &str, naive_zone: Zone) -> Option<EpochMs> {
    let b = s.as_bytes().trim_ascii();
    match b.get(4) {
        Some(b'-' | b'/') => parse_datetime(b, naive_zone),
        _ => parse_epoch_bytes(b),
    }
}

fn parse_datetime(b: &[u8], naive_zone: Zone) -> Option<EpochMs> {
    if b.get(7) != b.get(4) {
        return None;
    }
    let year = digits(b.get(0..4)?)?;
    let month = digits(b.get(5..7)?)?;
    let day = digits(b.get(8..10)?)?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let (ms_of_day, offset) = match b.get(10..)? {
        [] => (0, None),
        [b'T' | b't' | b' ', time @ ..] => parse_time(time)?,
        _ => return None,
    };
    let local = days_from_civil(i64::from(year), month, i64::from(day)) * DAY_MS + ms_of_day;
    let offset = offset.unwrap_or_else(|| naive_zone.offset_minutes_for_local(local));
    Some(local - i64::from(offset) * MIN_MS)
}

/// `HH:MM[:SS[.fff…]][ ][Z|±HH[:]MM|±HH]` -> (ms of day, explicit offset in minutes).
fn parse_time(b: &[u8]) -> Option<(i64, Option<i32>)> {
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
pub fn parse_epoch(text: &str) -> Option<EpochMs> {
    parse_epoch_bytes(text.as_bytes().trim_ascii())
}

fn parse_epoch_bytes(b: &[u8]) -> Option<EpochMs> {
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
fn epoch_int_ms(digits: &[u8], negative: bool) -> EpochMs {
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
pub fn is_plausible(t: EpochMs) -> bool {
    PLAUSIBLE.contains(&t)
}

/// Display to the second in `zone`: "2026-10-31 15:22:11", plus " +01:00" when `with_offset`
/// (" +00:00" for Utc).
pub fn format_display(t: EpochMs, zone: Zone, with_offset: bool) -> String {
    let (c, offset) = civil_and_offset(t, zone);
    let mut s = format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    );
    if with_offset {
        s.push(' ');
        s.push_str(&fmt_offset(offset));
    }
    s
}

/// ISO 8601 for export, always with milliseconds: "2026-10-31T15:22:11.123+01:00";
/// for Utc "2026-10-31T14:22:11.123Z".
pub fn format_iso(t: EpochMs, zone: Zone) -> String {
    let (c, offset) = civil_and_offset(t, zone);
    let suffix = if zone == Zone::Utc {
        "Z".into()
    } else {
        fmt_offset(offset)
    };
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}{suffix}",
        c.year, c.month, c.day, c.hour, c.minute, c.second, c.milli
    )
}

/// Value for an HTML `<input type="datetime-local">` in `zone`: "2026-10-31T15:22" (minutes)
/// or "2026-10-31T15:22:11" when seconds are non-zero.
pub fn format_input(t: EpochMs, zone: Zone) -> String {
    let c = to_civil(t, zone);
    let s = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        c.year, c.month, c.day, c.hour, c.minute
    );
    if c.second == 0 {
        s
    } else {
        format!("{s}:{:02}", c.second)
    }
}

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

fn civil_and_offset(t: EpochMs, zone: Zone) -> (Civil, i32) {
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
fn local_from_civil(c: Civil) -> i64 {
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

fn clamp_year(y: i64) -> i32 {
    y.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}

fn is_leap(y: u32) -> bool {
    y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (month 1..=12; day may overflow).
fn days_from_civil(y: i64, m: u32, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (year, month, day) of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
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

/// Calendar-aware bucket units for time histograms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
}

/// A bucket size: `count` of `unit` (e.g. 15 minutes, 6 hours, 1 month).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub unit: Unit,
    pub count: u32,
}

/// The bucket ladder of [`Step::choose`], by unit.
const LADDER: [(Unit, &[u32]); 6] = [
    (Unit::Second, &[1, 2, 5, 10, 15, 30]),
    (Unit::Minute, &[1, 2, 5, 10, 15, 30]),
    (Unit::Hour, &[1, 2, 3, 6, 12]),
    (Unit::Day, &[1, 2]),
    (Unit::Week, &[1]),
    (Unit::Month, &[1, 3, 6, 12]),
];

/// Wall-clock midnight of 1970-01-01, a base for building other civil times.
const EPOCH_CIVIL: Civil = Civil {
    year: 1970,
    month: 1,
    day: 1,
    hour: 0,
    minute: 0,
    second: 0,
    milli: 0,
};

fn ladder() -> impl Iterator<Item = Step> + Clone {
    LADDER
        .iter()
        .flat_map(|&(unit, counts)| counts.iter().map(move |&n| Step::new(unit, n)))
}

impl Step {
    /// Picks from the ladder 1s,2s,5s,10s,15s,30s,1m,2m,5m,10m,15m,30m,1h,2h,3h,6h,12h,1d,2d,1w,
    /// 1mo,3mo,6mo,12mo (then 2, 5, 10, 20, 50… years for huge ranges) the smallest step that
    /// gives at most 120 buckets over [from, to) whatever the zone and alignment.
    pub fn choose(from: EpochMs, to: EpochMs) -> Step {
        let span = i128::from(to) - i128::from(from);
        let years = (0..8)
            .flat_map(|e| [1, 2, 5].map(|k| k * 10u32.pow(e)))
            .skip(1);
        let years = years.map(|y| Step::new(Unit::Month, y * 12));
        let fits = |s: &Step| span <= 119 * s.min_len();
        ladder()
            .chain(years)
            .find(fits)
            .unwrap_or(Step::new(Unit::Month, 50_000_000 * 12))
    }

    /// Start of the bucket containing `t`, aligned in `zone`: sub-day units on multiples of the
    /// step from the local epoch, days at local midnight (multi-day from the epoch), weeks on
    /// Monday, months on the 1st (multi-month from year 0, so quarters start Jan/Apr/Jul/Oct).
    pub fn floor(&self, t: EpochMs, zone: Zone) -> EpochMs {
        let start = match self.fixed_len() {
            Some(len) => {
                let offset = i64::from(zone.offset_minutes_at(t)) * MIN_MS;
                let local = t.saturating_add(offset);
                local
                    .saturating_sub(local.rem_euclid(len))
                    .saturating_sub(offset)
            }
            None => self.calendar_start(self.calendar_index(t, zone), zone),
        };
        start.min(t)
    }

    /// The next bucket start after bucket start `t`.
    pub fn next(&self, t: EpochMs, zone: Zone) -> EpochMs {
        let next = match self.fixed_len() {
            Some(len) => self.floor(t.saturating_add(len), zone),
            None => {
                let index = self
                    .calendar_index(t, zone)
                    .saturating_add(i64::from(self.count.max(1)));
                self.calendar_start(index, zone)
            }
        };
        if next > t {
            next
        } else {
            t.saturating_add(self.min_len().clamp(1, i128::from(i64::MAX)) as i64)
        }
    }

    /// Short label such as "15 min", "1 hour", "1 day", "3 months", "1 year".
    pub fn label(&self) -> String {
        let n = self.count;
        let (n, name) = match self.unit {
            Unit::Second => return format!("{n} sec"),
            Unit::Minute => return format!("{n} min"),
            Unit::Hour => (n, "hour"),
            Unit::Day => (n, "day"),
            Unit::Week => (n, "week"),
            Unit::Month if n > 0 && n.is_multiple_of(12) => (n / 12, "year"),
            Unit::Month => (n, "month"),
        };
        format!("{n} {name}{}", if n == 1 { "" } else { "s" })
    }

    const fn new(unit: Unit, count: u32) -> Step {
        Step { unit, count }
    }

    /// Length in ms of sub-day steps; None for calendar units.
    fn fixed_len(&self) -> Option<i64> {
        let unit = match self.unit {
            Unit::Second => SEC_MS,
            Unit::Minute => MIN_MS,
            Unit::Hour => HOUR_MS,
            Unit::Day | Unit::Week | Unit::Month => return None,
        };
        Some(unit * i64::from(self.count.max(1)))
    }

    /// A lower bound on the length of any bucket (DST may shorten a day by an hour).
    fn min_len(&self) -> i128 {
        let n = i128::from(self.count.max(1));
        let (day, hour) = (i128::from(DAY_MS), i128::from(HOUR_MS));
        match self.unit {
            Unit::Day => n * day - hour,
            Unit::Week => n * 7 * day - hour,
            // n consecutive months are at least n * 30 - 2 days long.
            Unit::Month => n * 30 * day - 3 * day - hour,
            _ => i128::from(self.fixed_len().unwrap_or(SEC_MS)),
        }
    }

    /// Aligned bucket index of `t` for calendar units: first day number (Day), week number
    /// counted from Monday 1969-12-29 (Week), or `year * 12 + month - 1` (Month).
    fn calendar_index(&self, t: EpochMs, zone: Zone) -> i64 {
        let n = i64::from(self.count.max(1));
        let c = to_civil(t, zone);
        let day = days_from_civil(i64::from(c.year), c.month, i64::from(c.day));
        let index = match self.unit {
            Unit::Week => (day + 3).div_euclid(7),
            Unit::Month => i64::from(c.year) * 12 + i64::from(c.month) - 1,
            _ => day,
        };
        index.div_euclid(n) * n
    }

    fn calendar_start(&self, index: i64, zone: Zone) -> EpochMs {
        let (year, month, day) = match self.unit {
            Unit::Week => civil_from_days(index.saturating_mul(7).saturating_sub(3)),
            Unit::Month => (index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1),
            _ => civil_from_days(index),
        };
        let year = clamp_year(year);
        from_civil(
            Civil {
                year,
                month,
                day,
                ..EPOCH_CIVIL
            },
            zone,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Unit::{Day, Hour, Minute, Month, Second, Week};
    use chrono::{Datelike, NaiveDate, Timelike, Weekday};

    /// Independent reference: chrono's own calendar.
    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, ms: u32) -> EpochMs {
        NaiveDate::from_ymd_opt(y, mo, d)
            .and_then(|date| date.and_hms_milli_opt(h, mi, s, ms))
            .expect("valid reference date")
            .and_utc()
            .timestamp_millis()
    }

    /// Independent reference: chrono's RFC 3339 parser.
    fn iso(s: &str) -> EpochMs {
        let t = DateTime::parse_from_rfc3339(s).expect("valid reference");
        t.timestamp_millis()
    }

    fn parse(s: &str) -> Option<EpochMs> {
        parse_timestamp(s, Zone::Utc)
    }

    fn in_fixed(t: EpochMs, minutes: i32) -> DateTime<FixedOffset> {
        let offset = FixedOffset::east_opt(minutes * 60).expect("valid offset");
        let t = DateTime::from_timestamp_millis(t).expect("in range");
        t.with_timezone(&offset)
    }

    fn count_buckets(step: Step, from: EpochMs, to: EpochMs, zone: Zone) -> usize {
        let (mut start, mut n) = (step.floor(from, zone), 0);
        while start < to {
            let next = step.next(start, zone);
            assert!(next > start, "{step:?} stalled at {start}");
            start = next;
            n += 1;
            assert!(n < 100_000, "{step:?} runaway");
        }
        n
    }

    const ZONES: [Zone; 4] = [Zone::Utc, Zone::Fixed(330), Zone::Fixed(-570), Zone::Local];

    #[test]
    fn parses_rfc3339_utc() {
        assert_eq!(
            parse("2026-10-31T14:22:11Z"),
            Some(iso("2026-10-31T14:22:11Z"))
        );
        assert_eq!(
            parse("2026-10-31t14:22:11z"),
            Some(iso("2026-10-31T14:22:11Z"))
        );
    }

    #[test]
    fn parses_space_separated_sql_style() {
        assert_eq!(
            parse("2026-10-31 14:22:11"),
            Some(iso("2026-10-31T14:22:11Z"))
        );
        assert_eq!(
            parse("2026-10-31 14:22:11.5"),
            Some(iso("2026-10-31T14:22:11.5Z"))
        );
    }

    #[test]
    fn parses_slash_dates() {
        assert_eq!(
            parse("2026/10/31 14:22:11"),
            Some(iso("2026-10-31T14:22:11Z"))
        );
        assert_eq!(parse("2026/10/31"), Some(utc(2026, 10, 31, 0, 0, 0, 0)));
    }

    #[test]
    fn parses_fraction_of_any_length_truncated_to_ms() {
        let base = utc(2026, 10, 31, 14, 22, 11, 0);
        assert_eq!(parse("2026-10-31T14:22:11.1Z"), Some(base + 100));
        assert_eq!(parse("2026-10-31T14:22:11.12Z"), Some(base + 120));
        assert_eq!(parse("2026-10-31T14:22:11.123Z"), Some(base + 123));
        assert_eq!(parse("2026-10-31T14:22:11.123456789Z"), Some(base + 123));
        assert_eq!(parse("2026-10-31T14:22:11.9999Z"), Some(base + 999));
        assert_eq!(parse("2026-10-31T14:22:11,25Z"), Some(base + 250));
    }

    #[test]
    fn parses_offsets_in_all_forms() {
        let expected = iso("2026-10-31T14:22:11+01:00");
        for s in [
            "2026-10-31T14:22:11+01:00",
            "2026-10-31T14:22:11+0100",
            "2026-10-31T14:22:11+01",
            "2026-10-31 14:22:11 +0100",
        ] {
            assert_eq!(parse(s), Some(expected), "{s}");
        }
        let west = "2026-10-31T14:22:11.750-05:30";
        assert_eq!(parse(west), Some(iso(west)));
    }

    #[test]
    fn parses_time_without_seconds() {
        assert_eq!(parse("2026-10-31T14:22"), Some(iso("2026-10-31T14:22:00Z")));
        assert_eq!(
            parse("2026-10-31T14:22+02:00"),
            Some(iso("2026-10-31T14:22:00+02:00"))
        );
    }

    #[test]
    fn parses_date_only_as_midnight() {
        assert_eq!(parse("2026-10-31"), Some(utc(2026, 10, 31, 0, 0, 0, 0)));
        assert_eq!(parse("1969-12-31"), Some(-86_400_000));
    }

    #[test]
    fn reads_naive_times_in_the_naive_zone() {
        let t = parse_timestamp("2026-10-31 14:22:11", Zone::Fixed(-300));
        assert_eq!(t, Some(iso("2026-10-31T14:22:11-05:00")));
        let t = parse_timestamp("2026-10-31", Zone::Fixed(60));
        assert_eq!(t, Some(iso("2026-10-31T00:00:00+01:00")));
    }

    #[test]
    fn explicit_zone_overrides_the_naive_zone() {
        let t = parse_timestamp("2026-10-31T14:22:11Z", Zone::Fixed(600));
        assert_eq!(t, Some(iso("2026-10-31T14:22:11Z")));
    }

    #[test]
    fn ignores_surrounding_ascii_whitespace() {
        assert_eq!(
            parse(" \t2026-10-31T14:22:11Z\r\n"),
            Some(iso("2026-10-31T14:22:11Z"))
        );
        assert_eq!(parse("  1700000000 "), Some(1_700_000_000_000));
    }

    #[test]
    fn accepts_calendar_edges() {
        assert_eq!(parse("2024-02-29"), Some(utc(2024, 2, 29, 0, 0, 0, 0)));
        assert_eq!(parse("2000-02-29"), Some(utc(2000, 2, 29, 0, 0, 0, 0)));
        assert_eq!(
            parse("0000-01-01T00:00:00Z"),
            Some(utc(0, 1, 1, 0, 0, 0, 0))
        );
        let last = utc(9999, 12, 31, 23, 59, 59, 999);
        assert_eq!(parse("9999-12-31T23:59:59.999Z"), Some(last));
    }

    #[test]
    fn rejects_invalid_dates_and_times() {
        let invalid = "2026-13-01 2026-00-10 2026-02-30 2025-02-29 1900-02-29 2026-04-31
            2026-10-00 2026-10-31T25:00:00 2026-10-31T24:00:00 2026-10-31T14:60:00
            2026-10-31T14:22:60 2026-10-31T14:22:11+24:00 2026-10-31T14:22:11+01:60";
        for s in invalid.split_whitespace() {
            assert_eq!(parse(s), None, "{s}");
        }
    }

    #[test]
    fn rejects_malformed_text() {
        let malformed = "2026-10/31 2026-1-31 2026-10-31T 2026-10-31T14 2026-10-31T14:2
            2026-10-31T14:22:11. 2026-10-31T14:22:11.Z 2026-10-31T14:22:11Zjunk 2026-10-31X14:22
            2026-10-31Z +2026-10-31 20261-10-31 abc ١٢٣";
        let spaced = [
            "",
            " ",
            "2026-10-31  14:22",
            "2026-10-31T14:22:11 +",
            "2026-10-31 T14:22",
        ];
        for s in malformed.split_whitespace().chain(spaced) {
            assert_eq!(parse(s), None, "{s:?}");
        }
    }

    #[test]
    fn parse_timestamp_accepts_epoch_numbers() {
        assert_eq!(parse("1700000000"), Some(1_700_000_000_000));
        assert_eq!(parse("1700000000123"), Some(1_700_000_000_123));
        assert_eq!(parse("-86400"), Some(-86_400_000));
    }

    #[test]
    fn epoch_unit_follows_magnitude_thresholds() {
        assert_eq!(parse_epoch("99999999999"), Some(99_999_999_999_000)); // s
        assert_eq!(parse_epoch("100000000000"), Some(100_000_000_000)); // ms
        assert_eq!(parse_epoch("99999999999999"), Some(99_999_999_999_999)); // ms
        assert_eq!(parse_epoch("100000000000000"), Some(100_000_000_000)); // µs
        assert_eq!(parse_epoch("99999999999999999"), Some(99_999_999_999_999)); // µs
        assert_eq!(parse_epoch("100000000000000000"), Some(100_000_000_000)); // ns
        assert_eq!(parse_epoch("-99999999999"), Some(-99_999_999_999_000));
        assert_eq!(parse_epoch("-100000000000"), Some(-100_000_000_000));
    }

    #[test]
    fn epoch_keeps_integer_precision() {
        assert_eq!(parse_epoch("1700000000123456789"), Some(1_700_000_000_123)); // ns
        assert_eq!(parse_epoch("1700000000123456"), Some(1_700_000_000_123)); // µs
        let twenty_digits = "99999999999999999999";
        assert_eq!(parse_epoch(twenty_digits), Some(99_999_999_999_999));
        assert_eq!(parse_epoch("00000000000000000001"), Some(1_000));
    }

    #[test]
    fn epoch_decimals_round_toward_negative_infinity() {
        assert_eq!(parse_epoch("1700000000.123456"), Some(1_700_000_000_123));
        assert_eq!(parse_epoch("1700000000123.9"), Some(1_700_000_000_123));
        assert_eq!(parse_epoch("-1.0001"), Some(-1_001));
        assert_eq!(parse_epoch("-1.5"), Some(-1_500));
        assert_eq!(parse_epoch("-0.0000000001"), Some(-1));
        assert_eq!(parse_epoch("-0.000"), Some(0));
        assert_eq!(parse_epoch("-100000000000001"), Some(-100_000_000_001)); // µs
    }

    #[test]
    fn epoch_rejects_non_numeric_and_too_long() {
        let bad = "- --1 +5 1e9 0x10 1.2.3 1. .5 1,5 NaN 123456789012345678901 ١٢٣";
        for s in bad.split_whitespace().chain(["", "12 34"]) {
            assert_eq!(parse_epoch(s), None, "{s:?}");
        }
    }

    #[test]
    fn plausibility_window_is_1990_to_2100() {
        let (start, end) = (utc(1990, 1, 1, 0, 0, 0, 0), utc(2100, 1, 1, 0, 0, 0, 0));
        assert!(is_plausible(start) && is_plausible(end - 1));
        assert!(is_plausible(utc(2026, 10, 31, 0, 0, 0, 0)));
        assert!(!is_plausible(start - 1) && !is_plausible(end));
    }

    #[test]
    fn format_display_in_utc_and_fixed_zones() {
        let show =
            |zone, with_offset| format_display(iso("2026-10-31T14:22:11.999Z"), zone, with_offset);
        assert_eq!(show(Zone::Utc, false), "2026-10-31 14:22:11");
        assert_eq!(show(Zone::Utc, true), "2026-10-31 14:22:11 +00:00");
        assert_eq!(show(Zone::Fixed(60), true), "2026-10-31 15:22:11 +01:00");
        assert_eq!(show(Zone::Fixed(-570), true), "2026-10-31 04:52:11 -09:30");
        assert_eq!(show(Zone::Fixed(600), false), "2026-11-01 00:22:11");
    }

    #[test]
    fn format_display_before_1970() {
        let t = iso("1969-07-20T20:17:40Z");
        assert_eq!(format_display(t, Zone::Utc, false), "1969-07-20 20:17:40");
        assert_eq!(
            format_display(t, Zone::Fixed(-300), true),
            "1969-07-20 15:17:40 -05:00"
        );
        assert_eq!(format_display(-1, Zone::Utc, false), "1969-12-31 23:59:59");
    }

    #[test]
    fn format_iso_uses_z_for_utc_and_offsets_otherwise() {
        let t = iso("2026-10-31T14:22:11.123Z");
        assert_eq!(format_iso(t, Zone::Utc), "2026-10-31T14:22:11.123Z");
        assert_eq!(
            format_iso(t, Zone::Fixed(60)),
            "2026-10-31T15:22:11.123+01:00"
        );
        assert_eq!(
            format_iso(t, Zone::Fixed(-330)),
            "2026-10-31T08:52:11.123-05:30"
        );
        assert_eq!(format_iso(-1, Zone::Utc), "1969-12-31T23:59:59.999Z");
        assert_eq!(format_iso(0, Zone::Utc), "1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn format_iso_round_trips_through_parse() {
        for t in [0, -1, 1_700_000_000_123, utc(1901, 3, 4, 5, 6, 7, 8)] {
            for zone in ZONES {
                assert_eq!(parse(&format_iso(t, zone)), Some(t), "{t} {zone:?}");
            }
        }
    }

    #[test]
    fn format_input_shows_seconds_only_when_non_zero() {
        let t = iso("2026-10-31T14:22:00.5Z");
        assert_eq!(format_input(t, Zone::Utc), "2026-10-31T14:22");
        assert_eq!(
            format_input(t + 11_000, Zone::Fixed(60)),
            "2026-10-31T15:22:11"
        );
        assert_eq!(format_input(t, Zone::Fixed(-900)), "2026-10-30T23:22");
    }

    #[test]
    fn civil_round_trips_in_fixed_zones() {
        let (year, month, day, hour, minute, second, milli) = (1969, 12, 31, 23, 59, 58, 7);
        let c = Civil {
            year,
            month,
            day,
            hour,
            minute,
            second,
            milli,
        };
        for zone in [
            Zone::Utc,
            Zone::Fixed(330),
            Zone::Fixed(-1080),
            Zone::Fixed(1080),
        ] {
            assert_eq!(to_civil(from_civil(c, zone), zone), c, "{zone:?}");
        }
        assert_eq!(
            from_civil(c, Zone::Fixed(60)),
            iso("1969-12-31T23:59:58.007+01:00")
        );
    }

    #[test]
    fn civil_matches_chrono_over_many_days() {
        let mut t = utc(1600, 1, 1, 0, 0, 0, 0);
        while t < utc(2500, 1, 1, 0, 0, 0, 0) {
            let c = to_civil(t, Zone::Utc);
            let d = DateTime::from_timestamp_millis(t).expect("in range");
            assert_eq!((c.year, c.month, c.day), (d.year(), d.month(), d.day()));
            t += 7 * DAY_MS + 3 * HOUR_MS + 1;
        }
    }

    #[test]
    fn zone_parse_accepts_documented_forms() {
        for s in ["UTC", "utc", "Z", "z"] {
            assert_eq!(Zone::parse(s), Some(Zone::Utc), "{s}");
        }
        assert_eq!(Zone::parse("local"), Some(Zone::Local));
        assert_eq!(Zone::parse("LOCAL"), Some(Zone::Local));
        let fixed = "+02:00=120 -05:30=-330 +0530=330 +02=120 UTC+2=120 UTC-05:30=-330
            utc+05:30=330 +18:00=1080 -18:00=-1080";
        for case in fixed.split_whitespace() {
            let (s, minutes) = case.split_once('=').expect("case");
            let minutes = minutes.parse().expect("case");
            assert_eq!(Zone::parse(s), Some(Zone::Fixed(minutes)), "{s}");
        }
    }

    #[test]
    fn zone_parse_normalises_zero_offset_to_utc() {
        for s in ["+00:00", "-00:00", "+0", "UTC+0", "UTC-00:00"] {
            assert_eq!(Zone::parse(s), Some(Zone::Utc), "{s}");
        }
    }

    #[test]
    fn zone_parse_rejects_other_text() {
        let bad = "gmt 02:00 +18:01 +19 -23:59 +5:3 +530 +05:60 UTC+ utc+2x Europe/Berlin lokal
            +02:00:00 ＋02";
        for s in bad.split_whitespace().chain(["", "UTC 2"]) {
            assert_eq!(Zone::parse(s), None, "{s:?}");
        }
    }

    #[test]
    fn zone_param_round_trips() {
        let zones = [
            Zone::Utc,
            Zone::Local,
            Zone::Fixed(120),
            Zone::Fixed(-330),
            Zone::Fixed(1),
        ];
        for zone in zones
            .into_iter()
            .chain([Zone::Fixed(1080), Zone::Fixed(-1080)])
        {
            assert_eq!(Zone::parse(&zone.to_param()), Some(zone), "{zone:?}");
        }
        assert_eq!(Zone::Fixed(-330).to_param(), "-05:30");
        assert_eq!(Zone::Local.to_param(), "local");
        assert_eq!(Zone::Utc.to_param(), "UTC");
    }

    #[test]
    fn zone_labels() {
        assert_eq!(Zone::Utc.label(0), "UTC");
        assert_eq!(Zone::Fixed(330).label(0), "UTC+05:30");
        assert_eq!(Zone::Fixed(-60).label(0), "UTC-01:00");
        let offset = fmt_offset(Zone::Local.offset_minutes_at(0));
        assert_eq!(Zone::Local.label(0), format!("Local (UTC{offset})"));
    }

    #[test]
    fn local_zone_round_trips_civil_and_iso() {
        for t in [
            utc(2026, 1, 15, 12, 0, 0, 0),
            utc(2026, 7, 15, 12, 34, 56, 789),
            0,
        ] {
            assert_eq!(from_civil(to_civil(t, Zone::Local), Zone::Local), t);
            assert_eq!(parse(&format_iso(t, Zone::Local)), Some(t));
            let wall = format_display(t, Zone::Local, false);
            assert_eq!(parse_timestamp(&wall, Zone::Local), Some(t - t % 1000));
        }
    }

    #[test]
    fn local_zone_resolves_gaps_forward_and_overlaps_to_the_earlier_instant() {
        // Under whatever TZ the tests run in, every transition of 2026 is checked (none under UTC).
        let offset = |t| Zone::Local.offset_minutes_at(t);
        let mut hour = utc(2026, 1, 1, 0, 0, 0, 0);
        while hour < utc(2027, 1, 1, 0, 0, 0, 0) {
            let before = offset(hour);
            let mut minutes = (1..=60).map(|m| hour + m * MIN_MS);
            if let Some(transition) = minutes.find(|&t| offset(t) != before) {
                let after = offset(transition);
                // Wall-clock time halfway into the gap (or overlap) at the transition.
                let wall = transition + i64::from(before + after) / 2 * MIN_MS;
                assert_eq!(Zone::Local.offset_minutes_for_local(wall), before);
            }
            hour += HOUR_MS;
        }
    }

    #[test]
    fn step_choose_gives_expected_steps_for_typical_ranges() {
        let from = utc(2026, 3, 14, 9, 26, 53, 0);
        let choose = |span| Step::choose(from, from + span);
        assert_eq!(choose(HOUR_MS), Step::new(Minute, 1));
        assert_eq!(choose(DAY_MS), Step::new(Minute, 15));
        assert_eq!(choose(7 * DAY_MS), Step::new(Hour, 2));
        assert_eq!(choose(90 * DAY_MS), Step::new(Day, 1));
        assert_eq!(choose(3 * 365 * DAY_MS), Step::new(Month, 1));
        assert_eq!(choose(0), Step::new(Second, 1));
        assert_eq!(choose(-DAY_MS), Step::new(Second, 1));
    }

    #[test]
    fn step_choose_typical_ranges_have_30_to_120_buckets() {
        let from = utc(2026, 3, 14, 9, 26, 53, 0);
        for span in [HOUR_MS, DAY_MS, 7 * DAY_MS, 90 * DAY_MS, 3 * 365 * DAY_MS] {
            for zone in ZONES {
                let n = count_buckets(Step::choose(from, from + span), from, from + span, zone);
                assert!(
                    (30..=120).contains(&n),
                    "span {span} in {zone:?}: {n} buckets"
                );
            }
        }
    }

    #[test]
    fn step_choose_never_gives_more_than_120_buckets() {
        let from = utc(2025, 12, 31, 23, 59, 59, 999);
        let mut span = MIN_MS;
        while span <= 3 * 366 * DAY_MS {
            let step = Step::choose(from, from + span);
            for zone in ZONES {
                let n = count_buckets(step, from, from + span, zone);
                assert!(n <= 120, "span {span} {step:?} in {zone:?}: {n} buckets");
            }
            span = span * 11 / 10;
        }
    }

    #[test]
    fn step_choose_extends_to_years_for_huge_ranges() {
        let (from, to) = (utc(0, 1, 1, 0, 0, 0, 0), utc(9999, 12, 31, 0, 0, 0, 0));
        assert_eq!(Step::choose(from, to), Step::new(Month, 100 * 12));
        assert!(count_buckets(Step::choose(from, to), from, to, Zone::Utc) <= 120);
    }

    #[test]
    fn month_buckets_start_on_the_first_at_local_midnight_in_a_fixed_zone() {
        let (zone, month) = (Zone::Fixed(-300), Step::new(Month, 1));
        let mut start = month.floor(utc(2026, 1, 15, 3, 0, 0, 0), zone);
        assert_eq!(start, iso("2026-01-01T00:00:00-05:00"));
        for expected_month in (2..=12).chain(1..=3) {
            let next = month.next(start, zone);
            assert!(next > start);
            assert_eq!(month.floor(next - 1, zone), start);
            assert_eq!(month.floor(next, zone), next);
            let local = in_fixed(next, -300);
            let parts = (local.month(), local.day(), local.hour(), local.minute());
            assert_eq!(parts, (expected_month, 1, 0, 0));
            start = next;
        }
    }

    #[test]
    fn quarter_buckets_start_in_january_april_july_october() {
        let (zone, quarter) = (Zone::Fixed(540), Step::new(Month, 3));
        let start = quarter.floor(utc(2026, 5, 20, 0, 0, 0, 0), zone);
        assert_eq!(start, iso("2026-04-01T00:00:00+09:00"));
        assert_eq!(quarter.next(start, zone), iso("2026-07-01T00:00:00+09:00"));
    }

    #[test]
    fn week_buckets_start_on_monday_at_local_midnight_in_a_fixed_zone() {
        let (zone, week) = (Zone::Fixed(330), Step::new(Week, 1));
        let mut start = week.floor(utc(1969, 12, 20, 0, 0, 0, 0), zone);
        for _ in 0..60 {
            let local = in_fixed(start, 330);
            assert_eq!(
                (local.weekday(), local.hour(), local.minute()),
                (Weekday::Mon, 0, 0)
            );
            let next = week.next(start, zone);
            assert_eq!(next - start, 7 * DAY_MS);
            assert_eq!(week.floor(next - 1, zone), start);
            start = next;
        }
    }

    #[test]
    fn day_buckets_start_at_local_midnight() {
        let (zone, day) = (Zone::Fixed(-570), Step::new(Day, 1));
        let start = day.floor(iso("2026-10-31T02:00:00Z"), zone); // 16:30 on the 30th locally
        assert_eq!(start, iso("2026-10-30T00:00:00-09:30"));
        assert_eq!(day.next(start, zone), iso("2026-10-31T00:00:00-09:30"));
    }

    #[test]
    fn sub_day_buckets_align_to_local_wall_clock() {
        let (t, zone) = (iso("2026-10-31T14:22:11.5+05:30"), Zone::Fixed(330));
        assert_eq!(
            Step::new(Minute, 15).floor(t, zone),
            iso("2026-10-31T14:15:00+05:30")
        );
        let start = Step::new(Hour, 6).floor(t, zone);
        assert_eq!(start, iso("2026-10-31T12:00:00+05:30"));
        assert_eq!(
            Step::new(Hour, 6).next(start, zone),
            iso("2026-10-31T18:00:00+05:30")
        );
    }

    #[test]
    fn every_ladder_step_brackets_instants() {
        let t = utc(2026, 2, 28, 23, 59, 59, 999);
        for step in ladder() {
            for zone in ZONES {
                let (start, next) = (step.floor(t, zone), step.next(step.floor(t, zone), zone));
                assert!(start <= t && t < next, "{step:?} {zone:?}");
                assert_eq!(
                    step.floor(start, zone),
                    start,
                    "{step:?} {zone:?} idempotent"
                );
            }
        }
    }

    #[test]
    fn step_labels() {
        let label = |unit, count| Step::new(unit, count).label();
        assert_eq!(label(Second, 30), "30 sec");
        assert_eq!(label(Minute, 15), "15 min");
        assert_eq!(label(Hour, 1), "1 hour");
        assert_eq!(label(Hour, 6), "6 hours");
        assert_eq!(label(Day, 1), "1 day");
        assert_eq!(label(Week, 1), "1 week");
        assert_eq!(label(Month, 1), "1 month");
        assert_eq!(label(Month, 3), "3 months");
        assert_eq!(label(Month, 12), "1 year");
        assert_eq!(label(Month, 120), "10 years");
    }

    #[test]
    fn ladder_is_the_documented_one() {
        let labels: Vec<String> = ladder().map(|s| s.label()).collect();
        let expected = "1 sec,2 sec,5 sec,10 sec,15 sec,30 sec,1 min,2 min,5 min,10 min,15 min,30 min,\
            1 hour,2 hours,3 hours,6 hours,12 hours,1 day,2 days,1 week,1 month,3 months,6 months,1 year";
        assert_eq!(labels.join(","), expected);
    }

    #[test]
    fn odd_strings_never_panic() {
        let seeds = [
            "2026-10-31T14:22:11.123456+01:00",
            "2026/02/28 23:59:59,5 -0530",
            "1700000000.123",
            "-99999999999999999999",
            "UTC-05:30",
        ];
        let odd = "é 日本 🙂 \u{0} + - : . T Z 9 0 ٣ \u{feff}"
            .split(' ')
            .chain(["", " "]);
        let mut inputs: Vec<String> = odd.clone().map(String::from).collect();
        for seed in seeds {
            for i in 0..seed.len() {
                inputs.extend([seed[..i].to_string(), seed[i..].to_string()]);
                let (head, tail) = (&seed[..i], &seed[i + 1..]);
                inputs.extend(odd.clone().map(|o| format!("{head}{o}{tail}")));
            }
        }
        inputs.extend([
            "9".repeat(500),
            format!("-{}", "9".repeat(25)),
            format!("1.{}", "9".repeat(1000)),
            format!("2026-10-31T14:22:11.{}Z", "7".repeat(1000)),
            "-".repeat(30),
            "é".repeat(30),
        ]);
        assert!(inputs.len() > 300);
        for s in &inputs {
            for zone in ZONES {
                let _ = parse_timestamp(s, zone);
            }
            let _ = (parse_epoch(s), Zone::parse(s));
        }
    }

    #[test]
    fn extreme_instants_and_steps_never_panic() {
        let odd_steps = [
            Step::new(Month, 0),
            Step::new(Hour, u32::MAX),
            Step::new(Week, u32::MAX),
            Step::new(Month, u32::MAX),
        ];
        let steps: Vec<Step> = ladder().chain(odd_steps).collect();
        let zones = [
            Zone::Utc,
            Zone::Local,
            Zone::Fixed(i32::MAX),
            Zone::Fixed(i32::MIN),
        ];
        let edge = 8_200_000_000_000_000; // about year ±261,800, near chrono's limit
        for t in [i64::MIN, -edge, -1, 0, 253_402_300_800_000, edge, i64::MAX] {
            for zone in zones {
                let _ = (
                    format_display(t, zone, true),
                    format_iso(t, zone),
                    format_input(t, zone),
                );
                let _ = (
                    zone.label(t),
                    zone.to_param(),
                    zone.offset_minutes_for_local(t),
                );
                let _ = from_civil(to_civil(t, zone), zone);
                for step in &steps {
                    assert!(step.floor(t, zone) <= t && step.next(t, zone) >= t);
                    let _ = step.label();
                }
            }
        }
        let m = u32::MAX;
        let huge = Civil {
            year: i32::MAX,
            month: m,
            day: m,
            hour: m,
            minute: m,
            second: m,
            milli: m,
        };
        let _ = from_civil(huge, Zone::Local);
        let _ = from_civil(
            Civil {
                year: i32::MIN,
                month: 0,
                day: 0,
                ..huge
            },
            Zone::Utc,
        );
        let _ = (
            Step::choose(i64::MIN, i64::MAX),
            Step::choose(i64::MAX, i64::MIN),
        );
    }
}
