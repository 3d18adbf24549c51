//! What to fetch, as plain data, and the pure decisions around each request.
//!
//! A [`Source`] says where a log is and how to get it (paging style, how the token
//! is sent, extra headers, the entry limit, live refresh). The platform performs
//! the [`Request`]s that the [`plan::Planner`] decides from each response; the token
//! itself never enters this module's data, so no request value can leak it.

pub mod allow;
pub mod canonical;
pub mod escape;
pub mod gate;
pub mod keyring;
pub mod link;
pub mod live;
pub mod paging;
pub mod plan;
pub mod retry;
pub mod url;

use crate::core::trust::redact::Redaction;
pub(crate) use gate::{Cleared, Gate};
pub(crate) use live::Live;
pub(crate) use paging::Paging;

/// Entries loaded at most unless the URL or the config file says otherwise.
pub(crate) const DEFAULT_LIMIT: usize = 1_000_000;

/// How the admin's token (held in memory by the interface) is sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Auth {
    /// `Authorization: Bearer <token>`, when a token is given.
    #[default]
    Bearer,
    /// The token as the value of this header (`X-API-Key`).
    Header(String),
    /// The browser's cookies for the endpoint (`credentials: include`); no token.
    Cookies,
}

impl Auth {
    /// Reads `auth=`: `bearer`, `header:<Name>`, `cookies`.
    pub(crate) fn parse(s: &str) -> Option<Auth> {
        let s = s.trim();
        match s.split_once(':') {
            Some((k, name))
                if k.eq_ignore_ascii_case("header") && valid_header_name(name.trim()) =>
            {
                Some(Auth::Header(name.trim().to_string()))
            }
            Some(_) => None,
            None if s.eq_ignore_ascii_case("bearer") => Some(Auth::Bearer),
            None if s.eq_ignore_ascii_case("cookies") || s.eq_ignore_ascii_case("cookie") => {
                Some(Auth::Cookies)
            }
            None => None,
        }
    }

    /// The `auth=` value.
    pub(crate) fn to_param(&self) -> String {
        match self {
            Auth::Bearer => "bearer".into(),
            Auth::Header(h) => format!("header:{h}"),
            Auth::Cookies => "cookies".into(),
        }
    }

    /// The header that carries `token` (name, value); none for cookies or no token.
    pub(crate) fn header(&self, token: &str) -> Option<(String, String)> {
        let token = token.trim();
        if token.is_empty() {
            return None;
        }
        match self {
            Auth::Bearer => Some(("Authorization".into(), format!("Bearer {token}"))),
            Auth::Header(name) => Some((name.clone(), token.to_string())),
            Auth::Cookies => None,
        }
    }

    /// True if requests go with the browser's cookies.
    pub(crate) fn cookies(&self) -> bool {
        *self == Auth::Cookies
    }
}

/// True if `name` is a valid HTTP header name (an RFC 9110 token).
pub(crate) fn valid_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Header names that carry credentials: never taken from a config file.
pub(crate) fn is_secret_header(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    matches!(
        n.as_str(),
        "authorization"
            | "cookie"
            | "proxy-authorization"
            | "x-api-key"
            | "api-key"
            | "x-auth-token"
    ) || url::is_sensitive_param(&n)
}

/// Where a log is and how to fetch it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// Absolute URL of the first request (`{since}` already filled in).
    pub url: String,
    /// How the endpoint pages.
    pub paging: Paging,
    /// How the token is sent.
    pub auth: Auth,
    /// Extra, non-secret request headers.
    pub headers: Vec<(String, String)>,
    /// Entries loaded at most.
    pub limit: usize,
    /// What is masked in each entry as it arrives.
    pub redact: Redaction,
    /// What every request of its loads must pass (the deployment's allow-list).
    pub gate: Gate,
    /// A widget's host set it: the host's token provider may give its token.
    pub host_given: bool,
}

impl Source {
    /// A source at `url` with the defaults.
    pub fn new(url: impl Into<String>) -> Self {
        Source {
            url: url.into(),
            paging: Paging::Auto,
            auth: Auth::Bearer,
            headers: Vec::new(),
            limit: DEFAULT_LIMIT,
            redact: Redaction::default(),
            gate: Gate::default(),
            host_given: false,
        }
    }

    /// The realm its requests go to (whose token they carry), when the gate clears
    /// its first request.
    pub(crate) fn realm(&self) -> Option<String> {
        let first = live::fill_since(&self.url, None);
        let cleared = self.gate.clone().first(&first).ok()?;
        Some(cleared.realm().to_string())
    }
}

/// One HTTP GET to make: plain data, performed by the platform with the source's
/// headers and, if there is one, the token of its realm.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Request {
    /// What the gate cleared: the URL and whose credential may go.
    pub cleared: Cleared,
    /// Page number within this load, from 1.
    pub page: usize,
}

impl Request {
    /// The URL to fetch.
    pub(crate) fn url(&self) -> &str {
        self.cleared.url()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_kinds_round_trip_and_reject_bad_header_names() {
        for s in ["bearer", "header:X-API-Key", "cookies"] {
            assert_eq!(Auth::parse(s).unwrap().to_param(), s);
        }
        assert_eq!(Auth::parse("header:bad name"), None);
        assert_eq!(Auth::parse("header:"), None);
        assert_eq!(Auth::parse("basic"), None);
    }

    #[test]
    fn the_token_goes_in_the_chosen_header_only() {
        assert_eq!(
            Auth::Bearer.header(" t0k "),
            Some(("Authorization".into(), "Bearer t0k".into()))
        );
        assert_eq!(
            Auth::Header("X-API-Key".into()).header("t0k"),
            Some(("X-API-Key".into(), "t0k".into()))
        );
        assert_eq!(Auth::Cookies.header("t0k"), None);
        assert_eq!(Auth::Bearer.header(""), None);
    }

    #[test]
    fn credential_headers_are_recognised() {
        assert!(is_secret_header("Authorization"));
        assert!(is_secret_header("X-API-Key"));
        assert!(is_secret_header("x-client-secret"));
        assert!(!is_secret_header("Accept"));
        assert!(!is_secret_header("X-Tenant"));
    }
}
