//! The histogram: filtered entries counted over time in calendar-aware buckets.

use crate::core::dataset::{Dataset, NO_TIME};
use crate::core::query::RowSet;
use crate::core::time::{EpochMs, Step, Zone};

/// One bar of the histogram: `[start, end)` and its count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bucket {
    /// Inclusive start.
    pub start: EpochMs,
    /// Exclusive end.
    pub end: EpochMs,
    /// Filtered rows in it.
    pub count: usize,
}

/// Counts of filtered rows over time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Histogram {
    /// The bucket size.
    pub step: Step,
    /// Consecutive buckets covering the range.
    pub buckets: Vec<Bucket>,
    /// The largest count.
    pub max: usize,
    /// Filtered rows without a readable time (not in any bucket).
    pub untimed: usize,
}

/// Histogram of `rows` over `[from, to)`; open ends take the rows' own first and
/// last times. Bucket size is chosen for about 30 to 120 bars, aligned in `zone`.
/// `None` when no filtered row has a time.
pub(crate) fn histogram(
    ds: &Dataset,
    rows: &RowSet,
    from: Option<EpochMs>,
    to: Option<EpochMs>,
    zone: Zone,
) -> Option<Histogram> {
    let times = ds.times();
    let (mut lo, mut hi) = (EpochMs::MAX, EpochMs::MIN);
    let mut untimed = 0;
    for r in rows.iter() {
        match times[r as usize] {
            NO_TIME => untimed += 1,
            t => {
                lo = lo.min(t);
                hi = hi.max(t);
            }
        }
    }
    let (step, bounds) = layout(lo, hi, from, to, zone)?;
    let times = rows
        .iter()
        .map(|r| times[r as usize])
        .filter(|&t| t != NO_TIME)
        .map(|t| (t, 1));
    Some(count_into(step, &bounds, times, untimed))
}

/// The step and bucket bounds for times spanning `[lo, hi]` shown over `[from, to)`
/// (open ends take `lo` and `hi`); `None` when there are no times (`lo > hi`).
pub(crate) fn layout(
    lo: EpochMs,
    hi: EpochMs,
    from: Option<EpochMs>,
    to: Option<EpochMs>,
    zone: Zone,
) -> Option<(Step, Vec<EpochMs>)> {
    if lo > hi {
        return None;
    }
    let start = from.unwrap_or(lo);
    let end = to.unwrap_or(hi + 1).max(start + 1);
    let step = Step::choose(start, end);
    let mut bounds = vec![step.floor(start, zone)];
    while *bounds.last()? < end && bounds.len() <= 400 {
        let next = step.next(*bounds.last()?, zone);
        bounds.push(next);
    }
    Some((step, bounds))
}

/// Finds the bar a time falls in, over bounds of about equal widths (months and
/// DST days differ a little): a time's bar is guessed from its place in the span,
/// then stepped to.
pub(crate) struct Locator<'a> {
    bounds: &'a [EpochMs],
    per_ms: f64,
}

impl<'a> Locator<'a> {
    /// Over `bounds` (ascending; fewer than two hold no bar).
    pub(crate) fn new(bounds: &'a [EpochMs]) -> Self {
        let bars = bounds.len().saturating_sub(1);
        let span = match (bounds.first(), bounds.last()) {
            (Some(a), Some(b)) => (b - a).max(1),
            _ => 1,
        };
        Locator {
            bounds,
            per_ms: bars as f64 / span as f64,
        }
    }

    /// The bar holding `t`, `None` outside the bounds.
    pub(crate) fn bar(&self, t: EpochMs) -> Option<usize> {
        let b = self.bounds;
        if b.len() < 2 || t < b[0] || t >= b[b.len() - 1] {
            return None;
        }
        let mut i = (((t - b[0]) as f64 * self.per_ms) as usize).min(b.len() - 2);
        while t < b[i] {
            i -= 1;
        }
        while t >= b[i + 1] {
            i += 1;
        }
        Some(i)
    }
}

/// The histogram of `points` (a time and how many entries have it) over `bounds`.
pub(crate) fn count_into(
    step: Step,
    bounds: &[EpochMs],
    points: impl IntoIterator<Item = (EpochMs, usize)>,
    untimed: usize,
) -> Histogram {
    let mut counts = vec![0usize; bounds.len().saturating_sub(1)];
    let at = Locator::new(bounds);
    for (t, n) in points {
        if let Some(i) = at.bar(t) {
            counts[i] += n;
        }
    }
    let buckets: Vec<Bucket> = counts
        .iter()
        .enumerate()
        .map(|(i, &count)| Bucket {
            start: bounds[i],
            end: bounds[i + 1],
            count,
        })
        .collect();
    let max = counts.iter().copied().max().unwrap_or(0);
    Histogram {
        step,
        buckets,
        max,
        untimed,
    }
}

impl Histogram {
    /// The bars' bounds: each bar's start, then the last one's end.
    pub(crate) fn bounds(&self) -> Vec<EpochMs> {
        let mut b: Vec<EpochMs> = self.buckets.iter().map(|b| b.start).collect();
        b.extend(self.buckets.last().map(|l| l.end));
        b
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::query::{FilterSpec, filter};

    fn ds() -> Dataset {
        Dataset::from_bytes(
            include_bytes!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/sample.json"
            ))
            .to_vec(),
        )
        .unwrap()
        .0
    }

    #[test]
    fn histogram_covers_every_timed_row_in_30_to_120_buckets() {
        let d = ds();
        let all = RowSet::full(d.len());
        let h = histogram(&d, &all, None, None, Zone::Utc).unwrap();
        assert!((30..=120).contains(&h.buckets.len()), "{}", h.buckets.len());
        assert_eq!(h.buckets.iter().map(|b| b.count).sum::<usize>(), 300);
        assert!(h.buckets.windows(2).all(|w| w[0].end == w[1].start));
        assert_eq!(h.max, h.buckets.iter().map(|b| b.count).max().unwrap());
    }

    #[test]
    fn histogram_spans_the_chosen_range() {
        let d = ds();
        let (from, to) = (1_790_000_000_000, 1_790_000_000_000 + 7 * 86_400_000);
        let spec = FilterSpec {
            from: Some(from),
            to: Some(to),
            ..Default::default()
        };
        let rows = filter(&d, &spec);
        let h = histogram(&d, &rows, Some(from), Some(to), Zone::Utc).unwrap();
        assert!(h.buckets[0].start <= from && h.buckets.last().unwrap().end >= to);
        assert_eq!(
            h.buckets.iter().map(|b| b.count).sum::<usize>(),
            rows.count()
        );
    }

    #[test]
    fn uneven_buckets_count_each_time_where_a_search_would() {
        // Bounds of unequal widths (as months and DST days are), and times on and
        // beside every bound.
        let bounds = [0, 10, 11, 40, 41, 42, 100, 1000];
        let times: Vec<EpochMs> = (-5..1005).collect();
        let h = count_into(
            Step::choose(0, 1000),
            &bounds,
            times.iter().map(|&t| (t, 1)),
            0,
        );
        let want: Vec<usize> = bounds.windows(2).map(|b| (b[1] - b[0]) as usize).collect();
        let got: Vec<usize> = h.buckets.iter().map(|b| b.count).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn no_times_no_histogram() {
        let d = Dataset::from_bytes(br#"[{"a":1}]"#.to_vec()).unwrap().0;
        assert_eq!(histogram(&d, &RowSet::full(1), None, None, Zone::Utc), None);
    }
}
