//! What a view needs of an engine: its filters, order, page and zone.

use crate::core::query::state::Around;
use crate::core::query::{FilterSpec, Sort};
use crate::core::roles::Mapping;
use crate::core::time::Zone;

/// One view's question, the same for both engines.
#[derive(Clone, Debug, PartialEq)]
pub struct Ask {
    /// Filters, search, range and scope.
    pub spec: FilterSpec,
    /// The admin's sort.
    pub sort: Sort,
    /// Page, 0-based.
    pub page: usize,
    /// Rows every page moved down by as live refresh brought entries before it.
    pub shift: usize,
    /// Rows per page.
    pub size: usize,
    /// Display zone (histogram buckets).
    pub tz: Zone,
    /// Field roles set by the admin.
    pub map: Mapping,
    /// Show in context: the entries around this one instead of the filtered rows
    /// (`spec` then holds only the scope and a host's pinned filters).
    pub context: Option<Around>,
}
