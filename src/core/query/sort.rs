//! Sorting rows by a column: stable, missing values last in both directions.
//!
//! Each column's distinct values are ranked once (times chronologically, numbers
//! numerically, text ignoring case); a sort then only maps rows to ranks and runs a
//! stable LSD radix sort over the bytes of the key that vary. Ties keep load order.

use crate::core::dataset::{Dataset, NO_TIME};
use crate::core::dict::{Dict, Kind};
use crate::core::query::rowset::RowSet;
use crate::core::roles::Role;
use crate::core::store::{NodeId, Row};
use crate::core::time;
use std::cmp::Ordering;

/// Rank given to rows without a value: after every real value.
const MISSING: u64 = u64::MAX;

/// One value as sorting sees it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Key<'a> {
    Num(f64, &'a str),
    Time(i64),
    Bool(bool),
    Text(&'a [u8]),
}

impl Key<'_> {
    fn class(&self) -> u8 {
        match self {
            Key::Num(..) => 0,
            Key::Time(_) => 1,
            Key::Bool(_) => 2,
            Key::Text(_) => 3,
        }
    }
}

/// Integer texts beyond f64 precision: compare as decimals.
fn cmp_num(a: (f64, &str), b: (f64, &str)) -> Ordering {
    a.0.total_cmp(&b.0).then_with(|| {
        let int = |s: &str| !s.contains(['.', 'e', 'E']);
        if a.1 == b.1 || !int(a.1) || !int(b.1) {
            return Ordering::Equal;
        }
        let neg = a.1.starts_with('-');
        let ord = a.1.len().cmp(&b.1.len()).then_with(|| a.1.cmp(b.1));
        if neg { ord.reverse() } else { ord }
    })
}

fn cmp_key(a: &Key<'_>, b: &Key<'_>) -> Ordering {
    match (a, b) {
        (Key::Num(x, s), Key::Num(y, t)) => cmp_num((*x, s), (*y, t)),
        (Key::Time(x), Key::Time(y)) => x.cmp(y),
        (Key::Bool(x), Key::Bool(y)) => x.cmp(y),
        (Key::Text(x), Key::Text(y)) => x.cmp(y),
        _ => a.class().cmp(&b.class()),
    }
}

/// True if most sampled string values of `dict` read as timestamps.
fn time_like(dict: &Dict) -> bool {
    let n = dict.len() as u32;
    let step = (n / 200).max(1);
    let (mut strs, mut times) = (0, 0);
    for c in (0..n).step_by(step as usize).take(200) {
        if dict.kind(c) == Kind::Str {
            strs += 1;
            times += time::parse_timestamp(dict.text(c), time::Zone::Utc).is_some() as u32;
        }
    }
    strs > 0 && times * 10 >= strs * 8
}

/// Sort rank of every code of `dict` (equal values share a rank; null ranks as missing).
pub fn rank_codes(dict: &Dict) -> Vec<u32> {
    let times = time_like(dict);
    let keys: Vec<Option<Key<'_>>> = (0..dict.len() as u32)
        .map(|c| {
            let text = dict.text(c);
            match dict.kind(c) {
                Kind::Null => None,
                Kind::Num => Some(Key::Num(text.parse::<f64>().unwrap_or(f64::NAN), text)),
                Kind::Bool => Some(Key::Bool(text == "true")),
                Kind::Str => Some(
                    times
                        .then(|| time::parse_timestamp(text, time::Zone::Utc))
                        .flatten()
                        .map_or(Key::Text(dict.lower_of(c)), Key::Time),
                ),
            }
        })
        .collect();
    let mut order: Vec<u32> = (0..dict.len() as u32)
        .filter(|&c| keys[c as usize].is_some())
        .collect();
    let key = |c: u32| keys[c as usize].as_ref().map_or(Key::Bool(false), |k| *k);
    order.sort_unstable_by(|&a, &b| cmp_key(&key(a), &key(b)));
    let mut ranks = vec![u32::MAX; dict.len()];
    let mut rank = 0u32;
    for (i, &c) in order.iter().enumerate() {
        if i > 0 && cmp_key(&key(order[i - 1]), &key(c)) != Ordering::Equal {
            rank += 1;
        }
        ranks[c as usize] = rank;
    }
    ranks
}

/// Stable LSD radix sort of `rows` by `keys` (parallel arrays), 8 bits a pass,
/// skipping bytes that are the same in every key.
fn radix_sort(keys: &mut Vec<u64>, rows: &mut Vec<Row>) {
    let n = keys.len();
    if n < 2 {
        return;
    }
    let (mut or, mut and) = (0u64, u64::MAX);
    for &k in keys.iter() {
        or |= k;
        and &= k;
    }
    let varying = or ^ and;
    let mut k2 = vec![0u64; n];
    let mut r2 = vec![0 as Row; n];
    for shift in (0..64).step_by(8) {
        if (varying >> shift) & 0xFF == 0 {
            continue;
        }
        let mut count = [0usize; 257];
        for &k in keys.iter() {
            count[((k >> shift) & 0xFF) as usize + 1] += 1;
        }
        for i in 0..256 {
            count[i + 1] += count[i];
        }
        for i in 0..n {
            let b = ((keys[i] >> shift) & 0xFF) as usize;
            let dst = count[b];
            count[b] += 1;
            k2[dst] = keys[i];
            r2[dst] = rows[i];
        }
        std::mem::swap(keys, &mut k2);
        std::mem::swap(rows, &mut r2);
    }
}

