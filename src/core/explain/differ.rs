//! What is different here, in memory: each candidate field's values counted over
//! the selection and the reference rows, then scored and ranked by [`super::score`].
//!
//! Counts are per dictionary code, as facets count: a dense column's codes by the
//! bitmap's words, a sparse one (arrays, rare fields) code by code, a row counting
//! once per distinct value it has. A column whose dictionary stopped deduplicating
//! (mostly unique values, such as addresses) is counted by text, the reference only
//! for the values the selection holds often enough to score.

use super::score::{Counts, Difference, MIN_SUPPORT, candidate, rank};
use crate::core::dataset::{Dataset, NO_TIME};
use crate::core::query::RowSet;
use crate::core::roles::Role;
use crate::core::store::dict::Kind;
use crate::core::store::{Leaf, NodeId, Row};
use crate::core::time::EpochMs;

/// Roles whose fields are always candidates (when the log has them).
pub(crate) const DIFFER_ROLES: [Role; 9] = [
    Role::Actor,
    Role::Action,
    Role::Target,
    Role::App,
    Role::Ip,
    Role::UserAgent,
    Role::Outcome,
    Role::Severity,
    Role::Category,
];

/// Distinct values above which another top-level field is no candidate.
pub(crate) const MAX_DISTINCT: usize = 1000;

