//! `trailview.json`, a deployment's defaults: served next to `index.html`, read
//! once at start. URL parameters win over it; it wins over the built-in defaults.
//!
//! A malformed file is reported (with line and column) and ignored; a field with
//! a bad value is reported and skipped, the others still apply. Secrets have no
//! place in it: a credential header is refused.

use crate::core::inspect::{self, JsonValue as Value};
use crate::core::json;
use crate::core::kind::{EventKind, Overrides};
use crate::core::query::saved::{self, SavedView};
use crate::core::roles::Mapping;
use crate::core::source::{self, Auth, Live, Paging, allow};
use crate::core::time::Zone;
use crate::core::trust::redact::Redaction;

/// The file's name, next to `index.html`.
pub(crate) const FILE: &str = "trailview.json";

/// What a deployment configured.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// The log loaded when the URL names none (`source`).
    pub source: Option<String>,
    /// Field roles (`map`: `"time:createdAt,actor:user.email"` or an object).
    pub map: Option<Mapping>,
    /// Zone of times written without an offset (`inputZone`).
    pub input_zone: Option<Zone>,
    /// Display zone (`zone`).
    pub zone: Option<Zone>,
    /// Rows per page (`pageSize`).
    pub page_size: Option<usize>,
    /// Extra request headers, never credentials (`headers`).
    pub headers: Vec<(String, String)>,
    /// Paging style (`paging`, as `paging=` in the URL).
    pub paging: Option<Paging>,
    /// Entries loaded at most (`limit`).
    pub limit: Option<usize>,
    /// How the token is sent (`auth`, as `auth=`).
    pub auth: Option<Auth>,
    /// Live refresh (`live`, as `live=`).
    pub live: Option<Live>,
    /// Origins or prefixes a `source` must match (`allowedSources`); empty: any.
    pub allowed_sources: Vec<String>,
    /// Origins of pages that may frame `embed` and exchange messages with it
    /// (`embedOrigins`), besides the app's own.
    pub embed_origins: Vec<String>,
    /// What is masked as entries load (`redact`: `"email,ip"` or a list); a link's
    /// `redact=` can only add to it.
    pub redact: Redaction,
    /// The deployment's saved views (`views`: `[{"name": …, "query": "q=…&sort=…"}]`),
    /// offered before the admin's own.
    pub views: Vec<SavedView>,
    /// Kinds of event for particular action values (`kinds`: `{"s": "sign-in"}`).
    pub kinds: Overrides,
}

/// Reading the file went wrong, or part of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ConfigProblem(pub String);

impl std::fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{FILE}: {}", self.0)
    }
}

/// A `views` list: each item an object with a string `name` and `query`.
pub(crate) fn views(v: &Value) -> Option<Vec<SavedView>> {
    let Value::Arr(items) = v else {
        return None;
    };
    items
        .iter()
        .map(|item| {
            let Value::Obj(fields) = item else {
                return None;
            };
            let text = |k: &str| match fields.iter().find(|(n, _)| n == k) {
                Some((_, Value::Str(s))) => Some(s.clone()),
                _ => None,
            };
            Some(SavedView {
                name: saved::clean_name(&text("name")?)?,
                query: text("query")?.trim_start_matches('?').to_string(),
            })
        })
        .collect()
}

/// A `kinds` object: action value -> kind key; `Err` names what is wrong.
fn kinds(v: &Value) -> Result<Overrides, String> {
    let Value::Obj(fields) = v else {
        return Err("must be an object of action value -> kind".into());
    };
    let mut pairs = Vec::new();
    for (action, kind) in fields {
        let Value::Str(k) = kind else {
            return Err(format!("{action}: the kind must be a string"));
        };
        let Some(k) = EventKind::from_key(k) else {
            let known: Vec<&str> = EventKind::ALL.iter().map(|k| k.key()).collect();
            return Err(format!(
                "{action}: {k} is no kind (one of {})",
                known.join(", ")
            ));
        };
        pairs.push((action.clone(), k));
    }
    Ok(Overrides::new(pairs))
}

