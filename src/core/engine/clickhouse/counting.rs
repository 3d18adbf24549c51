//! Counting several queries in one request (the built-in investigations on
//! ClickHouse): `SELECT countIf(…), countIf(…) FROM t WHERE <fence>`, each
//! `countIf` one query's clauses through the query language's SQL, over the rows the
//! app scope and a host's pinned filters keep. A query with a clause the table
//! cannot answer as memory would is not counted (`None`), never counted wrongly.

use super::answer::Compact;
use super::fault::{Fault, QueryError};
use super::lang_sql::{self, Env};
use super::plan::Planner;
use super::query::{Purpose, Query};
use super::settings::Settings;
use super::sql::Sql;
use crate::core::kind::Overrides;
use crate::core::query::FilterSpec;
use crate::core::query::lang;
use crate::core::time::Zone;

impl Planner {
    /// The query counting each of `queries` among the rows `fence` keeps, and for
    /// each whether it has a column in it; `None` when none could be counted.
    pub(crate) fn counts(
        &self,
        fence: &FilterSpec,
        queries: &[String],
        zone: Zone,
        kinds: &Overrides,
    ) -> Option<(Sql, Vec<bool>)> {
        let env = Env { zone, kinds };
        let mut q = self.sql();
        q.push("SELECT ");
        let mut counted = Vec::with_capacity(queries.len());
        for text in queries {
            let Ok(query) = lang::parse(text, self.schema()) else {
                counted.push(false);
                continue;
            };
            let mut trial = q.clone();
            if counted.contains(&true) {
                trial.push(", ");
            }
            trial.push("countIf(1");
            let ok = query.clauses().iter().all(|(clause, _)| {
                trial.push(" AND ");
                lang_sql::push_expr(self, &mut trial, clause, &env).is_ok()
            });
            trial.push(")");
            if ok {
                q = trial;
            }
            counted.push(ok);
        }
        if !counted.contains(&true) {
            return None;
        }
        q.push(" FROM ").push(self.table_sql());
        self.push_where(&mut q, fence);
        q.push(" FORMAT JSONCompact");
        Some((q, counted))
    }
}

/// One count of several queries: its request and how to read the answer.
#[derive(Clone, Debug)]
pub(crate) struct Counting {
    query: Option<Query>,
    counted: Vec<bool>,
    redaction: crate::core::trust::redact::Redaction,
}

impl Counting {
    /// The count of `queries` with `planner` among the rows `fence` keeps.
    pub(crate) fn new(
        planner: &Planner,
        settings: &Settings,
        fence: &FilterSpec,
        queries: &[String],
        kinds: &Overrides,
    ) -> Counting {
        let asked = planner.counts(fence, queries, fence.zone, kinds);
        let counted = match &asked {
            Some((_, c)) => c.clone(),
            None => vec![false; queries.len()],
        };
        Counting {
            query: asked.map(|(sql, _)| Query::new(sql, settings, None, Purpose::Count)),
            counted,
            redaction: planner.redaction().clone(),
        }
    }

    /// The request to send; `None` when no query can be counted (all are `None`).
    pub(crate) fn query(&self) -> Option<&Query> {
        self.query.as_ref()
    }

