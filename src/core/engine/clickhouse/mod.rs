//! The ClickHouse engine's pure half, for logs no browser tab can hold: the source
//! form, SQL escaping, the table's schema and roles, the planner that turns a view
//! into SQL, and the reading of ClickHouse's answers. The platform only sends the
//! SQL (simple requests: ClickHouse 18.16 answers no CORS preflight).

pub mod answer;
pub mod export;
pub mod masked;
pub mod plan;
pub mod schema;
pub mod settings;
pub mod source;
pub mod sql;
pub mod stats;

// Native only: the stand-in server reads regular expressions with the `regex` crate.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod fake;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

pub use answer::Compact;
pub use plan::{NotApplied, Order, Planner, Rows, Start, Summary, Version};
pub use schema::{Column, Kind, Schema};
pub use settings::Settings;
pub use source::{ChSource, is_clickhouse};
pub use stats::Stats;
