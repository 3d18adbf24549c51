//! Filtering: per-column expressions, global search, time range and app scope.
//!
//! Matching happens on each column's dictionary (distinct values, lower-case), so
//! a query costs one scan of the distinct text plus one pass over the codes of the
//! columns that matched; columns whose bytes cannot contain the needle are skipped.

use crate::core::dataset::{Dataset, NO_TIME};
use crate::core::query::rowset::RowSet;
use crate::core::roles::Role;
use crate::core::store::dict::{ByteSet, Kind, lower};
use crate::core::store::{Leaf, NodeId};
use crate::core::time::{EpochMs, Zone};
use memchr::memmem::Finder;

/// How a filter compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    /// The value contains the needle (plain text).
    Contains,
    /// The value equals the needle (`=v`).
    Exact,
    /// The value starts with the needle (`v*`).
    Prefix,
}

/// One parsed column filter: `v` contains, `=v` exact, `v*` prefix, `!…` excludes.
/// Comparisons ignore case. A value in double quotes (a JSON string: `="a "`,
/// `"x"*`) is taken exactly, white space and all; [`exact`] and [`excluding`] write
/// the expressions that filter for one value, quoting it when it needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Matcher {
    /// The comparison.
    pub op: Op,
    /// Lower-case needle.
    pub needle: String,
    /// True to keep rows that do *not* match.
    pub negate: bool,
}

impl Matcher {
    /// Parses a filter expression; `None` when it filters nothing (empty, or `!` alone).
    pub(crate) fn parse(expr: &str) -> Option<Matcher> {
        typed(expr).map(|(op, needle, negate)| Matcher {
            op,
            needle: lower(&needle),
            negate,
        })
    }

    /// Same comparison, not negated.
    fn positive(&self) -> Matcher {
        Matcher {
            negate: false,
            ..self.clone()
        }
    }
}

/// A column filter read as typed: its comparison, its text (case kept) and whether
/// it excludes; `None` when it filters nothing (empty, or `!` alone).
pub(crate) fn typed(expr: &str) -> Option<(Op, String, bool)> {
    let mut s = expr.trim();
    let negate = s.starts_with('!');
    if negate {
        s = s[1..].trim_start();
    }
    let (op, needle) = if let Some(rest) = s.strip_prefix('=') {
        (Op::Exact, quoted(rest).unwrap_or_else(|| rest.to_string()))
    } else if let Some(q) = quoted(s) {
        (Op::Contains, q)
    } else if let Some(q) = s.strip_suffix('*').and_then(quoted) {
        (Op::Prefix, q)
    } else if let Some(rest) = s.strip_suffix('*') {
        (Op::Prefix, rest.to_string())
    } else {
        (Op::Contains, s.to_string())
    };
    (!needle.is_empty() || op == Op::Exact).then_some((op, needle, negate))
}

/// The text of `s` when the whole of it is one JSON string literal (`"a \"b\" "`).
fn quoted(s: &str) -> Option<String> {
    if !s.starts_with('"') {
        return None;
    }
    let mut sc = crate::core::json::Scanner::new(s.as_bytes());
    let tok = sc.string().ok()?;
    sc.end().ok()?;
    Some(crate::core::json::str_value(s.as_bytes(), tok))
}

/// What to filter by; built from the view state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FilterSpec {
    /// Only entries of this app (by app name or app id, ignoring case).
    pub scope: Option<String>,
    /// Start of the time range (inclusive).
    pub from: Option<EpochMs>,
    /// End of the time range (exclusive).
    pub to: Option<EpochMs>,
    /// The search box: plain words or a query ([`crate::core::query::lang`]).
    pub search: String,
    /// The zone a time in the query is read in (the view's, as From and To are).
    pub zone: Zone,
    /// Column filters as (column path, expression), combined with AND.
    pub filters: Vec<(String, String)>,
    /// The deployment's kinds for particular actions (`kind:` in the query).
    pub kinds: crate::core::kind::Overrides,
}

impl FilterSpec {
    /// What holds whatever a view or a link asks: the app scope and a host's pinned
    /// filters (an opened entry, Show in context).
    pub fn fence(scope: Option<String>, pinned: Vec<(String, String)>) -> FilterSpec {
        FilterSpec {
            scope,
            filters: pinned,
            ..FilterSpec::default()
        }
    }

    /// True if this keeps every entry: no scope, range, filter or search.
    pub fn keeps_all(&self) -> bool {
        self.scope.is_none()
            && self.from.is_none()
            && self.to.is_none()
            && self.filters.is_empty()
            && self.search.trim().is_empty()
    }
}

