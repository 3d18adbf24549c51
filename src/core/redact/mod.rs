//! Redaction: values masked as each entry is loaded, before anything else sees it.
//!
//! A [`Redaction`] (`redact=email,ip,token,data.secret,*.password`) names value
//! [`Kind`]s, masked wherever they appear inside a string (`moved for ••• email`),
//! and fields by path or `*` pattern, whose every value is masked (`••• redacted`).
//! [`Redaction::rewrite`] turns an entry's bytes into the masked entry; the store
//! keeps only that, so the table, the entry panel, search, facets, copies, the
//! permalink and every export see the masked text and nothing else.

pub mod kinds;

use crate::core::json::{self, MAX_DEPTH, Scanner, SyntaxError};
pub use kinds::Kind;

/// The mask that replaces a value.
pub const MASK: &str = "•••";

/// What to mask: value kinds and field patterns.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Redaction {
    kinds: Vec<Kind>,
    fields: Vec<String>,
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
    }

    /// The `redact=` value (kinds first, then fields); empty when nothing is masked.
    pub fn to_param(&self) -> String {
        self.items().join(",")
    }

    /// Every item, kinds first: `["email", "ip", "data.secret"]`.
    pub fn items(&self) -> Vec<String> {
        self.kinds
            .iter()
            .map(|k| k.name().to_string())
            .chain(self.fields.iter().cloned())
            .collect()
    }

    /// Everything either masks: a link can add to a deployment's redaction, never
    /// take from it.
    pub fn union(&self, other: &Redaction) -> Redaction {
        let mut r = self.clone();
        r.kinds.extend(&other.kinds);
        r.fields.extend(other.fields.iter().cloned());
        r.normalise();
        r
    }

    /// True if nothing is masked.
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty() && self.fields.is_empty()
    }

    /// True if every value at `path` (`data.changes.password`) is masked.
    pub fn masks_field(&self, path: &str) -> bool {
        self.fields.iter().any(|p| {
            glob(p.as_bytes(), path.as_bytes())
                || p.strip_prefix("*.")
                    .is_some_and(|rest| glob(rest.as_bytes(), path.as_bytes()))
        })
    }

    /// `text` with every value of the masked kinds replaced (`None` if none is there).
    pub fn mask_text(&self, text: &str) -> Option<String> {
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
    pub fn rewrite(&self, bytes: &[u8]) -> Result<Option<Vec<u8>>, SyntaxError> {
        let mut edits = Vec::new();
        let mut sc = Scanner::new(bytes);
        let mut path = String::new();
        self.walk(&mut sc, &mut path, false, 0, &mut edits)?;
        if edits.is_empty() {
            return Ok(None);
        }
        let mut out = Vec::with_capacity(bytes.len() + edits.len() * 8);
        let mut at = 0;
        for (a, b, text) in edits {
            out.extend_from_slice(&bytes[at..a]);
            out.extend_from_slice(text.as_bytes());
            at = b;
        }
        out.extend_from_slice(&bytes[at..]);
        Ok(Some(out))
    }

    /// Walks the value at the cursor (at `path`; `masked` when a field rule covers
    /// it), recording (start, end, replacement JSON) for each masked scalar.
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
                loop {
                    sc.ws();
                    if is_obj {
                        let key = sc.key()?;
                        if !path.is_empty() {
                            path.push('.');
                        }
                        path.push_str(&json::str_value(sc.bytes, key));
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
                } else if !self.kinds.is_empty()
                    && let Some(text) = self.mask_text(&json::str_value(sc.bytes, tok))
                {
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
}

/// `*` matches any run of bytes (dots included); everything else matches itself.
fn glob(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut back: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && pattern[p] == b'*' {
            back = Some((p, t));
            p += 1;
        } else if p < pattern.len() && pattern[p] == text[t] {
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
