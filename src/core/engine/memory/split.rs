//! The split histogram in memory (see [`Split`]): the field's top values from the
//! breakdown of the view, then one pass over the view's rows counting each timed
//! row in its bar and series.
//!
//! An entry with several values in the field (an array) counts once, in the series
//! of its best-ranked top value, so the stacks of a bar add up to the bar.

use super::breakdown::breakdown;
use super::histogram::{Histogram, Locator};
use super::values::{NONE, Values};
use crate::core::dataset::{Dataset, NO_TIME};
use crate::core::engine::split::{Series, Split, TOP_SERIES};
use crate::core::query::RowSet;

/// The view's `rows` over the bars of `bars`, split by the field at `path`; `None`
/// when `path` is no column of the log.
pub(crate) fn split(ds: &Dataset, rows: &RowSet, path: &str, bars: &Histogram) -> Option<Split> {
    let top = breakdown(ds, rows, &[path.to_string()], None)?;
    let series: Vec<Series> = top
        .groups
        .iter()
        .take(TOP_SERIES)
        .map(|g| Series {
            value: g.values.first().cloned().flatten(),
            total: 0,
        })
        .collect();
    let mut values = Values::new(ds.store().leaf_at(ds.column(path)?)?);
    // The series of each value id (the last slot: no value), "other" when none.
    let other = series.len();
    let mut of_id = vec![other; values.texts.len() + 1];
    for (s, x) in series.iter().enumerate() {
        let id = match &x.value {
            Some(v) => values.texts.iter().position(|t| t == v),
            None => Some(values.texts.len()),
        };
        if let Some(id) = id {
            of_id[id] = s;
        }
    }
    let bounds = bars.bounds();
    let at = Locator::new(&bounds);
    let mut out = Split {
        path: path.to_string(),
        series,
        other: 0,
        bars: vec![vec![0; other + 1]; bars.buckets.len()],
    };
    let times = ds.times();
    let mut ids = Vec::new();
    for r in rows.iter() {
        let t = times[r as usize];
        let Some(bar) = (t != NO_TIME).then(|| at.bar(t)).flatten() else {
            continue;
        };
        values.read(r, &mut ids);
        let s = match ids.is_empty() {
            true => of_id[values.texts.len()],
            false => ids
                .iter()
                .map(|&v| {
                    of_id[if v == NONE {
                        values.texts.len()
                    } else {
                        v as usize
                    }]
                })
                .min()
                .unwrap_or(other),
        };
        out.bars[bar][s] += 1;
    }
    out.total_up();
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::engine::memory::histogram::histogram;
    use crate::core::store::Cell;
    use crate::core::store::dict::Kind;
    use crate::core::time::Zone;

    fn log(entries: &[(&str, i64)]) -> Dataset {
        let body: Vec<String> = entries
            .iter()
            .map(|(v, t)| format!(r#"{{"at":{},"type":{v}}}"#, 1_790_000_000_000 + t))
            .collect();
        Dataset::from_bytes(format!("[{}]", body.join(",")).into_bytes())
            .unwrap()
            .0
    }

    /// The reference: every row's bar and series found one at a time.
    fn reference(ds: &Dataset, rows: &RowSet, s: &Split, h: &Histogram) -> Vec<Vec<usize>> {
        let mut want = vec![vec![0; s.series.len() + 1]; h.buckets.len()];
        let store = ds.store();
        let node = ds.column(&s.path).unwrap();
        for r in rows.iter() {
            let t = ds.times()[r as usize];
            let Some(bar) = h.buckets.iter().position(|b| b.start <= t && t < b.end) else {
                continue;
            };
            let value = match store.cell(r, node) {
                Cell::Value(k, v) if k != Kind::Null => Some(v.to_string()),
                _ => None,
            };
            let series = s
                .series
                .iter()
                .position(|x| x.value == value)
                .unwrap_or(s.series.len());
            want[bar][series] += 1;
        }
        want
    }

    #[test]
    fn each_bar_is_split_by_the_top_five_values_and_other() {
        let mut entries = Vec::new();
        let hour = 3_600_000;
        for i in 0..700i64 {
            let v = match i % 10 {
                0..=3 => r#""login""#,
                4 | 5 => r#""logout""#,
                6 => r#""export""#,
                7 => r#""invite""#,
                8 => r#""mfa.off""#,
                _ => match i % 3 {
                    0 => r#""a""#,
                    1 => "null",
                    _ => r#""b""#,
                },
            };
            entries.push((v, i * hour / 7));
        }
        let ds = log(&entries);
        let all = RowSet::full(ds.len());
        let h = histogram(&ds, &all, None, None, Zone::Utc).unwrap();
        let s = split(&ds, &all, "type", &h).unwrap();
        let names: Vec<Option<&str>> = s.series.iter().map(|x| x.value.as_deref()).collect();
        assert_eq!(
            names,
            [
                Some("login"),
                Some("logout"),
                Some("export"),
                Some("invite"),
                Some("mfa.off")
            ]
        );
        assert_eq!(s.series[0].total, 280);
        assert_eq!(s.other, 70);
        assert_eq!(s.bars, reference(&ds, &all, &s, &h));
        for (i, b) in h.buckets.iter().enumerate() {
            assert_eq!(s.bar_total(i), b.count, "bar {i}");
        }
    }

    #[test]
    fn no_value_is_a_series_of_its_own_when_it_is_among_the_top() {
        let ds = log(&[("null", 1_000), (r#""x""#, 2_000), ("null", 3_000)]);
        let all = RowSet::full(ds.len());
        let h = histogram(&ds, &all, None, None, Zone::Utc).unwrap();
        let s = split(&ds, &all, "type", &h).unwrap();
        assert_eq!(s.series[0].value, None);
        assert_eq!(s.series[0].total, 2);
        assert_eq!(s.series[1].value.as_deref(), Some("x"));
        assert_eq!(s.other, 0);
    }

    #[test]
    fn an_array_counts_once_in_its_best_ranked_series() {
        let ds = log(&[
            (r#"["b","a"]"#, 1_000),
            (r#"["a"]"#, 2_000),
            (r#"["a"]"#, 3_000),
            (r#"["b"]"#, 4_000),
        ]);
        let all = RowSet::full(ds.len());
        let h = histogram(&ds, &all, None, None, Zone::Utc).unwrap();
        let s = split(&ds, &all, "type[]", &h).unwrap();
        let total: usize = (0..h.buckets.len()).map(|i| s.bar_total(i)).sum();
        assert_eq!(total, 4);
        assert_eq!(s.series[0].value.as_deref(), Some("a"));
        assert_eq!(s.series[0].total, 3);
        assert_eq!(s.series[1].total, 1);
    }

    #[test]
    fn a_field_the_log_lacks_splits_nothing() {
        let ds = log(&[(r#""x""#, 1_000)]);
        let all = RowSet::full(ds.len());
        let h = histogram(&ds, &all, None, None, Zone::Utc).unwrap();
        assert_eq!(split(&ds, &all, "nope", &h), None);
    }
}
