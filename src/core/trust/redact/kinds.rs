//! Finding values of a kind inside text: e-mail addresses, IP addresses (v4 and v6)
//! and credentials by shape (bearer tokens, JWTs, API keys).

/// A kind of value that can be masked wherever it appears.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Kind {
    /// `ada@example.com`, and internationalised ones (RFC 6531): `josé@exämple.de`,
    /// `用户@例子.广告`.
    Email,
    /// `203.0.113.5`, `2001:db8::42`.
    Ip,
    /// `Bearer …`, a JWT, `sk_live_…`, `ghp_…`, `AKIA…`, long mixed-case keys.
    Token,
}

impl Kind {
    /// Every kind.
    pub(crate) const ALL: [Kind; 3] = [Kind::Email, Kind::Ip, Kind::Token];

    /// The name in `redact=` and in the mask (`••• email`).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Email => "email",
            Kind::Ip => "ip",
            Kind::Token => "token",
        }
    }

    /// The kind called `name`.
    pub(crate) fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(name))
    }

    /// Byte ranges of `text` holding values of this kind, in order, not overlapping.
    pub(crate) fn find(self, text: &str) -> Vec<(usize, usize)> {
        match self {
            Kind::Email => emails(text),
            Kind::Ip => ips(text),
            Kind::Token => tokens(text),
        }
    }
}

/// A byte of a local part: ASCII letters, digits and `._%+-'`, and every byte of a
/// character beyond ASCII (RFC 6531 allows any in a local part).
fn is_local(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"._%+-'".contains(&b) || !b.is_ascii()
}

/// A byte of a domain: ASCII letters, digits, `.` and `-`, and every byte of a
/// character beyond ASCII (an internationalised domain, `例子.广告`).
fn is_domain(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || !b.is_ascii()
}

/// Addresses, each found from its `@`. The local part is the run of local characters
/// before it (leading dots aside). The domain is the longest valid stretch of domain
/// characters after it that ends where their run ends or before a character beyond
/// ASCII (dots and dashes at its end aside): it does not start with a dot, holds one,
/// and its last label is an A-label (`xn--p1ai`) or letters, ASCII or not, two of
/// which are ASCII or from U+00C0 on (a Latin-1 sign such as `«` or a no-break space
/// may be in it but does not count). Each `@` is read on its own, so an address may
/// take characters the one before it took too (`a@b.io日c@d.io`): its range then
/// starts where that one's ends.
fn emails(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut from = 0;
    while let Some(at) = memchr::memchr(b'@', &b[from..]).map(|i| i + from) {
        from = at + 1;
        let Some(end) = domain_end(b, at + 1) else {
            continue;
        };
        // The local run cannot pass another `@`.
        let mut start = at;
        while start > 0 && is_local(b[start - 1]) {
            start -= 1;
        }
        while start < at && b[start] == b'.' {
            start += 1;
        }
        if start == at {
            continue;
        }
        let start = out.last().map_or(start, |&(_, last)| start.max(last));
        out.push((start, end));
    }
    out
}

