//! Show in context on a ClickHouse table: the entry's sort keys read by its id, then
//! the rows just before it in time (newest first from it) and just after it (oldest
//! first from it), each a keyset page in the table's time order with the id breaking
//! ties, through the same escaping and the view's remaining conditions (the scope).

use super::answer::Compact;
use super::plan::{Order, Planner, Start};
use super::sql::Sql;
use crate::core::query::FilterSpec;
use crate::core::roles::Role;
use serde_json::Value;

impl Planner {
    /// The table's time order, newest first, the id breaking ties: when rows can be
    /// found after an entry's keys in it (exact keys: see [`Planner::keyset_ok`]).
    fn around_order(&self) -> Option<Order> {
        let order = self.order(None);
        self.keyset_ok(&order).then_some(order)
    }

    /// The entry whose id is `id` and its sort keys, as a page sends them back, if
    /// `spec` (what still holds: an app view's scope, a host's pinned filters) keeps
    /// it: none when the ids are masked whole or the keys cannot be compared exactly.
    pub(crate) fn around_anchor(&self, spec: &FilterSpec, id: &str) -> Option<Sql> {
        let order = self.around_order()?;
        let id_col = self.schema().role(Role::Id)?;
        if self.masks_column(&id_col.name) {
            return None;
        }
        let i = self.schema().column(&id_col.name)?;
        let mut q = self.sql();
        q.push("SELECT ").push(&self.entry_columns());
        for (n, &(k, _)) in order.keys.iter().enumerate() {
            q.push(&format!(", {} AS `__k{n}`", self.key_out(k)));
        }
        q.push(" FROM ").push(self.table_sql());
        let (_, filtered) = self.push_where_counted(&mut q, spec);
        self.push_by_id(&mut q, i, id, filtered);
        Some(q)
    }

    /// The entry's keys from the answer to [`Planner::around_anchor`]: `None` when
    /// the entry is not in the table (any more).
    pub(crate) fn read_anchor(&self, a: &Compact) -> Option<Vec<Value>> {
        self.rows(a, self.around_order()?.keys.len(), 1).first
    }

