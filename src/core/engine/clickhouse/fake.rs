//! A stand-in ClickHouse for tests: answers the planner's page and export queries
//! over a few rows held in memory, as a server would, rows that tie on the sort
//! keys coming back in any order (a different one each query, as from a
//! Distributed table), so that tests see what paging and export give in the worst
//! case. It reads the planner's SQL: the `SELECT` list, `WHERE` (comparisons,
//! `ILIKE`, `AND`, `OR`, `NOT`, with `NULL` as SQL's unknown: a row is kept only
//! when its condition is true; a comparison with a subquery holds, as the planner's
//! time bounds and `PREWHERE` only narrow what is read), `ORDER BY`, `LIMIT` and
//! `OFFSET`, and the functions the planner matches, converts and masks text with,
//! as ClickHouse defines them (regular expressions as RE2 reads them: ASCII word
//! boundaries). It also aggregates: `GROUP BY`, `HAVING`, `count()`, `countIf`,
//! `uniqExact`, `min` and `max` (with or without groups), integer arithmetic as
//! functions (`intDiv`, `multiply`, `plus`, `minus`), a select's backquoted
//! alias standing for its expression; and `IN`, `NOT IN` with tuples of values,
//! and `GLOBAL IN` a subquery over the same table (its rows are the set).

use super::answer::Compact;
use super::sql::tests::{Token, lex};
use serde_json::{Value, json};
use std::cmp::Ordering;

/// A value of a row, as the server compares it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Cell {
    /// An integer (`UInt64`, sent quoted).
    Int(u64),
    /// A `DateTime`, in seconds.
    Time(i64),
    /// A `Float64`.
    Float(F64),
    /// A `String`.
    Str(String),
    /// `NULL`.
    Null,
}

/// A float ordered as `total_cmp` orders it (so a cell can be a sort key).
#[derive(Clone, Copy, Debug)]
pub(crate) struct F64(pub f64);

impl PartialEq for F64 {
    fn eq(&self, o: &F64) -> bool {
        self.0.total_cmp(&o.0).is_eq()
    }
}

impl Eq for F64 {}

impl PartialOrd for F64 {
    fn partial_cmp(&self, o: &F64) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for F64 {
    fn cmp(&self, o: &F64) -> Ordering {
        self.0.total_cmp(&o.0)
    }
}

impl Cell {
    /// The number a numeric cell holds.
    fn number(&self) -> Option<f64> {
        match self {
            Cell::Int(n) => Some(*n as f64),
            Cell::Float(F64(f)) => Some(*f),
            _ => None,
        }
    }

    /// True for a condition that holds (not 0, not `NULL`).
    fn truthy(&self) -> bool {
        !matches!(self, Cell::Int(0) | Cell::Null)
    }

    /// A condition's value: 1 or 0.
    fn bool(b: bool) -> Cell {
        Cell::Int(u64::from(b))
    }

    /// As `FORMAT JSONCompact` writes it (64-bit integers quoted).
    fn json(&self) -> Value {
        match self {
            Cell::Int(n) => json!(n.to_string()),
            Cell::Float(F64(f)) => json!(f),
            Cell::Time(t) => {
                let iso = crate::core::time::format_iso(t * 1000, crate::core::time::Zone::Utc);
                json!(iso.get(..19).unwrap_or_default().replace('T', " "))
            }
            Cell::Str(s) => json!(s),
            Cell::Null => Value::Null,
        }
    }
}

/// A table: column names and rows.
pub(crate) struct Table {
    /// Column names.
    pub names: Vec<String>,
    /// Rows, each cell in column order.
    pub rows: Vec<Vec<Cell>>,
    /// Seeds the order of tied rows: each query gets another.
    pub seed: u64,
    /// When false, tied rows keep the table's order (a server that happens to be
    /// consistent).
    pub shuffle: bool,
}

struct Parser<'a> {
    toks: &'a [Token],
    at: usize,
    /// The select list's aliases so far, each standing for its expression.
    aliases: Vec<(String, Expr)>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.toks.get(self.at)
    }

    fn word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Token::Word(x)) if x.eq_ignore_ascii_case(w))
    }

    fn eat(&mut self, w: &str) -> bool {
        let yes = self.word(w);
        if yes {
            self.at += 1;
        }
        yes
    }

    fn expect(&mut self, w: &str) {
        assert!(self.eat(w), "expected {w} at {:?}", self.peek());
    }

    /// Skips a balanced `( … )`, the opening one at the cursor.
    fn skip_parens(&mut self) {
        let mut depth = 0;
        loop {
            match self.peek() {
                Some(Token::Word(w)) if w == "(" => depth += 1,
                Some(Token::Word(w)) if w == ")" => depth -= 1,
                None => panic!("unbalanced"),
                _ => {}
            }
            self.at += 1;
            if depth == 0 {
                return;
            }
        }
    }
}

