//! The compact columnar store of loaded log entries.
//!
//! Every entry keeps its exact original bytes (pages are kept whole, packed: see
//! [`crate::core::store::pages`]), so inspection and export can show what was received.
//! For querying, every scalar in an entry is filed under its key path (`type`,
//! `data.to[]`, `actor.email`) in a [`Leaf`] column: a [`Dict`] of distinct values
//! plus one code per occurrence. Paths form a tree of [`Node`]s; a column shown in
//! the table is any node, and its values are the leaves below it. Pages can be
//! appended; a page that fails is rolled back whole.

pub mod dict;
mod ids;
pub mod pages;
pub mod rank;
pub mod seen;

use crate::core::json::path;
use crate::core::json::{self, ErrorKind, MAX_DEPTH, Scanner, StrTok, SyntaxError};
use crate::core::store::dict::{Dict, Kind, same_bytes};
use crate::core::store::pages::{Pages, Reader};
use crate::core::store::seen::Seen;
use crate::core::trust::redact::Redaction;
use hashbrown::HashTable;
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::Hasher;
use std::sync::Arc;

pub use ids::{NodeId, Row};

/// Key paths kept apart before further new keys are pooled under `parent.*`
/// (guards against logs that use ids as object keys).
pub const MAX_NODES: usize = 2048;
const NONE: u32 = u32::MAX;
/// The root node (the entry object itself).
pub const ROOT: NodeId = 0;

/// One key path.
#[derive(Clone, Debug)]
pub struct Node {
    /// The last segment: a key, `[]` for array elements, `*` for pooled keys.
    pub name: String,
    /// The full path, keys joined by `.`, array elements as `[]`: `data.to[]`
    /// (see [`crate::core::json::path`] for keys holding `.`).
    pub path: String,
    /// The parent node (the root is its own parent).
    pub parent: NodeId,
    /// Children in first-seen order.
    pub children: Vec<NodeId>,
    /// The leaf column of scalar values at this path, if any were seen.
    pub leaf: Option<u32>,
    /// True if an object or array was seen at this path.
    pub container: bool,
    hint_first: NodeId,
    hint_next: NodeId,
    /// The last object walked that had this key (finds a key repeated in one object).
    seen_in: u64,
}

/// Which rows a leaf's codes belong to.
#[derive(Clone, Debug)]
enum Rows {
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
    rows: Rows,
    codes: Vec<u32>,
    /// The row being added when this column last got a new value, and how many
    /// values it had before that row: what undoing that row must cut back to.
    grew_at: Row,
    len_before: u32,
}

impl Leaf {
    fn new(node: NodeId) -> Self {
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
    fn push(&mut self, row: Row, code: u32) {
        match &mut self.rows {
            Rows::Dense(n) if *n == row => *n += 1,
            Rows::Sparse(rows) => rows.push(row),
            Rows::Dense(_) => self.go_sparse(row),
        }
        self.codes.push(code);
    }

    /// Remembers the dictionary's size `before` the first new value of `row`.
    #[inline]
    fn note_new(&mut self, row: Row, before: usize) {
        if self.dict.len() > before && self.grew_at != row {
            self.grew_at = row;
            self.len_before = before as u32;
        }
    }

    /// A row was skipped or repeated: from now on rows are listed.
    #[cold]
    fn go_sparse(&mut self, row: Row) {
        let n = match self.rows {
            Rows::Dense(n) => n,
            Rows::Sparse(_) => return,
        };
        let mut rows: Vec<Row> = Vec::with_capacity(self.codes.capacity().max(n as usize + 1));
        rows.extend(0..n);
        rows.push(row);
        self.rows = Rows::Sparse(rows);
    }

    fn truncate(&mut self, rows: u32) {
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
    pub fn codes(&self) -> &[u32] {
        &self.codes
    }

    /// The row of the `i`-th code.
    #[inline]
    pub fn row_at(&self, i: usize) -> Row {
        match &self.rows {
            Rows::Dense(_) => i as Row,
            Rows::Sparse(r) => r[i],
        }
    }

    /// The row of each code, if rows are not simply `0..n`.
    pub fn sparse_rows(&self) -> Option<&[Row]> {
        match &self.rows {
            Rows::Dense(_) => None,
            Rows::Sparse(r) => Some(r),
        }
    }

    /// Number of values stored.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// True if no value is stored.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    fn heap_bytes(&self) -> usize {
        self.dict.heap_bytes()
            + self.codes.capacity() * 4
            + match &self.rows {
                Rows::Dense(_) => 0,
                Rows::Sparse(r) => r.capacity() * 4,
            }
    }
}

/// Where an entry's bytes are.
#[derive(Clone, Copy, Debug)]
struct EntryRef {
    page: u32,
    start: u32,
    end: u32,
}

/// What a table cell holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell<'a> {
    /// The entry has nothing at this path.
    Missing,
    /// One scalar.
    Value(Kind, &'a str),
    /// Several scalars (an array, or repeated keys).
    List(Vec<(Kind, &'a str)>),
    /// An object or array, as compact JSON in its original spelling.
    Json(String),
}

impl Cell<'_> {
    /// The cell as one line of text (empty when missing).
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Cell::Missing => Cow::Borrowed(""),
            Cell::Value(_, s) => Cow::Borrowed(s),
            Cell::List(v) => Cow::Owned(v.iter().map(|(_, s)| *s).collect::<Vec<_>>().join(", ")),
            Cell::Json(s) => Cow::Borrowed(s),
        }
    }
}

