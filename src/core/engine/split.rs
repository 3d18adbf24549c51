//! The histogram split by a field (`split=` in the URL): each bar stacked by the
//! field's top values in the view, plus one "other" series for the rest. Every
//! entry counts in exactly one series, so a bar's stacks add up to the bar. The
//! same shape from both engines, over the bars the histogram already drew.

/// Values shown as series at most; the rest are "other".
pub const TOP_SERIES: usize = 5;

/// One series: entries whose field reads `value` (`None`: no value, missing or
/// `null`), or the entries of no top value when it is [`Split::other`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Series {
    /// The value; `None` for the entries without one.
    pub value: Option<String>,
    /// Entries of the view in this series, over every bar.
    pub total: usize,
}

/// The bars split by the field at `path`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Split {
    /// The field's key path.
    pub path: String,
    /// The top values, most entries first (ties: by value, no value last).
    pub series: Vec<Series>,
    /// The entries in none of `series` (zero when there are none).
    pub other: usize,
    /// Per bar, the entries of each series, then of "other" (`series.len() + 1`
    /// counts a bar).
    pub bars: Vec<Vec<usize>>,
}

impl Split {
    /// Sets each series' total and the other entries from the bars.
    pub(crate) fn total_up(&mut self) {
        for x in &mut self.series {
            x.total = 0;
        }
        self.other = 0;
        for b in &self.bars {
            for (s, n) in b.iter().enumerate() {
                match self.series.get_mut(s) {
                    Some(x) => x.total += n,
                    None => self.other += n,
                }
            }
        }
    }

    /// The entries in bar `i`, all series together (0 past the last bar).
    pub fn bar_total(&self, i: usize) -> usize {
        self.bars.get(i).map_or(0, |b| b.iter().sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_totals_its_series_and_other() {
        let s = Split {
            path: "type".into(),
            series: vec![Series {
                value: Some("a".into()),
                total: 3,
            }],
            other: 2,
            bars: vec![vec![1, 2], vec![2, 0]],
        };
        assert_eq!(s.bar_total(0), 3);
        assert_eq!(s.bar_total(1), 2);
        assert_eq!(s.bar_total(9), 0);
    }
}
