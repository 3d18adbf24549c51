//! The entry's JSON tree, node by node, as the entry panel lists it: a container's
//! children (with the path and the column each stands for) and its size, a scalar's
//! text, and the column its "Filter for / Filter out value" buttons filter.

use crate::core::dataset::Dataset;
use crate::core::inspect::JsonValue;
use crate::core::json::path;
use crate::core::store::MAX_NODES;
use crate::core::view::present;

/// One child of a container.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Child {
    /// Its key, or its index in an array.
    pub key: String,
    /// Its value.
    pub value: JsonValue,
    /// Its path with indices: `data.to[0]`.
    pub path: String,
    /// The column it belongs to: `data.to[]`.
    pub column: String,
}

/// An object or an array (or a string holding one), opened.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Branch {
    /// Its members, in order.
    pub children: Vec<Child>,
    /// Its size: `{…} 2 keys`, `[…] 1 item`.
    pub summary: String,
    /// It was decoded from a string that holds it.
    pub decoded: bool,
}

/// One node of the tree.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Node {
    /// A container.
    Branch(Branch),
    /// A scalar.
    Leaf {
        /// As it appears in the tree: strings quoted, the rest as JSON.
        shown: String,
        /// As an admin reads it, copies it and filters by it (strings bare).
        text: String,
        /// The scalar itself (what kind it is).
        value: JsonValue,
    },
}

/// The node of `value` found at `path`, in `column`.
pub(crate) fn node(value: JsonValue, path: &str, column: &str) -> Node {
    // A string that holds a JSON document opens like the object it holds.
    let (value, decoded) = match value {
        JsonValue::Embedded(_, inner) => (*inner, true),
        v => (v, false),
    };
    let (children, summary) = match value {
        JsonValue::Obj(m) => {
            let n = m.len();
            let children = m
                .into_iter()
                .map(|(k, v)| Child {
                    path: path::child(path, &k),
                    column: path::child(column, &k),
                    key: k,
                    value: v,
                })
                .collect();
            (children, format!("{{…}} {n} {}", plural(n, "key", "keys")))
        }
        JsonValue::Arr(items) => {
            let n = items.len();
            let children = items
                .into_iter()
                .enumerate()
                .map(|(i, v)| Child {
                    key: format!("{i}"),
                    value: v,
                    path: format!("{path}[{i}]"),
                    column: path::elements(column),
                })
                .collect();
            (children, format!("[…] {n} {}", plural(n, "item", "items")))
        }
        scalar => {
            return Node::Leaf {
                shown: match &scalar {
                    JsonValue::Str(s) => format!("\"{s}\""),
                    other => other.to_json(),
                },
                text: scalar.display(),
                value: scalar,
            };
        }
    };
    Node::Branch(Branch {
        children,
        summary,
        decoded,
    })
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

/// Where a filter on a value of one column goes, and what its buttons say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FilterTarget {
    /// The column filtered: the value's own, or for a key pooled beyond the path
    /// limit, its pool. None: not a column of the loaded log (no filter).
    pub column: Option<String>,
    /// The title of "Filter for value".
    pub title_in: String,
    /// The title of "Filter out value".
    pub title_out: String,
}

