//! Calendar-aware histogram steps: sub-day steps on the local wall clock, days at local
//! midnight (23 or 25 hours long at a DST change), weeks from Monday, months from the 1st.

use super::civil::{Civil, civil_from_days, clamp_year, days_from_civil, from_civil, to_civil};
use super::{DAY_MS, EpochMs, HOUR_MS, MIN_MS, SEC_MS, Zone};

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

pub(super) fn ladder() -> impl Iterator<Item = Step> + Clone {
    LADDER
        .iter()
        .flat_map(|&(unit, counts)| counts.iter().map(move |&n| Step::new(unit, n)))
}

impl Step {
    /// Picks from the ladder 1s,2s,5s,10s,15s,30s,1m,2m,5m,10m,15m,30m,1h,2h,3h,6h,12h,1d,2d,1w,
    /// 1mo,3mo,6mo,12mo (then 2, 5, 10, 20, 50… years for huge ranges) the smallest step that
    /// gives at most 120 buckets over [from, to) whatever the zone and alignment.
    pub(crate) fn choose(from: EpochMs, to: EpochMs) -> Step {
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
    pub(crate) fn floor(&self, t: EpochMs, zone: Zone) -> EpochMs {
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
    pub(crate) fn next(&self, t: EpochMs, zone: Zone) -> EpochMs {
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
    pub(crate) fn label(&self) -> String {
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

    pub(super) const fn new(unit: Unit, count: u32) -> Step {
        Step { unit, count }
    }

    /// Length in ms of sub-day steps; None for calendar units.
    pub(crate) fn fixed_len(&self) -> Option<i64> {
        let unit = match self.unit {
            Unit::Second => SEC_MS,
            Unit::Minute => MIN_MS,
            Unit::Hour => HOUR_MS,
            Unit::Day | Unit::Week | Unit::Month => return None,
        };
        Some(unit * i64::from(self.count.max(1)))
    }

    /// A lower bound on the length of any bucket (DST may shorten a day by an hour).
    pub(super) fn min_len(&self) -> i128 {
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
    pub(super) fn calendar_index(&self, t: EpochMs, zone: Zone) -> i64 {
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

    pub(super) fn calendar_start(&self, index: i64, zone: Zone) -> EpochMs {
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