/// Orders `rows` by `keys` (`MISSING` last); `desc` reverses present values only.
fn order_by_keys(mut keys: Vec<u64>, mut rows: Vec<Row>, desc: bool) -> Vec<Row> {
    if desc {
        let max = keys
            .iter()
            .copied()
            .filter(|&k| k != MISSING)
            .max()
            .unwrap_or(0);
        for k in &mut keys {
            if *k != MISSING {
                *k = max - *k;
            }
        }
    }
    radix_sort(&mut keys, &mut rows);
    rows
}

/// The rows of `set` in the order of column `col` (`None`: load order).
pub fn sort_rows(ds: &Dataset, set: &RowSet, col: Option<NodeId>, desc: bool) -> Vec<Row> {
    let rows: Vec<Row> = set.iter().collect();
    let Some(col) = col else { return rows };
    let store = ds.store();
    let keys: Vec<u64> = if ds.role(Role::Time) == Some(col) {
        let times = ds.times();
        let min = rows
            .iter()
            .map(|&r| times[r as usize])
            .filter(|&t| t != NO_TIME)
            .min()
            .unwrap_or(0);
        rows.iter()
            .map(|&r| match times[r as usize] {
                NO_TIME => MISSING,
                t => t.wrapping_sub(min) as u64,
            })
            .collect()
    } else if let Some(l) = store.node(col).leaf {
        let leaf = &store.leaves()[l as usize];
        let ranks = ds.ranks(l);
        let rank_of = |c: u32| match ranks[c as usize] {
            u32::MAX => MISSING,
            r => r as u64,
        };
        match leaf.sparse_rows() {
            None => {
                let codes = leaf.codes();
                rows.iter()
                    .map(|&r| codes.get(r as usize).map_or(MISSING, |&c| rank_of(c)))
                    .collect()
            }
            Some(_) => rows
                .iter()
                .map(|&r| leaf.codes_of(r).first().map_or(MISSING, |&c| rank_of(c)))
                .collect(),
        }
    } else {
        // A nested column: order by its compact JSON text.
        let texts: Vec<Option<String>> = rows
            .iter()
            .map(|&r| match store.cell(r, col) {
                crate::core::store::Cell::Missing => None,
                c => Some(c.text().to_lowercase()),
            })
            .collect();
        let mut idx: Vec<usize> = (0..rows.len()).filter(|&i| texts[i].is_some()).collect();
        idx.sort_by(|&a, &b| texts[a].cmp(&texts[b]));
        let mut keys = vec![MISSING; rows.len()];
        for (rank, &i) in idx.iter().enumerate() {
            keys[i] = rank as u64;
        }
        keys
    };
    order_by_keys(keys, rows, desc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ds(text: &str) -> Dataset {
        Dataset::from_bytes(text.as_bytes().to_vec()).unwrap().0
    }

    fn sorted(d: &Dataset, col: &str, desc: bool) -> Vec<Row> {
        sort_rows(d, &RowSet::full(d.len()), d.column(col), desc)
    }

    const LOG: &str = r#"[
      {"when":"2026-01-02T00:00:00+01:00","n":10,"name":"bob","big":9007199254740993},
      {"when":"2026-01-01T23:30:00Z","n":9.5,"name":"Alice","big":9007199254740992},
      {"when":"2026-01-01T22:00:00Z","name":"alice","n":null},
      {"n":-3,"name":"Carol"},
      {"when":"2026-01-03T00:00:00Z","n":100,"name":"bob"}
    ]"#;

    #[test]
    fn times_sort_chronologically_not_by_text() {
        let d = ds(LOG);
        // 2026-01-02T00:00+01:00 is 23:00Z on Jan 1: between rows 2 and 1.
        assert_eq!(sorted(&d, "when", false), [2, 0, 1, 4, 3]);
        assert_eq!(
            sorted(&d, "when", true),
            [4, 1, 0, 2, 3],
            "missing stays last"
        );
    }

    #[test]
    fn numbers_sort_numerically_with_null_last() {
        let d = ds(LOG);
        assert_eq!(sorted(&d, "n", false), [3, 1, 0, 4, 2]);
        assert_eq!(sorted(&d, "n", true), [4, 0, 1, 3, 2]);
    }

    #[test]
    fn text_ignores_case_and_ties_keep_load_order() {
        let d = ds(LOG);
        assert_eq!(sorted(&d, "name", false), [1, 2, 0, 4, 3]);
        assert_eq!(sorted(&d, "name", true), [3, 0, 4, 1, 2]);
    }

    #[test]
    fn integers_beyond_f64_precision_still_order() {
        let d = ds(LOG);
        assert_eq!(&sorted(&d, "big", false)[..2], [1, 0]);
    }

    #[test]
    fn no_column_means_load_order() {
        let d = ds(LOG);
        let set = RowSet::from_rows(5, [4, 1, 3]);
        assert_eq!(sort_rows(&d, &set, None, false), [1, 3, 4]);
    }

    #[test]
    fn radix_sort_is_stable_and_handles_wide_keys() {
        let mut keys = vec![5u64 << 40, 1, 5u64 << 40, 0, u64::MAX, 1];
        let mut rows: Vec<Row> = (0..6).collect();
        radix_sort(&mut keys, &mut rows);
        assert_eq!(rows, [3, 1, 5, 0, 2, 4]);
    }
}
