//! Reading query text into a [`Query`]: precedence `NOT` > `AND` > `OR`, terms side
//! by side ANDed, parentheses, and each term a word, a phrase or a field test.
//!
//! A term `name:value` (or `>`, `>=`, `<`, `<=`) is a field test only when `name` is
//! a field of the log ([`resolve`]); otherwise the whole term is a plain word, so an
//! address, a URL or `C:\dir` searches as it always did.

use super::ast::{Bound, Cmp, Expr, FieldTest, Query, Test, number};
use super::error::{MAX_DEPTH, QueryError};
use super::fields::{Fields, resolve};
use super::lex::{Operator, Split, Tok, Token, Value, lex};
use crate::core::query::filter::Op;
use crate::core::time::{Zone, parse_timestamp};

/// Parses `text` for a log whose key paths `fields` knows.
pub(crate) fn parse(text: &str, fields: &dyn Fields) -> Result<Query, QueryError> {
    let toks = lex(text)?;
    let mut p = Parser {
        end: text.chars().count() + 1,
        toks,
        at: 0,
        depth: 0,
        fields,
    };
    if p.toks.is_empty() {
        return Ok(Query::default());
    }
    let root = p.or()?;
    if let Some(t) = p.toks.get(p.at) {
        return Err(QueryError::at(t.col, "`)` without a `(` before it"));
    }
    Ok(Query { root: Some(root) })
}

struct Parser<'a> {
    toks: Vec<Token>,
    at: usize,
    /// Column one past the end.
    end: usize,
    depth: usize,
    fields: &'a dyn Fields,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at).map(|t| &t.tok)
    }

    /// Column of the next token (or of the end).
    fn col(&self) -> usize {
        self.toks.get(self.at).map_or(self.end, |t| t.col)
    }

    /// True if the next token can start a condition.
    fn starts(&self) -> bool {
        matches!(
            self.peek(),
            Some(Tok::Open | Tok::Not | Tok::Minus | Tok::Phrase(_) | Tok::Term(..))
        )
    }

    /// Takes an operator token and checks a condition follows it.
    fn operator(&mut self, name: &str) -> Result<(), QueryError> {
        let col = self.col();
        self.at += 1;
        if self.starts() {
            Ok(())
        } else {
            Err(QueryError::at(col, format!("nothing after `{name}`")))
        }
    }

    fn deeper(&mut self, col: usize) -> Result<(), QueryError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(QueryError::at(
                col,
                format!("more than {MAX_DEPTH} levels of parentheses and NOT"),
            ));
        }
        Ok(())
    }

    fn or(&mut self) -> Result<Expr, QueryError> {
        let mut xs = vec![self.and()?];
        while self.peek() == Some(&Tok::Or) {
            self.operator("OR")?;
            xs.push(self.and()?);
        }
        Ok(join(xs, false))
    }

    fn and(&mut self) -> Result<Expr, QueryError> {
        let mut xs = vec![self.unary()?];
        loop {
            match self.peek() {
                None | Some(Tok::Or | Tok::Close) => break,
                Some(Tok::And) => self.operator("AND")?,
                _ => {}
            }
            xs.push(self.unary()?);
        }
        Ok(join(xs, true))
    }

    fn unary(&mut self) -> Result<Expr, QueryError> {
        let name = match self.peek() {
            Some(Tok::Not) => "NOT",
            Some(Tok::Minus) => "-",
            _ => return self.primary(),
        };
        let col = self.col();
        self.deeper(col)?;
        self.operator(name)?;
        let inner = self.unary()?;
        self.depth -= 1;
        Ok(Expr::Not(Box::new(inner)))
    }

    fn primary(&mut self) -> Result<Expr, QueryError> {
        let col = self.col();
        let Some(tok) = self.peek().cloned() else {
            return Err(QueryError::at(col, "a condition is missing"));
        };
        self.at += 1;
        match tok {
            Tok::Open => {
                self.deeper(col)?;
                if self.peek() == Some(&Tok::Close) {
                    return Err(QueryError::at(col, "nothing between `(` and `)`"));
                }
                let x = self.or()?;
                if self.peek() != Some(&Tok::Close) {
                    return Err(QueryError::at(self.col(), "missing `)`"));
                }
                self.at += 1;
                self.depth -= 1;
                Ok(x)
            }
            Tok::Close => Err(QueryError::at(col, "`)` without a `(` before it")),
            Tok::And => Err(QueryError::at(col, "nothing before `AND`")),
            Tok::Or => Err(QueryError::at(col, "nothing before `OR`")),
            Tok::Phrase(s) => Ok(Expr::Phrase(s)),
            Tok::Term(raw, split) => self.term(raw, split),
            // `unary` takes negations before `primary` sees a token.
            Tok::Not | Tok::Minus => Err(QueryError::at(col, "a condition is missing")),
        }
    }

    fn term(&self, raw: String, split: Option<Split>) -> Result<Expr, QueryError> {
        let Some(s) = split else {
            return Ok(Expr::Word(raw));
        };
        let Some(field) = resolve(&s.name, self.fields) else {
            return Ok(Expr::Word(raw));
        };
        let test = match s.op {
            Operator::Unknown(op) => {
                return Err(QueryError::at(
                    s.op_col,
                    format!("unknown operator `{op}` (use `:`, `>`, `>=`, `<` or `<=`)"),
                ));
            }
            Operator::Colon => matching(&s.name, s.op_col, s.value)?,
            Operator::Cmp(c) => compare(c, s.op_col, s.value)?,
        };
        Ok(Expr::Field(FieldTest { field, test }))
    }
}

