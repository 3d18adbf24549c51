//! Rolling back: a mark taken before a page or an entry, and undoing everything
//! added after it when the page or entry turns out broken.

use super::*;

/// A mark to roll a failed page or entry back to: rows, pages, key paths,
/// columns and dictionary values added after it all go.
#[derive(Clone, Debug)]
pub(crate) struct Mark {
    rows: usize,
    pages: usize,
    side: usize,
    blank: usize,
    nodes: usize,
    leaves: usize,
    containers: usize,
    invalid_utf8: usize,
    values: Values,
}

/// How a rollback finds the dictionary values to forget.
#[derive(Clone, Debug)]
enum Values {
    /// Each column's size at the mark (a page: taken once per body).
    Sizes(Vec<u32>, usize),
    /// Only the row being added can have added values (cheap, once per entry).
    OfRow,
    /// Keep every value (dropping surplus rows, whose values may be shared).
    Keep,
}

impl Store {
    /// A mark at the start of a body: rolling back to it undoes the whole response.
    pub(crate) fn mark(&self) -> Mark {
        let sizes = self.leaves.iter().map(|l| l.dict.len() as u32).collect();
        let seen = self.seen.as_ref().map_or(0, Seen::len);
        self.mark_with(Values::Sizes(sizes, seen))
    }

    /// A mark before one entry is added.
    pub(super) fn entry_mark(&self) -> Mark {
        self.mark_with(Values::OfRow)
    }

    fn mark_with(&self, values: Values) -> Mark {
        Mark {
            rows: self.entries.len(),
            pages: self.pages.len(),
            side: self.side.len(),
            blank: self.blank.len(),
            nodes: self.nodes.len(),
            leaves: self.leaves.len(),
            containers: self.containers.len(),
            invalid_utf8: self.invalid_utf8,
            values,
        }
    }

    /// Undoes everything added since `mark`: rows, pages, masked bytes, key
    /// paths, columns, dictionary values and (for a body) what the response
    /// counted as delivered, invalid UTF-8 counted included.
    pub(crate) fn rollback(&mut self, mark: Mark) {
        self.entries.truncate(mark.rows);
        self.pages.truncate(mark.pages);
        self.side.truncate(mark.side);
        self.blank.truncate(mark.blank);
        self.invalid_utf8 = mark.invalid_utf8;
        self.leaves.truncate(mark.leaves);
        let row = mark.rows as Row;
        for (i, leaf) in self.leaves.iter_mut().enumerate() {
            leaf.truncate(row);
            match &mark.values {
                Values::Sizes(sizes, _) => leaf.dict.truncate(sizes[i] as usize),
                Values::OfRow if leaf.grew_at == row => {
                    leaf.dict.truncate(leaf.len_before as usize)
                }
                _ => {}
            }
            // Stamps of undone rows would name the next row to be added.
            if leaf.grew_at >= row {
                leaf.grew_at = NONE;
            }
        }
        for n in self.containers.drain(mark.containers..) {
            self.nodes[n as usize].container = false;
        }
        if self.nodes.len() > mark.nodes {
            self.forget_nodes(mark.nodes);
        }
        for n in &mut self.nodes {
            n.leaf = n.leaf.filter(|&l| (l as usize) < mark.leaves);
        }
        if let (Values::Sizes(_, slots), Some(seen)) = (&mark.values, &mut self.seen) {
            seen.undo_response(*slots);
        }
    }

    /// Drops the key paths from node `keep` on.
    #[cold]
    fn forget_nodes(&mut self, keep: usize) {
        let keep_id = keep as NodeId;
        let parents: Vec<NodeId> = self.nodes[keep..].iter().map(|n| n.parent).collect();
        self.nodes.truncate(keep);
        for p in parents {
            if let Some(n) = self.nodes.get_mut(p as usize) {
                n.children.retain(|&c| c < keep_id);
            }
        }
        for n in &mut self.nodes {
            if n.hint_first >= keep_id && n.hint_first != NONE {
                n.hint_first = NONE;
            }
            if n.hint_next >= keep_id && n.hint_next != NONE {
                n.hint_next = NONE;
            }
        }
        self.by_path.retain(|_, &mut id| id < keep_id);
        self.children.retain(|&mut c| c < keep_id);
    }

    /// Drops every entry from row `rows` on (pages, paths and values stay).
    pub(crate) fn truncate_rows(&mut self, rows: usize) {
        if rows < self.len() {
            let mut mark = self.mark_with(Values::Keep);
            mark.rows = rows;
            self.rollback(mark);
        }
    }
}
