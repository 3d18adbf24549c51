//! A column's filter box as a clause of the query: what is typed under a header
//! (`acme`, `=x`, `log*`, `!…`) becomes `path:*acme*`, `path:x`, `path:log*` or
//! `NOT path:…` in the search box's text, and the box shows the last such clause on
//! its column. So a header box, a facet click and the search box edit one query,
//! one URL parameter (`q=`), and every clause shows as a removable chip.

use super::ast::{Expr, FieldTest, Query, Test};
use super::fields::{Field, Fields};
use super::parse::parse;
use crate::core::json::quote_into;
use crate::core::query::filter::{Op, typed};

/// The clause a column filter expression `expr` on the column reading `col` (a
/// path, or the Kind column's [`Field::Kind`]) stands for; `None` when it filters
/// nothing.
pub(crate) fn column_clause(col: &Field, expr: &str) -> Option<Expr> {
    let (op, value, negate) = typed(expr)?;
    let test = Expr::Field(FieldTest {
        field: col.clone(),
        test: Test::Match(op, value),
    });
    Some(match negate {
        true => Expr::Not(Box::new(test)),
        false => test,
    })
}

/// The column filter expression a clause on `col` reads as in its header box, when
/// it is one (`[NOT] col:value` with `=`, `*` or `*…*`).
fn expression(x: &Expr, col: &Field) -> Option<String> {
    let (negate, test) = match x {
        Expr::Not(inner) => (true, &**inner),
        x => (false, x),
    };
    let Expr::Field(FieldTest {
        field,
        test: Test::Match(op, v),
    }) = test
    else {
        return None;
    };
    if field != col {
        return None;
    }
    let mut out = String::from(if negate { "!" } else { "" });
    // Quoted when bare text would read otherwise: white space at an end, a leading
    // `!`, `=` or `"`, or a trailing `*`.
    let plain =
        !v.is_empty() && v.trim() == v && !v.starts_with(['!', '=', '"']) && !v.ends_with('*');
    match op {
        Op::Exact => out.push('='),
        Op::Contains | Op::Prefix => {}
    }
    match plain || (*op == Op::Exact && v.is_empty()) {
        true => out.push_str(v),
        false => quote_into(v, &mut out),
    }
    if *op == Op::Prefix {
        out.push('*');
    }
    // Only what reads back as this very clause is shown as the box's text.
    (column_clause(col, &out).as_ref() == Some(x)).then_some(out)
}

/// The index of the last top-level clause of `q` that `col`'s box shows.
fn owned(q: &Query, col: &Field) -> Option<(usize, String)> {
    let clauses = q.clauses();
    clauses
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, (x, _))| expression(x, col).map(|e| (i, e)))
}

/// What `col`'s header box shows for the query `q`: its last clause on the column
/// as a column filter expression, or "" when it has none.
pub(crate) fn box_text(q: &Query, col: &Field) -> String {
    owned(q, col).map(|(_, e)| e).unwrap_or_default()
}

/// True if `a` and `b`, typed in `col`'s box, filter alike (so a box need not be
/// rewritten while the admin types).
pub(crate) fn same_filter(col: &Field, a: &str, b: &str) -> bool {
    column_clause(col, a) == column_clause(col, b)
}

/// The search box's `text` with `col`'s clause set to what `expr` says: the last
/// clause the box shows is replaced (removed when `expr` filters nothing), else the
/// new clause is ANDed on. Text that is no query is kept whole, as a phrase.
pub(crate) fn set_column(text: &str, col: &Field, expr: &str, fields: &dyn Fields) -> String {
    let clause = column_clause(col, expr);
    let Ok(q) = parse(text.trim(), fields) else {
        return match clause {
            Some(c) => super::adding::with_clause(text, &c.to_string(), fields),
            None => text.to_string(),
        };
    };
    let mut list: Vec<Expr> = match q.root.clone() {
        None => Vec::new(),
        Some(Expr::And(xs)) => xs,
        Some(x) => vec![x],
    };
    match (owned(&q, col), clause) {
        (Some((i, _)), Some(c)) => list[i] = c,
        (Some((i, _)), None) => {
            list.remove(i);
        }
        (None, Some(c)) => list.push(c),
        (None, None) => return text.to_string(),
    }
    from_list(list)
}

/// The search box's `text` without its top-level clauses on any of `cols` (a link
/// to a view that hides them). Text that is no query is kept as it is.
pub(crate) fn without_columns(text: &str, cols: &[String]) -> String {
    let Ok(q) = parse(text.trim(), &|_: &str| true) else {
        return text.to_string();
    };
    let on_dropped = |x: &Expr| {
        let x = match x {
            Expr::Not(inner) => &**inner,
            x => x,
        };
        matches!(x, Expr::Field(FieldTest { field: Field::Path(p), .. }) if cols.contains(p))
    };
    let list: Vec<Expr> = match q.root.clone() {
        None => return text.to_string(),
        Some(Expr::And(xs)) => xs,
        Some(x) => vec![x],
    };
    if !list.iter().any(on_dropped) {
        return text.to_string();
    }
    from_list(list.into_iter().filter(|x| !on_dropped(x)).collect())
}

/// The search box's `text` with the column filters of an older link (`f.<col>=`)
/// ANDed on as clauses, in their order.
pub(crate) fn with_column_filters(text: &str, filters: &[(String, String)]) -> String {
    let any = &|_: &str| true;
    filters.iter().fold(text.to_string(), |t, (col, expr)| {
        match column_clause(&Field::Path(col.clone()), expr) {
            Some(c) => super::adding::with_clause(&t, &c.to_string(), any),
            None => t,
        }
    })
}

