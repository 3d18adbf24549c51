//! Follow the actor on ClickHouse, as SQL ([`crate::core::explain::chain`] has the
//! rules): the start entry by its id, then the window's events whose actor or
//! target is one of a few identities, after a point of the walk, in the walk's
//! order (time, then the id), at most [`MAX_EVENTS`] + 1 of them.
//!
//! Identities are compared as the server's text of the columns, masked as their rows
//! are ([`Planner::text`]), each an escaped literal (or a parameter) in an `IN`
//! list: 18.16 takes no query parameters. A chain needs a `DateTime` time and an id,
//! neither null nor masked, so that events are placed exactly (the keys keyset paging
//! compares); the actor, action and target columns are read when the table has them
//! as plain columns, else as `NULL`.

use super::answer::{Compact, number, text_of};
use super::breakdown::scalar;
use super::plan::{Order, Planner};
use super::schema::Kind;
use super::sql::{Sql, ident};
use crate::core::explain::chain::MAX_EVENTS;
use crate::core::query::FilterSpec;
use crate::core::roles::Role;
use serde_json::Value;

/// The columns a chain reads (indexes into the schema).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ChainCols {
    /// The time, first in the walk's order.
    pub time: usize,
    /// The id, breaking ties in time, and what opens an entry.
    pub id: usize,
    /// Who acted, if the table says.
    pub actor: Option<usize>,
    /// What was done, if the table says.
    pub action: Option<usize>,
    /// To which thing, if the table says.
    pub target: Option<usize>,
}

/// An id as the server orders it: a number's value, else its bytes.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum IdKey {
    /// A number column's value.
    Num(i128),
    /// Any other column's text.
    Text(String),
}

/// Where an event is in the walk: its second, then its id.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Pos {
    /// Seconds since 1970.
    pub secs: i64,
    /// The id.
    pub id: IdKey,
}

/// An event as the server sent it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Event {
    /// Its place in the walk.
    pub pos: Pos,
    /// Its time and id as the server sent them, to compare with in a query.
    pub keys: Vec<Value>,
    /// Its id as text (what the entry lookup takes).
    pub entry: String,
    /// Who acted.
    pub actor: Option<String>,
    /// What was done.
    pub action: Option<String>,
    /// To which thing.
    pub target: Option<String>,
}

impl Planner {
    /// The columns a chain reads: `None` without a `DateTime` time or an id whose
    /// values place events exactly (see [`Planner::keyset_ok`]).
    pub(crate) fn chain_cols(&self) -> Option<ChainCols> {
        let s = self.schema();
        let at = |r: Role| s.column(&s.role(r)?.name);
        let (time, id) = (at(Role::Time)?, at(Role::Id)?);
        let order = Order {
            keys: vec![(time, false), (id, false)],
        };
        if s.columns[time].kind != Kind::Time || !self.keyset_ok(&order) {
            return None;
        }
        let plain = |r: Role| at(r).filter(|&i| Some(i) != s.raw && scalar(&s.columns[i]));
        Some(ChainCols {
            time,
            id,
            actor: plain(Role::Actor),
            action: plain(Role::Action),
            target: plain(Role::Target),
        })
    }

    /// `SELECT actor, action, target, time, id FROM …`.
    fn chain_select(&self, cols: &ChainCols) -> Sql {
        let text = |c: Option<usize>| c.map_or("NULL".into(), |i| self.text(i));
        let mut q = self.sql();
        q.push(&format!(
            "SELECT {}, {}, {}, {}, {} FROM ",
            text(cols.actor),
            text(cols.action),
            text(cols.target),
            self.key_out(cols.time),
            self.key_out(cols.id)
        ))
        .push(self.table_sql());
        q
    }

    /// The start entry, whose id is `id`, among the rows `fence` keeps.
    pub(crate) fn chain_start(&self, cols: &ChainCols, fence: &FilterSpec, id: &str) -> Sql {
        let mut q = self.chain_select(cols);
        let (_, filtered) = self.push_where_counted(&mut q, fence);
        self.push_by_id(&mut q, cols.id, id, filtered);
        q
    }

    /// The events among the rows `fence` keeps within `window_ms` after `start`
    /// (not `start` itself) whose actor or target is one of `who`, after the event
    /// at `after` (`None`: from the window's start), in the walk's order: at most
    /// [`MAX_EVENTS`] + 1.
    pub(crate) fn chain_events(
        &self,
        cols: &ChainCols,
        fence: &FilterSpec,
        (start, window_ms): (&Event, i64),
        who: &[String],
        after: Option<&Event>,
    ) -> Sql {
        let mut q = self.chain_select(cols);
        let (_, filtered) = self.push_where_counted(&mut q, fence);
        let t = ident(&self.schema().columns[cols.time].name);
        let end = start.pos.secs + window_ms.max(0).div_euclid(1000);
        q.push(if filtered { " AND " } else { " WHERE " })
            .push(&format!("{t} >= toDateTime("))
            .int(start.pos.secs)
            .push(&format!(") AND {t} <= toDateTime("))
            .int(end)
            .push(&format!(") AND NOT ({} = ", self.key(cols.id)));
        self.push_key_value(&mut q, cols.id, &start.keys[1]);
        q.push(") AND (");
        let sides: Vec<usize> = [cols.actor, cols.target].into_iter().flatten().collect();
        for (n, &i) in sides.iter().enumerate() {
            q.push(if n > 0 { " OR " } else { "" })
                .push(&format!("{} IN (", self.text(i)));
            for (m, w) in who.iter().enumerate() {
                q.push(if m > 0 { ", " } else { "" }).value(w);
            }
            q.push(")");
        }
        if sides.is_empty() {
            q.push("0");
        }
        q.push(")");
        let order = Order {
            keys: vec![(cols.time, false), (cols.id, false)],
        };
        if let Some(e) = after {
            q.push(" AND ");
            self.push_keys_beyond(&mut q, &order, &e.keys, true);
        }
        q.push(&format!(
            " ORDER BY {} ASC, {} ASC LIMIT ",
            self.key(cols.time),
            self.key(cols.id)
        ))
        .int(MAX_EVENTS as i64 + 1)
        .push(" FORMAT JSONCompact");
        q
    }

    /// The events of an answer to [`Self::chain_start`] or [`Self::chain_events`].
    pub(crate) fn read_events(&self, cols: &ChainCols, a: &Compact) -> Vec<Event> {
        let number_id = self.schema().columns[cols.id].kind == Kind::Number;
        a.data
            .iter()
            .filter(|row| row.len() == 5)
            .map(|row| {
                let text = |v: &Value| (!v.is_null()).then(|| text_of(v));
                let entry = text_of(&row[4]);
                let id = match entry.parse() {
                    Ok(n) if number_id => IdKey::Num(n),
                    _ => IdKey::Text(entry.clone()),
                };
                Event {
                    pos: Pos {
                        secs: number(&row[3]).unwrap_or(0.0) as i64,
                        id,
                    },
                    keys: row[3..].to_vec(),
                    entry,
                    actor: text(&row[0]),
                    action: text(&row[1]),
                    target: text(&row[2]),
                }
            })
            .collect()
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "chain_sql_tests.rs"]
mod tests;
