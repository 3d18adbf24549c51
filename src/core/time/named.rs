//! Named (IANA) zones as offset tables. Core carries no time-zone database: the
//! platform gives a zone's offsets from the browser's own (`Intl`) through the
//! [`Provider`] it sets, five years at a time and only for the years a page asks
//! about, and each zone is kept for the life of the page, so [`super::Zone`] stays a
//! small `Copy` value.
//!
//! Wall-clock times that a change skips (a gap, spring forward) or repeats (an
//! overlap, fall back) are resolved by one rule, the one `chrono` and JavaScript's
//! `Temporal` call "compatible": in an overlap the earlier instant, in a gap the
//! offset from before it, which moves the time forward by the gap's length.

use super::{DAY_MS, EpochMs, MIN_MS};
use std::sync::{OnceLock, RwLock};

/// Length of the blocks a zone's offsets are asked for in: five years.
const BLOCK_MS: i64 = 5 * 36_525 * DAY_MS / 100;

/// A zone's offset at `from` and each change in `[from, to)` as (instant, new offset
/// in minutes east of UTC), ascending.
pub(crate) type Offsets = fn(&str, EpochMs, EpochMs) -> Option<(i32, Vec<(EpochMs, i32)>)>;

/// Where zones come from.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Provider {
    /// The canonical spelling of a zone name (`europe/berlin` -> `Europe/Berlin`),
    /// None for a zone it does not know.
    pub canonical: fn(&str) -> Option<String>,
    /// The zone's offsets, a block at a time.
    pub offsets: Offsets,
}

/// One block of a zone's offsets.
#[derive(Debug)]
struct Block {
    index: i64,
    initial: i32,
    changes: Vec<(EpochMs, i32)>,
}

/// One zone: its name and the blocks of offsets read so far.
#[derive(Debug)]
pub struct Rules {
    name: String,
    offsets: Offsets,
    blocks: RwLock<Vec<Block>>,
}

impl PartialEq for Rules {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for Rules {}

/// How a wall-clock time was turned into an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// The wall clock showed that time exactly once.
    Exact,
    /// A change skipped it: read with the offset from before, so it moved forward.
    Gap,
    /// A change repeated it: the earlier of the two instants.
    Overlap,
}

impl Rules {
    /// The zone's name, `Europe/Berlin`.
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// Offset in minutes east of UTC at instant `t`.
    pub(crate) fn offset_at(&self, t: EpochMs) -> i32 {
        let index = t.div_euclid(BLOCK_MS);
        let look = |blocks: &[Block]| {
            blocks.iter().find(|b| b.index == index).map(|b| {
                match b.changes.partition_point(|c| c.0 <= t) {
                    0 => b.initial,
                    i => b.changes[i - 1].1,
                }
            })
        };
        if let Some(o) = self.blocks.read().ok().and_then(|b| look(&b)) {
            return o;
        }
        let from = index.saturating_mul(BLOCK_MS);
        let (initial, changes) = (self.offsets)(&self.name, from, from.saturating_add(BLOCK_MS))
            .unwrap_or((0, Vec::new()));
        let Ok(mut blocks) = self.blocks.write() else {
            return initial;
        };
        if !blocks.iter().any(|b| b.index == index) {
            blocks.push(Block {
                index,
                initial,
                changes,
            });
        }
        look(&blocks).unwrap_or(initial)
    }

    /// The offset changes in `[from, to)` as (instant, new offset), ascending.
    #[cfg(all(test, not(target_arch = "wasm32")))]
    pub(crate) fn changes_between(&self, from: EpochMs, to: EpochMs) -> Vec<(EpochMs, i32)> {
        let mut out = Vec::new();
        let mut index = from.div_euclid(BLOCK_MS);
        while index.saturating_mul(BLOCK_MS) < to {
            self.offset_at(index.saturating_mul(BLOCK_MS));
            if let Ok(blocks) = self.blocks.read()
                && let Some(b) = blocks.iter().find(|b| b.index == index)
            {
                out.extend(b.changes.iter().filter(|c| (from..to).contains(&c.0)));
            }
            index += 1;
        }
        out
    }

