//! Key paths: how a field's place in an entry is written.
//!
//! Keys are joined by `.` and array elements are `[]`: `actor.email`, `data.to[]`.
//! A key that itself holds `.`, `[`, `]`, `,` or `\` has each of those escaped with
//! `\`, so `{"a.b": 1}` is `a\.b` while `{"a": {"b": 2}}` is `a.b`, and a path
//! stays one item in the comma lists of `cols=` and `map=`.

/// Characters escaped inside one key.
const SPECIAL: &[char] = &['\\', '.', '[', ']', ','];

/// Appends `key` to `out`, escaped.
pub(crate) fn push_key(out: &mut String, key: &str) {
    if !key.contains(SPECIAL) {
        out.push_str(key);
        return;
    }
    for c in key.chars() {
        if SPECIAL.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
}

/// The path of member `key` of the object at `parent` (`""` is the entry itself).
pub(crate) fn child(parent: &str, key: &str) -> String {
    let mut out = String::with_capacity(parent.len() + key.len() + 1);
    out.push_str(parent);
    if !parent.is_empty() {
        out.push('.');
    }
    push_key(&mut out, key);
    out
}

/// The path of the elements of the array at `parent`.
pub(crate) fn elements(parent: &str) -> String {
    format!("{parent}[]")
}

/// Splits a comma list of paths (`cols=`, `map=`) at commas that are not escaped.
pub(crate) fn split_list(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut escaped) = (0, false);
    for (i, c) in s.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            ',' => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dotted_key_and_a_nested_one_get_different_paths() {
        assert_eq!(child("", "a.b"), r"a\.b");
        assert_eq!(child("a", "b"), "a.b");
        assert_eq!(child(r"x\,y", r"w[0]\"), r"x\,y.w\[0\]\\");
        assert_eq!(elements("data.to"), "data.to[]");
    }

    #[test]
    fn lists_split_only_at_plain_commas() {
        assert_eq!(
            split_list(r"time,a\,b,c\\,d"),
            ["time", r"a\,b", r"c\\", "d"]
        );
        assert_eq!(split_list(""), [""]);
    }
}
