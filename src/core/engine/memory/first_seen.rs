//! First seen as a facet: how many of the view's rows are an actor's first with
//! each [`Reason`] (the reasons' keys as values). Both engines give this shape; the
//! ClickHouse engine builds it with [`facet_of`] from its counts.

use crate::core::dataset::Dataset;
use crate::core::engine::memory::facets::{Facet, FacetValue};
use crate::core::explain::first_seen::{FirstSeen, Reason};
use crate::core::query::rowset::RowSet;

impl FirstSeen {
    /// The rows of `within` first seen for each reason, as a facet (see
    /// [`facet_of`]).
    pub fn facet(&self, within: &RowSet) -> Facet {
        let (per, none) = self.counts(within);
        facet_of(per, none)
    }
}

/// The first-seen facet of `rows` in `ds`: `None` when nothing can be first seen
/// in the log (no actor, time or reason's field), or `rows` are of another version
/// of it (a load moves on while the panels are counted).
pub fn facet(ds: &Dataset, rows: &RowSet) -> Option<Facet> {
    let f = ds.first_seen();
    (rows.universe() == ds.len() && f.applies()).then(|| f.facet(rows))
}

/// The facet of rows first seen for each reason (`per`, in [`Reason::ALL`] order;
/// a row may count for several) and `none` rows first seen for none: the reasons
/// that have rows, most first (ties by key), those rows missing.
pub(crate) fn facet_of(per: [usize; 4], none: usize) -> Facet {
    let mut values: Vec<FacetValue> = Reason::ALL
        .iter()
        .zip(per)
        .filter(|&(_, count)| count > 0)
        .map(|(r, count)| FacetValue {
            value: r.key().to_string(),
            count,
        })
        .collect();
    values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    Facet {
        distinct: values.len(),
        values,
        missing: none,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ds(body: &str) -> Dataset {
        Dataset::from_bytes(body.as_bytes().to_vec()).unwrap().0
    }

    #[test]
    fn the_facet_counts_each_reason_among_the_rows_asked_for() {
        let d = ds(r#"[
 {"time":"2026-01-01T00:00:01Z","user":"ada@x.test","action":"login","ip":"10.0.0.1"},
 {"time":"2026-01-01T00:00:02Z","user":"ada@x.test","action":"login","ip":"10.0.0.2"},
 {"time":"2026-01-01T00:00:03Z","user":"ada@x.test","action":"logout","ip":"10.0.0.2"},
 {"time":"2026-01-01T00:00:04Z","user":"ada@x.test","action":"logout","ip":"10.0.0.2"}
]"#);
        let f = facet(&d, &RowSet::full(d.len())).unwrap();
        let got: Vec<(&str, usize)> = f
            .values
            .iter()
            .map(|v| (v.value.as_str(), v.count))
            .collect();
        assert_eq!(got, [("action", 2), ("ip", 2)]);
        assert_eq!((f.distinct, f.missing), (2, 1));
        let some = RowSet::from_rows(d.len(), [1, 3]);
        assert_eq!(d.first_seen().facet(&some).values.len(), 1);
        assert_eq!(d.first_seen().facet(&some).missing, 1);
        // Rows of another version of the log, or a log without actors, count nothing.
        assert!(facet(&d, &RowSet::full(d.len() + 1)).is_none());
        let none = ds(r#"[{"a":1}]"#);
        assert!(facet(&none, &RowSet::full(1)).is_none());
    }
}
