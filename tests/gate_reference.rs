//! The request gate against a reference: the `url` crate's WHATWG URL parser, which is
//! how a browser reads an address before it fetches it.
//!
//! Generated addresses mix what attackers use to slip past a prefix rule: case, default
//! and odd ports, `\` and repeated slashes, userinfo, dot segments plain and encoded,
//! encoded separators, `..;`, spaces and non-ASCII, numeric hosts, queries and fragments.
//!
//! The property, for the first request of a load under an allow-list:
//! - when the gate clears an address, the reference parses it, and the URL the gate hands
//!   to the browser is exactly the reference's serialization (fragment dropped), whose
//!   origin and path lie under an allowed entry at a segment boundary;
//! - when the reference's reading lies under an entry, the gate clears it, unless the
//!   address carries userinfo, a host the browser rewrites (a number, a trailing dot on
//!   an address), or a path a back end could still route elsewhere (an encoded `/`, `\`
//!   or NUL, a dot segment behind `;` or an escape, a doubly encoded escape): those the
//!   gate refuses on purpose.

#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use trailview::core::source::gate::Gate;
use url::Url;

const ENTRIES: &[&str] = &[
    "https://api.example.com",
    "https://api.example.com/audit",
    "https://api.example.com/audit/",
    "http://127.0.0.1:8080/x",
    "https://[::1]/a",
];

fn config(cases: u32) -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(cases),
        rng_seed: RngSeed::Fixed(0x6761_7465),
        failure_persistence: None,
        ..Config::default()
    }
}

fn pick(items: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    proptest::sample::select(items)
}

/// An address as a hostile link or endpoint might write it, and its host as written.
fn address() -> impl Strategy<Value = (String, &'static str)> {
    let segment = prop_oneof![
        5 => pick(&["audit", "audit", "admin", "x", "a", "", "AUDIT", "%41", "a b", "é", "v1.2", "...", "audit-evil"]),
        1 => pick(&["..", ".", "%2e", "%2E%2e", ".%2e", "..%2f", "%2F", "..;", ".;", "%252e", "a%5Cb", "..%00"]),
    ];
    let path =
        proptest::collection::vec((segment, pick(&["/", "/", "\\"])), 0..5).prop_map(|segs| {
            segs.into_iter()
                .map(|(s, sep)| format!("{sep}{s}"))
                .collect::<String>()
        });
    (
        pick(&["", "", "", "", " ", "\t", "\n "]),
        pick(&[
            "http",
            "https",
            "https",
            "https",
            "HTTP",
            "HtTpS",
            "ftp",
            "javascript",
        ]),
        pick(&["//", "//", "//", "//", "/", "", "\\\\", "///", "/\\"]),
        pick(&[
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "u@",
            "a:b@",
            "api.example.com@",
        ]),
        pick(&[
            "api.example.com",
            "api.example.com",
            "api.example.com",
            "api.example.com",
            "127.0.0.1",
            "[::1]",
            "API.Example.COM",
            "evil.test",
            "api.example.com.evil.test",
            "127.0.0.1",
            "[::1]",
            "[0:0::1]",
            "2130706433",
            "0x7f.0.0.1",
            "127.1",
            "api.example.com.",
        ]),
        pick(&[
            "", "", "", "", "", ":443", ":80", ":8443", ":", ":0443", ":99999", ":8080", ":8080",
        ]),
        path,
        pick(&["", "?x=1", "?a b", "?q=/admin", "?", "?é"]),
        pick(&["", "#f", "#../admin"]),
    )
        .prop_map(
            |(lead, scheme, slashes, user, host, port, path, query, fragment)| {
                let address =
                    format!("{lead}{scheme}:{slashes}{user}{host}{port}{path}{query}{fragment}");
                (address, host)
            },
        )
}

/// True if `url` lies under `entry` (both read by the reference) at a segment boundary.
fn under(entry: &Url, url: &Url) -> bool {
    let prefix = entry.path();
    entry.scheme() == url.scheme()
        && entry.host_str() == url.host_str()
        && entry.port_or_known_default() == url.port_or_known_default()
        && (prefix == "/"
            || url.path().strip_prefix(prefix).is_some_and(|rest| {
                rest.is_empty() || prefix.ends_with('/') || rest.starts_with('/')
            }))
}

