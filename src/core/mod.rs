//! The pure engine of Trailview: no browser, no UI, tested natively.
//!
//! Bytes go through [`ingest`] into a [`store::Store`]; a [`dataset::Dataset`] adds
//! the field [`roles`] and parsed [`time`]s; [`query`] filters, sorts and pages;
//! [`facets`], [`histogram`], [`export`] and [`inspect`] answer the rest.

pub mod badge;
pub mod clickhouse;
pub mod config;
pub mod coverage;
pub mod dataset;
pub mod dict;
pub mod export;
pub mod facets;
pub mod frame;
pub mod histogram;
pub mod history;
pub mod ingest;
pub mod inspect;
pub mod json;
pub mod keys;
pub mod load;
pub mod manifest;
pub mod pages;
pub mod path;
pub mod present;
pub mod query;
pub mod rank;
pub mod redact;
pub mod roles;
pub mod route;
pub mod seen;
pub mod source;
pub mod store;
pub mod stream;
pub mod time;
pub mod widget;
pub mod widths;
pub mod workload;
