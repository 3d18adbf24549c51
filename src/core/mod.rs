//! The pure engine of Trailview: no browser, no UI, tested natively.
//!
//! Bytes go through [`ingest`] (with [`json`]) into a [`store`]; a [`dataset`] adds
//! the field [`roles`] and parsed [`time`]s, and [`kind`] sorts actions into kinds of
//! event; [`query`] filters, sorts and pages; the
//! [`engine`] answers a view's `Ask` in memory or on ClickHouse, and [`explain`] ranks
//! what is different in a selection. [`source`] decides
//! every request (and its gate), [`trust`] masks and exports, [`inspect`] opens one
//! entry, [`embed`] and [`deploy`] read how the app is hosted, and [`view`] words and
//! measures what the interface shows.

pub mod dataset;
pub mod deploy;
pub mod embed;
pub mod engine;
pub mod explain;
pub mod ingest;
pub mod inspect;
pub mod json;
pub mod kind;
pub mod query;
pub mod roles;
pub mod source;
pub mod store;
#[cfg(test)]
pub(crate) mod testing;
pub mod time;
pub mod trust;
pub mod view;