/// Clauses ANDed, as the canonical text.
fn from_list(mut list: Vec<Expr>) -> String {
    let root = match list.len() {
        0 => None,
        1 => list.pop(),
        _ => Some(Expr::And(list)),
    };
    Query { root }.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(p: &str) -> bool {
        ["type", "userEmail", "a\\.b", "x\\,y", "to[]"].contains(&p)
    }

    fn path(p: &str) -> Field {
        Field::Path(p.to_string())
    }

    fn set(text: &str, col: &str, expr: &str) -> String {
        set_column(text, &path(col), expr, &fields)
    }

    fn shown(text: &str, col: &str) -> String {
        box_text(&parse(text, &fields).unwrap(), &path(col))
    }

    #[test]
    fn each_kind_of_column_filter_becomes_its_clause() {
        assert_eq!(set("", "type", "email"), "type:*email*");
        assert_eq!(set("", "type", "=user.login"), "type:user.login");
        assert_eq!(set("", "type", "email.*"), "type:email.*");
        assert_eq!(set("", "type", "!user"), "NOT type:*user*");
        assert_eq!(set("", "type", "!=x"), "NOT type:x");
        assert_eq!(set("", "type", "= two words"), "type:\" two words\"");
        assert_eq!(set("", "type", "="), "type:\"\"");
        assert_eq!(set("", "type", "  "), "");
        assert_eq!(set("", "type", "!"), "");
    }

    #[test]
    fn the_box_edits_its_own_clause_and_keeps_the_rest() {
        let q = set("ada OR bob", "type", "mail");
        assert_eq!(q, "(ada OR bob) type:*mail*");
        let q = set(&q, "type", "maile");
        assert_eq!(q, "(ada OR bob) type:*maile*");
        let q = set(&q, "userEmail", "=a@b.c");
        assert_eq!(q, "(ada OR bob) type:*maile* userEmail:a@b.c");
        assert_eq!(set(&q, "type", ""), "(ada OR bob) userEmail:a@b.c");
        // Two clauses on one column: the box edits the last, the first stays a chip.
        let two = "-type:a -type:b";
        assert_eq!(shown(two, "type"), "!=b");
        assert_eq!(set(two, "type", "!=c"), "NOT type:a NOT type:c");
        // A clause the box cannot write (an OR, a comparison) is left alone.
        assert_eq!(shown("type:a OR type:b", "type"), "");
        assert_eq!(
            set("type:a OR type:b", "type", "c"),
            "(type:a OR type:b) type:*c*"
        );
        assert_eq!(shown("type>3", "type"), "");
    }

    #[test]
    fn what_the_box_shows_types_back_as_the_same_clause() {
        let values = [
            "x",
            " padded ",
            "!bang",
            "=eq",
            "\"q\"",
            "star*",
            "*lead",
            "a\\b",
            "tab\there",
            "two words",
            "ünï ✓",
            "",
        ];
        for col in ["type", "a\\.b", "x\\,y", "to[]"] {
            for v in values {
                for op in [Op::Exact, Op::Prefix, Op::Contains] {
                    if v.is_empty() && op != Op::Exact {
                        continue;
                    }
                    for negate in [false, true] {
                        let test = Expr::Field(FieldTest {
                            field: Field::Path(col.into()),
                            test: Test::Match(op, v.into()),
                        });
                        let x = if negate {
                            Expr::Not(Box::new(test))
                        } else {
                            test
                        };
                        let text = Query {
                            root: Some(x.clone()),
                        }
                        .to_string();
                        let q = parse(&text, &fields).unwrap();
                        assert_eq!(q.root.as_ref(), Some(&x), "{text}");
                        let typed = box_text(&q, &path(col));
                        assert_eq!(
                            column_clause(&path(col), &typed),
                            Some(x),
                            "{text} -> {typed}"
                        );
                        assert_eq!(set("", col, &typed), text);
                    }
                }
            }
        }
    }

    #[test]
    fn older_links_column_filters_become_clauses_and_links_drop_hidden_columns() {
        let f = |c: &str, e: &str| (c.to_string(), e.to_string());
        let q = with_column_filters(
            "ada",
            &[f("type", "=x"), f("userEmail", "!acme"), f("a", "")],
        );
        assert_eq!(q, "ada type:x NOT userEmail:*acme*");
        assert_eq!(
            with_column_filters("a OR b", &[f("type", "x")]),
            "(a OR b) type:*x*"
        );
        assert_eq!(without_columns(&q, &["userEmail".into()]), "ada type:x");
        assert_eq!(without_columns("ada  b", &["type".into()]), "ada  b");
        assert_eq!(without_columns("(ada", &["type".into()]), "(ada");
    }

    #[test]
    fn a_box_being_typed_in_is_not_rewritten_while_it_filters_the_same() {
        let t = path("type");
        assert!(same_filter(&t, "!", ""));
        assert!(same_filter(&t, "ab ", "ab"));
        assert!(same_filter(&t, "\"ab\"", "ab"));
        assert!(!same_filter(&t, "ab", "=ab"));
    }

    #[test]
    fn the_kind_columns_box_edits_the_kind_clause() {
        assert_eq!(
            set_column("ada", &Field::Kind, "=mfa", &fields),
            "ada kind:mfa"
        );
        let q = parse("ada -kind:send", &fields).unwrap();
        assert_eq!(box_text(&q, &Field::Kind), "!=send");
        assert_eq!(box_text(&q, &path("kind")), "");
    }
}