/// All loaded entries.
#[derive(Clone, Debug)]
pub struct Store {
    pages: Pages,
    entries: Vec<EntryRef>,
    nodes: Vec<Node>,
    leaves: Vec<Leaf>,
    by_path: HashMap<String, NodeId>,
    children: HashTable<NodeId>,
    generation: u64,
    /// String values whose bytes were not UTF-8 (shown with U+FFFD).
    pub invalid_utf8: usize,
    /// Entries by content, once more than one response feeds the store.
    pub(crate) seen: Option<Seen>,
    /// What is masked as entries arrive.
    redaction: Option<Arc<Redaction>>,
    /// The masked entries' bytes (their entries name page [`SIDE`]).
    side: Vec<u8>,
    /// Where the originals of masked entries lie in the page being filled: blanked
    /// when it is kept, so no original byte outlives its masking.
    blank: Vec<(u32, u32)>,
    /// Objects walked so far (stamps [`Node::seen_in`]).
    objects: u64,
    /// Nodes that became containers, in order (so a rollback can undo it).
    containers: Vec<NodeId>,
}

/// The page number of entries kept in the side buffer (masked entries).
const SIDE: u32 = u32::MAX;

/// Entries' original bytes read one after another (see [`Store::entries`]).
pub struct Entries<'a> {
    store: &'a Store,
    pages: Reader<'a>,
}

impl Entries<'_> {
    /// The exact original bytes of entry `row`, as [`Store::entry_bytes`].
    pub fn bytes(&mut self, row: Row) -> Cow<'_, [u8]> {
        let e = self.store.entries[row as usize];
        match e.page {
            SIDE => Cow::Borrowed(&self.store.side[e.start as usize..e.end as usize]),
            p => self.pages.get(p, e.start, e.end),
        }
    }
}

impl Default for Store {
    fn default() -> Self {
        Self::new()
    }
}

fn child_hash(parent: NodeId, name: &[u8]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write_u32(parent);
    h.write(name);
    h.finish()
}

/// A mark to roll a failed page or entry back to: rows, pages, key paths,
/// columns and dictionary values added after it all go.
#[derive(Clone, Debug)]
pub struct Mark {
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
    /// An empty store.
    pub fn new() -> Self {
        let root = Node {
            name: String::new(),
            path: String::new(),
            parent: ROOT,
            children: Vec::new(),
            leaf: None,
            container: true,
            hint_first: NONE,
            hint_next: NONE,
            seen_in: 0,
        };
        Store {
            pages: Pages::new(),
            entries: Vec::new(),
            nodes: vec![root],
            leaves: Vec::new(),
            by_path: HashMap::new(),
            children: HashTable::new(),
            generation: 0,
            invalid_utf8: 0,
            seen: None,
            redaction: None,
            side: Vec::new(),
            blank: Vec::new(),
            objects: 0,
            containers: Vec::new(),
        }
    }

    /// Masks what `r` names in every entry added from now on.
    pub fn set_redaction(&mut self, r: &Redaction) {
        self.redaction = (!r.is_empty()).then(|| Arc::new(r.clone()));
    }

    /// What entries are masked by.
    pub fn redaction(&self) -> Option<&Redaction> {
        self.redaction.as_deref()
    }

    /// True if messages may quote raw text of a body (see [`Redaction::shows_excerpts`]).
    pub fn shows_excerpts(&self) -> bool {
        self.redaction
            .as_deref()
            .is_none_or(Redaction::shows_excerpts)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True if no entry is loaded.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Changes whenever entries are added, so derived data can tell it is stale.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The exact original bytes of entry `row`.
    pub fn entry_bytes(&self, row: Row) -> Cow<'_, [u8]> {
        let e = self.entries[row as usize];
        match e.page {
            SIDE => Cow::Borrowed(&self.side[e.start as usize..e.end as usize]),
            p => self.pages.get(p, e.start, e.end),
        }
    }

