//! The one request gate. Every URL Trailview is about to fetch for a log (the first
//! page, next pages, retries, live refresh with `{since}` filled, ClickHouse queries and
//! entry lookups) passes [`Gate`] first, and only what it [`Cleared`] can be fetched:
//! the platform takes a `Cleared`, never a string.
//!
//! - The exact URL is checked, in the canonical form a browser fetches
//!   ([`super::canonical`]), after every placeholder is filled.
//! - The first request of a load must be allowed by `allowedSources` (when it is set),
//!   unless it is the deployment's own configured source; when a list is set, a path a
//!   server could still route elsewhere (`..%2F`, `..;/`, `%252e`) is refused.
//! - Every later request stays on the first request's origin, or on an origin the list
//!   allows; under a list it must be listed too (a link's `paging=next:<field>` cannot
//!   turn an echoed value into a request elsewhere on the API), but for the pages of the
//!   deployment's own source and a ClickHouse server's queries.
//! - A [`Cleared`] says which realm (origin) it goes to: the credential store
//!   ([`super::keyring`]) gives only that realm's token, so a token never leaves the
//!   origin it was given for. Cookies and extra headers go only to the first origin.

use super::allow;
use super::canonical::{Canonical, Unfit, ambiguous_path, canonical};
use super::url::mask;
use std::fmt;

/// Decides which URLs may be fetched in one load (see the module docs).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Gate {
    /// `allowedSources`; empty: any first request.
    allowed: Vec<String>,
    /// The deployment's own configured source: its first request needs no list entry.
    trusted: bool,
    /// The first request's origin, once it is cleared.
    home: Option<Home>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Home {
    origin: String,
    clickhouse: bool,
}

/// A URL the gate let through: the only thing the platform fetches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cleared {
    url: String,
    realm: String,
    home: bool,
}

impl Cleared {
    /// The URL to fetch, canonical.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Whose credential may go with it: the origin, `clickhouse+` in front for a
    /// ClickHouse server (so a ClickHouse password never goes to a web endpoint).
    pub(crate) fn realm(&self) -> &str {
        &self.realm
    }

    /// True on the first request's origin: cookies and the deployment's extra headers
    /// may go with it.
    pub(crate) fn home(&self) -> bool {
        self.home
    }

    /// The same request with `name=value` added to its query (a ClickHouse password
    /// placed at the moment of sending): same origin, same realm.
    pub(crate) fn with_param(&self, name: &str, value: &str) -> Cleared {
        let sep = if self.url.contains('?') { '&' } else { '?' };
        Cleared {
            url: format!(
                "{}{sep}{}={}",
                self.url,
                super::url::encode_component(name),
                super::url::encode_component(value)
            ),
            ..self.clone()
        }
    }
}

/// Why the gate refused a URL. Messages name it masked (no secret of a query shows).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refused {
    /// Not a URL this gate reads.
    Unfit {
        /// The URL, masked.
        url: String,
        /// What is wrong.
        why: Unfit,
    },
    /// Its path could be routed outside the allowed sources by a server that decodes it.
    Ambiguous {
        /// The URL, masked.
        url: String,
        /// What is in it.
        why: &'static str,
    },
    /// The first request of a load, and no `allowedSources` entry covers it.
    NotAllowed {
        /// The URL, masked.
        url: String,
        /// The list.
        allowed: Vec<String>,
    },
    /// A later request (a next page, a redirect) on another origin than the first.
    OffOrigin {
        /// The URL, masked.
        url: String,
        /// The first request's origin.
        home: String,
    },
    /// A later request with no first one (a bug, refused rather than guessed).
    NoFirst,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::Unfit { url, why } => {
                write!(f, "Trailview does not fetch {url}: {}", why.reason())
            }
            Refused::Ambiguous { url, why } => write!(
                f,
                "Trailview does not fetch {url}: it has {why}, which could reach past the allowed sources"
            ),
            Refused::NotAllowed { url, allowed } => write!(
                f,
                "The source {url} is not one this Trailview is allowed to load. Its trailview.json allows only: {}. \
                 If you followed a link, it may point at a forged log.",
                allowed.join(", ")
            ),
            Refused::OffOrigin { url, home } => write!(
                f,
                "the endpoint sent Trailview to {url}, which is not on {home}; requests stay on the log's own origin (or one allowedSources lists), so it was not fetched"
            ),
            Refused::NoFirst => f.write_str("a follow-up request came before the first one"),
        }
    }
}

