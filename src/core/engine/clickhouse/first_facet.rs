//! First seen as a facet on ClickHouse: one query over the view counting its rows,
//! those first seen for each reason the table can read (one `countIf` each, the
//! conditions of [`super::first_sql`]) and those first seen for any, read back as
//! the memory engine's facet. It goes apart from the stats scan, so the total and
//! the facets never wait for its subqueries over the whole table.

use crate::core::engine::clickhouse::answer::Compact;
use crate::core::engine::clickhouse::plan::Planner;
use crate::core::engine::clickhouse::sql::Sql;
use crate::core::engine::memory::facets::Facet;
use crate::core::engine::memory::first_seen::facet_of;
use crate::core::explain::first_seen::Reason;
use crate::core::query::FilterSpec;

impl Planner {
    /// The first-seen facet of the view `spec`: the rows, then those first seen
    /// for each of `exprs` (a [`super::first_sql::first_exprs`]), then for any.
    pub(crate) fn first_seen_sql(&self, spec: &FilterSpec, exprs: &[(Reason, String)]) -> Sql {
        let mut q = self.sql();
        q.push("SELECT count()");
        for (_, e) in exprs {
            q.push(&format!(", countIf({e})"));
        }
        let any: Vec<&str> = exprs.iter().map(|(_, e)| e.as_str()).collect();
        q.push(&format!(", countIf({})", any.join(" OR ")));
        q.push(" FROM ").push(self.table_sql());
        self.push_where(&mut q, spec);
        q.push(" FORMAT JSONCompact");
        q
    }

    /// Reads a [`Self::first_seen_sql`] answer for `exprs` as the memory facet.
    pub(crate) fn read_first_seen(a: &Compact, exprs: &[(Reason, String)]) -> Facet {
        let mut per = [0usize; 4];
        for (n, (r, _)) in exprs.iter().enumerate() {
            if let Some(i) = Reason::ALL.iter().position(|x| x == r) {
                per[i] = a.count(0, n + 1) as usize;
            }
        }
        let total = a.count(0, 0) as usize;
        let any = a.count(0, exprs.len() + 1) as usize;
        facet_of(per, total.saturating_sub(any))
    }
}
