//! The split histogram on the table ([`Split`]), in two steps: the breakdown's top
//! query by the field ([`Grouping`]) names the top values, then one query counts
//! the view's timed rows per fine bucket and series (`multiIf` on the group key:
//! each row in exactly one series, the rest as "other"), summed into the bars the
//! histogram drew exactly as the histogram's own counts are. Only what a breakdown
//! can group is split: a plain column, not the raw JSON, an array or a column
//! masked whole.

use super::answer::{Compact, number};
use super::breakdown::Grouping;
use super::fault::{Fault, QueryError};
use super::plan::Planner;
use super::query::{Purpose, Query};
use super::reading::Reading;
use super::settings::Settings;
use super::sql::{Sql, ident};
use crate::core::engine::memory::histogram::{Histogram, Locator};
use crate::core::engine::split::{Series, Split, TOP_SERIES};
use crate::core::query::FilterSpec;
use crate::core::time::{EpochMs, Zone};

/// The view split on the table: its queries and how to read their answers.
#[derive(Clone, Debug)]
pub(crate) struct Splitting {
    top: Grouping,
    planner: Planner,
    settings: Settings,
    spec: FilterSpec,
    path: String,
    /// The fine buckets' expression, nesting in the bars.
    key: String,
    /// The bars' bounds.
    bounds: Vec<EpochMs>,
}

impl Splitting {
    /// The view `spec` over the bars of `bars` (drawn in `zone`), split by the
    /// column at `path`; `None` when it is no column a breakdown can group, or
    /// the table has no time.
    pub(crate) fn new(
        planner: Planner,
        settings: &Settings,
        spec: &FilterSpec,
        path: &str,
        bars: &Histogram,
        zone: Zone,
    ) -> Option<Splitting> {
        let top = Grouping::new(planner.clone(), settings, spec, &[path.to_string()], None)?;
        let bounds = bars.bounds();
        let key = planner.step_key(bars.step, zone, *bounds.last()?)?;
        Some(Splitting {
            top,
            settings: settings.clone(),
            spec: spec.clone(),
            path: path.to_string(),
            key,
            bounds,
            planner,
        })
    }

    /// The view's timed rows counted per fine bucket and series, the series of a
    /// row being the first of `keys` (the top groups' keys) it has, else "other".
    fn bars_sql(&self, keys: &[String]) -> Option<Sql> {
        let t = ident(&self.planner.time_col()?.name);
        let group = self.top.key(*self.top.cols().first()?);
        let mut q = self.planner.sql();
        let (b, s) = (ident("split_bucket"), ident("split_series"));
        q.push(&format!("SELECT {} AS {b}, multiIf(", self.key));
        for (n, k) in keys.iter().enumerate() {
            q.push(&format!("{group} = "));
            q.value(k);
            q.push(&format!(", {n}, "));
        }
        q.push(&format!("{}) AS {s}, count() FROM ", keys.len()))
            .push(self.planner.table_sql());
        let (_, filtered) = self.planner.push_where_counted(&mut q, &self.spec);
        q.push(if filtered { " AND " } else { " WHERE " });
        q.push(&format!(
            "isNotNull({t}) GROUP BY {b}, {s} FORMAT JSONCompact"
        ));
        Some(q)
    }

    /// The top query's first [`TOP_SERIES`] group keys.
    fn top_keys(&self, top: &Compact) -> Vec<String> {
        top.data
            .iter()
            .take(TOP_SERIES)
            .map(|row| self.top.keys(row).swap_remove(0))
            .collect()
    }
}

impl Reading for Splitting {
    type Out = Split;

    /// The top values' query.
    fn queries(&self) -> &[Query] {
        self.top.queries()
    }

    /// The bars' query, once the top values are known (none when the view is empty).
    fn follow_up(&self, top: &Compact) -> Option<Query> {
        let keys = self.top_keys(top);
        if keys.is_empty() {
            return None;
        }
        let sql = self.bars_sql(&keys)?;
        Some(Query::new(sql, &self.settings, None, Purpose::Group))
    }

    /// The split from the top values' answer and the bars' answer.
    fn digest(&self, answers: Vec<Result<Compact, Fault>>) -> Result<Split, QueryError> {
        let r = self.planner.redaction();
        let mut answers = answers.into_iter();
        let top = QueryError::all(answers.next().into_iter().collect(), self.queries(), r)?;
        let mut out = Split {
            path: self.path.clone(),
            bars: vec![vec![0]; self.bounds.len().saturating_sub(1)],
            ..Split::default()
        };
        let Some(top) = top.into_iter().next() else {
            return Ok(out);
        };
        out.series = top
            .data
            .iter()
            .take(TOP_SERIES)
            .map(|row| Series {
                value: self.top.group(row).values.swap_remove(0),
                total: 0,
            })
            .collect();
        let width = out.series.len() + 1;
        out.bars = vec![vec![0; width]; self.bounds.len().saturating_sub(1)];
        let (Some(bars), Some(query)) = (answers.next(), self.follow_up(&top)) else {
            return Ok(out);
        };
        let bars = QueryError::all(vec![bars], &[query], r)?;
        let at = Locator::new(&self.bounds);
        for a in &bars {
            for row in &a.data {
                let n = |i: usize| row.get(i).and_then(number).unwrap_or(0.0);
                let Some(bar) = at.bar(n(0) as EpochMs * 1000) else {
                    continue;
                };
                let s = (n(1) as usize).min(width - 1);
                out.bars[bar][s] += n(2) as usize;
            }
        }
        out.total_up();
        Ok(out)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "split_tests.rs"]
mod tests;
