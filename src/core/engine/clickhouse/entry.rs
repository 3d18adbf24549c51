//! Reading one entry by id (the entry panel of an entry that is not on the page):
//! one query for its row, or none when the ids are masked whole (a lookup would
//! tell which exist), which reads as no such entry.

use super::answer::Compact;
use super::fault::{Fault, QueryError};
use super::plan::Planner;
use super::query::{Purpose, Query};
use super::settings::Settings;
use crate::core::dataset::Dataset;
use crate::core::query::FilterSpec;

/// One lookup.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    planner: Planner,
    query: Option<Query>,
}

impl Entry {
    /// The lookup of the entry whose id is `key` among the rows `fence` keeps, with
    /// `planner`.
    pub(crate) fn new(
        key: &str,
        fence: &FilterSpec,
        planner: Planner,
        settings: &Settings,
    ) -> Entry {
        let query = planner
            .entry(fence, key)
            .map(|sql| Query::new(sql, settings, None, Purpose::Entry));
        Entry { planner, query }
    }

    /// The query to send; `None`: there is nothing to ask, no such entry.
    pub(crate) fn query(&self) -> Option<&Query> {
        self.query.as_ref()
    }

    /// Digests the answer: the entry (`None` when the table has no such entry), or
    /// the failed query to show.
    pub(crate) fn digest(
        &self,
        result: Result<Compact, Fault>,
    ) -> Result<Option<Dataset>, QueryError> {
        match result {
            Ok(a) => {
                let found = self.planner.dataset(&self.planner.rows(&a, 0, 1));
                Ok((found.len() == 1).then_some(found))
            }
            Err(f) => Err(QueryError::new(
                &f,
                self.planner.redaction(),
                self.query.as_ref().map_or("", |q| q.sql.text.as_str()),
            )),
        }
    }
}
