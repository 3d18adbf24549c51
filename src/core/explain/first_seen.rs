//! First seen: the entries that are the first time, within the loaded log, that an
//! actor did an action, used an IP address or a user agent, or acted in an app.
//!
//! For each [`Reason`], rows are grouped by (actor, value), both compared as text
//! (dictionary codes of the same text are one value, `null` is none); rows without
//! a time, an actor or a value are left out. A group's earliest time is its first
//! time, and every row of the group at that time is first seen (ties all count, as
//! SQL's `min()` gives). Values are read at the role's own field, as the facets
//! and the breakdown read them: an array there is no value (its elements are at
//! `field[]`), and where a role reads such elements a row with several distinct
//! ones has no single value and is left out too. Two passes per reason with a
//! hash map, no sort.
//!
//! The dataset computes it once per load or mapping (`Dataset::first_seen`); the
//! memory engine counts it as a facet (`engine::memory::first_seen`) and the
//! ClickHouse engine asks the same as SQL (`engine::clickhouse::first_sql`).

use crate::core::query::rowset::RowSet;
use crate::core::roles::Role;
use crate::core::store::dict::Kind;
use crate::core::store::{NodeId, Row, Store};
use crate::core::time::EpochMs;
use hashbrown::HashMap;

/// Why an entry is first seen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reason {
    /// The actor's first entry with this action.
    Action,
    /// The actor's first entry from this IP address.
    Ip,
    /// The actor's first entry with this user agent.
    Agent,
    /// The actor's first entry in this app.
    App,
}

impl Reason {
    /// Every reason, in the order lists show them.
    pub const ALL: [Reason; 4] = [Reason::Action, Reason::Ip, Reason::Agent, Reason::App];

    /// The name in queries and facets (`first:ip`).
    pub fn key(self) -> &'static str {
        match self {
            Reason::Action => "action",
            Reason::Ip => "ip",
            Reason::Agent => "agent",
            Reason::App => "app",
        }
    }

    /// What it means, as shown to admins.
    pub fn label(self) -> &'static str {
        match self {
            Reason::Action => "first time this actor did this action",
            Reason::Ip => "first time this actor used this IP address",
            Reason::Agent => "first time this actor used this user agent",
            Reason::App => "first time this actor acted in this app",
        }
    }

    /// Its short name, for a facet's value: `New IP address`.
    pub fn name(self) -> &'static str {
        match self {
            Reason::Action => "New action",
            Reason::Ip => "New IP address",
            Reason::Agent => "New user agent",
            Reason::App => "New app",
        }
    }

    /// The reason named `key` (any case).
    pub fn from_key(key: &str) -> Option<Reason> {
        Reason::ALL
            .into_iter()
            .find(|r| r.key().eq_ignore_ascii_case(key.trim()))
    }

    /// Its bit in a row's mask.
    pub fn bit(self) -> u8 {
        1 << self as u8
    }

    /// The roles that may hold its value, the first the log has is read (an app
    /// by its name, else by its id).
    pub(crate) fn roles(self) -> &'static [Role] {
        match self {
            Reason::Action => &[Role::Action],
            Reason::Ip => &[Role::Ip],
            Reason::Agent => &[Role::UserAgent],
            Reason::App => &[Role::App, Role::AppId],
        }
    }
}

/// Every row's reasons for being first seen, as a bitmask ([`Reason::bit`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FirstSeen {
    masks: Vec<u8>,
    applies: bool,
}

/// No value at a row.
const NONE: u32 = u32::MAX;
/// Several distinct values at a row: none to group by.
const SEVERAL: u32 = u32::MAX - 1;

