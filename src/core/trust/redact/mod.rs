//! Redaction: values masked as each entry is loaded, before anything else sees it.
//!
//! A [`Redaction`] (`redact=email,ip,token,data.secret,*.password`) names value
//! [`Kind`]s, masked wherever they appear inside a string or an object key (`moved for
//! ••• email`), and fields by path or `*` pattern (any case), whose every value is masked
//! (`••• redacted`). Strings that hold a JSON document are masked inside too, field
//! rules included. [`Redaction::rewrite`] turns an entry's bytes into the masked entry;
//! it is the one point every value passes, in both engines: the store keeps only its
//! output, and the ClickHouse engine reads its rows through it, so the table, the entry
//! panel, search, facets, copies, the permalink and every export see the masked text
//! and nothing else. [`Redaction::mask_value`] masks one value the same way (a
//! ClickHouse facet's), and [`Redaction::shows_excerpts`] says whether raw text around
//! a parse error may be quoted at all.

pub mod kinds;

use crate::core::json::{self, MAX_DEPTH, Scanner, SyntaxError};
pub(crate) use kinds::Kind;

/// The mask that replaces a value.
pub(crate) const MASK: &str = "•••";

/// What to mask: value kinds and field patterns.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Redaction {
    kinds: Vec<Kind>,
    fields: Vec<String>,
    /// `fields` in lower case, for matching names in any case.
    lowered: Vec<String>,
}

