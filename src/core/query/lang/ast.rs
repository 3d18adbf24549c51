//! The parsed query: what it asks, and its canonical text.
//!
//! Printing gives one text per query ([`Query`]'s `Display`): `AND` side by side
//! (written out inside an `OR`), `NOT x`, the fewest parentheses, and a value quoted
//! only when it must be. Parsing that text again gives the same query.

use super::fields::Field;
use crate::core::query::filter::Op;
use std::fmt::{self, Write};

/// A whole query; empty means every entry.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Query {
    /// The condition, `None` for an empty query.
    pub(crate) root: Option<Expr>,
}

/// One condition of a query.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Expr {
    /// A plain word: found in any value, nested data too, ignoring case (as typed).
    Word(String),
    /// Text in double quotes: found as one piece, white space included.
    Phrase(String),
    /// A test on one field.
    Field(FieldTest),
    /// Entries the inner condition does not keep.
    Not(Box<Expr>),
    /// Entries every condition keeps (two or more, none itself an `And`).
    And(Vec<Expr>),
    /// Entries any condition keeps (two or more, none itself an `Or`).
    Or(Vec<Expr>),
}

/// `field:value`, `field>value` and the like.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FieldTest {
    /// The field read.
    pub(crate) field: Field,
    /// What its value must be.
    pub(crate) test: Test,
}

/// What a field's value must be.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Test {
    /// Present with a value that is not `null` (`field:*`).
    Present,
    /// Equal to, starting with or containing the text, ignoring case (`v`, `v*`,
    /// `*v*`); the text as typed.
    Match(Op, String),
    /// Ordered against a number or a time.
    Compare(Cmp, Bound),
}

/// An order comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cmp {
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `<`
    Lt,
    /// `<=`
    Le,
}

impl Cmp {
    /// The operator as written.
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            Cmp::Gt => ">",
            Cmp::Ge => ">=",
            Cmp::Lt => "<",
            Cmp::Le => "<=",
        }
    }

    /// True if `a` compares so against `b`.
    pub(crate) fn holds<T: PartialOrd>(self, a: T, b: T) -> bool {
        match self {
            Cmp::Gt => a > b,
            Cmp::Ge => a >= b,
            Cmp::Lt => a < b,
            Cmp::Le => a <= b,
        }
    }
}

/// The right side of a comparison: a number, or a time written as in From/To.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Bound {
    /// As typed.
    pub(crate) text: String,
    /// Its value when it is a number (it is a time otherwise, read in the view's zone).
    pub(crate) number: Option<f64>,
}

impl Query {
    /// The top-level clauses that are ANDed together, each with its canonical text
    /// (what a removable chip shows).
    pub(crate) fn clauses(&self) -> Vec<(&Expr, String)> {
        match &self.root {
            None => Vec::new(),
            Some(Expr::And(xs)) => xs.iter().map(|x| (x, clause_text(x))).collect(),
            Some(x) => vec![(x, clause_text(x))],
        }
    }

    /// The query without its `i`-th top-level clause (as [`Query::clauses`] counts).
    pub(crate) fn without_clause(&self, i: usize) -> Query {
        let root = match &self.root {
            Some(Expr::And(xs)) => {
                let mut rest: Vec<Expr> = xs.clone();
                if i < rest.len() {
                    rest.remove(i);
                }
                match rest.len() {
                    0 => None,
                    1 => rest.pop(),
                    _ => Some(Expr::And(rest)),
                }
            }
            Some(_) if i == 0 => None,
            other => other.clone(),
        };
        Query { root }
    }
}

fn clause_text(x: &Expr) -> String {
    let mut s = String::new();
    let _ = write_expr(&mut s, x, Ctx::Top);
    s
}

/// Where an expression is printed, which decides its parentheses.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Top,
    InOr,
    Tight,
}

fn write_expr(f: &mut impl Write, x: &Expr, ctx: Ctx) -> fmt::Result {
    match x {
        Expr::Word(w) => f.write_str(w),
        Expr::Phrase(p) => write_quoted(f, p),
        Expr::Field(t) => write_test(f, t),
        Expr::Not(inner) => {
            f.write_str("NOT ")?;
            write_expr(f, inner, Ctx::Tight)
        }
        Expr::And(xs) => {
            let open = ctx == Ctx::Tight;
            let sep = if ctx == Ctx::InOr { " AND " } else { " " };
            write_list(f, xs, sep, open, Ctx::Tight)
        }
        Expr::Or(xs) => write_list(f, xs, " OR ", ctx != Ctx::Top, Ctx::InOr),
    }
}

fn write_list(f: &mut impl Write, xs: &[Expr], sep: &str, paren: bool, inner: Ctx) -> fmt::Result {
    if paren {
        f.write_char('(')?;
    }
    for (i, x) in xs.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        write_expr(f, x, inner)?;
    }
    if paren {
        f.write_char(')')?;
    }
    Ok(())
}

/// Characters a field name escapes with `\` (a path's own escapes stay as they are).
fn name_escapes(c: char, first: bool) -> bool {
    c.is_whitespace()
        || matches!(c, '(' | ')' | '"' | ':' | '<' | '>' | '=' | '!')
        || first && c == '-'
}

/// A field name as a query writes it (what the lexer reads back as that name).
pub(crate) fn name_text(name: &str) -> String {
    let mut s = String::new();
    let _ = write_name(&mut s, name);
    s
}

/// A value as a query writes it: bare when it reads back the same, else quoted.
pub(crate) fn value_text(v: &str) -> String {
    let mut s = String::new();
    let _ = write_value(&mut s, v);
    s
}

fn write_name(f: &mut impl Write, name: &str) -> fmt::Result {
    for (i, c) in name.chars().enumerate() {
        if name_escapes(c, i == 0) {
            f.write_char('\\')?;
        }
        f.write_char(c)?;
    }
    Ok(())
}

fn write_test(f: &mut impl Write, t: &FieldTest) -> fmt::Result {
    write_name(f, t.field.name())?;
    match &t.test {
        Test::Present => f.write_str(":*"),
        Test::Match(op, v) => {
            f.write_char(':')?;
            if *op == Op::Contains {
                f.write_char('*')?;
            }
            write_value(f, v)?;
            if *op != Op::Exact {
                f.write_char('*')?;
            }
            Ok(())
        }
        Test::Compare(c, b) => {
            f.write_str(c.symbol())?;
            write_value(f, &b.text)
        }
    }
}

/// A value bare when it reads back the same, else quoted.
fn write_value(f: &mut impl Write, v: &str) -> fmt::Result {
    let bare = !v.is_empty()
        && !v
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '(' | ')' | '"' | '\\' | '*'));
    if bare {
        f.write_str(v)
    } else {
        write_quoted(f, v)
    }
}

fn write_quoted(f: &mut impl Write, s: &str) -> fmt::Result {
    f.write_char('"')?;
    for c in s.chars() {
        if c == '"' || c == '\\' {
            f.write_char('\\')?;
        }
        f.write_char(c)?;
    }
    f.write_char('"')
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.root {
            None => Ok(()),
            Some(x) => write_expr(f, x, Ctx::Top),
        }
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_expr(f, self, Ctx::Top)
    }
}

/// The number `s` writes (`42`, `-1.5`, `2e3`); `None` for other text, `inf` and `NaN`.
pub(crate) fn number(s: &str) -> Option<f64> {
    let s = s.trim();
    let starts = s
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.'));
    let plain = s
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'));
    if !starts || !plain {
        return None;
    }
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}
