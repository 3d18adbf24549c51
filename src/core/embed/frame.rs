//! The iframe mode, `<base>embed?…`: the explorer without the page chrome, for a
//! host page that frames it and talks to it with `postMessage`.
//!
//! The embed address's parameters are the `<trail-view>` element's attributes
//! (`source`, `app`, `filters`, `page-size`, `columns`, `tz`, `theme`, `state`),
//! plus `token-from=parent` to ask the host for the token. Messages are posted only
//! to, and taken only from, the origins the deployment allows: its own, and those
//! `embedOrigins` in `trailview.json` lists. The list never comes from the URL, which
//! whoever frames the app controls.
//!
//! From the frame: `{type: "trailview:ready"}`, `{type: "trailview:token-request"}`
//! and the element's events as `{type, detail}`. To the frame:
//! `{type: "trailview:token", token}`, `{type: "trailview:state", state}` and
//! `{type: "trailview:set", name, value}` (an attribute; `value: null` removes it).

use crate::core::inspect::{self, JsonValue as Value};
use crate::core::query::codec::decode;
use crate::core::source::url::as_origin;

/// The element attributes an embed address may give, and a `trailview:set` may change.
pub(crate) const ATTRIBUTES: &[&str] = &[
    "source",
    "app",
    "filters",
    "page-size",
    "columns",
    "tz",
    "redact",
    "theme",
    "state",
];

/// What an embed address asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Embed {
    /// The element attributes it gives, as `[name, value]` pairs.
    pub attributes: Vec<(String, String)>,
    /// `token-from=parent`: the host gives the token, asked with `trailview:token-request`.
    pub token_from_parent: bool,
}

/// Reads an embed address's query string (with or without its `?`). Unknown
/// parameters are ignored; the last of a repeated one wins.
pub(crate) fn embed(query: &str) -> Embed {
    let mut out = Embed::default();
    for pair in query.trim_start_matches('?').split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let (k, v) = (decode(k), decode(v));
        if k == "token-from" {
            out.token_from_parent = v == "parent";
        } else if ATTRIBUTES.contains(&k.as_str()) {
            out.attributes.retain(|(name, _)| *name != k);
            out.attributes.push((k, v));
        }
    }
    out
}

/// The origins a frame exchanges messages with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Origins(Vec<String>);

impl Origins {
    /// The app's own origin (a page of it could read the frame anyway) and the
    /// configured ones that are origins (see [`as_origin`]).
    pub(crate) fn new(own: &str, configured: &[String]) -> Self {
        let mut list: Vec<String> = Vec::new();
        for o in std::iter::once(own)
            .chain(configured.iter().map(String::as_str))
            .filter_map(as_origin)
        {
            if !list.contains(&o) {
                list.push(o);
            }
        }
        Origins(list)
    }

    /// True if a message from `origin` (as `MessageEvent.origin` gives it) is taken.
    pub(crate) fn allows(&self, origin: &str) -> bool {
        as_origin(origin).is_some_and(|o| self.0.contains(&o))
    }

    /// Where messages are posted, each one as the target origin (the browser
    /// delivers a message only if the framing page has it): the framing page's
    /// origin when the browser tells it (`parent`) and it is allowed, none when it
    /// is not allowed, else every allowed origin.
    pub(crate) fn targets(&self, parent: Option<&str>) -> Vec<String> {
        match parent {
            Some(p) if self.allows(p) => as_origin(p).into_iter().collect(),
            Some(_) => Vec::new(),
            None => self.0.clone(),
        }
    }
}

/// A message the host sent to the frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Incoming {
    /// The token, asked for or not: kept in memory only.
    Token(String),
    /// A view to restore, as the app's query string.
    State(String),
    /// An attribute set (Some) or removed (None).
    Set {
        /// One of [`ATTRIBUTES`].
        name: String,
        /// The new value.
        value: Option<String>,
    },
}

