//! The rows a view shows: every filter of a [`FilterSpec`] combined (app scope, time
//! range, column filters and the search box's query).

use crate::core::dataset::Dataset;
use crate::core::query::filter::{FilterSpec, app_scope, column_filter, search, time_range};
use crate::core::query::lang;
use crate::core::query::rowset::RowSet;

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
