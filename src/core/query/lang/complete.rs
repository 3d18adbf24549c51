//! Completion in the search box: what to offer at the caret, and what accepting it
//! writes.
//!
//! - At the start of a term: field names (key paths and role names), most entries
//!   first, those starting with what was typed before those with a segment (after a
//!   `.`) starting with it.
//! - After `field:` (or `>`, `>=`, `<`, `<=`): the field's most frequent values
//!   (ignoring case; those starting with what was typed, then those containing it),
//!   then, before a value is typed, `:*` (present) and, for numbers and times, the
//!   comparisons. A column whose values are unique (ids, timestamps) offers no values.
//!   After `kind:` and `first:`, the kinds of event and the first-seen reasons the
//!   log has.
//! - After a complete term and a space: `AND`, `OR`, `NOT`.
//!
//! Counts come from the store's columns: how many entries have each field is worked
//! out once per version of the log, a field's value counts once per field and
//! version, so a keystroke costs a walk over a field list or one dictionary, never
//! over the rows.

use super::ast::{name_text, number, value_text};
use super::fields::{FIRST, Field, Fields, KIND, ROLE_NAMES, resolve};
use super::lex::{Operator, Tok, lex};
use crate::core::dataset::Dataset;
use crate::core::engine::memory::{first_seen, kinds};
use crate::core::query::RowSet;
use crate::core::roles::Role;
use crate::core::store::dict::Kind;
use crate::core::store::{Leaf, NodeId, ROOT, Store};
use crate::core::time::{Zone, parse_timestamp};
use std::collections::HashMap;
use std::ops::Range;

/// The most suggestions offered at once.
pub(crate) const MAX: usize = 20;

/// Comparisons offered for numbers and times.
const COMPARISONS: [&str; 4] = [">", ">=", "<", "<="];

/// What a suggestion completes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    /// A field name, written with its `:`.
    Field,
    /// A value of the field.
    Value,
    /// `:*` (the field is present).
    Present,
    /// `>`, `>=`, `<`, `<=`: a value must follow.
    Compare,
    /// `AND`, `OR`, `NOT`: a condition must follow.
    Joiner,
}

/// One thing to offer at the caret.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Suggestion {
    /// What the option shows.
    pub(crate) label: String,
    /// The text that replaces [`Suggestion::range`].
    pub(crate) insert: String,
    /// The characters replaced (indices in `char`s).
    pub(crate) range: Range<usize>,
    /// Entries with the field or the value, when known.
    pub(crate) count: Option<usize>,
    /// What it completes.
    pub(crate) part: Part,
}

impl Suggestion {
    /// `text` with the suggestion accepted, and the caret after the inserted text
    /// (in `char`s).
    pub(crate) fn apply(&self, text: &str) -> (String, usize) {
        let cs: Vec<char> = text.chars().collect();
        let start = self.range.start.min(cs.len());
        let end = self.range.end.clamp(start, cs.len());
        let mut out: String = cs[..start].iter().collect();
        out.push_str(&self.insert);
        let caret = start + self.insert.chars().count();
        out.extend(&cs[end..]);
        (out, caret)
    }

    /// True if the query needs more after it (a field name, a comparison, a joiner),
    /// so completion goes on.
    pub(crate) fn leaves_a_slot(&self) -> bool {
        matches!(self.part, Part::Field | Part::Compare | Part::Joiner)
    }
}

/// Where the caret is, as completion sees it.
#[derive(Debug, PartialEq)]
enum Spot {
    /// A field name is being typed (`prefix` unescaped); `joiners` when a complete
    /// condition comes before it, so `AND`/`OR`/`NOT` fit too.
    Name {
        prefix: String,
        range: Range<usize>,
        joiners: bool,
    },
    /// A value after `name` and its operator.
    Value {
        name: String,
        op: Operator,
        /// Where the operator starts and the value starts.
        op_at: usize,
        value_at: usize,
        prefix: String,
        end: usize,
    },
    /// After a complete condition and a space.
    Joiner { at: usize },
    /// Nothing to offer (inside a phrase, after an unknown operator, …).
    Nothing,
}

fn ends_term(c: char) -> bool {
    c.is_whitespace() || c == '(' || c == ')'
}

/// Where the term at the caret ends (the rest of a word the caret is inside).
fn term_end(cs: &[char], caret: usize) -> usize {
    let mut j = caret;
    while j < cs.len() && !ends_term(cs[j]) {
        j += if cs[j] == '\\' { 2 } else { 1 };
    }
    j.min(cs.len())
}

