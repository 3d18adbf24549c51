//! The RFC 8288 `Link` response header: finding the URI of the next page (`rel="next"`).

/// The URI-reference of the first link-value whose `rel` contains `next` (any case, quoted or
/// not, possibly in a space-separated list), exactly as written between `<` and `>`.
/// Malformed link-values are skipped.
pub(crate) fn next_link(header: &str) -> Option<String> {
    split_unquoted(header, ',')
        .into_iter()
        .find_map(next_target)
        .map(str::to_string)
}

/// The URI of one link-value if its (first) `rel` parameter holds `next`.
fn next_target(value: &str) -> Option<&str> {
    let (uri, params) = value.trim_start().strip_prefix('<')?.split_once('>')?;
    let mut params = split_unquoted(params, ';').into_iter();
    // Only whitespace may stand between `>` and the first `;`.
    if !params.next()?.trim().is_empty() {
        return None;
    }
    let mut rel = None;
    for param in params {
        let (name, value) = param.split_once('=').unwrap_or((param, ""));
        let value = unquote(value.trim())?;
        if rel.is_none() && name.trim().eq_ignore_ascii_case("rel") {
            rel = Some(value);
        }
    }
    rel?.split_ascii_whitespace()
        .any(|r| r.eq_ignore_ascii_case("next"))
        .then_some(uri)
}

/// Splits at `sep` outside quoted strings and outside a `<...>` that opens a piece.
fn split_unquoted(s: &str, sep: char) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let (mut fresh, mut in_uri, mut in_quote, mut escaped) = (true, false, false, false);
    for (i, c) in s.char_indices() {
        if in_uri {
            in_uri = c != '>';
        } else if in_quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_quote = false;
            }
        } else if c == sep {
            pieces.push(&s[start..i]);
            start = i + c.len_utf8();
            fresh = true;
            continue;
        } else if c == '"' {
            in_quote = true;
        } else if c == '<' && fresh {
            in_uri = true;
        }
        fresh &= c.is_whitespace();
    }
    pieces.push(&s[start..]);
    pieces
}

/// A parameter value without its quotes and escapes; None for an unterminated quoted string.
fn unquote(value: &str) -> Option<String> {
    let Some(quoted) = value.strip_prefix('"') else {
        return Some(value.to_string());
    };
    let mut out = String::new();
    let mut chars = quoted.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push(chars.next()?),
            '"' => return chars.as_str().trim().is_empty().then_some(out),
            _ => out.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn next(header: &str) -> Option<String> {
        next_link(header)
    }

    #[test]
    fn github_style_header_gives_the_next_page() {
        let header = r#"<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=5>; rel="last""#;
        assert_eq!(
            next(header).as_deref(),
            Some("https://api.github.com/x?page=2")
        );
    }

    #[test]
    fn next_may_come_after_other_links() {
        let header =
            r#"<https://h.test/?page=1>; rel="prev", <https://h.test/?page=3>; rel="next""#;
        assert_eq!(next(header).as_deref(), Some("https://h.test/?page=3"));
    }

    #[test]
    fn an_unquoted_rel_counts() {
        assert_eq!(
            next("</logs?page=2>; rel=next").as_deref(),
            Some("/logs?page=2")
        );
    }

    #[test]
    fn rel_is_compared_without_case() {
        assert_eq!(next("<b>; REL=\"Next\"").as_deref(), Some("b"));
    }

    #[test]
    fn a_rel_list_containing_next_counts() {
        assert_eq!(next(r#"<a>; rel="last next""#).as_deref(), Some("a"));
        assert_eq!(next(r#"<a>; rel="nextpage""#), None);
    }

    #[test]
    fn commas_inside_the_uri_do_not_split() {
        let header = r#"<https://h.test/x?ids=1,2,3>; rel="next""#;
        assert_eq!(next(header).as_deref(), Some("https://h.test/x?ids=1,2,3"));
    }

    #[test]
    fn commas_inside_a_quoted_title_do_not_split() {
        let header = r#"<a>; title="one, <b>; rel=next"; rel="prev", <c>; rel="next""#;
        assert_eq!(next(header).as_deref(), Some("c"));
    }

    #[test]
    fn escaped_quotes_stay_inside_the_string() {
        let header = r#"<a>; title="say \", <b>; rel=next"; rel=prev, <c>; rel=next"#;
        assert_eq!(next(header).as_deref(), Some("c"));
    }

    #[test]
    fn the_uri_is_returned_exactly_as_written() {
        assert_eq!(
            next("< ./p?x=%20 >;rel=next").as_deref(),
            Some(" ./p?x=%20 ")
        );
    }

    #[test]
    fn only_the_first_rel_parameter_counts() {
        assert_eq!(next("<a>; rel=prev; rel=next"), None);
    }

    #[test]
    fn a_header_without_next_gives_none() {
        assert_eq!(next(r#"<a>; rel="prev", <b>; rel="last""#), None);
        assert_eq!(next(""), None);
    }

    #[test]
    fn malformed_values_are_skipped() {
        assert_eq!(next("a; rel=next, <b>; rel=next").as_deref(), Some("b"));
        assert_eq!(
            next("<a> junk; rel=next, <b>; rel=next").as_deref(),
            Some("b")
        );
        assert_eq!(
            next("<a>; anchor=\"x\" y; rel=next, <b>; rel=next").as_deref(),
            Some("b")
        );
    }

    #[test]
    fn unterminated_values_give_none() {
        assert_eq!(next("<https://h.test/; rel=next"), None);
        assert_eq!(next("<a>; title=\"open, <b>; rel=next"), None);
        assert_eq!(next("<a>; rel=\"next"), None);
    }

    #[test]
    fn garbage_never_panics() {
        for header in [
            ",,,",
            "<>>;;==\"",
            "\"",
            "\\",
            "<é>;rel=next",
            ";rel=next",
            "<<<",
            "<a>;",
        ] {
            let _ = next(header);
        }
        assert_eq!(next("<é>;rel=next").as_deref(), Some("é"));
    }
}
