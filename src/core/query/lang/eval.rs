//! Evaluating a [`Query`] on a loaded log, with the column filters' matchers.
//!
//! Words and phrases are the global search ([`search`]); `field:` tests are the
//! column filters' comparisons ([`rows_matching`]) on the field's values and every
//! value below it, so an array or an object matches when any element does. `>` and
//! the like compare numbers as numbers (a number in a string too) and times as
//! instants: the time role's entries by their event time, other fields by reading
//! their values as the log's times are read. A field the log lacks has no values.
//! `kind:` and `first:` read what is computed from the entries (their kind of
//! event, why they are first seen), matched by key.

use super::ast::{Bound, Cmp, Expr, FieldTest, Query, Test, number};
use super::fields::Field;
use crate::core::dataset::{Dataset, NO_TIME};
use crate::core::engine::memory::kinds;
use crate::core::explain::first_seen::Reason;
use crate::core::kind::{EventKind, Overrides};
use crate::core::query::filter::Op;
use crate::core::query::filter::{Matcher, mark_rows, rows_matching, search};
use crate::core::query::rowset::RowSet;
use crate::core::roles::Role;
use crate::core::store::NodeId;
use crate::core::store::dict::{Kind, lower};
use crate::core::time::{EpochMs, Zone, parse_epoch, parse_timestamp};

/// The rows of `ds` that `q` keeps; times in `q` are read in `zone`, kinds with
/// the deployment's `kinds`.
pub(crate) fn eval(ds: &Dataset, q: &Query, zone: Zone, kinds: &Overrides) -> RowSet {
    let env = Env { zone, kinds };
    match &q.root {
        None => RowSet::full(ds.len()),
        Some(x) => expr_rows(ds, x, &env),
    }
}

/// What evaluation reads besides the log.
struct Env<'a> {
    zone: Zone,
    kinds: &'a Overrides,
}

fn expr_rows(ds: &Dataset, x: &Expr, env: &Env) -> RowSet {
    match x {
        Expr::Word(t) | Expr::Phrase(t) => search(ds, t).unwrap_or_else(|| RowSet::full(ds.len())),
        Expr::Field(t) => field_rows(ds, t, env),
        Expr::Not(inner) => {
            let mut r = expr_rows(ds, inner, env);
            r.invert();
            r
        }
        Expr::And(xs) => {
            let mut r = RowSet::full(ds.len());
            for x in xs {
                r.and(&expr_rows(ds, x, env));
            }
            r
        }
        Expr::Or(xs) => {
            let mut r = RowSet::empty(ds.len());
            for x in xs {
                r.or(&expr_rows(ds, x, env));
            }
            r
        }
    }
}

/// The nodes a field reads: its path's, or its role's (the app role reads the app's
/// name and its id, as the app scope does).
fn nodes(ds: &Dataset, f: &Field) -> Vec<NodeId> {
    match f {
        Field::Path(p) => ds.column(p).into_iter().collect(),
        Field::Role(Role::App, _) => [Role::App, Role::AppId]
            .iter()
            .filter_map(|&r| ds.role(r))
            .collect(),
        Field::Role(r, _) => ds.role(*r).into_iter().collect(),
        Field::Kind | Field::First => Vec::new(),
    }
}

