//! The in-memory engine's answers for one view, over the dataset and the rows
//! that match it: the facets the view shows, its histogram, and how many entries
//! the view could show at all.

use crate::core::dataset::Dataset;
use crate::core::engine::Faceted;
use crate::core::engine::facet_roles;
use crate::core::engine::memory::facets::{SHOWN, top_values};
use crate::core::engine::memory::histogram::{Histogram, histogram};
use crate::core::query::{FilterSpec, Range, RowSet, filter};
use crate::core::time::{EpochMs, Zone};

/// The facets of `rows` (the matching entries); `scoped` is one app's view. Rows
/// of a dataset since replaced count nothing.
pub(crate) fn facets(d: &Dataset, rows: &RowSet, scoped: bool) -> Vec<Faceted> {
    if rows.universe() > d.len() {
        return Vec::new();
    }
    facet_roles::shown(scoped)
        .filter_map(|role| {
            let node = d.role(role)?;
            Some(Faceted {
                role,
                path: d.store().node(node).path.clone(),
                facet: top_values(d, rows, node, SHOWN),
            })
        })
        .collect()
}

/// The histogram of `rows` over the view's `range` at `now`, in `tz`: a preset
/// ends now, even if the last entry is older. `None` without timed rows.
pub(crate) fn bars(
    d: &Dataset,
    rows: &RowSet,
    range: Range,
    tz: Zone,
    now: EpochMs,
) -> Option<Histogram> {
    if rows.universe() > d.len() {
        return None;
    }
    let (from, to) = range.bounds(now);
    histogram(d, rows, from, to.or(from.map(|_| now)), tz)
}

/// The entries the view could show: the app's entries in an app view, else the log.
pub(crate) fn could_show(d: &Dataset, scope: Option<String>) -> usize {
    match scope {
        Some(scope) => filter(
            d,
            &FilterSpec {
                scope: Some(scope),
                ..Default::default()
            },
        )
        .count(),
        None => d.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::roles::Role;
    use crate::core::time::Zone;

    fn log() -> Dataset {
        let body = r#"[
 {"time":"2026-01-01T10:00:00Z","actor":"ada@x.test","action":"login","app":"Shop"},
 {"time":"2026-01-01T11:00:00Z","actor":"bob@x.test","action":"login","app":"Shop"},
 {"time":"2026-01-02T10:00:00Z","actor":"ada@x.test","action":"logout","app":"Blog"}
]"#;
        Dataset::from_bytes(body.as_bytes().to_vec()).unwrap().0
    }

    #[test]
    fn facets_count_the_matching_rows_and_drop_the_app_in_an_app_view() {
        let d = log();
        let all = RowSet::full(d.len());
        let f = facets(&d, &all, false);
        let actor = f.iter().find(|f| f.role == Role::Actor).unwrap();
        assert_eq!(actor.path, "actor");
        assert_eq!(actor.facet.values[0].value, "ada@x.test");
        assert_eq!(actor.facet.values[0].count, 2);
        assert!(f.iter().any(|f| f.role == Role::App));
        assert!(!facets(&d, &all, true).iter().any(|f| f.role == Role::App));
        // Rows of a bigger (replaced) dataset count nothing.
        assert!(facets(&d, &RowSet::full(d.len() + 1), false).is_empty());
    }

    #[test]
    fn a_preset_ends_now_and_counts_every_row_once() {
        let d = log();
        let all = RowSet::full(d.len());
        let h = bars(&d, &all, Range::All, Zone::Utc, 0).unwrap();
        assert_eq!(h.buckets.iter().map(|b| b.count).sum::<usize>(), 3);
        let now = d.times().iter().max().unwrap() + 86_400_000;
        let last = bars(
            &d,
            &all,
            Range::Last(crate::core::query::Preset::Week),
            Zone::Utc,
            now,
        )
        .unwrap();
        assert!(last.buckets.last().unwrap().end >= now);
    }

    #[test]
    fn an_app_view_could_show_only_that_apps_entries() {
        let d = log();
        assert_eq!(could_show(&d, None), 3);
        assert_eq!(could_show(&d, Some("shop".into())), 2);
    }
}
