//! Sorting rows by a column: stable, missing values last in both directions.
//!
//! Each column's distinct values are ranked once ([`crate::core::store::rank`]); a sort then
//! only maps rows to ranks and runs a stable LSD radix sort over the bytes of the key
//! that vary. Ties keep load order.

use crate::core::dataset::{Dataset, NO_TIME};
use crate::core::query::rowset::RowSet;
use crate::core::roles::Role;
use crate::core::store::{NodeId, Row};

/// Rank given to rows without a value: after every real value.
const MISSING: u64 = u64::MAX;

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

/// The rows of `set` in the order of column `col` (`None`: load order).
pub fn sort_rows(ds: &Dataset, set: &RowSet, col: Option<NodeId>, desc: bool) -> Vec<Row> {
    sort_prefix(ds, set, col, desc, usize::MAX)
}

/// The first `n` rows of [`sort_rows`]`(ds, set, col, desc)`, without ordering the
/// rest: the pages near the top of a large result cost a few passes over the rows
/// to find where the `n`th falls, and then a sort of `n` rows.
pub(crate) fn sort_prefix(
    ds: &Dataset,
    set: &RowSet,
    col: Option<NodeId>,
    desc: bool,
    n: usize,
) -> Vec<Row> {
    let Some(col) = col else {
        return set.iter().take(n).collect();
    };
    let count = set.count();
    // A column with one value per row, not the time: rows are counted per value.
    if n.saturating_mul(4) < count
        && ds.role(Role::Time) != Some(col)
        && let Some(l) = ds.store().node(col).leaf
    {
        let leaf = &ds.store().leaves()[l as usize];
        if leaf.sparse_rows().is_none() {
            return prefix_by_rank(leaf.codes(), ds.ranks(l), set, desc, n);
        }
    }
    let mut keys = sort_keys(ds, set, col);
    if desc {
        reverse_present(&mut keys);
    }
    // Selecting pays off while the prefix is a small part of the rows.
    let mut rows = if n.saturating_mul(4) < count {
        let rows;
        (keys, rows) = smallest(&keys, set, n);
        rows
    } else {
        set.iter().collect()
    };
    radix_sort(&mut keys, &mut rows);
    rows.truncate(n);
    rows
}

/// The first `n` rows of `set` in the order of their values' `ranks`, where row `r`
/// holds `codes[r]` (none past the codes; missing and null values go last, ties
/// keep load order). Two passes: rows counted per code to find the rank where the
/// `n`th row falls, then the rows before it picked out and sorted.
fn prefix_by_rank(codes: &[u32], ranks: &[u32], set: &RowSet, desc: bool, n: usize) -> Vec<Row> {
    let levels = ranks
        .iter()
        .filter(|&&k| k != u32::MAX)
        .max()
        .map_or(0, |&k| k as usize + 1);
    // A value's place in the order: missing after every real value.
    let place_of_code = |c: u32| match ranks[c as usize] {
        u32::MAX => levels,
        k if desc => levels - 1 - k as usize,
        k => k as usize,
    };
    // Rows without a value are never counted: they come last, after the cut.
    let per_code = set.count_codes(codes, ranks.len());
    let mut per_place = vec![0usize; levels + 1];
    for (c, &k) in per_code.iter().enumerate() {
        per_place[place_of_code(c as u32)] += k as usize;
    }
    // The place of the nth row, and how many rows of that place it takes.
    let (mut cut, mut need) = (0, n.max(1));
    while cut < levels && per_place[cut] < need {
        need -= per_place[cut];
        cut += 1;
    }
    let mut picked: Vec<(usize, Row)> = Vec::with_capacity(n);
    for r in set.iter() {
        let place = codes.get(r as usize).map_or(levels, |&c| place_of_code(c));
        if place == cut && need > 0 {
            need -= 1;
            picked.push((place, r));
        } else if place < cut {
            picked.push((place, r));
        }
    }
    // Stable: ties stay in load order.
    picked.sort_by_key(|&(place, _)| place);
    picked.truncate(n);
    picked.into_iter().map(|(_, r)| r).collect()
}

/// Keys of the rows of `set` (in row order) that order them as [`sort_prefix`]
/// does: a smaller key sorts first; equal keys keep load order.
pub(super) fn order_keys(ds: &Dataset, set: &RowSet, col: NodeId, desc: bool) -> Vec<u64> {
    let mut keys = sort_keys(ds, set, col);
    if desc {
        reverse_present(&mut keys);
    }
    keys
}

