//! A read of a few queries sent one after another on the table the view reads
//! (a column's statistics, a breakdown, what is different, following the actor):
//! what to send, what the answers so far ask to send next, and what the answers
//! make.

use super::answer::Compact;
use super::fault::{Fault, QueryError};
use super::query::Query;

/// Queries sent in order until one fails, then digested together.
pub(crate) trait Reading {
    /// What the answers make.
    type Out;

    /// The queries to send, in order.
    fn queries(&self) -> &[Query];

    /// One more query that the first answer calls for, sent after the others.
    fn follow_up(&self, _first: &Compact) -> Option<Query> {
        None
    }

    /// The query to send after `answers` (to [`Reading::queries`], then to each
    /// query this gave before), or `None` when they are all it takes: by default
    /// [`Reading::follow_up`] once, after the last of [`Reading::queries`]. A driver
    /// sends what this gives until it gives `None` or a query fails.
    fn next(&self, answers: &[Compact]) -> Option<Query> {
        match answers.len() == self.queries().len() {
            true => self.follow_up(answers.first()?),
            false => None,
        }
    }

    /// The result from the answers to [`Reading::queries`] (then those to
    /// [`Reading::next`]'s), in their order, or the first failed query to show.
    fn digest(&self, answers: Vec<Result<Compact, Fault>>) -> Result<Self::Out, QueryError>;
}
