//! Ranking a dictionary's values for sorting: times chronologically, numbers
//! numerically (integers beyond f64 precision as decimals), text ignoring case,
//! null as missing. Needs only the dictionary, so the dataset caches it per column.

use crate::core::store::dict::{Dict, Kind};
use crate::core::time;
use std::cmp::Ordering;

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
pub(crate) fn rank_codes(dict: &Dict) -> Vec<u32> {
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

/// The sort rank of every row's value at `node`, an object or array column, by its
/// compact JSON text ignoring case (`u32::MAX`: the row has nothing there). Computed
/// once per column, so re-sorting while typing reads ranks instead of rebuilding text.
pub(crate) fn rank_rows_by_text(store: &crate::core::store::Store, node: u32) -> Vec<u32> {
    use crate::core::store::Cell;
    let texts: Vec<Option<String>> = (0..store.len() as u32)
        .map(|r| match store.cell(r, node) {
            Cell::Missing => None,
            c => Some(c.text().to_lowercase()),
        })
        .collect();
    let mut idx: Vec<u32> = (0..texts.len() as u32)
        .filter(|&i| texts[i as usize].is_some())
        .collect();
    idx.sort_by(|&a, &b| texts[a as usize].cmp(&texts[b as usize]));
    // Equal texts share a rank, so a descending sort keeps their load order too.
    let mut ranks = vec![u32::MAX; texts.len()];
    let mut rank = 0u32;
    for (n, &i) in idx.iter().enumerate() {
        if n > 0 && texts[i as usize] != texts[idx[n - 1] as usize] {
            rank = n as u32;
        }
        ranks[i as usize] = rank;
    }
    ranks
}