/// Reads the file's text. Always gives a usable config (the defaults when the
/// file is malformed), plus what was wrong with it.
pub(crate) fn parse(text: &str) -> (Config, Vec<ConfigProblem>) {
    let mut problems = Vec::new();
    let bytes = text.trim_start_matches('\u{FEFF}').as_bytes();
    let value = match inspect::parse(bytes) {
        Ok(v) => v,
        Err(e) => {
            let (line, column) = json::position(bytes, e.offset);
            problems.push(ConfigProblem(format!(
                "invalid JSON at line {line}, column {column}: {}; it is ignored",
                e.kind
            )));
            return (Config::default(), problems);
        }
    };
    let Value::Obj(fields) = value else {
        problems.push(ConfigProblem("must be a JSON object; it is ignored".into()));
        return (Config::default(), problems);
    };
    let mut c = Config::default();
    let mut bad = |key: &str, what: &str| {
        problems.push(ConfigProblem(format!("\"{key}\" {what}; it is ignored")));
    };
    for (key, v) in &fields {
        let text = match v {
            Value::Str(s) => Some(s.trim()),
            _ => None,
        };
        let number = match v {
            Value::Num(n) => n.parse::<u64>().ok(),
            _ => None,
        };
        match key.as_str() {
            "source" => match text {
                Some(s) if !s.is_empty() => c.source = Some(s.to_string()),
                _ => bad(key, "must be a non-empty string"),
            },
            "map" => match v {
                Value::Str(s) => c.map = Some(Mapping::parse(s)),
                Value::Obj(m) => {
                    let form: Vec<String> = m
                        .iter()
                        .filter_map(|(role, path)| match path {
                            Value::Str(p) => Some(format!("{role}:{p}")),
                            _ => None,
                        })
                        .collect();
                    c.map = Some(Mapping::parse(&form.join(",")));
                }
                _ => bad(key, "must be a string like \"time:createdAt\" or an object"),
            },
            "inputZone" | "zone" => match text.and_then(Zone::parse) {
                Some(z) if key == "zone" => c.zone = Some(z),
                Some(z) => c.input_zone = Some(z),
                None => bad(
                    key,
                    "must be UTC, local, an offset like +02:00 or a zone like Europe/Berlin",
                ),
            },
            "pageSize" => match number {
                Some(n) if (1..=10_000).contains(&n) => c.page_size = Some(n as usize),
                _ => bad(key, "must be a number from 1 to 10000"),
            },
            "limit" => match number {
                Some(n) if n >= 1 => c.limit = Some(n as usize),
                _ => bad(key, "must be a positive number"),
            },
            "paging" => match text.and_then(Paging::parse) {
                Some(p) => c.paging = Some(p),
                None => bad(
                    key,
                    "must be auto, none, link, next, cursor, offset or page",
                ),
            },
            "auth" => match text.and_then(Auth::parse) {
                Some(a) => c.auth = Some(a),
                None => bad(key, "must be bearer, header:<Name> or cookies"),
            },
            "live" => match text.and_then(Live::parse) {
                Some(l) => c.live = Some(l),
                None => bad(key, "must be off, 10s, 30s, 1m or 5m"),
            },
            "views" => match views(v) {
                Some(list) => c.views = list,
                None => bad(
                    key,
                    "must be a list of {\"name\": …, \"query\": …} with strings",
                ),
            },
            "kinds" => match kinds(v) {
                Ok(k) => c.kinds = k,
                Err(why) => bad(key, &why),
            },
            "redact" => match v {
                Value::Str(s) => c.redact = Redaction::parse(s),
                Value::Arr(list) if list.iter().all(|i| matches!(i, Value::Str(_))) => {
                    let items: Vec<String> = list
                        .iter()
                        .filter_map(|i| match i {
                            Value::Str(s) => Some(s.clone()),
                            _ => None,
                        })
                        .collect();
                    c.redact = Redaction::parse(&items.join(","));
                }
                _ => bad(
                    key,
                    "must be a string like \"email,ip\" or a list of strings",
                ),
            },
            "headers" => match v {
                Value::Obj(h) => {
                    for (name, value) in h {
                        let value = match value {
                            Value::Str(s) => Some(s),
                            _ => None,
                        };
                        match value {
                            _ if !source::valid_header_name(name) => {
                                bad(&format!("headers.{name}"), "is not a valid header name")
                            }
                            _ if source::is_secret_header(name) => bad(
                                &format!("headers.{name}"),
                                "would put a credential in a file anyone can read (use the Token field)",
                            ),
                            Some(val) => c.headers.push((name.clone(), val.to_string())),
                            None => bad(&format!("headers.{name}"), "must be a string"),
                        }
                    }
                }
                _ => bad(key, "must be an object of header names and values"),
            },
            "allowedSources" => match v {
                Value::Arr(list) => {
                    let list: Vec<String> = list
                        .iter()
                        .filter_map(|s| match s {
                            Value::Str(s) => Some(s.trim().to_string()),
                            _ => None,
                        })
                        .collect();
                    if let Some(e) = allow::invalid_entry(&list) {
                        bad(
                            key,
                            &format!("has \"{e}\", which is not an absolute http(s) URL"),
                        );
                    }
                    c.allowed_sources = list;
                }
                _ => bad(key, "must be a list of origins or URL prefixes"),
            },
            "embedOrigins" => match v {
                Value::Arr(list) => {
                    for entry in list {
                        match entry {
                            Value::Str(s) if crate::core::source::url::as_origin(s).is_some() => {
                                c.embed_origins.push(s.trim().to_string())
                            }
                            Value::Str(s) => bad(
                                key,
                                &format!(
                                    "has \"{s}\", which is not one origin like https://portal.example"
                                ),
                            ),
                            _ => bad(key, "must hold only strings"),
                        }
                    }
                }
                _ => bad(key, "must be a list of origins like https://portal.example"),
            },
            _ => bad(key, "is not a setting Trailview knows"),
        }
    }
    (c, problems)
}

