//! First seen for the entries of a page on the table: which of them are an
//! actor's first with an action, address, agent or app, so the table marks them
//! as memory does. One query: the page's ids with each reason's condition
//! ([`first_exprs`], the whole table's firsts), `WHERE <id> IN (<the page's ids>)`.

use super::answer::{Compact, text_of};
use super::fault::{Fault, QueryError};
use super::first_sql::first_exprs;
use super::plan::Planner;
use super::query::{Purpose, Query};
use super::reading::Reading;
use super::settings::Settings;
use crate::core::explain::first_seen::Reason;
use crate::core::roles::Role;
use hashbrown::HashMap;

/// The reasons of a page's entries that are first seen, by id (a bit per
/// [`Reason::bit`]; entries first seen for none are left out).
pub type Marks = HashMap<String, u8>;

/// The first-seen marks of a page: its query and how to read it.
#[derive(Clone, Debug)]
pub(crate) struct FirstMarking {
    reasons: Vec<Reason>,
    planner: Planner,
    queries: Vec<Query>,
}

impl FirstMarking {
    /// The marks of the entries whose ids are `ids`; `None` when nothing can be
    /// first seen on the table (no actor, time or reason's column, one masked or
    /// inside a JSON column), it has no readable id, or `ids` is empty.
    pub(crate) fn new(
        planner: Planner,
        settings: &Settings,
        ids: &[String],
    ) -> Option<FirstMarking> {
        let exprs = first_exprs(&planner).ok()??;
        if ids.is_empty() || exprs.is_empty() {
            return None;
        }
        let schema = planner.schema();
        let i = schema.column(&schema.role(Role::Id)?.name)?;
        if super::columns::Columns::hides(&planner, i) {
            return None;
        }
        let mut q = planner.sql();
        q.push(&format!("SELECT toString({})", planner.key(i)));
        for (_, e) in &exprs {
            q.push(&format!(", {e}"));
        }
        q.push(" FROM ").push(planner.table_sql()).push(" WHERE ");
        planner.push_ids_in(&mut q, i, ids);
        q.push(" FORMAT JSONCompact");
        Some(FirstMarking {
            reasons: exprs.iter().map(|&(r, _)| r).collect(),
            queries: vec![Query::new(q, settings, None, Purpose::FirstSeen)],
            planner,
        })
    }
}

impl Reading for FirstMarking {
    type Out = Marks;

    fn queries(&self) -> &[Query] {
        &self.queries
    }

    /// Each row's id and the reasons whose condition held.
    fn digest(&self, answers: Vec<Result<Compact, Fault>>) -> Result<Marks, QueryError> {
        let read = QueryError::all(answers, &self.queries, self.planner.redaction())?;
        let mut marks = Marks::new();
        for row in read.iter().flat_map(|a| a.data.iter()) {
            let mask = self
                .reasons
                .iter()
                .enumerate()
                .filter(|&(k, _)| row.get(k + 1).is_some_and(|v| text_of(v) == "1"))
                .fold(0u8, |m, (_, r)| m | r.bit());
            if mask != 0 {
                marks.insert(row.first().map(text_of).unwrap_or_default(), mask);
            }
        }
        Ok(marks)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::engine::clickhouse::differ_sql_tests::engines;
    use crate::core::time::{EpochMs, Zone, format_iso};
    use serde_json::{Value, json};

    /// 2026-01-01T00:00:00Z.
    const T0: EpochMs = 1_767_225_600_000;

    fn log(n: usize) -> Vec<Value> {
        (0..n)
            .map(|i| {
                let ty = ["user.login", "record.update", "app.open"][i % 3];
                let app = ["Billing", "HR"][i % 2];
                json!({
                    "id": i,
                    "createdAt": format_iso(T0 + i as EpochMs * 61_000, Zone::Utc),
                    "userEmail": format!("user{}@acme.test", i % 4),
                    "type": ty,
                    "outcome": "success",
                    "ip": format!("10.0.0.{}", i % 5),
                    "appName": app,
                    "message": format!("event {i}"),
                })
            })
            .collect()
    }

    #[test]
    fn the_server_marks_a_page_as_memory_does() {
        let entries = log(120);
        for version in ["18.16.1", "23.8.2.7"] {
            let (p, mut t, ds) = engines(version, &entries);
            let ids: Vec<String> = (0..60).map(|i| (i * 2).to_string()).collect();
            let m = FirstMarking::new(p.clone(), &Settings::default(), &ids).unwrap();
            let got = m.digest(vec![Ok(t.answer_query(&m.queries()[0]))]).unwrap();
            let first = ds.first_seen();
            let mut want = Marks::new();
            for id in &ids {
                let row = ds.find_entry(id).unwrap();
                if first.mask(row) != 0 {
                    want.insert(id.clone(), first.mask(row));
                }
            }
            assert!(!want.is_empty());
            assert_eq!(got, want, "{version}");
        }
    }

    #[test]
    fn no_ids_no_query() {
        let (p, _, _) = engines("18.16.1", &log(10));
        assert!(FirstMarking::new(p, &Settings::default(), &[]).is_none());
    }
}
