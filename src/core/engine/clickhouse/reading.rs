//! A read of a few queries sent one after another on the table the view reads
//! (a column's statistics, a breakdown, what is different): what to send, what a
//! first answer asks to send next, and what the answers make.

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

    /// The result from the answers to [`Reading::queries`] (then the follow-up's), in
    /// their order, or the first failed query to show.
    fn digest(&self, answers: Vec<Result<Compact, Fault>>) -> Result<Self::Out, QueryError>;
}