    /// The pages around the entry whose keys are `keys`: the `before` rows just
    /// before it, newest first, and the `after` rows just after it, oldest first;
    /// each asks one row more, which tells whether there are more that side. `spec`
    /// holds what still applies (the app scope, a host's pinned filters).
    pub(crate) fn around(
        &self,
        spec: &FilterSpec,
        keys: &[Value],
        before: usize,
        after: usize,
    ) -> Option<(Sql, Sql)> {
        let newest = self.around_order()?;
        if keys.len() != newest.keys.len() {
            return None;
        }
        let oldest = Order {
            keys: newest.keys.iter().map(|&(i, desc)| (i, !desc)).collect(),
        };
        let from = Start::After(keys.to_vec());
        Some((
            self.page(spec, &newest, &from, before).0,
            self.page(spec, &oldest, &from, after).0,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::dataset::Dataset;
    use crate::core::engine::clickhouse::plan::Version;
    use crate::core::engine::clickhouse::schema::Schema;
    use crate::core::engine::clickhouse::sql::tests::{HOSTILE, Token, lex};
    use crate::core::roles::Mapping;
    use serde_json::json;

    /// A table of id, time, app and user, its roles found on a sample.
    fn planner(time_type: &str) -> Planner {
        let describe = format!(
            r#"{{"meta":[{{"name":"name","type":"String"}},{{"name":"type","type":"String"}}],
            "data":[["id","UInt64"],["createdAt","{time_type}"],["appName","String"],["userEmail","String"]]}}"#
        );
        let mut s = Schema::from_describe(&Compact::parse(describe.as_bytes()).unwrap(), None);
        let sample = br#"{"id":"7","createdAt":"2026-08-14 16:45:48","appName":"Room Booking","userEmail":"ada@example.com"}"#;
        let mut d = Dataset::from_bytes(sample.to_vec()).unwrap().0;
        s.detect_roles(&mut d, &Mapping::default());
        Planner::new("trailview.audit", s, Version::parse("18.16.1"))
    }

    #[test]
    fn the_anchor_reads_the_entrys_keys_by_its_id() {
        let p = planner("DateTime");
        assert_eq!(
            p.around_anchor(&FilterSpec::default(), "42").unwrap().text,
            "SELECT `id`, `createdAt`, `appName`, `userEmail`, toUInt32(`createdAt`) AS `__k0`, \
             `id` AS `__k1` FROM `trailview`.`audit` WHERE `id` = 42 LIMIT 1 FORMAT JSONCompact"
        );
        let a = Compact::parse(br#"{"meta":[{"name":"id","type":"UInt64"},{"name":"createdAt","type":"DateTime"},{"name":"appName","type":"String"},{"name":"userEmail","type":"String"},{"name":"__k0","type":"UInt32"},{"name":"__k1","type":"UInt64"}],"data":[["42","2026-08-14 16:45:48","Rooms","ada@x",1786725948,"42"]]}"#).unwrap();
        assert_eq!(
            p.read_anchor(&a),
            Some(vec![json!(1786725948), json!("42")])
        );
        let none = Compact::parse(br#"{"meta":[],"data":[]}"#).unwrap();
        assert_eq!(p.read_anchor(&none), None);
    }

    #[test]
    fn the_anchor_holds_to_the_scope_and_pinned_filters_so_a_link_cannot_step_outside() {
        let p = planner("DateTime");
        let spec = FilterSpec {
            scope: Some("Room Booking".into()),
            filters: vec![("userEmail".into(), "=ada@example.com".into())],
            ..Default::default()
        };
        let q = p.around_anchor(&spec, "42").unwrap().text;
        assert!(
            q.contains(" WHERE (lowerUTF8(`appName`) = 'room booking')"),
            "{q}"
        );
        assert!(
            q.contains("lowerUTF8(`userEmail`) = 'ada@example.com'"),
            "{q}"
        );
        assert!(
            q.ends_with(" AND `id` = 42 LIMIT 1 FORMAT JSONCompact"),
            "{q}"
        );
    }

    #[test]
    fn the_windows_are_keyset_pages_either_side_of_the_entry_within_the_scope() {
        let p = planner("DateTime");
        let spec = FilterSpec {
            scope: Some("Room Booking".into()),
            ..Default::default()
        };
        let keys = [json!(1_786_725_948), json!("42")];
        let (before, after) = p.around(&spec, &keys, 25, 50).unwrap();
        let (before, after) = (before.text, after.text);
        // Before: older rows (time, id) < the entry's, newest first, one row more.
        assert!(
            before.contains(
                "((`createdAt` < toDateTime(1786725948)) OR (`createdAt` = toDateTime(1786725948) AND `id` < 42))"
            ),
            "{before}"
        );
        assert!(
            before.ends_with("ORDER BY `createdAt` DESC, `id` DESC LIMIT 26 FORMAT JSONCompact"),
            "{before}"
        );
        // After: newer rows, oldest first.
        assert!(
            after.contains(
                "((`createdAt` > toDateTime(1786725948)) OR (`createdAt` = toDateTime(1786725948) AND `id` > 42))"
            ),
            "{after}"
        );
        assert!(
            after.ends_with("ORDER BY `createdAt` ASC, `id` ASC LIMIT 51 FORMAT JSONCompact"),
            "{after}"
        );
        // The scope still applies on both sides; the search, filters and range do not.
        for q in [&before, &after] {
            assert!(q.contains("(lowerUTF8(`appName`) = 'room booking')"), "{q}");
        }
    }

    #[test]
    fn hostile_ids_and_keys_stay_values() {
        let p = planner("DateTime");
        // The tokens of a query with every string literal blanked: its shape.
        let shape = |q: &str| -> Vec<Token> {
            lex(q)
                .into_iter()
                .map(|t| match t {
                    Token::Str(_) => Token::Str(String::new()),
                    t => t,
                })
                .collect()
        };
        let benign = p
            .around(&FilterSpec::default(), &[json!("x"), json!("x")], 25, 25)
            .unwrap();
        for &h in HOSTILE {
            let anchor = p.around_anchor(&FilterSpec::default(), h).unwrap().text;
            assert!(anchor.contains("WHERE `id` = NULL LIMIT 1"), "{anchor}");
            let keys = [json!(h), json!(h)];
            let (before, after) = p.around(&FilterSpec::default(), &keys, 25, 25).unwrap();
            for (q, b) in [(before, &benign.0), (after, &benign.1)] {
                assert_eq!(shape(&q.text), shape(&b.text), "{h:?} changed\n{}", q.text);
                assert!(
                    lex(&q.text).contains(&Token::Str(h.to_string())),
                    "{}",
                    q.text
                );
            }
        }
    }

    #[test]
    fn keys_that_cannot_be_compared_exactly_give_no_window() {
        // DateTime64's text does not read back as the same value.
        let p = planner("DateTime64(3)");
        assert_eq!(p.around_anchor(&FilterSpec::default(), "42"), None);
        assert_eq!(
            p.around(&FilterSpec::default(), &[json!(1), json!(2)], 25, 25),
            None
        );
        // Keys of another shape than the order's are refused.
        let p = planner("DateTime");
        assert_eq!(p.around(&FilterSpec::default(), &[json!(1)], 25, 25), None);
    }

    // Native only: the stand-in server reads regular expressions with the `regex` crate.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn the_table_answers_the_same_window_as_memory() {
        use crate::core::engine::clickhouse::fake::{Cell, Table};
        use crate::core::query::RowSet;
        use crate::core::query::context;
        use crate::core::query::state::Around;
        // 40 entries, three to a second (ties), ids in time order as loaded.
        let base = 1_767_225_600i64;
        let raw = |id: u64| {
            let t = crate::core::time::format_iso(
                (base + id as i64 / 3) * 1000,
                crate::core::time::Zone::Utc,
            );
            format!(r#"{{"id":{id},"createdAt":"{t}"}}"#)
        };
        let ids: Vec<u64> = (1..=40).collect();
        let body = format!(
            "[{}]",
            ids.iter().map(|&i| raw(i)).collect::<Vec<_>>().join(",")
        );
        let memory = Dataset::from_bytes(body.into_bytes()).unwrap().0;
        let d = Compact::parse(
            br#"{"meta":[],"data":[["id","UInt64"],["createdAt","DateTime"],["raw","String"]]}"#,
        )
        .unwrap();
        let mut s = Schema::from_describe(&d, None);
        s.roles = vec![(Role::Time, 1), (Role::Id, 0)];
        let p = Planner::new("t", s, Version::parse("18.16"));
        let mut table = Table {
            names: vec!["id".into(), "createdAt".into(), "raw".into()],
            rows: ids
                .iter()
                .map(|&i| {
                    vec![
                        Cell::Int(i),
                        Cell::Time(base + i as i64 / 3),
                        Cell::Str(raw(i)),
                    ]
                })
                .collect(),
            seed: 3,
            shuffle: true,
        };
        let key_of = |d: &Dataset| {
            (0..d.len())
                .map(|r| d.entry_key(r as u32))
                .collect::<Vec<_>>()
        };
        for (id, before, after) in [(20, 5, 5), (1, 5, 5), (40, 3, 25), (14, 0, 2), (9, 50, 50)] {
            let at = Around {
                key: id.to_string(),
                before,
                after,
            };
            let w = context::around(&memory, &RowSet::full(memory.len()), &at).unwrap();
            let want: Vec<String> = w.rows.iter().map(|&r| memory.entry_key(r)).collect();
            let anchor = table.answer(
                &p.around_anchor(&FilterSpec::default(), &at.key)
                    .unwrap()
                    .text,
            );
            let keys = p.read_anchor(&anchor).unwrap();
            let (early, late) = p
                .around(&FilterSpec::default(), &keys, before, after)
                .unwrap();
            let early = p.dataset(&p.rows(&table.answer(&early.text), 2, before));
            let late = p.dataset(&p.rows(&table.answer(&late.text), 2, after));
            let mut got: Vec<String> = key_of(&early).into_iter().rev().collect();
            got.push(id.to_string());
            got.extend(key_of(&late));
            assert_eq!(got, want, "around {id}, {before} before, {after} after");
        }
        // An entry not in the table: no keys.
        let none = table.answer(&p.around_anchor(&FilterSpec::default(), "99").unwrap().text);
        assert_eq!(p.read_anchor(&none), None);
    }
}