impl FirstSeen {
    /// First seen over the `store`'s rows, with each row's event time from `time`
    /// and the field playing each role from `role`.
    pub(crate) fn compute(
        store: &Store,
        time: impl Fn(Row) -> Option<EpochMs>,
        role: impl Fn(Role) -> Option<NodeId>,
    ) -> FirstSeen {
        let n = store.len();
        let mut masks = vec![0u8; n];
        let fields: Vec<(Reason, NodeId)> = Reason::ALL
            .into_iter()
            .filter_map(|r| Some((r, r.roles().iter().find_map(|&x| role(x))?)))
            .collect();
        let actor = role(Role::Actor);
        let timed = role(Role::Time).is_some();
        let (Some(actor), true, false) = (actor, timed, fields.is_empty()) else {
            return FirstSeen {
                masks,
                applies: false,
            };
        };
        let actors = values(store, actor, n);
        for (reason, node) in fields {
            let vals = values(store, node, n);
            let key = |r: usize| -> Option<(u64, EpochMs)> {
                let (a, v) = (actors[r], vals[r]);
                if a >= SEVERAL || v >= SEVERAL {
                    return None;
                }
                Some(((u64::from(a) << 32) | u64::from(v), time(r as Row)?))
            };
            // First pass: each pair's earliest time; second: the rows at it.
            let mut first: HashMap<u64, EpochMs> = HashMap::new();
            for r in 0..n {
                if let Some((k, t)) = key(r) {
                    first.entry(k).and_modify(|f| *f = (*f).min(t)).or_insert(t);
                }
            }
            for (r, m) in masks.iter_mut().enumerate() {
                if let Some((k, t)) = key(r)
                    && first.get(&k) == Some(&t)
                {
                    *m |= reason.bit();
                }
            }
        }
        FirstSeen {
            masks,
            applies: true,
        }
    }

    /// True if the log has an actor, times and some reason's field: anything can
    /// be first seen in it.
    pub(crate) fn applies(&self) -> bool {
        self.applies
    }

    /// Rows it covers.
    pub fn len(&self) -> usize {
        self.masks.len()
    }

    /// True if it covers no row.
    pub fn is_empty(&self) -> bool {
        self.masks.is_empty()
    }

    /// The reasons bitmask of `row` (0 beyond the rows covered).
    pub fn mask(&self, row: Row) -> u8 {
        self.masks.get(row as usize).copied().unwrap_or(0)
    }

    /// Why `row` is first seen, in [`Reason::ALL`] order (empty: it is not).
    pub fn reasons(&self, row: Row) -> Vec<Reason> {
        let m = self.mask(row);
        Reason::ALL
            .into_iter()
            .filter(|r| m & r.bit() != 0)
            .collect()
    }

    /// The rows first seen for any of `reasons`.
    pub fn rows_with(&self, reasons: &[Reason]) -> RowSet {
        let want = reasons.iter().fold(0u8, |m, r| m | r.bit());
        self.rows(|m| m & want != 0)
    }

    /// The rows first seen for some reason.
    pub fn rows_any(&self) -> RowSet {
        self.rows(|m| m != 0)
    }

    fn rows(&self, keep: impl Fn(u8) -> bool) -> RowSet {
        let rows = self.masks.iter().enumerate().filter(|&(_, &m)| keep(m));
        RowSet::from_rows(self.masks.len(), rows.map(|(r, _)| r as Row))
    }

    /// Among `within`: the rows first seen for each reason (in [`Reason::ALL`]
    /// order), and the rows first seen for none.
    pub fn counts(&self, within: &RowSet) -> ([usize; 4], usize) {
        let mut per = [0usize; 4];
        let mut none = 0;
        for r in within.iter() {
            let m = self.mask(r);
            none += usize::from(m == 0);
            for (i, reason) in Reason::ALL.iter().enumerate() {
                per[i] += usize::from(m & reason.bit() != 0);
            }
        }
        (per, none)
    }

    /// Approximate heap bytes held.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.masks.capacity()
    }
}