impl Redaction {
    /// Reads a comma-separated list: `email`, `ip`, `token`, then field paths
    /// (`data.secret`) or patterns where `*` is any run of characters (`*.password`
    /// also matches a top-level `password`). Empty items are ignored.
    pub fn parse(s: &str) -> Redaction {
        let mut r = Redaction::default();
        for item in s.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            match Kind::from_name(item) {
                Some(k) => r.kinds.push(k),
                None => r.fields.push(item.to_string()),
            }
        }
        r.normalise();
        r
    }

    fn normalise(&mut self) {
        self.kinds.sort();
        self.kinds.dedup();
        let mut seen = std::collections::HashSet::new();
        self.fields.retain(|f| seen.insert(f.clone()));
        self.lowered = self.fields.iter().map(|f| f.to_lowercase()).collect();
    }

    /// The `redact=` value (kinds first, then fields); empty when nothing is masked.
    pub(crate) fn to_param(&self) -> String {
        self.items().join(",")
    }

    /// Every item, kinds first: `["email", "ip", "data.secret"]`.
    pub(crate) fn items(&self) -> Vec<String> {
        self.kinds
            .iter()
            .map(|k| k.name().to_string())
            .chain(self.fields.iter().cloned())
            .collect()
    }

    /// Everything either masks: a link can add to a deployment's redaction, never
    /// take from it.
    pub(crate) fn union(&self, other: &Redaction) -> Redaction {
        let mut r = self.clone();
        r.kinds.extend(&other.kinds);
        r.fields.extend(other.fields.iter().cloned());
        r.normalise();
        r
    }

    /// True if nothing is masked.
    pub(crate) fn is_empty(&self) -> bool {
        self.kinds.is_empty() && self.fields.is_empty()
    }

    /// True if every value at `path` (`data.changes.password`) is masked. Names are
    /// compared ignoring case: `*.password` masks `Password` and `PASSWORD` too.
    pub(crate) fn masks_field(&self, path: &str) -> bool {
        if self.lowered.is_empty() {
            return false;
        }
        // ASCII is compared ignoring case as it goes; other text is lowered first (rare).
        let path: std::borrow::Cow<str> = match path.is_ascii() {
            true => path.into(),
            false => path.to_lowercase().into(),
        };
        self.lowered.iter().any(|p| {
            glob(p.as_bytes(), path.as_bytes())
                || p.strip_prefix("*.")
                    .is_some_and(|rest| glob(rest.as_bytes(), path.as_bytes()))
        })
    }

    /// One value at `path`, masked as [`Redaction::rewrite`] masks it in an entry:
    /// `••• redacted` under a masked field, else with its masked kinds replaced.
    pub(crate) fn mask_value<'a>(&self, path: &str, text: &'a str) -> std::borrow::Cow<'a, str> {
        if self.masks_field(path) {
            return format!("{MASK} redacted").into();
        }
        match self.mask_text(text) {
            Some(masked) => masked.into(),
            None => text.into(),
        }
    }

    /// False when raw text of a response may not be quoted (an excerpt around a parse
    /// error, the start of a body that is not JSON): with any redaction on, a cut-off
    /// value cannot be told apart, so such text is left out of every message.
    pub(crate) fn shows_excerpts(&self) -> bool {
        self.is_empty()
    }

    /// `text` with every value of the masked kinds replaced (`None` if none is there).
    pub(crate) fn mask_text(&self, text: &str) -> Option<String> {
        let mut ranges: Vec<(usize, usize, Kind)> = Vec::new();
        for &k in &self.kinds {
            for (a, b) in k.find(text) {
                if !ranges.iter().any(|&(x, y, _)| a < y && x < b) {
                    ranges.push((a, b, k));
                }
            }
        }
        if ranges.is_empty() {
            return None;
        }
        ranges.sort_unstable();
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (a, b, k) in ranges {
            out.push_str(&text[at..a]);
            out.push_str(MASK);
            out.push(' ');
            out.push_str(k.name());
            at = b;
        }
        out.push_str(&text[at..]);
        Some(out)
    }

    /// The entry `bytes` (one JSON object) with its masked values replaced, keeping
    /// every other byte; `None` if nothing in it is masked.
    pub(crate) fn rewrite(&self, bytes: &[u8]) -> Result<Option<Vec<u8>>, SyntaxError> {
        let mut edits = Vec::new();
        let mut sc = Scanner::new(bytes);
        let mut path = String::new();
        self.walk(&mut sc, &mut path, false, 0, &mut edits)?;
        if edits.is_empty() {
            return Ok(None);
        }
        Ok(Some(apply(bytes, edits)))
    }

    /// Walks the value at the cursor (at `path`; `masked` when a field rule covers
    /// it), recording (start, end, replacement JSON) for each masked scalar or key.
    fn walk(
        &self,
        sc: &mut Scanner<'_>,
        path: &mut String,
        masked: bool,
        depth: usize,
        edits: &mut Vec<(usize, usize, String)>,
    ) -> Result<(), SyntaxError> {
        let masked = masked || !path.is_empty() && self.masks_field(path);
        sc.ws();
        let start = sc.pos;
        match sc.peek() {
            Some(c @ (b'{' | b'[')) => {
                if depth >= MAX_DEPTH {
                    // The store refuses this depth anyway; leave it to report.
                    return sc.skip_value(depth);
                }
                sc.pos += 1;
                let (close, is_obj) = if c == b'{' {
                    (b'}', true)
                } else {
                    (b']', false)
                };
                sc.ws();
                if sc.eat(close) {
                    return Ok(());
                }
                let len = path.len();
                // Masked keys of this object, to keep them apart (None until one is).
                let mut keys: Option<Keys> = None;
                loop {
                    sc.ws();
                    if is_obj {
                        let key_start = sc.pos;
                        if sc.peek() != Some(b'"') {
                            return sc.expected("a string key");
                        }
                        let tok = sc.string()?;
                        let key_end = sc.pos;
                        sc.ws();
                        if !sc.eat(b':') {
                            return sc.expected("':' after an object key");
                        }
                        let key = json::str_value(sc.bytes, tok);
                        if !self.kinds.is_empty()
                            && let Some(text) = self.mask_text(&key)
                        {
                            let keys = keys.get_or_insert_with(|| Keys::of(sc.bytes, start));
                            let mut quoted = String::new();
                            json::quote_into(&keys.unique(text), &mut quoted);
                            edits.push((key_start, key_end, quoted));
                        }
                        if !path.is_empty() {
                            path.push('.');
                        }
                        path.push_str(&key);
                    } else {
                        path.push_str("[]");
                    }
                    self.walk(sc, path, masked, depth + 1, edits)?;
                    path.truncate(len);
                    sc.ws();
                    if sc.eat(b',') {
                        continue;
                    }
                    if sc.eat(close) {
                        return Ok(());
                    }
                    return sc.expected(if is_obj {
                        "',' or '}' after an object member"
                    } else {
                        "',' or ']' after an array element"
                    });
                }
            }
            Some(b'"') => {
                let tok = sc.string()?;
                if masked {
                    edits.push((start, sc.pos, format!("\"{MASK} redacted\"")));
                    return Ok(());
                }
                // `{ } [ ]` are never escaped: the raw text tells a document too.
                let doc = json::may_be_document(&sc.bytes[tok.start..tok.end]);
                if !doc && self.kinds.is_empty() {
                    return Ok(());
                }
                let text = json::str_value(sc.bytes, tok);
                let masked_text = match doc {
                    true => self.embedded(&text, path, depth)?,
                    false => None,
                };
                let masked_text = match masked_text {
                    Some(doc) => Some(doc),
                    None if self.kinds.is_empty() => None,
                    None => self.mask_text(&text),
                };
                if let Some(text) = masked_text {
                    let mut quoted = String::new();
                    json::quote_into(&text, &mut quoted);
                    edits.push((start, sc.pos, quoted));
                }
                Ok(())
            }
            Some(b'-' | b'0'..=b'9') => {
                sc.number()?;
                if masked {
                    edits.push((start, sc.pos, format!("\"{MASK} redacted\"")));
                }
                Ok(())
            }
            _ => {
                let lit = sc.literal()?;
                if masked && lit != b"null" {
                    edits.push((start, sc.pos, format!("\"{MASK} redacted\"")));
                }
                Ok(())
            }
        }
    }

    /// A string that holds one JSON document (details packed into a field, which the
    /// store and the entry panel show as fields below it), masked inside as if nested
    /// at `path`: `Some(new text)` when anything in it is masked.
    fn embedded(
        &self,
        text: &str,
        path: &mut String,
        depth: usize,
    ) -> Result<Option<String>, SyntaxError> {
        if !json::may_be_document(text.as_bytes()) {
            return Ok(None);
        }
        let bytes = text.as_bytes();
        let mut check = Scanner::new(bytes);
        check.ws();
        if check.skip_value(depth).is_err() || check.end().is_err() {
            // Only looks like JSON: a plain string, masked as one.
            return Ok(None);
        }
        let mut edits = Vec::new();
        let mut sc = Scanner::new(bytes);
        self.walk(&mut sc, path, false, depth, &mut edits)?;
        Ok((!edits.is_empty()).then(|| String::from_utf8_lossy(&apply(bytes, edits)).into_owned()))
    }
}