/// The reference's reading of what a back end could still route elsewhere.
fn ambiguous(path: &str) -> bool {
    path.split('/').any(|seg| {
        let raw: Vec<u8> = percent_decode(seg);
        let text = String::from_utf8_lossy(&raw);
        let head = text.split(';').next().unwrap_or("");
        raw.iter().any(|&b| b == b'/' || b == b'\\' || b == 0)
            || head == "."
            || head == ".."
            || raw
                .windows(3)
                .any(|w| w[0] == b'%' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit())
    })
}

fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

/// True if the browser reads the host (as written) as another one: an IPv4 address
/// written as a number, in hex or octal, or with a trailing dot.
fn host_rewritten(written: &str, url: &Url) -> bool {
    !written.starts_with('[') && url.host_str() != Some(written.to_ascii_lowercase().as_str())
}

fn check(list: &[&str], address: &str, host: &str) -> Result<(), TestCaseError> {
    let entries: Vec<Url> = list.iter().map(|e| Url::parse(e).unwrap()).collect();
    let mut gate = Gate::new(list.iter().map(|e| e.to_string()).collect());
    let ours = gate.first(address);
    let reference = Url::parse(address)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"));
    match (&ours, &reference) {
        (Ok(cleared), Some(r)) => {
            let mut fetched = r.clone();
            fetched.set_fragment(None);
            prop_assert_eq!(cleared.url(), fetched.as_str(), "{:?}", address);
            prop_assert!(r.username().is_empty() && r.password().is_none());
            prop_assert!(
                entries.iter().any(|e| under(e, r)),
                "{:?} is under no entry",
                address
            );
            prop_assert!(!ambiguous(r.path()), "{:?}", address);
        }
        (Ok(cleared), None) => {
            prop_assert!(
                false,
                "cleared {:?} as {:?}, which no browser fetches",
                address,
                cleared.url()
            );
        }
        (Err(_), Some(r)) => {
            let on_purpose = !r.username().is_empty()
                || r.password().is_some()
                || host_rewritten(host, r)
                || ambiguous(r.path());
            prop_assert!(
                on_purpose || !entries.iter().any(|e| under(e, r)),
                "refused {:?}, which lies under an entry as {}",
                address,
                r
            );
        }
        (Err(_), None) => {}
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(20_000))]

    /// The gate clears an address iff the browser's reading of it lies under an entry.
    #[test]
    fn the_gate_clears_what_the_browser_would_fetch_under_an_entry(
        (address, host) in address(),
        lists in proptest::sample::subsequence(ENTRIES, 1..=3),
    ) {
        check(&lists, &address, host)?;
    }
}

#[test]
fn a_table_of_hostile_addresses() {
    let audit = ["https://api.example.com/audit"];
    for hostile in [
        "https://api.example.com/audit/../admin",
        "https://api.example.com/audit/..%2Fadmin",
        "https://api.example.com/audit/%2e%2e%2fadmin",
        "https://api.example.com/audit/..;/admin",
        "https://api.example.com/audit/..%5Cadmin",
        "https://api.example.com/audit/%252e%252e%252fadmin",
        "https://api.example.com/audit\\..\\admin",
        "https://api.example.com/audit-evil",
        "https://api.example.com.evil.test/audit",
        "https://api.example.com@evil.test/audit",
        "https://evil.test/https://api.example.com/audit",
        "https://evil.test/?https://api.example.com/audit",
        "http://api.example.com/audit",
        "https://api.example.com:8443/audit",
        "javascript://api.example.com/audit%0aalert(1)",
    ] {
        assert!(
            Gate::new(audit.map(String::from).to_vec())
                .first(hostile)
                .is_err(),
            "{hostile}"
        );
        let host = Url::parse(hostile)
            .ok()
            .and_then(|u| u.host_str().map(String::from))
            .unwrap_or_default();
        check(&audit, hostile, &host).unwrap();
    }
}
