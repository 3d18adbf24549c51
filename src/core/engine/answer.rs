//! What an engine answers for a view: counts, top values, the histogram and what
//! it could not do as asked. Both engines fill the same fields.

use crate::core::engine::clickhouse::plan::NotApplied;
use crate::core::engine::memory::facets::Facet;
use crate::core::engine::memory::histogram::Histogram;
use crate::core::roles::Role;
use std::sync::Arc;

/// The top values of one role's column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Faceted {
    /// The role the column plays.
    pub role: Role,
    /// The column's key path.
    pub path: String,
    /// Its top values among the matching entries.
    pub facet: Facet,
}

/// An engine's answer to one view (a field is `None` until it is known).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Answer {
    /// Entries matching the view.
    pub total: Option<usize>,
    /// Entries the view could show (the whole log, or the app's entries in an app view).
    pub all: Option<usize>,
    /// The facets, in [`facet_roles`](crate::core::engine::facet_roles) order.
    pub facets: Vec<Faceted>,
    /// The kinds of event among the matching entries (their keys as values), when
    /// the log has an action the engine can read kinds from.
    pub kinds: Option<Facet>,
    /// The entries first seen for each reason among the matching entries (the
    /// reasons' keys as values; missing: first seen for none), when the log has
    /// an actor, times and a reason's field the engine can read.
    pub first_seen: Option<Facet>,
    /// The histogram of the matching entries.
    pub histogram: Option<Arc<Histogram>>,
    /// Column filters the engine cannot apply, and why.
    pub skipped: Vec<NotApplied>,
    /// What the engine does differently from the view asked for (a sort it cannot do).
    pub notes: Vec<String>,
    /// Facet roles on a field the engine cannot count: (role, path).
    pub uncounted: Vec<(Role, String)>,
}