    /// The offset that turns wall-clock time `local` (ms since 1970-01-01T00:00 of
    /// the same wall clock) into an instant, and how (see the module's rule).
    /// Changes are assumed to be more than a day apart, as they are in the tzdb.
    pub(crate) fn offset_for_local(&self, local: i64) -> (i32, Resolved) {
        let before = self.offset_at(local.saturating_sub(DAY_MS));
        let after = self.offset_at(local.saturating_add(DAY_MS));
        let fits = |o: i32| self.offset_at(local.saturating_sub(i64::from(o) * MIN_MS)) == o;
        match (fits(before), fits(after)) {
            (true, true) if before != after => (before.max(after), Resolved::Overlap),
            (true, _) => (before, Resolved::Exact),
            (false, true) => (after, Resolved::Exact),
            (false, false) => (before, Resolved::Gap),
        }
    }
}

/// The offset in a browser's `longOffset` zone name (`"12/1/2026, GMT+01:00"`,
/// `"GMT-03:30"`, `"GMT"` for zero), in minutes east of UTC.
pub fn gmt_offset(text: &str) -> Option<i32> {
    let rest = &text[text.rfind("GMT")? + 3..];
    if rest.is_empty() {
        return Some(0);
    }
    super::lex::parse_offset(rest.as_bytes())
}

static PROVIDER: OnceLock<Provider> = OnceLock::new();
static ZONES: RwLock<Vec<&'static Rules>> = RwLock::new(Vec::new());

/// Sets where zones come from (once; later calls are ignored).
pub(crate) fn set_provider(provider: Provider) {
    let _ = PROVIDER.set(provider);
}

/// True if `s` could be an IANA name (`Europe/Berlin`, `America/Argentina/Salta`,
/// `Etc/GMT+5`, `EST`): ASCII letters first, then letters, digits, `/`, `_`, `-`, `+`.
fn looks_like_name(s: &str) -> bool {
    let b = s.as_bytes();
    (2..=64).contains(&b.len())
        && b[0].is_ascii_alphabetic()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || b"/_-+".contains(c))
}

/// The zone called `name` (any letter case); None when there is no provider or it
/// does not know the name.
pub(crate) fn find(name: &str) -> Option<&'static Rules> {
    let name = name.trim();
    if !looks_like_name(name) {
        return None;
    }
    let known = |list: &[&'static Rules], n: &str| {
        list.iter()
            .copied()
            .find(|r| r.name.eq_ignore_ascii_case(n))
    };
    if let Some(r) = known(&ZONES.read().ok()?, name) {
        return Some(r);
    }
    let provider = PROVIDER.get()?;
    let canonical = (provider.canonical)(name)?;
    let mut zones = ZONES.write().ok()?;
    // An alias (`US/Eastern`) may name a zone already kept under its canonical name.
    if let Some(r) = known(&zones, &canonical) {
        return Some(r);
    }
    let rules: &'static Rules = Box::leak(Box::new(Rules {
        name: canonical,
        offsets: provider.offsets,
        blocks: RwLock::new(Vec::new()),
    }));
    zones.push(rules);
    Some(rules)
}