/// The sort key in column `col` of each row of `set`, in order: `MISSING` where it
/// has no value.
fn sort_keys(ds: &Dataset, set: &RowSet, col: NodeId) -> Vec<u64> {
    let rows = || set.iter();
    let n = set.count();
    let store = ds.store();
    if ds.role(Role::Time) == Some(col) {
        let times = ds.times();
        let min = rows()
            .map(|r| times[r as usize])
            .filter(|&t| t != NO_TIME)
            .min()
            .unwrap_or(0);
        sized(
            n,
            rows().map(|r| match times[r as usize] {
                NO_TIME => MISSING,
                t => t.wrapping_sub(min) as u64,
            }),
        )
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
                sized(
                    n,
                    rows().map(|r| codes.get(r as usize).map_or(MISSING, |&c| rank_of(c))),
                )
            }
            Some(_) => sized(
                n,
                rows().map(|r| leaf.codes_of(r).first().map_or(MISSING, |&c| rank_of(c))),
            ),
        }
    } else {
        // A nested column: by its compact JSON text, ranked once per column.
        let ranks = ds.row_ranks(col);
        sized(
            n,
            rows().map(|r| match ranks.get(r as usize) {
                None | Some(&u32::MAX) => MISSING,
                Some(&k) => k as u64,
            }),
        )
    }
}

/// `keys` collected with room for `n` up front (a bitmap's iterator cannot say how
/// many it yields, and growing a million keys copies them again and again).
fn sized(n: usize, keys: impl Iterator<Item = u64>) -> Vec<u64> {
    let mut v = Vec::with_capacity(n);
    v.extend(keys);
    v
}

/// Descending: present keys count down from the largest, `MISSING` stays last.
fn reverse_present(keys: &mut [u64]) {
    let max = keys
        .iter()
        .copied()
        .filter(|&k| k != MISSING)
        .max()
        .unwrap_or(0);
    for k in keys {
        if *k != MISSING {
            *k = max - *k;
        }
    }
}

