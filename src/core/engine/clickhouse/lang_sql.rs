//! The search box's query ([`crate::core::query::lang`]) as a ClickHouse condition,
//! keeping the rows the in-memory evaluator keeps.
//!
//! A word or a phrase is today's search ([`Columns::push_search`]); `field:value`
//! is the column filter's comparison on the field's column ([`Columns::push_match`]:
//! the same escaping, masking and server versions); `field:*` is not `NULL`;
//! `>` and the like compare a number column numerically, a text column where its
//! value is written as a number, and the time column in whole seconds. A role reads
//! the column playing it (the app role both app columns). `kind:` and `first:` are
//! their expressions (`kind_sql`, `first_sql`). `NOT` keeps what its
//! operand does not keep, a `NULL` included (`NOT ifNull(…, 0)`), as in memory.
//!
//! A test the server cannot run as memory would (a field inside a JSON column, a
//! masked column, a time compared on a column that holds none) is an error with
//! the reason; the planner then leaves that top-level clause out and reports it.

pub(crate) use crate::core::engine::clickhouse::columns::Columns;
use crate::core::engine::clickhouse::first_sql::push_first_test;
use crate::core::engine::clickhouse::kind_sql::push_kind_test;
use crate::core::engine::clickhouse::schema::{Kind, Schema};
use crate::core::engine::clickhouse::sql::{Sql, ident};
use crate::core::kind::Overrides;
use crate::core::query::filter::Matcher;
use crate::core::query::lang::eval::{kinds_matching, reasons_matching};
use crate::core::query::lang::{Bound, Cmp, Expr, Field, FieldTest, Fields, Test};
use crate::core::roles::Role;
use crate::core::store::dict::lower;
use crate::core::time::{EpochMs, Zone, parse_timestamp};

/// A key path is a field of the table when a column (not the raw one) is at it, or
/// the sample of rows held it (a field inside a JSON column).
impl Fields for Schema {
    fn has_path(&self, path: &str) -> bool {
        self.column(path).is_some_and(|i| Some(i) != self.raw)
            || self.paths.iter().any(|p| p == path)
    }
}

/// What a condition reads besides the table: the zone of times in the query and
/// the deployment's kinds.
pub(crate) struct Env<'a> {
    /// The view's zone.
    pub zone: Zone,
    /// The deployment's kinds for particular actions.
    pub kinds: &'a Overrides,
}

/// Writes `x` as a condition; `Err(reason)` when some test in it cannot be run as
/// memory runs it (`q` is then left half written: the caller drops it).
pub(crate) fn push_expr(t: &dyn Columns, q: &mut Sql, x: &Expr, env: &Env) -> Result<(), String> {
    match x {
        // Memory keeps every row for an empty needle.
        Expr::Word(w) | Expr::Phrase(w) if lower(w.trim()).is_empty() => {
            q.push("1");
        }
        Expr::Word(w) | Expr::Phrase(w) => t.push_search(q, w),
        Expr::Field(f) => push_test(t, q, f, env)?,
        Expr::Not(inner) => {
            // A NULL inside must not make the negation NULL: memory keeps that row.
            q.push("NOT ifNull(");
            push_expr(t, q, inner, env)?;
            q.push(", 0)");
        }
        Expr::And(xs) | Expr::Or(xs) => {
            let sep = if matches!(x, Expr::And(_)) {
                " AND "
            } else {
                " OR "
            };
            q.push("(");
            for (n, x) in xs.iter().enumerate() {
                if n > 0 {
                    q.push(sep);
                }
                push_expr(t, q, x, env)?;
            }
            q.push(")");
        }
    }
    Ok(())
}

/// The columns field `f` reads: none when the table has no such field at all (it
/// then matches nothing, as in memory).
fn columns(s: &Schema, f: &Field) -> Result<Vec<usize>, String> {
    let roles = |r: Role| {
        s.roles
            .iter()
            .filter(move |&&(x, _)| x == r)
            .map(|&(_, i)| i)
    };
    match f {
        Field::Path(p) => match s.column(p).filter(|&i| Some(i) != s.raw) {
            Some(i) => Ok(vec![i]),
            None => Err(format!("not applied: the table has no column {p}")),
        },
        Field::Kind | Field::First => Ok(Vec::new()),
        Field::Role(r, name) => {
            let wanted: &[Role] = match r {
                Role::App => &[Role::App, Role::AppId],
                r => std::slice::from_ref(r),
            };
            let cols: Vec<usize> = wanted.iter().flat_map(|&r| roles(r)).collect();
            let elsewhere = s.elsewhere.iter().find(|(x, _)| wanted.contains(x));
            match (cols.is_empty(), elsewhere) {
                (true, Some((_, path))) => Err(format!(
                    "not applied: {name} is {path}, which is no column of the table"
                )),
                _ => Ok(cols),
            }
        }
    }
}

