//! The in-memory engine's answers over a loaded dataset: facets, the histogram
//! and what a partial log does not cover.

pub mod coverage;
pub mod facets;
pub mod histogram;
pub mod kinds;
pub mod view;