/// An expression over a row (a condition is one: 1, 0 or `NULL`).
#[derive(Clone, Debug)]
enum Expr {
    Col(usize),
    Lit(Cell),
    Call(String, Vec<Expr>),
    /// A scalar subquery: only ever a bound that holds.
    Sub,
    Cmp(Box<Expr>, String, Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    /// `a IN (b, c)`.
    In(Box<Expr>, Vec<Expr>),
    /// `a GLOBAL IN (SELECT …)`: the subquery's rows.
    InSet(Box<Expr>, std::collections::BTreeSet<Vec<Cell>>),
    /// `(a, b)`: only ever a side of `IN`.
    Tuple(Vec<Expr>),
}

/// `pattern` of `ILIKE` as a regular expression: `%` any text, `_` any one
/// character, `\` taking the next character as itself; ignoring case.
fn ilike(pattern: &str) -> regex::Regex {
    let mut re = String::from("(?is)^");
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '%' => re.push_str(".*"),
            '_' => re.push('.'),
            '\\' => re.push_str(&regex::escape(
                &chars.next().map(String::from).unwrap_or_default(),
            )),
            c => re.push_str(&regex::escape(&c.to_string())),
        }
    }
    re.push('$');
    regex::Regex::new(&re).unwrap()
}

/// `re` as RE2 reads it (its `\\b` knows ASCII words only), compiled once.
fn re2(re: &str) -> regex::Regex {
    thread_local! {
        static SEEN: std::cell::RefCell<std::collections::HashMap<String, regex::Regex>> =
            Default::default();
    }
    SEEN.with(|seen| {
        seen.borrow_mut()
            .entry(re.to_string())
            .or_insert_with(|| {
                regex::Regex::new(&re.replace("\\b", "(?-u:\\b)").replace("\\B", "(?-u:\\B)"))
                    .unwrap_or_else(|e| panic!("{re}: {e}"))
            })
            .clone()
    })
}

