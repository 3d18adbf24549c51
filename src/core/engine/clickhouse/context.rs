//! Show in context on a ClickHouse table, as the session's sans-IO walk: the entry
//! and its sort keys by id ([`Planner::around_anchor`]), then the pages either side
//! of it ([`Planner::around`]); their answers read into one small dataset, newest
//! first as the table shows by default, and the [`Window`] the banner tells of.

use super::answer::Compact;
use super::fault::{Fault, QueryError};
use super::plan::{Planner, Rows};
use super::query::{Purpose, Query};
use super::settings::Settings;
use crate::core::dataset::Dataset;
use crate::core::engine::Ask;
use crate::core::query::FilterSpec;
use crate::core::query::context::Window;
use crate::core::query::state::Around;
use crate::core::store::Row;
use serde_json::Value;

/// One walk around an entry.
#[derive(Clone, Debug)]
pub(crate) struct Context {
    planner: Planner,
    settings: Settings,
    /// What still applies: the scope and a host's pinned filters.
    spec: FilterSpec,
    at: Around,
    /// The entry's JSON and keys, once read.
    entry: Option<(String, Vec<Value>)>,
}

impl Context {
    /// The walk `ask` asks for (`None`: the view shows no context).
    pub(crate) fn new(ask: &Ask, planner: Planner, settings: &Settings) -> Option<Context> {
        Some(Context {
            at: ask.context.clone()?,
            spec: ask.spec.clone(),
            planner,
            settings: settings.clone(),
            entry: None,
        })
    }

    /// The first query, the entry and its keys; `None`: the table cannot answer
    /// (ids masked whole, or keys it cannot compare exactly).
    pub(crate) fn anchor(&self) -> Option<Query> {
        let sql = self.planner.around_anchor(&self.spec, &self.at.key)?;
        Some(Query::new(sql, &self.settings, None, Purpose::Context))
    }

    /// The count of what the view could show (the app's entries in an app view),
    /// for a context opened before any view counted it.
    pub(crate) fn count(&self) -> Query {
        let only_scope = FilterSpec {
            scope: self.spec.scope.clone(),
            ..Default::default()
        };
        Query::new(
            self.planner.summary(&only_scope),
            &self.settings,
            None,
            Purpose::All,
        )
    }

    /// Digests [`Context::count`]'s answer.
    pub(crate) fn counted(&self, answer: Result<Compact, Fault>) -> Option<usize> {
        answer.ok().map(|a| self.planner.read_summary(&a).total)
    }

    fn failed(&self, f: &Fault, sql: &str) -> QueryError {
        QueryError::new(f, self.planner.redaction(), sql)
    }

    /// Digests the anchor's answer: the two page queries to send (before, after),
    /// or `None` when the entry is not in the table (any more).
    pub(crate) fn pages(
        &mut self,
        answer: Result<Compact, Fault>,
    ) -> Result<Option<(Query, Query)>, QueryError> {
        let sql = self.anchor().map(|q| q.sql.text).unwrap_or_default();
        let a = answer.map_err(|f| self.failed(&f, &sql))?;
        let Some(keys) = self.planner.read_anchor(&a) else {
            return Ok(None);
        };
        let n = keys.len();
        let Some(json) = self.planner.rows(&a, n, 1).entries.into_iter().next() else {
            return Ok(None);
        };
        let Some((before, after)) =
            self.planner
                .around(&self.spec, &keys, self.at.before, self.at.after)
        else {
            return Ok(None);
        };
        self.entry = Some((json, keys));
        let q = |sql| Query::new(sql, &self.settings, None, Purpose::Context);
        Ok(Some((q(before), q(after))))
    }

    /// Digests both pages' answers: the rows newest first, as a dataset mapped as
    /// the table is, and the window over them.
    pub(crate) fn window(
        &self,
        before: Result<Compact, Fault>,
        after: Result<Compact, Fault>,
    ) -> Result<(Dataset, Window), QueryError> {
        let (json, keys) = self.entry.clone().unwrap_or_default();
        let n = keys.len();
        let read = |a: Result<Compact, Fault>, size: usize| {
            a.map(|a| (self.planner.rows(&a, n, size).entries, a.data.len() > size))
                .map_err(|f| self.failed(&f, ""))
        };
        let (early, more_before) = read(before, self.at.before)?;
        let (late, more_after) = read(after, self.at.after)?;
        // Newest first: the later rows (read oldest first) reversed, the entry, the
        // earlier rows (read newest first).
        let centre = late.len() as Row;
        let mut entries: Vec<String> = late.into_iter().rev().collect();
        entries.push(json);
        entries.extend(early);
        let rows = Rows {
            entries,
            last: None,
            first: None,
            tied: 0,
        };
        let d = self.planner.dataset(&rows);
        let window = Window {
            rows: (0..d.len() as Row).rev().collect(),
            entry: centre,
            more_before,
            more_after,
        };
        Ok((d, window))
    }
}