/// The end of a valid domain starting at `from` (see [`emails`]), in one pass.
fn domain_end(b: &[u8], from: usize) -> Option<usize> {
    if b.get(from) == Some(&b'.') {
        return None;
    }
    let mut best = None;
    // Where a domain would end if it ended here: after the last label, when that
    // label is valid and only dots and dashes follow it.
    let mut end = None;
    // A dot before the current label; where it starts; the characters in it that
    // count (ASCII, or from U+00C0 on); whether it holds only letters; only ASCII.
    let (mut dot, mut label, mut counted, mut letters, mut ascii) = (false, from, 0, true, true);
    let mut i = from;
    loop {
        let c = b.get(i).copied().filter(|&c| is_domain(c));
        // A domain may end where the run ends or before a character beyond ASCII.
        if !c.is_some_and(|c| c.is_ascii()) && end.is_some() {
            best = end;
        }
        let Some(c) = c else {
            return best;
        };
        match c {
            b'.' => {
                (dot, label, counted, letters, ascii) = (true, i + 1, 0, true, true);
                i += 1;
                continue;
            }
            b'-' => letters = false,
            c if c.is_ascii_digit() => letters = false,
            c if c.is_ascii() => {}
            _ => ascii = false,
        }
        counted += usize::from(c.is_ascii() || c >= 0xc3);
        i += match c {
            0xf0.. => 4,
            0xe0.. => 3,
            0xc0.. => 2,
            _ => 1,
        };
        // Only a last label can end a domain: there is none before the first dot.
        if dot && c != b'-' {
            let a_label =
                || ascii && i - label > 4 && b[label..label + 4].eq_ignore_ascii_case(b"xn--");
            end = (letters && counted >= 2 || a_label()).then_some(i);
        }
    }
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
    fn internationalised_addresses_are_found_whole() {
        // Bug: the finder read ASCII local parts and domains only, so
        // `chloé.garcía@example.com` was masked as `chloé.garcí••• email` (a name left
        // readable) and `用户@例子.广告` not at all.
        for whole in [
            "chloé.garcía@example.com",
            "josé@exämple.de",
            "用户@例子.广告",
            "ivan@пример.рф",
            "ivan@xn--e1afmkfd.xn--p1ai",
            "chloe\u{301}@example.com",
            "🦀@crab.io",
            "ada@bücher.example",
        ] {
            assert_eq!(found(Kind::Email, whole), [whole], "{whole}");
        }
        assert_eq!(
            found(Kind::Email, "moved for josé@exämple.de, then Ünal.Öz@x.io."),
            ["josé@exämple.de", "Ünal.Öz@x.io"]
        );
        // A domain may end before a character beyond ASCII, when the longer stretch
        // is no domain (a last label `de。2026年`).
        assert_eq!(found(Kind::Email, "送信先 ada@x.de。2026年"), ["ada@x.de"]);
        for none in ["é@b", "用户@例子", "a@b.é", "a@b.xn-1", "a@b.é1"] {
            assert!(found(Kind::Email, none).is_empty(), "{none}");
        }
    }

    /// The finder as it read ASCII addresses only, before internationalised ones.
    fn ascii_emails(text: &str) -> Vec<(usize, usize)> {
        let local = |c: u8| c.is_ascii_alphanumeric() || b"._%+-'".contains(&c);
        let domain = |c: u8| c.is_ascii_alphanumeric() || c == b'.' || c == b'-';
        let b = text.as_bytes();
        let (mut out, mut from) = (Vec::new(), 0);
        while let Some(at) = memchr::memchr(b'@', &b[from..]).map(|i| i + from) {
            let (mut start, mut end) = (at, at + 1);
            while start > from && local(b[start - 1]) {
                start -= 1;
            }
            while end < b.len() && domain(b[end]) {
                end += 1;
            }
            while end > at + 1 && matches!(b[end - 1], b'.' | b'-') {
                end -= 1;
            }
            while start < at && b[start] == b'.' {
                start += 1;
            }
            let d = &b[at + 1..end];
            let tld = d.rsplit(|&c| c == b'.').next().unwrap_or_default();
            if start < at
                && d.contains(&b'.')
                && !d.starts_with(b".")
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

    #[test]
    fn addresses_beyond_ascii_mask_all_that_ascii_ones_did() {
        // Widening the finder must not leave readable what it masked before.
        const PIECES: &[&str] = &[
            "a", "Z", "7", "-", ".", "@", "_", "+", "'", " ", "io", ".de", ".c1", "ada@x.io",
            "@x.de", "a@b", "é", "ü", "日", "。", "🦀", "\u{a0}", "e\u{301}", "xn--p1ai", "例子",
            ".广告",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut below = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..100_000 {
            let text: String = (0..1 + below(8))
                .map(|_| PIECES[below(PIECES.len())])
                .collect();
            let now = emails(&text);
            for (a, b) in ascii_emails(&text) {
                assert!(
                    (a..b).all(|i| now.iter().any(|&(x, y)| x <= i && i < y)),
                    "{text:?}: {:?} was masked, now {now:?}",
                    &text[a..b]
                );
            }
            for w in now.windows(2) {
                assert!(w[0].1 <= w[1].0, "{text:?}: {now:?} overlap");
            }
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