/// The keys of one object, for giving masked keys names of their own: two addresses
/// used as keys stay two members (`••• email`, `••• email (2)`), never one.
struct Keys {
    taken: Vec<String>,
}

impl Keys {
    /// Every key of the object whose `{` is at `start` in `bytes` (already valid up
    /// to where the walk is; the rest is read as far as it goes).
    fn of(bytes: &[u8], start: usize) -> Keys {
        let mut taken = Vec::new();
        let mut sc = Scanner::at(bytes, start + 1);
        loop {
            sc.ws();
            let Ok(tok) = sc.key() else { break };
            taken.push(json::str_value(bytes, tok));
            if sc.skip_value(1).is_err() {
                break;
            }
            sc.ws();
            if !sc.eat(b',') {
                break;
            }
        }
        Keys { taken }
    }

    /// `name`, or `name (2)`, `name (3)`… when a key of the object has it already.
    fn unique(&mut self, name: String) -> String {
        let mut out = name.clone();
        let mut n = 1;
        while self.taken.contains(&out) {
            n += 1;
            out = format!("{name} ({n})");
        }
        self.taken.push(out.clone());
        out
    }
}

/// `bytes` with each (start, end, replacement) edit applied, in order.
fn apply(bytes: &[u8], edits: Vec<(usize, usize, String)>) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + edits.len() * 8);
    let mut at = 0;
    for (a, b, text) in edits {
        out.extend_from_slice(&bytes[at..a]);
        out.extend_from_slice(text.as_bytes());
        at = b;
    }
    out.extend_from_slice(&bytes[at..]);
    out
}

/// `*` matches any run of bytes (dots included); everything else matches itself,
/// an ASCII letter of `text` in either case (`pattern` is in lower case).
fn glob(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut back: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && pattern[p] == b'*' {
            back = Some((p, t));
            p += 1;
        } else if p < pattern.len() && pattern[p] == text[t].to_ascii_lowercase() {
            p += 1;
            t += 1;
        } else if let Some((bp, bt)) = back {
            p = bp + 1;
            t = bt + 1;
            back = Some((bp, bt + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests;
