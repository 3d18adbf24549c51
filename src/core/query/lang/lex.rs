//! Cutting query text into tokens: parentheses, `AND`/`OR`/`NOT`, a negating `-`,
//! quoted phrases, and terms, each term split at its first operator when it has one.
//!
//! Outside quotes, white space and parentheses end a term, and `\` keeps the next
//! character in it (`a\ b:x`, `x:a\)`). Only upper-case `AND`, `OR`, `NOT` are
//! operators. A `-` negates when a term, quote or `(` follows it at once and it is not
//! a number's sign (`-5`, `--force` and a lone `-` are words). A `"` opens a quote at
//! the start of a term or right after a term's operator (`f:"a b"`, `f:"a b"*`,
//! `f:*"a b"*`); elsewhere it is an ordinary character. Whether a split term is a
//! field test is left to the parser, which knows the log's fields.

use super::ast::Cmp;
use super::error::{MAX_CHARS, QueryError};

/// One token and the 1-based column of its first character.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token {
    /// Where it starts.
    pub col: usize,
    /// What it is.
    pub tok: Tok,
}

/// What a token is.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok {
    /// `(`
    Open,
    /// `)`
    Close,
    /// `AND`
    And,
    /// `OR`
    Or,
    /// `NOT`
    Not,
    /// A `-` negating what follows.
    Minus,
    /// `"text"`, unescaped.
    Phrase(String),
    /// A term as typed, and where it splits into name, operator and value.
    Term(String, Option<Split>),
}

/// A term cut at its first operator: `name` `op` `value`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Split {
    /// The name, unescaped (a path's own escapes `\.` `\\` `\[` `\]` `\,` kept).
    pub name: String,
    /// The operator.
    pub op: Operator,
    /// Column of the operator.
    pub op_col: usize,
    /// What follows it.
    pub value: Value,
}

/// An operator between a name and a value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Operator {
    /// `:`
    Colon,
    /// `>`, `>=`, `<`, `<=`
    Cmp(Cmp),
    /// Something that looks like one but is not (`=`, `==`, `!=`, `<>`, `=>`).
    Unknown(String),
}

/// The value after an operator.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Value {
    /// Unescaped, without its wildcard stars.
    pub text: String,
    /// A `*` (not escaped) before the text.
    pub lead: bool,
    /// A `*` (not escaped) after the text.
    pub trail: bool,
    /// The text was in double quotes.
    pub quoted: bool,
    /// Column of the value's first character (one past the operator).
    pub col: usize,
}

fn ends_term(c: char) -> bool {
    c.is_whitespace() || c == '(' || c == ')'
}

/// Reads the quote opening at `at`; returns its text and the index after it.
fn quoted(cs: &[char], at: usize) -> Result<(String, usize), QueryError> {
    let mut s = String::new();
    let mut i = at + 1;
    while i < cs.len() {
        match cs[i] {
            '"' => return Ok((s, i + 1)),
            '\\' if i + 1 < cs.len() => {
                s.push(cs[i + 1]);
                i += 2;
            }
            c => {
                s.push(c);
                i += 1;
            }
        }
    }
    Err(QueryError::at(at + 1, "missing closing `\"` for the quote"))
}

/// After a closing quote (at `i`) the term must end.
fn end_after_quote(cs: &[char], i: usize) -> Result<(), QueryError> {
    match cs.get(i) {
        Some(&c) if !ends_term(c) => Err(QueryError::at(
            i + 1,
            format!("unexpected `{c}` after a closing `\"` (a space is missing?)"),
        )),
        _ => Ok(()),
    }
}

/// The operator starting at `i`, and its length.
fn operator_at(cs: &[char], i: usize) -> Option<(Operator, usize)> {
    let next = cs.get(i + 1).copied();
    let two = |a: char| Operator::Unknown(format!("{a}{}", next.unwrap_or_default()));
    Some(match (cs[i], next) {
        (':', _) => (Operator::Colon, 1),
        ('>', Some('=')) => (Operator::Cmp(Cmp::Ge), 2),
        ('<', Some('=')) => (Operator::Cmp(Cmp::Le), 2),
        ('>' | '<', Some('>' | '<')) => (two(cs[i]), 2),
        ('>', _) => (Operator::Cmp(Cmp::Gt), 1),
        ('<', _) => (Operator::Cmp(Cmp::Lt), 1),
        ('=', Some('=' | '<' | '>')) => (two('='), 2),
        ('=', _) => (Operator::Unknown("=".into()), 1),
        ('!', Some('=')) => (two('!'), 2),
        _ => return None,
    })
}

