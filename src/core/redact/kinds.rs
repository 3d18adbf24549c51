//! Finding values of a kind inside text: e-mail addresses, IP addresses (v4 and v6)
//! and credentials by shape (bearer tokens, JWTs, API keys).

/// A kind of value that can be masked wherever it appears.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `ada@example.com`.
    Email,
    /// `203.0.113.5`, `2001:db8::42`.
    Ip,
    /// `Bearer …`, a JWT, `sk_live_…`, `ghp_…`, `AKIA…`, long mixed-case keys.
    Token,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 3] = [Kind::Email, Kind::Ip, Kind::Token];

    /// The name in `redact=` and in the mask (`••• email`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Email => "email",
            Kind::Ip => "ip",
            Kind::Token => "token",
        }
    }

    /// The kind called `name`.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(name))
    }

    /// Byte ranges of `text` holding values of this kind, in order, not overlapping.
    pub fn find(self, text: &str) -> Vec<(usize, usize)> {
        match self {
            Kind::Email => emails(text),
            Kind::Ip => ips(text),
            Kind::Token => tokens(text),
        }
    }
}

fn is_local(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"._%+-'".contains(&b)
}

fn is_domain(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'.' || b == b'-'
}

fn emails(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = memchr::memchr(b'@', &b[from..]).map(|i| i + from) {
        let mut start = at;
        while start > from && is_local(b[start - 1]) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < b.len() && is_domain(b[end]) {
            end += 1;
        }
        while end > at + 1 && matches!(b[end - 1], b'.' | b'-') {
            end -= 1;
        }
        while start < at && b[start] == b'.' {
            start += 1;
        }
        let domain = &b[at + 1..end];
        let tld = domain.rsplit(|&c| c == b'.').next().unwrap_or_default();
        if start < at
            && domain.contains(&b'.')
            && !domain.starts_with(b".")
            && tld.len() >= 2
            && tld.iter().all(u8::is_ascii_alphabetic)
        {
            out.push((start, end));
            from = end;
        } else {
            from = at + 1;
        }
    }
    out
}

fn ips(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let is_run = |c: u8| c.is_ascii_hexdigit() || c == b':' || c == b'.';
    while i < b.len() {
        if !is_run(b[i]) || i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_') {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < b.len() && is_run(b[end]) {
            end += 1;
        }
        let boundary = end == b.len() || !(b[end].is_ascii_alphanumeric() || b[end] == b'_');
        // A sentence may end right after an address.
        let mut run = &text[i..end];
        while run.ends_with('.') {
            run = &run[..run.len() - 1];
        }
        if boundary && (is_v4(run) || is_v6(run)) {
            out.push((i, i + run.len()));
        }
        i = end.max(i + 1);
    }
    out
}

fn is_v4(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            (1..=3).contains(&p.len())
                && p.bytes().all(|c| c.is_ascii_digit())
                && p.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}

fn is_v6(s: &str) -> bool {
    if !s.contains(':') || s.matches("::").count() > 1 || s.contains(":::") {
        return false;
    }
    let (head, v4) = match s.rsplit_once(':') {
        Some((h, last)) if last.contains('.') => {
            if !is_v4(last) {
                return false;
            }
            (format!("{h}:"), 2)
        }
        _ => (s.to_string(), 0),
    };
    let compressed = head.contains("::");
    let groups: Vec<&str> = head.split(':').filter(|g| !g.is_empty()).collect();
    let well_formed = groups
        .iter()
        .all(|g| g.len() <= 4 && g.bytes().all(|c| c.is_ascii_hexdigit()));
    let n = groups.len() + v4;
    well_formed
        && if compressed {
            (1..8).contains(&n)
        } else {
            n == 8 && !head.starts_with(':')
        }
}

/// Prefixes that mark an API key whatever follows (the ClickHouse masking's too).
pub(crate) const KEY_PREFIXES: &[&str] = &[
    "sk_live_",
    "sk_test_",
    "pk_live_",
    "pk_test_",
    "rk_live_",
    "rk_test_",
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "glpat-",
    "xoxb-",
    "xoxp-",
    "xoxa-",
    "xoxr-",
    "AKIA",
    "ASIA",
    "AIza",
    "SG.",
];

fn is_key_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"_-.+/=".contains(&c)
}