/// Where a name the caret is inside ends: past its `:` when one follows (accepting
/// a name keeps the value after it), else at the end of the term.
fn name_end(cs: &[char], caret: usize, end: usize) -> usize {
    let mut j = caret;
    while j < end {
        match cs[j] {
            '\\' => j += 2,
            ':' => return j + 1,
            _ => j += 1,
        }
    }
    end
}

/// True if `t` ends a condition (so what follows it may be a joiner).
fn completes(t: &Tok) -> bool {
    matches!(t, Tok::Term(..) | Tok::Phrase(_) | Tok::Close)
}

/// Reads the text before the caret.
fn spot(cs: &[char], caret: usize) -> Spot {
    let before: String = cs[..caret].iter().collect();
    let end = term_end(cs, caret);
    let toks = match lex(&before) {
        Ok(t) => t,
        // An open quote: a value being typed in quotes, if a closing one completes it.
        Err(_) => {
            let Ok(toks) = lex(&format!("{before}\"")) else {
                return Spot::Nothing;
            };
            return match toks.last().map(|t| &t.tok) {
                Some(Tok::Term(_, Some(s))) if s.value.quoted => Spot::Value {
                    name: s.name.clone(),
                    op: s.op.clone(),
                    op_at: s.op_col - 1,
                    value_at: s.value.col - 1,
                    prefix: s.value.text.clone(),
                    end: caret,
                },
                _ => Spot::Nothing,
            };
        }
    };
    let last = cs[..caret].last().copied();
    let Some(tok) = toks.last() else {
        return Spot::Name {
            prefix: String::new(),
            range: caret..end,
            joiners: false,
        };
    };
    if last.is_some_and(|c| c.is_whitespace() || c == '(') {
        return if last != Some('(') && completes(&tok.tok) {
            Spot::Joiner { at: caret }
        } else {
            Spot::Name {
                prefix: String::new(),
                range: caret..end,
                joiners: false,
            }
        };
    }
    let joiners = toks.len() > 1 && completes(&toks[toks.len() - 2].tok);
    let start = tok.col - 1;
    match &tok.tok {
        Tok::Term(_, Some(s)) => Spot::Value {
            name: s.name.clone(),
            op: s.op.clone(),
            op_at: s.op_col - 1,
            value_at: s.value.col - 1,
            prefix: s.value.text.clone(),
            end,
        },
        Tok::Term(raw, None) => Spot::Name {
            prefix: unescape(raw),
            range: start..name_end(cs, caret, end),
            joiners,
        },
        Tok::And | Tok::Or | Tok::Not => Spot::Name {
            prefix: cs[start..caret].iter().collect(),
            range: start..end,
            joiners,
        },
        _ => Spot::Nothing,
    }
}

/// A typed name without its `\` escapes (for matching only).
fn unescape(raw: &str) -> String {
    let mut out = String::new();
    let mut esc = false;
    for c in raw.chars() {
        if c == '\\' && !esc {
            esc = true;
            continue;
        }
        esc = false;
        out.push(c);
    }
    out
}

/// Computed keys (kinds, first-seen reasons) with their entries, as values to
/// offer: those starting with `prefix` first, then those containing it.
fn keys_offered(counts: &[(String, usize)], range: Range<usize>, prefix: &str) -> Vec<Suggestion> {
    let p = prefix.to_lowercase();
    let starts = counts.iter().filter(|(k, _)| k.starts_with(&p));
    let within = counts
        .iter()
        .filter(|(k, _)| !k.starts_with(&p) && k.contains(&p));
    starts
        .chain(within)
        .map(|(k, n)| Suggestion {
            label: k.clone(),
            insert: k.clone(),
            range: range.clone(),
            count: Some(*n),
            part: Part::Value,
        })
        .collect()
}

/// Values of one leaf column: (entries, a code spelling it) per value ignoring
/// case, most entries first.
type Values = Vec<(u32, u32)>;

/// What completion keeps between keystrokes: counts for one version of the log.
#[derive(Default)]
pub(crate) struct Completer {
    /// The log version, entry count and node count the counts are for.
    key: Option<(u64, usize, usize)>,
    /// Entries with a value at each node (index: node id).
    entries: Vec<u32>,
    /// Values of the leaf columns asked for so far (`None`: unique values).
    values: HashMap<u32, Option<Values>>,
    /// Entries of each kind of event, once asked for (most first).
    kinds: Option<Vec<(String, usize)>>,
    /// Entries first seen for each reason, once asked for (most first).
    firsts: Option<Vec<(String, usize)>>,
}

