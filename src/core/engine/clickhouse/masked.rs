//! Redaction in the ClickHouse engine: rows are masked by the one redaction
//! point, and what the server searches, filters, counts and sorts is masked text.
//!
//! Every row the server sends (a page, an entry, an export chunk, the sample for the
//! roles) becomes a small dataset through [`dataset`], which masks each entry with
//! [`Redaction::rewrite`] as it is stored, exactly as the in-memory engine does.
//!
//! The server never sees the redaction's Rust code, so whatever it compares with
//! what a viewer typed (search, column filters, the app scope, an entry id), counts
//! (facets) or orders by (a sort) is the column's text passed through
//! `replaceRegexpAll` with RE2 patterns ([`Masking::text`]) that mask at least what
//! [`Redaction::rewrite`] masks, and usually a little more: a search can miss what
//! memory would find next to a masked value, never find what memory has masked. A
//! column a field rule covers is not searched or filtered at all ([`Masking::hides`])
//! and counts as one value, `••• redacted`.
//!
//! The patterns are written in ASCII (but for the e-mail mask an IP address may
//! follow, whose bytes read the same either way), and whether RE2 reads the text as
//! bytes (Latin-1) or UTF-8 they mask at least what the redaction masks: a character
//! beyond ASCII (part of an internationalised address, `josé@exämple.de`) is matched
//! by `[^\x00-\x7F]` in an alternation, one character to RE2 reading UTF-8 and each
//! of its bytes to RE2 reading bytes; what may follow an address is an explicit ASCII
//! class or that alternative (and RE2's `\b`, in the IP patterns, knows ASCII words
//! only).
//!
//! The patterns read text as standard JSON writers write it: `\/` and `\uXXXX` for
//! non-ASCII characters may appear, an ASCII letter, digit or sign written as
//! `\u00XX` never does. A value holding such an escape (at any depth of JSON inside
//! strings) is masked whole, so no escaped address slips past. Before the kinds are
//! looked for, an escaped character beyond ASCII (`\u00e9`, each half of a surrogate
//! pair) becomes such a character, part of an address as `é` is, and any other
//! escape a space, which ends a value as its character does.

use crate::core::dataset::Dataset;
use crate::core::roles::Mapping;
use crate::core::trust::redact::kinds::KEY_PREFIXES;
use crate::core::trust::redact::{Kind, MASK, Redaction};

/// A dataset of entries `ndjson` (one JSON document a line) masked by `redaction`
/// as they are stored, with roles as `mapping` sets them: every row read from the
/// server becomes one so (an unreadable line is left out, as in memory).
pub(crate) fn dataset(
    ndjson: Vec<u8>,
    redaction: &Redaction,
    mapping: Option<&Mapping>,
) -> Dataset {
    let mut d = Dataset::new();
    d.set_redaction(redaction);
    // A broken line is reported by the load and skipped; the rest stays.
    let _ = d.load(ndjson);
    if let Some(m) = mapping {
        d.set_mapping(m);
    }
    d
}

/// An escape of an ASCII printable character, at any depth of JSON in a string.
const ODD_ESCAPE: &str = r"\\+u00[2-7][0-9A-Fa-f]";