impl Gate {
    /// A gate for a deployment that allows `allowed` (empty: any source).
    pub fn new(allowed: Vec<String>) -> Gate {
        Gate {
            allowed: allowed.into_iter().map(|e| e.trim().to_string()).collect(),
            trusted: false,
            home: None,
        }
    }

    /// The same gate for the deployment's own configured source, which needs no entry.
    pub(crate) fn trusting(self) -> Gate {
        Gate {
            trusted: true,
            ..self
        }
    }

    /// Clears the first request of a load (`http(s)://…`, or `clickhouse+http(s)://…` for
    /// a ClickHouse table), which sets the origin every later request stays on.
    pub fn first(&mut self, url: &str) -> Result<Cleared, Refused> {
        let shown = || mask(url.trim());
        let (clickhouse, c) =
            allow::canonical_source(url).map_err(|why| Refused::Unfit { url: shown(), why })?;
        if !self.allowed.is_empty() && !self.trusted {
            self.listed(clickhouse, &c, url)?;
        }
        let origin = c.origin();
        self.home = Some(Home {
            origin: origin.clone(),
            clickhouse,
        });
        Ok(Cleared {
            url: c.href(),
            realm: realm(clickhouse, &origin),
            home: true,
        })
    }

    /// Clears a later request of the same load: a next page, a retry, a ClickHouse query.
    pub(crate) fn follow(&self, url: &str) -> Result<Cleared, Refused> {
        let home = self.home.as_ref().ok_or(Refused::NoFirst)?;
        let c = canonical(url).map_err(|why| Refused::Unfit {
            url: mask(url.trim()),
            why,
        })?;
        let origin = c.origin();
        let at_home = origin == home.origin;
        if !at_home && (self.allowed.is_empty() || home.clickhouse) {
            // Another origin only where the list names it (never for a ClickHouse server).
            return Err(Refused::OffOrigin {
                url: mask(url.trim()),
                home: home.origin.clone(),
            });
        }
        // Under a list every request is listed, but the deployment's own source's pages.
        if !self.allowed.is_empty() && !(at_home && (self.trusted || home.clickhouse)) {
            self.listed(false, &c, url)?;
        }
        Ok(Cleared {
            url: c.href(),
            realm: realm(home.clickhouse, &origin),
            home: at_home,
        })
    }

    /// Ok if an entry of the list covers canonical `c` (of `url`).
    fn listed(&self, clickhouse: bool, c: &Canonical, url: &str) -> Result<(), Refused> {
        if let Some(why) = ambiguous_path(&c.path) {
            return Err(Refused::Ambiguous {
                url: mask(url.trim()),
                why,
            });
        }
        if allow::listed(&self.allowed, clickhouse, c) {
            Ok(())
        } else {
            Err(Refused::NotAllowed {
                url: mask(url.trim()),
                allowed: self.allowed.clone(),
            })
        }
    }
}