fn tokens(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !is_key_char(b[i]) || i > 0 && is_key_char(b[i - 1]) {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < b.len() && is_key_char(b[end]) {
            end += 1;
        }
        let word = &text[i..end];
        // "Bearer <token>" / "Basic <credentials>": the credential, whatever its shape.
        let scheme = word.eq_ignore_ascii_case("bearer") || word.eq_ignore_ascii_case("basic");
        if scheme && b.get(end) == Some(&b' ') {
            let start = end + 1;
            let mut stop = start;
            while stop < b.len() && is_key_char(b[stop]) {
                stop += 1;
            }
            if stop > start {
                out.push((start, stop));
                i = stop;
                continue;
            }
        }
        if looks_like_key(word.trim_end_matches('.')) {
            out.push((i, i + word.trim_end_matches('.').len()));
        }
        i = end;
    }
    out
}

fn looks_like_key(w: &str) -> bool {
    // Every shape below is longer (a prefix and 12 more, a JWT of three parts of 4):
    // most words, and every object key, are let go at once.
    if w.len() < 14 {
        return false;
    }
    if KEY_PREFIXES
        .iter()
        .any(|p| w.starts_with(p) && w.len() >= p.len() + 12)
    {
        return true;
    }
    // A JWT: three base64url parts, the header starting `eyJ` (`{"`).
    if w.starts_with("eyJ") {
        let parts: Vec<&str> = w.split('.').collect();
        if parts.len() == 3 && parts.iter().all(|p| p.len() >= 4) {
            return true;
        }
    }
    // A long random key: upper and lower case letters and digits, no dots or slashes
    // (not a host name, file or path), not a UUID or a hex digest (lower-case hex).
    w.len() >= 32
        && !w.contains(['.', '/'])
        && w.bytes().any(|c| c.is_ascii_uppercase())
        && w.bytes().any(|c| c.is_ascii_lowercase())
        && w.bytes().any(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(kind: Kind, text: &str) -> Vec<&str> {
        kind.find(text)
            .into_iter()
            .map(|(a, b)| &text[a..b])
            .collect()
    }

    #[test]
    fn emails_inside_text() {
        assert_eq!(found(Kind::Email, "ada@acme.test"), ["ada@acme.test"]);
        assert_eq!(
            found(
                Kind::Email,
                "moved for ada.l+x@mail.acme.test, then bob@x.io."
            ),
            ["ada.l+x@mail.acme.test", "bob@x.io"]
        );
        for none in [
            "@",
            "a@b",
            "user@localhost",
            "x@.com",
            "@acme.test",
            "a@b.c1",
        ] {
            assert!(found(Kind::Email, none).is_empty(), "{none}");
        }
    }

    #[test]
    fn ip_addresses_v4_and_v6_but_not_times_or_versions() {
        assert_eq!(found(Kind::Ip, "203.0.113.5"), ["203.0.113.5"]);
        assert_eq!(found(Kind::Ip, "from 10.0.0.9."), ["10.0.0.9"]);
        assert_eq!(found(Kind::Ip, "2001:db8::42"), ["2001:db8::42"]);
        assert_eq!(
            found(Kind::Ip, "::1 and ::ffff:192.0.2.1"),
            ["::1", "::ffff:192.0.2.1"]
        );
        assert_eq!(
            found(Kind::Ip, "2001:0db8:85a3:0000:0000:8a2e:0370:7334"),
            ["2001:0db8:85a3:0000:0000:8a2e:0370:7334"]
        );
        for none in [
            "10:00:00",
            "1.2.3",
            "256.1.1.1",
            "v1.2.3.4",
            "2026-10-01T10:00:00Z",
            "a:b:c",
            "1.2.3.4.5",
        ] {
            assert!(found(Kind::Ip, none).is_empty(), "{none}");
        }
    }

    #[test]
    fn credentials_by_shape() {
        assert_eq!(
            found(
                Kind::Token,
                "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"
            ),
            ["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"]
        );
        assert_eq!(found(Kind::Token, "bearer abc"), ["abc"]);
        assert_eq!(
            found(Kind::Token, "key sk_live_abcdEFGH1234567890abcd used"),
            ["sk_live_abcdEFGH1234567890abcd"]
        );
        assert_eq!(
            found(Kind::Token, "AKIAIOSFODNN7EXAMPLE"),
            ["AKIAIOSFODNN7EXAMPLE"]
        );
        assert_eq!(
            found(Kind::Token, "x Zk3mQ9vR2tL8wB5nH1cY7dF4gJ6sA0pE y"),
            ["Zk3mQ9vR2tL8wB5nH1cY7dF4gJ6sA0pE"]
        );
        for none in [
            "550e8400-e29b-41d4-a716-446655440000",
            "da39a3ee5e6b4b0d3255bfef95601890afd80709",
            "booking.update",
            "Mozilla/5.0 (X11; Linux x86_64)",
            "mail.example.com",
            "AKIA",
            "/Users/AdaLovelace/Documents/Report2026Q3Final",
        ] {
            assert!(found(Kind::Token, none).is_empty(), "{none}");
        }
    }
}
