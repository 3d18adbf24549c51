//! The value dictionary of one leaf column.
//!
//! Audit logs repeat the same users, types, apps and agents thousands of times, so
//! each distinct value is stored once, with its lower-case form for search, and rows
//! refer to it by a `u32` code. Columns whose values turn out to be unique per row
//! (ids, timestamps, IP addresses) stop hashing and simply append: codes then follow
//! row order. Search scans the lower-case text of the dictionary, never the rows.

use hashbrown::HashTable;
use memchr::memmem::Finder;
use std::hash::Hasher;

/// The JSON type of a scalar value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A JSON string (stored decoded).
    Str,
    /// A JSON number (stored as its exact original text).
    Num,
    /// `true` or `false`.
    Bool,
    /// `null`.
    Null,
}

/// Values seen before the dictionary first checks whether it is worth hashing.
const CHECK_AT: u32 = 8192;

/// A set of bytes, for skipping columns that cannot contain a needle.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct ByteSet([u64; 4]);

impl ByteSet {
    /// Adds every byte of `bytes`. Each byte marks its own flag (independent
    /// stores) and the flags are folded into the set once: or-ing each byte into
    /// one of four words makes every byte wait for the one before (5x slower in
    /// wasm, where a page's new values pass through here at load).
    #[inline]
    pub(crate) fn add_all(&mut self, bytes: &[u8]) {
        let mut seen = [false; 256];
        for &b in bytes {
            seen[b as usize] = true;
        }
        for (b, _) in seen.iter().enumerate().filter(|&(_, &s)| s) {
            self.0[b >> 6] |= 1 << (b & 63);
        }
    }

    /// The set of bytes of `bytes`.
    pub(crate) fn of(bytes: &[u8]) -> Self {
        let mut s = ByteSet::default();
        s.add_all(bytes);
        s
    }

    /// True if every byte of `other` is in `self`.
    #[inline]
    pub(crate) fn contains_all(&self, other: &ByteSet) -> bool {
        (0..4).all(|i| other.0[i] & !self.0[i] == 0)
    }
}

/// Byte equality, eight bytes at a time. On wasm32 the `memcmp` behind slice `==`
/// compares byte by byte, and this runs for every repeated value at load.
#[inline]
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let word = |s: &[u8], i: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&s[i..i + 8]);
        u64::from_le_bytes(w)
    };
    if n < 8 {
        // Short keys: pack into one word each (no loop for LLVM to turn into memcmp).
        let pack = |s: &[u8]| s.iter().fold(0u64, |acc, &x| acc << 8 | u64::from(x));
        return pack(a) == pack(b);
    }
    let mut i = 0;
    while i + 8 <= n {
        if word(a, i) != word(b, i) {
            return false;
        }
        i += 8;
    }
    // The tail, overlapping the last full word.
    word(a, n - 8) == word(b, n - 8)
}

/// Appends the lower-case form of `s` to `out` (ASCII fast path, Unicode otherwise).
#[inline]
pub(crate) fn push_lower(out: &mut Vec<u8>, s: &str) {
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| b.to_ascii_lowercase()));
    } else {
        out.extend_from_slice(s.to_lowercase().as_bytes());
    }
}

/// The lower-case form of `s`, as used for matching.
pub(crate) fn lower(s: &str) -> String {
    let mut v = Vec::with_capacity(s.len());
    push_lower(&mut v, s);
    String::from_utf8(v).unwrap_or_default()
}

/// Distinct scalar values of one column.
#[derive(Clone, Debug, Default)]
pub struct Dict {
    /// Values as written, only those whose lower-case form differs (the rest are
    /// read from `lower`: numbers, addresses, ids and most e-mails cost one copy).
    text: Vec<u8>,
    /// End of each value in `text` (equal to the previous end: read it from `lower`).
    ends: Vec<u32>,
    /// Lower-case values, each followed by a 0 byte so a match never spans two values.
    lower: Vec<u8>,
    lower_ends: Vec<u32>,
    kinds: Vec<Kind>,
    table: Option<HashTable<u32>>,
    unique: bool,
    pushed: u32,
    bytes: ByteSet,
    /// Length of `lower` already folded into `bytes`.
    scanned: usize,
}