/// Each row's one value at leaf column `node` as a text id (codes of the same
/// text share one), [`NONE`] or [`SEVERAL`] where it has not exactly one.
fn values(store: &Store, node: NodeId, rows: usize) -> Vec<u32> {
    let mut out = vec![NONE; rows];
    let Some(leaf) = store.leaf_at(node) else {
        return out;
    };
    let dict = &leaf.dict;
    let mut by_text: HashMap<&str, u32> = HashMap::new();
    let ids: Vec<u32> = (0..dict.len() as u32)
        .map(|c| match dict.kind(c) {
            Kind::Null => NONE,
            _ => {
                let next = by_text.len() as u32;
                *by_text.entry(dict.text(c)).or_insert(next)
            }
        })
        .collect();
    for (i, &c) in leaf.codes().iter().enumerate() {
        let v = ids[c as usize];
        let Some(slot) = out.get_mut(leaf.row_at(i) as usize) else {
            continue;
        };
        if v != NONE {
            *slot = match *slot {
                NONE => v,
                x if x == v => x,
                _ => SEVERAL,
            };
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::dataset::Dataset;
    use crate::core::roles::Mapping;
    use crate::core::testing::Rng;
    use serde_json::{Value, json};

    const MAP: &str = "time:time,actor:user,action:action,ip:ip,agent:ua,app:app,appid:appId";

    fn load(entries: &[Value]) -> Dataset {
        load_mapped(entries, MAP)
    }

    fn load_mapped(entries: &[Value], map: &str) -> Dataset {
        let body: String = entries.iter().map(|e| format!("{e}\n")).collect();
        let mut d = Dataset::from_bytes(body.into_bytes()).unwrap().0;
        d.set_mapping(&Mapping::parse(map));
        d
    }

    /// An entry at second `s` of the day.
    fn at(s: u32, user: &str, ip: &str) -> Value {
        json!({"time": format!("2026-01-01T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60),
            "user": user, "action": "login", "ip": ip, "ua": "curl", "app": "Shop"})
    }

    fn rows(f: &FirstSeen, r: Reason) -> Vec<u32> {
        f.rows_with(&[r]).iter().collect()
    }

    #[test]
    fn a_new_ip_of_a_known_actor_is_first_seen_once() {
        let mut log: Vec<Value> = (0..20).map(|i| at(i, "ada", "10.0.0.1")).collect();
        log.push(at(30, "ada", "10.0.0.9"));
        log.extend((31..35).map(|i| at(i, "ada", "10.0.0.9")));
        let d = load(&log);
        let f = d.first_seen();
        assert_eq!(rows(f, Reason::Ip), [0, 20]);
        assert_eq!(f.reasons(20), [Reason::Ip]);
        assert_eq!(f.reasons(0), Reason::ALL, "the first entry is first in all");
        assert!(f.reasons(21).is_empty(), "a repeat is not");
        assert_eq!(f.rows_any().iter().collect::<Vec<_>>(), [0, 20]);
    }

    #[test]
    fn ties_at_the_first_time_all_count() {
        let log = [
            at(5, "ada", "a"),
            at(5, "ada", "a"),
            at(6, "ada", "a"),
            at(7, "bob", "a"),
        ];
        let d = load(&log);
        assert_eq!(rows(d.first_seen(), Reason::Ip), [0, 1, 3]);
        assert_eq!(rows(d.first_seen(), Reason::Action), [0, 1, 3]);
    }

    #[test]
    fn rows_without_a_time_an_actor_or_a_value_never_count() {
        let log = [
            json!({"user": "ada", "ip": "a", "time": "not a time"}),
            json!({"time": "2026-01-01T00:00:01Z", "ip": "a"}),
            json!({"time": "2026-01-01T00:00:02Z", "user": null, "ip": "a"}),
            json!({"time": "2026-01-01T00:00:03Z", "user": "ada", "ip": null}),
            json!({"time": "2026-01-01T00:00:04Z", "user": "ada", "ip": "a"}),
            // An array is no value at `ip` (its elements are at `ip[]`).
            json!({"time": "2026-01-01T00:00:00Z", "user": "ada", "ip": ["a", "b"]}),
            json!({"time": "2026-01-01T00:00:05Z", "user": "bob", "ip": ["a", "a"]}),
        ];
        let d = load(&log);
        assert_eq!(rows(d.first_seen(), Reason::Ip), [4]);
        // Read at `ip[]`: several IPs are no one value to be first with, one IP
        // written twice is one.
        let d = load_mapped(&log, "time:time,actor:user,ip:ip[]");
        assert_eq!(rows(d.first_seen(), Reason::Ip), [6]);
    }

    #[test]
    fn values_compare_as_text_and_the_app_falls_back_to_its_id() {
        let log = [
            json!({"time": "2026-01-01T00:00:01Z", "user": "ada", "appId": 101}),
            json!({"time": "2026-01-01T00:00:02Z", "user": "ada", "appId": "101"}),
            json!({"time": "2026-01-01T00:00:03Z", "user": "ada", "appId": 102}),
            json!({"time": "2026-01-01T00:00:04Z", "user": 7, "appId": 102}),
            json!({"time": "2026-01-01T00:00:05Z", "user": "7", "appId": 102}),
        ];
        let d = load_mapped(&log, "time:time,actor:user,app:-,appid:appId");
        assert!(d.role(Role::App).is_none());
        assert_eq!(rows(d.first_seen(), Reason::App), [0, 2, 3]);
        assert!(rows(d.first_seen(), Reason::Ip).is_empty(), "no IP field");
        // With neither an actor nor a time, nothing can be first seen.
        let none = load(&[json!({"x": 1})]);
        assert!(!none.first_seen().applies());
        assert!(d.first_seen().applies());
    }

    #[test]
    fn appended_entries_and_another_mapping_recompute_it() {
        let mut d = load(&[at(10, "ada", "a"), at(20, "ada", "b")]);
        assert_eq!(rows(d.first_seen(), Reason::Ip), [0, 1]);
        let more = [at(30, "ada", "a"), at(40, "ada", "c"), at(5, "ada", "b")];
        let body: String = more.iter().map(|e| format!("{e}\n")).collect();
        d.load(body.into_bytes()).unwrap();
        assert_eq!(d.first_seen().len(), 5);
        // A later `a` is no first; `c` is new; an earlier `b` takes over from row 1.
        assert_eq!(rows(d.first_seen(), Reason::Ip), [0, 3, 4]);
        // Reading the IP as the user agent: every entry has the same one.
        d.set_mapping(&Mapping::parse(
            "time:time,actor:user,action:action,ip:ua,agent:ip,app:app",
        ));
        assert_eq!(rows(d.first_seen(), Reason::Ip), [4]);
        assert_eq!(rows(d.first_seen(), Reason::Agent), [0, 3, 4]);
    }

    /// Whether row `r` of `log` is first seen for its `field`, read entry by entry:
    /// it has a time, an actor and a value, and no entry of both is earlier.
    fn reference(log: &[(Option<u32>, Option<&str>, Option<&str>)], r: usize) -> bool {
        let (Some(t), Some(a), Some(v)) = log[r] else {
            return false;
        };
        !log.iter()
            .any(|&(t2, a2, v2)| a2 == Some(a) && v2 == Some(v) && t2.is_some_and(|t2| t2 < t))
    }

    #[test]
    fn generated_logs_agree_with_a_row_by_row_reading() {
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        for round in 0..20 {
            let n = 50 + rng.below(200);
            let log: Vec<(Option<u32>, Option<&str>, Option<&str>)> = (0..n)
                .map(|_| {
                    let t = (rng.below(10) > 0).then(|| rng.below(60) as u32);
                    let a = (rng.below(12) > 0).then(|| rng.pick(&["ada", "bob", "cy", "dee"]));
                    let v = (rng.below(8) > 0).then(|| rng.pick(&["a", "b", "c", "d", "e", "f"]));
                    (t, a, v)
                })
                .collect();
            let entries: Vec<Value> = log
                .iter()
                .map(|&(t, a, v)| {
                    let time = t.map(|s| format!("2026-01-01T00:00:{s:02}Z"));
                    json!({"time": time, "user": a, "ua": v, "action": "x"})
                })
                .collect();
            let d = load(&entries);
            let want: Vec<u32> = (0..n)
                .filter(|&r| reference(&log, r))
                .map(|r| r as u32)
                .collect();
            assert_eq!(rows(d.first_seen(), Reason::Agent), want, "round {round}");
            assert!(!want.is_empty() && want.len() < n);
        }
    }

    #[test]
    fn counts_within_rows_and_keys_read_back() {
        let d = load(&[at(1, "ada", "a"), at(2, "ada", "b"), at(3, "ada", "b")]);
        let f = d.first_seen();
        assert_eq!(f.counts(&RowSet::full(3)), ([1, 2, 1, 1], 1));
        assert_eq!(f.counts(&RowSet::from_rows(3, [1, 2])), ([0, 1, 0, 0], 1));
        for r in Reason::ALL {
            assert_eq!(Reason::from_key(&r.key().to_uppercase()), Some(r));
        }
        assert_eq!(Reason::from_key("time"), None);
        assert_eq!(
            Reason::App.label(),
            "first time this actor acted in this app"
        );
    }
}