fn field_rows(ds: &Dataset, t: &FieldTest, env: &Env) -> RowSet {
    let zone = env.zone;
    if t.field == Field::Kind {
        return match &t.test {
            Test::Present => kinds::rows_with_kind(ds),
            Test::Match(op, v) => kinds::rows_of(ds, env.kinds, &kinds_matching(*op, v)),
            // A kind is no number or time.
            Test::Compare(..) => RowSet::empty(ds.len()),
        };
    }
    if t.field == Field::First {
        let first = ds.first_seen();
        return match &t.test {
            Test::Present => first.rows_any(),
            Test::Match(op, v) => first.rows_with(&reasons_matching(*op, v)),
            Test::Compare(..) => RowSet::empty(ds.len()),
        };
    }
    let nodes = nodes(ds, &t.field);
    let mut leaves: Vec<u32> = nodes
        .iter()
        .flat_map(|&n| ds.store().subtree_leaves(n))
        .collect();
    leaves.sort_unstable();
    leaves.dedup();
    match &t.test {
        Test::Present => rows_where(ds, &leaves, |_, kind| kind != Kind::Null),
        Test::Match(op, v) => rows_matching(
            ds,
            &leaves,
            &Matcher {
                op: *op,
                needle: lower(v),
                negate: false,
            },
        ),
        Test::Compare(c, b) => {
            let time_role = ds.role(Role::Time);
            if !nodes.is_empty() && nodes.iter().all(|&n| Some(n) == time_role) {
                event_times(ds, *c, parse_timestamp(&b.text, zone))
            } else {
                compare_values(ds, &leaves, *c, b, zone)
            }
        }
    }
}

/// The kinds whose name `op` and `v` match, as a column filter matches text.
pub(crate) fn kinds_matching(op: Op, v: &str) -> Vec<EventKind> {
    let needle = lower(v);
    EventKind::ALL
        .into_iter()
        .filter(|k| matches_key(k.key(), op, &needle))
        .collect()
}

/// The first-seen reasons whose key `op` and `v` match, as [`kinds_matching`].
pub(crate) fn reasons_matching(op: Op, v: &str) -> Vec<Reason> {
    let needle = lower(v);
    Reason::ALL
        .into_iter()
        .filter(|r| matches_key(r.key(), op, &needle))
        .collect()
}

/// True if `key` matches `needle` (lower case) as a column filter matches text.
fn matches_key(key: &str, op: Op, needle: &str) -> bool {
    match op {
        Op::Exact => key == needle,
        Op::Prefix => key.starts_with(needle),
        Op::Contains => key.contains(needle),
    }
}

/// Rows whose event time compares so against `bound`.
fn event_times(ds: &Dataset, c: Cmp, bound: Option<EpochMs>) -> RowSet {
    let Some(b) = bound else {
        return RowSet::empty(ds.len());
    };
    let rows = ds.times().iter().enumerate();
    let keep = rows.filter(|&(_, &t)| t != NO_TIME && c.holds(t, b));
    RowSet::from_rows(ds.len(), keep.map(|(r, _)| r as u32))
}

/// Rows with a value in `leaves` that compares so against `b`: as numbers when `b`
/// is one, else as times.
fn compare_values(ds: &Dataset, leaves: &[u32], c: Cmp, b: &Bound, zone: Zone) -> RowSet {
    if let Some(n) = b.number {
        return rows_where(ds, leaves, |text, kind| {
            matches!(kind, Kind::Num | Kind::Str) && number(text).is_some_and(|v| c.holds(v, n))
        });
    }
    let Some(t) = parse_timestamp(&b.text, zone) else {
        return RowSet::empty(ds.len());
    };
    let input = ds.input_zone();
    rows_where(ds, leaves, |text, kind| {
        let v = match kind {
            Kind::Num => parse_epoch(text),
            Kind::Str => parse_timestamp(text, input),
            _ => None,
        };
        v.is_some_and(|v| c.holds(v, t))
    })
}

/// Rows with a value in `leaves` that `keep` accepts (by text as written and kind);
/// each distinct value is judged once.
fn rows_where(ds: &Dataset, leaves: &[u32], keep: impl Fn(&str, Kind) -> bool) -> RowSet {
    let store = ds.store();
    let mut out = RowSet::empty(store.len());
    for &l in leaves {
        let leaf = &store.leaves()[l as usize];
        let dict = &leaf.dict;
        let mut bits = vec![0u64; dict.len().div_ceil(64)];
        let mut any = false;
        for c in 0..dict.len() as u32 {
            if keep(dict.text(c), dict.kind(c)) {
                bits[(c >> 6) as usize] |= 1 << (c & 63);
                any = true;
            }
        }
        if any {
            mark_rows(leaf, &bits, &mut out);
        }
    }
    out
}
