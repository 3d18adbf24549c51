//! Kinds of event in memory: each distinct action value is classified once, then
//! rows are marked by their action's code; a sign-in whose outcome is a failure
//! counts as a failed sign-in. The rows of some kinds (for `kind:`), the kinds'
//! facet, and one entry's kind with the reason.

use crate::core::dataset::Dataset;
use crate::core::engine::memory::facets::{Facet, FacetValue};
use crate::core::kind::{Classified, EventKind, Overrides, classify, is_failure};
use crate::core::query::filter::mark_rows;
use crate::core::query::rowset::RowSet;
use crate::core::roles::Role;
use crate::core::store::Leaf;
use crate::core::store::dict::Kind;

/// Each row's kind as sets of rows: what a query and a facet read.
struct KindSets {
    /// Rows per kind, in [`EventKind::ALL`] order.
    sets: Vec<RowSet>,
    /// Rows with an action value.
    any: RowSet,
}

fn action_leaf(ds: &Dataset) -> Option<&Leaf> {
    ds.store().leaf_at(ds.role(Role::Action)?)
}

/// Rows whose outcome value says the attempt failed.
fn failed_outcomes(ds: &Dataset) -> RowSet {
    let mut out = RowSet::empty(ds.len());
    let Some(leaf) = ds.role(Role::Outcome).and_then(|n| ds.store().leaf_at(n)) else {
        return out;
    };
    let dict = &leaf.dict;
    let mut bits = vec![0u64; dict.len().div_ceil(64)];
    for c in 0..dict.len() as u32 {
        if dict.kind(c) == Kind::Str && is_failure(dict.text(c)) {
            bits[(c >> 6) as usize] |= 1 << (c & 63);
        }
    }
    mark_rows(leaf, &bits, &mut out);
    out
}

fn kind_sets(ds: &Dataset, overrides: &Overrides, wanted: &[EventKind]) -> Option<KindSets> {
    let leaf = action_leaf(ds)?;
    let dict = &leaf.dict;
    let words = dict.len().div_ceil(64);
    // Codes per base kind (before outcomes), and codes with a value.
    let mut bits = vec![vec![0u64; words]; EventKind::ALL.len()];
    let mut valued = vec![0u64; words];
    for c in 0..dict.len() as u32 {
        if dict.kind(c) == Kind::Null {
            continue;
        }
        let k = classify(dict.text(c), overrides).kind;
        bits[index(k)][(c >> 6) as usize] |= 1 << (c & 63);
        valued[(c >> 6) as usize] |= 1 << (c & 63);
    }
    let mark = |hits: &[u64]| {
        let mut r = RowSet::empty(ds.len());
        mark_rows(leaf, hits, &mut r);
        r
    };
    let needs_sign_in = wanted
        .iter()
        .any(|k| matches!(k, EventKind::SignIn | EventKind::FailedSignIn));
    let (sign_in, failed) = match needs_sign_in {
        true => (mark(&bits[index(EventKind::SignIn)]), failed_outcomes(ds)),
        false => (RowSet::empty(ds.len()), RowSet::empty(ds.len())),
    };
    let sets = EventKind::ALL
        .iter()
        .map(|&k| {
            if !wanted.contains(&k) {
                return RowSet::empty(ds.len());
            }
            match k {
                EventKind::SignIn => {
                    let mut ok = failed.clone();
                    ok.invert();
                    ok.and(&sign_in);
                    ok
                }
                EventKind::FailedSignIn => {
                    let mut r = mark(&bits[index(k)]);
                    let mut turned = sign_in.clone();
                    turned.and(&failed);
                    r.or(&turned);
                    r
                }
                k => mark(&bits[index(k)]),
            }
        })
        .collect();
    Some(KindSets {
        sets,
        any: mark(&valued),
    })
}

fn index(k: EventKind) -> usize {
    EventKind::ALL.iter().position(|&x| x == k).unwrap_or(0)
}

/// Rows of the kinds in `wanted` (none without an action field).
pub(crate) fn rows_of(ds: &Dataset, overrides: &Overrides, wanted: &[EventKind]) -> RowSet {
    let mut out = RowSet::empty(ds.len());
    if let Some(k) = kind_sets(ds, overrides, wanted) {
        for s in &k.sets {
            out.or(s);
        }
    }
    out
}

/// Rows with a kind at all: those with an action value.
pub(crate) fn rows_with_kind(ds: &Dataset) -> RowSet {
    kind_sets(ds, &Overrides::default(), &[]).map_or_else(|| RowSet::empty(ds.len()), |k| k.any)
}