impl Completer {
    /// An empty cache.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// What to offer at `caret` (in `char`s) in `text`, for `ds` at `version` (any
    /// number that changes when a new log replaces the old one).
    pub(crate) fn suggest(
        &mut self,
        ds: &Dataset,
        version: u64,
        text: &str,
        caret: usize,
    ) -> Vec<Suggestion> {
        let cs: Vec<char> = text.chars().collect();
        let caret = caret.min(cs.len());
        let store = ds.store();
        let key = (version, store.len(), store.nodes().len());
        if self.key != Some(key) {
            self.key = Some(key);
            self.entries = entry_counts(store);
            self.values.clear();
            self.kinds = None;
            self.firsts = None;
        }
        let mut out = match spot(&cs, caret) {
            Spot::Name {
                prefix,
                range,
                joiners,
            } => {
                let mut out = Vec::new();
                if joiners {
                    out.extend(joiner_list(&prefix, range.clone()));
                }
                let room = MAX - out.len();
                out.extend(self.fields(ds, &prefix, range, room));
                out
            }
            Spot::Joiner { at } => joiner_list("", at..at),
            Spot::Value {
                name,
                op,
                op_at,
                value_at,
                prefix,
                end,
            } => self.values_of(ds, &name, &op, op_at..end, value_at, &prefix),
            Spot::Nothing => Vec::new(),
        };
        // What is already written is nothing to offer.
        out.retain(|s| s.apply(text).0 != text);
        out
    }

