//! Facets: the top values of a column among the filtered rows.

use crate::core::dataset::Dataset;
use crate::core::query::RowSet;
use crate::core::roles::Role;
use crate::core::store::NodeId;
use crate::core::store::dict::Kind;
use std::collections::HashMap;

/// Roles with a facet, in the order shown (both engines).
pub(crate) const FACET_ROLES: [Role; 6] = [
    Role::Severity,
    Role::Outcome,
    Role::Action,
    Role::Actor,
    Role::App,
    Role::Category,
];
/// Values shown per facet.
pub(crate) const SHOWN: usize = 8;

/// One value of a column with how many filtered rows have it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetValue {
    /// The value as shown.
    pub value: String,
    /// Rows with it.
    pub count: usize,
}

/// The top values of one column under the current filters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facet {
    /// Most frequent first (ties alphabetical).
    pub values: Vec<FacetValue>,
    /// Distinct values among the filtered rows.
    pub distinct: usize,
    /// Filtered rows without a value.
    pub missing: usize,
}

/// The `k` most frequent values of column `node` among `rows`.
pub(crate) fn top_values(ds: &Dataset, rows: &RowSet, node: NodeId, k: usize) -> Facet {
    let store = ds.store();
    let Some(leaf) = store.leaf_at(node) else {
        return Facet::default();
    };
    let dict = &leaf.dict;
    let mut with_value = RowSet::empty(store.len());
    let counted: Vec<(usize, String)> = if dict.is_unique() {
        let mut by_text: HashMap<&str, usize> = HashMap::new();
        for (i, &c) in leaf.codes().iter().enumerate() {
            let r = leaf.row_at(i);
            if rows.contains(r) && dict.kind(c) != Kind::Null {
                *by_text.entry(dict.text(c)).or_default() += 1;
                with_value.insert(r);
            }
        }
        by_text
            .into_iter()
            .map(|(t, n)| (n, t.to_string()))
            .collect()
    } else if leaf.sparse_rows().is_none() {
        // Row `r` holds code `r` (rows past the codes have none): count by the
        // bitmap's words, then leave out null, so every counted row has a value.
        let counts = rows.count_codes(leaf.codes(), dict.len());
        let counted: Vec<(usize, String)> = counts
            .iter()
            .enumerate()
            .filter(|&(c, &n)| n > 0 && dict.kind(c as u32) != Kind::Null)
            .map(|(c, &n)| (n as usize, dict.text(c as u32).to_string()))
            .collect();
        let valued: usize = counted.iter().map(|(n, _)| n).sum();
        return ranked(counted, k, rows.count() - valued);
    } else {
        let mut counts = vec![0usize; dict.len()];
        for (i, &c) in leaf.codes().iter().enumerate() {
            let r = leaf.row_at(i);
            if rows.contains(r) && dict.kind(c) != Kind::Null {
                counts[c as usize] += 1;
                with_value.insert(r);
            }
        }
        counts
            .iter()
            .enumerate()
            .filter(|&(_, &n)| n > 0)
            .map(|(c, &n)| (n, dict.text(c as u32).to_string()))
            .collect()
    };
    with_value.and(rows);
    ranked(counted, k, rows.count() - with_value.count())
}

/// The facet of `counted` (count, value) pairs: the `k` most frequent.
fn ranked(mut counted: Vec<(usize, String)>, k: usize, missing: usize) -> Facet {
    let distinct = counted.len();
    counted.sort_unstable_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    counted.truncate(k);
    Facet {
        values: counted
            .into_iter()
            .map(|(count, value)| FacetValue { value, count })
            .collect(),
        distinct,
        missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::query::{FilterSpec, filter};

    fn ds() -> Dataset {
        Dataset::from_bytes(
            include_bytes!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/sample.json"
            ))
            .to_vec(),
        )
        .unwrap()
        .0
    }

    #[test]
    fn top_values_count_filtered_rows_most_frequent_first() {
        let d = ds();
        let all = RowSet::full(d.len());
        let f = top_values(&d, &all, d.column("category").unwrap(), 3);
        assert_eq!(f.values.len(), 3);
        assert!(f.values.windows(2).all(|w| w[0].count >= w[1].count));
        let total: usize = top_values(&d, &all, d.column("category").unwrap(), 99)
            .values
            .iter()
            .map(|v| v.count)
            .sum();
        assert_eq!(total, 300);
        let spec = FilterSpec {
            filters: vec![("category".into(), "=billing".into())],
            ..Default::default()
        };
        let rows = filter(&d, &spec);
        let f = top_values(&d, &rows, d.column("category").unwrap(), 5);
        assert_eq!(
            f.values,
            [FacetValue {
                value: "billing".into(),
                count: rows.count()
            }]
        );
    }

    #[test]
    fn missing_and_null_values_are_counted_apart() {
        let d = ds();
        let all = RowSet::full(d.len());
        let f = top_values(&d, &all, d.column("appName").unwrap(), 50);
        let named: usize = f.values.iter().map(|v| v.count).sum();
        assert_eq!(named + f.missing, 300);
        assert!(f.missing > 0, "studio events have appName null");
    }

    #[test]
    fn any_subset_counts_as_a_row_by_row_count_would() {
        // `a` is in the first 150 of 300 entries (null in some), so rows past its
        // values have none; subsets cross words, fill some and stop mid-word.
        let text = format!(
            "[{}]",
            (0..300)
                .map(|i| match i {
                    _ if i >= 150 => r#"{"b":1}"#.to_string(),
                    _ if i % 7 == 0 => r#"{"a":null}"#.to_string(),
                    _ => format!(r#"{{"a":"v{}"}}"#, i % 5),
                })
                .collect::<Vec<_>>()
                .join(",")
        );
        let d = Dataset::from_bytes(text.into_bytes()).unwrap().0;
        let node = d.column("a").unwrap();
        let subsets = [
            RowSet::full(300),
            RowSet::from_rows(300, (0..300).filter(|r| r % 3 == 0)),
            RowSet::from_rows(300, 60..200),
            RowSet::from_rows(300, [0, 63, 64, 127, 149, 150, 299]),
            RowSet::empty(300),
        ];
        for rows in subsets {
            let mut want: HashMap<String, usize> = HashMap::new();
            let mut missing = 0;
            for r in rows.iter() {
                match r < 150 && r % 7 != 0 {
                    true => *want.entry(format!("v{}", r % 5)).or_default() += 1,
                    false => missing += 1,
                }
            }
            let f = top_values(&d, &rows, node, 99);
            let got: HashMap<String, usize> =
                f.values.into_iter().map(|v| (v.value, v.count)).collect();
            assert_eq!(got, want);
            assert_eq!((f.missing, f.distinct), (missing, want.len()));
        }
    }

    #[test]
    fn unique_columns_still_count_by_value() {
        let text: String = format!(
            "[{}]",
            (0..9000)
                .map(|i| format!(r#"{{"ip":"10.0.{}.{}"}}"#, i / 250, i % 250 + (i % 2)))
                .collect::<Vec<_>>()
                .join(",")
        );
        let d = Dataset::from_bytes(text.into_bytes()).unwrap().0;
        let f = top_values(&d, &RowSet::full(d.len()), d.column("ip").unwrap(), 1);
        assert_eq!(f.values[0].count, 2);
    }
}
