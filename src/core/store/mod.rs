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
mod leaf;
pub mod pages;
pub mod rank;
mod rollback;
pub mod seen;
mod shred;

use crate::core::json::path;
use crate::core::json::{self, ErrorKind, MAX_DEPTH, Scanner, StrTok, SyntaxError};
use crate::core::store::dict::{Kind, same_bytes};
use crate::core::store::pages::{Pages, Reader};
use crate::core::store::seen::Seen;
use crate::core::trust::redact::Redaction;
use hashbrown::HashTable;
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::Hasher;
use std::sync::Arc;

pub(crate) use ids::{NodeId, Row};
pub(crate) use leaf::Leaf;
use leaf::Rows;
pub(crate) use rollback::Mark;
pub(crate) use shred::json_at;

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
pub(crate) struct Entries<'a> {
    store: &'a Store,
    pages: Reader<'a>,
}

impl Entries<'_> {
    /// The exact original bytes of entry `row`, as [`Store::entry_bytes`].
    pub(crate) fn bytes(&mut self, row: Row) -> Cow<'_, [u8]> {
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
    pub(crate) fn set_redaction(&mut self, r: &Redaction) {
        self.redaction = (!r.is_empty()).then(|| Arc::new(r.clone()));
    }

    /// What entries are masked by.
    pub(crate) fn redaction(&self) -> Option<&Redaction> {
        self.redaction.as_deref()
    }

    /// True if messages may quote raw text of a body (see [`Redaction::shows_excerpts`]).
    pub(crate) fn shows_excerpts(&self) -> bool {
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
    pub(crate) fn entries(&self) -> Entries<'_> {
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
    pub(crate) fn track_duplicates(&mut self) {
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

    /// Marks the start of a new response for duplicate tracking.
    pub(crate) fn begin_response(&mut self) {
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
    pub(crate) fn top_level(&self) -> &[NodeId] {
        &self.nodes[ROOT as usize].children
    }

    /// The node of a path such as `data.status` or `data.to[]`.
    pub fn find(&self, path: &str) -> Option<NodeId> {
        self.by_path.get(path).copied()
    }

    /// The node that holds the values of `path`: its own node, or for a key
    /// pooled beyond [`MAX_NODES`], the `….*` node it was filed under.
    pub(crate) fn holder(&self, path: &str) -> Option<NodeId> {
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
    pub(crate) fn leaf_at(&self, node: NodeId) -> Option<&Leaf> {
        self.nodes[node as usize]
            .leaf
            .map(|l| &self.leaves[l as usize])
    }

    /// Leaf columns at `node` and below it.
    pub(crate) fn subtree_leaves(&self, node: NodeId) -> Vec<u32> {
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
    pub(crate) fn shrink(&mut self) {
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
    pub(crate) fn heap_bytes(&self) -> usize {
        self.pages.heap_bytes()
            + self.side.capacity()
            + self.entries.capacity() * 12
            + self.seen.as_ref().map_or(0, Seen::heap_bytes)
            + self.leaves.iter().map(Leaf::heap_bytes).sum::<usize>()
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
