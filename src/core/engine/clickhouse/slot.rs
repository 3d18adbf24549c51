//! One slot of a view: the queries of one part of it (its page, its stats, …)
//! sent one after another under the slot's name, and what each answer means.
//!
//! A page in time order is looked for in ever wider windows until one holds a
//! full page (see [`Planner::windows`](super::plan::Planner::windows)): a window
//! with fewer rows than `enough` sends the next. Replacing the older query of the
//! slot can cancel the new one while the older is still pending (18.16: error
//! 394, `QUERY_WAS_CANCELLED`): where the server replaces a slot's queries, such a
//! query is sent again a little later, [`RETRIES`] times at most.

use super::answer::{Compact, QUERY_WAS_CANCELLED};
use super::fault::{Fault, QueryError};
use super::plan::Summary;
use super::query::Query;
use crate::core::trust::redact::Redaction;

/// A change of the search or a filter text waits this long for the next key
/// (ms) before the queries that read every row go.
pub(crate) const TYPING_MS: u32 = 120;
/// Tries after the first of a query cancelled by its replacement.
pub(crate) const RETRIES: u32 = 4;
/// The wait before the `n`th try again grows by this (ms).
const RETRY_STEP_MS: u32 = 25;

/// What a slot's answer is for, with what reading it needs.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Part {
    /// The page of rows.
    Page,
    /// The total, the facets and, with `guess` (the buckets asked for), the histogram.
    Stats {
        /// The bucket key the stats query counted, if any.
        guess: Option<String>,
    },
    /// The histogram in the buckets the view's span asked for.
    Histogram {
        /// The view's summary, read from its stats.
        summary: Summary,
    },
    /// What the view could show: the whole log, or one app's entries.
    All,
    /// The first-seen facet of the view.
    FirstSeen,
}

/// What follows a digested answer.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Step {
    /// Send [`Slot::next`] now (a wider window).
    Send,
    /// Send [`Slot::next`] again after this many ms.
    After(u32),
    /// The slot's answer.
    Answered(Compact),
    /// Cancelled by the page: nothing to show.
    Aborted,
    /// Failed: `error` is shown beside the view.
    Failed {
        /// How it failed.
        fault: Fault,
        /// What is shown: the message masked, and the SQL to copy.
        error: QueryError,
    },
}

/// One part of a view and its queries (see the module docs).
#[derive(Clone, Debug)]
pub(crate) struct Slot {
    part: Part,
    /// The queries to try in turn, at least one.
    queries: Vec<Query>,
    at: usize,
    /// An answer with fewer rows sends the next query, while there is one.
    enough: usize,
    /// Waits for a pause in typing before its first query.
    waits: bool,
    /// A query sent under the slot's name replaces the older one of the slot.
    replaces: bool,
    /// Tries of the current query so far, after its first.
    retries: u32,
    /// What messages are masked by.
    redaction: Redaction,
}

impl Slot {
    /// The slot of `part`: `queries` in turn (at least one) while an answer has
    /// fewer than `enough` rows; `waits` for a pause in typing; `replaces` when the
    /// server replaces a slot's older query.
    pub(crate) fn new(
        part: Part,
        queries: Vec<Query>,
        enough: usize,
        waits: bool,
        replaces: bool,
        redaction: Redaction,
    ) -> Slot {
        assert!(!queries.is_empty(), "a slot sends at least one query");
        Slot {
            part,
            queries,
            at: 0,
            enough,
            waits,
            replaces,
            retries: 0,
            redaction,
        }
    }

    /// What the answer is for.
    pub(crate) fn part(&self) -> &Part {
        &self.part
    }

    /// True if the first query waits [`TYPING_MS`] for the next key (and is not sent
    /// when another view came meanwhile).
    pub(crate) fn waits(&self) -> bool {
        self.waits
    }

    /// The query to send now.
    pub(crate) fn next(&self) -> &Query {
        &self.queries[self.at]
    }

    /// Digests the answer to [`Slot::next`].
    pub(crate) fn digest(&mut self, result: Result<Compact, Fault>) -> Step {
        let cancelled = matches!(&result, Err(f) if f.code() == Some(QUERY_WAS_CANCELLED));
        if self.replaces && cancelled && self.retries < RETRIES {
            self.retries += 1;
            return Step::After(RETRY_STEP_MS * self.retries);
        }
        self.retries = 0;
        match result {
            Ok(a) if a.data.len() < self.enough && self.at + 1 < self.queries.len() => {
                self.at += 1;
                Step::Send
            }
            Ok(a) => Step::Answered(a),
            Err(f) if f.is_aborted() => Step::Aborted,
            Err(fault) => Step::Failed {
                error: QueryError::new(&fault, &self.redaction, &self.next().sql.text),
                fault,
            },
        }
    }
}