/// A JSON escape of a character beyond ASCII (`\u00e9`, each half of `\ud83e\udd80`)
/// at a depth of JSON in a string up to four: 1, 2, 4 or 8 backslashes. A count in
/// between is an escaped backslash before such an escape.
const WIDE_ESCAPE: &str = r"(?:\\{8}|\\{4}|\\{2}|\\)u(?:[1-9A-Fa-f][0-9A-Fa-f]{3}|0[1-9A-Fa-f][0-9A-Fa-f]{2}|00[89A-Fa-f][0-9A-Fa-f])";
/// What a [`WIDE_ESCAPE`] becomes: a character beyond ASCII that counts as a letter of
/// a last label (an escaped Latin-1 sign such as `\u00a0` counts here, not in memory).
const WIDE_CHARACTER: &str = "\u{FFFD}";
/// A character beyond ASCII: one character (UTF-8) or one of its bytes (Latin-1).
const WIDE: &str = r"[^\x00-\x7F]";
/// What counts towards the two letters of a last label: an ASCII letter, or a character
/// from U+00C0 on (one in UTF-8; in Latin-1, the first byte of any from U+0080 on).
const TLD_LETTER: &str = r"[A-Za-z]|[^\x00-\xBF]";
/// What may follow an address: an ASCII character that cannot go on with a domain, or
/// a character beyond ASCII (where [`Kind::Email`] may end a domain too).
const AFTER_ADDRESS: &str = r"[\x00-\x2C\x2F\x3A-\x40\x5B-\x60\x7B-\x7F]|[^\x00-\x7F]";
/// A group of an IPv6 address.
const GROUP: &str = "[0-9A-Fa-f]{1,4}";
/// A number of an IPv4 address (up to three digits, at most 255).
const OCTET: &str = "(?:25[0-5]|2[0-4][0-9]|[01]?[0-9]{1,2})";
/// A JSON escape that ends in a letter or digit (a control or non-ASCII character,
/// at any depth of JSON in a string), where the character it stands for ends a word
/// (of an address, only a control character: see [`WIDE_ESCAPE`]).
const ESCAPE: &str = r"\\+(?:u[0-9A-Fa-f]{4}|[nrtbf])";
/// A character of a key or token (`/` also written `\/`).
const KEY: &str = r"(?:[A-Za-z0-9_.+/=-]|\\+/)";
/// A character of a long random key (no `.` or `/`).
const RANDOM: &str = r"[A-Za-z0-9_+=-]";
/// The IP addresses [`Kind::Ip`] masks, as two RE2 alternations: those that start
/// with a hex digit and those that start with `:`. Groups of up to four hex digits:
/// eight, or six and an IPv4 address; any number around one `::`, then maybe an
/// IPv4 address; a lone IPv4 address. As the finder reads them, a group list may
/// end in one `:`, and one around `::` may start with one.
fn ip_forms() -> (String, String) {
    let v4 = format!("{OCTET}(?:\\.{OCTET}){{3}}");
    let tail = format!("{GROUP}(?::{GROUP}){{0,6}}:?|(?:{GROUP}:){{0,5}}{v4}");
    let hex = format!(
        "(?:{GROUP}:){{7}}{GROUP}:?|(?:{GROUP}:){{6}}{v4}|(?:{GROUP}:){{0,6}}{GROUP}::(?:{tail})?|{v4}"
    );
    let colon = format!(":(?::(?:{tail})|(?:{GROUP}:){{0,6}}{GROUP}::(?:{tail})?)");
    (hex, colon)
}

