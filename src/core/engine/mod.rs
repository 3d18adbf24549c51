//! The one seam between the interface and the two engines. The interface states
//! what a view needs as an [`Ask`]; an engine answers with an [`Answer`]: the
//! in-memory engine ([`memory`]) at once, over the loaded dataset, and the
//! ClickHouse engine ([`clickhouse`]) with SQL, as a sans-IO session that says
//! which request to send next and digests each response. Which facets a view
//! shows is decided once, in [`facet_roles`], for both, [`field_stats`] is
//! the shape of a column's statistics from either, and [`breakdown`] that of the
//! view grouped by one or two fields, [`split`] that of the histogram split by
//! a field's top values.

pub mod answer;
pub mod ask;
pub mod breakdown;
pub mod clickhouse;
pub mod facet_roles;
pub mod field_stats;
pub mod memory;
pub mod split;

pub use answer::{Answer, Faceted};
pub use ask::Ask;
