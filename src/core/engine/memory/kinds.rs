//! Kinds of event in memory: each distinct action value is classified once, then
//! rows are marked or counted by their action's code in one pass; a sign-in whose
//! outcome is a failure counts as a failed sign-in. The rows of some kinds (for
//! `kind:`), the kinds' facet, and one entry's kind with the reason.

use crate::core::dataset::Dataset;
use crate::core::engine::memory::facets::{Facet, FacetValue};
use crate::core::kind::{Classified, EventKind, Overrides, classify, is_failure};
use crate::core::query::filter::mark_rows;
use crate::core::query::rowset::RowSet;
use crate::core::roles::Role;
use crate::core::store::Leaf;
use crate::core::store::dict::Kind;

/// The action column, with each of its distinct values' kind (before outcomes;
/// `None` for `null`): every value is classified once.
struct Classes<'a> {
    leaf: &'a Leaf,
    of_code: Vec<Option<EventKind>>,
}

fn classes<'a>(ds: &'a Dataset, overrides: &Overrides) -> Option<Classes<'a>> {
    let leaf = ds.store().leaf_at(ds.role(Role::Action)?)?;
    let dict = &leaf.dict;
    let of_code = (0..dict.len() as u32)
        .map(|c| (dict.kind(c) != Kind::Null).then(|| classify(dict.text(c), overrides).kind))
        .collect();
    Some(Classes { leaf, of_code })
}

impl Classes<'_> {
    /// The rows whose action's kind `keep` accepts, in one pass over the column.
    fn rows(&self, len: usize, keep: impl Fn(EventKind) -> bool) -> RowSet {
        let mut bits = vec![0u64; self.of_code.len().div_ceil(64)];
        for (c, k) in self.of_code.iter().enumerate() {
            if k.is_some_and(&keep) {
                bits[c >> 6] |= 1 << (c & 63);
            }
        }
        let mut out = RowSet::empty(len);
        mark_rows(self.leaf, &bits, &mut out);
        out
    }
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

/// Rows of the kinds in `wanted` (none without an action field): one pass for the
/// kinds read from the action alone, and for sign-ins one more, split by outcome.
pub(crate) fn rows_of(ds: &Dataset, overrides: &Overrides, wanted: &[EventKind]) -> RowSet {
    let Some(cl) = classes(ds, overrides) else {
        return RowSet::empty(ds.len());
    };
    let mut out = cl.rows(ds.len(), |k| k != EventKind::SignIn && wanted.contains(&k));
    let ok = wanted.contains(&EventKind::SignIn);
    let failed = wanted.contains(&EventKind::FailedSignIn);
    if ok || failed {
        let mut sign_ins = cl.rows(ds.len(), |k| k == EventKind::SignIn);
        if ok != failed {
            let mut outcome = failed_outcomes(ds);
            if ok {
                outcome.invert();
            }
            sign_ins.and(&outcome);
        }
        out.or(&sign_ins);
    }
    out
}

/// Rows with a kind at all: those with an action value.
pub(crate) fn rows_with_kind(ds: &Dataset) -> RowSet {
    match classes(ds, &Overrides::default()) {
        Some(cl) => cl.rows(ds.len(), |_| true),
        None => RowSet::empty(ds.len()),
    }
}

/// How many of `rows` are of each kind (keys as values, most first), `None`
/// when the log has no action field or `rows` are of another version of the log
/// (a load moves on while the panels are counted).
pub(crate) fn facet(ds: &Dataset, rows: &RowSet, overrides: &Overrides) -> Option<Facet> {
    if rows.universe() != ds.len() {
        return None;
    }
    let cl = classes(ds, overrides)?;
    let mut counts = [0usize; EventKind::ALL.len()];
    // Rows per action value, then per kind (a row with several values counts once
    // per kind it has).
    match cl.leaf.sparse_rows() {
        None => {
            let per_code = rows.count_codes(cl.leaf.codes(), cl.of_code.len());
            for (k, n) in cl.of_code.iter().zip(per_code) {
                if let Some(k) = k {
                    counts[index(*k)] += n as usize;
                }
            }
        }
        Some(_) => {
            for (i, k) in EventKind::ALL.iter().enumerate() {
                let mut set = cl.rows(ds.len(), |x| x == *k);
                set.and(rows);
                counts[i] = set.count();
            }
        }
    }
    // Sign-ins whose outcome failed are failed sign-ins.
    let failed = failed_outcomes(ds);
    if failed.count() > 0 && counts[index(EventKind::SignIn)] > 0 {
        let mut turned = cl.rows(ds.len(), |k| k == EventKind::SignIn);
        turned.and(&failed);
        turned.and(rows);
        let n = turned.count();
        counts[index(EventKind::SignIn)] -= n;
        counts[index(EventKind::FailedSignIn)] += n;
    }
    let mut values: Vec<FacetValue> = EventKind::ALL
        .iter()
        .zip(counts)
        .filter(|&(_, count)| count > 0)
        .map(|(kind, count)| FacetValue {
            value: kind.key().to_string(),
            count,
        })
        .collect();
    values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    let mut with = cl.rows(ds.len(), |_| true);
    with.and(rows);
    Some(Facet {
        distinct: values.len(),
        missing: rows.count().saturating_sub(with.count()),
        values,
    })
}

fn index(k: EventKind) -> usize {
    EventKind::ALL.iter().position(|&x| x == k).unwrap_or(0)
}

/// The kind of entry `row` and why, `None` when it has no action value.
pub(crate) fn of_entry(
    ds: &Dataset,
    row: u32,
    overrides: &Overrides,
) -> Option<(EventKind, String)> {
    let leaf = ds.store().leaf_at(ds.role(Role::Action)?)?;
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