/// RE2 steps (pattern, replacement with `\1`, `\2`) masking `kind`, applied in order.
///
/// Each pattern takes what the redaction's finder takes as one candidate: the same
/// run of characters with the same boundaries (RE2's ASCII `\b`), so a pattern never
/// cuts into a word that another kind, masked next, must still see whole. Within
/// such a run it accepts at least what the finder accepts. `kinds` are all the kinds
/// masked (what an earlier step may have left next to a value).
fn kind_steps(kind: Kind, kinds: &[Kind]) -> Vec<(String, String)> {
    let mask = format!("{MASK} {}", kind.name());
    match kind {
        // Addresses, ASCII or not (RFC 6531), that end where the domain's run ends or
        // before a character beyond ASCII (dots and dashes aside); the character after
        // is kept.
        Kind::Email => {
            let local = format!("(?:[A-Za-z0-9._%+'-]|{WIDE})");
            let undotted = format!("(?:[A-Za-z0-9_%+'-]|{WIDE})");
            let letter = format!("(?:[A-Za-z]|{WIDE})");
            let counted = format!("(?:{TLD_LETTER})");
            // Not starting with a dot, holding one; the last label letters with two that
            // count (see [`TLD_LETTER`]), or an A-label (`xn--p1ai`).
            let head = format!("(?:[A-Za-z0-9-]|{WIDE})(?:[A-Za-z0-9.-]|{WIDE})*\\.");
            let domain = format!(
                "{head}(?:{letter}*{counted}{letter}*{counted}{letter}*|[Xx][Nn]--[A-Za-z0-9-]*[A-Za-z0-9])"
            );
            // A last label ending in `Bearer` or `Basic` after a character beyond ASCII
            // (`x.io→Bearer`): the token finder reads that word as a scheme, so the
            // credential after it is taken too.
            let scheme =
                format!("{head}{letter}*(?:{WIDE})(?i:bearer|basic) (?:(?i:bearer|basic) )*{KEY}+");
            let domain = format!("(?:{scheme}|{domain})");
            // One address may follow another at once, where the finder ends the first's
            // domain: the second's local part goes on from there with a character that
            // cannot go on with a domain (`a@b.io+c@d.io`, `a@b.io日c@d.io`), or it is
            // the first's domain (`a@b.io@c.io`). They are taken together.
            let next = format!("[.-]*(?:(?:[_%+']|{WIDE}){local}*)?@{domain}");
            vec![(
                format!(
                    "{local}*{undotted}{local}*@{domain}(?:{next})*[.-]*(?:$|({AFTER_ADDRESS}))"
                ),
                format!("{mask}\\1"),
            )]
        }
        // A whole run of hex digits, `:` and `.` (trailing dots aside) that starts and
        // ends a word, in one of the address forms; the character after it is kept.
        Kind::Ip => {
            let (hex, colon) = ip_forms();
            let after = "\\.*(?:$|([^0-9A-Za-z_:.]))";
            if !kinds.contains(&Kind::Email) {
                return vec![(
                    format!("(?:\\b(?:{hex})|\\B(?:{colon})){after}"),
                    format!("{mask}\\1"),
                )];
            }
            // An address ending in a character beyond ASCII or in dots (`ada@x.io.`)
            // may be followed at once by one starting with `:` (`::1`), which the e-mail
            // mask that took that character now precedes: the mask is kept.
            let email = format!("{MASK} {}", Kind::Email.name());
            vec![(
                format!("(?:\\b(?:{hex})|(?:\\B|({email}))(?:{colon})){after}"),
                format!("\\1{mask}\\2"),
            )]
        }
        Kind::Token => {
            // An escape's letter the text took for one (see [`ESCAPE`]) may be gone from
            // the start of a key: `rk_live_` is also looked for as `k_live_`, and a
            // long key from 31 characters on.
            let prefixes: Vec<String> = KEY_PREFIXES
                .iter()
                .flat_map(|p| {
                    let short = p.strip_prefix(['n', 'r', 't', 'b', 'f']);
                    [Some(*p), short].into_iter().flatten()
                })
                .map(|p| p.replace('.', "\\."))
                .collect();
            // A run of 31 or more with an upper-case letter has one with at least k
            // characters before it and 30 - k after it, for some k in 0..=30.
            let long: Vec<String> = (0..31)
                .map(|k| format!("{RANDOM}{{{k}}}[A-Z]{RANDOM}{{{}}}", 30 - k))
                .collect();
            vec![
                // The credential after `Bearer ` or `Basic ` (which may be another such
                // word: `basic basic x` masks `x`), the first word kept; where an escape
                // (now a space) took the word's `b`, also after `asic ` or `earer `.
                (
                    format!(
                        "((?i:bearer|basic) | (?i:earer|asic) )(?:(?i:b?earer|b?asic) )*{KEY}+"
                    ),
                    format!("\\1{mask}"),
                ),
                (
                    format!(
                        "(?:{}){KEY}{{12,}}|eyJ{KEY}*|{RANDOM}*(?:{}){RANDOM}*",
                        prefixes.join("|"),
                        long.join("|")
                    ),
                    mask,
                ),
            ]
        }
    }
}

/// The key names a field rule may cover (an RE2 alternation, any case): the last
/// name of a path without `*` (or its last names with their dots, as one key may
/// be named); with `*`, any key holding its longest literal piece
/// (every path the rule matches has a key holding that piece, and its value
/// within it); any key at all when the rule has no literal piece. Keys with
/// characters beyond ASCII (whose case folding RE2 may not know) count as covered.
fn field_keys(fields: &[String]) -> String {
    let escape = |s: &str| {
        s.chars()
            .map(|c| match c {
                c if c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == ' ' => c.to_string(),
                c => format!("\\x{{{:x}}}", c as u32),
            })
            .collect::<String>()
    };
    let mut alts: Vec<String> = fields
        .iter()
        .flat_map(|f| {
            let f = f.to_lowercase();
            if !f.contains('*') {
                // The last name, or the last names together: a key may hold a dot.
                let lasts = f
                    .match_indices('.')
                    .map(|(i, _)| &f[i + 1..])
                    .chain([f.as_str()]);
                return lasts
                    .map(
                        |last| match last.is_ascii() && !last.contains(['"', '\\']) {
                            true => escape(last),
                            false => "[^\"]*".to_string(),
                        },
                    )
                    .collect::<Vec<_>>();
            }
            let piece = f
                .split(['*', '.'])
                .filter(|p| p.is_ascii() && !p.contains(['"', '\\']))
                .max_by_key(|p| p.len())
                .unwrap_or_default();
            vec![format!("[^\"]*{}[^\"]*", escape(piece))]
        })
        .collect();
    alts.push("[^\"]*[^\\x00-\\x7f][^\"]*".into());
    alts.push("[^\"]*\\\\+u[^\"]*".into());
    format!("(?i:{})", alts.join("|"))
}

