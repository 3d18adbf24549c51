//! The view's overview in one scan: its total, time span, the top values of each
//! facet and, when the bars' buckets are known beforehand, the histogram.
//!
//! Each matching row is unrolled (`ARRAY JOIN`) into one string per facet and one
//! for the histogram, each behind a one-letter tag, and the strings are counted;
//! the tags then split the counts again. A search over the raw JSON is read once,
//! not once for the total, once per facet and once for the histogram, and one
//! string key groups faster than a tuple of tag and value.
//!
//! With a redaction, a facet counts its column's masked text (a column a field rule
//! covers is one value, `••• redacted`); each value read back is masked once more
//! as the redaction masks one value, and values that then read the same are one.

use crate::core::engine::clickhouse::answer::{Compact, number, text_of};
use crate::core::engine::clickhouse::plan::{Planner, Summary};
use crate::core::engine::clickhouse::sql::{Sql, ident};
use crate::core::engine::memory::facets::{Facet, FacetValue};
use crate::core::json::path::child;
use crate::core::query::filter::FilterSpec;
use crate::core::time::EpochMs;
use serde_json::Value;

/// The tag of the histogram's buckets.
const BUCKETS: char = 'Y';
/// The tag of rows without a time, which no bucket counts.
const UNTIMED: char = 'X';
/// The tag of the row itself, when there is no facet to count rows by.
const ROW: char = 'Z';
/// Facets one query can tag (two lower-case letters each).
const MAX_FACETS: usize = 13;

/// The tags of facet `i`'s values and of its rows without one.
fn facet_tags(i: usize) -> (char, char) {
    let letter = |n: usize| char::from(b'a' + n as u8);
    (letter(2 * i), letter(2 * i + 1))
}

/// What [`Planner::stats`] answers.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Stats {
    /// Total, time span and rows without a time.
    pub summary: Summary,
    /// Per facet column asked for, in that order.
    pub facets: Vec<Facet>,
    /// The histogram's fine buckets (start in ms, rows), when they were asked for.
    pub buckets: Option<Vec<(EpochMs, usize)>>,
    /// The kinds of event, when they were asked for.
    pub kinds: Option<Facet>,
}

impl Planner {
    /// The view's total and span, the `k` most frequent values of each of `facets`
    /// (column indexes, at most 13; most first, ties by text) with their distinct
    /// and missing counts, and the rows per `buckets` (a [`Planner::bucket_key`]).
    #[cfg(all(test, not(target_arch = "wasm32")))]
    pub(crate) fn stats(
        &self,
        spec: &FilterSpec,
        facets: &[usize],
        k: usize,
        buckets: Option<&str>,
    ) -> Sql {
        self.stats_with_kinds(spec, facets, None, k, buckets)
    }

    /// [`Self::stats`], with the kinds of event counted as one facet more when
    /// `kinds` is their expression ([`super::kind_sql::kind_expr`]).
    pub(crate) fn stats_with_kinds(
        &self,
        spec: &FilterSpec,
        facets: &[usize],
        kinds: Option<&str>,
        k: usize,
        buckets: Option<&str>,
    ) -> Sql {
        let facets = &facets[..facets.len().min(MAX_FACETS - 1)];
        let time = self.time_col().map(|c| (ident(&c.name), c.nullable));
        let mut tags: Vec<String> = facets
            .iter()
            .enumerate()
            .map(|(i, &col)| {
                let c = &self.schema().columns[col];
                let (value, none) = facet_tags(i);
                tagged(value, none, &self.text(col), c.nullable)
            })
            .collect();
        if let Some(e) = kinds {
            let (value, none) = facet_tags(facets.len());
            tags.push(tagged(value, none, e, true));
        }
        if let (Some(key), Some((_, nullable))) = (buckets, &time) {
            tags.push(tagged(BUCKETS, UNTIMED, key, *nullable));
        }
        if facets.is_empty() && kinds.is_none() {
            tags.push(format!("'{ROW}'"));
        }
        let (lo, hi, untimed) = match &time {
            Some((t, nullable)) => (
                format!("min({t})"),
                format!("max({t})"),
                match nullable {
                    true => format!("countIf(isNull({t}))"),
                    false => "0".into(),
                },
            ),
            None => (
                "toDateTime(0)".into(),
                "toDateTime(0)".into(),
                "count()".into(),
            ),
        };
        let mut q = self.sql();
        q.push(&format!(
            "SELECT substring(kv, 1, 1) AS t, sum(n), toUInt32(min(lo)), toUInt32(max(hi)), \
             sum(u), count(), arraySlice(arraySort(x -> (-x.2, x.1), \
             groupArray((substring(kv, 2), n))), 1, if(t = '{BUCKETS}', 1000000, "
        ))
        .int(k as i64)
        .push(&format!(
            ")) FROM (SELECT kv, count() AS n, {lo} AS lo, {hi} AS hi, {untimed} AS u FROM "
        ))
        .push(self.table_sql());
        q.push(&format!(" ARRAY JOIN [{}] AS kv", tags.join(", ")));
        self.push_where(&mut q, spec);
        q.push(" GROUP BY kv) GROUP BY t ORDER BY t FORMAT JSONCompact");
        q
    }