/// Codes of `leaf` matching `m` (not negated), as a bitmap over codes.
fn matching_codes(
    leaf: &Leaf,
    m: &Matcher,
    finder: Option<&Finder<'_>>,
    needle_bytes: &ByteSet,
) -> Option<Vec<u64>> {
    let dict = &leaf.dict;
    if !m.needle.is_empty() && !dict.byte_set().contains_all(needle_bytes) {
        return None;
    }
    let mut codes = Vec::new();
    let needle = m.needle.as_bytes();
    match (m.op, finder) {
        (Op::Contains, Some(f)) => dict.find_contains(f, &mut codes),
        (Op::Exact, _) => dict.find_where(|v| v == needle, &mut codes),
        (Op::Prefix, _) => dict.find_where(|v| v.starts_with(needle), &mut codes),
        (Op::Contains, None) => dict.find_contains(&Finder::new(needle), &mut codes),
    }
    let mut bits = vec![0u64; dict.len().div_ceil(64)];
    let mut any = false;
    for c in codes {
        // A JSON null is "no value": it never matches text.
        if dict.kind(c) != Kind::Null || m.op == Op::Exact && needle == b"null" {
            bits[(c >> 6) as usize] |= 1 << (c & 63);
            any = true;
        }
    }
    any.then_some(bits)
}

/// Adds to `out` the rows of `leaf` whose code is in `hits`.
pub(crate) fn mark_rows(leaf: &Leaf, hits: &[u64], out: &mut RowSet) {
    let codes = leaf.codes();
    let hit = |c: u32| (hits[(c >> 6) as usize] >> (c & 63)) & 1;
    match leaf.sparse_rows() {
        None => {
            let words = out.words_mut();
            for (chunk_i, chunk) in codes.chunks(64).enumerate() {
                let mut w = 0u64;
                for (j, &c) in chunk.iter().enumerate() {
                    w |= hit(c) << j;
                }
                words[chunk_i] |= w;
            }
        }
        Some(rows) => {
            for (&c, &r) in codes.iter().zip(rows) {
                if hit(c) != 0 {
                    out.insert(r);
                }
            }
        }
    }
}

/// Rows where any of `leaves` matches `m` (negation applied over all rows).
pub(crate) fn rows_matching(ds: &Dataset, leaves: &[u32], m: &Matcher) -> RowSet {
    let store = ds.store();
    let mut out = RowSet::empty(store.len());
    let pos = m.positive();
    let finder = (pos.op == Op::Contains).then(|| Finder::new(pos.needle.as_bytes()));
    let needle_bytes = ByteSet::of(pos.needle.as_bytes());
    for &l in leaves {
        let leaf = &store.leaves()[l as usize];
        if let Some(hits) = matching_codes(leaf, &pos, finder.as_ref(), &needle_bytes) {
            mark_rows(leaf, &hits, &mut out);
        }
    }
    if m.negate {
        out.invert();
    }
    out
}

/// Rows where column `node` (any value at or below it) matches `expr`; `None`
/// when the expression filters nothing.
pub(crate) fn column_filter(ds: &Dataset, node: NodeId, expr: &str) -> Option<RowSet> {
    let m = Matcher::parse(expr)?;
    Some(rows_matching(ds, &ds.store().subtree_leaves(node), &m))
}

/// Rows where any value of the entry, nested data included, contains `text`.
pub(crate) fn search(ds: &Dataset, text: &str) -> Option<RowSet> {
    let m = Matcher {
        op: Op::Contains,
        needle: lower(text.trim()),
        negate: false,
    };
    if m.needle.is_empty() {
        return None;
    }
    let all: Vec<u32> = (0..ds.store().leaves().len() as u32).collect();
    Some(rows_matching(ds, &all, &m))
}

/// Rows whose event time lies in `[from, to)`.
pub(crate) fn time_range(
    ds: &Dataset,
    from: Option<EpochMs>,
    to: Option<EpochMs>,
) -> Option<RowSet> {
    if from.is_none() && to.is_none() {
        return None;
    }
    let (lo, hi) = (from.unwrap_or(EpochMs::MIN + 1), to.unwrap_or(EpochMs::MAX));
    let times = ds.times();
    let mut out = RowSet::empty(times.len());
    let words = out.words_mut();
    for (i, chunk) in times.chunks(64).enumerate() {
        let mut w = 0u64;
        for (j, &t) in chunk.iter().enumerate() {
            w |= ((t != NO_TIME && t >= lo && t < hi) as u64) << j;
        }
        words[i] = w;
    }
    Some(out)
}

