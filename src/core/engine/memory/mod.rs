//! The in-memory engine's answers over a loaded dataset: facets, the histogram,
//! a column's statistics, a breakdown, the split histogram, what a partial log does
//! not cover and the first-seen facet.

pub(crate) mod breakdown;
pub mod coverage;
pub mod facets;
pub mod field_stats;
pub mod first_seen;
pub mod histogram;
pub mod kinds;
pub(crate) mod split;
pub(crate) mod values;
pub mod view;
