//! What a condition written for ClickHouse needs of the table: its columns and
//! roles, which are masked, their text, and the column filters' comparisons (the
//! planner gives it; the query language, the kinds of event and first seen read
//! it).

use crate::core::engine::clickhouse::schema::Schema;
use crate::core::engine::clickhouse::sql::Sql;
use crate::core::query::filter::Matcher;

/// What the translation needs of the table (the planner gives it).
pub(crate) trait Columns {
    /// The table's columns and roles.
    fn schema(&self) -> &Schema;
    /// The table, quoted for a `FROM` (a subquery over the whole table).
    fn table_sql(&self) -> &str;
    /// True if column `i` is masked whole: never compared.
    fn hides(&self, i: usize) -> bool;
    /// Column `i` as text, masked as its rows are.
    fn text(&self, i: usize) -> String;
    /// A column filter's comparison on column `i`.
    fn push_match(&self, q: &mut Sql, i: usize, m: &Matcher);
    /// `(…)`: today's search for `text` in every value.
    fn push_search(&self, q: &mut Sql, text: &str);
}
