//! Field statistics: what one column holds among a view's entries (how many have
//! it, how many distinct values, the most frequent ones, and for numbers and times
//! the lowest, the median and the highest), the same shape from both engines.

use crate::core::engine::memory::facets::Facet;
use crate::core::time::{EpochMs, Zone};
use crate::core::view::present;

/// The lowest, median and highest of a column's values.
#[derive(Clone, Debug, PartialEq)]
pub struct Spread<T> {
    /// The lowest value.
    pub min: T,
    /// The value in the middle: of `n` sorted values the one at `n / 2` (0-based),
    /// the upper one of the two middle values when `n` is even (as ClickHouse's
    /// `quantileExact(0.5)` answers).
    pub median: T,
    /// The highest value.
    pub max: T,
}

/// What one column holds among a view's entries.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldStats {
    /// The column's key path.
    pub path: String,
    /// Entries in the view.
    pub entries: usize,
    /// Of those, the entries with a value (not missing, not `null`): its coverage.
    pub present: usize,
    /// The ten most frequent values, with the distinct count.
    pub top: Facet,
    /// For a column whose values are all numbers: their spread.
    pub numbers: Option<Spread<f64>>,
    /// For the time column: the spread of the entries' times.
    pub times: Option<Spread<EpochMs>>,
}

impl FieldStats {
    /// The statistics as (name, value) lines, times in `zone`: "With a value",
    /// "812 of 1,000 (81.2%)", and so on.
    pub fn lines(&self, zone: Zone) -> Vec<(&'static str, String)> {
        let share = match self.entries {
            0 => String::new(),
            n => format!(" ({:.1}%)", self.present as f64 * 100.0 / n as f64),
        };
        let mut lines = vec![
            ("Entries in the view", present::count(self.entries)),
            (
                "With a value",
                format!(
                    "{} of {}{share}",
                    present::count(self.present),
                    present::count(self.entries)
                ),
            ),
            ("Distinct values", present::count(self.top.distinct)),
        ];
        if let Some(n) = &self.numbers {
            lines.push(("Lowest", n.min.to_string()));
            lines.push(("Median", n.median.to_string()));
            lines.push(("Highest", n.max.to_string()));
        }
        if let Some(t) = &self.times {
            lines.push(("Earliest", present::short_time(t.min, zone)));
            lines.push(("Median", present::short_time(t.median, zone)));
            lines.push(("Latest", present::short_time(t.max, zone)));
        }
        lines
    }
}

/// How many top values the statistics list.
pub const TOP: usize = 10;

/// The spread of `values` (reordered); `None` when there are none.
pub(crate) fn spread<T: Copy + PartialOrd>(values: &mut [T]) -> Option<Spread<T>> {
    if values.is_empty() {
        return None;
    }
    let cmp = |a: &T, b: &T| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal);
    let mid = values.len() / 2;
    let (lower, median, upper) = values.select_nth_unstable_by(mid, cmp);
    let median = *median;
    let min = lower
        .iter()
        .copied()
        .fold(median, |m, v| if cmp(&v, &m).is_lt() { v } else { m });
    let max = upper
        .iter()
        .copied()
        .fold(median, |m, v| if cmp(&v, &m).is_gt() { v } else { m });
    Some(Spread { min, median, max })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lines_say_coverage_as_a_share_and_the_spread() {
        let s = FieldStats {
            path: "ms".into(),
            entries: 1000,
            present: 812,
            top: Facet {
                distinct: 7,
                ..Facet::default()
            },
            numbers: Some(Spread {
                min: -1.5,
                median: 12.0,
                max: 4000.0,
            }),
            times: None,
        };
        let lines = s.lines(Zone::Utc);
        assert_eq!(
            lines[1],
            ("With a value", "812 of 1,000 (81.2%)".to_string())
        );
        assert_eq!(lines[2], ("Distinct values", "7".to_string()));
        assert_eq!(
            &lines[3..],
            [
                ("Lowest", "-1.5".into()),
                ("Median", "12".into()),
                ("Highest", "4000".into())
            ]
        );
        let empty = FieldStats {
            entries: 0,
            present: 0,
            numbers: None,
            ..s
        };
        assert_eq!(empty.lines(Zone::Utc)[1].1, "0 of 0");
    }

    #[test]
    fn the_median_is_the_upper_middle_value_as_clickhouse_reads_it() {
        assert_eq!(spread::<i64>(&mut []), None);
        assert_eq!(
            spread(&mut [5, 1, 3]),
            Some(Spread {
                min: 1,
                median: 3,
                max: 5
            })
        );
        assert_eq!(
            spread(&mut [4.0, 1.0, 3.0, 2.0]),
            Some(Spread {
                min: 1.0,
                median: 3.0,
                max: 4.0
            })
        );
        assert_eq!(
            spread(&mut [7]),
            Some(Spread {
                min: 7,
                median: 7,
                max: 7
            })
        );
    }
}