fn push_test(t: &dyn Columns, q: &mut Sql, f: &FieldTest, env: &Env) -> Result<(), String> {
    let zone = env.zone;
    if f.field == Field::Kind {
        let kinds = match &f.test {
            Test::Present => None,
            Test::Match(op, v) => Some(kinds_matching(*op, v)),
            Test::Compare(..) => Some(Vec::new()),
        };
        return push_kind_test(t, q, env.kinds, kinds.as_deref());
    }
    if f.field == Field::First {
        let reasons = match &f.test {
            Test::Present => None,
            Test::Match(op, v) => Some(reasons_matching(*op, v)),
            Test::Compare(..) => Some(Vec::new()),
        };
        return push_first_test(t, q, reasons.as_deref());
    }
    let s = t.schema();
    let cols = columns(s, &f.field)?;
    if let Some(&i) = cols.iter().find(|&&i| t.hides(i)) {
        let name = &s.columns[i].name;
        return Err(format!("not applied: the values of {name} are masked"));
    }
    if cols.is_empty() {
        q.push("0");
        return Ok(());
    }
    let time = s
        .roles
        .iter()
        .find(|(r, _)| *r == Role::Time)
        .map(|&(_, i)| i);
    // The time role's column: compared as the entries' event times.
    if let Test::Compare(c, b) = &f.test
        && cols.iter().all(|&i| Some(i) == time)
    {
        return push_time(q, s, cols[0], *c, parse_timestamp(&b.text, zone));
    }
    q.push("(");
    for (n, &i) in cols.iter().enumerate() {
        if n > 0 {
            q.push(" OR ");
        }
        let c = &s.columns[i];
        match &f.test {
            Test::Present => {
                // Memory: a value that is not `null` (an empty text is one).
                q.push(&match c.nullable {
                    true => format!("isNotNull({})", ident(&c.name)),
                    false => "1".into(),
                });
            }
            Test::Match(op, v) => {
                let m = Matcher {
                    op: *op,
                    needle: lower(v),
                    negate: false,
                };
                t.push_match(q, i, &m);
            }
            Test::Compare(cmp, b) => push_compare(t, q, s, i, *cmp, b, zone)?,
        }
    }
    q.push(")");
    Ok(())
}

/// Column `i` compared with a number or a time, as memory compares its values.
fn push_compare(
    t: &dyn Columns,
    q: &mut Sql,
    s: &Schema,
    i: usize,
    cmp: Cmp,
    b: &Bound,
    zone: Zone,
) -> Result<(), String> {
    let c = &s.columns[i];
    let op = cmp.symbol();
    match (b.number, c.kind) {
        (Some(n), Kind::Number) => {
            q.push(&format!("{} {op} toFloat64(", ident(&c.name)))
                .value(&n.to_string())
                .push(")");
        }
        // A text written as a number (memory's `number`: no spaces around it).
        (Some(n), Kind::Text) => {
            let e = t.text(i);
            q.push(&format!("(match({e}, "))
                .value(NUMBER)
                .push(&format!(") AND toFloat64OrNull({e}) {op} toFloat64("));
            q.value(&n.to_string()).push("))");
        }
        // A time's text is no number to memory either.
        (Some(_), Kind::Time | Kind::Date) => {
            q.push("0");
        }
        (None, Kind::Time) => push_time(q, s, i, cmp, parse_timestamp(&b.text, zone))?,
        (Some(_), _) => {
            return Err(format!("not applied: {} holds no numbers", c.name));
        }
        (None, _) => {
            return Err(format!(
                "not applied: {} is compared with a time only on a DateTime column",
                c.name
            ));
        }
    }
    Ok(())
}

/// What memory reads as a number: a sign, digit or dot first, then only those and
/// exponents (an RE2 pattern; the text must then read as a float).
const NUMBER: &str = "^[-+.0-9][-+.0-9eE]*$";

/// `DateTime` column `i` against instant `bound`: whole seconds `s` compare with
/// milliseconds as `s * 1000` does, so `>` and `<=` take the second the bound falls
/// in and `>=` and `<` the next one unless the bound is on a second.
fn push_time(
    q: &mut Sql,
    s: &Schema,
    i: usize,
    c: Cmp,
    bound: Option<EpochMs>,
) -> Result<(), String> {
    let col = &s.columns[i];
    if col.kind != Kind::Time {
        return Err(format!(
            "not applied: {} is compared with a time only on a DateTime column",
            col.name
        ));
    }
    let Some(ms) = bound else {
        // Memory keeps no row for a time it cannot read.
        q.push("0");
        return Ok(());
    };
    let floor = ms.div_euclid(1000);
    let ceil = floor + i64::from(ms.rem_euclid(1000) > 0);
    let (op, secs) = match c {
        Cmp::Gt => (">", floor),
        Cmp::Ge => (">=", ceil),
        Cmp::Lt => ("<", ceil),
        Cmp::Le => ("<=", floor),
    };
    let t = ident(&col.name);
    // A DateTime holds nothing before 1970: every time is after such a bound.
    match (secs < 0, matches!(c, Cmp::Gt | Cmp::Ge)) {
        (true, true) => q.push(&format!("isNotNull({t})")),
        (true, false) => q.push("0"),
        (false, _) => q.push(&format!("{t} {op} toDateTime(")).int(secs).push(")"),
    };
    Ok(())
}