/// The bytes of value `c`, as written.
#[inline]
fn value_of<'a>(
    text: &'a [u8],
    ends: &[u32],
    lower: &'a [u8],
    lower_ends: &[u32],
    c: usize,
) -> &'a [u8] {
    let (start, end) = (
        if c == 0 { 0 } else { ends[c - 1] as usize },
        ends[c] as usize,
    );
    if start < end {
        return &text[start..end];
    }
    let start = if c == 0 {
        0
    } else {
        lower_ends[c - 1] as usize + 1
    };
    &lower[start..lower_ends[c] as usize]
}

fn hash(kind: Kind, bytes: &[u8]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(bytes);
    h.write_u8(kind as u8);
    h.finish()
}

impl Dict {
    /// An empty dictionary that hashes until values prove unique.
    pub(crate) fn new() -> Self {
        Dict {
            table: Some(HashTable::new()),
            ..Default::default()
        }
    }

    /// Number of stored values (in unique mode, one per pushed value).
    pub(crate) fn len(&self) -> usize {
        self.kinds.len()
    }

    /// True once the column stopped deduplicating because its values are unique.
    pub(crate) fn is_unique(&self) -> bool {
        self.unique
    }

    /// Bytes occurring in any lower-case value (as of the last [`Dict::flush`]).
    pub(crate) fn byte_set(&self) -> &ByteSet {
        &self.bytes
    }

    /// Folds the values added since the last call into [`Dict::byte_set`]: one
    /// tight pass per page instead of work inside every append.
    pub(crate) fn flush(&mut self) {
        self.bytes.add_all(&self.lower[self.scanned..]);
        self.scanned = self.lower.len();
    }

    /// The value of `code` as text (numbers in their original spelling).
    #[inline]
    pub fn text(&self, code: u32) -> &str {
        let v = value_of(
            &self.text,
            &self.ends,
            &self.lower,
            &self.lower_ends,
            code as usize,
        );
        // Only valid UTF-8 is ever appended (see `intern_checked`).
        std::str::from_utf8(v).unwrap_or("\u{FFFD}")
    }

    /// The lower-case value of `code`.
    #[inline]
    pub(crate) fn lower_of(&self, code: u32) -> &[u8] {
        let c = code as usize;
        let start = if c == 0 {
            0
        } else {
            self.lower_ends[c - 1] as usize + 1
        };
        &self.lower[start..self.lower_ends[c] as usize]
    }

    /// The JSON type of `code`.
    #[inline]
    pub fn kind(&self, code: u32) -> Kind {
        self.kinds[code as usize]
    }

    /// Stores a value and returns its code (the existing one if already stored).
    #[inline]
    pub(crate) fn intern(&mut self, kind: Kind, value: &str) -> u32 {
        // A `&str` is valid UTF-8: nothing to check.
        self.intern_checked(kind, value.as_bytes(), false)
            .unwrap_or(0)
    }

    /// Interns `key`, checking it is UTF-8 only when it is new (bytes equal to a
    /// stored value are valid by construction). `None` if `check` finds it invalid.
    #[inline]
    pub(crate) fn intern_checked(&mut self, kind: Kind, key: &[u8], check: bool) -> Option<u32> {
        let code = self.kinds.len() as u32;
        if let Some(table) = &mut self.table {
            let h = hash(kind, key);
            let (text, ends, kinds) = (&self.text, &self.ends, &self.kinds);
            let (lower, lower_ends) = (&self.lower, &self.lower_ends);
            let get = |c: u32| {
                let c = c as usize;
                (kinds[c], value_of(text, ends, lower, lower_ends, c))
            };
            if let Some(&found) = table.find(h, |&c| {
                let (k, b) = get(c);
                k == kind && same_bytes(b, key)
            }) {
                self.pushed += 1;
                return Some(found);
            }
            if check && std::str::from_utf8(key).is_err() {
                return None;
            }
            self.pushed += 1;
            table.insert_unique(h, code, |&c| {
                let (k, b) = get(c);
                hash(k, b)
            });
            if self.pushed >= CHECK_AT && self.pushed.is_power_of_two() {
                self.maybe_go_unique();
            }
        } else {
            if check && std::str::from_utf8(key).is_err() {
                return None;
            }
            self.pushed += 1;
        }
        self.append(kind, key);
        Some(code)
    }

    fn maybe_go_unique(&mut self) {
        if (self.kinds.len() as u64 + 1) * 4 > self.pushed as u64 * 3 {
            self.table = None;
            self.unique = true;
        }
    }