/// Rows of app `app` (matched exactly, ignoring case, on the app name or app id).
pub(crate) fn app_scope(ds: &Dataset, app: &str) -> RowSet {
    let m = Matcher {
        op: Op::Exact,
        needle: lower(app.trim()),
        negate: false,
    };
    let leaves: Vec<u32> = [Role::App, Role::AppId]
        .iter()
        .filter_map(|&r| ds.role(r))
        .filter_map(|n| ds.store().node(n).leaf)
        .collect();
    rows_matching(ds, &leaves, &m)
}

/// One column filter as the admin reads it, and whether the engine applies it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Described {
    /// The filtered column's path.
    pub col: String,
    /// The expression as typed.
    pub expr: String,
    /// In words: `type = user.login`, `user does not contain acme`.
    pub text: String,
    /// Why it filters nothing, when it does not (it must never look active).
    pub ignored: Option<String>,
}

/// Describes the filter `expr` on column `col` of `ds`.
pub(crate) fn describe(ds: &Dataset, col: &str, expr: &str) -> Described {
    let mut s = expr.trim();
    let negate = s.starts_with('!');
    if negate {
        s = s[1..].trim_start();
    }
    let (what, needle) = match (s.strip_prefix('='), s.strip_suffix('*')) {
        (Some(""), _) => (
            if negate {
                "≠ (empty text)"
            } else {
                "= (empty text)"
            },
            "",
        ),
        (Some(v), _) => (if negate { "≠" } else { "=" }, v),
        (None, Some(v)) => (
            if negate {
                "does not start with"
            } else {
                "starts with"
            },
            v,
        ),
        (None, None) => (
            if negate {
                "does not contain"
            } else {
                "contains"
            },
            s,
        ),
    };
    let text = match needle {
        "" if !s.starts_with('=') => format!("{col} {expr}"),
        "" => format!("{col} {what}"),
        v => format!("{col} {what} {v}"),
    };
    let ignored = if ds.column(col).is_none() {
        Some(format!("not applied: this log has no field {col}"))
    } else if Matcher::parse(expr).is_none() {
        Some("not applied: there is nothing to match".to_string())
    } else {
        None
    };
    Described {
        col: col.to_string(),
        expr: expr.to_string(),
        text,
        ignored,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::query::filter;

    fn ds(text: &str) -> Dataset {
        Dataset::from_bytes(text.as_bytes().to_vec()).unwrap().0
    }

    const LOG: &str = r#"[
      {"t":"2026-01-01T00:00:00Z","type":"email.bounced","user":"Ada@Example.com","app":"Room Booking","appId":101,"data":{"messageId":"<m1@x>","to":["zoe@example.com"]}},
      {"t":"2026-01-02T00:00:00Z","type":"email.delivered","user":"grace@acme.test","app":"Sales Portal","appId":102,"data":{"messageId":"<m2@x>"}},
      {"t":"2026-01-03T00:00:00Z","type":"user.login","user":"ada@example.com","app":null,"appId":null,"data":{"method":"passkey"}},
      {"t":"2026-01-04T00:00:00Z","type":"emailing","user":"linus@acme.test","app":"Room Booking","appId":101}
    ]"#;

    #[test]
    fn filters_read_as_words_and_an_ignored_one_says_why() {
        let d = ds(LOG);
        let t = |c: &str, e: &str| {
            let x = describe(&d, c, e);
            (x.text, x.ignored)
        };
        assert_eq!(t("type", "=user.login"), ("type = user.login".into(), None));
        assert_eq!(t("user", "!=Ada"), ("user ≠ Ada".into(), None));
        assert_eq!(t("user", "acme"), ("user contains acme".into(), None));
        assert_eq!(
            t("user", "! acme"),
            ("user does not contain acme".into(), None)
        );
        assert_eq!(t("type", "email*"), ("type starts with email".into(), None));
        assert_eq!(t("app", "="), ("app = (empty text)".into(), None));
        assert_eq!(t("app", "!="), ("app ≠ (empty text)".into(), None));
        let (text, why) = t("data.nope", "=x");
        assert_eq!(text, "data.nope = x");
        assert_eq!(why.unwrap(), "not applied: this log has no field data.nope");
        let (_, why) = t("user", "!");
        assert_eq!(why.unwrap(), "not applied: there is nothing to match");
    }

    fn rows(s: &RowSet) -> Vec<u32> {
        s.iter().collect()
    }

    fn col(ds: &Dataset, c: &str, e: &str) -> Vec<u32> {
        rows(&column_filter(ds, ds.column(c).unwrap(), e).unwrap())
    }

    #[test]
    fn parse_forms() {
        assert_eq!(
            Matcher::parse("  Email ").unwrap(),
            Matcher {
                op: Op::Contains,
                needle: "email".into(),
                negate: false
            }
        );
        assert_eq!(Matcher::parse("=User.Login").unwrap().op, Op::Exact);
        assert_eq!(
            Matcher::parse("email.*").unwrap(),
            Matcher {
                op: Op::Prefix,
                needle: "email.".into(),
                negate: false
            }
        );
        assert!(Matcher::parse("!acme").unwrap().negate);
        assert_eq!(Matcher::parse(""), None);
        assert_eq!(Matcher::parse("!"), None);
    }

    #[test]
    fn filtering_for_a_value_matches_exactly_that_value() {
        // Regression: "Filter for value" on `ada ` (trailing space) was trimmed to
        // `=ada` and matched other rows; the clause is built in core, quoted.
        use crate::core::query::lang::adding::value_clause;
        let d =
            ds(r#"[{"user":"ada "},{"user":"ada"},{"user":" ada"},{"user":"\"q\""},{"user":""}]"#);
        let rows = |clause: String| {
            let spec = FilterSpec {
                search: clause,
                ..FilterSpec::default()
            };
            crate::core::query::filter(&d, &spec)
                .iter()
                .collect::<Vec<_>>()
        };
        assert_eq!(value_clause("user", "ada ", false), r#"user:"ada ""#);
        assert_eq!(rows(value_clause("user", "ada ", false)), [0]);
        assert_eq!(rows(value_clause("user", "ada", false)), [1]);
        assert_eq!(rows(value_clause("user", " ada", false)), [2]);
        assert_eq!(rows(value_clause("user", "ada ", true)), [1, 2, 3, 4]);
        assert_eq!(rows(value_clause("user", "\"q\"", false)), [3]);
        assert_eq!(rows(value_clause("user", "", false)), [4]);
        // Plain values stay readable in the URL.
        assert_eq!(value_clause("type", "user.login", false), "type:user.login");
        assert_eq!(value_clause("type", "x*", true), r#"-type:"x*""#);
        // Quotes read as one exact value also when typed in a column filter.
        assert_eq!(Matcher::parse(r#""a b"*"#).unwrap().op, Op::Prefix);
        assert_eq!(Matcher::parse(r#"!"ada ""#).unwrap().needle, "ada ");
    }

    #[test]
    fn contains_is_case_insensitive() {
        let d = ds(LOG);
        assert_eq!(col(&d, "user", "ADA"), [0, 2]);
    }

    #[test]
    fn exact_prefix_and_exclude() {
        let d = ds(LOG);
        assert_eq!(col(&d, "type", "=email.bounced"), [0]);
        assert_eq!(col(&d, "type", "email.*"), [0, 1]);
        assert_eq!(col(&d, "type", "email"), [0, 1, 3]);
        assert_eq!(col(&d, "type", "!email"), [2]);
        assert_eq!(col(&d, "user", "!acme"), [0, 2]);
    }

    #[test]
    fn filters_on_a_nested_column_reach_its_leaves() {
        let d = ds(LOG);
        assert_eq!(col(&d, "data", "zoe@"), [0]);
        assert_eq!(col(&d, "data.method", "=passkey"), [2]);
    }

    #[test]
    fn null_is_no_value() {
        let d = ds(LOG);
        assert_eq!(
            col(&d, "app", "u"),
            Vec::<u32>::new(),
            "null does not contain 'u'"
        );
        assert_eq!(col(&d, "app", "!booking"), [1, 2]);
    }

    #[test]
    fn global_search_reaches_nested_data() {
        let d = ds(LOG);
        assert_eq!(rows(&search(&d, "<m2@").unwrap()), [1]);
        assert_eq!(rows(&search(&d, " ZOE ").unwrap()), [0]);
        assert_eq!(search(&d, "  "), None);
    }

    #[test]
    fn time_range_is_half_open() {
        let d = ds(LOG);
        let day = 86_400_000;
        let jan2 = 1_767_312_000_000;
        assert_eq!(
            rows(&time_range(&d, Some(jan2), Some(jan2 + day)).unwrap()),
            [1]
        );
        assert_eq!(rows(&time_range(&d, Some(jan2), None).unwrap()), [1, 2, 3]);
    }

    #[test]
    fn app_scope_matches_name_or_id() {
        let d = ds(LOG);
        assert_eq!(rows(&app_scope(&d, "room booking")), [0, 3]);
        assert_eq!(rows(&app_scope(&d, "102")), [1]);
        assert_eq!(app_scope(&d, "Nope").count(), 0);
    }

    #[test]
    fn everything_combines_with_and_and_unknown_columns_are_ignored() {
        let d = ds(LOG);
        let spec = FilterSpec {
            scope: Some("Room Booking".into()),
            search: "example".into(),
            filters: vec![("type".into(), "email".into()), ("nope".into(), "x".into())],
            ..Default::default()
        };
        assert_eq!(rows(&filter(&d, &spec)), [0]);
    }
}
