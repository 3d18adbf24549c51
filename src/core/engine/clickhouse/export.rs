//! Export from ClickHouse: every row of a view, in its order, chunk after chunk,
//! none skipped or read twice, however the rows tie.
//!
//! Each chunk asks for one row more than it takes. When that row's sort keys differ
//! from the last row's, the next chunk continues right after those keys (keyset).
//! When they are the same, the chunk stops before the rows sharing them, and that
//! group of ties is read on its own, in the order of the entries themselves (by
//! keyset on the entry, counting rows that are the same in every byte), before the
//! walk goes on after the group's keys. Keys the server cannot compare exactly
//! (`NULL`, floats, `DateTime64`) go by offset instead, in an order the entry itself
//! completes, the same at every offset ([`Planner::chunk`]).

use super::answer::{Compact, text_of};
use super::fault::{Fault, QueryError};
use super::plan::{Order, Planner, Rows, Start};
use super::query::{Purpose, Query};
use super::settings::Settings;
use super::sql::Sql;
use crate::core::dataset::Dataset;
use crate::core::query::FilterSpec;
use serde_json::Value;

/// Rows per request: a few MB of JSON, well under a read-only user's result limit.
pub(crate) const CHUNK: usize = 5_000;

/// The next request of a walk.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    /// The first chunk, by keyset or offset as the keys allow.
    First,
    /// Rows from a start in the view's order.
    Rows(Start),
    /// The rows whose keys are `keys`, after `after`: the entry key of the last row
    /// read of them, and how many read rows had that entry key.
    Group {
        keys: Vec<Value>,
        after: Option<(Value, usize)>,
    },
    /// Rows from an offset in the order the entry completes.
    Offset(usize),
}

/// Where an export is: the next request to make, or done.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Walk {
    spec: FilterSpec,
    order: Order,
    chunk: usize,
    next: Option<Step>,
    read: usize,
}

impl Walk {
    /// An export of the rows of `spec` in `order`, `chunk` at a time.
    pub(crate) fn new(spec: FilterSpec, order: Order, chunk: usize) -> Walk {
        Walk {
            spec,
            order,
            chunk: chunk.max(1),
            next: Some(Step::First),
            read: 0,
        }
    }

    /// The next step, the first one decided by what `planner` can compare.
    fn step(&self, planner: &Planner) -> Option<Step> {
        match self.next.clone()? {
            Step::First if planner.keyset_ok(&self.order) => Some(Step::Rows(Start::Offset(0))),
            Step::First => Some(Step::Offset(0)),
            step => Some(step),
        }
    }

    /// The next chunk's query, or `None` once every row was read.
    pub(crate) fn next_sql(&self, planner: &Planner) -> Option<Sql> {
        Some(match self.step(planner)? {
            Step::First => unreachable!("decided by step"),
            Step::Rows(start) => planner.page(&self.spec, &self.order, &start, self.chunk).0,
            Step::Group { keys, after } => planner.group(
                &self.spec,
                &self.order,
                &keys,
                after.as_ref().map(|(v, n)| (v, *n)),
                self.chunk,
            )?,
            Step::Offset(n) => planner.chunk(&self.spec, &self.order, n, self.chunk),
        })
    }

    /// Reads the answer to [`next_sql`](Self::next_sql) and moves on; the rows to
    /// write, in order.
    pub(crate) fn read(&mut self, planner: &Planner, answer: &Compact) -> Rows {
        let keys = self.order.keys.len();
        let (mut rows, next) = match self.step(planner) {
            None | Some(Step::First) => (Rows::default(), None),
            Some(Step::Rows(_)) => {
                let mut rows = planner.rows(answer, keys, self.chunk);
                let next = match (&rows.last, answer.data.get(self.chunk)) {
                    // No row after the chunk: the view ends here.
                    (_, None) => None,
                    (Some(last), Some(_)) => Some(Step::Rows(Start::After(last.clone()))),
                    // The row after shares the last's keys: their group comes next, whole.
                    (None, Some(_)) => {
                        let row = &answer.data[self.chunk - 1];
                        let group = row[row.len().saturating_sub(keys)..].to_vec();
                        let keep = rows.entries.len() - rows.tied;
                        rows.entries.truncate(keep);
                        Some(Step::Group {
                            keys: group,
                            after: None,
                        })
                    }
                };
                (rows, next)
            }
            Some(Step::Group { keys: group, after }) => {
                let rows = planner.rows(answer, 1, self.chunk);
                let next = if answer.data.len() < self.chunk {
                    Some(Step::Rows(Start::After(group)))
                } else {
                    let entry = |r: &Vec<Value>| r.last().cloned().unwrap_or(Value::Null);
                    let last = answer.data.last().map(entry).unwrap_or(Value::Null);
                    let same = answer
                        .data
                        .iter()
                        .rev()
                        .take_while(|r| text_of(&entry(r)) == text_of(&last))
                        .count();
                    // Rows the same as the last in the chunks before count too.
                    let before = match after {
                        Some((v, n)) if same == answer.data.len() && v == last => n,
                        _ => 0,
                    };
                    Some(Step::Group {
                        keys: group,
                        after: Some((last, same + before)),
                    })
                };
                (rows, next)
            }
            Some(Step::Offset(n)) => {
                let rows = planner.rows(answer, keys, self.chunk);
                let next =
                    (answer.data.len() >= self.chunk).then(|| Step::Offset(n + answer.data.len()));
                (rows, next)
            }
        };
        self.read += rows.entries.len();
        rows.last = None;
        self.next = next;
        rows
    }

    /// Rows read so far.
    #[cfg(all(test, not(target_arch = "wasm32")))]
    pub(crate) fn rows_read(&self) -> usize {
        self.read
    }

    /// True once the last chunk was read.
    #[cfg(all(test, not(target_arch = "wasm32")))]
    pub(crate) fn done(&self) -> bool {
        self.next.is_none()
    }
}

/// An export's queries: the walk of a view's rows with the table's planner and
/// settings, one chunk at a time, each read into a small dataset.
// Used by the browser's driver, and natively by the tests only.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
#[derive(Clone, Debug)]
pub(crate) struct Export {
    walk: Walk,
    planner: Planner,
    settings: Settings,
}

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
impl Export {
    /// An export of the rows of `spec` in `order`, `chunk` at a time.
    pub(crate) fn new(
        spec: FilterSpec,
        order: Order,
        chunk: usize,
        planner: Planner,
        settings: Settings,
    ) -> Export {
        Export {
            walk: Walk::new(spec, order, chunk),
            planner,
            settings,
        }
    }

    /// The next chunk's query, `None` once every row was read.
    pub(crate) fn next(&self) -> Option<Query> {
        let sql = self.walk.next_sql(&self.planner)?;
        Some(Query::new(sql, &self.settings, None, Purpose::Export))
    }

    /// Reads the answer to [`Export::next`]: the chunk's rows as a small dataset
    /// (mapped as the table is), or what ClickHouse answered, masked.
    pub(crate) fn digest(
        &mut self,
        query: &Query,
        result: Result<Compact, Fault>,
    ) -> Result<Dataset, QueryError> {
        match result {
            Ok(a) => {
                let rows = self.walk.read(&self.planner, &a);
                Ok(self.planner.dataset(&rows))
            }
            Err(f) => Err(QueryError::new(
                &f,
                self.planner.redaction(),
                &query.sql.text,
            )),
        }
    }
}
