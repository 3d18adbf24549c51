//! The breakdown on the table ([`Breakdown`]), in two steps. The top query groups
//! the view's rows by each field's text (masked as the facets read it) behind a
//! tag: `a` and the value, or `b` alone for `NULL`, so a key is never `NULL` and
//! no value sorts after every value, as in memory. It asks one group more than
//! shown: when that one comes back, the rest query counts the rows whose keys are
//! none of the top groups' (`NOT IN` their keys, each an escaped value) as the
//! other row. Only plain columns of the table are grouped: not the raw JSON, not
//! an array, not a column the redaction masks whole.

use super::answer::{Compact, number, text_of};
use super::fault::{Fault, QueryError};
use super::plan::Planner;
use super::query::{Purpose, Query};
use super::reading::Reading;
use super::schema::Column;
use super::settings::Settings;
use super::sql::{Sql, ident};
use crate::core::engine::breakdown::{Breakdown, Group, TOP};
use crate::core::json::path::child;
use crate::core::query::FilterSpec;
use serde_json::Value;

/// The tag before a value in a group key.
const VALUE: char = 'a';
/// A group key of no value (`NULL`): after every tagged value.
const NO_VALUE: char = 'b';

/// The view grouped on the table: its queries and how to read their answers.
#[derive(Clone, Debug)]
pub(crate) struct Grouping {
    planner: Planner,
    settings: Settings,
    spec: FilterSpec,
    by: Vec<String>,
    /// The grouped columns.
    cols: Vec<usize>,
    distinct_of: Option<String>,
    /// The column whose distinct values are counted.
    distinct: Option<usize>,
    queries: Vec<Query>,
}

/// True for a column whose values memory would read as one scalar each.
pub(super) fn scalar(c: &Column) -> bool {
    let ty = c.ty.trim();
    !["Array(", "Tuple(", "Map(", "Nested("]
        .iter()
        .any(|p| ty.starts_with(p))
}

impl Grouping {
    /// The view `spec` grouped by the columns at `by` (1 or 2), counting distinct
    /// values of `distinct_of`; `None` when one is no plain column of the table
    /// (or is masked whole), or `by` is empty or longer than 2.
    pub(crate) fn new(
        planner: Planner,
        settings: &Settings,
        spec: &FilterSpec,
        by: &[String],
        distinct_of: Option<&str>,
    ) -> Option<Grouping> {
        if by.is_empty() || by.len() > 2 {
            return None;
        }
        let schema = planner.schema();
        let col = |p: &str| {
            schema.column(p).filter(|&i| {
                Some(i) != schema.raw && scalar(&schema.columns[i]) && !planner.masks_column(p)
            })
        };
        let cols: Vec<usize> = by.iter().map(|p| col(p)).collect::<Option<_>>()?;
        let distinct = match distinct_of {
            Some(p) => Some(col(p)?),
            None => None,
        };
        let mut g = Grouping {
            settings: settings.clone(),
            spec: spec.clone(),
            by: by.to_vec(),
            cols,
            distinct_of: distinct_of.map(String::from),
            distinct,
            queries: Vec::new(),
            planner,
        };
        g.queries = vec![Query::new(g.top_sql(), settings, None, Purpose::Group)];
        Some(g)
    }
}

impl Reading for Grouping {
    type Out = Breakdown;

    /// The top groups' query.
    fn queries(&self) -> &[Query] {
        &self.queries
    }

    /// The query of the other row after the top query's answer `top`: `None` when
    /// no group is left beyond the top ones.
    fn follow_up(&self, top: &Compact) -> Option<Query> {
        let keys: Vec<Vec<String>> = top
            .data
            .get(TOP..)
            .filter(|more| !more.is_empty())
            .map(|_| top.data[..TOP].iter().map(|r| self.keys(r)).collect())?;
        Some(Query::new(
            self.rest_sql(&keys),
            &self.settings,
            None,
            Purpose::Group,
        ))
    }

    /// The breakdown from the top query's answer, then the other row's when
    /// [`Reading::follow_up`] asked for one.
    fn digest(&self, answers: Vec<Result<Compact, Fault>>) -> Result<Breakdown, QueryError> {
        let r = self.planner.redaction();
        let mut answers = answers.into_iter();
        let top = QueryError::all(answers.next().into_iter().collect(), &self.queries, r)?;
        let mut b = Breakdown {
            by: self.by.clone(),
            distinct_of: self.distinct_of.clone(),
            ..Breakdown::default()
        };
        let Some(top) = top.into_iter().next() else {
            return Ok(b);
        };
        b.groups = top
            .data
            .iter()
            .take(TOP)
            .map(|row| self.group(row))
            .collect();
        b.entries = b.groups.iter().map(|g| g.count).sum();
        if let (Some(rest), Some(query)) = (answers.next(), self.follow_up(&top)) {
            let rest = QueryError::all(vec![rest], &[query], r)?;
            b.other = rest
                .first()
                .and_then(|a| a.data.first())
                .map(|row| totals(row, 0))
                .filter(|g| g.count > 0);
        }
        b.entries += b.other.as_ref().map_or(0, |o| o.count);
        Ok(b)
    }
}