    fn append(&mut self, kind: Kind, value: &[u8]) {
        let at = self.lower.len();
        let differs = if value.is_ascii() {
            // Copied whole, then lowered in place only if it has capitals: two
            // tight loops instead of a push per byte and a comparison.
            self.lower.extend_from_slice(value);
            let new = &mut self.lower[at..];
            let capitals = new.iter().any(u8::is_ascii_uppercase);
            if capitals {
                new.make_ascii_lowercase();
            }
            capitals
        } else {
            push_lower(&mut self.lower, &String::from_utf8_lossy(value));
            !same_bytes(&self.lower[at..], value)
        };
        if differs {
            self.text.extend_from_slice(value);
        }
        self.ends.push(self.text.len() as u32);
        self.lower_ends.push(self.lower.len() as u32);
        self.lower.push(0);
        self.kinds.push(kind);
    }

    /// Forgets every value from code `len` on (values a rolled-back page added).
    pub(crate) fn truncate(&mut self, len: usize) {
        if len >= self.len() {
            return;
        }
        if let Some(table) = &mut self.table {
            for code in len as u32..self.kinds.len() as u32 {
                let c = code as usize;
                let v = value_of(&self.text, &self.ends, &self.lower, &self.lower_ends, c);
                let h = hash(self.kinds[c], v);
                if let Ok(e) = table.find_entry(h, |&x| x == code) {
                    e.remove();
                }
            }
        }
        let (text, lower) = match len {
            0 => (0, 0),
            n => (
                self.ends[n - 1] as usize,
                self.lower_ends[n - 1] as usize + 1,
            ),
        };
        self.text.truncate(text);
        self.ends.truncate(len);
        self.lower.truncate(lower);
        self.lower_ends.truncate(len);
        self.kinds.truncate(len);
        // The byte set may keep a few bytes of forgotten values: it only ever skips.
        self.scanned = self.scanned.min(lower);
    }

    /// Codes (ascending, distinct) whose lower-case value contains the needle of `finder`.
    pub(crate) fn find_contains(&self, finder: &Finder<'_>, out: &mut Vec<u32>) {
        let mut last = u32::MAX;
        for off in finder.find_iter(&self.lower) {
            let code = self.lower_ends.partition_point(|&e| (e as usize) <= off) as u32;
            if code != last {
                out.push(code);
                last = code;
            }
        }
    }

    /// Codes whose lower-case value satisfies `pred` (for exact and prefix matches).
    pub(crate) fn find_where(&self, mut pred: impl FnMut(&[u8]) -> bool, out: &mut Vec<u32>) {
        for code in 0..self.len() as u32 {
            if pred(self.lower_of(code)) {
                out.push(code);
            }
        }
    }

    /// Makes room for about `values` more values (of the average size so far),
    /// when they will be appended rather than deduplicated.
    pub(crate) fn reserve_for(&mut self, values: usize) {
        if self.unique && !self.kinds.is_empty() {
            let n = self.kinds.len();
            self.text.reserve(values * (self.text.len() / n));
            self.lower.reserve(values * (self.lower.len() / n + 1));
            self.ends.reserve(values);
            self.lower_ends.reserve(values);
            self.kinds.reserve(values);
        }
    }

    /// Gives back the room kept for growth.
    pub(crate) fn shrink(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
        self.lower.shrink_to_fit();
        self.lower_ends.shrink_to_fit();
        self.kinds.shrink_to_fit();
        if let Some(table) = &mut self.table {
            let (text, ends, kinds) = (&self.text, &self.ends, &self.kinds);
            let (lower, lower_ends) = (&self.lower, &self.lower_ends);
            table.shrink_to_fit(|&c| {
                let c = c as usize;
                hash(kinds[c], value_of(text, ends, lower, lower_ends, c))
            });
        }
    }