impl Table {
    fn col(&self, name: &str) -> usize {
        self.names
            .iter()
            .position(|n| n == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    }

    /// A whole expression: `OR` of `AND`s of (maybe negated) comparisons.
    fn expr(&self, p: &mut Parser) -> Expr {
        let mut ors = vec![self.and(p)];
        while p.eat("OR") {
            ors.push(self.and(p));
        }
        if ors.len() == 1 {
            ors.pop().unwrap()
        } else {
            Expr::Or(ors)
        }
    }

    fn and(&self, p: &mut Parser) -> Expr {
        let mut ands = vec![self.not(p)];
        while p.eat("AND") {
            ands.push(self.not(p));
        }
        if ands.len() == 1 {
            ands.pop().unwrap()
        } else {
            Expr::And(ands)
        }
    }

    fn not(&self, p: &mut Parser) -> Expr {
        if p.eat("NOT") {
            return Expr::Not(Box::new(self.not(p)));
        }
        let left = self.primary(p);
        let op: String = match p.peek().cloned() {
            Some(Token::Word(w)) if ["<", ">", "="].contains(&w.as_str()) => {
                p.at += 1;
                let mut op = w;
                if p.eat("=") {
                    op.push('=');
                }
                op
            }
            Some(Token::Word(w)) if w == "ILIKE" => {
                p.at += 1;
                w
            }
            Some(Token::Word(w)) if w == "IN" => {
                p.at += 1;
                return self.in_list(p, left);
            }
            Some(Token::Word(w))
                if w == "GLOBAL"
                    && matches!(p.toks.get(p.at + 1), Some(Token::Word(i)) if i == "IN") =>
            {
                p.at += 2;
                return self.in_list(p, left);
            }
            Some(Token::Word(w))
                if w == "NOT"
                    && matches!(p.toks.get(p.at + 1), Some(Token::Word(i)) if i == "IN") =>
            {
                p.at += 2;
                return Expr::Not(Box::new(self.in_list(p, left)));
            }
            _ => return left,
        };
        let right = self.primary(p);
        Expr::Cmp(Box::new(left), op, Box::new(right))
    }

    /// `left IN (…)`, the cursor at the list's `(`: values, or a subquery.
    fn in_list(&self, p: &mut Parser, left: Expr) -> Expr {
        p.expect("(");
        if p.word("SELECT") {
            let mut sub = Parser {
                toks: p.toks,
                at: p.at,
                aliases: Vec::new(),
            };
            let (_, rows, _) = self.run(&mut sub, None);
            p.at = sub.at;
            p.expect(")");
            return Expr::InSet(Box::new(left), rows.into_iter().collect());
        }
        let mut list = Vec::new();
        while !p.eat(")") {
            list.push(self.primary(p));
            p.eat(",");
        }
        Expr::In(Box::new(left), list)
    }

    fn primary(&self, p: &mut Parser) -> Expr {
        let tok = p.peek().cloned().expect("an expression");
        p.at += 1;
        match tok {
            Token::Ident(name) if !self.names.contains(&name) => p
                .aliases
                .iter()
                .find(|(a, _)| *a == name)
                .map(|(_, e)| e.clone())
                .unwrap_or_else(|| panic!("no column or alias {name}")),
            Token::Ident(name) => Expr::Col(self.col(&name)),
            Token::Str(s) => Expr::Lit(Cell::Str(s)),
            Token::Word(w) if w == "(" => {
                if p.word("SELECT") {
                    p.at -= 1;
                    p.skip_parens();
                    Expr::Sub
                } else {
                    let mut es = vec![self.expr(p)];
                    while p.eat(",") {
                        es.push(self.expr(p));
                    }
                    p.expect(")");
                    match es.len() {
                        1 => es.pop().unwrap(),
                        _ => Expr::Tuple(es),
                    }
                }
            }
            Token::Word(w) if w.chars().all(|c| c.is_ascii_digit()) => {
                Expr::Lit(Cell::Int(w.parse().unwrap()))
            }
            Token::Word(w) if w.starts_with(|c: char| c.is_ascii_digit()) => {
                Expr::Lit(Cell::Float(F64(w.parse().unwrap())))
            }
            Token::Word(w) if w == "NULL" => Expr::Lit(Cell::Null),
            Token::Word(f) => {
                p.expect("(");
                let mut args = Vec::new();
                while !p.eat(")") {
                    args.push(self.expr(p));
                    p.eat(",");
                }
                Expr::Call(f, args)
            }
            t => panic!("unexpected {t:?}"),
        }
    }

    fn eval(&self, e: &Expr, row: &[Cell]) -> Cell {
        match e {
            Expr::Col(i) => row[*i].clone(),
            Expr::Lit(c) => c.clone(),
            Expr::Sub => Cell::Int(0),
            // SQL's three values: false wins an AND, true an OR, else unknown.
            Expr::And(xs) => {
                let v: Vec<Cell> = xs.iter().map(|x| self.eval(x, row)).collect();
                match v.contains(&Cell::Int(0)) {
                    true => Cell::Int(0),
                    false if v.contains(&Cell::Null) => Cell::Null,
                    false => Cell::Int(1),
                }
            }
            Expr::Or(xs) => {
                let v: Vec<Cell> = xs.iter().map(|x| self.eval(x, row)).collect();
                match v.iter().any(|c| c.truthy()) {
                    true => Cell::Int(1),
                    false if v.contains(&Cell::Null) => Cell::Null,
                    false => Cell::Int(0),
                }
            }
            Expr::Not(x) => match self.eval(x, row) {
                Cell::Null => Cell::Null,
                c => Cell::bool(!c.truthy()),
            },
            Expr::In(a, list) => match self.cells(a, row) {
                a if a.contains(&Cell::Null) => Cell::Null,
                a => Cell::bool(list.iter().any(|x| self.cells(x, row) == a)),
            },
            Expr::InSet(a, set) => match self.cells(a, row) {
                a if a.contains(&Cell::Null) => Cell::Null,
                a => Cell::bool(set.contains(&a)),
            },
            Expr::Tuple(_) => panic!("a tuple outside IN"),
            Expr::Cmp(a, op, b) => {
                if matches!(**a, Expr::Sub) || matches!(**b, Expr::Sub) {
                    return Cell::Int(1);
                }
                let (a, b) = (self.eval(a, row), self.eval(b, row));
                if a == Cell::Null || b == Cell::Null {
                    return Cell::Null;
                }
                if op == "ILIKE" {
                    return match (&a, &b) {
                        (Cell::Str(h), Cell::Str(pat)) => Cell::bool(ilike(pat).is_match(h)),
                        _ => panic!("{a:?} ILIKE {b:?}"),
                    };
                }
                let o = match (&a, &b) {
                    (Cell::Time(x), Cell::Time(y)) => x.cmp(y),
                    (Cell::Str(x), Cell::Str(y)) => x.as_bytes().cmp(y.as_bytes()),
                    (Cell::Int(x), Cell::Int(y)) => x.cmp(y),
                    (x, y) => match (x.number(), y.number()) {
                        (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
                        _ => panic!("comparing {a:?} with {b:?}"),
                    },
                };
                Cell::bool(match op.as_str() {
                    "=" => o == Ordering::Equal,
                    "<" => o == Ordering::Less,
                    ">" => o == Ordering::Greater,
                    "<=" => o != Ordering::Greater,
                    ">=" => o != Ordering::Less,
                    op => panic!("{op}"),
                })
            }
            Expr::Call(f, args) => {
                let a: Vec<Cell> = args.iter().map(|x| self.eval(x, row)).collect();
                match (f.as_str(), a.as_slice()) {
                    ("ifNull", [Cell::Null, b]) => b.clone(),
                    ("ifNull", [a, _]) => a.clone(),
                    ("isNull", [c]) => Cell::bool(*c == Cell::Null),
                    ("isNotNull", [c]) => Cell::bool(*c != Cell::Null),
                    ("assumeNotNull", [c]) => c.clone(),
                    ("if", [c, a, b]) => match c.truthy() {
                        true => a.clone(),
                        false => b.clone(),
                    },
                    // Pairs of condition and value, then the value otherwise; an
                    // unknown condition does not hold.
                    ("multiIf", a) => a
                        .chunks(2)
                        .find(|pair| pair.len() == 1 || pair[0].truthy())
                        .map(|pair| pair[pair.len() - 1].clone())
                        .expect("an else value"),
                    // Functions of text are `NULL` on `NULL`.
                    (_, a) if a.contains(&Cell::Null) => Cell::Null,
                    ("toUInt32", [Cell::Time(t)]) => Cell::Int(*t as u64),
                    // Arithmetic on the unsigned integers the bucket keys use.
                    ("intDiv", [Cell::Int(a), Cell::Int(b)]) => Cell::Int(a / b),
                    ("multiply", [Cell::Int(a), Cell::Int(b)]) => Cell::Int(a * b),
                    ("plus", [Cell::Int(a), Cell::Int(b)]) => Cell::Int(a + b),
                    ("minus", [Cell::Int(a), Cell::Int(b)]) => Cell::Int(a - b),
                    ("toDateTime", [Cell::Int(n)]) => Cell::Time(*n as i64),
                    ("toDateTime", [Cell::Str(s)]) => Cell::Time(
                        crate::core::time::parse::parse_timestamp(s, crate::core::time::Zone::Utc)
                            .expect("a time")
                            / 1000,
                    ),
                    ("toFloat64", [Cell::Str(s)]) => {
                        Cell::Float(F64(s.parse().expect("a number: the server would refuse")))
                    }
                    ("toFloat64", [c]) => Cell::Float(F64(c.number().expect("a number"))),
                    // The whole text as a float, else NULL.
                    ("toFloat64OrNull", [Cell::Str(s)]) => {
                        s.parse().map_or(Cell::Null, |f| Cell::Float(F64(f)))
                    }
                    ("toString", [c]) => Cell::Str(match c {
                        Cell::Int(n) => n.to_string(),
                        // A whole float without its `.0`, as ClickHouse writes it.
                        Cell::Float(F64(f)) => f.to_string(),
                        Cell::Str(s) => s.clone(),
                        t => self.text(t),
                    }),
                    ("lowerUTF8", [Cell::Str(s)]) => Cell::Str(s.to_lowercase()),
                    // ASCII letters only, as ClickHouse's `lower`.
                    ("lower", [Cell::Str(s)]) => Cell::Str(s.to_ascii_lowercase()),
                    ("concat", a) => Cell::Str(a.iter().map(|c| self.text(c)).collect()),
                    ("positionCaseInsensitiveUTF8", [Cell::Str(h), Cell::Str(n)]) => {
                        let h = h.to_lowercase();
                        Cell::Int(
                            h.find(&n.to_lowercase())
                                .map_or(0, |i| h[..i].chars().count() as u64 + 1),
                        )
                    }
                    ("match", [Cell::Str(h), Cell::Str(re)]) => Cell::bool(re2(re).is_match(h)),
                    ("replaceRegexpAll", [Cell::Str(h), Cell::Str(re), Cell::Str(with)]) => {
                        let with = with.replace("\\1", "${1}").replace("\\2", "${2}");
                        Cell::Str(re2(re).replace_all(h, with.as_str()).into_owned())
                    }
                    (f, a) => panic!("{f}{a:?} not known here"),
                }
            }
        }
    }

    /// The values of `e`: a tuple's each, else its one.
    fn cells(&self, e: &Expr, row: &[Cell]) -> Vec<Cell> {
        match e {
            Expr::Tuple(xs) => xs.iter().map(|x| self.eval(x, row)).collect(),
            e => vec![self.eval(e, row)],
        }
    }

    fn text(&self, c: &Cell) -> String {
        if let Cell::Int(n) = c {
            return n.to_string();
        }
        match c.json() {
            Value::String(s) => s,
            v => v.to_string(),
        }
    }

    fn holds(&self, c: &Expr, row: &[Cell]) -> bool {
        self.eval(c, row).truthy()
    }

    /// Answers `sql` as the server would.
    /// The answer to query `q`, its parameters inlined as the server reads them.
    pub(crate) fn answer_query(&mut self, q: &super::query::Query) -> Compact {
        let mut text = q.sql.text.clone();
        for (name, v) in &q.sql.params {
            text = text.replace(&format!("{{{name}:String}}"), &super::sql::string(v));
        }
        self.answer(&text)
    }

    pub(crate) fn answer(&mut self, sql: &str) -> Compact {
        let toks = lex(sql);
        let mut p = Parser {
            toks: &toks,
            at: 0,
            aliases: Vec::new(),
        };
        // Another order of ties for each query.
        let seed = self.shuffle.then(|| {
            self.seed = self
                .seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            self.seed
        });
        let (select, rows, grouped) = self.run(&mut p, seed);
        p.expect("FORMAT");
        let meta: Vec<Value> = select
            .iter()
            .map(|(n, _)| json!({"name": n, "type": "String"}))
            .collect();
        let data: Vec<Value> = rows
            .iter()
            .map(|r| {
                Value::Array(
                    select
                        .iter()
                        .zip(r)
                        .map(|((_, e), c)| match c {
                            Cell::Int(n) if !grouped && matches!(e, Expr::Call(..)) => json!(n),
                            c => c.json(),
                        })
                        .collect(),
                )
            })
            .collect();
        Compact::parse(json!({"meta": meta, "data": data}).to_string().as_bytes()).unwrap()
    }

    /// Runs the `SELECT` at the cursor up to its end (`FORMAT`, or the `)` closing
    /// a subquery): its select list, its rows, and whether it aggregated. With a
    /// `seed`, tied rows come in an order of its own.
    fn run(
        &self,
        p: &mut Parser,
        seed: Option<u64>,
    ) -> (Vec<(String, Expr)>, Vec<Vec<Cell>>, bool) {
        p.expect("SELECT");
        let mut select = Vec::new();
        loop {
            let e = self.expr(p);
            let name = if p.eat("AS") {
                match p.peek().cloned() {
                    Some(Token::Ident(n)) => {
                        p.at += 1;
                        n
                    }
                    t => panic!("alias {t:?}"),
                }
            } else {
                format!("{e:?}")
            };
            p.aliases.push((name.clone(), e.clone()));
            select.push((name, e));
            if !p.eat(",") {
                break;
            }
        }
        p.expect("FROM");
        p.at += 1;
        if p.eat(".") {
            p.at += 1;
        }
        if p.eat("PREWHERE") {
            // `(keys) GLOBAL IN (subquery)`: it only narrows what is read.
            p.skip_parens();
            p.expect("GLOBAL");
            p.expect("IN");
            p.skip_parens();
        }
        let cond = p.eat("WHERE").then(|| self.expr(p));
        let mut group = Vec::new();
        if p.eat("GROUP") {
            p.expect("BY");
            loop {
                group.push(self.expr(p));
                if !p.eat(",") {
                    break;
                }
            }
        }
        let having = p.eat("HAVING").then(|| self.expr(p));
        let mut order = Vec::new();
        if p.eat("ORDER") {
            p.expect("BY");
            loop {
                let e = self.expr(p);
                let desc = p.eat("DESC");
                p.eat("ASC");
                order.push((e, desc));
                if !p.eat(",") {
                    break;
                }
            }
        }
        let num = |p: &mut Parser| match p.peek().cloned() {
            Some(Token::Word(n)) => {
                p.at += 1;
                n.parse::<usize>().unwrap()
            }
            t => panic!("a number, not {t:?}"),
        };
        let limit = if p.eat("LIMIT") { num(p) } else { usize::MAX };
        let offset = if p.eat("OFFSET") { num(p) } else { 0 };
        let mut rows: Vec<Vec<Cell>> = self
            .rows
            .iter()
            .filter(|r| cond.as_ref().is_none_or(|c| self.holds(c, r)))
            .cloned()
            .collect();
        if let Some(mut s) = seed {
            for i in (1..rows.len()).rev() {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                rows.swap(i, (s % (i as u64 + 1)) as usize);
            }
        }
        if !group.is_empty() || select.iter().any(|(_, e)| aggregates(e)) {
            let data = self.aggregate(rows, &group, having.as_ref(), &select, &order);
            let data = data.into_iter().skip(offset).take(limit).collect();
            return (select, data, true);
        }
        rows.sort_by(|a, b| {
            order
                .iter()
                .map(|(e, desc)| {
                    let o = self.eval(e, a).cmp(&self.eval(e, b));
                    if *desc { o.reverse() } else { o }
                })
                .find(|o| o.is_ne())
                .unwrap_or(Ordering::Equal)
        });
        let data = rows
            .iter()
            .skip(offset)
            .take(limit)
            .map(|r| select.iter().map(|(_, e)| self.eval(e, r)).collect())
            .collect();
        (select, data, false)
    }

    /// The groups of `rows` by `group` (one group of all rows without), those
    /// `having` keeps, ordered by `order`, as rows of `select`.
    fn aggregate(
        &self,
        rows: Vec<Vec<Cell>>,
        group: &[Expr],
        having: Option<&Expr>,
        select: &[(String, Expr)],
        order: &[(Expr, bool)],
    ) -> Vec<Vec<Cell>> {
        let mut groups: std::collections::BTreeMap<Vec<Cell>, Vec<Vec<Cell>>> = Default::default();
        for r in rows {
            let key = group.iter().map(|g| self.eval(g, &r)).collect();
            groups.entry(key).or_default().push(r);
        }
        if group.is_empty() && groups.is_empty() {
            groups.insert(Vec::new(), Vec::new());
        }
        let blank = vec![Cell::Null; self.names.len()];
        let mut out: Vec<(Vec<Cell>, Vec<Cell>)> = Vec::new();
        for rs in groups.values() {
            let first = rs.first().unwrap_or(&blank);
            let at = |e: &Expr| self.eval(&self.fold(e, rs), first);
            if having.is_some_and(|h| !at(h).truthy()) {
                continue;
            }
            out.push((
                order.iter().map(|(e, _)| at(e)).collect(),
                select.iter().map(|(_, e)| at(e)).collect(),
            ));
        }
        out.sort_by(|a, b| {
            order
                .iter()
                .zip(a.0.iter().zip(&b.0))
                .map(|((_, desc), (x, y))| if *desc { y.cmp(x) } else { x.cmp(y) })
                .find(|o| o.is_ne())
                .unwrap_or(Ordering::Equal)
        });
        out.into_iter().map(|(_, cells)| cells).collect()
    }

    /// `e` with each aggregate over `rows` replaced by its value.
    fn fold(&self, e: &Expr, rows: &[Vec<Cell>]) -> Expr {
        let f = |x: &Expr| self.fold(x, rows);
        match e {
            Expr::Call(name, args) if name == "count" && args.is_empty() => {
                Expr::Lit(Cell::Int(rows.len() as u64))
            }
            Expr::Call(name, args) if name == "countIf" && args.len() == 1 => Expr::Lit(Cell::Int(
                rows.iter().filter(|r| self.holds(&args[0], r)).count() as u64,
            )),
            // Over the values that are not `NULL`: `min` and `max` are `NULL` without.
            Expr::Call(name, args)
                if args.len() == 1 && ["uniqExact", "min", "max"].contains(&name.as_str()) =>
            {
                let mut vs: Vec<Cell> = rows
                    .iter()
                    .map(|r| self.eval(&args[0], r))
                    .filter(|c| *c != Cell::Null)
                    .collect();
                vs.sort();
                vs.dedup();
                Expr::Lit(match name.as_str() {
                    "uniqExact" => Cell::Int(vs.len() as u64),
                    "min" => vs.first().cloned().unwrap_or(Cell::Null),
                    _ => vs.pop().unwrap_or(Cell::Null),
                })
            }
            Expr::Call(name, args) => Expr::Call(name.clone(), args.iter().map(f).collect()),
            Expr::Tuple(xs) => Expr::Tuple(xs.iter().map(f).collect()),
            Expr::Cmp(a, op, b) => Expr::Cmp(Box::new(f(a)), op.clone(), Box::new(f(b))),
            Expr::And(xs) => Expr::And(xs.iter().map(f).collect()),
            Expr::Or(xs) => Expr::Or(xs.iter().map(f).collect()),
            Expr::Not(x) => Expr::Not(Box::new(f(x))),
            Expr::In(a, xs) => Expr::In(Box::new(f(a)), xs.iter().map(f).collect()),
            e => e.clone(),
        }
    }
}

/// True if `e` holds an aggregate function.
fn aggregates(e: &Expr) -> bool {
    match e {
        Expr::Call(name, args) => {
            ["count", "countIf", "uniqExact", "min", "max"].contains(&name.as_str())
                || args.iter().any(aggregates)
        }
        Expr::Cmp(a, _, b) => aggregates(a) || aggregates(b),
        Expr::And(xs) | Expr::Or(xs) => xs.iter().any(aggregates),
        Expr::Not(x) => aggregates(x),
        Expr::In(a, xs) => aggregates(a) || xs.iter().any(aggregates),
        Expr::Tuple(xs) => xs.iter().any(aggregates),
        _ => false,
    }
}
