//! A set of rows as a bitmap: what filters produce and combine.

/// A subset of `0..len` rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowSet {
    words: Vec<u64>,
    len: usize,
}

impl RowSet {
    /// No rows of `0..len`.
    pub(crate) fn empty(len: usize) -> Self {
        RowSet {
            words: vec![0; len.div_ceil(64)],
            len,
        }
    }

    /// All rows of `0..len`.
    pub(crate) fn full(len: usize) -> Self {
        let mut s = RowSet {
            words: vec![u64::MAX; len.div_ceil(64)],
            len,
        };
        s.trim();
        s
    }

    /// The given rows of `0..len`.
    pub(crate) fn from_rows(len: usize, rows: impl IntoIterator<Item = u32>) -> Self {
        let mut s = RowSet::empty(len);
        for r in rows {
            s.insert(r);
        }
        s
    }

    fn trim(&mut self) {
        if !self.len.is_multiple_of(64)
            && let Some(last) = self.words.last_mut()
        {
            *last &= (1u64 << (self.len % 64)) - 1;
        }
    }

    /// Size of the universe (`0..len`).
    pub(crate) fn universe(&self) -> usize {
        self.len
    }

    /// Adds `row`.
    #[inline]
    pub(crate) fn insert(&mut self, row: u32) {
        self.words[(row >> 6) as usize] |= 1 << (row & 63);
    }

    /// True if `row` is in the set.
    #[inline]
    pub(crate) fn contains(&self, row: u32) -> bool {
        self.words
            .get((row >> 6) as usize)
            .is_some_and(|w| w & (1 << (row & 63)) != 0)
    }

    /// The raw words (bit `i` of word `w` is row `64w + i`).
    pub(crate) fn words_mut(&mut self) -> &mut [u64] {
        &mut self.words
    }

    /// Number of rows in the set.
    pub(crate) fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Keeps only rows also in `other`.
    pub(crate) fn and(&mut self, other: &RowSet) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= b;
        }
    }

    /// Adds the rows of `other`.
    pub(crate) fn or(&mut self, other: &RowSet) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= b;
        }
    }

    /// Replaces the set by its complement in `0..len`.
    pub(crate) fn invert(&mut self) {
        for w in &mut self.words {
            *w = !*w;
        }
        self.trim();
    }

    /// How many rows of the set hold each of `distinct` codes, where row `r` holds
    /// `codes[r]` (rows past `codes` hold none). Whole words of the bitmap count a
    /// slice of codes at once.
    pub(crate) fn count_codes(&self, codes: &[u32], distinct: usize) -> Vec<u32> {
        let mut counts = vec![0u32; distinct];
        for (i, &word) in self.words.iter().enumerate() {
            let base = i * 64;
            if base >= codes.len() {
                break;
            }
            if word == u64::MAX && base + 64 <= codes.len() {
                for &c in &codes[base..base + 64] {
                    counts[c as usize] += 1;
                }
                continue;
            }
            let mut w = word;
            while w != 0 {
                let r = base + w.trailing_zeros() as usize;
                w &= w - 1;
                if let Some(&c) = codes.get(r) {
                    counts[c as usize] += 1;
                }
            }
        }
        counts
    }

    /// The rows, ascending.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let bit = w.trailing_zeros();
                w &= w - 1;
                Some((i as u32) << 6 | bit)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_sets_stop_at_their_length() {
        let s = RowSet::full(70);
        assert_eq!(s.count(), 70);
        assert!(s.contains(69));
        assert!(!s.contains(70));
    }

    #[test]
    fn codes_are_counted_for_the_rows_in_the_set_and_none_past_them() {
        let codes: Vec<u32> = (0..130).map(|r| r % 3).collect();
        let rows = RowSet::from_rows(200, (0..64).chain([64, 65, 129, 130, 199]));
        // Rows 0..64 (a whole word), 64, 65 and 129; 130 and 199 hold no code.
        let mut want = vec![0u32; 3];
        for r in (0..64).chain([64, 65, 129]) {
            want[codes[r] as usize] += 1;
        }
        assert_eq!(rows.count_codes(&codes, 3), want);
        assert_eq!(RowSet::full(200).count_codes(&codes, 3), [44, 43, 43]);
    }

    #[test]
    fn set_algebra() {
        let mut a = RowSet::from_rows(100, [1, 5, 64, 99]);
        let b = RowSet::from_rows(100, [5, 64, 70]);
        a.and(&b);
        assert_eq!(a.iter().collect::<Vec<_>>(), [5, 64]);
        a.or(&RowSet::from_rows(100, [0]));
        a.invert();
        assert_eq!(a.count(), 97);
        assert!(!a.contains(0) && a.contains(1) && !a.contains(64));
    }
}