impl Grouping {
    /// The grouped columns.
    pub(super) fn cols(&self) -> &[usize] {
        &self.cols
    }

    /// Column `i`'s group key: its text behind [`VALUE`], or [`NO_VALUE`].
    pub(super) fn key(&self, i: usize) -> String {
        let text = self.planner.text(i);
        match self.planner.schema().columns[i].nullable {
            true => format!("ifNull(concat('{VALUE}', {text}), '{NO_VALUE}')"),
            false => format!("concat('{VALUE}', {text})"),
        }
    }

    /// `count(), uniqExact(…), toUInt32(min(t)), toUInt32(max(t))`: `0` without a
    /// distinct field, `NULL` times without a time column.
    fn totals_sql(&self) -> String {
        let distinct = self.distinct.map_or("0".into(), |d| {
            format!("uniqExact({})", self.planner.text(d))
        });
        let (lo, hi) = match self.planner.time_col() {
            Some(t) => {
                let t = ident(&t.name);
                (format!("toUInt32(min({t}))"), format!("toUInt32(max({t}))"))
            }
            None => ("NULL".into(), "NULL".into()),
        };
        format!("count(), {distinct}, {lo}, {hi}")
    }

    /// The top groups, one more than shown: most rows first, then by key.
    fn top_sql(&self) -> Sql {
        let names: Vec<String> = (0..self.cols.len())
            .map(|n| ident(&format!("breakdown_{n}")))
            .collect();
        let keys: Vec<String> = self
            .cols
            .iter()
            .zip(&names)
            .map(|(&i, name)| format!("{} AS {name}", self.key(i)))
            .collect();
        let mut q = self.planner.sql();
        q.push(&format!(
            "SELECT {}, {} FROM ",
            keys.join(", "),
            self.totals_sql()
        ))
        .push(self.planner.table_sql());
        self.planner.push_where(&mut q, &self.spec);
        q.push(&format!(
            " GROUP BY {} ORDER BY count() DESC, {} LIMIT ",
            names.join(", "),
            names.join(", ")
        ))
        .int(TOP as i64 + 1)
        .push(" FORMAT JSONCompact");
        q
    }

    /// The rows of the view in none of the groups `keys` (each group's keys as the
    /// top query answered them), totalled.
    fn rest_sql(&self, keys: &[Vec<String>]) -> Sql {
        let mut q = self.planner.sql();
        q.push(&format!("SELECT {} FROM ", self.totals_sql()))
            .push(self.planner.table_sql());
        let (_, filtered) = self.planner.push_where_counted(&mut q, &self.spec);
        let exprs: Vec<String> = self.cols.iter().map(|&i| self.key(i)).collect();
        q.push(if filtered { " AND (" } else { " WHERE (" })
            .push(&exprs.join(", "))
            .push(") NOT IN (");
        for (n, group) in keys.iter().enumerate() {
            q.push(if n > 0 { ", (" } else { "(" });
            for (m, k) in group.iter().enumerate() {
                if m > 0 {
                    q.push(", ");
                }
                q.value(k);
            }
            q.push(")");
        }
        q.push(") FORMAT JSONCompact");
        q
    }

    /// A top query row's group keys, as the server wrote them.
    pub(super) fn keys(&self, row: &[Value]) -> Vec<String> {
        (0..self.cols.len())
            .map(|n| row.get(n).map(text_of).unwrap_or_default())
            .collect()
    }

    /// A top query row as a group, its values masked as the facets mask theirs.
    pub(super) fn group(&self, row: &[Value]) -> Group {
        let values = self
            .keys(row)
            .iter()
            .zip(&self.cols)
            .map(|(k, &i)| {
                let v = k.strip_prefix(VALUE)?;
                let path = child("", &self.planner.schema().columns[i].name);
                Some(self.planner.redaction().mask_value(&path, v).into_owned())
            })
            .collect();
        Group {
            values,
            ..totals(row, self.cols.len())
        }
    }
}

/// The group of a row's totals from column `at` on (see [`Grouping::totals_sql`]).
fn totals(row: &[Value], at: usize) -> Group {
    let n = |i: usize| row.get(at + i).and_then(number);
    let ms = |i: usize| n(i).map(|s| s as i64 * 1000);
    Group {
        values: Vec::new(),
        count: n(0).unwrap_or(0.0) as usize,
        distinct: n(1).unwrap_or(0.0) as usize,
        first: ms(2),
        last: ms(3),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "breakdown_tests.rs"]
mod tests;
