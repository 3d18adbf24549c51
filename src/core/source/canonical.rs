//! URLs as a browser would fetch them: the part of the WHATWG URL standard that http(s)
//! needs, so that the request gate checks exactly the URL that goes out.
//!
//! [`canonical`] strips what a browser strips (surrounding spaces and controls, tabs and
//! newlines anywhere), lower-cases the scheme and host, drops a default port, reads `\`
//! as `/`, resolves `.` and `..` segments (also written `%2e`), percent-encodes what a
//! browser would encode (and a few characters browsers disagree on) and drops the
//! fragment. Its output is a fixed point: a browser fetches it unchanged.
//!
//! Where browsers would reinterpret a host (userinfo, percent-escapes or non-ASCII in the
//! host, IPv4 written as a number or in octal or hex), the URL is refused rather than
//! guessed at: refusing is the safe direction for a gate.

use super::escape;
use std::fmt::Write;

/// Why a URL cannot be fetched as a log source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unfit {
    /// Not an absolute `http:` or `https:` URL.
    NotHttp,
    /// A user name or password before the host.
    Userinfo,
    /// A host this gate does not read the way every browser would.
    Host,
    /// A port that is not a number up to 65535.
    Port,
}

impl Unfit {
    /// What is wrong, for a message.
    pub(crate) fn reason(self) -> &'static str {
        match self {
            Unfit::NotHttp => "it is not an absolute http:// or https:// address",
            Unfit::Userinfo => {
                "it carries a user name or password before the host (give a token in the Token field instead)"
            }
            Unfit::Host => {
                "its host is written in a form browsers rewrite (percent-escapes, non-ASCII, or an address as a number)"
            }
            Unfit::Port => "its port is not a number from 1 to 65535",
        }
    }
}

/// An absolute http(s) URL in canonical form (see the module docs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Canonical {
    /// `http` or `https`.
    pub scheme: &'static str,
    /// Lower-case host (IPv6 in brackets).
    pub host: String,
    /// The port when it is not the scheme's default.
    pub port: Option<u16>,
    /// Starts with `/`, dot segments resolved, encoded.
    pub path: String,
    /// The query without `?`, encoded (`Some("")` for a bare `?`).
    pub query: Option<String>,
}

impl Canonical {
    /// `scheme://host[:port]`.
    pub(crate) fn origin(&self) -> String {
        match self.port {
            Some(p) => format!("{}://{}:{p}", self.scheme, self.host),
            None => format!("{}://{}", self.scheme, self.host),
        }
    }

    /// The whole URL, as it is fetched.
    pub(crate) fn href(&self) -> String {
        let mut s = self.origin();
        s.push_str(&self.path);
        if let Some(q) = &self.query {
            s.push('?');
            s.push_str(q);
        }
        s
    }
}

/// The canonical form of `url` (see the module docs). `default_port` gives the port an
/// address without one means, by scheme (`http` → 80 for the web; ClickHouse uses 8123);
/// a port equal to the web's default is dropped, any other kept.
pub(crate) fn canonical_with(
    url: &str,
    default_port: impl Fn(&str) -> u16,
) -> Result<Canonical, Unfit> {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let colon = cleaned.find(':').ok_or(Unfit::NotHttp)?;
    let scheme = match cleaned[..colon].to_ascii_lowercase().as_str() {
        "http" => "http",
        "https" => "https",
        _ => return Err(Unfit::NotHttp),
    };
    let rest = cleaned[colon + 1..].trim_start_matches(['/', '\\']);
    let end = rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len());
    let (authority, rest) = rest.split_at(end);
    if authority.contains('@') {
        return Err(Unfit::Userinfo);
    }
    let (host, port) = host_and_port(authority)?;
    let web_default = if scheme == "http" { 80 } else { 443 };
    let port = port.unwrap_or_else(|| default_port(scheme));
    let port = (port != web_default).then_some(port);
    let (rest, _fragment) = rest.split_once('#').unwrap_or((rest, ""));
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, Some(escape::query(q))),
        None => (rest, None),
    };
    Ok(Canonical {
        scheme,
        host,
        port,
        path: path_of(path),
        query,
    })
}

/// [`canonical_with`] for the web's default ports (80, 443).
pub(crate) fn canonical(url: &str) -> Result<Canonical, Unfit> {
    canonical_with(url, |scheme| if scheme == "http" { 80 } else { 443 })
}