/// How many of `rows` are of each kind (keys as values, most first), `None`
/// when the log has no action field or `rows` are of another version of the log
/// (a load moves on while the panels are counted).
pub(crate) fn facet(ds: &Dataset, rows: &RowSet, overrides: &Overrides) -> Option<Facet> {
    if rows.universe() != ds.len() {
        return None;
    }
    let k = kind_sets(ds, overrides, &EventKind::ALL)?;
    let mut values: Vec<FacetValue> = EventKind::ALL
        .iter()
        .zip(&k.sets)
        .map(|(kind, set)| {
            let mut s = set.clone();
            s.and(rows);
            FacetValue {
                value: kind.key().to_string(),
                count: s.count(),
            }
        })
        .filter(|v| v.count > 0)
        .collect();
    values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    let mut with = k.any;
    with.and(rows);
    Some(Facet {
        distinct: values.len(),
        missing: rows.count().saturating_sub(with.count()),
        values,
    })
}

/// The kind of entry `row` and why, `None` when it has no action value.
pub(crate) fn of_entry(
    ds: &Dataset,
    row: u32,
    overrides: &Overrides,
) -> Option<(EventKind, String)> {
    let leaf = action_leaf(ds)?;
    let code = *leaf
        .codes_of(row)
        .iter()
        .find(|&&c| leaf.dict.kind(c) != Kind::Null)?;
    let action = leaf.dict.text(code);
    let outcome = ds
        .role(Role::Outcome)
        .and_then(|n| ds.store().leaf_at(n))
        .and_then(|l| {
            let c = *l.codes_of(row).first()?;
            (l.dict.kind(c) == Kind::Str).then(|| l.dict.text(c))
        });
    let c: Classified = classify(action, overrides);
    Some((c.with_outcome(outcome), c.reason(action, outcome)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log() -> Dataset {
        let body = r#"[
 {"action":"user.login","outcome":"SUCCESS"},
 {"action":"user.login","outcome":"FAILURE"},
 {"action":"user.login.failed"},
 {"action":"user.twofactor.remove","outcome":"FAILURE"},
 {"action":null},
 {"other":1},
 {"action":"invoice.paid"}
]"#;
        Dataset::from_bytes(body.as_bytes().to_vec()).unwrap().0
    }

    fn rows(ds: &Dataset, k: &[EventKind]) -> Vec<u32> {
        rows_of(ds, &Overrides::default(), k).iter().collect()
    }

    #[test]
    fn rows_of_each_kind_with_outcomes_turning_sign_ins() {
        let d = log();
        assert_eq!(rows(&d, &[EventKind::SignIn]), [0]);
        assert_eq!(rows(&d, &[EventKind::FailedSignIn]), [1, 2]);
        assert_eq!(rows(&d, &[EventKind::Mfa]), [3], "only sign-ins turn");
        assert_eq!(rows(&d, &[EventKind::Other]), [6]);
        assert_eq!(rows(&d, &[EventKind::SignIn, EventKind::Other]), [0, 6]);
        assert_eq!(
            rows_with_kind(&d).iter().collect::<Vec<_>>(),
            [0, 1, 2, 3, 6]
        );
    }

    #[test]
    fn the_facet_counts_the_rows_asked_for() {
        let d = log();
        let f = facet(&d, &RowSet::full(d.len()), &Overrides::default()).unwrap();
        let got: Vec<(&str, usize)> = f
            .values
            .iter()
            .map(|v| (v.value.as_str(), v.count))
            .collect();
        assert_eq!(
            got,
            [
                ("failed-sign-in", 2),
                ("mfa", 1),
                ("other", 1),
                ("sign-in", 1)
            ]
        );
        assert_eq!((f.distinct, f.missing), (4, 2));
        let some = RowSet::from_rows(d.len(), [0, 5]);
        let f = facet(&d, &some, &Overrides::default()).unwrap();
        assert_eq!((f.values.len(), f.missing), (1, 1));
        let none = Dataset::from_bytes(br#"[{"a":1}]"#.to_vec()).unwrap().0;
        assert!(facet(&none, &RowSet::full(1), &Overrides::default()).is_none());
        // Rows of an older, shorter or longer version of the log count nothing.
        for n in [d.len() - 2, d.len() + 1] {
            assert!(facet(&d, &RowSet::full(n), &Overrides::default()).is_none());
        }
    }

    #[test]
    fn an_entry_says_its_kind_and_why() {
        let d = log();
        let (k, why) = of_entry(&d, 1, &Overrides::default()).unwrap();
        assert_eq!(k, EventKind::FailedSignIn);
        assert!(why.contains("outcome `FAILURE` is a failure"), "{why}");
        assert!(of_entry(&d, 4, &Overrides::default()).is_none());
        let o = Overrides::new([("invoice.paid".to_string(), EventKind::Send)]);
        assert_eq!(of_entry(&d, 6, &o).unwrap().0, EventKind::Send);
    }
}
