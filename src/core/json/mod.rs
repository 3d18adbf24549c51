//! A strict, allocation-free JSON scanner over bytes.
//!
//! Ingest and inspection both walk raw JSON with it: it validates RFC 8259 syntax,
//! reports errors by byte offset (turned into line and column by [`position`]),
//! never recurses (so hostile nesting cannot overflow the stack) and refuses nesting
//! deeper than [`MAX_DEPTH`].

pub mod path;

use std::fmt;

/// Cheap first test on a string's text (raw or decoded: `{ } [ ]` are never
/// escaped): could the whole of it be one JSON object or array?
#[inline]
pub(crate) fn may_be_document(text: &[u8]) -> bool {
    matches!(
        (text.first(), text.last()),
        (Some(b'{'), Some(b'}')) | (Some(b'['), Some(b']'))
    )
}

/// Deepest nesting of arrays and objects accepted anywhere in a document.
pub const MAX_DEPTH: usize = 128;

/// What went wrong while scanning, without position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input ended inside a value.
    UnexpectedEnd,
    /// A byte that cannot start or continue a value here.
    Expected(&'static str, Found),
    /// A backslash escape other than `\" \\ \/ \b \f \n \r \t \uXXXX`.
    InvalidEscape,
    /// An unescaped control character (below U+0020) inside a string.
    ControlChar,
    /// A number that breaks the JSON number grammar.
    InvalidNumber,
    /// Arrays and objects nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// Something other than white space after a complete value.
    TrailingContent(Found),
}

/// The character found where something else was expected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found(pub u8);

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            b if b.is_ascii_graphic() => write!(f, "'{}'", b as char),
            b' ' => f.write_str("a space"),
            b'\n' => f.write_str("a line break"),
            b'\t' => f.write_str("a tab"),
            b => write!(f, "byte 0x{b:02X}"),
        }
    }
}

/// A syntax error at a byte offset of the scanned input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset of the offending byte (or of the end of input).
    pub offset: usize,
    /// What was wrong there.
    pub kind: ErrorKind,
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::UnexpectedEnd => f.write_str("unexpected end of input"),
            ErrorKind::Expected(what, found) => write!(f, "expected {what}, found {found}"),
            ErrorKind::InvalidEscape => f.write_str("invalid escape sequence in a string"),
            ErrorKind::ControlChar => f.write_str("unescaped control character in a string"),
            ErrorKind::InvalidNumber => f.write_str("invalid number"),
            ErrorKind::TooDeep => write!(f, "nesting deeper than {MAX_DEPTH} levels"),
            ErrorKind::TrailingContent(found) => {
                write!(f, "unexpected {found} after the end of the JSON value")
            }
        }
    }
}

impl ErrorKind {
    /// What went wrong, as [`fmt::Display`] says it; without the character found
    /// there when `quote` is false (while masking is on no byte of a body is quoted).
    pub(crate) fn describe(self, quote: bool) -> String {
        match self {
            _ if quote => self.to_string(),
            ErrorKind::Expected(what, _) => format!("expected {what}"),
            ErrorKind::TrailingContent(_) => {
                "unexpected content after the end of the JSON value".into()
            }
            other => other.to_string(),
        }
    }
}

/// A scanned string token: the byte range of its content (between the quotes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct StrTok {
    /// First content byte.
    pub start: usize,
    /// One past the last content byte (the closing quote's offset).
    pub end: usize,
    /// True if the content holds a backslash escape (needs [`unescape`]).
    pub escaped: bool,
    /// True if the content holds non-ASCII bytes (not yet checked to be UTF-8).
    pub non_ascii: bool,
}