/// Against chrono-tz, a native dev-dependency only.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::bucket::Unit;
    use super::super::{Step, Zone, format_display, parse_timestamp};
    use super::*;
    use chrono::{Offset, TimeZone};
    use chrono_tz::Tz;

    const HOUR: i64 = 3_600_000;

    /// The tzdb's offset at `t`, by chrono-tz: the independent reference.
    fn tzdb_offset(tz: Tz, t: EpochMs) -> i32 {
        let utc = chrono::DateTime::from_timestamp_millis(t).expect("in range");
        tz.offset_from_utc_datetime(&utc.naive_utc())
            .fix()
            .local_minus_utc()
            / 60
    }

    fn tz_named(name: &str) -> Option<Tz> {
        chrono_tz::TZ_VARIANTS
            .iter()
            .copied()
            .find(|t| t.name().eq_ignore_ascii_case(name))
    }

    /// A provider over chrono-tz, built as the browser's is: sampled, then each
    /// change found to the millisecond by bisection.
    const TZDB: Provider = Provider {
        canonical: |name| tz_named(name).map(|t| t.name().to_string()),
        offsets: tzdb_offsets,
    };

    fn tzdb_offsets(
        name: &str,
        start: EpochMs,
        end: EpochMs,
    ) -> Option<(i32, Vec<(EpochMs, i32)>)> {
        let tz = tz_named(name)?;
        let mut changes = Vec::new();
        let (mut t, mut o) = (start, tzdb_offset(tz, start));
        while t < end {
            let next = (t + 6 * HOUR).min(end);
            let p = tzdb_offset(tz, next);
            if p != o {
                let (mut lo, mut hi) = (t, next);
                while hi - lo > 1 {
                    let mid = lo + (hi - lo) / 2;
                    if tzdb_offset(tz, mid) == o {
                        lo = mid
                    } else {
                        hi = mid
                    }
                }
                changes.push((hi, p));
                o = p;
            }
            t = next;
        }
        Some((tzdb_offset(tz, start), changes))
    }

    fn zone(name: &str) -> Zone {
        set_provider(TZDB);
        Zone::parse(name).expect("a zone chrono-tz knows")
    }

    fn at(s: &str) -> EpochMs {
        parse_timestamp(s, Zone::Utc).expect("a valid time")
    }

    fn wall(zone: Zone, s: &str) -> EpochMs {
        parse_timestamp(s, zone).expect("a valid time")
    }

    #[test]
    fn naive_times_in_a_gap_or_an_overlap_are_marked() {
        use crate::core::dataset::Dataset;
        use crate::core::view::present::time_note;
        let log = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/naive-log.json"
        ));
        let (mut d, _) = Dataset::from_bytes(log.as_bytes().to_vec()).unwrap();
        assert_eq!(
            (0..3).map(|r| time_note(&d, r)).collect::<Vec<_>>(),
            [None, None, None],
            "UTC has neither"
        );
        d.set_input_zone(zone("Europe/Berlin"));
        assert_eq!(time_note(&d, 0), None);
        let gap = time_note(&d, 1).expect("29 March 02:30 is in the gap");
        assert!(
            gap.starts_with("DST gap: 2026-03-29 02:30:00 does not exist in Europe/Berlin"),
            "{gap}"
        );
        assert_eq!(
            d.time(1),
            Some(at("2026-03-29T01:30:00Z")),
            "read with the offset from before: 03:30 CEST"
        );
        let overlap = time_note(&d, 2).expect("25 October 02:30 is repeated");
        assert!(
            overlap.starts_with("DST overlap: 2026-10-25 02:30:00 happened twice in Europe/Berlin"),
            "{overlap}"
        );
        assert_eq!(
            d.time(2),
            Some(at("2026-10-25T00:30:00Z")),
            "the earlier instant"
        );
    }

    #[test]
    fn browser_offsets_are_read() {
        assert_eq!(gmt_offset("12/1/2026, GMT+01:00"), Some(60));
        assert_eq!(gmt_offset("GMT-03:30"), Some(-210));
        assert_eq!(gmt_offset("1/1/1970, GMT+05:45"), Some(345));
        assert_eq!(gmt_offset("12/1/2026, GMT"), Some(0));
        assert_eq!(gmt_offset("12/1/2026, CET"), None);
        assert_eq!(gmt_offset("GMT+1:00:00"), None);
    }

    #[test]
    fn names_parse_in_any_case_and_round_trip() {
        let berlin = zone("europe/berlin");
        assert_eq!(berlin.to_param(), "Europe/Berlin");
        assert_eq!(Zone::parse("Europe/Berlin"), Some(berlin));
        assert_eq!(
            berlin.label(at("2026-07-01T00:00:00Z")),
            "Europe/Berlin (UTC+02:00)"
        );
        assert_eq!(
            berlin.label(at("2026-12-01T00:00:00Z")),
            "Europe/Berlin (UTC+01:00)"
        );
        set_provider(TZDB);
        for unknown in ["Mars/Olympus_Mons", "Europe/", "../etc", "<b>", ""] {
            assert_eq!(Zone::parse(unknown), None, "{unknown}");
        }
        // Offsets and the fixed names still mean what they did.
        assert_eq!(Zone::parse("UTC+2"), Some(Zone::Fixed(120)));
        assert_eq!(Zone::parse("utc"), Some(Zone::Utc));
    }

    #[test]
    fn offsets_match_the_tzdb_on_both_sides_of_every_change() {
        for name in [
            "Europe/Berlin",
            "America/New_York",
            "Australia/Lord_Howe",
            "Asia/Kolkata",
        ] {
            let z = zone(name);
            let tz: Tz = name.parse().expect("known");
            let Zone::Named(rules) = z else {
                panic!("named")
            };
            // Every change between 2020 and 2030, a minute and a millisecond either side.
            let changes: Vec<EpochMs> = rules
                .changes_between(at("2020-01-01T00:00:00Z"), at("2030-01-01T00:00:00Z"))
                .iter()
                .map(|c| c.0)
                .collect();
            if name != "Asia/Kolkata" {
                assert_eq!(changes.len(), 20, "{name}: two changes a year");
            }
            for t in changes {
                for d in [-60_000, -1, 0, 1, 60_000] {
                    assert_eq!(
                        z.offset_minutes_at(t + d),
                        tzdb_offset(tz, t + d),
                        "{name} {t}{d:+}"
                    );
                }
            }
            // And a sweep across the years, every 7 h 13 min.
            let mut t = at("1995-01-01T00:00:00Z");
            while t < at("2040-01-01T00:00:00Z") {
                assert_eq!(z.offset_minutes_at(t), tzdb_offset(tz, t), "{name} {t}");
                t += 7 * HOUR + 13 * 60_000;
            }
        }
    }

    #[test]
    fn the_table_shows_local_time_on_both_sides_of_the_changes() {
        let berlin = zone("Europe/Berlin");
        let show = |s: &str| format_display(at(s), berlin, true);
        assert_eq!(show("2026-03-29T00:59:59Z"), "2026-03-29 01:59:59 +01:00");
        assert_eq!(show("2026-03-29T01:00:00Z"), "2026-03-29 03:00:00 +02:00");
        assert_eq!(show("2026-10-25T00:59:59Z"), "2026-10-25 02:59:59 +02:00");
        assert_eq!(show("2026-10-25T01:00:00Z"), "2026-10-25 02:00:00 +01:00");
        let ny = zone("America/New_York");
        assert_eq!(
            format_display(at("2026-03-08T06:59:00Z"), ny, true),
            "2026-03-08 01:59:00 -05:00"
        );
        assert_eq!(
            format_display(at("2026-03-08T07:00:00Z"), ny, true),
            "2026-03-08 03:00:00 -04:00"
        );
        assert_eq!(
            format_display(at("2026-11-01T06:00:00Z"), ny, true),
            "2026-11-01 01:00:00 -05:00"
        );
        let lhi = zone("Australia/Lord_Howe");
        // Half an hour forward on the first Sunday of October at 02:00.
        assert_eq!(
            format_display(at("2026-10-03T15:29:00Z"), lhi, true),
            "2026-10-04 01:59:00 +10:30"
        );
        assert_eq!(
            format_display(at("2026-10-03T15:30:00Z"), lhi, true),
            "2026-10-04 02:30:00 +11:00"
        );
    }

    #[test]
    fn wall_clock_times_in_gaps_move_forward_and_in_overlaps_take_the_earlier_instant() {
        let berlin = zone("Europe/Berlin");
        // 02:30 does not exist on 2026-03-29: read with +01:00, it is 03:30 CEST.
        assert_eq!(
            wall(berlin, "2026-03-29 02:30:00"),
            at("2026-03-29T01:30:00Z")
        );
        // 02:30 happens twice on 2026-10-25: the first time, in CEST.
        assert_eq!(
            wall(berlin, "2026-10-25 02:30:00"),
            at("2026-10-25T00:30:00Z")
        );
        assert_eq!(
            wall(berlin, "2026-07-01 12:00:00"),
            at("2026-07-01T10:00:00Z")
        );
        let ny = zone("America/New_York");
        assert_eq!(wall(ny, "2026-03-08 02:30:00"), at("2026-03-08T07:30:00Z"));
        assert_eq!(wall(ny, "2026-11-01 01:30:00"), at("2026-11-01T05:30:00Z"));
        let lhi = zone("Australia/Lord_Howe");
        assert_eq!(wall(lhi, "2026-10-04 02:15:00"), at("2026-10-03T15:45:00Z"));
        let Zone::Named(rules) = berlin else {
            panic!("named")
        };
        let local = |s: &str| wall(Zone::Utc, s);
        assert_eq!(
            rules.offset_for_local(local("2026-03-29 02:30:00")).1,
            Resolved::Gap
        );
        assert_eq!(
            rules.offset_for_local(local("2026-10-25 02:30:00")).1,
            Resolved::Overlap
        );
        assert_eq!(
            rules.offset_for_local(local("2026-10-25 03:30:00")).1,
            Resolved::Exact
        );
        // Every wall-clock quarter hour around the changes agrees with chrono-tz's
        // reading, where there is exactly one.
        let tz: Tz = "Europe/Berlin".parse().expect("known");
        let mut l = local("2026-03-28 00:00:00");
        while l < local("2026-10-27 00:00:00") {
            let naive = chrono::DateTime::from_timestamp_millis(l)
                .expect("ok")
                .naive_utc();
            let ours = l - i64::from(berlin.offset_minutes_for_local(l)) * 60_000;
            match tz.from_local_datetime(&naive) {
                chrono::LocalResult::Single(d) => assert_eq!(ours, d.timestamp_millis()),
                chrono::LocalResult::Ambiguous(a, b) => {
                    assert_eq!(ours, a.timestamp_millis().min(b.timestamp_millis()))
                }
                chrono::LocalResult::None => {}
            }
            l += if (local("2026-03-30 00:00:00")..local("2026-10-24 00:00:00")).contains(&l) {
                24 * HOUR
            } else {
                15 * 60_000
            };
        }
    }

    #[test]
    fn day_buckets_are_local_days_of_23_and_25_hours_at_the_changes() {
        let berlin = zone("Europe/Berlin");
        let day = Step {
            unit: Unit::Day,
            count: 1,
        };
        let start = day.floor(at("2026-03-29T12:00:00Z"), berlin);
        assert_eq!(start, at("2026-03-28T23:00:00Z"));
        assert_eq!(day.next(start, berlin) - start, 23 * HOUR);
        let start = day.floor(at("2026-10-25T12:00:00Z"), berlin);
        assert_eq!(start, at("2026-10-24T22:00:00Z"));
        assert_eq!(day.next(start, berlin) - start, 25 * HOUR);
        let lhi = zone("Australia/Lord_Howe");
        let start = day.floor(at("2026-10-04T06:00:00Z"), lhi);
        assert_eq!(day.next(start, lhi) - start, 23 * HOUR + HOUR / 2);
        // An hour bucket in the repeated hour is an hour of instants, not of wall clock.
        let hour = Step {
            unit: Unit::Hour,
            count: 1,
        };
        let a = hour.floor(at("2026-10-25T00:30:00Z"), berlin);
        let b = hour.floor(at("2026-10-25T01:30:00Z"), berlin);
        assert_eq!(
            (a, b),
            (at("2026-10-25T00:00:00Z"), at("2026-10-25T01:00:00Z"))
        );
    }
}
