//! One leaf column: the dictionary codes of its values and the rows they belong to
//! (every row, or a sparse list when the field is rare).

use super::dict::Dict;
use super::{NONE, NodeId, Row};

/// Which rows a leaf's codes belong to.
#[derive(Clone, Debug)]
pub(super) enum Rows {
    /// Rows `0..n` have exactly one value each (the common case: no row index stored).
    Dense(u32),
    /// The row of each code, ascending; a row repeats for array values.
    Sparse(Vec<Row>),
}

/// The scalar values found at one path.
#[derive(Clone, Debug)]
pub struct Leaf {
    /// The path node this column belongs to.
    pub node: NodeId,
    /// Distinct values.
    pub dict: Dict,
    pub(super) rows: Rows,
    pub(super) codes: Vec<u32>,
    /// The row being added when this column last got a new value, and how many
    /// values it had before that row: what undoing that row must cut back to.
    pub(super) grew_at: Row,
    pub(super) len_before: u32,
}

impl Leaf {
    pub(super) fn new(node: NodeId) -> Self {
        Leaf {
            node,
            dict: Dict::new(),
            rows: Rows::Dense(0),
            codes: Vec::new(),
            grew_at: NONE,
            len_before: 0,
        }
    }

    #[inline]
    pub(super) fn push(&mut self, row: Row, code: u32) {
        match &mut self.rows {
            Rows::Dense(n) if *n == row => *n += 1,
            Rows::Sparse(rows) => rows.push(row),
            Rows::Dense(_) => self.go_sparse(row),
        }
        self.codes.push(code);
    }

    /// Remembers the dictionary's size `before` the first new value of `row`.
    #[inline]
    pub(super) fn note_new(&mut self, row: Row, before: usize) {
        if self.dict.len() > before && self.grew_at != row {
            self.grew_at = row;
            self.len_before = before as u32;
        }
    }

    /// A row was skipped or repeated: from now on rows are listed.
    #[cold]
    pub(super) fn go_sparse(&mut self, row: Row) {
        let n = match self.rows {
            Rows::Dense(n) => n,
            Rows::Sparse(_) => return,
        };
        let mut rows: Vec<Row> = Vec::with_capacity(self.codes.capacity().max(n as usize + 1));
        rows.extend(0..n);
        rows.push(row);
        self.rows = Rows::Sparse(rows);
    }

    pub(super) fn truncate(&mut self, rows: u32) {
        match &mut self.rows {
            Rows::Dense(n) => {
                *n = (*n).min(rows);
                self.codes.truncate(*n as usize);
            }
            Rows::Sparse(r) => {
                let keep = r.partition_point(|&x| x < rows);
                r.truncate(keep);
                self.codes.truncate(keep);
            }
        }
    }

    /// The codes of `row` (empty if it has no value here; several for arrays).
    #[inline]
    pub fn codes_of(&self, row: Row) -> &[u32] {
        match &self.rows {
            Rows::Dense(n) => {
                if row < *n {
                    &self.codes[row as usize..row as usize + 1]
                } else {
                    &[]
                }
            }
            Rows::Sparse(r) => {
                let lo = r.partition_point(|&x| x < row);
                let hi = lo + r[lo..].partition_point(|&x| x <= row);
                &self.codes[lo..hi]
            }
        }
    }

    /// All codes in row order.
    pub(crate) fn codes(&self) -> &[u32] {
        &self.codes
    }

    /// The row of the `i`-th code.
    #[inline]
    pub(crate) fn row_at(&self, i: usize) -> Row {
        match &self.rows {
            Rows::Dense(_) => i as Row,
            Rows::Sparse(r) => r[i],
        }
    }

    /// The row of each code, if rows are not simply `0..n`.
    pub(crate) fn sparse_rows(&self) -> Option<&[Row]> {
        match &self.rows {
            Rows::Dense(_) => None,
            Rows::Sparse(r) => Some(r),
        }
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.dict.heap_bytes()
            + self.codes.capacity() * 4
            + match &self.rows {
                Rows::Dense(_) => 0,
                Rows::Sparse(r) => r.capacity() * 4,
            }
    }
}