    /// A reader of many entries' bytes, one after another (cheaper than
    /// [`Store::entry_bytes`] per entry).
    pub fn entries(&self) -> Entries<'_> {
        Entries {
            store: self,
            pages: self.pages.reader(),
        }
    }

    /// The bytes of entry `row`, which may lie in `pending`: the bytes of the page
    /// being filled, not yet kept.
    pub(crate) fn entry_text<'a>(&'a self, row: Row, pending: &'a [u8]) -> Cow<'a, [u8]> {
        let e = self.entries[row as usize];
        let (start, end) = (e.start as usize, e.end as usize);
        match e.page {
            SIDE => Cow::Borrowed(&self.side[start..end]),
            p if p as usize >= self.pages.len() => Cow::Borrowed(&pending[start..end]),
            p => self.pages.get(p, e.start, e.end),
        }
    }

    /// The bytes of page `i`.
    pub(crate) fn page(&self, i: u32) -> Cow<'_, [u8]> {
        self.pages.whole(i)
    }

    /// From now on an entry that an earlier response already delivered is dropped
    /// (see [`Seen`]); the entries loaded so far count as delivered.
    pub fn track_duplicates(&mut self) {
        if self.seen.is_some() {
            return;
        }
        let mut seen = Seen::new();
        seen.begin_response();
        let mut entries = self.entries();
        for row in 0..self.len() as Row {
            seen.check(row, &entries.bytes(row), |r| self.entry_bytes(r));
        }
        self.seen = Some(seen);
    }

    /// True once duplicates are tracked.
    pub fn tracks_duplicates(&self) -> bool {
        self.seen.is_some()
    }

    /// Marks the start of a new response for duplicate tracking.
    pub fn begin_response(&mut self) {
        if let Some(s) = &mut self.seen {
            s.begin_response();
        }
    }

    /// All path nodes; index 0 is the root.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// One node.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id as usize]
    }

    /// The top-level keys, in first-seen order.
    pub fn top_level(&self) -> &[NodeId] {
        &self.nodes[ROOT as usize].children
    }

    /// The node of a path such as `data.status` or `data.to[]`.
    pub fn find(&self, path: &str) -> Option<NodeId> {
        self.by_path.get(path).copied()
    }

    /// The node that holds the values of `path`: its own node, or for a key
    /// pooled beyond [`MAX_NODES`], the `….*` node it was filed under.
    pub fn holder(&self, path: &str) -> Option<NodeId> {
        if let Some(n) = self.find(path) {
            return Some(n);
        }
        // Where `path` can be cut into a parent path: before a `.`, after `[]`.
        let mut cuts = vec![0];
        let mut escaped = false;
        for (i, c) in path.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '.' => cuts.push(i),
                ']' if path[..i].ends_with('[') => cuts.push(i + 1),
                _ => {}
            }
        }
        cuts.iter()
            .rev()
            .find_map(|&i| self.find(&path::child(&path[..i], "*")))
    }

    /// All leaf columns.
    pub fn leaves(&self) -> &[Leaf] {
        &self.leaves
    }

    /// The leaf column at `node`, if scalars were seen there.
    pub fn leaf_at(&self, node: NodeId) -> Option<&Leaf> {
        self.nodes[node as usize]
            .leaf
            .map(|l| &self.leaves[l as usize])
    }

    /// Leaf columns at `node` and below it.
    pub fn subtree_leaves(&self, node: NodeId) -> Vec<u32> {
        let mut out = Vec::new();
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            let n = &self.nodes[n as usize];
            out.extend(n.leaf);
            stack.extend(n.children.iter().rev());
        }
        out
    }

    /// What entry `row` holds at `node`.
    pub fn cell(&self, row: Row, node: NodeId) -> Cell<'_> {
        let n = &self.nodes[node as usize];
        if let Some(l) = n.leaf {
            let leaf = &self.leaves[l as usize];
            match leaf.codes_of(row) {
                [] => {}
                [c] => return Cell::Value(leaf.dict.kind(*c), leaf.dict.text(*c)),
                cs => {
                    return Cell::List(
                        cs.iter()
                            .map(|&c| (leaf.dict.kind(c), leaf.dict.text(c)))
                            .collect(),
                    );
                }
            }
        }
        let mut out = Vec::new();
        if n.container && self.container_json(row, node, &mut out) {
            return Cell::Json(
                String::from_utf8(out)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            );
        }
        Cell::Missing
    }

    /// Appends to `out` the compact JSON of the object or array that entry `row`
    /// holds at `node`, following into strings that hold JSON; false if it holds
    /// none there (paths through arrays are not followed).
    pub fn container_json(&self, row: Row, node: NodeId, out: &mut Vec<u8>) -> bool {
        let mut keys = Vec::new();
        let mut n = node;
        while n != ROOT {
            let nd = &self.nodes[n as usize];
            if nd.name == "[]" || nd.name == "*" {
                return false;
            }
            keys.push(nd.name.as_str());
            n = nd.parent;
        }
        keys.reverse();
        json_at(&self.entry_bytes(row), &keys, out)
    }

    /// Gives back the room vectors kept for growth (a load has ended). Vectors
    /// grow by doubling, so columns hold up to twice what they use.
    pub fn shrink(&mut self) {
        self.entries.shrink_to_fit();
        self.side.shrink_to_fit();
        for leaf in &mut self.leaves {
            leaf.codes.shrink_to_fit();
            if let Rows::Sparse(r) = &mut leaf.rows {
                r.shrink_to_fit();
            }
            leaf.dict.shrink();
        }
    }

    /// The heap bytes the original text of kept pages takes (packed), and its
    /// size unpacked.
    pub fn text_bytes(&self) -> (usize, usize) {
        (self.pages.heap_bytes(), self.pages.raw_bytes())
    }

    /// Approximate heap bytes held (pages plus columns).
    pub fn heap_bytes(&self) -> usize {
        self.pages.heap_bytes()
            + self.side.capacity()
            + self.entries.capacity() * 12
            + self.seen.as_ref().map_or(0, Seen::heap_bytes)
            + self.leaves.iter().map(Leaf::heap_bytes).sum::<usize>()
    }

    // ---- building -------------------------------------------------------------

    /// Makes room for about `rows` more entries in every column seen so far, so a
    /// big page does not grow (and copy) its vectors a dozen times.
    pub(crate) fn reserve_rows(&mut self, rows: usize) {
        self.entries.reserve(rows);
        let have = self.entries.len().max(1);
        for leaf in &mut self.leaves {
            // Expect each column to stay as frequent as it has been.
            let share = (rows as u64 * leaf.codes.len() as u64 / have as u64) as usize;
            leaf.codes.reserve(share);
            if let Rows::Sparse(r) = &mut leaf.rows {
                r.reserve(share);
            }
            leaf.dict.reserve_for(share);
        }
    }

    /// A mark at the start of a body: rolling back to it undoes the whole response.
    pub(crate) fn mark(&self) -> Mark {
        let sizes = self.leaves.iter().map(|l| l.dict.len() as u32).collect();
        let seen = self.seen.as_ref().map_or(0, Seen::len);
        self.mark_with(Values::Sizes(sizes, seen))
    }

    /// A mark before one entry is added.
    fn entry_mark(&self) -> Mark {
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

    /// Index the next page will get.
    pub(crate) fn next_page(&self) -> u32 {
        self.pages.len() as u32
    }

    /// Keeps the bytes of a page whose entries were added.
    pub(crate) fn keep_page(&mut self, mut bytes: Vec<u8>) {
        for (a, b) in self.blank.drain(..) {
            for x in &mut bytes[a as usize..b as usize] {
                if *x != b'\n' {
                    *x = b' ';
                }
            }
        }
        self.pages.push(bytes);
        for leaf in &mut self.leaves {
            leaf.dict.flush();
        }
        self.generation += 1;
    }

    /// Adds the object at the scanner (which must be on `{`) as a new entry of page
    /// `page`; `depth` is the object's nesting level in the body (1 at the top).
    pub(crate) fn add_entry(
        &mut self,
        bytes: &[u8],
        sc: &mut Scanner<'_>,
        page: u32,
        depth: usize,
    ) -> Result<(), SyntaxError> {
        let row = self.entries.len() as Row;
        let start = sc.pos;
        self.walk_entry(bytes, sc, row, depth)?;
        self.entries.push(EntryRef {
            page,
            start: start as u32,
            end: sc.pos as u32,
        });
        Ok(())
    }

    /// Like [`Store::add_entry`], but drops the entry again if an earlier response
    /// already delivered it (Ok(false)); a broken entry leaves nothing behind.
    pub(crate) fn add_new_entry(
        &mut self,
        bytes: &[u8],
        sc: &mut Scanner<'_>,
        page: u32,
        depth: usize,
    ) -> Result<bool, SyntaxError> {
        if let Some(r) = self.redaction.clone() {
            let at = sc.pos;
            let mut probe = sc.clone();
            probe.skip_value(depth - 1)?;
            let end = probe.pos;
            let masked = r.rewrite(&bytes[at..end]).map_err(|e| SyntaxError {
                offset: at + e.offset,
                ..e
            })?;
            if let Some(masked) = masked {
                sc.pos = end;
                let added = self.add_masked_entry(masked, bytes, depth)?;
                if added {
                    self.blank.push((at as u32, end as u32));
                }
                return Ok(added);
            }
        }
        let mark = self.entry_mark();
        let at = sc.pos;
        if let Err(e) = self.add_entry(bytes, sc, page, depth) {
            self.rollback(mark);
            return Err(e);
        }
        if let Some(mut seen) = self.seen.take() {
            let row = self.len() as Row - 1;
            let dup = seen.check(row, &bytes[at..sc.pos], |r| self.entry_text(r, bytes));
            self.seen = Some(seen);
            if dup {
                self.rollback(mark);
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Adds a masked entry from the side buffer; `pending` is the page being filled.
    fn add_masked_entry(
        &mut self,
        masked: Vec<u8>,
        pending: &[u8],
        depth: usize,
    ) -> Result<bool, SyntaxError> {
        let mark = self.entry_mark();
        let mut side = std::mem::take(&mut self.side);
        let start = side.len();
        side.extend_from_slice(&masked);
        let mut sc = Scanner::at(&side, start);
        let row = self.entries.len() as Row;
        let walked = self.walk_entry(&side, &mut sc, row, depth);
        let end = sc.pos;
        self.side = side;
        if let Err(e) = walked {
            self.rollback(mark);
            return Err(e);
        }
        self.entries.push(EntryRef {
            page: SIDE,
            start: start as u32,
            end: end as u32,
        });
        if let Some(mut seen) = self.seen.take() {
            let dup = seen.check(row, &self.side[start..end], |r| self.entry_text(r, pending));
            self.seen = Some(seen);
            if dup {
                self.rollback(mark);
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Files the entry object at the scanner as row `row`, `depth` levels deep. A key
    /// repeated in one object keeps only its last value, as in `JSON.parse`: the
    /// first walk stops at a repeat, and that entry is walked again with care.
    fn walk_entry(
        &mut self,
        bytes: &[u8],
        sc: &mut Scanner<'_>,
        row: Row,
        depth: usize,
    ) -> Result<(), SyntaxError> {
        let (start, invalid_utf8) = (sc.pos, self.invalid_utf8);
        match self.walk_object(bytes, sc, ROOT, row, depth, false) {
            Ok(()) => Ok(()),
            Err(Stop::Syntax(e)) => Err(e),
            Err(Stop::Repeat) => {
                for leaf in &mut self.leaves {
                    leaf.truncate(row);
                }
                self.invalid_utf8 = invalid_utf8;
                sc.pos = start;
                self.walk_object(bytes, sc, ROOT, row, depth, true)
                    .map_err(|stop| match stop {
                        Stop::Syntax(e) => e,
                        Stop::Repeat => unreachable!("a careful walk passes over repeated keys"),
                    })
            }
        }
    }

    /// Walks the object at the scanner. With `careful`, an earlier value of a key
    /// the object repeats is passed over; without, a repeat stops the walk.
    fn walk_object(
        &mut self,
        bytes: &[u8],
        sc: &mut Scanner<'_>,
        node: NodeId,
        row: Row,
        depth: usize,
        careful: bool,
    ) -> Result<(), Stop> {
        if depth > MAX_DEPTH {
            return Err(Stop::Syntax(SyntaxError {
                offset: sc.pos,
                kind: ErrorKind::TooDeep,
            }));
        }
        // Which members hold their key's last value (a broken object: all, and the
        // walk finds the fault).
        let last = if careful {
            last_of_keys(bytes, sc.pos, depth).unwrap_or_default()
        } else {
            Vec::new()
        };
        sc.pos += 1;
        if sc.eat(b'}') {
            return Ok(());
        }
        self.objects += 1;
        let this = self.objects;
        let mut prev = NONE;
        let mut index = 0;
        loop {
            sc.ws();
            let key = sc.key()?;
            let child = self.child_for_key(node, prev, bytes, key);
            if careful && !last.get(index).copied().unwrap_or(true) {
                sc.skip_value(depth)?;
            } else {
                // Pooled keys share a node without being the same key.
                let n = &self.nodes[child as usize];
                if !careful && n.seen_in == this && n.name != "*" {
                    return Err(Stop::Repeat);
                }
                self.nodes[child as usize].seen_in = this;
                self.walk_value(bytes, sc, child, row, depth, careful)?;
            }
            prev = child;
            index += 1;
            sc.ws();
            match sc.peek() {
                Some(b',') => sc.pos += 1,
                Some(b'}') => {
                    sc.pos += 1;
                    return Ok(());
                }
                _ => {
                    return sc
                        .expected("',' or '}' after an object member")
                        .map_err(Stop::Syntax);
                }
            }
        }
    }

    #[inline]
    fn walk_value(
        &mut self,
        bytes: &[u8],
        sc: &mut Scanner<'_>,
        node: NodeId,
        row: Row,
        depth: usize,
        careful: bool,
    ) -> Result<(), Stop> {
        match sc.peek() {
            Some(b'"') => {
                let tok = sc.string()?;
                self.push_str(node, row, bytes, tok);
                if json::may_be_document(&bytes[tok.start..tok.end]) {
                    self.walk_embedded(bytes, tok, node, row, depth, careful)?;
                }
            }
            Some(b'-' | b'0'..=b'9') => {
                let (a, b) = sc.number()?;
                // Number text is ASCII by construction.
                let text = std::str::from_utf8(&bytes[a..b]).unwrap_or("0");
                self.push_value(node, row, Kind::Num, text);
            }
            Some(b'{') => {
                self.set_container(node);
                self.walk_object(bytes, sc, node, row, depth + 1, careful)?;
            }
            Some(b'[') => {
                if depth + 1 > MAX_DEPTH {
                    return Err(Stop::Syntax(SyntaxError {
                        offset: sc.pos,
                        kind: ErrorKind::TooDeep,
                    }));
                }
                self.set_container(node);
                sc.pos += 1;
                if sc.eat(b']') {
                    return Ok(());
                }
                let child = self.child_for_key(node, NONE, b"[]", StrTok::plain(0, 2));
                loop {
                    sc.ws();
                    self.walk_value(bytes, sc, child, row, depth + 1, careful)?;
                    sc.ws();
                    match sc.peek() {
                        Some(b',') => sc.pos += 1,
                        Some(b']') => {
                            sc.pos += 1;
                            break;
                        }
                        _ => {
                            return sc
                                .expected("',' or ']' after an array element")
                                .map_err(Stop::Syntax);
                        }
                    }
                }
            }
            _ => {
                let lit = sc.literal()?;
                let (kind, text) = match lit {
                    b"null" => (Kind::Null, "null"),
                    b"true" => (Kind::Bool, "true"),
                    _ => (Kind::Bool, "false"),
                };
                self.push_value(node, row, kind, text);
            }
        }
        Ok(())
    }

    #[inline]
    fn set_container(&mut self, node: NodeId) {
        let n = &mut self.nodes[node as usize];
        if !n.container {
            n.container = true;
            self.containers.push(node);
        }
    }

    /// Files the fields of a string that holds a JSON object or array below its
    /// own node, as if nested there (`Data.appSubmissionId`); the string itself
    /// stays the node's value, so cells, copies and exports keep it as received.
    #[cold]
    fn walk_embedded(
        &mut self,
        bytes: &[u8],
        tok: StrTok,
        node: NodeId,
        row: Row,
        depth: usize,
        careful: bool,
    ) -> Result<(), Stop> {
        let text = json::str_value(bytes, tok);
        // Checked whole first: a string that only looks like JSON files nothing.
        if !is_document(text.as_bytes(), depth) {
            return Ok(());
        }
        let mut sc = Scanner::new(text.as_bytes());
        sc.ws();
        // No syntax error: the same scan just accepted the text at this depth. A
        // repeated key inside goes back to the entry, to be walked with care.
        match self.walk_value(text.as_bytes(), &mut sc, node, row, depth, careful) {
            Err(Stop::Syntax(e)) => {
                debug_assert!(false, "{e:?}");
                Ok(())
            }
            walked => walked,
        }
    }

    #[inline]
    fn leaf_for(&mut self, node: NodeId) -> &mut Leaf {
        let l = match self.nodes[node as usize].leaf {
            Some(l) => l,
            None => {
                let l = self.leaves.len() as u32;
                self.leaves.push(Leaf::new(node));
                self.nodes[node as usize].leaf = Some(l);
                l
            }
        };
        &mut self.leaves[l as usize]
    }

    #[inline]
    fn push_value(&mut self, node: NodeId, row: Row, kind: Kind, value: &str) {
        let leaf = self.leaf_for(node);
        let before = leaf.dict.len();
        let code = leaf.dict.intern(kind, value);
        leaf.note_new(row, before);
        leaf.push(row, code);
    }

    #[inline]
    fn push_str(&mut self, node: NodeId, row: Row, bytes: &[u8], tok: StrTok) {
        let raw = &bytes[tok.start..tok.end];
        if !tok.escaped {
            let leaf = self.leaf_for(node);
            let before = leaf.dict.len();
            if let Some(code) = leaf.dict.intern_checked(Kind::Str, raw, tok.non_ascii) {
                leaf.note_new(row, before);
                return leaf.push(row, code);
            }
            self.invalid_utf8 += 1;
        } else if tok.non_ascii && std::str::from_utf8(raw).is_err() {
            // Escapes are ASCII: the value is invalid exactly where its bytes are.
            self.invalid_utf8 += 1;
        }
        let s = json::str_value(bytes, tok);
        self.push_value(node, row, Kind::Str, &s);
    }

    /// The child of `parent` named by key token `key`, guessing from the key that
    /// followed `prev` last time (entries of one kind repeat their key order).
    #[inline]
    fn child_for_key(&mut self, parent: NodeId, prev: NodeId, bytes: &[u8], key: StrTok) -> NodeId {
        let hint = if prev == NONE {
            self.nodes[parent as usize].hint_first
        } else {
            self.nodes[prev as usize].hint_next
        };
        let raw = &bytes[key.start..key.end];
        let child =
            if hint != NONE && !key.escaped && self.nodes[hint as usize].name.as_bytes() == raw {
                hint
            } else if key.escaped || (key.non_ascii && std::str::from_utf8(raw).is_err()) {
                let name = json::str_value(bytes, key);
                self.lookup_child(parent, name.as_bytes())
            } else {
                self.lookup_child(parent, raw)
            };
        if prev == NONE {
            self.nodes[parent as usize].hint_first = child;
        } else {
            self.nodes[prev as usize].hint_next = child;
        }
        child
    }

    fn lookup_child(&mut self, parent: NodeId, name: &[u8]) -> NodeId {
        let h = child_hash(parent, name);
        let nodes = &self.nodes;
        if let Some(&c) = self.children.find(h, |&c| {
            let n = &nodes[c as usize];
            n.parent == parent && same_bytes(n.name.as_bytes(), name)
        }) {
            return c;
        }
        let pooled = self.nodes.len() >= MAX_NODES || self.nodes[parent as usize].name == "*";
        if pooled && name != b"*" {
            return if self.nodes[parent as usize].name == "*" {
                parent
            } else {
                self.lookup_child(parent, b"*")
            };
        }
        let name = String::from_utf8_lossy(name).into_owned();
        let p = &self.nodes[parent as usize];
        let path = match name.as_str() {
            "[]" => path::elements(&p.path),
            _ => path::child(&p.path, &name),
        };
        let id = self.nodes.len() as NodeId;
        self.by_path.entry(path.clone()).or_insert(id);
        self.nodes.push(Node {
            name,
            path,
            parent,
            children: Vec::new(),
            leaf: None,
            container: false,
            hint_first: NONE,
            hint_next: NONE,
            seen_in: 0,
        });
        self.nodes[parent as usize].children.push(id);
        let nodes = &self.nodes;
        self.children.insert_unique(h, id, |&c| {
            let n = &nodes[c as usize];
            child_hash(n.parent, n.name.as_bytes())
        });
        id
    }
}

/// Why walking an entry stopped.
enum Stop {
    /// Broken JSON.
    Syntax(SyntaxError),
    /// A key repeated in one object (see [`Store::walk_entry`]).
    Repeat,
}

impl From<SyntaxError> for Stop {
    fn from(e: SyntaxError) -> Self {
        Stop::Syntax(e)
    }
}

/// For each member of the object at `at` (on its `{`, `depth` levels deep), true if
/// no later member has the same key.
fn last_of_keys(bytes: &[u8], at: usize, depth: usize) -> Result<Vec<bool>, SyntaxError> {
    let mut sc = Scanner::at(bytes, at + 1);
    let mut keys = Vec::new();
    if !sc.eat(b'}') {
        loop {
            sc.ws();
            let k = sc.key()?;
            keys.push(json::str_value(bytes, k));
            sc.skip_value(depth)?;
            if !sc.eat(b',') {
                break;
            }
        }
    }
    let mut later = std::collections::HashSet::new();
    let mut last: Vec<bool> = keys.iter().rev().map(|k| later.insert(k)).collect();
    last.reverse();
    Ok(last)
}

/// Where the value of member `key` of the object at `pos` starts (the last
/// one, if the key repeats: the last value wins).
fn member(bytes: &[u8], pos: usize, key: &str) -> Option<usize> {
    let mut sc = Scanner::at(bytes, pos);
    sc.ws();
    if sc.peek() != Some(b'{') {
        return None;
    }
    sc.pos += 1;
    if sc.eat(b'}') {
        return None;
    }
    let mut found = None;
    loop {
        sc.ws();
        let k = sc.key().ok()?;
        let raw = &bytes[k.start..k.end];
        let hit = if k.escaped {
            json::unescape(raw) == *key
        } else {
            raw == key.as_bytes()
        };
        sc.ws();
        if hit {
            found = Some(sc.pos);
        }
        sc.skip_value(1).ok()?;
        sc.ws();
        if !sc.eat(b',') {
            return found;
        }
    }
}

/// The decoded text of the string at `pos` when the whole of it is one JSON
/// object or array (details packed into one field, as some exports do).
fn embedded_at(bytes: &[u8], pos: usize) -> Option<Vec<u8>> {
    let mut sc = Scanner::at(bytes, pos);
    sc.ws();
    if sc.peek() != Some(b'"') {
        return None;
    }
    let tok = sc.string().ok()?;
    if !json::may_be_document(&bytes[tok.start..tok.end]) {
        return None;
    }
    let text = json::str_value(bytes, tok).into_bytes();
    is_document(&text, 0).then_some(text)
}

/// True if `text` is one valid JSON object or array, nested at `depth`.
fn is_document(text: &[u8], depth: usize) -> bool {
    let mut sc = Scanner::new(text);
    sc.ws();
    matches!(sc.peek(), Some(b'{' | b'[')) && sc.skip_value(depth).is_ok() && sc.end().is_ok()
}

/// Appends to `out` the compact JSON of the value reached by following object
/// `keys` from `bytes`, through strings that hold JSON; false if there is none.
pub fn json_at(bytes: &[u8], keys: &[&str], out: &mut Vec<u8>) -> bool {
    let mut decoded: Option<Vec<u8>> = None;
    let mut pos = 0;
    for key in keys {
        let cur = decoded.as_deref().unwrap_or(bytes);
        let Some(p) = member(cur, pos, key) else {
            return false;
        };
        match embedded_at(cur, p) {
            Some(text) => (decoded, pos) = (Some(text), 0),
            None => pos = p,
        }
    }
    let cur = decoded.as_deref().unwrap_or(bytes);
    let mut sc = Scanner::at(cur, pos);
    sc.ws();
    let start = sc.pos;
    if sc.skip_value(1).is_err() {
        return false;
    }
    json::compact_into(&cur[start..sc.pos], out);
    true
}

impl StrTok {
    /// A token for `bytes[start..end]` with no escapes.
    pub(crate) fn plain(start: usize, end: usize) -> Self {
        StrTok {
            start,
            end,
            escaped: false,
            non_ascii: false,
        }
    }
}

impl Store {
    /// True if `needle` occurs in any page, the side buffer or a dictionary (for
    /// tests that check what memory holds).
    #[cfg(test)]
    pub(crate) fn holds_bytes(&self, needle: &[u8]) -> bool {
        let f = memchr::memmem::Finder::new(needle);
        (0..self.pages.len() as u32).any(|p| f.find(&self.pages.whole(p)).is_some())
            || f.find(&self.side).is_some()
            || self.leaves.iter().any(|l| {
                (0..l.dict.len() as u32).any(|c| f.find(l.dict.text(c).as_bytes()).is_some())
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_of(entries: &[&str]) -> Store {
        let mut s = Store::new();
        for e in entries {
            let bytes = e.as_bytes().to_vec();
            let mut sc = Scanner::new(&bytes);
            let page = s.next_page();
            s.add_entry(&bytes, &mut sc, page, 1).unwrap();
            s.keep_page(bytes);
        }
        s
    }

    #[test]
    fn a_key_beyond_the_path_limit_is_found_under_its_pool() {
        let keys: Vec<String> = (0..MAX_NODES + 10)
            .map(|i| format!(r#""k{i}":{{"v":"x{i}"}}"#))
            .collect();
        let entry = format!(r#"{{"id":"1","attrs":{{{}}}}}"#, keys.join(","));
        let s = store_of(&[&entry]);
        let last = MAX_NODES + 9;
        assert_eq!(s.find(&format!("attrs.k{last}.v")), None, "pooled");
        let pool = s.holder(&format!("attrs.k{last}.v")).expect("its pool");
        assert_eq!(s.node(pool).path, "attrs.*");
        assert_eq!(s.holder("attrs.k1.v"), s.find("attrs.k1.v"), "kept apart");
        assert_eq!(s.holder("other.x"), None);
    }

    #[test]
    fn a_key_repeated_in_one_object_keeps_its_last_value_as_json_parse_does() {
        let s = store_of(&[
            r#"{"a":"first","b":1,"a":"second"}"#,
            r#"{"a":{"x":1,"y":[1,2]},"a":{"y":[3]},"c":[{"k":1},{"k":2}]}"#,
            r#"{"a":"third"}"#,
        ]);
        let a = s.find("a").unwrap();
        assert_eq!(s.cell(0, a), Cell::Value(Kind::Str, "second"));
        assert_eq!(s.cell(2, a), Cell::Value(Kind::Str, "third"));
        // An object repeated: nothing of the first one is left.
        assert_eq!(s.cell(1, s.find("a.x").unwrap()), Cell::Missing);
        assert_eq!(s.cell(1, s.find("a.y[]").unwrap()).text(), "3");
        // The same key in sibling objects of an array is not a repeat.
        assert_eq!(s.cell(1, s.find("c[].k").unwrap()).text(), "1, 2");
    }

    #[test]
    fn a_key_repeated_in_one_object_of_an_array_keeps_its_siblings_values() {
        let s = store_of(&[
            r#"{"c":[{"k":1},{"k":2,"k":3},{"k":4}],"n":{"k":[5],"k":[6,7]}}"#,
            r#"{"c":[{"k":8}]}"#,
        ]);
        assert_eq!(s.cell(0, s.find("c[].k").unwrap()).text(), "1, 3, 4");
        assert_eq!(s.cell(0, s.find("n.k[]").unwrap()).text(), "6, 7");
        assert_eq!(s.cell(1, s.find("c[].k").unwrap()).text(), "8");
    }

    #[test]
    fn every_string_value_with_invalid_utf8_is_counted_once_escaped_or_not() {
        let mut entry = br#"{"a":"x\n"#.to_vec();
        entry.push(0xE9);
        entry.extend_from_slice(br#"","b":""#);
        entry.push(0xE9);
        entry.extend_from_slice(r#"","c":"\u00e9é"}"#.as_bytes());
        let mut s = Store::new();
        let mut sc = Scanner::new(&entry);
        s.add_entry(&entry, &mut sc, 0, 1).unwrap();
        assert_eq!(s.invalid_utf8, 2);
        assert_eq!(s.cell(0, s.find("a").unwrap()).text(), "x\n\u{FFFD}");
        // An entry that fails to load takes its count back with it.
        let broken = [&entry[..entry.len() - 1], b","].concat();
        let mut sc = Scanner::new(&broken);
        assert!(s.add_new_entry(&broken, &mut sc, 0, 1).is_err());
        assert_eq!((s.invalid_utf8, s.len()), (2, 1));
    }

    #[test]
    fn scalars_are_filed_by_path() {
        let s = store_of(&[
            r#"{"type":"user.login","actor":{"email":"a@x.test"},"n":1}"#,
            r#"{"type":"email.bounced","actor":{"email":"b@x.test"},"n":2.50}"#,
        ]);
        let t = s.find("type").unwrap();
        assert_eq!(s.cell(1, t), Cell::Value(Kind::Str, "email.bounced"));
        let e = s.find("actor.email").unwrap();
        assert_eq!(s.cell(0, e).text(), "a@x.test");
        let n = s.find("n").unwrap();
        assert_eq!(s.cell(1, n), Cell::Value(Kind::Num, "2.50"));
    }

    #[test]
    fn containers_show_as_compact_original_json() {
        let s = store_of(&[r#"{"data": {"b": 1.0, "a": [1, 2]}}"#]);
        let d = s.find("data").unwrap();
        assert_eq!(s.cell(0, d), Cell::Json(r#"{"b":1.0,"a":[1,2]}"#.into()));
    }

    #[test]
    fn array_elements_share_one_path_and_keep_every_value() {
        let s = store_of(&[
            r#"{"to":["a@x","b@x"]}"#,
            r#"{"to":[]}"#,
            r#"{"to":["c@x"]}"#,
        ]);
        let to = s.find("to[]").unwrap();
        assert_eq!(s.cell(0, to).text(), "a@x, b@x");
        assert_eq!(s.cell(1, to), Cell::Missing);
        assert_eq!(s.cell(2, to).text(), "c@x");
    }

    #[test]
    fn missing_keys_are_missing_cells() {
        let s = store_of(&[r#"{"a":1}"#, r#"{"b":2}"#, r#"{"a":3}"#]);
        let a = s.find("a").unwrap();
        assert_eq!(s.cell(1, a), Cell::Missing);
        assert_eq!(s.cell(2, a).text(), "3");
    }

    #[test]
    fn escaped_keys_and_values_are_decoded() {
        let s = store_of(&[r#"{"na\u006de":"Zo\u00eb","x":"caf\u00e9"}"#]);
        let n = s.find("name").unwrap();
        assert_eq!(s.cell(0, n).text(), "Zoë");
    }

    #[test]
    fn big_integers_keep_their_exact_text() {
        let s = store_of(&[r#"{"id":12345678901234567890123}"#]);
        assert_eq!(
            s.cell(0, s.find("id").unwrap()).text(),
            "12345678901234567890123"
        );
    }

    #[test]
    fn keys_beyond_the_path_limit_are_pooled_not_lost() {
        let mut body = String::from("{");
        for i in 0..MAX_NODES + 10 {
            body += &format!("\"k{i}\":{i},");
        }
        body += "\"last\":\"needle\"}";
        let s = store_of(&[&body]);
        assert!(s.nodes().len() <= MAX_NODES + 1);
        let pooled = s.find("*").unwrap();
        assert!(s.cell(0, pooled).text().contains("needle"));
    }

    #[test]
    fn entries_keep_their_original_bytes() {
        let e = r#"{ "b" : 1,  "a" : 2 }"#;
        let s = store_of(&[e]);
        assert_eq!(s.entry_bytes(0), e.as_bytes());
    }

    #[test]
    fn json_at_finds_nested_values() {
        let b = br#"{"x":1,"data":{"s":"t","changes":{"role":{"old":"a","new":"b"}}}}"#;
        let mut out = Vec::new();
        assert!(json_at(b, &["data", "changes", "role"], &mut out));
        assert_eq!(out, br#"{"old":"a","new":"b"}"#);
        assert!(!json_at(b, &["nope"], &mut Vec::new()));
    }
}
