//! A column's statistics on the table ([`FieldStats`]): the view's total, the
//! column's coverage, distinct count and top values from the stats query the facets
//! use, then, for a number or the time column (not masked), `min`,
//! `quantileExact(0.5)` and `max` in one more query. A field that is no column of
//! the table (inside a JSON column) has no statistics there.

use super::answer::{Compact, number};
use super::columns::Columns;
use super::fault::{Fault, QueryError};
use super::plan::Planner;
use super::query::{Purpose, Query};
use super::reading::Reading;
use super::schema::Kind;
use super::settings::Settings;
use super::sql::{Sql, ident};
use crate::core::engine::field_stats::{FieldStats, Spread, TOP};
use crate::core::query::FilterSpec;

/// What the spread query reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Spreads {
    None,
    Numbers,
    Times,
}

/// One column's statistics: its queries and how to read their answers.
#[derive(Clone, Debug)]
pub(crate) struct Fielding {
    planner: Planner,
    col: usize,
    path: String,
    spreads: Spreads,
    queries: Vec<Query>,
}

impl Planner {
    /// The query of the lowest, median and highest value of column `i` among the
    /// rows `spec` keeps, with how many values there are.
    fn spread_sql(&self, spec: &FilterSpec, i: usize, times: bool) -> Sql {
        let c = ident(&self.schema().columns[i].name);
        let v = match times {
            true => format!("toUInt32({c})"),
            false => c,
        };
        let mut q = self.sql();
        q.push(&format!(
            "SELECT count({v}), min({v}), quantileExact(0.5)({v}), max({v}) FROM "
        ))
        .push(self.table_sql());
        self.push_where(&mut q, spec);
        q.push(" FORMAT JSONCompact");
        q
    }
}

impl Fielding {
    /// The statistics of the column at `path` in the view `spec`; `None` when the
    /// table has no such column.
    pub(crate) fn new(
        planner: Planner,
        settings: &Settings,
        spec: &FilterSpec,
        path: &str,
    ) -> Option<Fielding> {
        let col = planner
            .schema()
            .column(path)
            .filter(|&i| Some(i) != planner.schema().raw)?;
        let is_time = planner
            .time_col()
            .is_some_and(|t| planner.schema().column(&t.name) == Some(col));
        let spreads = match (planner.hides(col), planner.schema().columns[col].kind) {
            (true, _) => Spreads::None,
            _ if is_time => Spreads::Times,
            (false, Kind::Number) => Spreads::Numbers,
            _ => Spreads::None,
        };
        let mut queries = vec![Query::new(
            planner.stats_with_kinds(spec, &[col], None, TOP, None),
            settings,
            None,
            Purpose::Field,
        )];
        if spreads != Spreads::None {
            let sql = planner.spread_sql(spec, col, spreads == Spreads::Times);
            queries.push(Query::new(sql, settings, None, Purpose::Field));
        }
        Some(Fielding {
            planner,
            col,
            path: path.to_string(),
            spreads,
            queries,
        })
    }
}

impl Reading for Fielding {
    type Out = FieldStats;

    fn queries(&self) -> &[Query] {
        &self.queries
    }

    /// The statistics.
    fn digest(&self, answers: Vec<Result<Compact, Fault>>) -> Result<FieldStats, QueryError> {
        let read = QueryError::all(answers, &self.queries, self.planner.redaction())?;
        let stats = read
            .first()
            .map(|a| self.planner.read_stats_with_kinds(a, &[self.col], false))
            .unwrap_or_default();
        let top = stats.facets.into_iter().next().unwrap_or_default();
        let entries = stats.summary.total;
        let spread = read.get(1).and_then(|a| {
            let row = a.data.first()?;
            let n = row.first().and_then(number)?;
            let at = |i: usize| row.get(i).and_then(number);
            (n > 0.0).then_some(())?;
            Some((at(1)?, at(2)?, at(3)?))
        });
        let (numbers, times) = match (self.spreads, spread) {
            (Spreads::Numbers, Some((min, median, max))) => {
                (Some(Spread { min, median, max }), None)
            }
            (Spreads::Times, Some((min, median, max))) => {
                let ms = |s: f64| s as i64 * 1000;
                (
                    None,
                    Some(Spread {
                        min: ms(min),
                        median: ms(median),
                        max: ms(max),
                    }),
                )
            }
            _ => (None, None),
        };
        Ok(FieldStats {
            path: self.path.clone(),
            entries,
            present: entries.saturating_sub(top.missing),
            top,
            numbers,
            times,
        })
    }
}