    /// Reads a [`Self::stats`] answer for the facet columns `cols`.
    #[cfg(all(test, not(target_arch = "wasm32")))]
    pub(crate) fn read_stats(&self, a: &Compact, cols: &[usize]) -> Stats {
        self.read_stats_with_kinds(a, cols, false)
    }

    /// Reads a [`Self::stats_with_kinds`] answer; with `kinds`, its last facet.
    pub(crate) fn read_stats_with_kinds(&self, a: &Compact, cols: &[usize], kinds: bool) -> Stats {
        let cols = &cols[..cols.len().min(MAX_FACETS - 1)];
        let facets = cols.len() + usize::from(kinds);
        let row = |t: char| {
            let t = t.to_string();
            a.data
                .iter()
                .position(|r| r.first().and_then(Value::as_str) == Some(t.as_str()))
        };
        let count = |r: Option<usize>, col: usize| r.map_or(0, |r| a.count(r, col));
        // Each row has a value or none in every facet: facet 0's two tags count them all.
        let rows = match facets {
            0 => vec![row(ROW)],
            _ => {
                let (value, none) = facet_tags(0);
                vec![row(value), row(none)]
            }
        };
        let total: u64 = rows.iter().map(|&r| count(r, 1)).sum();
        let untimed: u64 = rows.iter().map(|&r| count(r, 4)).sum();
        let timed = || {
            rows.iter()
                .flatten()
                .filter(|&&r| a.count(r, 1) > a.count(r, 4))
        };
        let lo = timed().map(|&r| a.count(r, 2)).min().unwrap_or(0);
        let hi = timed().map(|&r| a.count(r, 3)).max().unwrap_or(0);
        let summary = Summary {
            total: total as usize,
            span: (self.time_col().is_some() && total > untimed)
                .then_some((lo as i64 * 1000, hi as i64 * 1000)),
            untimed: untimed as usize,
        };
        let kinds = kinds.then(|| {
            let (value, none) = facet_tags(cols.len());
            let r = row(value);
            let values: Vec<FacetValue> = r
                .into_iter()
                .flat_map(|r| top(&a.data[r]))
                .map(|(value, count)| FacetValue {
                    value: text_of(value),
                    count,
                })
                .collect();
            Facet {
                distinct: count(r, 5) as usize,
                values,
                missing: count(row(none), 1) as usize,
            }
        });
        let facets = cols
            .iter()
            .enumerate()
            .map(|(i, &col)| {
                let (value, none) = facet_tags(i);
                let r = row(value);
                let path = child("", &self.schema().columns[col].name);
                let values: Vec<(String, usize)> = r
                    .into_iter()
                    .flat_map(|r| top(&a.data[r]))
                    .map(|(value, count)| (text_of(value), count))
                    .collect();
                let read = values.len();
                let values = self.masked_values(&path, values);
                Facet {
                    distinct: (count(r, 5) as usize).saturating_sub(read - values.len()),
                    values,
                    missing: count(row(none), 1) as usize,
                }
            })
            .collect();
        let buckets = row(BUCKETS).map(|r| {
            top(&a.data[r])
                .map(|(v, n)| (number(v).unwrap_or(0.0) as i64 * 1000, n))
                .collect()
        });
        Stats {
            summary,
            facets,
            buckets,
            kinds,
        }
    }
}

impl Planner {
    /// Facet values of `path` as the redaction masks one value, those that then read
    /// the same as one (their rows summed), most first, ties by text.
    fn masked_values(&self, path: &str, values: Vec<(String, usize)>) -> Vec<FacetValue> {
        let r = self.redaction();
        if r.is_empty() {
            return values
                .into_iter()
                .map(|(value, count)| FacetValue { value, count })
                .collect();
        }
        let mut out: Vec<FacetValue> = Vec::with_capacity(values.len());
        for (v, count) in values {
            let value = r.mask_value(path, &v).into_owned();
            match out.iter_mut().find(|x| x.value == value) {
                Some(x) => x.count += count,
                None => out.push(FacetValue { value, count }),
            }
        }
        out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        out
    }
}

/// A row's `expr` as text behind tag `value`, or tag `none` alone when it is NULL.
fn tagged(value: char, none: char, expr: &str, nullable: bool) -> String {
    if nullable {
        format!("ifNull(concat('{value}', toString({expr})), '{none}')")
    } else {
        format!("concat('{value}', toString({expr}))")
    }
}

/// The (value, rows) pairs of a tag's row.
fn top(row: &[Value]) -> impl Iterator<Item = (&Value, usize)> {
    let pairs = match row.get(6) {
        Some(Value::Array(p)) => p.as_slice(),
        _ => &[],
    };
    pairs.iter().filter_map(|p| match p {
        Value::Array(vn) if vn.len() == 2 => {
            Some((&vn[0], number(&vn[1]).unwrap_or(0.0).max(0.0) as usize))
        }
        _ => None,
    })
}