/// The filter target of a value in `column` of the loaded log `d`. A key pooled
/// beyond the path limit filters through its pool, and says so.
pub(crate) fn filter_target(d: &Dataset, column: &str) -> FilterTarget {
    let holder = d
        .store()
        .holder(column)
        .map(|n| d.store().node(n).path.clone());
    let (title_in, title_out) = match &holder {
        Some(h) if h == column => (
            "Filter for value".to_string(),
            "Filter out value".to_string(),
        ),
        Some(h) => {
            let why = format!(
                "{column} is pooled with other keys under {h} (the log has over {} key paths), so this matches the value under any of them",
                present::count(MAX_NODES)
            );
            (
                format!("Filter for value: {why}"),
                format!("Filter out value: {why}"),
            )
        }
        None => {
            let why = format!("cannot filter: {column} is not a column of the loaded log");
            (why.clone(), why)
        }
    };
    FilterTarget {
        column: holder,
        title_in,
        title_out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::inspect::parse;

    fn p(s: &str) -> JsonValue {
        parse(s.as_bytes()).unwrap()
    }

    fn branch(n: Node) -> Branch {
        match n {
            Node::Branch(b) => b,
            leaf => panic!("not a branch: {leaf:?}"),
        }
    }

    #[test]
    fn an_object_lists_its_members_in_order_with_their_paths() {
        let b = branch(node(p(r#"{"z":1,"a":{"b":2}}"#), "data", "data"));
        assert_eq!(b.summary, "{…} 2 keys");
        assert!(!b.decoded);
        let kids: Vec<(&str, &str, &str)> = b
            .children
            .iter()
            .map(|c| (c.key.as_str(), c.path.as_str(), c.column.as_str()))
            .collect();
        assert_eq!(kids, [("z", "data.z", "data.z"), ("a", "data.a", "data.a")]);
        assert_eq!(branch(node(p(r#"{"k":1}"#), "", "")).summary, "{…} 1 key");
        assert_eq!(branch(node(p("{}"), "", "")).summary, "{…} 0 keys");
    }

    #[test]
    fn an_array_numbers_its_items_and_they_share_one_column() {
        let b = branch(node(p(r#"["a@x","b@x"]"#), "data.to", "data.to"));
        assert_eq!(b.summary, "[…] 2 items");
        let kids: Vec<(&str, &str, &str)> = b
            .children
            .iter()
            .map(|c| (c.key.as_str(), c.path.as_str(), c.column.as_str()))
            .collect();
        assert_eq!(
            kids,
            [
                ("0", "data.to[0]", "data.to[]"),
                ("1", "data.to[1]", "data.to[]")
            ]
        );
        assert_eq!(branch(node(p("[1]"), "", "")).summary, "[…] 1 item");
    }

    #[test]
    fn a_string_holding_json_opens_as_what_it_holds() {
        let v = p(r#"{"details":"{\"a\":1}"}"#);
        let details = v.get("details").unwrap().clone();
        let b = branch(node(details, "details", "details"));
        assert!(b.decoded);
        assert_eq!(b.summary, "{…} 1 key");
        assert_eq!(b.children[0].path, "details.a");
    }

    #[test]
    fn a_scalar_is_shown_as_json_and_read_bare() {
        let leaf = |s: &str| match node(p(s), "x", "x") {
            Node::Leaf { shown, text, .. } => (shown, text),
            b => panic!("not a leaf: {b:?}"),
        };
        assert_eq!(
            leaf(r#""a \"b\"""#),
            (r#""a "b"""#.into(), r#"a "b""#.into())
        );
        assert_eq!(leaf("1.50"), ("1.50".into(), "1.50".into()));
        assert_eq!(leaf("null"), ("null".into(), "null".into()));
        assert_eq!(leaf("true"), ("true".into(), "true".into()));
    }

    #[test]
    fn a_filter_goes_to_the_column_or_its_pool_or_nowhere() {
        let keys: Vec<String> = (0..MAX_NODES + 10)
            .map(|i| format!(r#""k{i}":{{"v":"x{i}"}}"#))
            .collect();
        let log = format!(
            r#"[{{"id":"1","action":"a","attrs":{{{}}}}}]"#,
            keys.join(",")
        );
        let d = Dataset::from_bytes(log.into_bytes()).unwrap().0;
        assert_eq!(
            filter_target(&d, "action"),
            FilterTarget {
                column: Some("action".into()),
                title_in: "Filter for value".into(),
                title_out: "Filter out value".into(),
            }
        );
        let last = format!("attrs.k{}.v", MAX_NODES + 9);
        let pooled = filter_target(&d, &last);
        assert_eq!(pooled.column.as_deref(), Some("attrs.*"));
        assert_eq!(
            pooled.title_in,
            format!(
                "Filter for value: {last} is pooled with other keys under attrs.* (the log has over 2,048 key paths), so this matches the value under any of them"
            )
        );
        assert!(pooled.title_out.starts_with("Filter out value: "));
        let none = filter_target(&d, "nope");
        assert_eq!(none.column, None);
        assert_eq!(
            none.title_in,
            "cannot filter: nope is not a column of the loaded log"
        );
        assert_eq!(none.title_in, none.title_out);
    }
}
