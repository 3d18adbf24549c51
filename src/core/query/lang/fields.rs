//! Which names in a query are fields: a key path the log has, else a role name.
//!
//! A path the log has wins over a role of the same name (what the table shows as a
//! column is what `name:` reads); a role name the log has no path for reads the
//! field that plays the role, so `actor:ada` works on logs of any shape. A name that
//! is neither is not a field, and the text around it is searched as typed.

use crate::core::dataset::Dataset;
use crate::core::roles::Role;

/// Answers which key paths a log has (the in-memory dataset, or a table's schema).
pub(crate) trait Fields {
    /// True if entries have a field at `path` (`data.status`, `a\.b`, `to[]`).
    fn has_path(&self, path: &str) -> bool;
}

impl Fields for Dataset {
    fn has_path(&self, path: &str) -> bool {
        self.column(path).is_some()
    }
}

impl<F: Fn(&str) -> bool> Fields for F {
    fn has_path(&self, path: &str) -> bool {
        self(path)
    }
}

/// What a field name in a query reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Field {
    /// A key path as the app writes it (escaped dotted keys included).
    Path(String),
    /// The field that plays a role, under the name it was written with (lower case).
    Role(Role, &'static str),
    /// The entry's kind of event, read from its action ([`crate::core::kind`]).
    Kind,
    /// Why the entry is an actor's first with a value, if it is
    /// ([`crate::core::explain::first_seen`]).
    First,
}

/// The name of the kind of event in queries (`kind:sign-in`).
pub(crate) const KIND: &str = "kind";

/// The name of first seen in queries (`first:ip`).
pub(crate) const FIRST: &str = "first";

/// Role names a query may use, and the role each reads (`level` is the severity).
pub(crate) const ROLE_NAMES: [(&str, Role); 15] = [
    ("time", Role::Time),
    ("actor", Role::Actor),
    ("action", Role::Action),
    ("target", Role::Target),
    ("app", Role::App),
    ("appid", Role::AppId),
    ("category", Role::Category),
    ("ip", Role::Ip),
    ("agent", Role::UserAgent),
    ("level", Role::Severity),
    ("severity", Role::Severity),
    ("outcome", Role::Outcome),
    ("message", Role::Message),
    ("id", Role::Id),
    ("details", Role::Details),
];

/// The field `name` reads in a log with `fields`: the path when it has one, else
/// the role of that name (any case); `None` when it is neither.
pub(crate) fn resolve(name: &str, fields: &dyn Fields) -> Option<Field> {
    if name.is_empty() {
        return None;
    }
    if fields.has_path(name) {
        return Some(Field::Path(name.to_string()));
    }
    if name.eq_ignore_ascii_case(KIND) {
        return Some(Field::Kind);
    }
    if name.eq_ignore_ascii_case(FIRST) {
        return Some(Field::First);
    }
    ROLE_NAMES
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|&(n, r)| Field::Role(r, n))
}

/// The key path a field name reads in `ds` (`split=`, as a query reads names): the
/// path itself, else the path of the role of that name (`actor`); `None` for
/// neither, or a role the log has no field for.
pub(crate) fn path_of(ds: &Dataset, name: &str) -> Option<String> {
    match resolve(name, ds)? {
        Field::Path(p) => Some(p),
        Field::Role(r, _) => ds.role(r).map(|n| ds.store().node(n).path.clone()),
        Field::Kind | Field::First => None,
    }
}

impl Field {
    /// The name as a query writes it (a path keeps its escapes).
    pub(crate) fn name(&self) -> &str {
        match self {
            Field::Path(p) => p,
            Field::Role(_, n) => n,
            Field::Kind => KIND,
            Field::First => FIRST,
        }
    }
}

/// The name of a plain word that reads like a field test (`nope:x`, `a.b>3`) on a
/// field the log lacks, so a chip can say why it is searched as text. A URL or a
/// drive path (`https://…`, `C:\…`) is not one.
pub(crate) fn unknown_name(word: &str) -> Option<&str> {
    let at = word.find([':', '<', '>'])?;
    let (name, rest) = word.split_at(at);
    let pathlike = |c: char| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '[' | ']');
    let looks = name.chars().count() > 1 && name.chars().all(pathlike);
    (looks && !rest[1..].starts_with(['/', '\\'])).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::{path_of, unknown_name};
    use crate::core::dataset::Dataset;

    #[test]
    fn a_name_reads_its_path_or_its_role_s() {
        let body =
            br#"[{"createdAt":"2026-01-01T00:00:00Z","userEmail":"a@x.test","type":"login"}]"#;
        let d = Dataset::from_bytes(body.to_vec()).unwrap().0;
        assert_eq!(path_of(&d, "type").as_deref(), Some("type"));
        assert_eq!(path_of(&d, "actor").as_deref(), Some("userEmail"));
        assert_eq!(path_of(&d, "Action").as_deref(), Some("type"));
        assert_eq!(path_of(&d, "target"), None);
        assert_eq!(path_of(&d, "kind"), None);
        assert_eq!(path_of(&d, "nope"), None);
    }

    #[test]
    fn a_word_that_reads_like_a_test_on_a_missing_field_is_named() {
        assert_eq!(unknown_name("nope:*x*"), Some("nope"));
        assert_eq!(unknown_name("data.size>3"), Some("data.size"));
        for w in ["https://a.b/c", "C:\\dir", "ada@x.io", "plain", ":x", "x:"] {
            assert_eq!(unknown_name(w), None, "{w}");
        }
    }
}
