//! A column read row after row as small value ids: dictionary codes of the same
//! text are one value, `null` is none. Breakdowns and the split histogram group
//! rows by these ids and compare texts only to order the groups.

use crate::core::store::dict::Kind;
use crate::core::store::{Leaf, Row};
use hashbrown::HashMap;

/// No value: a row's missing value, or a `null` code.
pub(crate) const NONE: u32 = u32::MAX;

/// One column read row after row (ascending) as value ids.
pub(crate) struct Values<'a> {
    leaf: &'a Leaf,
    /// The value id of each dictionary code ([`NONE`] for `null`).
    pub(crate) ids: Vec<u32>,
    /// The text of each value id.
    pub(crate) texts: Vec<&'a str>,
    /// The next code to look at, for a column with a row list.
    at: usize,
}

impl<'a> Values<'a> {
    /// Reads `leaf`, from its first row on.
    pub(crate) fn new(leaf: &'a Leaf) -> Self {
        let dict = &leaf.dict;
        let mut by_text: HashMap<&str, u32> = HashMap::new();
        let mut texts = Vec::new();
        let ids = (0..dict.len() as u32)
            .map(|c| match dict.kind(c) {
                Kind::Null => NONE,
                _ => *by_text.entry(dict.text(c)).or_insert_with(|| {
                    texts.push(dict.text(c));
                    texts.len() as u32 - 1
                }),
            })
            .collect();
        Values {
            leaf,
            ids,
            texts,
            at: 0,
        }
    }

    /// The distinct value ids of `row` (asked in ascending row order) into `out`:
    /// empty when it has none.
    pub(crate) fn read(&mut self, row: Row, out: &mut Vec<u32>) {
        out.clear();
        let codes = self.leaf.codes();
        match self.leaf.sparse_rows() {
            None => out.extend(codes.get(row as usize).map(|&c| self.ids[c as usize])),
            // Rows ascend: one walk over the row list in all.
            Some(rows) => {
                while rows.get(self.at).is_some_and(|&r| r < row) {
                    self.at += 1;
                }
                while rows.get(self.at) == Some(&row) {
                    out.push(self.ids[codes[self.at] as usize]);
                    self.at += 1;
                }
            }
        }
        out.retain(|&v| v != NONE);
        if out.len() > 1 {
            out.sort_unstable();
            out.dedup();
        }
    }

    /// The text of value id `v` (None for [`NONE`]).
    pub(crate) fn text(&self, v: u32) -> Option<&'a str> {
        self.texts.get(v as usize).copied()
    }
}