/// The fields worth comparing: the role fields of [`DIFFER_ROLES`], then the other
/// top-level scalar fields with at most [`MAX_DISTINCT`] distinct values; never the
/// time, the entry's id, the message or the details.
pub(crate) fn candidate_fields(ds: &Dataset) -> Vec<NodeId> {
    let store = ds.store();
    let skip: Vec<NodeId> = [Role::Time, Role::Id, Role::Message, Role::Details]
        .iter()
        .filter_map(|&r| ds.role(r))
        .collect();
    let mut out: Vec<NodeId> = Vec::new();
    for n in DIFFER_ROLES.iter().filter_map(|&r| ds.role(r)) {
        if store.leaf_at(n).is_some() && !skip.contains(&n) && !out.contains(&n) {
            out.push(n);
        }
    }
    for &n in store.top_level() {
        let few = store
            .leaf_at(n)
            .is_some_and(|l| !l.dict.is_unique() && l.dict.len() <= MAX_DISTINCT);
        if few && !store.node(n).container && !skip.contains(&n) && !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

/// The rows of `within` whose time is in `[from, to)` (ms): a brushed span.
pub(crate) fn span_rows(ds: &Dataset, within: &RowSet, from: EpochMs, to: EpochMs) -> RowSet {
    let mut out = RowSet::empty(within.universe());
    for r in within.iter() {
        let t = ds.times().get(r as usize).copied().unwrap_or(NO_TIME);
        if t != NO_TIME && t >= from && t < to {
            out.insert(r);
        }
    }
    out
}

/// The rows of `view` not in `selection`: the reference "rest of the view".
pub(crate) fn rest_of(view: &RowSet, selection: &RowSet) -> RowSet {
    let mut out = selection.clone();
    out.invert();
    out.and(view);
    out
}

/// The `k` values of `fields` most over-represented in `selection` against
/// `reference` (two disjoint row sets), best first.
pub(crate) fn differ(
    ds: &Dataset,
    selection: &RowSet,
    reference: &RowSet,
    fields: &[NodeId],
    k: usize,
) -> Vec<Difference> {
    let (n_sel, n_ref) = (selection.count(), reference.count());
    if n_sel == 0 || k == 0 {
        return Vec::new();
    }
    let store = ds.store();
    let mut found = Vec::new();
    for &node in fields {
        let Some(leaf) = store.leaf_at(node) else {
            continue;
        };
        let field = &store.node(node).path;
        let mut add = |value: &str, a: u32, b: u32| {
            let counts = Counts {
                a: a as usize,
                b: b as usize,
                n_sel,
                n_ref,
            };
            found.extend(candidate(field, value, counts));
        };
        if leaf.dict.is_unique() {
            for (value, a, b) in by_text(leaf, selection, reference) {
                add(value, a, b);
            }
        } else {
            let (a, b) = by_code(leaf, selection, reference);
            for (c, (&a, &b)) in a.iter().zip(&b).enumerate() {
                let c = c as u32;
                if a as usize >= MIN_SUPPORT && leaf.dict.kind(c) != Kind::Null {
                    add(leaf.dict.text(c), a, b);
                }
            }
        }
    }
    rank(found, k)
}

/// Rows of `sel` and of `reference` holding each code of `leaf`.
fn by_code(leaf: &Leaf, sel: &RowSet, reference: &RowSet) -> (Vec<u32>, Vec<u32>) {
    let distinct = leaf.dict.len();
    let Some(rows) = leaf.sparse_rows() else {
        // Row `r` holds code `r`: count by the bitmaps' words.
        return (
            sel.count_codes(leaf.codes(), distinct),
            reference.count_codes(leaf.codes(), distinct),
        );
    };
    let (mut a, mut b) = (vec![0u32; distinct], vec![0u32; distinct]);
    // The last row counted for each code: a row counts once per distinct value.
    let mut last: Vec<Row> = vec![Row::MAX; distinct];
    for (&r, &c) in rows.iter().zip(leaf.codes()) {
        let c = c as usize;
        if last[c] == r {
            continue;
        }
        if sel.contains(r) {
            a[c] += 1;
        } else if reference.contains(r) {
            b[c] += 1;
        } else {
            continue;
        }
        last[c] = r;
    }
    (a, b)
}

/// (value, selected rows, reference rows) of a column whose codes do not repeat,
/// for the values with [`MIN_SUPPORT`] in the selection.
fn by_text<'a>(leaf: &'a Leaf, sel: &RowSet, reference: &RowSet) -> Vec<(&'a str, u32, u32)> {
    let dict = &leaf.dict;
    // (a, b, last row counted) per text.
    let mut seen: rustc_hash::FxHashMap<&str, (u32, u32, Row)> = Default::default();
    for (i, &c) in leaf.codes().iter().enumerate() {
        let r = leaf.row_at(i);
        if sel.contains(r) && dict.kind(c) != Kind::Null {
            let e = seen.entry(dict.text(c)).or_insert((0, 0, Row::MAX));
            if e.2 != r {
                e.0 += 1;
                e.2 = r;
            }
        }
    }
    seen.retain(|_, e| e.0 as usize >= MIN_SUPPORT);
    if !seen.is_empty() {
        for (i, &c) in leaf.codes().iter().enumerate() {
            let r = leaf.row_at(i);
            if reference.contains(r)
                && let Some(e) = seen.get_mut(dict.text(c))
                && e.2 != r
            {
                e.1 += 1;
                e.2 = r;
            }
        }
    }
    seen.into_iter().map(|(t, (a, b, _))| (t, a, b)).collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::core::roles::Mapping;
    use crate::core::testing::Rng;

    const MAP: &str = "time:createdAt,actor:userEmail,action:type,outcome:outcome,ip:ip,app:appName,id:id,message:message";
    /// 2026-01-01T00:00:00Z.
    const T0: EpochMs = 1_767_225_600_000;
    const DAY: EpochMs = 86_400_000;

    fn iso(ms: EpochMs) -> String {
        crate::core::time::format_iso(ms, crate::core::time::Zone::Utc)
    }

    fn load(entries: &[serde_json::Value]) -> Dataset {
        let ndjson: String = entries.iter().map(|e| format!("{e}\n")).collect();
        let mut ds = Dataset::from_bytes(ndjson.into_bytes()).unwrap().0;
        ds.set_mapping(&Mapping::parse(MAP));
        ds
    }

    /// 20 days of noise (actors, actions, outcomes, addresses and apps drawn
    /// independently of time), plus `planted` failed sign-ins of one actor from one
    /// address on day 10.
    pub(crate) fn spike_log(planted: usize) -> Vec<serde_json::Value> {
        let mut r = Rng(0x2545_f491_4f6c_dd1d);
        let actors: Vec<String> = (0..40).map(|i| format!("user{i}@acme.test")).collect();
        let actions = [
            "user.login",
            "record.update",
            "record.read",
            "app.open",
            "file.export",
        ];
        let apps = ["Billing", "HR", "Fleet", "Studio"];
        let mut out = Vec::new();
        for i in 0..20_000 {
            let t = T0 + (i as EpochMs) * 20 * DAY / 20_000;
            let action = match r.below(200) {
                0 => "user.login.failed",
                _ => r.pick(&actions),
            };
            out.push(serde_json::json!({
                "id": i,
                "createdAt": iso(t),
                "userEmail": actors[r.below(actors.len())],
                "type": action,
                "outcome": if r.below(20) == 0 { "failure" } else { "success" },
                "ip": format!("10.0.{}.{}", r.below(4), r.below(16)),
                "appName": r.pick(&apps),
                "message": format!("event {i} of {}", r.next()),
            }));
        }
        for j in 0..planted {
            let t = T0 + 10 * DAY + (j as EpochMs) * DAY / planted as EpochMs;
            out.push(serde_json::json!({
                "id": 100_000 + j,
                "createdAt": iso(t),
                "userEmail": "mallory@evil.test",
                "type": "user.login.failed",
                "outcome": "failure",
                "ip": "203.0.113.66",
                "appName": if j % 2 == 0 { "Billing" } else { "HR" },
                "message": format!("failed sign-in {j}"),
            }));
        }
        out
    }

    fn day_ten(ds: &Dataset) -> (RowSet, RowSet) {
        let all = RowSet::full(ds.len());
        let sel = span_rows(ds, &all, T0 + 10 * DAY, T0 + 11 * DAY);
        let rest = rest_of(&all, &sel);
        (sel, rest)
    }

    fn shown(d: &[Difference]) -> Vec<String> {
        d.iter()
            .map(|d| format!("{}={}", d.field, d.value))
            .collect()
    }

    #[test]
    fn a_planted_spike_of_failed_sign_ins_ranks_its_actor_and_action_first() {
        let ds = load(&spike_log(300));
        let (sel, rest) = day_ten(&ds);
        assert_eq!(sel.count() + rest.count(), ds.len());
        let fields = candidate_fields(&ds);
        let top = differ(&ds, &sel, &rest, &fields, 10);
        let names = shown(&top);
        // The actor and the address are only in the spike: equal counts, by path.
        assert_eq!(
            names[..2],
            ["ip=203.0.113.66", "userEmail=mallory@evil.test"],
            "{names:?}"
        );
        assert_eq!(names[2], "type=user.login.failed", "{names:?}");
        assert!(names.contains(&"outcome=failure".to_string()), "{names:?}");
        assert_eq!(top[0].counts.a, 300);
        assert_eq!(
            (top[0].counts.b, top[0].ratio),
            (0, None),
            "only in the selection"
        );
        // Nothing of the noise ranks (the spike's two apps are diluted by the
        // noise of the day: no value beyond the planted cause).
        assert!(
            names
                .iter()
                .all(|n| ["ip=", "userEmail=", "type=", "outcome=", "appName="]
                    .iter()
                    .any(|p| n.starts_with(p))),
            "{names:?}"
        );
        assert!(top.windows(2).all(|w| w[0].score >= w[1].score));
        assert!(top.len() <= 10);
    }

    #[test]
    fn plain_noise_ranks_nothing() {
        let ds = load(&spike_log(0));
        let (sel, rest) = day_ten(&ds);
        assert!(sel.count() > 900);
        let top = differ(&ds, &sel, &rest, &candidate_fields(&ds), 10);
        assert!(top.is_empty(), "{:?}", shown(&top));
    }

    #[test]
    fn values_equally_common_on_both_sides_do_not_appear() {
        let entries: Vec<serde_json::Value> = (0..2000)
            .map(|i| serde_json::json!({"team": format!("t{}", i / 10 % 4), "spike": if i % 10 < 5 && i < 40 { "yes" } else { "no" }}))
            .collect();
        let ds = load(&entries);
        let sel = RowSet::from_rows(ds.len(), (0..2000).filter(|i| i % 10 < 5));
        let rest = rest_of(&RowSet::full(ds.len()), &sel);
        let fields: Vec<NodeId> = ["team", "spike"].map(|f| ds.column(f).unwrap()).to_vec();
        let top = differ(&ds, &sel, &rest, &fields, 10);
        assert_eq!(shown(&top), ["spike=yes"]);
        assert_eq!(
            top[0].counts,
            Counts {
                a: 20,
                b: 0,
                n_sel: 1000,
                n_ref: 1000
            }
        );
    }

    #[test]
    fn a_value_seen_twice_does_not_outrank_one_seen_two_hundred_times() {
        // `rare` is in 2 selected rows only (ratio infinite); `common` in 200 of
        // them and proportionally far fewer of the rest.
        let entries: Vec<serde_json::Value> = (0..10_000)
            .map(|i| {
                let v = match i {
                    1 | 2 => "rare",
                    _ if i < 1000 && i % 5 == 0 => "common",
                    _ if i >= 1000 && i % 300 == 0 => "common",
                    _ => "other",
                };
                serde_json::json!({ "f": v })
            })
            .collect();
        let ds = load(&entries);
        let sel = RowSet::from_rows(ds.len(), 0..1000);
        let rest = rest_of(&RowSet::full(ds.len()), &sel);
        let top = differ(&ds, &sel, &rest, &[ds.column("f").unwrap()], 10);
        assert_eq!(shown(&top), ["f=common"]);
        assert_eq!(top[0].counts.a, 200);
    }

    #[test]
    fn an_empty_selection_or_log_gives_nothing() {
        let ds = load(&spike_log(30));
        let none = RowSet::empty(ds.len());
        let all = RowSet::full(ds.len());
        let fields = candidate_fields(&ds);
        assert!(differ(&ds, &none, &all, &fields, 10).is_empty());
        assert!(differ(&ds, &all, &none, &fields, 0).is_empty());
        // Everything selected, no reference: only-in-selection values, no panic.
        let everything = differ(&ds, &all, &none, &fields, 10);
        assert!(
            everything
                .iter()
                .all(|d| d.ratio.is_none() && d.score.is_finite())
        );
        let empty = Dataset::new();
        let e = RowSet::empty(0);
        assert!(differ(&empty, &e, &e, &candidate_fields(&empty), 10).is_empty());
    }

    #[test]
    fn an_array_counts_a_row_once_per_distinct_value() {
        let entries: Vec<serde_json::Value> = (0..1000)
            .map(|i| match i {
                _ if i < 10 => serde_json::json!({"tags": ["x", "x", "x", "y"]}),
                _ if i % 50 == 0 => serde_json::json!({"tags": ["x"]}),
                _ => serde_json::json!({"tags": ["z"]}),
            })
            .collect();
        let ds = load(&entries);
        let sel = RowSet::from_rows(ds.len(), 0..100);
        let rest = rest_of(&RowSet::full(ds.len()), &sel);
        let top = differ(&ds, &sel, &rest, &[ds.column("tags[]").unwrap()], 10);
        let x = top.iter().find(|d| d.value == "x").unwrap();
        // Rows 0..10 and row 50 in the selection; 18 more of the rest.
        assert_eq!((x.counts.a, x.counts.b), (11, 18));
        let y = top.iter().find(|d| d.value == "y").unwrap();
        assert_eq!((y.counts.a, y.counts.b), (10, 0));
    }

    #[test]
    fn a_column_of_mostly_unique_values_is_counted_by_text() {
        // 20,000 distinct addresses turn the dictionary unique; one address repeats.
        let entries: Vec<serde_json::Value> = (0..20_000)
            .map(|i| {
                let ip = match i {
                    _ if i < 1000 && i % 10 == 0 => "203.0.113.66".to_string(),
                    _ if i >= 1000 && i % 1000 == 0 => "203.0.113.66".to_string(),
                    _ => format!("10.{}.{}.{}", i / 65536, i / 256 % 256, i % 256),
                };
                serde_json::json!({ "ip": ip })
            })
            .collect();
        let ds = load(&entries);
        let node = ds.column("ip").unwrap();
        assert!(ds.store().leaf_at(node).unwrap().dict.is_unique());
        let sel = RowSet::from_rows(ds.len(), 0..1000);
        let rest = rest_of(&RowSet::full(ds.len()), &sel);
        let top = differ(&ds, &sel, &rest, &[node], 10);
        assert_eq!(shown(&top), ["ip=203.0.113.66"]);
        assert_eq!((top[0].counts.a, top[0].counts.b), (100, 19));
    }

    #[test]
    fn candidates_are_role_and_few_valued_fields_never_time_id_or_message() {
        let ds = load(&spike_log(30));
        let paths: Vec<&str> = candidate_fields(&ds)
            .iter()
            .map(|&n| ds.store().node(n).path.as_str())
            .collect();
        for want in ["userEmail", "type", "outcome", "ip", "appName"] {
            assert!(paths.contains(&want), "{want} in {paths:?}");
        }
        for not in ["createdAt", "id", "message"] {
            assert!(!paths.contains(&not), "{not} in {paths:?}");
        }
    }
}
