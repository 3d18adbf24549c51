//! Field statistics in memory: one pass over the column's values among the view's
//! rows (see [`FieldStats`]).

use crate::core::dataset::Dataset;
use crate::core::engine::field_stats::{FieldStats, TOP, spread};
use crate::core::engine::memory::facets::top_values;
use crate::core::query::rowset::RowSet;
use crate::core::roles::Role;
use crate::core::store::dict::Kind;

/// The statistics of the column at `path` among `rows`; `None` when the log has
/// no such column.
pub(crate) fn field_stats(ds: &Dataset, rows: &RowSet, path: &str) -> Option<FieldStats> {
    let node = ds.column(path)?;
    let top = top_values(ds, rows, node, TOP);
    let entries = rows.count();
    let present = entries - top.missing;
    let times = match ds.role(Role::Time) == Some(node) {
        true => spread(&mut rows.iter().filter_map(|r| ds.time(r)).collect::<Vec<_>>()),
        false => None,
    };
    let numbers = match times {
        Some(_) => None,
        None => numbers(ds, rows, node),
    };
    Some(FieldStats {
        path: path.to_string(),
        entries,
        present,
        top,
        numbers,
        times,
    })
}

/// The spread of the column's values when every value among `rows` is a number
/// (`null` aside); `None` otherwise.
fn numbers(
    ds: &Dataset,
    rows: &RowSet,
    node: crate::core::store::NodeId,
) -> Option<crate::core::engine::field_stats::Spread<f64>> {
    let leaf = ds.store().leaf_at(node)?;
    let dict = &leaf.dict;
    let mut values = Vec::new();
    for (i, &c) in leaf.codes().iter().enumerate() {
        if !rows.contains(leaf.row_at(i)) {
            continue;
        }
        match dict.kind(c) {
            Kind::Null => {}
            Kind::Num => values.push(dict.text(c).parse::<f64>().ok()?),
            Kind::Str | Kind::Bool => return None,
        }
    }
    spread(&mut values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::engine::field_stats::Spread;
    use crate::core::query::{FilterSpec, filter};

    fn log() -> Dataset {
        let text = r#"[
            {"time":"2026-12-01T10:00:00Z","actor":"ada","ms":12,"code":"x"},
            {"time":"2026-12-01T11:00:00Z","actor":"bob","ms":3,"code":"y"},
            {"time":"2026-12-01T12:00:00Z","actor":"ada","ms":null},
            {"time":"2026-12-01T13:00:00Z","actor":"ada","ms":40,"code":7},
            {"time":"2026-12-01T14:00:00Z","actor":"cy"}
        ]"#;
        Dataset::from_bytes(text.as_bytes().to_vec()).unwrap().0
    }

    #[test]
    fn coverage_distinct_values_and_spreads_of_the_view() {
        let ds = log();
        let all = RowSet::full(ds.len());
        let actor = field_stats(&ds, &all, "actor").unwrap();
        assert_eq!(
            (actor.entries, actor.present, actor.top.distinct),
            (5, 5, 3)
        );
        assert_eq!(actor.top.values[0].value, "ada");
        assert_eq!(actor.top.values[0].count, 3);
        assert_eq!((actor.numbers, actor.times), (None, None));
        // Numbers: null and missing values are not counted as present.
        let ms = field_stats(&ds, &all, "ms").unwrap();
        assert_eq!((ms.present, ms.top.distinct), (3, 3));
        assert_eq!(
            ms.numbers,
            Some(Spread {
                min: 3.0,
                median: 12.0,
                max: 40.0
            })
        );
        // Text among the values: no numeric spread.
        assert_eq!(field_stats(&ds, &all, "code").unwrap().numbers, None);
        // The time column: the entries' times.
        let t = field_stats(&ds, &all, "time").unwrap().times.unwrap();
        assert_eq!(
            (t.max - t.min, t.median - t.min),
            (4 * 3_600_000, 2 * 3_600_000)
        );
        // Only the view's rows count.
        let spec = FilterSpec {
            search: "actor:ada".into(),
            ..FilterSpec::default()
        };
        let ada = field_stats(&ds, &filter(&ds, &spec), "ms").unwrap();
        assert_eq!((ada.entries, ada.present), (3, 2));
        assert_eq!(
            ada.numbers,
            Some(Spread {
                min: 12.0,
                median: 40.0,
                max: 40.0
            })
        );
        assert_eq!(field_stats(&ds, &all, "nope"), None);
        // An empty view: nothing, no panic.
        let none = field_stats(&ds, &RowSet::empty(ds.len()), "ms").unwrap();
        assert_eq!((none.entries, none.present, none.numbers), (0, 0, None));
    }
}