// Native only: the stand-in server reads regular expressions with the `regex` crate.
#[cfg(not(target_arch = "wasm32"))]
#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::engine::clickhouse::fake::{Cell, Table};
    use crate::core::engine::clickhouse::plan::Version;
    use crate::core::engine::clickhouse::schema::Schema;
    use crate::core::query::{Sort, context};
    use crate::core::roles::{Mapping, Role};
    use crate::core::time::{Zone, format_iso};

    const BASE: i64 = 1_767_225_600;

    fn raw(id: u64, app: &str) -> String {
        let t = format_iso((BASE + id as i64 / 3) * 1000, Zone::Utc);
        format!(r#"{{"id":{id},"createdAt":"{t}","app":"{app}"}}"#)
    }

    fn app(id: u64) -> &'static str {
        if id.is_multiple_of(4) {
            "Rooms"
        } else {
            "Desk"
        }
    }

    /// 40 entries, three to a second, in two apps: in memory and as a table.
    fn both() -> (Dataset, Planner, Table) {
        let body: Vec<String> = (1..=40).map(|i| raw(i, app(i))).collect();
        let memory = Dataset::from_bytes(format!("[{}]", body.join(",")).into_bytes())
            .unwrap()
            .0;
        let d = Compact::parse(
            br#"{"meta":[],"data":[["id","UInt64"],["createdAt","DateTime"],["app","String"],["raw","String"]]}"#,
        )
        .unwrap();
        let mut s = Schema::from_describe(&d, None);
        s.roles = vec![(Role::Time, 1), (Role::Id, 0), (Role::App, 2)];
        let table = Table {
            names: vec!["id".into(), "createdAt".into(), "app".into(), "raw".into()],
            rows: (1..=40u64)
                .map(|i| {
                    vec![
                        Cell::Int(i),
                        Cell::Time(BASE + i as i64 / 3),
                        Cell::Str(app(i).into()),
                        Cell::Str(raw(i, app(i))),
                    ]
                })
                .collect(),
            seed: 5,
            shuffle: true,
        };
        (memory, Planner::new("t", s, Version::parse("18.16")), table)
    }

    fn ask(key: &str, before: usize, after: usize, scope: Option<&str>) -> Ask {
        Ask {
            spec: FilterSpec {
                scope: scope.map(str::to_string),
                ..Default::default()
            },
            sort: Sort::Default,
            page: 0,
            shift: 0,
            size: 50,
            tz: Zone::Utc,
            map: Mapping::default(),
            context: Some(Around {
                key: key.into(),
                before,
                after,
            }),
        }
    }

    fn keys(d: &Dataset, rows: &[Row]) -> Vec<String> {
        rows.iter().map(|&r| d.entry_key(r)).collect()
    }

    #[test]
    fn the_walk_gives_the_window_the_memory_engine_gives() {
        let (memory, p, mut table) = both();
        for (key, before, after, scope) in [
            ("20", 5, 5, None),
            ("1", 25, 25, None),
            ("40", 3, 2, None),
            ("24", 2, 2, Some("Rooms")),
        ] {
            let a = ask(key, before, after, scope);
            let mut walk = Context::new(&a, p.clone(), &Settings::default()).unwrap();
            let first = walk.anchor().unwrap();
            assert_eq!(first.purpose, Purpose::Context);
            let (b, f) = walk
                .pages(Ok(table.answer(&first.sql.text)))
                .unwrap()
                .expect("the entry is in the table");
            let (d, w) = walk
                .window(Ok(table.answer(&b.sql.text)), Ok(table.answer(&f.sql.text)))
                .unwrap();
            let base = crate::core::query::filter(&memory, &a.spec);
            let m = context::around(&memory, &base, a.context.as_ref().unwrap()).unwrap();
            assert_eq!(keys(&d, &w.rows), keys(&memory, &m.rows), "{key}");
            assert_eq!(d.entry_key(w.entry), key);
            if scope.is_some() {
                // Only the app's entries, either side.
                assert_eq!(keys(&d, &w.rows), ["16", "20", "24", "28", "32"]);
            }
            assert_eq!(
                (w.more_before, w.more_after),
                (m.more_before, m.more_after),
                "{key}"
            );
        }
    }

    #[test]
    fn an_entry_gone_from_the_table_ends_the_walk_and_failures_say_which_query() {
        let (_, p, mut table) = both();
        let mut walk =
            Context::new(&ask("99", 25, 25, None), p.clone(), &Settings::default()).unwrap();
        let q = walk.anchor().unwrap();
        assert_eq!(walk.pages(Ok(table.answer(&q.sql.text))).unwrap(), None);
        let err = walk.pages(Fault::read(502, b"")).unwrap_err();
        assert_eq!(err.message, "ClickHouse answered HTTP 502");
        assert_eq!(err.sql, q.sql.text);
        // What the view could show is counted within the scope.
        let scoped = Context::new(
            &ask("24", 2, 2, Some("Rooms")),
            p.clone(),
            &Settings::default(),
        )
        .unwrap();
        let q = scoped.count();
        assert_eq!(q.purpose, Purpose::All);
        assert!(q.sql.text.contains("'rooms'"), "{}", q.sql.text);
        let mut plain = ask("1", 25, 25, None);
        plain.context = None;
        assert!(Context::new(&plain, p, &Settings::default()).is_none());
    }
}
