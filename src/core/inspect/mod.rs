//! One entry up close: its original JSON pretty-printed as received (key order,
//! number text and string escapes kept), an ordered tree for display, its flattened
//! (path, value) list, and the old -> new changes it carries. [`entry`] is what the
//! entry panel shows of one entry, [`tree`] its JSON tree node by node.

pub mod entry;
pub mod history;
pub mod tree;

use crate::core::json::path;
use crate::core::json::{self, ErrorKind, MAX_DEPTH, Scanner, SyntaxError};

/// A JSON value with key order and number text kept.
#[derive(Clone, Debug, PartialEq)]
pub enum JsonValue {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, as its original text.
    Num(String),
    /// A string, decoded.
    Str(String),
    /// An array.
    Arr(Vec<JsonValue>),
    /// An object, members in original order.
    Obj(Vec<(String, JsonValue)>),
    /// A string whose whole text is a JSON object or array (details packed into
    /// one field): the string, decoded, and the document it holds.
    Embedded(String, Box<JsonValue>),
}

impl JsonValue {
    /// Compact JSON text (strings re-escaped, numbers as received).
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    fn write_json(&self, out: &mut String) {
        match self {
            JsonValue::Null => out.push_str("null"),
            JsonValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            JsonValue::Num(n) => out.push_str(n),
            JsonValue::Str(s) | JsonValue::Embedded(s, _) => json::quote_into(s, out),
            JsonValue::Arr(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write_json(out);
                }
                out.push(']');
            }
            JsonValue::Obj(members) => {
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    json::quote_into(k, out);
                    out.push(':');
                    v.write_json(out);
                }
                out.push('}');
            }
        }
    }

    /// The value as an admin reads it: strings bare, everything else as JSON.
    pub(crate) fn display(&self) -> String {
        match self {
            JsonValue::Str(s) | JsonValue::Embedded(s, _) => s.clone(),
            other => other.to_json(),
        }
    }

    /// The document a string holds, or the value itself.
    pub(crate) fn decoded(&self) -> &JsonValue {
        match self {
            JsonValue::Embedded(_, v) => v,
            v => v,
        }
    }

    /// The member `key` of an object (or of the object a string holds).
    pub fn get(&self, key: &str) -> Option<&JsonValue> {
        match self.decoded() {
            JsonValue::Obj(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Parses one JSON value (depth-limited; never overflows the stack).
pub fn parse(bytes: &[u8]) -> Result<JsonValue, SyntaxError> {
    let mut sc = Scanner::new(bytes);
    sc.ws();
    let v = value(bytes, &mut sc, 0)?;
    sc.end()?;
    Ok(v)
}

fn value(bytes: &[u8], sc: &mut Scanner<'_>, depth: usize) -> Result<JsonValue, SyntaxError> {
    match sc.peek() {
        Some(b'"') => {
            let s = json::str_value(bytes, sc.string()?);
            Ok(embedded(&s, depth).map_or(JsonValue::Str(s.clone()), |v| {
                JsonValue::Embedded(s, Box::new(v))
            }))
        }
        Some(b'-' | b'0'..=b'9') => {
            let (a, b) = sc.number()?;
            Ok(JsonValue::Num(
                String::from_utf8_lossy(&bytes[a..b]).into_owned(),
            ))
        }
        Some(c @ (b'{' | b'[')) => {
            if depth >= MAX_DEPTH {
                return Err(SyntaxError {
                    offset: sc.pos,
                    kind: ErrorKind::TooDeep,
                });
            }
            sc.pos += 1;
            let close = if c == b'{' { b'}' } else { b']' };
            let mut members: Vec<(String, JsonValue)> = Vec::new();
            // Where each key is, once an object is big enough for scanning to cost.
            let mut index: rustc_hash::FxHashMap<String, usize> = Default::default();
            let mut items = Vec::new();
            if !sc.eat(close) {
                loop {
                    sc.ws();
                    if c == b'{' {
                        let k = sc.key()?;
                        let (key, v) = (json::str_value(bytes, k), value(bytes, sc, depth + 1)?);
                        // A repeated key keeps its first place and takes the last value,
                        // as `JSON.parse` does.
                        let at = if members.len() > 32 {
                            if index.is_empty() {
                                index = members
                                    .iter()
                                    .enumerate()
                                    .map(|(i, (k, _))| (k.clone(), i))
                                    .collect();
                            }
                            index.get(&key).copied()
                        } else {
                            members.iter().position(|(m, _)| *m == key)
                        };
                        match at {
                            Some(i) => members[i].1 = v,
                            None => {
                                if !index.is_empty() {
                                    index.insert(key.clone(), members.len());
                                }
                                members.push((key, v));
                            }
                        }
                    } else {
                        items.push(value(bytes, sc, depth + 1)?);
                    }
                    if sc.eat(b',') {
                        continue;
                    }
                    if sc.eat(close) {
                        break;
                    }
                    return sc.expected(if c == b'{' {
                        "',' or '}' after an object member"
                    } else {
                        "',' or ']' after an array element"
                    });
                }
            }
            Ok(if c == b'{' {
                JsonValue::Obj(members)
            } else {
                JsonValue::Arr(items)
            })
        }
        _ => match sc.literal()? {
            b"null" => Ok(JsonValue::Null),
            b"true" => Ok(JsonValue::Bool(true)),
            _ => Ok(JsonValue::Bool(false)),
        },
    }
}

/// The object or array that the whole of string `s` holds, if it is one valid
/// JSON document (read as nested one level below the string).
fn embedded(s: &str, depth: usize) -> Option<JsonValue> {
    if !json::may_be_document(s.as_bytes()) {
        return None;
    }
    let mut sc = Scanner::new(s.as_bytes());
    sc.ws();
    let v = value(s.as_bytes(), &mut sc, depth).ok()?;
    sc.end().ok()?;
    Some(v)
}

/// Re-indents valid JSON with two spaces, copying every token exactly as received.
pub(crate) fn pretty(raw: &[u8]) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(raw.len() * 2);
    let mut depth = 0usize;
    let newline = |out: &mut Vec<u8>, depth: usize| {
        out.push(b'\n');
        out.extend(std::iter::repeat_n(b' ', depth * 2));
    };
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'"' => {
                let mut sc = Scanner::at(raw, i);
                let end = sc.string().map(|_| sc.pos).unwrap_or(raw.len());
                out.extend_from_slice(&raw[i..end]);
                i = end;
                continue;
            }
            c @ (b'{' | b'[') => {
                let close = if c == b'{' { b'}' } else { b']' };
                let mut sc = Scanner::at(raw, i + 1);
                if sc.eat(close) {
                    out.extend_from_slice(&[c, close]);
                    i = sc.pos;
                    continue;
                }
                out.push(c);
                depth += 1;
                newline(&mut out, depth);
            }
            c @ (b'}' | b']') => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            b',' => {
                out.push(b',');
                newline(&mut out, depth);
            }
            b':' => out.extend_from_slice(b": "),
            b' ' | b'\n' | b'\r' | b'\t' => {}
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// One scalar of an entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlatValue {
    /// Path with indices, as shown: `data.to[0]`.
    pub path: String,
    /// The column it belongs to (indices as `[]`): `data.to[]`.
    pub column: String,
    /// The value as shown.
    pub value: String,
}

fn join(base: &str, key: &str) -> String {
    path::child(base, key)
}

/// Every scalar of `v` with its path, in document order.
pub fn flatten(v: &JsonValue) -> Vec<FlatValue> {
    fn walk(v: &JsonValue, path: &str, column: &str, out: &mut Vec<FlatValue>) {
        match v {
            JsonValue::Obj(m) => {
                for (k, child) in m {
                    walk(child, &join(path, k), &join(column, k), out);
                }
            }
            JsonValue::Arr(items) => {
                for (i, child) in items.iter().enumerate() {
                    walk(child, &format!("{path}[{i}]"), &path::elements(column), out);
                }
            }
            JsonValue::Embedded(_, inner) => walk(inner, path, column, out),
            scalar => out.push(FlatValue {
                path: path.to_string(),
                column: column.to_string(),
                value: scalar.display(),
            }),
        }
    }
    let mut out = Vec::new();
    walk(v, "", "", &mut out);
    out
}

/// One change carried by an entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// What changed: `data.changes.role`.
    pub path: String,
    /// The value before (as shown).
    pub old: String,
    /// The value after (as shown).
    pub new: String,
}

/// Key pairs that hold an old and a new value.
const PAIRS: &[(&str, &str)] = &[
    ("old", "new"),
    ("oldValue", "newValue"),
    ("old_value", "new_value"),
    ("previous_value", "new_value"),
    ("previousValue", "newValue"),
    ("previous", "current"),
    ("before", "after"),
    ("from", "to"),
];
/// Keys that may sit beside a pair and name the changed field.
const LABELS: &[&str] = &["field", "name", "key", "path", "attribute", "property"];
/// Keys whose members map a field to a two-element `[old, new]` array.
const DIFF_KEYS: &[&str] = &["changes", "changed", "diff", "saved_changes", "changeset"];

/// The old -> new changes in `v`: `{old,new}`, `{from,to}`, `{before,after}`,
/// `previous_value`/`new_value` objects, `x` beside `x_was`, and `changes: {x: [old, new]}`.
pub fn changes(v: &JsonValue) -> Vec<Change> {
    fn walk(v: &JsonValue, path: &str, out: &mut Vec<Change>) {
        match v {
            JsonValue::Obj(m) => {
                let keys: Vec<&str> = m.iter().map(|(k, _)| k.as_str()).collect();
                for (old_k, new_k) in PAIRS {
                    let (Some(old), Some(new)) = (v.get(old_k), v.get(new_k)) else {
                        continue;
                    };
                    let others_are_labels = keys
                        .iter()
                        .all(|k| k == old_k || k == new_k || LABELS.contains(k));
                    if !others_are_labels {
                        continue;
                    }
                    let label = LABELS.iter().find_map(|l| match v.get(l) {
                        Some(JsonValue::Str(s)) => Some(s.clone()),
                        _ => None,
                    });
                    let at = match label {
                        Some(l) => join(
                            path.trim_end_matches(|c: char| c == ']' || c.is_ascii_digit())
                                .trim_end_matches('['),
                            &l,
                        ),
                        None => path.to_string(),
                    };
                    out.push(Change {
                        path: at,
                        old: old.display(),
                        new: new.display(),
                    });
                    return;
                }
                let diff_map = DIFF_KEYS.contains(&path.rsplit('.').next().unwrap_or(path));
                // Members by key, so `x` finds `x_was` at once however wide the object.
                let by_key: rustc_hash::FxHashMap<&str, &JsonValue> =
                    m.iter().map(|(k, v)| (k.as_str(), v)).collect();
                for (k, child) in m {
                    let child_path = join(path, k);
                    if let Some(was) = by_key
                        .get(format!("{k}_was").as_str())
                        .or_else(|| by_key.get(format!("{k}Was").as_str()))
                    {
                        out.push(Change {
                            path: child_path,
                            old: was.display(),
                            new: child.display(),
                        });
                        continue;
                    }
                    if k.ends_with("_was") || k.ends_with("Was") {
                        let base = k.trim_end_matches("_was").trim_end_matches("Was");
                        if by_key.contains_key(base) {
                            continue;
                        }
                    }
                    if diff_map
                        && let JsonValue::Arr(pair) = child.decoded()
                        && pair.len() == 2
                    {
                        out.push(Change {
                            path: child_path,
                            old: pair[0].display(),
                            new: pair[1].display(),
                        });
                        continue;
                    }
                    walk(child, &child_path, out);
                }
            }
            JsonValue::Arr(items) => {
                for (i, child) in items.iter().enumerate() {
                    walk(child, &format!("{path}[{i}]"), out);
                }
            }
            JsonValue::Embedded(_, inner) => walk(inner, path, out),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, "", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> JsonValue {
        parse(s.as_bytes()).unwrap()
    }

    #[test]
    fn parse_keeps_key_order_and_number_text() {
        let v = p(r#"{"z":1.50,"a":12345678901234567890,"m":[true,null,"x\u00e9"]}"#);
        assert_eq!(
            v.to_json(),
            r#"{"z":1.50,"a":12345678901234567890,"m":[true,null,"xé"]}"#
        );
    }

    #[test]
    fn a_repeated_key_keeps_its_place_and_its_last_value() {
        let v = p(r#"{"a":"first","b":1,"a":"second"}"#);
        assert_eq!(v.to_json(), r#"{"a":"second","b":1}"#);
        // The same in an object big enough to be indexed.
        let many: Vec<String> = (0..40).map(|i| format!(r#""k{i}":{i}"#)).collect();
        let v = p(&format!(r#"{{{},"k3":"last","k40":40}}"#, many.join(",")));
        let JsonValue::Obj(m) = &v else { panic!() };
        assert_eq!(m.len(), 41);
        assert_eq!(m[3], ("k3".to_string(), JsonValue::Str("last".into())));
        assert_eq!(m[40].0, "k40");
    }

    #[test]
    fn pretty_print_copies_tokens_exactly() {
        let raw = br#"{"b":1.0,"s":"a\"b\u00e9","e":{},"l":[1,{"x":[]}]}"#;
        assert_eq!(
            pretty(raw),
            "{\n  \"b\": 1.0,\n  \"s\": \"a\\\"b\\u00e9\",\n  \"e\": {},\n  \"l\": [\n    1,\n    {\n      \"x\": []\n    }\n  ]\n}"
        );
    }

    #[test]
    fn flatten_lists_every_scalar_with_its_column() {
        let v = p(r#"{"type":"x","data":{"to":["a@x","b@x"],"n":null}}"#);
        let f = flatten(&v);
        assert_eq!(f.len(), 4);
        assert_eq!(
            f[1],
            FlatValue {
                path: "data.to[0]".into(),
                column: "data.to[]".into(),
                value: "a@x".into()
            }
        );
        assert_eq!(f[3].value, "null");
    }

    #[test]
    fn a_wide_object_still_pairs_each_field_with_its_was() {
        // 50,000 keys: each looks for its `_was` by key, not by scanning the object.
        let mut members: Vec<String> = (0..50_000).map(|i| format!(r#""f{i}":{i}"#)).collect();
        members.push(r#""role":"admin","role_was":"viewer""#.into());
        let v = p(&format!("{{{}}}", members.join(",")));
        let found = changes(&v);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (
                found[0].path.as_str(),
                found[0].old.as_str(),
                found[0].new.as_str()
            ),
            ("role", "viewer", "admin")
        );
    }

    #[test]
    fn old_new_objects_are_changes() {
        let v = p(
            r#"{"data":{"changes":{"role":{"old":"admin","new":"viewer"},"retentionDays":{"old":30,"new":null}}}}"#,
        );
        assert_eq!(
            changes(&v),
            [
                Change {
                    path: "data.changes.role".into(),
                    old: "admin".into(),
                    new: "viewer".into()
                },
                Change {
                    path: "data.changes.retentionDays".into(),
                    old: "30".into(),
                    new: "null".into()
                },
            ]
        );
    }

    #[test]
    fn other_change_spellings() {
        let v = p(
            r#"{"a":{"from":"x","to":"y"},"b":{"before":1,"after":2},"c":{"previous_value":"p","new_value":"n"},
                    "status":"open","status_was":"closed","changes":{"title":["Old","New"]},
                    "list":[{"field":"email","oldValue":"a@x","newValue":"b@x"}]}"#,
        );
        let got: Vec<(String, String, String)> = changes(&v)
            .into_iter()
            .map(|c| (c.path, c.old, c.new))
            .collect();
        assert_eq!(
            got,
            [
                ("a".into(), "x".into(), "y".into()),
                ("b".into(), "1".into(), "2".into()),
                ("c".into(), "p".into(), "n".into()),
                ("status".into(), "closed".into(), "open".into()),
                ("changes.title".into(), "Old".into(), "New".into()),
                ("list.email".into(), "a@x".into(), "b@x".into()),
            ]
        );
    }

    #[test]
    fn an_email_with_from_and_to_is_not_a_change() {
        let v = p(r#"{"data":{"from":"a@x","to":["b@x"],"subject":"Hi"}}"#);
        assert!(changes(&v).is_empty());
    }

    #[test]
    fn hostile_nesting_is_an_error() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert_eq!(parse(deep.as_bytes()).unwrap_err().kind, ErrorKind::TooDeep);
    }
}
