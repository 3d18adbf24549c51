//! An action's words: split where a character is not an ASCII letter or digit and
//! where a lower-case letter or digit meets a capital (`twoFactor` -> `two factor`;
//! a run of capitals stays one word, `MFADisabled` -> `mfadisabled`), lower-cased.
//!
//! ClickHouse reads the same words with two `replaceRegexpAll` calls (see
//! [`NORMALISE`]), so a rule matches the same actions in both engines.

/// The RE2 replacements that give the words as ClickHouse reads them, in order:
/// every run of other characters to one space, then a space at each lower-to-upper
/// step. Lower-cased and padded with a space each side, the text is the words
/// joined by single spaces (maybe two at either end).
pub const NORMALISE: [(&str, &str); 2] = [("[^A-Za-z0-9]+", " "), ("([a-z0-9])([A-Z])", "\\1 \\2")];

/// The words of `action`, lower case.
pub fn words(action: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev: u8 = b' ';
    for &b in action.as_bytes() {
        let alnum = b.is_ascii_alphanumeric();
        let step = b.is_ascii_uppercase() && (prev.is_ascii_lowercase() || prev.is_ascii_digit());
        if (!alnum || step) && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        if alnum {
            cur.push(b.to_ascii_lowercase() as char);
        }
        prev = b;
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Where `pattern` (words separated by spaces, a trailing `*` meaning "a word
/// starting with") first occurs in `words`: the words it matched.
pub fn find<'a>(words: &'a [String], pattern: &str) -> Option<&'a [String]> {
    let (body, prefix) = match pattern.strip_suffix('*') {
        Some(b) => (b, true),
        None => (pattern, false),
    };
    let want: Vec<&str> = body.split(' ').collect();
    let n = want.len();
    (0..words.len().saturating_sub(n - 1)).find_map(|at| {
        let hit = want.iter().enumerate().all(|(i, w)| {
            let word = &words[at + i];
            match prefix && i == n - 1 {
                true => word.starts_with(w),
                false => word == w,
            }
        });
        hit.then(|| &words[at..at + n])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        words(s)
    }

    #[test]
    fn splits_on_punctuation_and_case_steps() {
        assert_eq!(w("user.twofactor.remove"), ["user", "twofactor", "remove"]);
        assert_eq!(
            w("user.twoFactor.remove"),
            ["user", "two", "factor", "remove"]
        );
        assert_eq!(w("TwoFactorDisabled"), ["two", "factor", "disabled"]);
        assert_eq!(w("MFADisabled"), ["mfadisabled"]);
        assert_eq!(w("USER_LOGIN"), ["user", "login"]);
        assert_eq!(w("Two2Factor"), ["two2", "factor"]);
        assert_eq!(w("2FA"), ["2", "fa"]);
        assert_eq!(w("  sign-in  "), ["sign", "in"]);
        assert_eq!(
            w("Anmeldung fehlgeschlagen"),
            ["anmeldung", "fehlgeschlagen"]
        );
        assert_eq!(w("déconnexion"), ["d", "connexion"]);
        assert!(w("").is_empty() && w("..").is_empty());
    }

    #[test]
    fn patterns_match_whole_words_or_prefixes_in_sequence() {
        let ws = w("user.twoFactor.removed");
        assert_eq!(find(&ws, "two factor").map(<[String]>::len), Some(2));
        assert!(find(&ws, "remove").is_none());
        assert!(find(&ws, "remove*").is_some());
        assert!(find(&ws, "factor user").is_none());
        assert!(find(&w("address.update"), "add").is_none());
        assert!(find(&w("a"), "a b").is_none());
    }
}
