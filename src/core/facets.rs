//! Summaries of the filtered rows: top values of a column, and counts over time.

use crate::core::dataset::{Dataset, NO_TIME};
use crate::core::dict::Kind;
use crate::core::query::RowSet;
use crate::core::store::NodeId;
use crate::core::time::{EpochMs, Step, Zone};
use std::collections::HashMap;

/// One value of a column with how many filtered rows have it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetValue {
    /// The value as shown.
    pub value: String,
    /// Rows with it.
    pub count: usize,
}

/// The top values of one column under the current filters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facet {
    /// Most frequent first (ties alphabetical).
    pub values: Vec<FacetValue>,
    /// Distinct values among the filtered rows.
    pub distinct: usize,
    /// Filtered rows without a value.
    pub missing: usize,
}

/// The `k` most frequent values of column `node` among `rows`.
pub fn top_values(ds: &Dataset, rows: &RowSet, node: NodeId, k: usize) -> Facet {
    let store = ds.store();
    let Some(leaf) = store.leaf_at(node) else {
        return Facet::default();
    };
    let dict = &leaf.dict;
    let mut with_value = RowSet::empty(store.len());
    let mut counted: Vec<(usize, String)> = if dict.is_unique() {
        let mut by_text: HashMap<&str, usize> = HashMap::new();
        for (i, &c) in leaf.codes().iter().enumerate() {
            let r = leaf.row_at(i);
            if rows.contains(r) && dict.kind(c) != Kind::Null {
                *by_text.entry(dict.text(c)).or_default() += 1;
                with_value.insert(r);
            }
        }
        by_text
            .into_iter()
            .map(|(t, n)| (n, t.to_string()))
            .collect()
    } else {
        let mut counts = vec![0usize; dict.len()];
        for (i, &c) in leaf.codes().iter().enumerate() {
            let r = leaf.row_at(i);
            if rows.contains(r) && dict.kind(c) != Kind::Null {
                counts[c as usize] += 1;
                with_value.insert(r);
            }
        }
        counts
            .iter()
            .enumerate()
            .filter(|&(_, &n)| n > 0)
            .map(|(c, &n)| (n, dict.text(c as u32).to_string()))
            .collect()
    };
    let distinct = counted.len();
    counted.sort_unstable_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    counted.truncate(k);
    with_value.and(rows);
    Facet {
        values: counted
            .into_iter()
            .map(|(count, value)| FacetValue { value, count })
            .collect(),
        distinct,
        missing: rows.count() - with_value.count(),
    }
}

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
pub fn histogram(
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
    let mut counts = vec![0usize; bounds.len() - 1];
    for r in rows.iter() {
        let t = times[r as usize];
        if t == NO_TIME || t < bounds[0] || t >= *bounds.last()? {
            continue;
        }
        let i = bounds.partition_point(|&b| b <= t) - 1;
        counts[i] += 1;
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
    Some(Histogram {
        step,
        buckets,
        max,
        untimed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::query::{FilterSpec, filter};

    fn ds() -> Dataset {
        Dataset::from_bytes(include_bytes!("../../tests/fixtures/sample.json").to_vec())
            .unwrap()
            .0
    }

    #[test]
    fn top_values_count_filtered_rows_most_frequent_first() {
        let d = ds();
        let all = RowSet::full(d.len());
        let f = top_values(&d, &all, d.column("category").unwrap(), 3);
        assert_eq!(f.values.len(), 3);
        assert!(f.values.windows(2).all(|w| w[0].count >= w[1].count));
        let total: usize = top_values(&d, &all, d.column("category").unwrap(), 99)
            .values
            .iter()
            .map(|v| v.count)
            .sum();
        assert_eq!(total, 300);
        let spec = FilterSpec {
            filters: vec![("category".into(), "=billing".into())],
            ..Default::default()
        };
        let rows = filter(&d, &spec);
        let f = top_values(&d, &rows, d.column("category").unwrap(), 5);
        assert_eq!(
            f.values,
            [FacetValue {
                value: "billing".into(),
                count: rows.count()
            }]
        );
    }

    #[test]
    fn missing_and_null_values_are_counted_apart() {
        let d = ds();
        let all = RowSet::full(d.len());
        let f = top_values(&d, &all, d.column("appName").unwrap(), 50);
        let named: usize = f.values.iter().map(|v| v.count).sum();
        assert_eq!(named + f.missing, 300);
        assert!(f.missing > 0, "studio events have appName null");
    }

    #[test]
    fn unique_columns_still_count_by_value() {
        let text: String = format!(
            "[{}]",
            (0..9000)
                .map(|i| format!(r#"{{"ip":"10.0.{}.{}"}}"#, i / 250, i % 250 + (i % 2)))
                .collect::<Vec<_>>()
                .join(",")
        );
        let d = Dataset::from_bytes(text.into_bytes()).unwrap().0;
        let f = top_values(&d, &RowSet::full(d.len()), d.column("ip").unwrap(), 1);
        assert_eq!(f.values[0].count, 2);
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
    fn no_times_no_histogram() {
        let d = Dataset::from_bytes(br#"[{"a":1}]"#.to_vec()).unwrap().0;
        assert_eq!(histogram(&d, &RowSet::full(1), None, None, Zone::Utc), None);
    }
}