impl Config {
    /// The request gate of this deployment: its `allowedSources`.
    pub(crate) fn gate(&self) -> source::Gate {
        source::Gate::new(self.allowed_sources.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::roles::Role;

    #[test]
    fn a_deployment_ships_views_and_a_malformed_list_is_reported() {
        let (c, problems) = parse(
            r#"{"views": [{"name": " Failed sign-ins ", "query": "?q=outcome:failure"},
                          {"name": "2FA", "query": "q=type:*twofactor*"}]}"#,
        );
        assert!(problems.is_empty(), "{problems:?}");
        let names: Vec<_> = c
            .views
            .iter()
            .map(|v| (v.name.as_str(), v.query.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("Failed sign-ins", "q=outcome:failure"),
                ("2FA", "q=type:*twofactor*")
            ]
        );
        let (c, problems) = parse(r#"{"views": [{"name": "x"}]}"#);
        assert!(c.views.is_empty());
        assert_eq!(problems.len(), 1);
        assert!(problems[0].0.contains("views"), "{problems:?}");
    }

    #[test]
    fn a_deployment_names_kinds_and_a_wrong_one_is_reported() {
        let (c, problems) = parse(r#"{"kinds": {"s": "sign-in", "invoice.paid": "Send"}}"#);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(c.kinds.get("S"), Some(EventKind::SignIn));
        assert_eq!(c.kinds.get("invoice.paid"), Some(EventKind::Send));
        let (c, problems) = parse(r#"{"kinds": {"s": "login"}}"#);
        assert_eq!(c.kinds, Overrides::default());
        assert!(problems[0].0.contains("login is no kind"), "{problems:?}");
    }

    #[test]
    fn every_setting_is_read() {
        let (c, problems) = parse(
            r#"{
              "source": "https://api.example.com/audit?limit=500",
              "map": {"time": "published", "actor": "actor.email"},
              "inputZone": "+01:00", "zone": "local", "pageSize": 100,
              "headers": {"Accept": "application/json", "X-Tenant": "42"},
              "paging": "cursor:meta.next:after", "limit": 50000, "auth": "header:X-API-Key",
              "live": "30s", "allowedSources": ["https://api.example.com"],
              "embedOrigins": ["https://portal.example"]
            }"#,
        );
        assert_eq!(problems, []);
        assert_eq!(
            c.source.as_deref(),
            Some("https://api.example.com/audit?limit=500")
        );
        assert_eq!(c.map.unwrap().get(Role::Actor), Some("actor.email"));
        assert_eq!(
            (c.input_zone, c.zone),
            (Some(Zone::Fixed(60)), Some(Zone::Local))
        );
        assert_eq!(c.page_size, Some(100));
        assert_eq!(c.headers.len(), 2);
        assert_eq!(
            c.paging,
            Some(Paging::Cursor {
                field: Some("meta.next".into()),
                param: Some("after".into())
            })
        );
        assert_eq!((c.limit, c.live), (Some(50000), Some(Live::Every(30))));
        assert_eq!(c.auth, Some(Auth::Header("X-API-Key".into())));
        assert_eq!(c.embed_origins, ["https://portal.example"]);
    }

    #[test]
    fn an_embed_origin_that_is_not_one_origin_is_refused() {
        let (c, problems) =
            parse(r#"{"embedOrigins": ["*", "https://ok.example", "https://x.example/admin"]}"#);
        assert_eq!(c.embed_origins, ["https://ok.example"]);
        assert_eq!(problems.len(), 2);
        assert!(
            problems[0].0.contains("\"*\", which is not one origin"),
            "{problems:?}"
        );
    }

    #[test]
    fn malformed_json_is_reported_with_its_position_and_not_fatal() {
        let (c, problems) = parse("{\n  \"source\": \"x\",\n  oops\n}");
        assert_eq!(c, Config::default());
        assert_eq!(problems.len(), 1);
        let msg = problems[0].to_string();
        assert!(
            msg.starts_with(
                "trailview.json: invalid JSON at line 3, column 3: expected a string key"
            ),
            "{msg}"
        );
    }

    #[test]
    fn a_bad_field_is_skipped_and_the_rest_applies() {
        let (c, problems) = parse(r#"{"pageSize": "lots", "zone": "UTC", "colour": "red"}"#);
        assert_eq!(c.zone, Some(Zone::Utc));
        assert_eq!(c.page_size, None);
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(
            text[0].contains("\"pageSize\" must be a number"),
            "{text:?}"
        );
        assert!(text[1].contains("\"colour\" is not a setting"), "{text:?}");
    }

    #[test]
    fn credentials_are_refused_in_headers() {
        let (c, problems) = parse(r#"{"headers": {"Authorization": "Bearer abc", "Accept": "x"}}"#);
        assert_eq!(c.headers, [("Accept".to_string(), "x".to_string())]);
        assert!(problems[0].0.contains("credential"));
        assert!(!problems[0].0.contains("abc"), "the secret is not repeated");
    }

    #[test]
    fn only_allowed_sources_load() {
        let (c, _) = parse(r#"{"allowedSources": ["https://api.example.com/audit"]}"#);
        assert!(c.gate().first("https://api.example.com/audit?x=1").is_ok());
        let e = c
            .gate()
            .first("https://evil.test/audit?token=s3cret")
            .unwrap_err()
            .to_string();
        assert!(e.contains("https://evil.test/audit?token=***"), "{e}");
        assert!(e.contains("forged"));
        assert!(
            c.gate()
                .trusting()
                .first("https://cdn.test/demo.json")
                .is_ok()
        );
        assert!(Config::default().gate().first("https://any.test/").is_ok());
    }
}
