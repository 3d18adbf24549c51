//! Percent-encoding, in one place: each way the app writes a URL piece is one
//! [`AsciiSet`] (the bytes it escapes) and one function, all through the
//! `percent-encoding` crate. Bytes outside ASCII are always escaped, as UTF-8, with
//! upper-case hex (`é` is `%C3%A9`); decoding keeps a `%` that starts no valid escape
//! and reads invalid UTF-8 as U+FFFD.

use percent_encoding::{
    AsciiSet, CONTROLS, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode,
};

/// A query component: everything but RFC 3986's unreserved characters is escaped.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A value of the view's own query string: as [`COMPONENT`], but the characters that
/// keep it readable and mean nothing inside a query value stay (`: , / @ ! * ' ( ) $ ;`).
const READABLE: &AsciiSet = &COMPONENT
    .remove(b':')
    .remove(b',')
    .remove(b'/')
    .remove(b'@')
    .remove(b'!')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'$')
    .remove(b';');

/// One path segment: everything RFC 3986 does not allow in a segment (`/`, `?`, `#`,
/// `%`, space, quotes, brackets, ...).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A canonical path: controls, space and `"` `#` `<` `>` `?` `\` `^` `` ` `` `{` `|` `}`,
/// which browsers encode or disagree on. `%` stays, so escapes are kept as written.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A canonical query: as [`PATH`], but `?` stays and `'` is escaped.
const QUERY: &AsciiSet = &PATH.remove(b'?').add(b'\'');

/// `s` as a query component (`a b&c` is `a%20b%26c`): only unreserved characters stay.
pub(crate) fn component(s: &str) -> String {
    utf8_percent_encode(s, COMPONENT).to_string()
}

/// `s` as a value of the view's query string: as [`component`], but `: , / @ ! * ' ( )
/// $ ;` stay, so that `source=https://…` and `map=time:published` read as written.
pub(crate) fn readable(s: &str) -> String {
    utf8_percent_encode(s, READABLE).to_string()
}

/// `s` as one path segment: `/`, `?`, `#`, `%` and the like are escaped, so no value
/// can add a segment, a query or a fragment.
pub(crate) fn segment(s: &str) -> String {
    utf8_percent_encode(s, SEGMENT).to_string()
}

/// A path as a browser canonicalises it: escapes kept, the rest of [`PATH`] escaped.
pub(crate) fn path(s: &str) -> String {
    utf8_percent_encode(s, PATH).to_string()
}

/// A query as a browser canonicalises it: escapes kept, the rest of [`QUERY`] escaped.
pub(crate) fn query(s: &str) -> String {
    utf8_percent_encode(s, QUERY).to_string()
}

/// `s` with its `%XX` escapes decoded; a `+` stays a `+`.
pub(crate) fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// A query component decoded as a form value: `+` is a space, `%2B` a `+`.
pub(crate) fn decode_form(s: &str) -> String {
    decode(&s.replace('+', " "))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ASCII bytes that `encode` leaves as they are.
    fn kept(encode: fn(&str) -> String) -> String {
        (0u8..0x80)
            .map(char::from)
            .filter(|c| encode(&c.to_string()) == c.to_string())
            .collect()
    }

    #[test]
    fn each_piece_keeps_exactly_its_characters() {
        let alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        let sorted = |s: &str| {
            let mut v: Vec<char> = s.chars().collect();
            v.sort();
            v.into_iter().collect::<String>()
        };
        assert_eq!(kept(component), sorted(&format!("{alnum}-._~")));
        assert_eq!(kept(readable), sorted(&format!("{alnum}-._~:,/@!*'()$;")));
        assert_eq!(kept(segment), sorted(&format!("{alnum}!$&'()*+,-.:;=@_~")));
        assert_eq!(kept(path), sorted(&format!("{alnum}!$%&'()*+,-./:;=@[]_~")));
        assert_eq!(
            kept(query),
            sorted(&format!("{alnum}!$%&()*+,-./:;=?@[]_~"))
        );
    }

    #[test]
    fn escapes_are_upper_case_utf8() {
        for encode in [component, readable, segment, path, query] {
            assert_eq!(encode("é\u{1}\u{7f}"), "%C3%A9%01%7F");
        }
        assert_eq!(component("a b+c&d=e%"), "a%20b%2Bc%26d%3De%25");
        assert_eq!(readable("a b+c&d=e"), "a%20b%2Bc%26d%3De");
        assert_eq!(segment("a/b?c#d%"), "a%2Fb%3Fc%23d%25");
        // Canonical paths and queries keep escapes, valid or not, as written.
        assert_eq!(path("%2F%zz a"), "%2F%zz%20a");
        assert_eq!(query("%41'?"), "%41%27?");
    }

    #[test]
    fn decoding_keeps_what_is_not_an_escape() {
        for (s, want) in [
            ("%41%42", "AB"),
            ("%c3%A9", "é"),
            ("a%2", "a%2"),
            ("100%", "100%"),
            ("%zz%4", "%zz%4"),
            ("%%41", "%A"),
            ("%+1", "%+1"),
            ("%2+", "%2+"),
            ("%FF", "\u{FFFD}"),
        ] {
            assert_eq!(decode(s), want, "{s}");
        }
        assert_eq!(decode("a+b%2B"), "a+b+");
    }

    #[test]
    fn a_form_value_reads_plus_as_a_space() {
        assert_eq!(decode_form("a+b%2Bc"), "a b+c");
        assert_eq!(decode_form("%2+"), "%2 ");
        // `%+1` is no escape: the view codec's own decoder read it as the byte 1
        // (`u8::from_str_radix` takes a sign), where browsers keep `% 1`.
        assert_eq!(decode_form("%+1"), "% 1");
        assert_eq!(decode_form("++"), "  ");
    }

    #[test]
    fn encoding_then_decoding_gives_the_text_back() {
        let text = "a b+c&d=e%f/g?h#i'j\"k<é>😀\u{0}";
        for encode in [component, readable] {
            assert_eq!(decode_form(&encode(text)), text);
        }
        // A path segment keeps `+`, which a path does not read as a space.
        assert_eq!(decode(&segment(text)), text);
    }
}