/// Reads a message's data, given as JSON text. None for anything that is not one of
/// the messages above (other scripts post messages too): it is ignored.
pub(crate) fn incoming(json: &str) -> Option<Incoming> {
    let Ok(Value::Obj(fields)) = inspect::parse(json.as_bytes()) else {
        return None;
    };
    let get = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    let text = |name: &str| match get(name) {
        Some(Value::Str(s)) => Some(s.clone()),
        _ => None,
    };
    match text("type")?.as_str() {
        "trailview:token" => text("token")
            .filter(|t| !t.trim().is_empty())
            .map(Incoming::Token),
        "trailview:state" => text("state").map(Incoming::State),
        "trailview:set" => {
            let name = text("name").filter(|n| ATTRIBUTES.contains(&n.as_str()))?;
            let value = match get("value") {
                Some(Value::Str(s)) => Some(s.clone()),
                None | Some(Value::Null) => None,
                Some(_) => return None,
            };
            Some(Incoming::Set { name, value })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_embed_address_gives_attributes_and_nothing_else() {
        let e = embed(
            "?source=https%3A%2F%2Fapi.test%2Flog&app=Room+Booking&filters=f.tenant%3D%3Dacme\
             &token-from=parent&url-state=hash&id=x&theme=dark&theme=light&state=q%3Dada",
        );
        assert_eq!(
            e.attributes,
            [
                ("source", "https://api.test/log"),
                ("app", "Room Booking"),
                ("filters", "f.tenant==acme"),
                ("theme", "light"),
                ("state", "q=ada"),
            ]
            .map(|(k, v)| (k.to_string(), v.to_string()))
        );
        assert!(e.token_from_parent);
        assert!(!embed("token-from=url").token_from_parent);
        assert_eq!(embed(""), Embed::default());
    }

    #[test]
    fn only_listed_origins_are_allowed_and_compared_as_origins() {
        let o = Origins::new(
            "https://audit.example",
            &[
                "https://Portal.Example:443/".into(),
                "http://127.0.0.1:4174".into(),
                "*".into(),
                "https://other.example/path".into(),
                "null".into(),
            ],
        );
        assert_eq!(
            o.targets(None),
            [
                "https://audit.example",
                "https://portal.example",
                "http://127.0.0.1:4174"
            ]
        );
        assert_eq!(
            o.targets(Some("https://portal.example")),
            ["https://portal.example"]
        );
        assert_eq!(o.targets(Some("https://evil.example")), [""; 0]);
        assert!(o.allows("https://portal.example"));
        assert!(o.allows("https://audit.example"));
        assert!(o.allows("http://127.0.0.1:4174"));
        for foreign in [
            "http://localhost:4174",
            "http://127.0.0.1:4175",
            "https://portal.example.evil.test",
            "http://portal.example",
            "https://other.example",
            "null",
            "",
            "*",
        ] {
            assert!(!o.allows(foreign), "{foreign}");
        }
    }

    #[test]
    fn an_origin_entry_is_one_origin() {
        assert_eq!(
            as_origin(" https://a.test/ ").as_deref(),
            Some("https://a.test")
        );
        for bad in [
            "*",
            "https://*.a.test",
            "a.test",
            "https://a.test/x",
            "https://a.test?x",
            "ftp://a.test",
            "https://user@a.test",
        ] {
            assert_eq!(as_origin(bad), None, "{bad}");
        }
    }

    #[test]
    fn messages_are_read_and_anything_else_is_ignored() {
        assert_eq!(
            incoming(r#"{"type":"trailview:token","token":"s3cret"}"#),
            Some(Incoming::Token("s3cret".into()))
        );
        assert_eq!(
            incoming(r#"{"type":"trailview:state","state":"q=ada&size=5"}"#),
            Some(Incoming::State("q=ada&size=5".into()))
        );
        assert_eq!(
            incoming(r#"{"type":"trailview:set","name":"app","value":"Field Reports"}"#),
            Some(Incoming::Set {
                name: "app".into(),
                value: Some("Field Reports".into())
            })
        );
        assert_eq!(
            incoming(r#"{"type":"trailview:set","name":"filters","value":null}"#),
            Some(Incoming::Set {
                name: "filters".into(),
                value: None
            })
        );
        for other in [
            r#"{"type":"trailview:token","token":""}"#,
            r#"{"type":"trailview:token","token":42}"#,
            r#"{"type":"trailview:set","name":"token-from","value":"parent"}"#,
            r#"{"type":"trailview:set","name":"app","value":3}"#,
            r#"{"type":"webpackOk"}"#,
            r#""trailview:state""#,
            "[1,2]",
            "not json",
        ] {
            assert_eq!(incoming(other), None, "{other}");
        }
    }
}
