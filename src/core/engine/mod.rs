//! The engines that answer a view: in memory over a loaded dataset, or on a
//! ClickHouse table with SQL.

pub mod clickhouse;
pub mod memory;
