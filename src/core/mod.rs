//! The pure engine of Trailview: no browser, no UI, tested natively.
//!
//! Bytes go through [`ingest`] into a [`store::Store`]; [`roles`] works out which
//! fields mean time, actor, action and so on; [`query`] filters, sorts and pages;
//! [`facets`], [`export`] and [`inspect`] answer the rest.

pub mod dict;
pub mod ingest;
pub mod json;
pub mod store;
pub mod roles;
pub mod time;
