//! Adding a clause to the box's text, as a facet click does: ANDed with what is
//! there (an `OR` at the top goes in parentheses first), once.

use super::ast::{name_text, value_text};
use super::fields::Fields;
use super::parse::parse;

/// The clause a facet value or the entry panel's "Filter for value" adds: the
/// field at `path` is exactly `value` (ignoring case, any element of an array),
/// or with `exclude` is not. Name and value are escaped so any text reads back as
/// itself.
pub(crate) fn value_clause(path: &str, value: &str, exclude: bool) -> String {
    let not = if exclude { "-" } else { "" };
    format!("{not}{}:{}", name_text(path), value_text(value))
}

/// The clause that keeps one group of a breakdown (or series of a split) on the
/// field at `path`: the value, or, for the group of entries without one, `NOT
/// path:*`; with `exclude`, the clause that drops it.
pub(crate) fn group_clause(path: &str, value: Option<&str>, exclude: bool) -> String {
    match (value, exclude) {
        (Some(v), _) => value_clause(path, v, exclude),
        (None, false) => format!("NOT {}:*", name_text(path)),
        (None, true) => format!("{}:*", name_text(path)),
    }
}

/// `text` with `clause` ANDed on, unless a top-level clause already reads so
/// (ignoring case, as values match).
pub(crate) fn with_clause(text: &str, clause: &str, fields: &dyn Fields) -> String {
    let text = text.trim();
    if text.is_empty() {
        return clause.to_string();
    }
    let Ok(q) = parse(text, fields) else {
        // What does not parse is searched as text, whole: keep it one piece.
        return format!("\"{}\" {clause}", text.replace('"', ""));
    };
    let wanted = parse(clause, fields).ok();
    let wanted = wanted
        .as_ref()
        .and_then(|w| w.clauses().first().map(|c| c.1.clone()));
    let same = |t: &String| wanted.as_ref().is_some_and(|w| w.eq_ignore_ascii_case(t));
    if q.clauses().iter().any(|(_, t)| same(t)) {
        return text.to_string();
    }
    match q.clauses().len() {
        // One clause that is an `OR` (several ANDed clauses are a list already).
        1 if text.contains(" OR ") => format!("({text}) {clause}"),
        _ => format!("{text} {clause}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add(text: &str, clause: &str) -> String {
        with_clause(text, clause, &|p: &str| p == "type")
    }

    #[test]
    fn a_value_clause_reads_back_as_that_field_and_value_whatever_they_hold() {
        use super::super::ast::{Expr, FieldTest, Test};
        use super::super::fields::Field;
        use crate::core::query::filter::Op;
        let paths = [
            "type",
            "data.status",
            "a\\.b",
            "to[]",
            "my field",
            "-x",
            "(p)",
            "attrs.*",
        ];
        let values = [
            "email.bounced",
            "two words",
            "",
            " padded ",
            "say \"hi\"",
            "back\\slash",
            "a:b",
            "*",
            "x*",
            ">5",
            "<=3",
            "=v",
            "!v",
            "-v",
            "OR",
            "AND",
            "NOT",
            "(x)",
            "null",
            "ünïcode ✓",
            "tab\there",
            "line\nbreak",
            "' OR 1=1 --",
        ];
        for path in paths {
            let fields = |p: &str| p == path;
            for value in values {
                for exclude in [false, true] {
                    let clause = value_clause(path, value, exclude);
                    let q = parse(&clause, &fields).unwrap_or_else(|e| panic!("{clause}: {e}"));
                    let test = Expr::Field(FieldTest {
                        field: Field::Path(path.to_string()),
                        test: Test::Match(Op::Exact, value.to_string()),
                    });
                    let want = match exclude {
                        true => Expr::Not(Box::new(test)),
                        false => test,
                    };
                    assert_eq!(q.root, Some(want), "{clause}");
                }
            }
        }
    }

    #[test]
    fn a_group_clause_keeps_or_drops_its_value_or_the_entries_without_one() {
        assert_eq!(group_clause("type", Some("a b"), false), "type:\"a b\"");
        assert_eq!(group_clause("type", Some("a b"), true), "-type:\"a b\"");
        assert_eq!(group_clause("data.to[]", None, false), "NOT data.to[]:*");
        assert_eq!(group_clause("data.to[]", None, true), "data.to[]:*");
        let fields = |p: &str| p == "x";
        let none = parse(&group_clause("x", None, false), &fields).unwrap();
        assert!(matches!(none.root, Some(super::super::ast::Expr::Not(_))));
    }

    #[test]
    fn a_clause_is_anded_once() {
        assert_eq!(add("", "kind:mfa"), "kind:mfa");
        assert_eq!(add(" ada ", "kind:mfa"), "ada kind:mfa");
        assert_eq!(add("a OR b", "kind:mfa"), "(a OR b) kind:mfa");
        assert_eq!(add("(a OR b) c", "kind:mfa"), "(a OR b) c kind:mfa");
        assert_eq!(
            add("ada kind:MFA", "kind:mfa"),
            "ada kind:MFA",
            "already there"
        );
        assert_eq!(add("ada", "-kind:mfa"), "ada -kind:mfa");
        assert_eq!(add("(ada", "kind:mfa"), "\"(ada\" kind:mfa");
    }
}
