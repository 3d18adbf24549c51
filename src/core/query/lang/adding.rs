//! Adding a clause to the box's text, as a facet click does: ANDed with what is
//! there (an `OR` at the top goes in parentheses first), once.

use super::fields::Fields;
use super::parse::parse;

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
