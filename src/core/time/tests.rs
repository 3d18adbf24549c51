//! Tests of the time module, against chrono's calendar and parser as references.

use super::bucket::Unit::{Day, Hour, Minute, Month, Second, Week};
use super::bucket::ladder;
use super::civil::*;
use super::zone::*;
use super::*;
use chrono::{DateTime, FixedOffset};
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
fn parses_rfc2822_as_chrono_does() {
    let cases = [
        "Tue, 01 Dec 2026 20:09:38 +0000",
        "Tue, 1 Dec 2026 20:09:38 -0500",
        "1 Dec 2026 20:09:38 +0130",
        "Sun, 29 Mar 2026 01:59:59 GMT",
        "Sun, 29 Mar 2026 01:59:59 UT",
        "sun, 29 mar 2026 01:59 EST",
        "Tue, 29 Feb 2028 23:00:00 PDT",
        "Thu, 01 Jan 70 00:00:00 +0000",
        "Fri, 31 Dec 49 12:00:00 CST",
    ];
    for s in cases {
        let want = DateTime::parse_from_rfc2822(s).expect(s).timestamp_millis();
        assert_eq!(parse(s), Some(want), "{s}");
    }
}

#[test]
fn rfc2822_without_a_zone_is_naive_and_bad_ones_are_rejected() {
    assert_eq!(
        parse_timestamp("1 Dec 2026 20:09:38", Zone::Fixed(60)),
        Some(iso("2026-12-01T19:09:38Z"))
    );
    for s in [
        "Tue, 31 Feb 2026 10:00:00 +0000",
        "Xyz, 01 Dec 2026 10:00:00 +0000",
        "01 Dek 2026 10:00:00 +0000",
        "01 Dec 2026 24:00:00 +0000",
        "01 Dec 2026 10:00:00 +0000 extra",
        "01 Dec 2026 10:00:00 CET",
        "01 Dec 12026 10:00:00 +0000",
        "Tue, 01 Dec 2026",
        "Tuesday",
    ] {
        assert_eq!(parse(s), None, "{s}");
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
    // (Names such as GMT or Europe/Berlin are zones when a provider knows them: see named.)
    let bad = "02:00 +18:01 +19 -23:59 +5:3 +530 +05:60 UTC+ utc+2x lokal Mars/Olympus
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
        "Tue, 01 Dec 2026 20:09:38 +0000",
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
