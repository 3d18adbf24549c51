//! Export from ClickHouse: every row of a view, in its order, chunk after chunk.
//! Each chunk continues after the last row of the one before (keyset on the sort
//! keys, the id breaking ties), so no row is read twice or skipped however many
//! there are; a key that can be NULL has no keyset and the chunks go by offset.

use super::answer::Compact;
use super::plan::{Order, Planner, Rows, Start};
use super::sql::Sql;
use crate::core::query::FilterSpec;

/// Rows per request: a few MB of JSON, well under a read-only user's result limit.
pub const CHUNK: usize = 5_000;

/// Where an export is: the next request to make, or done.
#[derive(Clone, Debug, PartialEq)]
pub struct Walk {
    spec: FilterSpec,
    order: Order,
    chunk: usize,
    next: Option<Start>,
    read: usize,
}

impl Walk {
    /// An export of the rows of `spec` in `order`, `chunk` at a time.
    pub fn new(spec: FilterSpec, order: Order, chunk: usize) -> Walk {
        Walk {
            spec,
            order,
            chunk: chunk.max(1),
            next: Some(Start::Offset(0)),
            read: 0,
        }
    }

    /// The next chunk's query, or `None` once every row was read.
    pub fn next_sql(&self, planner: &Planner) -> Option<Sql> {
        let start = self.next.as_ref()?;
        Some(planner.page(&self.spec, &self.order, start, self.chunk).0)
    }

    /// Reads the answer to [`next_sql`](Self::next_sql) and moves on: a short chunk
    /// is the last.
    pub fn read(&mut self, planner: &Planner, answer: &Compact) -> Rows {
        let rows = planner.rows(answer, self.order.keys.len());
        self.read += rows.entries.len();
        self.next = match &rows.last {
            _ if rows.entries.len() < self.chunk => None,
            Some(last) if planner.keyset_ok(&self.order) => Some(Start::After(last.clone())),
            _ => Some(Start::Offset(self.read)),
        };
        rows
    }

    /// Rows read so far.
    pub fn rows_read(&self) -> usize {
        self.read
    }

    /// True once the last chunk was read.
    pub fn done(&self) -> bool {
        self.next.is_none()
    }
}