/// The `n` keys (and rows of `set`, whose keys they are in order) a stable sort of
/// `keys` would put first, still in their order here: every key below the `n`th
/// smallest, then its equals in order until there are `n`. The `n`th key is found
/// a byte at a time, highest first, counting only the keys that agree with it on
/// the bytes above.
fn smallest(keys: &[u64], set: &RowSet, n: usize) -> (Vec<u64>, Vec<Row>) {
    if n == 0 {
        return (Vec::new(), Vec::new());
    }
    let (mut or, mut and) = (0u64, u64::MAX);
    for &k in keys {
        or |= k;
        and &= k;
    }
    let varying = or ^ and;
    // `nth` gathers the bytes of the nth key; `need` is its place among the keys
    // that share them so far (1-based); `pool` holds those keys.
    let (mut nth, mut need) = (and & !varying, n);
    let mut pool: Option<Vec<u64>> = None;
    for shift in (0..64).step_by(8).rev() {
        if (varying >> shift) & 0xFF == 0 {
            continue;
        }
        let candidates = pool.as_deref().unwrap_or(keys);
        let mut count = [0usize; 256];
        for &k in candidates {
            count[((k >> shift) & 0xFF) as usize] += 1;
        }
        let mut byte = 0;
        while count[byte] < need {
            need -= count[byte];
            byte += 1;
        }
        nth |= (byte as u64) << shift;
        // The last byte needs no pool: the keys are read once more below.
        if varying & ((1u64 << shift) - 1) == 0 {
            break;
        }
        pool = Some(
            candidates
                .iter()
                .copied()
                .filter(|&k| (k >> shift) & 0xFF == byte as u64)
                .collect(),
        );
    }
    let mut out_keys = Vec::with_capacity(n);
    let mut out_rows = Vec::with_capacity(n);
    let mut equal = need;
    for (&k, r) in keys.iter().zip(set.iter()) {
        let take = if k == nth && equal > 0 {
            equal -= 1;
            true
        } else {
            k < nth
        };
        if take {
            out_keys.push(k);
            out_rows.push(r);
        }
    }
    (out_keys, out_rows)
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
    fn an_object_column_sorts_by_its_text_with_ties_in_load_order_both_ways() {
        let d = ds(r#"[{"o":{"b":1}},{"o":{"a":2}},{},{"o":{"B":1}},{"o":{"a":2}}]"#);
        assert_eq!(sorted(&d, "o", false), [1, 4, 0, 3, 2]);
        // Descending reverses the values, not the ties; the row without one stays last.
        assert_eq!(sorted(&d, "o", true), [0, 3, 1, 4, 2]);
        // Ranked once: a subset sorts by the same ranks.
        let some = RowSet::from_rows(d.len(), [0, 1, 3]);
        assert_eq!(sort_rows(&d, &some, d.column("o"), false), [1, 0, 3]);
    }

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
    fn a_time_field_mixing_encodings_is_detected_and_unreadable_values_stay_untimed() {
        let d = ds(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/mixed-times.json"
        )));
        let time = d
            .role(Role::Time)
            .expect("the mixed `timestamp` field is the time");
        assert_eq!(d.store().node(time).path, "timestamp");
        let hour = |h: i64| 1_772_323_200_000 + h * 3_600_000;
        let want = [
            Some(hour(8)),
            Some(hour(9)),
            Some(hour(10)),
            Some(hour(11) + 123),
            Some(hour(12)),
            Some(hour(13)),
            Some(hour(14)),
            Some(hour(15)),
            Some(hour(16)),
            Some(hour(24)),
            None,
            None,
            None,
            None,
            Some(hour(22)),
        ];
        let got: Vec<_> = (0..d.len() as Row).map(|r| d.time(r)).collect();
        assert_eq!(got, want);
        let col = Some(time);
        let shown: Vec<_> = [10, 11, 12, 13]
            .map(|r| crate::core::view::present::cell(&d, r, time, crate::core::time::Zone::Utc))
            .into();
        assert_eq!(shown, ["garbage", "", "", "false"], "shown as logged");
        let all = RowSet::full(d.len());
        for desc in [false, true] {
            let order = sort_rows(&d, &all, col, desc);
            assert_eq!(&order[11..], [10, 11, 12, 13], "untimed rows sort last");
        }
    }

    #[test]
    fn a_prefix_is_the_start_of_the_whole_order_ties_and_missing_values_included() {
        // Few distinct values (long runs of ties), numbers, times a second apart and
        // rows without a value: every prefix equals the start of the full sort.
        let mut seed = 7u64;
        let mut next = |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % m
        };
        let entries: Vec<String> = (0..3000)
            .map(|i| {
                let name = ["ann", "Bob", "cy", "dee"][next(4) as usize];
                let n = match next(5) {
                    0 => String::new(),
                    _ => format!(r#","n":{}"#, next(1 << 40)),
                };
                let when = match next(9) {
                    0 => String::new(),
                    _ => format!(r#","when":"2026-01-01T00:00:{:02}Z""#, next(60)),
                };
                // `t` in the first 2,000 entries only (some null): one value a row,
                // then none.
                let t = match i {
                    2000.. => String::new(),
                    _ => format!(
                        r#","t":{}"#,
                        ["\"x\"", "\"Y\"", "null", "\"b\""][next(4) as usize]
                    ),
                };
                format!(r#"{{"i":{i},"name":"{name}"{n}{when}{t}}}"#)
            })
            .collect();
        let d = ds(&format!("[{}]", entries.join(",")));
        let odd = RowSet::from_rows(d.len(), (0..d.len() as Row).filter(|r| r % 3 != 1));
        // Mostly rows past `t`'s values: a prefix reaching the rows without one.
        let tail = RowSet::from_rows(d.len(), (0..3000).filter(|r| r % 50 == 0 || *r >= 1900));
        for set in [RowSet::full(d.len()), odd, tail] {
            for col in ["name", "n", "when", "i", "t"] {
                for desc in [false, true] {
                    let all = sort_rows(&d, &set, d.column(col), desc);
                    for n in [
                        0,
                        1,
                        2,
                        49,
                        50,
                        100,
                        449,
                        450,
                        700,
                        all.len(),
                        all.len() + 9,
                    ] {
                        let got = sort_prefix(&d, &set, d.column(col), desc, n);
                        assert_eq!(got, all[..n.min(all.len())], "{col} desc={desc} n={n}");
                    }
                }
            }
            let load = sort_prefix(&d, &set, None, false, 10);
            assert_eq!(load, set.iter().take(10).collect::<Vec<_>>());
        }
    }

    #[test]
    fn radix_sort_is_stable_and_handles_wide_keys() {
        let mut keys = vec![5u64 << 40, 1, 5u64 << 40, 0, u64::MAX, 1];
        let mut rows: Vec<Row> = (0..6).collect();
        radix_sort(&mut keys, &mut rows);
        assert_eq!(rows, [3, 1, 5, 0, 2, 4]);
    }
}
