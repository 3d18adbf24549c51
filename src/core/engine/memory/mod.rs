//! The in-memory engine's answers over a loaded dataset: facets, the histogram,
//! a column's statistics, a breakdown and what a partial log does not cover.

pub(crate) mod breakdown;
pub mod coverage;
pub mod facets;
pub mod field_stats;
pub mod histogram;
pub mod kinds;
pub mod view;