/// The host (lower-case, checked) and the port of an authority.
fn host_and_port(authority: &str) -> Result<(String, Option<u16>), Unfit> {
    let (host, port) = if authority.starts_with('[') {
        let close = authority.find(']').ok_or(Unfit::Host)?;
        let (h, rest) = authority.split_at(close + 1);
        match rest {
            "" => (h, None),
            _ => (h, Some(rest.strip_prefix(':').ok_or(Unfit::Host)?)),
        }
    } else {
        match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    let port = match port {
        None | Some("") => None,
        Some(p) if p.bytes().all(|b| b.is_ascii_digit()) => {
            let digits = p.trim_start_matches('0');
            match digits.parse::<u32>() {
                _ if digits.is_empty() => Some(0),
                Ok(n) if digits.len() <= 5 && n <= 65_535 => Some(n as u16),
                _ => return Err(Unfit::Port),
            }
        }
        Some(_) => return Err(Unfit::Port),
    };
    let host = if let Some(inner) = host.strip_prefix('[') {
        let inner = inner.strip_suffix(']').ok_or(Unfit::Host)?;
        let addr: std::net::Ipv6Addr = inner.parse().map_err(|_| Unfit::Host)?;
        format!("[{}]", ipv6(addr))
    } else {
        let host = host.to_ascii_lowercase();
        let ok = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_');
        if host.is_empty() || !host.bytes().all(ok) {
            return Err(Unfit::Host);
        }
        if ends_in_number(&host) && !is_dotted_quad(&host) {
            return Err(Unfit::Host);
        }
        host
    };
    Ok((host, port))
}

/// True if a browser would read `host` as an IPv4 address (its last label is a number).
fn ends_in_number(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    let last = host.rsplit('.').next().unwrap_or(host);
    let hex = last
        .strip_prefix("0x")
        .is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
    hex || (!last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()))
}