/// One condition, or several joined by AND (`and`) or OR, nested ones of the same
/// kind flattened.
fn join(mut xs: Vec<Expr>, and: bool) -> Expr {
    if xs.len() == 1
        && let Some(x) = xs.pop()
    {
        return x;
    }
    let mut flat = Vec::with_capacity(xs.len());
    for x in xs {
        match x {
            Expr::And(inner) if and => flat.extend(inner),
            Expr::Or(inner) if !and => flat.extend(inner),
            x => flat.push(x),
        }
    }
    if and { Expr::And(flat) } else { Expr::Or(flat) }
}

/// `name:value`: any value, exact, starts with or contains.
fn matching(name: &str, op_col: usize, v: Value) -> Result<Test, QueryError> {
    if !v.quoted && v.text.is_empty() {
        if v.lead || v.trail {
            return Ok(Test::Present);
        }
        return Err(QueryError::at(
            op_col,
            format!("nothing after `{name}:` (`{name}:*` means any value)"),
        ));
    }
    let op = match (v.lead, v.trail) {
        (true, true) => Op::Contains,
        (false, true) => Op::Prefix,
        (false, false) => Op::Exact,
        (true, false) => {
            return Err(QueryError::at(
                v.col,
                "a `*` at the start needs one at the end too (`*text*` finds text anywhere)",
            ));
        }
    };
    Ok(Test::Match(op, v.text))
}

/// `name>value` and the like: the value must be a number or a time.
fn compare(c: Cmp, op_col: usize, v: Value) -> Result<Test, QueryError> {
    if !v.quoted && v.text.is_empty() && !v.lead && !v.trail {
        return Err(QueryError::at(
            op_col,
            format!("nothing after `{}`", c.symbol()),
        ));
    }
    let number = number(&v.text);
    if v.lead || v.trail || number.is_none() && parse_timestamp(&v.text, Zone::Utc).is_none() {
        return Err(QueryError::at(
            v.col,
            format!(
                "`{}` takes a number or a time (as in From and To)",
                c.symbol()
            ),
        ));
    }
    Ok(Test::Compare(
        c,
        Bound {
            text: v.text,
            number,
        },
    ))
}
