//! The URL pieces the paging planner needs: splitting absolute URLs, origins, RFC 3986
//! reference resolution, reading and setting query parameters, and masking secrets for display.
//!
//! Inputs are absolute http(s) URLs as the browser canonicalises them, or relative references
//! found in responses. Other input never panics; it only gives less useful answers.

use super::escape::{self, decode_form as decode};

/// `s` percent-encoded for use as a query component (unreserved characters stay).
pub(crate) use super::escape::component as encode_component;

/// Paging cursors: named like secrets, but they are what the planner sends back.
const CURSORS: &[&str] = &[
    "pagetoken",
    "page_token",
    "nextpagetoken",
    "next_page_token",
    "nexttoken",
    "next_token",
    "continuation_token",
    "continuationtoken",
    "cursor",
    "after",
    "before",
];

/// Query parameter names (lower-case) whose values are secrets.
const SECRETS: &[&str] = &[
    "token",
    "access_token",
    "id_token",
    "refresh_token",
    "auth",
    "authorization",
    "key",
    "api_key",
    "apikey",
    "api-key",
    "secret",
    "client_secret",
    "password",
    "passwd",
    "pass",
    "pwd",
    "signature",
    "sig",
    "x-amz-signature",
    "x-amz-security-token",
    "x-amz-credential",
    "x-goog-signature",
    "x-goog-credential",
    "sas",
    "jwt",
    "session",
    "sessionid",
];

/// Name endings (lower-case) that mark a secret.
const SECRET_SUFFIXES: &[&str] = &[
    "_token",
    "-token",
    "_key",
    "-key",
    "_secret",
    "-secret",
    "password",
    "signature",
    "secret",
    "apikey",
    "accesstoken",
    "authtoken",
    "idtoken",
    "refreshtoken",
    "sessiontoken",
    "securitytoken",
];

/// The parts of an absolute URL (`scheme://authority/path?query#fragment`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Parts<'a> {
    /// The scheme as written, without `:`.
    pub scheme: &'a str,
    /// Everything before the last `@` of the authority.
    pub userinfo: Option<&'a str>,
    /// `host[:port]`, as written.
    pub host: &'a str,
    /// `""` or starting with `/`.
    pub path: &'a str,
    /// The query, without `?`.
    pub query: Option<&'a str>,
    /// The fragment, without `#`.
    pub fragment: Option<&'a str>,
}

/// A URI reference split as in RFC 3986 appendix B; `join` of the pieces gives the input back.
struct Ref<'a> {
    scheme: Option<&'a str>,
    authority: Option<&'a str>,
    path: &'a str,
    query: Option<&'a str>,
    fragment: Option<&'a str>,
}

fn split(s: &str) -> Ref<'_> {
    let (rest, fragment) = split_off(s, '#');
    let (rest, query) = split_off(rest, '?');
    let (scheme, rest) = match rest.split_once(':') {
        Some((scheme, rest)) if is_scheme(scheme) => (Some(scheme), rest),
        _ => (None, rest),
    };
    let (authority, path) = match rest.strip_prefix("//") {
        Some(rest) => {
            let end = rest.find('/').unwrap_or(rest.len());
            (Some(&rest[..end]), &rest[end..])
        }
        None => (None, rest),
    };
    Ref {
        scheme,
        authority,
        path,
        query,
        fragment,
    }
}

fn split_off(s: &str, at: char) -> (&str, Option<&str>) {
    match s.split_once(at) {
        Some((before, after)) => (before, Some(after)),
        None => (s, None),
    }
}

/// `[A-Za-z][A-Za-z0-9+.-]*`
fn is_scheme(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-'))
}

fn join(
    scheme: Option<&str>,
    authority: Option<&str>,
    path: &str,
    query: Option<&str>,
    fragment: Option<&str>,
) -> String {
    let mut out = String::new();
    if let Some(scheme) = scheme {
        out.push_str(scheme);
        out.push(':');
    }
    if let Some(authority) = authority {
        out.push_str("//");
        out.push_str(authority);
    } else if path.starts_with("//") {
        // Keeps the path from being read back as an authority.
        out.push_str("/.");
    }
    out.push_str(path);
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

/// Splits an absolute URL; None unless it starts with `scheme://`.
pub(crate) fn parts(url: &str) -> Option<Parts<'_>> {
    let r = split(url);
    let (scheme, authority) = (r.scheme?, r.authority?);
    let (userinfo, host) = match authority.rsplit_once('@') {
        Some((userinfo, host)) => (Some(userinfo), host),
        None => (None, authority),
    };
    Some(Parts {
        scheme,
        userinfo,
        host,
        path: r.path,
        query: r.query,
        fragment: r.fragment,
    })
}