/// `a.b.c.d` with each part a decimal from 0 to 255 written without leading zeros.
fn is_dotted_quad(host: &str) -> bool {
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.bytes().all(|b| b.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
                && p.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}

/// An IPv6 address as a browser writes it: lower-case hex, the first longest run of
/// two or more zero pieces as `::`.
fn ipv6(addr: std::net::Ipv6Addr) -> String {
    let pieces = addr.segments();
    let (mut best, mut best_len, mut run, mut run_len) = (None, 1, 0, 0);
    for (i, &p) in pieces.iter().enumerate() {
        if p == 0 {
            if run_len == 0 {
                run = i;
            }
            run_len += 1;
            if run_len > best_len {
                (best, best_len) = (Some(run), run_len);
            }
        } else {
            run_len = 0;
        }
    }
    let mut out = String::new();
    let mut i = 0;
    while i < 8 {
        if Some(i) == best {
            out.push_str(if i == 0 { "::" } else { ":" });
            i += best_len;
            continue;
        }
        let _ = write!(out, "{:x}", pieces[i]);
        if i < 7 {
            out.push(':');
        }
        i += 1;
    }
    out
}

/// True for `.` or `%2e` (any case).
fn single_dot(s: &str) -> bool {
    s == "." || s.eq_ignore_ascii_case("%2e")
}

/// True for `..`, `.%2e`, `%2e.` or `%2e%2e` (any case).
fn double_dot(s: &str) -> bool {
    let s = s.to_ascii_lowercase();
    matches!(s.as_str(), ".." | ".%2e" | "%2e." | "%2e%2e")
}

/// The canonical path of everything between the authority and `?`/`#`.
fn path_of(raw: &str) -> String {
    let raw = raw.replace('\\', "/");
    let raw = raw.strip_prefix('/').unwrap_or(&raw);
    let mut out: Vec<String> = Vec::new();
    let segments: Vec<&str> = raw.split('/').collect();
    let last = segments.len() - 1;
    for (i, seg) in segments.into_iter().enumerate() {
        if double_dot(seg) {
            out.pop();
            if i == last {
                out.push(String::new());
            }
        } else if single_dot(seg) {
            if i == last {
                out.push(String::new());
            }
        } else {
            out.push(escape::path(seg));
        }
    }
    format!("/{}", out.join("/"))
}

/// Why `path` (canonical) could be routed elsewhere by a back end that decodes it
/// further: an encoded `/`, `\` or NUL, a dot segment hidden behind `;` (`..;/`) or
/// an escape, or an escape that decodes to another escape.
pub(crate) fn ambiguous_path(path: &str) -> Option<&'static str> {
    for seg in path.split('/') {
        let decoded = escape::decode(seg);
        if decoded.contains(['/', '\\', '\0']) {
            return Some("an encoded / or \\ in its path");
        }
        let before_params = decoded.split(';').next().unwrap_or("");
        if before_params == "." || before_params == ".." {
            return Some(
                "a dot segment in its path that a server could still resolve (such as ..; or %2e)",
            );
        }
        let b = decoded.as_bytes();
        if b.windows(3)
            .any(|w| w[0] == b'%' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit())
        {
            return Some("a doubly encoded escape in its path");
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn href(url: &str) -> String {
        canonical(url)
            .map(|c| c.href())
            .unwrap_or_else(|e| format!("{e:?}"))
    }

    #[test]
    fn scheme_and_host_are_lower_cased_and_default_ports_dropped() {
        assert_eq!(
            href("HTTPS://API.Example.COM:443/x"),
            "https://api.example.com/x"
        );
        assert_eq!(href("http://h.test:80"), "http://h.test/");
        assert_eq!(href("http://h.test:/a"), "http://h.test/a");
        assert_eq!(href("https://h.test:08443/a"), "https://h.test:8443/a");
        assert_eq!(href("http://h.test:443/"), "http://h.test:443/");
    }

    #[test]
    fn what_browsers_strip_is_stripped() {
        assert_eq!(href("  https://h.test/a\t/b\n "), "https://h.test/a/b");
        assert_eq!(href("https://h.test/a#frag?x"), "https://h.test/a");
        assert_eq!(href("https:h.test/a"), "https://h.test/a");
        assert_eq!(href("https:\\\\h.test\\a\\b"), "https://h.test/a/b");
    }

    #[test]
    fn dot_segments_resolve_as_a_browser_resolves_them() {
        for (url, want) in [
            ("http://h/a/b/../c", "http://h/a/c"),
            ("http://h/a/./b", "http://h/a/b"),
            ("http://h/a/b/..", "http://h/a/"),
            ("http://h/a/.", "http://h/a/"),
            ("http://h/..", "http://h/"),
            ("http://h/../../x", "http://h/x"),
            ("http://h/a/%2e%2E/b", "http://h/b"),
            ("http://h/a/.%2e/b", "http://h/b"),
            ("http://h/a/%2e/b", "http://h/a/b"),
            ("http://h/a/...x/.b", "http://h/a/...x/.b"),
            ("http://h/a/..;/b", "http://h/a/..;/b"),
            ("http://h", "http://h/"),
            ("http://h?q", "http://h/?q"),
        ] {
            assert_eq!(href(url), want, "{url}");
        }
    }

    #[test]
    fn characters_are_encoded_as_a_browser_would_and_escapes_kept() {
        assert_eq!(
            href("http://h/a b/é?x=a b&y=\"é'"),
            "http://h/a%20b/%C3%A9?x=a%20b&y=%22%C3%A9%27"
        );
        assert_eq!(href("http://h/%2Fx%zz?%41"), "http://h/%2Fx%zz?%41");
        assert_eq!(href("http://h/{a}|^`<>"), "http://h/%7Ba%7D%7C%5E%60%3C%3E");
    }

    #[test]
    fn hosts_browsers_would_rewrite_are_refused() {
        for url in [
            "http://2130706433/",
            "http://127.1/",
            "http://0x7f.0.0.1/",
            "http://0177.0.0.1/",
            "http://1.2.3.4./",
            "http://h%2etest/",
            "http://hé.test/",
            "http://h test/",
            "http://[::1/",
            "http://[::1]x/",
        ] {
            assert_eq!(canonical(url).map(|c| c.href()), Err(Unfit::Host), "{url}");
        }
        assert_eq!(href("http://127.0.0.1:8080/"), "http://127.0.0.1:8080/");
        assert_eq!(href("http://[0:0:0:0:0:0:0:1]:80/"), "http://[::1]/");
        assert_eq!(
            href("http://[2001:DB8:0:0:1:0:0:1]/"),
            "http://[2001:db8::1:0:0:1]/"
        );
        assert_eq!(href("http://v1.2.example/"), "http://v1.2.example/");
        // Slashes after the scheme are skipped, as a browser skips them.
        assert_eq!(href("http:///x"), "http://x/");
    }

    #[test]
    fn userinfo_bad_ports_and_other_schemes_are_refused() {
        assert_eq!(
            canonical("https://a@evil.test/").unwrap_err(),
            Unfit::Userinfo
        );
        assert_eq!(
            canonical("https://api.test@evil.test/").unwrap_err(),
            Unfit::Userinfo
        );
        assert_eq!(canonical("https://h:99999/").unwrap_err(), Unfit::Port);
        assert_eq!(canonical("https://h:8a/").unwrap_err(), Unfit::Port);
        for url in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "/relative",
            "",
            "data:,x",
        ] {
            assert_eq!(canonical(url).unwrap_err(), Unfit::NotHttp, "{url}");
        }
    }

    #[test]
    fn a_clickhouse_default_port_is_explicit() {
        let ch = |s: &str| if s == "http" { 8123 } else { 8443 };
        assert_eq!(
            canonical_with("http://h/?table=t", ch).unwrap().origin(),
            "http://h:8123"
        );
        assert_eq!(
            canonical_with("https://h/", ch).unwrap().origin(),
            "https://h:8443"
        );
        assert_eq!(
            canonical_with("http://h:80/", ch).unwrap().origin(),
            "http://h"
        );
    }

    #[test]
    fn encoded_separators_and_hidden_dot_segments_are_ambiguous() {
        for path in [
            "/audit/..%2Fadmin",
            "/audit/%2e%2e%2fadmin",
            "/audit/..;/admin",
            "/audit/.;x/admin",
            "/audit/..%5Cadmin",
            "/audit/..%3B/admin",
            "/audit/%252e%252e%252f",
            "/audit/a%00b",
        ] {
            assert!(ambiguous_path(path).is_some(), "{path}");
        }
        for path in ["/audit/x", "/audit/a;b", "/audit/%20x", "/audit/...", "/"] {
            assert_eq!(ambiguous_path(path), None, "{path}");
        }
    }

    #[test]
    fn the_output_is_a_fixed_point() {
        for url in [
            "HTTP://H.test:80/a/../b c/%2e/?q=1 2#f",
            "https://[::FFFF:1.2.3.4]/x\\y",
            "http://h/é/{x}",
        ] {
            let once = href(url);
            assert_eq!(href(&once), once, "{url}");
        }
    }
}