/// RE2 steps masking the values of keys that `fields` may cover, in JSON text: a
/// string, number or `true`/`false` after such a key is masked as in an entry; an
/// object or array, or any value of a JSON document inside a string, is masked to
/// the end of the text.
fn field_steps(fields: &[String]) -> Vec<(String, String)> {
    let keys = field_keys(fields);
    let redacted = format!("\"{MASK} redacted\"");
    vec![
        (
            format!(
                "(\"{keys}\"\\s*:\\s*)(?:\"(?:[^\"\\\\]|\\\\.)*\"|-?[0-9][0-9.eE+-]*|true|false)"
            ),
            format!("\\1{redacted}"),
        ),
        (
            format!("(?s)\"{keys}\"\\s*:\\s*[\\[{{].*"),
            redacted.clone(),
        ),
        (format!("(?s)\\\\+\"{keys}\\\\+\"\\s*:.*"), redacted),
    ]
}

/// What the server must mask in the text it compares, counts and sorts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Masking {
    redaction: Redaction,
    /// (RE2 pattern, replacement) in order: field rules, then kinds.
    steps: Vec<(String, String)>,
}

impl Masking {
    /// The masking for `redaction`.
    pub(crate) fn new(redaction: &Redaction) -> Masking {
        let (mut kinds, mut fields) = (Vec::new(), Vec::new());
        for item in redaction.items() {
            match Kind::from_name(&item) {
                Some(k) => kinds.push(k),
                None => fields.push(item),
            }
        }
        let mut steps = Vec::new();
        if !fields.is_empty() {
            steps.extend(field_steps(&fields));
        }
        // In the order the redaction masks them: e-mail, then IP, then tokens, each on
        // text where a JSON escape such as `\n` ends a word as its character does (the
        // escape becomes a space), but an escaped character beyond ASCII is one, part
        // of an address (for IPs and tokens, either ends a word).
        kinds.sort();
        if kinds.contains(&Kind::Email) {
            steps.push((WIDE_ESCAPE.to_string(), WIDE_CHARACTER.to_string()));
        }
        if !kinds.is_empty() {
            steps.push((ESCAPE.to_string(), " ".to_string()));
        }
        for &k in &kinds {
            steps.extend(kind_steps(k, &kinds));
        }
        Masking {
            redaction: redaction.clone(),
            steps,
        }
    }

    /// The redaction.
    pub(crate) fn redaction(&self) -> &Redaction {
        &self.redaction
    }

    /// True if nothing is masked.
    pub(crate) fn is_empty(&self) -> bool {
        self.redaction.is_empty()
    }

    /// True if a field rule covers every value of column `path`: it is not searched,
    /// filtered or sorted by, and counts as the one value `••• redacted`.
    pub(crate) fn hides(&self, path: &str) -> bool {
        self.redaction.masks_field(path)
    }

    /// `expr` (a `String` expression, maybe `Nullable`) as the server should compare
    /// it: with every value of a masked kind or field replaced, at least where the
    /// redaction would mask it. `expr` itself when nothing is masked.
    pub(crate) fn text(&self, expr: &str) -> String {
        if self.steps.is_empty() {
            return expr.to_string();
        }
        let lit = crate::core::engine::clickhouse::sql::string;
        let mut out = expr.to_string();
        for (pattern, with) in &self.steps {
            out = format!("replaceRegexpAll({out}, {}, {})", lit(pattern), lit(with));
        }
        format!(
            "if(match({expr}, {}), {}, {out})",
            lit(ODD_ESCAPE),
            lit(MASK)
        )
    }

    /// The steps (RE2 pattern, replacement), for checking them natively.
    #[cfg(all(test, not(target_arch = "wasm32")))]
    pub(crate) fn steps(&self) -> &[(String, String)] {
        &self.steps
    }
}

// Native only: the patterns are checked with the `regex` crate.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