/// `scheme://host[:port]`, lower-cased, without a default port or userinfo; None if `url` is not
/// absolute, its host is empty, its port is invalid, or its authority holds a space, a control
/// character or `\`.
pub(crate) fn origin(url: &str) -> Option<String> {
    let p = parts(url)?;
    let scheme = p.scheme.to_ascii_lowercase();
    let (name, port) = split_port(p.host)?;
    // A browser would end the authority at `\` and drop tabs and newlines: refuse, not guess.
    let odd = |s: &str| s.bytes().any(|b| b <= b' ' || b == b'\\' || b == 0x7f);
    if name.is_empty() || odd(name) || p.userinfo.is_some_and(odd) {
        return None;
    }
    let default = match scheme.as_str() {
        "http" => Some(80),
        "https" => Some(443),
        _ => None,
    };
    let port = match port {
        Some(port) if Some(port) != default => format!(":{port}"),
        _ => String::new(),
    };
    Some(format!("{scheme}://{}{port}", name.to_ascii_lowercase()))
}

/// Splits `host[:port]` (an IPv6 host keeps its brackets); None if the port is not a `u16`.
fn split_port(host: &str) -> Option<(&str, Option<u16>)> {
    let colon = if host.starts_with('[') {
        let close = host.find(']')? + 1;
        match &host[close..] {
            "" => None,
            rest if rest.starts_with(':') => Some(close),
            _ => return None,
        }
    } else {
        host.find(':')
    };
    let Some(colon) = colon else {
        return Some((host, None));
    };
    let digits = &host[colon + 1..];
    if digits.is_empty() {
        return Some((&host[..colon], None));
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((&host[..colon], Some(digits.parse().ok()?)))
}

/// Resolves `href` against the absolute `base` (RFC 3986 §5.2, strict); returns `href` unchanged
/// if `base` has no scheme.
pub(crate) fn resolve(base: &str, href: &str) -> String {
    let b = split(base);
    let Some(base_scheme) = b.scheme else {
        return href.to_string();
    };
    let r = split(href.trim_ascii());
    let scheme = r.scheme.unwrap_or(base_scheme);
    let (authority, path, query) = if r.scheme.is_some() || r.authority.is_some() {
        (r.authority, remove_dot_segments(r.path), r.query)
    } else if r.path.is_empty() {
        (b.authority, b.path.to_string(), r.query.or(b.query))
    } else if r.path.starts_with('/') {
        (b.authority, remove_dot_segments(r.path), r.query)
    } else {
        (
            b.authority,
            remove_dot_segments(&merge(&b, r.path)),
            r.query,
        )
    };
    join(Some(scheme), authority, &path, query, r.fragment)
}

/// RFC 3986 §5.2.3.
fn merge(base: &Ref, path: &str) -> String {
    if base.authority.is_some() && base.path.is_empty() {
        return format!("/{path}");
    }
    match base.path.rfind('/') {
        Some(slash) => format!("{}{path}", &base.path[..=slash]),
        None => path.to_string(),
    }
}

/// RFC 3986 §5.2.4.
fn remove_dot_segments(path: &str) -> String {
    let mut input = path;
    let mut out = String::with_capacity(path.len());
    let pop = |out: &mut String| out.truncate(out.rfind('/').unwrap_or(0));
    while !input.is_empty() {
        if let Some(rest) = input.strip_prefix("../") {
            input = rest;
        } else if let Some(rest) = input.strip_prefix("./") {
            input = rest;
        } else if input.starts_with("/./") {
            input = &input[2..];
        } else if input == "/." {
            input = "/";
        } else if input.starts_with("/../") {
            input = &input[3..];
            pop(&mut out);
        } else if input == "/.." {
            input = "/";
            pop(&mut out);
        } else if input == "." || input == ".." {
            input = "";
        } else {
            let skip = usize::from(input.starts_with('/'));
            let end = input[skip..].find('/').map_or(input.len(), |i| i + skip);
            out.push_str(&input[..end]);
            input = &input[end..];
        }
    }
    out
}

/// The (decoded) name of one `name=value` piece of a query.
fn param_name(piece: &str) -> String {
    decode(piece.split_once('=').map_or(piece, |(name, _)| name))
}

/// The decoded value of the first query parameter whose decoded name is exactly `name`;
/// `Some("")` for a bare `name`.
pub(crate) fn query_param(url: &str, name: &str) -> Option<String> {
    split(url).query?.split('&').find_map(|piece| {
        let (raw_name, value) = piece.split_once('=').unwrap_or((piece, ""));
        (!piece.is_empty() && decode(raw_name) == name).then(|| decode(value))
    })
}

/// `url` with `name=value` set: the first occurrence replaced in place, later ones removed, or
/// appended when absent. Other parameters and the fragment keep their exact text.
pub(crate) fn set_query_param(url: &str, name: &str, value: &str) -> String {
    let (rest, fragment) = split_off(url, '#');
    let (head, query) = split_off(rest, '?');
    let pair = format!("{}={}", escape::component(name), escape::component(value));
    let mut pieces = Vec::new();
    let mut placed = false;
    for piece in query.unwrap_or("").split('&') {
        if piece.is_empty() || param_name(piece) != name {
            pieces.push(piece);
        } else if !placed {
            pieces.push(&pair);
            placed = true;
        }
    }
    if !placed {
        // Reuse a trailing empty piece (`?` or `?a=1&`) instead of adding another `&`.
        if pieces.last() == Some(&"") {
            pieces.pop();
        }
        pieces.push(&pair);
    }
    let fragment = fragment.map(|f| format!("#{f}")).unwrap_or_default();
    format!("{head}?{}{fragment}", pieces.join("&"))
}

/// True if a query parameter of this name (any case) carries a secret; paging cursors do not.
pub(crate) fn is_sensitive_param(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    let name = name.as_str();
    !CURSORS.contains(&name)
        && (SECRETS.contains(&name) || SECRET_SUFFIXES.iter().any(|s| name.ends_with(s)))
}

/// `url` for display: userinfo becomes `***` and so does the value of every sensitive query
/// parameter; everything else is kept byte for byte. Works on relative URLs too.
pub(crate) fn mask(url: &str) -> String {
    let trimmed = url.trim_start();
    let lead = &url[..url.len() - trimmed.len()];
    let r = split(trimmed);
    let authority = r.authority.map(|a| match a.rsplit_once('@') {
        Some((_, host)) => format!("***@{host}"),
        None => a.to_string(),
    });
    let pairs = |q: &str| {
        q.split('&')
            .map(|piece| match piece.split_once('=') {
                Some((name, _)) if is_sensitive_param(&decode(name)) => format!("{name}=***"),
                _ => piece.to_string(),
            })
            .collect::<Vec<_>>()
            .join("&")
    };
    let query = r.query.map(pairs);
    // OAuth puts tokens in the fragment too (`#access_token=…`).
    let fragment = r.fragment.map(pairs);
    let masked = join(
        r.scheme,
        authority.as_deref(),
        r.path,
        query.as_deref(),
        fragment.as_deref(),
    );
    format!("{lead}{masked}")
}

/// `entry` as an origin (`https://portal.example`, `http://127.0.0.1:4174`): an
/// http(s) URL with nothing after its authority but an optional `/`. None for
/// anything else (`*`, a wildcard host, a path, userinfo, `null`), so no entry can
/// allow more than one origin.
pub(crate) fn as_origin(entry: &str) -> Option<String> {
    let entry = entry.trim();
    let p = parts(entry)?;
    let host_chars = |b: u8| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b);
    if !matches!(p.path, "" | "/")
        || p.query.is_some()
        || p.fragment.is_some()
        || p.userinfo.is_some()
        || !p.host.bytes().all(host_chars)
    {
        return None;
    }
    let o = origin(entry)?;
    (o.starts_with("http://") || o.starts_with("https://")).then_some(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "http://a/b/c/d;p?q";

    fn check_resolutions(cases: &[(&str, &str)]) {
        for (href, want) in cases {
            assert_eq!(resolve(BASE, href), *want, "resolving {href:?}");
        }
    }

    #[test]
    fn parts_splits_every_component() {
        let p = parts("https://u:p@Host.test:8443/a/b?x=1&y#frag").unwrap();
        assert_eq!(
            p,
            Parts {
                scheme: "https",
                userinfo: Some("u:p"),
                host: "Host.test:8443",
                path: "/a/b",
                query: Some("x=1&y"),
                fragment: Some("frag"),
            }
        );
    }

    #[test]
    fn parts_ends_the_authority_at_a_query_or_fragment() {
        let p = parts("https://h.test?q#f").unwrap();
        assert_eq!((p.host, p.path, p.query), ("h.test", "", Some("q")));
        assert_eq!(parts("https://h.test#f").unwrap().host, "h.test");
    }

    #[test]
    fn parts_rejects_relative_and_schemeless_urls() {
        for url in [
            "/x",
            "//h/x",
            "h.test/x",
            "1http://h/",
            "ht tp://h/",
            "mailto:a@b",
            "",
        ] {
            assert_eq!(parts(url), None, "{url:?}");
        }
    }

    #[test]
    fn userinfo_is_everything_before_the_last_at() {
        let p = parts("https://api.example.com@evil.test/x").unwrap();
        assert_eq!(p.userinfo, Some("api.example.com"));
        assert_eq!(p.host, "evil.test");
        assert_eq!(parts("https://a@b@evil.test/").unwrap().host, "evil.test");
    }

    #[test]
    fn an_at_in_the_path_is_not_userinfo() {
        let p = parts("https://h.test/users/@me?to=a@b").unwrap();
        assert_eq!((p.userinfo, p.host), (None, "h.test"));
    }

    #[test]
    fn origin_lower_cases_and_drops_default_ports() {
        assert_eq!(
            origin("HTTPS://API.Example.COM:443/x").as_deref(),
            Some("https://api.example.com")
        );
        assert_eq!(
            origin("http://h.test:80/").as_deref(),
            Some("http://h.test")
        );
        assert_eq!(origin("http://h.test:/").as_deref(), Some("http://h.test"));
    }

    #[test]
    fn origin_keeps_other_ports() {
        assert_eq!(
            origin("http://h.test:443/").as_deref(),
            Some("http://h.test:443")
        );
        assert_eq!(
            origin("https://h.test:80/").as_deref(),
            Some("https://h.test:80")
        );
        assert_eq!(
            origin("https://h.test:08443/").as_deref(),
            Some("https://h.test:8443")
        );
    }

    #[test]
    fn origin_ignores_userinfo() {
        assert_eq!(
            origin("https://api.example.com@evil.test/x").as_deref(),
            Some("https://evil.test")
        );
    }

    #[test]
    fn origin_keeps_ipv6_brackets_and_port() {
        assert_eq!(
            origin("http://[::1]:8080/x").as_deref(),
            Some("http://[::1]:8080")
        );
        assert_eq!(origin("http://[::1]:80/x").as_deref(), Some("http://[::1]"));
        assert_eq!(origin("http://[::1]/x").as_deref(), Some("http://[::1]"));
    }

    #[test]
    fn origin_refuses_bad_ports_and_hosts() {
        for url in [
            "/relative",
            "https:///x",
            "https://:443/x",
            "https://h.test:99999/",
            "https://h.test:+80/",
            "https://h.test:8a/",
            "https://[::1/",
            "https://[::1]x/",
            "https://evil.test\\@api.example.com/",
            "https://h test/",
        ] {
            assert_eq!(origin(url), None, "{url:?}");
        }
    }

    #[test]
    fn resolve_follows_the_normal_examples_of_rfc_3986() {
        check_resolutions(&[
            ("g:h", "g:h"),
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g"),
            ("?y", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/g?y"),
            ("#s", "http://a/b/c/d;p?q#s"),
            ("g#s", "http://a/b/c/g#s"),
            ("g?y#s", "http://a/b/c/g?y#s"),
            (";x", "http://a/b/c/;x"),
            ("g;x", "http://a/b/c/g;x"),
            ("g;x?y#s", "http://a/b/c/g;x?y#s"),
            ("", "http://a/b/c/d;p?q"),
            (".", "http://a/b/c/"),
            ("./", "http://a/b/c/"),
            ("..", "http://a/b/"),
            ("../", "http://a/b/"),
            ("../g", "http://a/b/g"),
            ("../..", "http://a/"),
            ("../../", "http://a/"),
            ("../../g", "http://a/g"),
        ]);
    }

    #[test]
    fn resolve_follows_the_abnormal_examples_of_rfc_3986() {
        check_resolutions(&[
            ("../../../g", "http://a/g"),
            ("../../../../g", "http://a/g"),
            ("/./g", "http://a/g"),
            ("/../g", "http://a/g"),
            ("g.", "http://a/b/c/g."),
            (".g", "http://a/b/c/.g"),
            ("g..", "http://a/b/c/g.."),
            ("..g", "http://a/b/c/..g"),
            ("./../g", "http://a/b/g"),
            ("./g/.", "http://a/b/c/g/"),
            ("g/./h", "http://a/b/c/g/h"),
            ("g/../h", "http://a/b/c/h"),
            ("g;x=1/./y", "http://a/b/c/g;x=1/y"),
            ("g;x=1/../y", "http://a/b/c/y"),
            ("g?y/./x", "http://a/b/c/g?y/./x"),
            ("g?y/../x", "http://a/b/c/g?y/../x"),
            ("g#s/./x", "http://a/b/c/g#s/./x"),
            ("g#s/../x", "http://a/b/c/g#s/../x"),
            ("http:g", "http:g"),
        ]);
    }

    #[test]
    fn resolve_handles_absolute_and_scheme_relative_links() {
        let base = "https://api.example.com/v1/logs?page=1";
        assert_eq!(
            resolve(base, "https://other.test/a/../b?x"),
            "https://other.test/b?x"
        );
        assert_eq!(resolve(base, "//cdn.test/p"), "https://cdn.test/p");
    }

    #[test]
    fn resolve_trims_surrounding_whitespace_of_href() {
        assert_eq!(
            resolve("https://h.test/v1/logs", "  ?page=2\n"),
            "https://h.test/v1/logs?page=2"
        );
    }

    #[test]
    fn resolve_against_a_base_without_path_adds_a_slash() {
        assert_eq!(resolve("https://h.test", "logs"), "https://h.test/logs");
        assert_eq!(
            resolve("https://h.test?q", "?page=2"),
            "https://h.test?page=2"
        );
    }

    #[test]
    fn resolve_returns_href_unchanged_for_a_relative_base() {
        assert_eq!(resolve("/v1/logs", " ../x "), " ../x ");
        assert_eq!(resolve("", "?page=2"), "?page=2");
    }

    #[test]
    fn resolve_never_lets_a_path_become_an_authority() {
        assert_eq!(resolve("a:b", "g/..//evil.test/x"), "a:/.//evil.test/x");
    }

    #[test]
    fn resolve_survives_hostile_input() {
        for href in [
            "%",
            "..%2f..",
            "\u{1F600}/../x",
            "?&&=",
            "#",
            "//",
            ":::",
            "/../../..",
        ] {
            let _ = resolve(BASE, href);
            let _ = resolve(href, BASE);
        }
        assert_eq!(resolve("a:é", "ü/./x"), "a:ü/x");
        assert_eq!(resolve(BASE, "g:é/../x"), "g:/x");
    }

    #[test]
    fn query_param_decodes_percent_escapes_and_plus() {
        let url = "https://h.test/?q=a+b%2Bc%20d&e=%C3%A9";
        assert_eq!(query_param(url, "q").as_deref(), Some("a b+c d"));
        assert_eq!(query_param(url, "e").as_deref(), Some("é"));
    }

    #[test]
    fn query_param_gives_the_first_occurrence() {
        assert_eq!(query_param("/x?p=1&p=2", "p").as_deref(), Some("1"));
    }

    #[test]
    fn query_param_gives_empty_for_a_bare_name() {
        assert_eq!(query_param("/x?a&b=1", "a").as_deref(), Some(""));
        assert_eq!(query_param("/x?a=&b=1", "a").as_deref(), Some(""));
    }

    #[test]
    fn query_param_matches_the_name_exactly() {
        let url = "/x?Page=1&pages=2&xpage=3#page=4";
        assert_eq!(query_param(url, "page"), None);
        assert_eq!(query_param(url, "Page").as_deref(), Some("1"));
    }

    #[test]
    fn query_param_survives_hostile_input() {
        assert_eq!(query_param("/x?&&=", ""), Some(String::new()));
        assert_eq!(query_param("/x?p=%", "p").as_deref(), Some("%"));
        assert_eq!(query_param("/x?p=%FF", "p").as_deref(), Some("\u{FFFD}"));
        assert_eq!(query_param("no query", "p"), None);
    }

    #[test]
    fn set_query_param_replaces_an_existing_value_in_place() {
        assert_eq!(
            set_query_param("https://h.test/x?a=1&page=2&b=%20", "page", "3"),
            "https://h.test/x?a=1&page=3&b=%20"
        );
    }

    #[test]
    fn set_query_param_removes_repeated_occurrences() {
        assert_eq!(
            set_query_param("/x?page=1&a=1&page=2&page", "page", "9"),
            "/x?page=9&a=1"
        );
    }

    #[test]
    fn set_query_param_appends_when_absent() {
        assert_eq!(set_query_param("/x", "page", "2"), "/x?page=2");
        assert_eq!(set_query_param("/x?", "page", "2"), "/x?page=2");
        assert_eq!(set_query_param("/x?a=1", "page", "2"), "/x?a=1&page=2");
        assert_eq!(set_query_param("/x?a=1&", "page", "2"), "/x?a=1&page=2");
    }

    #[test]
    fn set_query_param_keeps_the_fragment_last() {
        assert_eq!(
            set_query_param("/x?a=1#top?page=1", "page", "2"),
            "/x?a=1&page=2#top?page=1"
        );
        assert_eq!(set_query_param("/x#f", "page", "2"), "/x?page=2#f");
    }

    #[test]
    fn set_query_param_keeps_a_scheme_relative_url_intact() {
        assert_eq!(
            set_query_param("//h.test/x", "page", "2"),
            "//h.test/x?page=2"
        );
    }

    #[test]
    fn set_query_param_encodes_everything_but_unreserved() {
        assert_eq!(
            set_query_param("/x", "cursor", "a b&c=d/é~-._"),
            "/x?cursor=a%20b%26c%3Dd%2F%C3%A9~-._"
        );
    }

    #[test]
    fn set_query_param_round_trips_through_query_param() {
        let url = set_query_param("/x?cursor=old", "cursor", "+/=&%");
        assert_eq!(query_param(&url, "cursor").as_deref(), Some("+/=&%"));
    }

    #[test]
    fn sensitive_params_are_recognised_in_any_case() {
        for name in [
            "token",
            "API_KEY",
            "X-Amz-Signature",
            "client_secret",
            "Sig",
            "jwt",
        ] {
            assert!(is_sensitive_param(name), "{name}");
        }
    }

    #[test]
    fn sensitive_suffixes_are_recognised() {
        for name in [
            "github_token",
            "x-auth-token",
            "master_key",
            "app-secret",
            "dbpassword",
        ] {
            assert!(is_sensitive_param(name), "{name}");
        }
    }

    #[test]
    fn paging_cursors_are_not_sensitive() {
        for name in [
            "pageToken",
            "page_token",
            "nextPageToken",
            "next_token",
            "cursor",
            "after",
        ] {
            assert!(!is_sensitive_param(name), "{name}");
        }
    }

    #[test]
    fn ordinary_params_are_not_sensitive() {
        for name in ["page", "limit", "sv", "since", "q", "monkey", ""] {
            assert!(!is_sensitive_param(name), "{name}");
        }
    }

    #[test]
    fn mask_hides_userinfo() {
        assert_eq!(
            mask("https://user:pw@h.test/x?page=2"),
            "https://***@h.test/x?page=2"
        );
        assert_eq!(mask("//user@h.test/x"), "//***@h.test/x");
    }

    #[test]
    fn mask_hides_sensitive_values_and_keeps_names() {
        assert_eq!(
            mask("https://h.test/x?token=abc&page=2&api_key=k&X-Amz-Signature=s"),
            "https://h.test/x?token=***&page=2&api_key=***&X-Amz-Signature=***"
        );
    }

    #[test]
    fn mask_leaves_cursors_readable() {
        let url = "https://h.test/x?pageToken=p1&cursor=c2&sig=s";
        assert_eq!(mask(url), "https://h.test/x?pageToken=p1&cursor=c2&sig=***");
    }

    #[test]
    fn mask_sees_through_an_encoded_name() {
        assert_eq!(mask("/x?%74oken=abc"), "/x?%74oken=***");
    }

    #[test]
    fn mask_works_on_relative_urls() {
        assert_eq!(mask("?password=hunter2#f"), "?password=***#f");
        assert_eq!(mask("/users/@me?a=1"), "/users/@me?a=1");
    }

    #[test]
    fn mask_keeps_everything_else_byte_for_byte() {
        for url in [
            "https://h.test/a%20b/?q=%E9&&x=#frag?token=y",
            "  https://h.test/",
            "/\u{1F600}?é=ü",
            "g:h",
            "",
        ] {
            assert_eq!(mask(url), url);
        }
    }

    #[test]
    fn mask_hides_userinfo_behind_leading_whitespace() {
        assert_eq!(mask(" https://u:p@h.test/"), " https://***@h.test/");
    }

    #[test]
    fn mask_survives_hostile_input() {
        assert_eq!(mask("?&&="), "?&&=");
        assert_eq!(mask("?token"), "?token");
        assert_eq!(mask("?token=%"), "?token=***");
        assert_eq!(mask("%"), "%");
        assert_eq!(mask("https://@/?=&token=="), "https://***@/?=&token=***");
    }
}