/// A cursor over JSON bytes.
#[derive(Clone, Debug)]
pub struct Scanner<'a> {
    /// The whole input.
    pub bytes: &'a [u8],
    /// The cursor's byte offset.
    pub pos: usize,
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Flags (bit 7 of each byte) the bytes of `w` that are `"`, `\` or control
/// characters, plus non-ASCII ones when `high` is set. The lowest flag is exact
/// (borrows only run upwards), so `trailing_zeros / 8` is the first such byte.
#[inline(always)]
fn special_mask(w: u64, high: bool) -> u64 {
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let quote = zero(w ^ (ONES * b'"' as u64));
    let slash = zero(w ^ (ONES * b'\\' as u64));
    let ctl = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
    quote | slash | ctl | if high { w & HIGH } else { 0 }
}

impl<'a> Scanner<'a> {
    /// A scanner at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Scanner { bytes, pos: 0 }
    }

    /// A scanner at `pos` of `bytes`.
    pub(crate) fn at(bytes: &'a [u8], pos: usize) -> Self {
        Scanner { bytes, pos }
    }

    #[inline]
    fn err<T>(&self, offset: usize, kind: ErrorKind) -> Result<T, SyntaxError> {
        Err(SyntaxError { offset, kind })
    }

    /// An `Expected` error at the cursor (or `UnexpectedEnd` at the end of input).
    pub(crate) fn expected<T>(&self, what: &'static str) -> Result<T, SyntaxError> {
        match self.bytes.get(self.pos) {
            Some(&b) => self.err(self.pos, ErrorKind::Expected(what, Found(b))),
            None => self.err(self.pos, ErrorKind::UnexpectedEnd),
        }
    }

    /// Skips JSON white space.
    #[inline]
    pub(crate) fn ws(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            if b == b' ' || b == b'\n' || b == b'\r' || b == b'\t' {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    /// The byte at the cursor, if any.
    #[inline]
    pub(crate) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Skips white space, then consumes `byte` if it is next.
    #[inline]
    pub(crate) fn eat(&mut self, byte: u8) -> bool {
        self.ws();
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Scans a string token; the cursor must be on its opening quote.
    #[inline]
    pub(crate) fn string(&mut self) -> Result<StrTok, SyntaxError> {
        let b = self.bytes;
        let start = self.pos + 1;
        let mut i = start;
        let mut escaped = false;
        let mut non_ascii = false;
        loop {
            // Jump eight bytes at a time to the next byte that needs a look.
            while i + 8 <= b.len() {
                let mut word = [0u8; 8];
                word.copy_from_slice(&b[i..i + 8]);
                let mask = special_mask(u64::from_le_bytes(word), !non_ascii);
                if mask != 0 {
                    i += (mask.trailing_zeros() / 8) as usize;
                    break;
                }
                i += 8;
            }
            let Some(&c) = b.get(i) else {
                return self.err(i, ErrorKind::UnexpectedEnd);
            };
            match c {
                b'"' => {
                    self.pos = i + 1;
                    return Ok(StrTok {
                        start,
                        end: i,
                        escaped,
                        non_ascii,
                    });
                }
                b'\\' => {
                    escaped = true;
                    match b.get(i + 1) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 2,
                        Some(b'u') => {
                            let hex = b.get(i + 2..i + 6);
                            if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                                return self.err(i, ErrorKind::InvalidEscape);
                            }
                            i += 6;
                        }
                        Some(_) => return self.err(i, ErrorKind::InvalidEscape),
                        None => return self.err(i + 1, ErrorKind::UnexpectedEnd),
                    }
                }
                0..=0x1F => return self.err(i, ErrorKind::ControlChar),
                0x80..=0xFF => {
                    non_ascii = true;
                    i += 1;
                }
                _ => i += 1,
            }
        }
    }

    /// Scans a number; returns its byte range.
    #[inline]
    pub(crate) fn number(&mut self) -> Result<(usize, usize), SyntaxError> {
        let b = self.bytes;
        let start = self.pos;
        let mut i = start;
        let digits = |mut i: usize| {
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            i
        };
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        match b.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => i = digits(i + 1),
            _ => return self.err(i, ErrorKind::InvalidNumber),
        }
        if b.get(i) == Some(&b'.') {
            let j = digits(i + 1);
            if j == i + 1 {
                return self.err(j, ErrorKind::InvalidNumber);
            }
            i = j;
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            let j = digits(i);
            if j == i {
                return self.err(j, ErrorKind::InvalidNumber);
            }
            i = j;
        }
        self.pos = i;
        Ok((start, i))
    }

    /// Consumes the literal `true`, `false` or `null` whose first byte is at the cursor.
    #[inline]
    pub(crate) fn literal(&mut self) -> Result<&'static [u8], SyntaxError> {
        let lit: &'static [u8] = match self.peek() {
            Some(b't') => b"true",
            Some(b'f') => b"false",
            Some(b'n') => b"null",
            _ => return self.expected("a value"),
        };
        let end = self.pos + lit.len();
        if self.bytes.get(self.pos..end) != Some(lit) {
            // Point at the first byte that differs.
            let off = (0..lit.len())
                .find(|&k| self.bytes.get(self.pos + k) != Some(&lit[k]))
                .unwrap_or(0);
            self.pos += off;
            return self.expected("a value");
        }
        self.pos = end;
        Ok(lit)
    }

    /// Skips one complete, valid value starting at the cursor (after white space),
    /// at nesting depth `depth`. Iterative: never recurses.
    pub fn skip_value(&mut self, depth: usize) -> Result<(), SyntaxError> {
        // One bit per open container: 1 = object, 0 = array.
        let mut stack: Vec<bool> = Vec::new();
        self.ws();
        loop {
            // Expect a value.
            match self.peek() {
                Some(b'"') => {
                    self.string()?;
                }
                Some(b'-' | b'0'..=b'9') => {
                    self.number()?;
                }
                Some(c @ (b'{' | b'[')) => {
                    if depth + stack.len() >= MAX_DEPTH {
                        return self.err(self.pos, ErrorKind::TooDeep);
                    }
                    self.pos += 1;
                    let is_obj = c == b'{';
                    stack.push(is_obj);
                    let close = if is_obj { b'}' } else { b']' };
                    if self.eat(close) {
                        stack.pop();
                    } else {
                        if is_obj {
                            self.key()?;
                        }
                        self.ws();
                        continue;
                    }
                }
                _ => {
                    self.literal()?;
                }
            }
            // After a value: close containers or move to the next element.
            loop {
                let Some(&is_obj) = stack.last() else {
                    return Ok(());
                };
                let close = if is_obj { b'}' } else { b']' };
                self.ws();
                if self.eat(b',') {
                    if is_obj {
                        self.ws();
                        self.key()?;
                    }
                    self.ws();
                    break;
                } else if self.eat(close) {
                    stack.pop();
                } else if is_obj {
                    return self.expected("',' or '}' after an object member");
                } else {
                    return self.expected("',' or ']' after an array element");
                }
            }
        }
    }

    /// Scans an object key and the following `:`; the cursor must be on the key.
    #[inline]
    pub(crate) fn key(&mut self) -> Result<StrTok, SyntaxError> {
        if self.peek() != Some(b'"') {
            return self.expected("a string key");
        }
        let k = self.string()?;
        if !self.eat(b':') {
            return self.expected("':' after an object key");
        }
        self.ws();
        Ok(k)
    }

    /// After white space, requires the end of input.
    pub fn end(&mut self) -> Result<(), SyntaxError> {
        self.ws();
        match self.peek() {
            None => Ok(()),
            Some(b) => self.err(self.pos, ErrorKind::TrailingContent(Found(b))),
        }
    }
}

/// Decodes the content of a string token (escapes resolved). Invalid UTF-8 and lone
/// surrogates become U+FFFD, so the result is always a valid string.
pub(crate) fn unescape(raw: &[u8]) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let c = raw[i];
        if c != b'\\' {
            out.push(c);
            i += 1;
            continue;
        }
        let e = raw.get(i + 1).copied().unwrap_or(b'\\');
        i += 2;
        let ch = match e {
            b'n' => '\n',
            b't' => '\t',
            b'r' => '\r',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'u' => {
                let hi = hex4(raw.get(i..i + 4));
                i += 4;
                match hi {
                    Some(h @ 0xD800..=0xDBFF) => {
                        let lo = if raw.get(i..i + 2) == Some(b"\\u") {
                            hex4(raw.get(i + 2..i + 6))
                        } else {
                            None
                        };
                        match lo {
                            Some(l @ 0xDC00..=0xDFFF) => {
                                i += 6;
                                let cp = 0x10000 + ((h - 0xD800) << 10) + (l - 0xDC00);
                                char::from_u32(cp).unwrap_or('\u{FFFD}')
                            }
                            _ => '\u{FFFD}',
                        }
                    }
                    Some(h) => char::from_u32(h).unwrap_or('\u{FFFD}'),
                    None => '\u{FFFD}',
                }
            }
            other => other as char,
        };
        let mut buf = [0u8; 4];
        out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
    }
    match String::from_utf8(out) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

fn hex4(h: Option<&[u8]>) -> Option<u32> {
    let h = std::str::from_utf8(h?).ok()?;
    u32::from_str_radix(h, 16).ok()
}

/// Decodes a string token of `bytes` to text.
pub(crate) fn str_value(bytes: &[u8], tok: StrTok) -> String {
    let raw = &bytes[tok.start..tok.end];
    if tok.escaped {
        unescape(raw)
    } else {
        String::from_utf8_lossy(raw).into_owned()
    }
}

/// 1-based line and column (in characters) of byte `offset` in `bytes`.
pub fn position(bytes: &[u8], offset: usize) -> (usize, usize) {
    let offset = offset.min(bytes.len());
    let before = &bytes[..offset];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&bytes[line_start..offset])
        .chars()
        .count()
        + 1;
    (line, col)
}

/// A short excerpt of the line around byte `offset`, with a `⟶` marking the spot.
pub fn excerpt(bytes: &[u8], offset: usize) -> String {
    let offset = offset.min(bytes.len());
    let line_start = memchr::memrchr(b'\n', &bytes[..offset]).map_or(0, |p| p + 1);
    let line_end = memchr::memchr(b'\n', &bytes[offset..]).map_or(bytes.len(), |p| offset + p);
    let from = floor_char(bytes, offset.saturating_sub(30).max(line_start));
    let to = floor_char(bytes, (offset + 30).min(line_end));
    let text =
        |a: usize, b: usize| String::from_utf8_lossy(&bytes[a..b]).replace(['\r', '\t'], " ");
    let offset = floor_char(bytes, offset);
    format!(
        "{}{}⟶{}{}",
        if from > line_start { "…" } else { "" },
        text(from, offset),
        text(offset, to.max(offset)),
        if to < line_end { "…" } else { "" }
    )
}

/// Moves `i` back to the start of the UTF-8 character containing it.
fn floor_char(bytes: &[u8], mut i: usize) -> usize {
    while i > 0 && i < bytes.len() && (bytes[i] & 0xC0) == 0x80 {
        i -= 1;
    }
    i
}

/// Appends `raw` (one valid JSON value) to `out` without insignificant white space;
/// number text, string escapes and key order stay exactly as received.
pub(crate) fn compact_into(raw: &[u8], out: &mut Vec<u8>) {
    let mut i = 0;
    while i < raw.len() {
        let c = raw[i];
        if c == b'"' {
            let mut s = Scanner::at(raw, i);
            let end = match s.string() {
                Ok(_) => s.pos,
                Err(_) => raw.len(),
            };
            out.extend_from_slice(&raw[i..end]);
            i = end;
        } else {
            if !matches!(c, b' ' | b'\n' | b'\r' | b'\t') {
                out.push(c);
            }
            i += 1;
        }
    }
}

/// [`compact_into`] as a `String`.
pub(crate) fn compact(raw: &[u8]) -> String {
    let mut out = Vec::with_capacity(raw.len());
    compact_into(raw, &mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Writes `s` as a JSON string literal (quotes included) to `out`.
pub(crate) fn quote_into(s: &str, out: &mut String) {
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skip(s: &str) -> Result<usize, SyntaxError> {
        let mut sc = Scanner::new(s.as_bytes());
        sc.skip_value(0)?;
        sc.end()?;
        Ok(sc.pos)
    }

    #[test]
    fn accepts_every_kind_of_value() {
        for ok in [
            r#"{"a":[1,-2.5e+3,true,false,null,"x\"y\u00e9"],"b":{}}"#,
            "[]",
            " [ 1 , 2 ] ",
            "0",
            r#""\ud83d\ude00""#,
        ] {
            assert!(skip(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn rejects_broken_values_at_the_right_offset() {
        let cases = [
            ("[1,]", 3),
            (r#"{"a" 1}"#, 5),
            (r#"{"a":1,}"#, 7),
            ("[01]", 2),
            ("[1.]", 3),
            ("[tru]", 1 + 3),
            (r#"["a\x"]"#, 3),
            ("[\"a\nb\"]", 3),
            ("[1] x", 4),
            ("[1", 2),
        ];
        for (s, off) in cases {
            let e = skip(s).unwrap_err();
            assert_eq!(e.offset, off, "{s}: {e:?}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        let e = skip(&deep).unwrap_err();
        assert_eq!(e.kind, ErrorKind::TooDeep);
        assert_eq!(e.offset, MAX_DEPTH);
        let fine = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(skip(&fine).is_ok());
    }

    #[test]
    fn strings_longer_than_a_word_find_their_end() {
        let s = format!(r#"["{}","{}é\"x"]"#, "a".repeat(37), "b".repeat(20));
        assert!(skip(&s).is_ok());
    }

    #[test]
    fn strings_agree_with_serde_json_around_word_boundaries() {
        // Every string of up to 11 pieces from this alphabet, at every offset in a word.
        let pieces = [
            "a", "é", "\\\"", "\\n", "\\u00e9", "\"", "\u{1}", "😀", "\\", "\\q",
        ];
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..20_000 {
            let mut s = String::from("[");
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            s.push_str(&" ".repeat((state % 8) as usize));
            s.push('"');
            for k in 0..(state >> 3) % 12 {
                s.push_str(pieces[((state >> (8 + 4 * k)) % pieces.len() as u64) as usize]);
            }
            s.push_str("\"]");
            let ours = skip(&s).is_ok();
            let theirs = serde_json::from_str::<serde_json::Value>(&s).is_ok();
            assert_eq!(ours, theirs, "{s:?}");
            if ours {
                let v: Vec<String> = serde_json::from_str(&s).unwrap();
                let mut sc = Scanner::new(s.as_bytes());
                sc.pos = s.find('"').unwrap();
                let tok = sc.string().unwrap();
                assert_eq!(str_value(s.as_bytes(), tok), v[0], "{s:?}");
                let raw = &s.as_bytes()[tok.start..tok.end];
                assert_eq!(tok.non_ascii, raw.iter().any(|&b| b >= 0x80), "{s:?}");
            }
        }
    }

    #[test]
    fn unescape_resolves_escapes_and_surrogate_pairs() {
        assert_eq!(
            unescape(br#"a\"b\\c\/\n\t\u00e9\ud83d\ude00"#),
            "a\"b\\c/\n\té😀"
        );
        assert_eq!(unescape(br"\ud800x"), "\u{FFFD}x");
    }

    #[test]
    fn position_counts_lines_and_characters() {
        let text = "[\n  \"é\", x]".as_bytes();
        let off = text.iter().position(|&b| b == b'x').unwrap();
        assert_eq!(position(text, off), (2, 8));
    }

    #[test]
    fn excerpt_marks_the_spot() {
        assert_eq!(excerpt(b"[1, 2, oops]", 7), "[1, 2, ⟶oops]");
    }

    #[test]
    fn compact_keeps_numbers_escapes_and_order() {
        let raw = b"{ \"b\" : 1.50 ,\n \"a\": \"x  \\\" y\", \"n\": 12345678901234567890 }";
        assert_eq!(
            compact(raw),
            r#"{"b":1.50,"a":"x  \" y","n":12345678901234567890}"#
        );
    }

    #[test]
    fn error_messages_read_well() {
        let e = skip("[1 2]").unwrap_err();
        assert_eq!(
            e.kind.to_string(),
            "expected ',' or ']' after an array element, found '2'"
        );
    }
}