/// The realm of a request to `origin`.
fn realm(clickhouse: bool, origin: &str) -> String {
    match clickhouse {
        true => format!("{}{origin}", allow::CLICKHOUSE),
        false => origin.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gate(list: &[&str]) -> Gate {
        Gate::new(list.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn the_first_request_is_checked_as_fetched() {
        let mut g = gate(&["https://api.example.com/audit"]);
        let c = g.first("HTTPS://API.example.com/audit/x/../y?a b").unwrap();
        assert_eq!(c.url(), "https://api.example.com/audit/y?a%20b");
        assert_eq!(c.realm(), "https://api.example.com");
        assert!(c.home());
        // A placeholder left empty makes `/audit/../admin`: the browser would fetch /admin.
        assert!(matches!(
            gate(&["https://api.example.com/audit"])
                .first("https://api.example.com/audit/../admin"),
            Err(Refused::NotAllowed { .. })
        ));
    }

    #[test]
    fn encoded_separators_are_refused_under_a_list() {
        for url in [
            "https://api.example.com/audit/..%2Fadmin",
            "https://api.example.com/audit/%2e%2e%2fadmin",
            "https://api.example.com/audit/..;/admin",
            "https://api.example.com/audit/..%5Cadmin",
        ] {
            let e = gate(&["https://api.example.com/audit"])
                .first(url)
                .unwrap_err();
            assert!(matches!(e, Refused::Ambiguous { .. }), "{url}: {e:?}");
            assert!(
                e.to_string()
                    .contains("could reach past the allowed sources")
            );
        }
        // Without a list nothing is restricted by path.
        assert!(gate(&[]).first("https://h.test/a/..;/b").is_ok());
    }

    #[test]
    fn later_requests_stay_on_the_first_origin_or_a_listed_one() {
        let mut g = gate(&[]);
        g.first("https://api.test/audit?page=1").unwrap();
        let next = g.follow("https://API.test:443/audit?page=2").unwrap();
        assert_eq!(
            (next.url(), next.home()),
            ("https://api.test/audit?page=2", true)
        );
        let e = g.follow("https://evil.test/steal").unwrap_err();
        assert_eq!(
            e,
            Refused::OffOrigin {
                url: "https://evil.test/steal".into(),
                home: "https://api.test".into()
            }
        );
        assert!(
            g.follow("http://api.test/audit").is_err(),
            "another scheme is another origin"
        );
        // A listed origin is fine for a later request, but it is not home: no cookies, and
        // its realm is its own.
        let mut g = gate(&["https://api.test", "https://cdn.test/pages/"]);
        g.first("https://api.test/audit").unwrap();
        let c = g.follow("https://cdn.test/pages/2").unwrap();
        assert_eq!((c.realm(), c.home()), ("https://cdn.test", false));
        assert!(g.follow("https://cdn.test/other").is_err());
        // Under a path entry, a next page elsewhere on the same API is refused too.
        let mut g = gate(&["https://api.test/audit"]);
        g.first("https://api.test/audit?q=/admin").unwrap();
        assert!(g.follow("https://api.test/audit?cursor=2").is_ok());
        assert!(matches!(
            g.follow("https://api.test/admin"),
            Err(Refused::NotAllowed { .. })
        ));
        assert_eq!(gate(&[]).follow("https://api.test/"), Err(Refused::NoFirst));
    }

    #[test]
    fn the_deployments_own_source_needs_no_entry_but_its_next_pages_stay_home() {
        let mut g = gate(&["https://other.test"]).trusting();
        assert!(g.first("https://own.test/log").is_ok());
        assert!(g.follow("https://own.test/log?page=2").is_ok());
        assert!(g.follow("https://own.test/v2/log?page=3").is_ok());
        assert!(g.follow("https://evil.test/").is_err());
    }

    #[test]
    fn a_clickhouse_server_has_its_own_realm_and_its_queries_stay_on_it() {
        let mut g = gate(&["clickhouse+http://ch.test:8123/?table=db.t&user=tv"]);
        let c = g
            .first("clickhouse+http://ch.test/?table=db.t&user=tv")
            .unwrap();
        assert_eq!(c.realm(), "clickhouse+http://ch.test:8123");
        let q = g.follow("http://ch.test:8123/?user=tv&query_id=1").unwrap();
        assert_eq!(q.realm(), "clickhouse+http://ch.test:8123");
        assert_eq!(
            q.with_param("password", "p w").url(),
            "http://ch.test:8123/?user=tv&query_id=1&password=p%20w"
        );
        assert!(g.follow("http://ch.test:8124/").is_err());
        // An http entry never allows the server's tables.
        assert!(
            gate(&["http://ch.test:8123/"])
                .first("clickhouse+http://ch.test:8123/?table=t")
                .is_err()
        );
        // 8123 is ClickHouse's default port, written or not.
        assert!(
            gate(&["clickhouse+http://ch.test/"])
                .first("clickhouse+http://ch.test:8123/?table=t")
                .is_ok()
        );
        assert!(
            gate(&["clickhouse+http://ch.test/"])
                .first("clickhouse+http://ch.test:80/?table=t")
                .is_err()
        );
    }

    #[test]
    fn refusals_never_show_a_secret() {
        let e = gate(&["https://ok.test"])
            .first("https://evil.test/a?token=s3cret&page=1")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("https://evil.test/a?token=***&page=1") && !e.contains("s3cret"),
            "{e}"
        );
        let e = gate(&[])
            .first("https://user:pw@h.test/")
            .unwrap_err()
            .to_string();
        assert!(!e.contains("pw"), "{e}");
    }
}