    /// Approximate heap bytes held.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.text.capacity()
            + self.lower.capacity()
            + (self.ends.capacity() + self.lower_ends.capacity()) * 4
            + self.kinds.capacity()
            + self.table.as_ref().map_or(0, |t| t.capacity() * 5)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_already_in_lower_case_is_stored_once() {
        let mut mixed = Dict::new();
        let mut lower = Dict::new();
        for i in 0..200 {
            mixed.intern(Kind::Str, &format!("Host-{i}.Example"));
            lower.intern(Kind::Str, &format!("host-{i}.example"));
        }
        assert!(lower.heap_bytes() < mixed.heap_bytes());
        let (a, b) = (
            mixed.intern(Kind::Str, "Ada"),
            mixed.intern(Kind::Str, "ada"),
        );
        assert_ne!(a, b, "values differing in case stay two");
        assert_eq!((mixed.text(a), mixed.text(b)), ("Ada", "ada"));
        assert_eq!(mixed.lower_of(a), mixed.lower_of(b));
        assert_eq!(mixed.intern(Kind::Str, "ada"), b);
        assert_eq!(lower.text(7), "host-7.example");
        assert_eq!(mixed.intern(Kind::Str, ""), 202);
        assert_eq!(mixed.text(202), "");
    }

    #[test]
    fn truncating_forgets_the_values_so_they_come_back_under_new_codes() {
        let mut d = Dict::new();
        for v in ["Ada", "bob", "Cy"] {
            d.intern(Kind::Str, v);
        }
        d.truncate(1);
        assert_eq!((d.len(), d.text(0), d.lower_of(0)), (1, "Ada", &b"ada"[..]));
        assert_eq!(d.intern(Kind::Str, "Cy"), 1, "not found under its old code");
        assert_eq!(d.intern(Kind::Str, "bob"), 2);
        assert_eq!(d.intern(Kind::Str, "Ada"), 0);
        let mut hits = Vec::new();
        d.find_contains(&Finder::new("y"), &mut hits);
        assert_eq!(hits, [1]);
    }

    #[test]
    fn repeated_values_share_one_code() {
        let mut d = Dict::new();
        let a = d.intern(Kind::Str, "Ada");
        let b = d.intern(Kind::Str, "Grace");
        assert_eq!(d.intern(Kind::Str, "Ada"), a);
        assert_ne!(a, b);
        assert_eq!(d.len(), 2);
        assert_eq!(d.text(b), "Grace");
        assert_eq!(d.lower_of(a), b"ada");
    }

    #[test]
    fn the_same_text_of_another_type_is_another_value() {
        let mut d = Dict::new();
        let s = d.intern(Kind::Str, "1");
        let n = d.intern(Kind::Num, "1");
        assert_ne!(s, n);
        assert_eq!(d.kind(n), Kind::Num);
    }

    #[test]
    fn unique_values_switch_to_append_mode_and_keep_every_value() {
        let mut d = Dict::new();
        for i in 0..20_000 {
            d.intern(Kind::Num, &i.to_string());
        }
        assert!(d.is_unique());
        assert_eq!(d.len(), 20_000);
        assert_eq!(d.text(12_345), "12345");
    }

    #[test]
    fn repetitive_values_keep_hashing() {
        let mut d = Dict::new();
        for i in 0..20_000 {
            d.intern(Kind::Str, &format!("user{}", i % 100));
        }
        assert!(!d.is_unique());
        assert_eq!(d.len(), 100);
    }

    #[test]
    fn contains_search_is_case_insensitive_and_never_spans_values() {
        let mut d = Dict::new();
        for v in ["Lovelace", "ab", "cd", "Zoë Müller"] {
            d.intern(Kind::Str, v);
        }
        let mut out = vec![];
        d.find_contains(&Finder::new("LOVE".to_lowercase().as_bytes()), &mut out);
        assert_eq!(out, [0]);
        out.clear();
        d.find_contains(&Finder::new(b"bc"), &mut out);
        assert!(out.is_empty(), "a match across two values is not a match");
        out.clear();
        d.find_contains(&Finder::new(lower("MÜLLER").as_bytes()), &mut out);
        assert_eq!(out, [3]);
    }

    #[test]
    fn same_bytes_agrees_with_slice_equality() {
        let words = [
            "",
            "a",
            "b",
            "ab",
            "ba",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
            "abcdefghijklmnop",
            "abcdefghijklmnoq",
            "bbcdefghijklmnop",
        ];
        for a in words {
            for b in words {
                assert_eq!(same_bytes(a.as_bytes(), b.as_bytes()), a == b, "{a} {b}");
            }
        }
    }

    #[test]
    fn byte_set_rules_out_impossible_needles() {
        let mut d = Dict::new();
        d.intern(Kind::Str, "10.0.0.1");
        d.flush();
        assert!(d.byte_set().contains_all(&ByteSet::of(b"0.1")));
        assert!(!d.byte_set().contains_all(&ByteSet::of(b"a")));
    }
}
