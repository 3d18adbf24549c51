//! First seen on ClickHouse: the same rows as memory
//! ([`crate::core::explain::first_seen`]), as a condition per reason:
//!
//! `(a, c, t) GLOBAL IN (SELECT a, c, min(t) FROM <table> WHERE <none NULL>
//! GROUP BY a, c)` for actor `a`, the reason's column `c` and the time `t`, both
//! read as text, masked as the server compares them. The subquery reads the
//! whole table (first within the log, not the view); `GLOBAL` so that a
//! Distributed table builds the set once. A nullable column is tested with
//! `isNotNull` and read with `assumeNotNull`, so the tuples hold no `NULL`.
//!
//! A reason whose column the table lacks matches nothing, as in memory; one read
//! from a field that is no column of the table (inside a JSON column), or from a
//! masked column, is refused with the reason. `first:` ORs the reasons it names;
//! the facet counts each condition (`first_facet`).

use crate::core::engine::clickhouse::columns::Columns;
use crate::core::engine::clickhouse::sql::{Sql, ident};
use crate::core::explain::first_seen::Reason;
use crate::core::roles::Role;

/// Each reason's condition the table can read: `None` when nothing can be first
/// seen in it (no actor, time or reason's column); `Err` when a column it reads is
/// no column of the table or is masked.
pub(crate) fn first_exprs(t: &dyn Columns) -> Result<Option<Vec<(Reason, String)>>, String> {
    let (Some(actor), Some(time)) = (column(t, &[Role::Actor])?, column(t, &[Role::Time])?) else {
        return Ok(None);
    };
    let mut out = Vec::new();
    for r in Reason::ALL {
        if let Some(c) = column(t, r.roles())? {
            out.push((r, condition(t, actor, c, time)));
        }
    }
    Ok((!out.is_empty()).then_some(out))
}

/// The column of the first of `roles` the log has (as memory picks it).
fn column(t: &dyn Columns, roles: &[Role]) -> Result<Option<usize>, String> {
    let s = t.schema();
    for &role in roles {
        if let Some(&(_, i)) = s.roles.iter().find(|(r, _)| *r == role) {
            if t.hides(i) {
                return Err(format!(
                    "not applied: first seen reads the {}, and the values of {} are masked",
                    role.label().to_lowercase(),
                    s.columns[i].name
                ));
            }
            return Ok(Some(i));
        }
        if let Some((_, path)) = s.elsewhere.iter().find(|(r, _)| *r == role) {
            return Err(format!(
                "not applied: first seen reads the {}, {path}, which is no column of the table",
                role.label().to_lowercase()
            ));
        }
    }
    Ok(None)
}

/// The condition: the row's (actor, value, time) is its pair's earliest.
fn condition(t: &dyn Columns, actor: usize, col: usize, time: usize) -> String {
    let s = t.schema();
    let cols = [actor, col, time];
    let nullable: Vec<String> = cols
        .iter()
        .filter(|&&i| s.columns[i].nullable)
        .map(|&i| format!("isNotNull({})", ident(&s.columns[i].name)))
        .collect();
    let read = |i: usize, e: String| match s.columns[i].nullable {
        true => format!("assumeNotNull({e})"),
        false => e,
    };
    let (a, c) = (read(actor, t.text(actor)), read(col, t.text(col)));
    let tm = read(time, ident(&s.columns[time].name));
    let within = match nullable.is_empty() {
        true => String::new(),
        false => format!(" WHERE {}", nullable.join(" AND ")),
    };
    let test = format!(
        "({a}, {c}, {tm}) GLOBAL IN (SELECT {a}, {c}, min({tm}) FROM {}{within} GROUP BY {a}, {c})",
        t.table_sql()
    );
    match nullable.is_empty() {
        true => format!("({test})"),
        false => format!("({} AND {test})", nullable.join(" AND ")),
    }
}

/// `first:` as a condition: `reasons` are those it names (`None`: any, `first:*`).
pub(crate) fn push_first_test(
    t: &dyn Columns,
    q: &mut Sql,
    reasons: Option<&[Reason]>,
) -> Result<(), String> {
    let exprs = first_exprs(t)?.unwrap_or_default();
    let named: Vec<&str> = exprs
        .iter()
        .filter(|(r, _)| reasons.is_none_or(|rs| rs.contains(r)))
        .map(|(_, e)| e.as_str())
        .collect();
    match named.is_empty() {
        true => q.push("0"),
        false => q.push(&format!("({})", named.join(" OR "))),
    };
    Ok(())
}