    /// Each query's count, `None` for one the table cannot answer; or the failed
    /// query to show.
    pub(crate) fn digest(
        &self,
        result: Option<Result<Compact, Fault>>,
    ) -> Result<Vec<Option<usize>>, QueryError> {
        let answer = match result {
            None => return Ok(vec![None; self.counted.len()]),
            Some(Ok(a)) => a,
            Some(Err(f)) => {
                return Err(QueryError::new(
                    &f,
                    &self.redaction,
                    self.query.as_ref().map_or("", |q| q.sql.text.as_str()),
                ));
            }
        };
        let mut col = 0;
        Ok(self
            .counted
            .iter()
            .map(|&ok| {
                ok.then(|| {
                    col += 1;
                    answer.count(0, col - 1) as usize
                })
            })
            .collect())
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::dataset::Dataset;
    use crate::core::engine::clickhouse::fake::{Cell, Table};
    use crate::core::engine::clickhouse::plan::Version;
    use crate::core::engine::clickhouse::schema::Schema;
    use crate::core::query::investigate;
    use crate::core::roles::Role;

    /// A table of actions (one a JSON `data.status` the table has no column for).
    fn log() -> (Dataset, Planner, Table) {
        let actions = [
            "user.login",
            "user.login",
            "user.2fa.enable",
            "email.sent",
            "app.publish",
            "role.grant",
            "settings.update",
            "file.upload",
            "file.delete",
        ];
        let raw = |i: usize, a: &str| {
            format!(
                r#"{{"id":{i},"app":"{}","action":"{a}"}}"#,
                if i.is_multiple_of(2) { "Shop" } else { "Blog" }
            )
        };
        let body = format!(
            "[{}]",
            actions
                .iter()
                .enumerate()
                .map(|(i, a)| raw(i, a))
                .collect::<Vec<_>>()
                .join(",")
        );
        let memory = Dataset::from_bytes(body.into_bytes()).unwrap().0;
        let d = Compact::parse(
            br#"{"meta":[],"data":[["id","UInt64"],["app","String"],["action","String"],["raw","String"]]}"#,
        )
        .unwrap();
        let mut s = Schema::from_describe(&d, None);
        s.roles = vec![(Role::Id, 0), (Role::App, 1), (Role::Action, 2)];
        let p = Planner::new("t", s, Version::parse("18.16"));
        let table = Table {
            names: vec!["id".into(), "app".into(), "action".into(), "raw".into()],
            rows: actions
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    let app = if i.is_multiple_of(2) { "Shop" } else { "Blog" };
                    vec![
                        Cell::Int(i as u64),
                        Cell::Str(app.into()),
                        Cell::Str((*a).into()),
                        Cell::Str(raw(i, a)),
                    ]
                })
                .collect(),
            seed: 1,
            shuffle: true,
        };
        (memory, p, table)
    }

    #[test]
    fn the_investigations_count_on_the_table_as_in_memory_within_the_scope() {
        let (memory, p, mut table) = log();
        let queries: Vec<String> = investigate::ALL
            .iter()
            .map(|i| i.query.to_string())
            .collect();
        let kinds = Overrides::default();
        for scope in [None, Some("shop")] {
            let fence = FilterSpec::fence(scope.map(str::to_string), Vec::new());
            let (sql, counted) = p.counts(&fence, &queries, Zone::Utc, &kinds).unwrap();
            let answer = table.answer(&sql.text);
            let c = Counting {
                query: None,
                counted,
                redaction: Default::default(),
            };
            let got = c.digest(Some(Ok(answer))).unwrap();
            let want: Vec<Option<usize>> = investigate::ALL
                .iter()
                .map(|i| {
                    let spec = FilterSpec {
                        search: i.query.to_string(),
                        ..fence.clone()
                    };
                    Some(crate::core::query::filter(&memory, &spec).count())
                })
                .collect();
            assert_eq!(got, want, "in {scope:?}");
            assert!(got.iter().flatten().any(|&n| n > 0));
        }
    }

    #[test]
    fn nothing_countable_asks_nothing_and_hostile_text_stays_a_value() {
        let (_, p, _) = log();
        let kinds = Overrides::default();
        let fence = FilterSpec::default();
        assert!(p.counts(&fence, &["(".into()], Zone::Utc, &kinds).is_none());
        let (sql, counted) = p
            .counts(
                &fence,
                &["action:\"x') OR 1=1 --\"".into(), "(".into()],
                Zone::Utc,
                &kinds,
            )
            .unwrap();
        assert_eq!(counted, [true, false]);
        assert!(sql.text.contains(r"= 'x\') or 1=1 --')"), "{}", sql.text);
    }
}