/// A name's text: `\x` is `x`, but a path's own escapes stay.
fn unescape_name(cs: &[char]) -> String {
    let mut s = String::new();
    let mut i = 0;
    while i < cs.len() {
        if cs[i] == '\\' && i + 1 < cs.len() {
            if matches!(cs[i + 1], '\\' | '.' | '[' | ']' | ',') {
                s.push('\\');
            }
            s.push(cs[i + 1]);
            i += 2;
        } else {
            s.push(cs[i]);
            i += 1;
        }
    }
    s
}

/// An unquoted value: `\x` is `x`; one unescaped `*` at either end is a wildcard.
fn bare_value(cs: &[char], col: usize) -> Value {
    let mut text = String::new();
    let (mut lead, mut trail) = (false, false);
    let mut i = 0;
    while i < cs.len() {
        match cs[i] {
            '\\' if i + 1 < cs.len() => {
                text.push(cs[i + 1]);
                i += 2;
                continue;
            }
            '*' if i == 0 => lead = true,
            '*' if i + 1 == cs.len() => trail = true,
            c => text.push(c),
        }
        i += 1;
    }
    Value {
        text,
        lead,
        trail,
        quoted: false,
        col,
    }
}

/// Reads the term starting at `start`; returns it and the index after it.
fn term(cs: &[char], start: usize) -> Result<(Tok, usize), QueryError> {
    let mut i = start;
    // (name, operator, operator index, value index, quoted value)
    let mut found: Option<(String, Operator, usize, usize, Option<Value>)> = None;
    while i < cs.len() && !ends_term(cs[i]) {
        if cs[i] == '\\' {
            i = (i + 2).min(cs.len());
            continue;
        }
        let Some((op, len)) = found.is_none().then(|| operator_at(cs, i)).flatten() else {
            i += 1;
            continue;
        };
        let name = unescape_name(&cs[start..i]);
        let v = i + len;
        let lead = cs.get(v) == Some(&'*') && cs.get(v + 1) == Some(&'"');
        let q = v + usize::from(lead);
        if cs.get(q) != Some(&'"') {
            found = Some((name, op, i, v, None));
            i = v;
            continue;
        }
        let (text, mut end) = quoted(cs, q)?;
        let trail = cs.get(end) == Some(&'*');
        end += usize::from(trail);
        end_after_quote(cs, end)?;
        let value = Value {
            text,
            lead,
            trail,
            quoted: true,
            col: v + 1,
        };
        found = Some((name, op, i, v, Some(value)));
        i = end;
        break;
    }
    let raw: String = cs[start..i].iter().collect();
    let split = found.map(|(name, op, at, v, value)| Split {
        name,
        op,
        op_col: at + 1,
        value: value.unwrap_or_else(|| bare_value(&cs[v..i], v + 1)),
    });
    let tok = match raw.as_str() {
        "AND" => Tok::And,
        "OR" => Tok::Or,
        "NOT" => Tok::Not,
        _ => Tok::Term(raw, split),
    };
    Ok((tok, i))
}

/// The tokens of `text`, or where and why it cannot be cut.
pub(crate) fn lex(text: &str) -> Result<Vec<Token>, QueryError> {
    let cs: Vec<char> = text.chars().collect();
    if cs.len() > MAX_CHARS {
        return Err(QueryError::at(
            MAX_CHARS + 1,
            format!("the query is longer than {MAX_CHARS} characters"),
        ));
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        let col = i + 1;
        let next = cs.get(i + 1).copied();
        let (tok, end) = match c {
            _ if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '(' => (Tok::Open, i + 1),
            ')' => (Tok::Close, i + 1),
            '"' => {
                let (s, end) = quoted(&cs, i)?;
                end_after_quote(&cs, end)?;
                (Tok::Phrase(s), end)
            }
            '-' if next.is_some_and(|n| {
                !n.is_whitespace() && n != '-' && n != ')' && !n.is_ascii_digit()
            }) =>
            {
                (Tok::Minus, i + 1)
            }
            _ => term(&cs, i)?,
        };
        out.push(Token { col, tok });
        i = end;
    }
    Ok(out)
}
