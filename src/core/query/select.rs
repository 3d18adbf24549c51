//! The rows a view shows: every filter of a [`FilterSpec`] combined (app scope, time
//! range, column filters and the search box's query).

use crate::core::dataset::Dataset;
use crate::core::query::filter::{FilterSpec, app_scope, column_filter, search, time_range};
use crate::core::query::lang;
use crate::core::query::rowset::RowSet;
use crate::core::store::Row;

/// All filters of `spec` combined: the rows to show.
pub fn filter(ds: &Dataset, spec: &FilterSpec) -> RowSet {
    let mut rows = RowSet::full(ds.len());
    if let Some(app) = &spec.scope {
        rows.and(&app_scope(ds, app));
    }
    if let Some(r) = time_range(ds, spec.from, spec.to) {
        rows.and(&r);
    }
    for (col, expr) in &spec.filters {
        // Filters on columns this log does not have are ignored.
        if let Some(r) = ds.column(col).and_then(|n| column_filter(ds, n, expr)) {
            rows.and(&r);
        }
    }
    if !spec.search.is_empty() {
        match lang::parse(&spec.search, ds) {
            Ok(q) => {
                if q.root.is_some() {
                    rows.and(&lang::eval(ds, &q, spec.zone, &spec.kinds));
                }
            }
            // The box keeps the last valid query; anything else is searched as text.
            Err(_) => {
                if let Some(r) = search(ds, &spec.search) {
                    rows.and(&r);
                }
            }
        }
    }
    rows
}

/// The row of entry `key` when `fence` keeps it, else `None`. `fence` holds what
/// stays in force whatever the view asks (an app view's scope, a host's pinned
/// filters): an entry a link names opens only inside them.
pub(crate) fn entry_within(ds: &Dataset, key: &str, fence: &FilterSpec) -> Option<Row> {
    let row = ds.find_entry(key)?;
    // Nothing fenced (the usual case): no pass over the log.
    if fence.keeps_all() {
        return Some(row);
    }
    filter(ds, fence).contains(row).then_some(row)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log() -> Dataset {
        let text = r#"[
            {"id":"a1","app":"Shop","actor":"ada","action":"login"},
            {"id":"b1","app":"Blog","actor":"bob","action":"login"},
            {"id":"a2","app":"Shop","actor":"bob","action":"delete"}
        ]"#;
        Dataset::from_bytes(text.as_bytes().to_vec()).unwrap().0
    }

    #[test]
    fn an_entry_outside_the_app_scope_or_pinned_filters_is_not_found() {
        let ds = log();
        let open = FilterSpec::default();
        assert_eq!(entry_within(&ds, "b1", &open), Some(1));
        let shop = FilterSpec {
            scope: Some("shop".into()),
            ..FilterSpec::default()
        };
        assert_eq!(entry_within(&ds, "a2", &shop), Some(2));
        assert_eq!(entry_within(&ds, "b1", &shop), None);
        // `#n` names the n-th entry loaded; it is fenced the same way.
        assert_eq!(entry_within(&ds, "#2", &shop), None);
        let pinned = FilterSpec {
            filters: vec![("actor".into(), "=bob".into())],
            ..FilterSpec::default()
        };
        assert_eq!(entry_within(&ds, "a1", &pinned), None);
        assert_eq!(entry_within(&ds, "a2", &pinned), Some(2));
        assert_eq!(entry_within(&ds, "zz", &open), None);
    }
}
