//! The breakdown in memory (see [`Breakdown`]): one pass over the view's rows,
//! reading each grouped column's dictionary codes as value ids (codes of the same
//! text are one value, `null` is none), so rows are grouped by small integers and
//! texts are only compared to order the groups.

use super::values::{NONE, Values};
use crate::core::dataset::Dataset;
use crate::core::engine::breakdown::{Breakdown, Group, TOP};
use crate::core::query::RowSet;
use crate::core::time::EpochMs;
use hashbrown::HashMap;
use std::cmp::Ordering;

/// A group being counted: its value ids, entries and time span.
struct Acc {
    key: [u32; 2],
    count: usize,
    distinct: usize,
    first: Option<EpochMs>,
    last: Option<EpochMs>,
}

impl Acc {
    fn add(&mut self, t: Option<EpochMs>) {
        self.count += 1;
        if let Some(t) = t {
            self.first = Some(self.first.map_or(t, |f| f.min(t)));
            self.last = Some(self.last.map_or(t, |l| l.max(t)));
        }
    }
}

/// No group yet.
const EMPTY: u32 = u32::MAX;

/// Where each group's tally is: by its value id (none last) for one field, by
/// the pair of ids for two.
enum Index {
    One(Vec<u32>),
    Two(HashMap<[u32; 2], u32>),
}

impl Index {
    /// The group of `key`, added to `accs` the first time.
    fn group(&mut self, key: [u32; 2], accs: &mut Vec<Acc>) -> usize {
        let slot = match self {
            Index::One(slots) => {
                let last = slots.len() - 1;
                &mut slots[(key[0] as usize).min(last)]
            }
            Index::Two(map) => map.entry(key).or_insert(EMPTY),
        };
        if *slot == EMPTY {
            *slot = accs.len() as u32;
            accs.push(Acc {
                key,
                count: 0,
                distinct: 0,
                first: None,
                last: None,
            });
        }
        *slot as usize
    }
}

/// `v`, or the one value [`NONE`] when it is empty.
fn or_none(v: &[u32]) -> &[u32] {
    if v.is_empty() { &[NONE] } else { v }
}

/// `a` before `b` as group values sort: ascending, None last.
fn value_order(a: Option<&str>, b: Option<&str>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// The view's `rows` grouped by the columns at `by` (1 or 2 paths), counting
/// distinct values of `distinct_of`; None when a path of `by` (or `distinct_of`)
/// is no column of the log, or `by` is empty or longer than 2.
///
/// An entry with several values in a field (an array) counts once in the group of
/// each distinct value it holds (for two fields, each combination); one with no
/// value there (missing or `null`) is in the group with `None`.
pub(crate) fn breakdown(
    ds: &Dataset,
    rows: &RowSet,
    by: &[String],
    distinct_of: Option<&str>,
) -> Option<Breakdown> {
    if by.is_empty() || by.len() > 2 {
        return None;
    }
    let leaf = |path: &str| ds.store().leaf_at(ds.column(path)?);
    let mut fields: Vec<Values> = by
        .iter()
        .map(|p| leaf(p).map(Values::new))
        .collect::<Option<_>>()?;
    let mut of = match distinct_of {
        Some(p) => Some(Values::new(leaf(p)?)),
        None => None,
    };
    let mut index = match fields.len() {
        1 => Index::One(vec![EMPTY; fields[0].texts.len() + 1]),
        _ => Index::Two(HashMap::new()),
    };
    let mut accs: Vec<Acc> = Vec::new();
    // (group << 32 | value id) of each distinct value seen in a group.
    let mut seen: Vec<u64> = Vec::new();
    let (mut a, mut b, mut d) = (Vec::new(), Vec::new(), Vec::new());
    for r in rows.iter() {
        fields[0].read(r, &mut a);
        if let Some(f) = fields.get_mut(1) {
            f.read(r, &mut b);
        }
        if let Some(of) = &mut of {
            of.read(r, &mut d);
        }
        let t = ds.time(r);
        for &x in or_none(&a) {
            for &y in or_none(&b) {
                let g = index.group([x, y], &mut accs);
                accs[g].add(t);
                seen.extend(d.iter().map(|&v| (g as u64) << 32 | u64::from(v)));
            }
        }
    }
    seen.sort_unstable();
    seen.dedup();
    for s in &seen {
        accs[(s >> 32) as usize].distinct += 1;
    }
    // Most entries first, then by values: the top ones picked, then sorted.
    let rank = |&i: &usize, &j: &usize| {
        let (x, y) = (&accs[i], &accs[j]);
        y.count.cmp(&x.count).then_with(|| {
            (fields.iter().zip(x.key.iter().zip(&y.key)))
                .map(|(f, (&p, &q))| value_order(f.text(p), f.text(q)))
                .find(|o| o.is_ne())
                .unwrap_or(Ordering::Equal)
        })
    };
    let mut order: Vec<usize> = (0..accs.len()).collect();
    if order.len() > TOP {
        order.select_nth_unstable_by(TOP, rank);
    }
    let top = order.len().min(TOP);
    order[..top].sort_unstable_by(rank);
    let group = |acc: &Acc, values: Vec<Option<String>>| Group {
        values,
        count: acc.count,
        distinct: acc.distinct,
        first: acc.first,
        last: acc.last,
    };
    let groups = order
        .iter()
        .take(TOP)
        .map(|&i| {
            let v = fields.iter().zip(accs[i].key);
            group(
                &accs[i],
                v.map(|(f, v)| f.text(v).map(String::from)).collect(),
            )
        })
        .collect();
    let other = (order.len() > TOP).then(|| {
        let mut is_other = vec![false; accs.len()];
        let mut row = Group::default();
        for &i in &order[TOP..] {
            is_other[i] = true;
            let acc = &accs[i];
            row.count += acc.count;
            row.first = match (row.first, acc.first) {
                (Some(f), Some(t)) => Some(f.min(t)),
                (f, t) => f.or(t),
            };
            row.last = row.last.max(acc.last);
        }
        let mut ids: Vec<u32> = seen
            .iter()
            .filter(|&&s| is_other[(s >> 32) as usize])
            .map(|&s| s as u32)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        row.distinct = ids.len();
        row
    });
    Some(Breakdown {
        by: by.to_vec(),
        distinct_of: distinct_of.map(String::from),
        entries: rows.count(),
        groups,
        other,
    })
}

#[cfg(test)]
#[path = "breakdown_tests.rs"]
mod tests;
