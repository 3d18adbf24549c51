//! "What is different here" on the table, as the session hands it to the driver:
//! the queries of [`Planner::differ`] for the view asked last, sent one after the
//! other, and their answers read into the ranking memory gives.

use super::answer::Compact;
use super::differ_sql::Reference;
use super::fault::{Fault, QueryError};
use super::plan::Planner;
use super::query::{Purpose, Query};
use super::reading::Reading;
use super::settings::Settings;
use crate::core::explain::Difference;
use crate::core::explain::compare::{Against, Compare, TOP};
use crate::core::query::FilterSpec;

/// One comparison: its queries and how to read their answers.
#[derive(Clone, Debug)]
pub(crate) struct Differing {
    planner: Planner,
    cols: Vec<usize>,
    queries: Vec<Query>,
}

impl Differing {
    /// The comparison `c` in the view `spec`; `None` when the table has no time
    /// column.
    pub(crate) fn new(
        planner: Planner,
        settings: &Settings,
        spec: &FilterSpec,
        c: &Compare,
    ) -> Option<Differing> {
        let cols = planner.differ_columns();
        let reference = match c.against {
            Against::Rest => Reference::Rest,
            Against::Previous => {
                let (from, to) = c.previous();
                Reference::Span(from, to)
            }
        };
        let queries = planner
            .differ(spec, (c.from, c.to), reference, &cols)?
            .into_iter()
            .map(|sql| Query::new(sql, settings, None, Purpose::Differ))
            .collect();
        Some(Differing {
            planner,
            cols,
            queries,
        })
    }
}

impl Reading for Differing {
    type Out = Vec<Difference>;

    fn queries(&self) -> &[Query] {
        &self.queries
    }

    /// The ranking.
    fn digest(&self, answers: Vec<Result<Compact, Fault>>) -> Result<Self::Out, QueryError> {
        let read = QueryError::all(answers, &self.queries, self.planner.redaction())?;
        Ok(self.planner.read_differ(&read, &self.cols, TOP))
    }
}