    /// Field names matching `prefix`, best first.
    fn fields(
        &self,
        ds: &Dataset,
        prefix: &str,
        range: Range<usize>,
        room: usize,
    ) -> Vec<Suggestion> {
        let store = ds.store();
        let p = prefix.to_lowercase();
        // (rank, entries, name)
        let mut found: Vec<(u8, u32, String)> = Vec::new();
        for (id, n) in store.nodes().iter().enumerate().skip(1) {
            let count = self.entries.get(id).copied().unwrap_or(0);
            if count == 0 || n.name == "[]" || n.name == "*" || n.path.contains("[]") {
                continue;
            }
            if let Some(rank) = rank(&n.path, &p) {
                found.push((rank, count, n.path.clone()));
            }
        }
        for &(name, role) in ROLE_NAMES.iter() {
            if ds.has_path(name) {
                continue;
            }
            let Some(count) = role_node(ds, role).and_then(|n| self.entries.get(n as usize)) else {
                continue;
            };
            if let Some(rank) = rank(name, &p).filter(|_| *count > 0) {
                found.push((rank, *count, name.to_string()));
            }
        }
        let action = role_node(ds, Role::Action).and_then(|n| self.entries.get(n as usize));
        if let Some(&count) = action.filter(|&&n| n > 0 && !ds.has_path(KIND))
            && let Some(rank) = rank(KIND, &p)
        {
            found.push((rank, count, KIND.to_string()));
        }
        if !ds.has_path(FIRST)
            && let Some(rank) = rank(FIRST, &p)
        {
            let count = ds.first_seen().rows_any().count() as u32;
            if count > 0 {
                found.push((rank, count, FIRST.to_string()));
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        found
            .into_iter()
            .take(room)
            .map(|(_, count, name)| Suggestion {
                insert: format!("{}:", name_text(&name)),
                label: name,
                range: range.clone(),
                count: Some(count as usize),
                part: Part::Field,
            })
            .collect()
    }

    /// Values of field `name` after operator `op`, then operators that fit it.
    fn values_of(
        &mut self,
        ds: &Dataset,
        name: &str,
        op: &Operator,
        range: Range<usize>,
        value_at: usize,
        prefix: &str,
    ) -> Vec<Suggestion> {
        let Some(field) = resolve(name, ds) else {
            return Vec::new();
        };
        let (compare, colon) = match op {
            Operator::Colon => (false, true),
            Operator::Cmp(_) => (true, false),
            Operator::Unknown(_) => return Vec::new(),
        };
        let node = match &field {
            Field::Path(p) => ds.column(p),
            Field::Role(r, _) => role_node(ds, *r),
            Field::Kind if colon => return self.kinds_of(ds, value_at..range.end, prefix),
            Field::First if colon => return self.reasons_of(ds, value_at..range.end, prefix),
            Field::Kind | Field::First => return Vec::new(),
        };
        let Some(node) = node else {
            return Vec::new();
        };
        let leaf = single_leaf(ds.store(), node);
        let ordered = leaf.map_or(Order::Text, |l| order_of(ds, node, l));
        let written = name_text(field.name());
        let ops: Vec<Suggestion> = if colon && prefix.is_empty() {
            let present = Suggestion {
                label: format!("{written}:*"),
                insert: ":*".into(),
                range: range.clone(),
                count: self.entries.get(node as usize).map(|&n| n as usize),
                part: Part::Present,
            };
            let cmps = COMPARISONS
                .iter()
                .filter(|_| ordered != Order::Text)
                .map(|c| Suggestion {
                    label: format!("{written}{c}"),
                    insert: (*c).into(),
                    range: range.clone(),
                    count: None,
                    part: Part::Compare,
                });
            std::iter::once(present).chain(cmps).collect()
        } else {
            Vec::new()
        };
        let room = MAX - ops.len();
        let mut out = match leaf {
            Some(l) => self.top_values(ds, l, prefix, compare, room),
            None => Vec::new(),
        };
        for s in &mut out {
            s.range = value_at..range.end;
        }
        out.extend(ops);
        out
    }

    /// The kinds of event the log has, starting with `prefix` first, then
    /// containing it, most entries first.
    fn kinds_of(&mut self, ds: &Dataset, range: Range<usize>, prefix: &str) -> Vec<Suggestion> {
        let counts = self.kinds.get_or_insert_with(|| {
            let all = RowSet::full(ds.len());
            kinds::facet(ds, &all, &Default::default())
                .map(|f| f.values.into_iter().map(|v| (v.value, v.count)).collect())
                .unwrap_or_default()
        });
        keys_offered(counts, range, prefix)
    }

    /// The first-seen reasons the log has, as [`Self::kinds_of`] offers kinds.
    fn reasons_of(&mut self, ds: &Dataset, range: Range<usize>, prefix: &str) -> Vec<Suggestion> {
        let counts = self.firsts.get_or_insert_with(|| {
            let all = RowSet::full(ds.len());
            first_seen::facet(ds, &all)
                .map(|f| f.values.into_iter().map(|v| (v.value, v.count)).collect())
                .unwrap_or_default()
        });
        keys_offered(counts, range, prefix)
    }

    /// The most frequent values of leaf `l` matching `prefix` (numbers and times
    /// only after a comparison).
    fn top_values(
        &mut self,
        ds: &Dataset,
        l: u32,
        prefix: &str,
        compare: bool,
        room: usize,
    ) -> Vec<Suggestion> {
        let leaf = &ds.store().leaves()[l as usize];
        let Some(values) = self.values.entry(l).or_insert_with(|| value_list(leaf)) else {
            return Vec::new();
        };
        let dict = &leaf.dict;
        let p = prefix.to_lowercase();
        let p = p.as_bytes();
        let fits = |code: u32| {
            !compare || {
                let t = dict.text(code);
                number(t).is_some() || parse_timestamp(t, Zone::Utc).is_some()
            }
        };
        let mut picked: Vec<(u32, u32)> = Vec::new();
        // Starting with the text first, then containing it.
        for pass in 0..2 {
            for &(n, code) in values.iter() {
                if picked.len() >= room {
                    break;
                }
                let lower = dict.lower_of(code);
                let hit = if pass == 0 {
                    lower.starts_with(p)
                } else {
                    !lower.starts_with(p) && memchr::memmem::find(lower, p).is_some()
                };
                if hit && fits(code) {
                    picked.push((n, code));
                }
            }
            if p.is_empty() {
                break;
            }
        }
        picked
            .into_iter()
            .map(|(n, code)| {
                let text = dict.text(code).to_string();
                Suggestion {
                    insert: value_text(&text),
                    label: text,
                    range: 0..0,
                    count: Some(n as usize),
                    part: Part::Value,
                }
            })
            .collect()
    }
}

/// `AND`, `OR`, `NOT` starting with `prefix` (any case).
fn joiner_list(prefix: &str, range: Range<usize>) -> Vec<Suggestion> {
    let p = prefix.to_uppercase();
    ["AND", "OR", "NOT"]
        .into_iter()
        .filter(|j| j.starts_with(&p))
        .map(|j| Suggestion {
            label: j.into(),
            insert: format!("{j} "),
            range: range.clone(),
            count: None,
            part: Part::Joiner,
        })
        .collect()
}

/// How well `name` fits the typed (lower-case) `p`: 0 it starts with it, 1 a
/// segment after a `.` does; `None` neither.
fn rank(name: &str, p: &str) -> Option<u8> {
    let lower = name.to_lowercase();
    if lower.starts_with(p) {
        Some(0)
    } else if lower.split('.').skip(1).any(|seg| seg.starts_with(p)) {
        Some(1)
    } else {
        None
    }
}

/// The node a role name reads (the app role: the app's name).
fn role_node(ds: &Dataset, role: Role) -> Option<NodeId> {
    ds.role(role)
}

/// The one leaf column at or below `node` (an array's elements), if there is one.
fn single_leaf(store: &Store, node: NodeId) -> Option<u32> {
    match store.subtree_leaves(node).as_slice() {
        [l] => Some(*l),
        _ => None,
    }
}

/// Whether a field's values are ordered (comparisons make sense).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Order {
    Number,
    Time,
    Text,
}

/// Values sampled to tell numbers and times from text.
const SAMPLE: u32 = 32;

/// Numbers when every sampled value is one, times when it is the time role or every
/// sampled string reads as a time, else text.
fn order_of(ds: &Dataset, node: NodeId, l: u32) -> Order {
    if ds.role(Role::Time) == Some(node) {
        return Order::Time;
    }
    let dict = &ds.store().leaves()[l as usize].dict;
    let sample: Vec<(Kind, &str)> = (0..(dict.len() as u32).min(SAMPLE))
        .map(|c| (dict.kind(c), dict.text(c)))
        .filter(|(k, _)| *k != Kind::Null)
        .collect();
    if sample.is_empty() {
        return Order::Text;
    }
    if sample
        .iter()
        .all(|(k, t)| matches!(k, Kind::Num | Kind::Str) && number(t).is_some())
    {
        return Order::Number;
    }
    if sample
        .iter()
        .all(|(k, t)| *k == Kind::Str && parse_timestamp(t, Zone::Utc).is_some())
    {
        return Order::Time;
    }
    Order::Text
}

/// Entries with a value at each node, itself or below it (root: 0).
fn entry_counts(store: &Store) -> Vec<u32> {
    let len = store.len();
    // Per leaf: the entries with a value, and whether they are simply `0..n`.
    let per_leaf: Vec<(u32, bool)> = store
        .leaves()
        .iter()
        .map(|l| match l.sparse_rows() {
            None => (l.codes().len() as u32, true),
            Some(rows) => {
                let mut n = 0;
                let mut last = None;
                for &r in rows {
                    if last != Some(r) {
                        n += 1;
                        last = Some(r);
                    }
                }
                (n, false)
            }
        })
        .collect();
    let mut out = vec![0u32; store.nodes().len()];
    for (id, node) in store.nodes().iter().enumerate() {
        if id == ROOT as usize {
            continue;
        }
        let leaves = if node.children.is_empty() {
            node.leaf.into_iter().collect()
        } else {
            store.subtree_leaves(id as NodeId)
        };
        out[id] = match leaves.as_slice() {
            [] => 0,
            [l] => per_leaf[*l as usize].0,
            _ if leaves
                .iter()
                .any(|&l| per_leaf[l as usize] == (len as u32, true)) =>
            {
                len as u32
            }
            _ => {
                let mut rows = RowSet::empty(len);
                for &l in &leaves {
                    let leaf = &store.leaves()[l as usize];
                    match leaf.sparse_rows() {
                        None => (0..leaf.codes().len() as u32).for_each(|r| rows.insert(r)),
                        Some(rs) => rs.iter().for_each(|&r| rows.insert(r)),
                    }
                }
                rows.count() as u32
            }
        };
    }
    out
}

/// The values of `leaf`, one per spelling ignoring case, with the entries having
/// each, most first (ties by text); `None` for a column of unique values.
fn value_list(leaf: &Leaf) -> Option<Values> {
    let dict = &leaf.dict;
    if dict.is_unique() {
        return None;
    }
    let mut counts = vec![0u32; dict.len()];
    match leaf.sparse_rows() {
        None => leaf.codes().iter().for_each(|&c| counts[c as usize] += 1),
        Some(rows) => {
            // An array holding a value twice counts its entry once.
            let mut last = vec![u32::MAX; dict.len()];
            for (&c, &r) in leaf.codes().iter().zip(rows) {
                if last[c as usize] != r {
                    last[c as usize] = r;
                    counts[c as usize] += 1;
                }
            }
        }
    }
    // Per lower-case value: (entries, the most frequent spelling, its entries).
    let mut groups: HashMap<&[u8], (u32, u32, u32)> = HashMap::new();
    for (c, &n) in counts.iter().enumerate() {
        let c = c as u32;
        if n == 0 || dict.kind(c) == Kind::Null {
            continue;
        }
        let g = groups.entry(dict.lower_of(c)).or_insert((0, c, 0));
        g.0 += n;
        if n > g.2 {
            (g.1, g.2) = (c, n);
        }
    }
    let mut out: Values = groups.into_values().map(|(n, c, _)| (n, c)).collect();
    out.sort_unstable_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| dict.text(a.1).cmp(dict.text(b.1)))
    });
    Some(out)
}

#[cfg(test)]
#[path = "complete_tests.rs"]
mod tests;
