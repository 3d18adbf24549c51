//! The app's own addresses: the organization view at the deployment's base path and
//! one app's view at `<base>apps/<name>`, with names taken from the log encoded so
//! that no value can change the route.
//!
//! `base` is the path the app is served under, ending in `/` (`/` or `/admin/audit/`).

use crate::core::source::escape;
use std::fmt;

/// `value` as one path segment, or None for `.` and `..`: URL parsers remove those
/// segments even percent-encoded (`%2E%2E` is `..` to them), so no encoding keeps them.
pub(crate) fn segment(value: &str) -> Option<String> {
    if value == "." || value == ".." {
        return None;
    }
    Some(escape::segment(value))
}

/// The organization view, with `query` (no leading `?`) when there is one.
pub(crate) fn org_href(base: &str, query: &str) -> String {
    with_query(base.to_string(), query)
}

/// The view of one app; None when the name cannot be a path segment (see [`segment`]).
pub(crate) fn app_href(base: &str, app: &str, query: &str) -> Option<String> {
    segment(app).map(|s| with_query(format!("{base}apps/{s}"), query))
}

/// The router's base: `base` without its final `/` (empty at the root).
pub(crate) fn router_base(base: &str) -> &str {
    base.strip_suffix('/').unwrap_or(base)
}

/// Why `{app}` could not be filled in a source address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FillAppError {
    /// The app is called `.` or `..`, which no address's path can hold (see
    /// [`segment`]): the source must take the app in its query (`?app={app}`), or
    /// the app another name.
    DotSegment {
        /// The app's name.
        app: String,
        /// The source address, `{app}` unfilled.
        source: String,
    },
}

impl fmt::Display for FillAppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FillAppError::DotSegment { app, source } => write!(
                f,
                "The app “{app}” cannot be fetched from {source}: “.” and “..” cannot be part of an address's path."
            ),
        }
    }
}

impl std::error::Error for FillAppError {}

/// Fills `{app}` in a source address: as a path segment before any `?` or `#`, as a
/// query component after. Err when the name cannot be a path segment.
pub(crate) fn fill_app(source: &str, app: &str) -> Result<String, FillAppError> {
    let query_at = source.find(['?', '#']).unwrap_or(source.len());
    let mut out = String::with_capacity(source.len() + app.len());
    let mut rest = source;
    while let Some(at) = rest.find("{app}") {
        let in_path = source.len() - rest.len() + at < query_at;
        out.push_str(&rest[..at]);
        if in_path {
            out.push_str(&segment(app).ok_or_else(|| FillAppError::DotSegment {
                app: app.to_string(),
                source: source.to_string(),
            })?);
        } else {
            out.push_str(&crate::core::source::url::encode_component(app));
        }
        rest = &rest[at + "{app}".len()..];
    }
    out.push_str(rest);
    Ok(out)
}

fn with_query(path: String, query: &str) -> String {
    if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_names_stay_one_segment() {
        assert_eq!(
            app_href("/", "Room Booking", "").unwrap(),
            "/apps/Room%20Booking"
        );
        assert_eq!(
            app_href("/admin/audit/", "a/b", "").unwrap(),
            "/admin/audit/apps/a%2Fb"
        );
        assert_eq!(
            app_href("/", "x?q=1#top", "").unwrap(),
            "/apps/x%3Fq=1%23top"
        );
        assert_eq!(app_href("/", "100%", "").unwrap(), "/apps/100%25");
        assert_eq!(
            app_href("/", "Café ☕", "").unwrap(),
            "/apps/Caf%C3%A9%20%E2%98%95"
        );
        assert_eq!(app_href("/", "a\\b", "").unwrap(), "/apps/a%5Cb");
        assert_eq!(app_href("/", "...", "").unwrap(), "/apps/...");
        assert_eq!(app_href("/", "%2e%2e", "").unwrap(), "/apps/%252e%252e");
    }

    #[test]
    fn dot_segments_have_no_address() {
        assert_eq!(app_href("/", "..", ""), None);
        assert_eq!(app_href("/", ".", ""), None);
        assert!(fill_app("https://x/apps/{app}/audit", "..").is_err());
    }

    #[test]
    fn queries_follow_the_path() {
        assert_eq!(org_href("/admin/audit/", ""), "/admin/audit/");
        assert_eq!(org_href("/", "q=x"), "/?q=x");
        assert_eq!(app_href("/a/", "B", "page=2").unwrap(), "/a/apps/B?page=2");
    }

    #[test]
    fn router_base_drops_the_final_slash() {
        assert_eq!(router_base("/"), "");
        assert_eq!(router_base("/admin/audit/"), "/admin/audit");
    }

    #[test]
    fn app_in_a_source_path_cannot_escape_it() {
        assert_eq!(
            fill_app("https://x/apps/{app}/audit", "Room Booking").unwrap(),
            "https://x/apps/Room%20Booking/audit"
        );
        assert_eq!(
            fill_app("https://x/apps/{app}/audit", "../../admin").unwrap(),
            "https://x/apps/..%2F..%2Fadmin/audit"
        );
        assert_eq!(
            fill_app("https://x/apps/{app}/audit", "a?b#c").unwrap(),
            "https://x/apps/a%3Fb%23c/audit"
        );
        let err = fill_app("https://x/apps/{app}/audit", "..")
            .unwrap_err()
            .to_string();
        assert!(err.contains("“..”"), "{err}");
    }

    #[test]
    fn a_dot_app_in_a_source_path_says_which_app_and_source() {
        let err = fill_app("https://x/apps/{app}/audit", ".").unwrap_err();
        assert_eq!(
            err,
            FillAppError::DotSegment {
                app: ".".into(),
                source: "https://x/apps/{app}/audit".into()
            }
        );
        assert_eq!(
            err.to_string(),
            "The app “.” cannot be fetched from https://x/apps/{app}/audit: “.” and “..” cannot be part of an address's path."
        );
    }

    #[test]
    fn app_in_a_source_query_is_a_component() {
        assert_eq!(
            fill_app("https://x/audit?app={app}&n=1", "a&n=2 ..").unwrap(),
            "https://x/audit?app=a%26n%3D2%20..&n=1"
        );
        assert_eq!(
            fill_app("https://x/audit?app={app}", "..").unwrap(),
            "https://x/audit?app=.."
        );
        assert_eq!(
            fill_app("https://x/audit", "..").unwrap(),
            "https://x/audit"
        );
        assert_eq!(
            fill_app("https://x/{app}/audit?app={app}", "a/b").unwrap(),
            "https://x/a%2Fb/audit?app=a%2Fb"
        );
    }
}
