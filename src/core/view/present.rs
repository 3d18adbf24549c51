//! Text the interface shows, computed purely: counts, sizes, the status line,
//! range labels and table cells. Kept here so it is tested natively.

use crate::core::dataset::Dataset;
use crate::core::engine::split::Split;
use crate::core::query::{PageInfo, Preset, Range};
use crate::core::roles::Role;
use crate::core::roles::badge::{self, Badge};
use crate::core::store::dict::Kind;
use crate::core::store::{Cell, NodeId, Row};
use crate::core::time::{self, EpochMs, Zone};

/// `3412` -> `3,412`.
pub(crate) fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1 entry`, `3,412 entries`: a count with its noun in the right number.
pub(crate) fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

/// What a screen reader hears once the rows settle after a filter changes:
/// `412 entries match`, `1 entry matches`, `No entries match`.
pub(crate) fn matching(n: usize) -> String {
    match n {
        0 => "No entries match".to_string(),
        1 => "1 entry matches".to_string(),
        n => format!("{} match", counted(n, "entry", "entries")),
    }
}

/// A wait for people: `500 ms`, `2 s`, `1 min 5 s`.
pub(crate) fn duration_ms(ms: u64) -> String {
    match ms {
        0..1000 => format!("{ms} ms"),
        1000..60_000 => format!("{} s", ms.div_ceil(1000)),
        _ => format!("{} min {} s", ms / 60_000, ms % 60_000 / 1000),
    }
}

/// `41090051` -> `41.1 MB`.
pub(crate) fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if n < 1000 {
        return format!("{n} B");
    }
    let mut v = n as f64 / 1000.0;
    let mut unit = 0;
    while v >= 1000.0 && unit < UNITS.len() - 1 {
        v /= 1000.0;
        unit += 1;
    }
    format!("{v:.1} {}", UNITS[unit])
}

/// `Showing 51–100 of 3,412 (filtered from 100,000)`.
pub(crate) fn status_line(page: &PageInfo, total: usize) -> String {
    let shown = if page.total == 0 {
        "No entries".to_string()
    } else {
        format!(
            "Showing {}–{} of {}",
            count(page.start + 1),
            count(page.end),
            count(page.total)
        )
    };
    if page.total == total {
        shown
    } else {
        format!("{shown} (filtered from {})", count(total))
    }
}

/// An instant in `zone` to the minute, with seconds only when they are not zero:
/// `2026-10-01 00:00`, `2026-10-01 12:30:15`.
pub(crate) fn short_time(ms: EpochMs, zone: Zone) -> String {
    let s = time::format_display(ms, zone, false);
    s.strip_suffix(":00").map_or(s.clone(), str::to_string)
}

/// A span of time in `zone`: `2026-10-31 10:00 – 2026-10-31 11:00`.
pub(crate) fn span(start: EpochMs, end: EpochMs, zone: Zone) -> String {
    format!("{} – {}", short_time(start, zone), short_time(end, zone))
}

/// A histogram bar `[start, end)` of `count` entries, as it is shown on hover and
/// named for screen readers: `2026-10-31 10:00 – 2026-10-31 11:00: 3 entries`;
/// `(not loaded)` or `(partly not loaded)` when it falls in `gap`, the span a
/// partial log does not cover, so a bar there never reads as no events.
pub(crate) fn bar_label(
    start: EpochMs,
    end: EpochMs,
    count: usize,
    zone: Zone,
    gap: Option<(EpochMs, EpochMs)>,
) -> String {
    let note = match gap {
        Some((a, b)) if a <= start && end <= b => " (not loaded)",
        Some((a, b)) if start < b && a < end => " (partly not loaded)",
        _ => "",
    };
    format!(
        "{}: {}{note}",
        span(start, end, zone),
        counted(count, "entry", "entries")
    )
}

/// What bar `i` of `split` holds, series by series as the legend names them,
/// those with no entry left out: `login 80, logout 20, other 20`.
pub(crate) fn split_parts(split: &Split, i: usize) -> String {
    let Some(bar) = split.bars.get(i) else {
        return String::new();
    };
    let parts: Vec<String> = bar
        .iter()
        .enumerate()
        .filter(|&(_, &n)| n > 0)
        .map(|(s, &n)| format!("{} {}", series_name(split, s), count(n)))
        .collect();
    parts.join(", ")
}

/// A split's series named for a legend: its value, `(no value)` or `other`.
pub(crate) fn series_name(split: &Split, s: usize) -> String {
    match split.series.get(s) {
        Some(x) => x.value.clone().unwrap_or_else(|| NO_VALUE.into()),
        None => OTHER.into(),
    }
}

/// How a split names entries without a value.
const NO_VALUE: &str = "(no value)";
/// How a split names the entries of no top value.
const OTHER: &str = "other";

/// A short name for the time range: `Last 7 days`, `All time`,
/// `2026-10-01 00:00 to 2026-11-01 00:00` (in `zone`).
pub(crate) fn range_label(range: &Range, zone: Zone) -> String {
    let t = |ms: EpochMs| short_time(ms, zone);
    match range {
        Range::All => "All time".into(),
        Range::Last(p) => p.label().into(),
        Range::Custom {
            from: Some(f),
            to: Some(to),
        } => format!("{} to {}", t(*f), t(*to)),
        Range::Custom {
            from: Some(f),
            to: None,
        } => format!("since {}", t(*f)),
        Range::Custom {
            from: None,
            to: Some(to),
        } => format!("until {}", t(*to)),
        Range::Custom {
            from: None,
            to: None,
        } => "All time".into(),
    }
}

/// The preset a range is, if any (for pressed buttons).
pub(crate) fn preset_of(range: &Range) -> Option<Preset> {
    match range {
        Range::Last(p) => Some(*p),
        _ => None,
    }
}

/// The text of a table cell: event times to the second in `zone`, nested values as
/// compact JSON, arrays of values joined with commas, missing values empty.
pub(crate) fn cell(ds: &Dataset, row: Row, col: NodeId, zone: Zone) -> String {
    if ds.role(Role::Time) == Some(col)
        && let Some(t) = ds.time(row)
    {
        return time::format_display(t, zone, false);
    }
    match ds.store().cell(row, col) {
        Cell::Missing | Cell::Value(Kind::Null, _) => String::new(),
        c => c.text().into_owned(),
    }
}

/// The badge of a severity or outcome cell (`None` for other columns and for values
/// that mean nothing known).
pub(crate) fn badge(ds: &Dataset, row: Row, col: NodeId) -> Option<Badge> {
    let role = ds.roles().role_of(col)?;
    if !matches!(role, Role::Severity | Role::Outcome) {
        return None;
    }
    let Cell::Value(kind, text) = ds.store().cell(row, col) else {
        return None;
    };
    value_badge(ds, col, text, kind)
}

/// The badge of value `text` (of `kind`) in column `col`, if `col` holds severity or outcome.
pub(crate) fn value_badge(ds: &Dataset, col: NodeId, text: &str, kind: Kind) -> Option<Badge> {
    match ds.roles().role_of(col)? {
        Role::Severity => badge::level(text, kind).map(Badge::Level),
        Role::Outcome => badge::outcome(&ds.store().node(col).name, text, kind).map(Badge::Outcome),
        _ => None,
    }
}

/// A note when entry `row`'s time was logged without an offset and fell in a gap or
/// an overlap of the zone it is read in (the rule: see [`time::Resolved`]).
pub(crate) fn time_note(ds: &Dataset, row: Row) -> Option<String> {
    let col = ds.role(Role::Time)?;
    let Cell::Value(Kind::Str, text) = ds.store().cell(row, col) else {
        return None;
    };
    let zone = ds.input_zone();
    let (_, how) = zone.resolve_local(time::wall_clock(text)?);
    let name = zone.name(0);
    match how {
        time::Resolved::Exact => None,
        time::Resolved::Gap => Some(format!(
            "DST gap: {text} does not exist in {name} (the clocks went forward); read as the time after the change"
        )),
        time::Resolved::Overlap => Some(format!(
            "DST overlap: {text} happened twice in {name} (the clocks went back); read as the earlier one"
        )),
    }
}

/// How long ago `t` was at `now`, in words: "just now", "5 minutes ago", "3 hours
/// ago", "2 days ago", "4 months ago", "2 years ago" ("in 3 days" for the future).
pub(crate) fn relative(t: EpochMs, now: EpochMs) -> String {
    let ago = now.saturating_sub(t);
    let s = ago.unsigned_abs() / 1000;
    let (n, unit) = match s {
        0..45 => return "just now".into(),
        45..5_400 => (s.div_ceil(60).max(1), "minute"),
        5_400..129_600 => ((s + 1_800) / 3_600, "hour"),
        129_600..3_888_000 => ((s + 43_200) / 86_400, "day"),
        3_888_000..47_340_000 => ((s + 1_314_900) / 2_629_800, "month"),
        _ => ((s + 15_778_800) / 31_557_600, "year"),
    };
    let plural = if n == 1 { "" } else { "s" };
    if ago >= 0 {
        format!("{n} {unit}{plural} ago")
    } else {
        format!("in {n} {unit}{plural}")
    }
}

/// Every clock of one time, for a hover and the entry panel: in `zone` with its
/// offset (and the zone's name), in UTC, and relative to `now`.
pub(crate) fn clocks(t: EpochMs, zone: Zone, now: EpochMs) -> Vec<String> {
    let mut out = vec![format!(
        "{} ({})",
        time::format_display(t, zone, true),
        zone.name(t)
    )];
    if zone != Zone::Utc {
        out.push(format!("{} UTC", time::format_display(t, Zone::Utc, false)));
    }
    out.push(relative(t, now));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_split_bar_names_its_series_with_entries() {
        use crate::core::engine::split::Series;
        let split = Split {
            path: "type".into(),
            series: vec![
                Series {
                    value: Some("login".into()),
                    total: 1200,
                },
                Series {
                    value: None,
                    total: 3,
                },
            ],
            other: 5,
            bars: vec![vec![1200, 0, 5]],
        };
        assert_eq!(split_parts(&split, 0), "login 1,200, other 5");
        assert_eq!(series_name(&split, 1), "(no value)");
        assert_eq!(split_parts(&split, 4), "");
    }
    use crate::core::query::paginate;

    #[test]
    fn a_bar_says_its_span_and_count_and_whether_it_was_loaded() {
        let h = 3_600_000;
        let t0 = 1_793_426_400_000; // 2026-10-31 06:00 UTC
        assert_eq!(
            bar_label(t0, t0 + h, 1, Zone::Utc, None),
            "2026-10-31 06:00 – 2026-10-31 07:00: 1 entry"
        );
        assert_eq!(
            bar_label(t0, t0 + h, 1200, Zone::Fixed(60), None),
            "2026-10-31 07:00 – 2026-10-31 08:00: 1,200 entries"
        );
        // The log covers nothing before t0 + 90 minutes.
        let gap = Some((t0 - 5 * h, t0 + h + h / 2));
        assert_eq!(
            bar_label(t0, t0 + h, 0, Zone::Utc, gap),
            "2026-10-31 06:00 – 2026-10-31 07:00: 0 entries (not loaded)"
        );
        assert_eq!(
            bar_label(t0 + h, t0 + 2 * h, 2, Zone::Utc, gap),
            "2026-10-31 07:00 – 2026-10-31 08:00: 2 entries (partly not loaded)"
        );
        assert_eq!(
            bar_label(t0 + 2 * h, t0 + 3 * h, 2, Zone::Utc, gap),
            "2026-10-31 08:00 – 2026-10-31 09:00: 2 entries"
        );
    }

    #[test]
    fn matching_counts_read_as_a_sentence() {
        assert_eq!(matching(0), "No entries match");
        assert_eq!(matching(1), "1 entry matches");
        assert_eq!(matching(2), "2 entries match");
        assert_eq!(matching(3412), "3,412 entries match");
    }

    #[test]
    fn relative_times_read_as_words() {
        let now = 1_796_000_000_000;
        let ago = |s: i64| relative(now - s * 1000, now);
        assert_eq!(ago(0), "just now");
        assert_eq!(ago(44), "just now");
        assert_eq!(ago(60), "1 minute ago");
        assert_eq!(ago(5 * 60), "5 minutes ago");
        assert_eq!(ago(3 * 3600), "3 hours ago");
        assert_eq!(ago(2 * 86_400), "2 days ago");
        assert_eq!(ago(100 * 86_400), "3 months ago");
        assert_eq!(ago(800 * 86_400), "2 years ago");
        assert_eq!(ago(-3 * 86_400), "in 3 days");
    }

    #[test]
    fn a_time_has_its_zone_utc_and_relative_clocks() {
        let t = 1_774_746_000_000; // 2026-03-29T01:00:00Z
        let now = t + 3 * 3_600_000;
        assert_eq!(
            clocks(t, Zone::Fixed(120), now),
            [
                "2026-03-29 03:00:00 +02:00 (UTC+02:00)",
                "2026-03-29 01:00:00 UTC",
                "3 hours ago"
            ]
        );
        assert_eq!(
            clocks(t, Zone::Utc, now),
            ["2026-03-29 01:00:00 +00:00 (UTC)", "3 hours ago"]
        );
    }

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(3412), "3,412");
        assert_eq!(count(1_000_000), "1,000,000");
    }

    #[test]
    fn byte_sizes_read_well() {
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(41_090_051), "41.1 MB");
        assert_eq!(bytes(411_654_434), "411.7 MB");
    }

    #[test]
    fn status_line_matches_the_issue_wording() {
        let p = paginate(3412, 1, 50);
        assert_eq!(
            status_line(&p, 100_000),
            "Showing 51–100 of 3,412 (filtered from 100,000)"
        );
        assert_eq!(status_line(&paginate(20, 0, 50), 20), "Showing 1–20 of 20");
        assert_eq!(
            status_line(&paginate(0, 0, 50), 20),
            "No entries (filtered from 20)"
        );
    }

    #[test]
    fn range_labels() {
        assert_eq!(
            range_label(&Range::Last(Preset::Week), Zone::Utc),
            "Last 7 days"
        );
        let r = Range::Custom {
            from: Some(1_790_000_000_000),
            to: Some(1_790_086_400_000),
        };
        assert_eq!(
            range_label(&r, Zone::Utc),
            "2026-09-21 14:13:20 to 2026-09-22 14:13:20"
        );
        let day = Range::Custom {
            from: Some(1_767_225_600_000),
            to: None,
        };
        assert_eq!(range_label(&day, Zone::Utc), "since 2026-01-01 00:00");
    }

    #[test]
    fn cells_show_times_in_the_zone_and_json_compactly() {
        let ds = Dataset::from_bytes(
            br#"[{"t":"2026-01-01T10:00:00Z","d":{"a": 1},"n":null}]"#.to_vec(),
        )
        .unwrap()
        .0;
        let t = ds.column("t").unwrap();
        assert_eq!(cell(&ds, 0, t, Zone::Fixed(60)), "2026-01-01 11:00:00");
        assert_eq!(
            cell(&ds, 0, ds.column("d").unwrap(), Zone::Utc),
            r#"{"a":1}"#
        );
        assert_eq!(
            cell(&ds, 0, ds.column("n").unwrap(), Zone::Utc),
            "",
            "null shows as no value"
        );
    }
}
