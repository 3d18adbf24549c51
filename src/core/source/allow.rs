//! Which log sources a deployment allows (`allowedSources`). A deployment may list allowed
//! source origins or prefixes, so that a crafted link cannot point an admin's Trailview at a
//! forged log. The request gate ([`super::gate`]) asks [`listed`] about the canonical form of
//! the exact URL it is about to fetch.
//!
//! Entries are absolute http(s) URLs. One that is only an origin (`https://h`, `https://h/`)
//! allows every URL of that origin; one with a path allows URLs of the same origin whose path
//! starts with it on a segment boundary (`/audit` allows `/audit`, `/audit/x`, `/audit?x`, not
//! `/audit-evil`; `/audit/` allows `/audit/x`, not `/audit`). An entry's query and fragment are
//! ignored. Entries and URLs are compared in canonical form ([`super::canonical`]), so case,
//! default ports, `\` and dot segments do not matter and userinfo cannot fool the host check.
//!
//! A ClickHouse table (`clickhouse+http://h:8123/?table=db.t&user=u`) is allowed by a
//! `clickhouse+` entry only, matched on the origin after the `clickhouse+` (a port left out is
//! ClickHouse's own, 8123 or 8443, in both); when the entry names a `table` (a bare name is in
//! `default`) or a `user`, the source's must be that one.

use super::canonical::{self, Canonical, Unfit};
use super::url::query_param;

/// The scheme prefix of a ClickHouse table source.
pub(crate) const CLICKHOUSE: &str = "clickhouse+";

/// Whether `url` names a ClickHouse table, and the URL after `clickhouse+`.
pub(crate) fn engine(url: &str) -> (bool, &str) {
    let url = url.trim_ascii();
    match url.get(..CLICKHOUSE.len()) {
        Some(p) if p.eq_ignore_ascii_case(CLICKHOUSE) => (true, &url[CLICKHOUSE.len()..]),
        _ => (false, url),
    }
}

/// The canonical form of a source or entry URL, and whether it is a ClickHouse table
/// (whose ports default to ClickHouse's: 8123 for http, 8443 for https).
pub(crate) fn canonical_source(url: &str) -> Result<(bool, Canonical), Unfit> {
    let (clickhouse, bare) = engine(url);
    let c = match clickhouse {
        true => canonical::canonical_with(bare, |s| if s == "http" { 8123 } else { 8443 })?,
        false => canonical::canonical(bare)?,
    };
    Ok((clickhouse, c))
}

/// True if the canonical URL `c` (of a ClickHouse table when `clickhouse`) lies under an
/// entry of `list` at a segment boundary.
pub(crate) fn listed(list: &[String], clickhouse: bool, c: &Canonical) -> bool {
    let href = c.href();
    list.iter().any(|entry| {
        canonical_source(entry).is_ok_and(|(entry_ch, e)| {
            entry_ch == clickhouse
                && e.origin() == c.origin()
                && (clickhouse || covers(&e.path, &c.path))
                && (!clickhouse || same_table(&e.href(), &href))
        })
    })
}

/// The first list entry that cannot be used (not an absolute http(s) URL), for a clear
/// configuration error. Surrounding whitespace of an entry is ignored.
pub(crate) fn invalid_entry(list: &[String]) -> Option<&str> {
    list.iter()
        .map(String::as_str)
        .find(|entry| canonical_source(entry).is_err())
}

/// True if ClickHouse source `url` reads the table and user that `entry` names (if any).
fn same_table(entry: &str, url: &str) -> bool {
    let table = |u: &str| {
        query_param(u, "table").map(|t| match t.contains('.') {
            true => t,
            false => format!("default.{t}"),
        })
    };
    let pinned = |get: &dyn Fn(&str) -> Option<String>| {
        get(entry).is_none_or(|want| get(url).as_deref() == Some(want.as_str()))
    };
    pinned(&table) && pinned(&|u| query_param(u, "user"))
}

/// True if the entry path `prefix` covers `path` on a segment boundary.
fn covers(prefix: &str, path: &str) -> bool {
    if prefix.is_empty() || prefix == "/" {
        return true;
    }
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || prefix.ends_with('/') || rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::super::gate::Gate;
    use super::*;

    /// What the gate says of `url` as the first request of a load.
    fn allowed(list: &[String], url: &str) -> bool {
        Gate::new(list.to_vec()).first(url).is_ok()
    }

    fn list(entries: &[&str]) -> Vec<String> {
        entries.iter().map(|e| e.to_string()).collect()
    }

    fn site() -> Vec<String> {
        list(&["https://api.example.com"])
    }

    fn audit() -> Vec<String> {
        list(&["https://api.example.com/audit"])
    }

    #[test]
    fn a_clickhouse_table_is_allowed_by_a_clickhouse_entry_for_its_table_and_user() {
        let server = list(&["clickhouse+http://127.0.0.1:8123/"]);
        let table = list(&["ClickHouse+http://127.0.0.1:8123/?table=trailview.audit&user=tv"]);
        let ok = "clickhouse+http://127.0.0.1:8123/?table=trailview.audit&user=tv";
        assert!(allowed(&server, ok));
        assert!(allowed(&table, ok));
        assert!(allowed(
            &table,
            "clickhouse+http://127.0.0.1:8123/?user=tv&table=trailview.audit"
        ));
        // Another table, user or server of the same kind is not.
        assert!(!allowed(
            &table,
            "clickhouse+http://127.0.0.1:8123/?table=system.users&user=tv"
        ));
        assert!(!allowed(
            &table,
            "clickhouse+http://127.0.0.1:8123/?table=trailview.audit&user=default"
        ));
        assert!(!allowed(
            &table,
            "clickhouse+http://127.0.0.1:8123/?table=trailview.audit"
        ));
        assert!(!allowed(
            &server,
            "clickhouse+http://evil.test:8123/?table=trailview.audit"
        ));
        // A bare table name is in the default database.
        let bare = list(&["clickhouse+http://h:8123/?table=audit"]);
        assert!(allowed(
            &bare,
            "clickhouse+http://h:8123/?table=default.audit"
        ));
        assert!(!allowed(
            &bare,
            "clickhouse+http://h:8123/?table=other.audit"
        ));
        // An http entry does not allow the server's tables, nor a clickhouse entry its HTTP.
        assert!(!allowed(&list(&["http://127.0.0.1:8123/"]), ok));
        assert!(!allowed(&server, "http://127.0.0.1:8123/?query=SELECT%201"));
        assert_eq!(invalid_entry(&table), None);
        assert_eq!(
            invalid_entry(&list(&["clickhouse+ftp://h/"])),
            Some("clickhouse+ftp://h/")
        );
    }

    #[test]
    fn an_empty_list_allows_every_web_address() {
        assert!(allowed(&[], "https://anything.test/x"));
        // Only absolute http(s) addresses are ever fetched.
        assert!(!allowed(&[], "/relative"));
    }

    #[test]
    fn an_origin_entry_allows_every_path_of_that_origin() {
        for entries in [site(), list(&["https://api.example.com/"])] {
            assert!(allowed(&entries, "https://api.example.com/"));
            assert!(allowed(&entries, "https://api.example.com/any/path?x=1#f"));
            assert!(allowed(&entries, "https://api.example.com"));
        }
    }

    #[test]
    fn a_longer_host_is_refused() {
        assert!(!allowed(&site(), "https://api.example.com.evil.test/"));
        assert!(!allowed(&site(), "https://evilapi.example.com/"));
    }

    #[test]
    fn userinfo_does_not_fool_the_host_check() {
        assert!(!allowed(&site(), "https://api.example.com@evil.test/"));
        assert!(!allowed(&site(), "https://api.example.com:443@evil.test/"));
        // No credentials in an address at all (a browser would not send them either).
        assert!(!allowed(&site(), "https://evil.test@api.example.com/"));
    }

    #[test]
    fn a_backslash_in_the_authority_is_refused() {
        assert!(!allowed(&site(), "https://evil.test\\@api.example.com/"));
    }

    #[test]
    fn the_allowed_origin_in_a_query_does_not_count() {
        assert!(!allowed(
            &site(),
            "https://evil.test/?https://api.example.com/"
        ));
        assert!(!allowed(
            &site(),
            "https://evil.test/#https://api.example.com/"
        ));
    }

    #[test]
    fn case_and_default_ports_do_not_matter() {
        assert!(allowed(&audit(), "HTTPS://API.EXAMPLE.COM:443/audit/x"));
        let upper = list(&["HTTPS://Api.Example.Com:443/audit"]);
        assert!(allowed(&upper, "https://api.example.com/audit"));
    }

    #[test]
    fn path_case_matters() {
        assert!(!allowed(&audit(), "https://api.example.com/AUDIT"));
    }

    #[test]
    fn http_and_https_are_different_origins() {
        assert!(!allowed(&site(), "http://api.example.com/"));
        assert!(!allowed(
            &list(&["http://api.example.com"]),
            "https://api.example.com/"
        ));
    }

    #[test]
    fn other_ports_are_different_origins() {
        assert!(!allowed(&site(), "https://api.example.com:8443/"));
        let port = list(&["https://api.example.com:8443"]);
        assert!(allowed(&port, "https://api.example.com:8443/x"));
        assert!(!allowed(&port, "https://api.example.com/x"));
    }

    #[test]
    fn a_path_entry_allows_its_own_path_and_below() {
        assert!(allowed(&audit(), "https://api.example.com/audit"));
        assert!(allowed(&audit(), "https://api.example.com/audit/"));
        assert!(allowed(&audit(), "https://api.example.com/audit/x/y"));
        assert!(allowed(&audit(), "https://api.example.com/audit?x=1"));
    }

    #[test]
    fn a_path_entry_refuses_siblings_and_parents() {
        assert!(!allowed(&audit(), "https://api.example.com/audit-evil"));
        assert!(!allowed(&audit(), "https://api.example.com/auditx/y"));
        assert!(!allowed(&audit(), "https://api.example.com/"));
        assert!(!allowed(&audit(), "https://api.example.com"));
        assert!(!allowed(&audit(), "https://api.example.com/admin"));
    }

    #[test]
    fn an_entry_with_a_trailing_slash_needs_it_in_the_url() {
        let slash = list(&["https://api.example.com/audit/"]);
        assert!(allowed(&slash, "https://api.example.com/audit/"));
        assert!(allowed(&slash, "https://api.example.com/audit/x"));
        assert!(!allowed(&slash, "https://api.example.com/audit"));
        assert!(!allowed(&slash, "https://api.example.com/auditx"));
    }

    #[test]
    fn an_entry_query_and_fragment_are_ignored() {
        let entries = list(&["https://api.example.com/audit?tenant=1#top"]);
        assert!(allowed(
            &entries,
            "https://api.example.com/audit/x?tenant=2"
        ));
        assert!(!allowed(&entries, "https://api.example.com/other?tenant=1"));
    }

    #[test]
    fn any_matching_entry_is_enough() {
        let entries = list(&["https://a.test/logs", "https://b.test"]);
        assert!(allowed(&entries, "https://b.test/x"));
        assert!(allowed(&entries, "https://a.test/logs/1"));
        assert!(!allowed(&entries, "https://a.test/other"));
    }

    #[test]
    fn non_http_urls_are_refused() {
        for url in [
            "javascript:alert(1)",
            "javascript://api.example.com/%0aalert(1)",
            "data:text/plain,hi",
            "file:///etc/passwd",
            "ftp://api.example.com/",
        ] {
            assert!(!allowed(&site(), url), "{url}");
        }
    }

    #[test]
    fn relative_urls_are_refused() {
        for url in ["/audit", "//api.example.com/audit", "audit", ""] {
            assert!(!allowed(&audit(), url), "{url:?}");
        }
    }

    #[test]
    fn a_canonical_traversal_target_is_refused() {
        // The browser turns `/audit/../admin` into `/admin` before we see it.
        assert!(!allowed(&audit(), "https://api.example.com/admin"));
    }

    #[test]
    fn a_traversal_is_judged_where_it_lands() {
        // The gate checks (and the app fetches) the address a browser resolves it to.
        for url in [
            "https://api.example.com/audit/../admin",
            "https://api.example.com/audit/%2e%2E/admin",
            "https://api.example.com/audit\\..\\admin",
            "https://api.example.com/audit/.\t./admin",
        ] {
            assert!(!allowed(&audit(), url), "{url:?}");
        }
        for url in [
            "https://api.example.com/audit/./x",
            "https://api.example.com/audit/x/../y",
            " https://api.example.com/audit",
        ] {
            assert!(allowed(&audit(), url), "{url:?}");
        }
    }

    #[test]
    fn dots_inside_a_segment_are_fine() {
        assert!(allowed(
            &audit(),
            "https://api.example.com/audit/...x/.hidden/v1.2"
        ));
    }

    #[test]
    fn entries_with_surrounding_whitespace_still_work() {
        assert!(allowed(
            &list(&[" https://api.example.com/audit\n"]),
            "https://api.example.com/audit"
        ));
    }

    #[test]
    fn invalid_entries_allow_nothing() {
        let entries = list(&["api.example.com", "javascript:alert(1)"]);
        assert!(!allowed(&entries, "https://api.example.com/"));
    }

    #[test]
    fn invalid_entry_names_the_first_unusable_entry() {
        let entries = list(&["https://ok.test", "api.example.com", "ftp://x.test/"]);
        assert_eq!(invalid_entry(&entries), Some("api.example.com"));
    }

    #[test]
    fn invalid_entry_refuses_non_http_and_broken_entries() {
        for entry in [
            "",
            "/audit",
            "ftp://x.test/",
            "javascript:alert(1)",
            "https://",
            "https://h:99999/",
        ] {
            assert_eq!(invalid_entry(&list(&[entry])), Some(entry), "{entry:?}");
        }
    }

    #[test]
    fn invalid_entry_accepts_a_good_list() {
        let entries = list(&[
            "https://a.test",
            "HTTP://b.test:8080/logs/",
            "https://[::1]/x",
        ]);
        assert_eq!(invalid_entry(&entries), None);
        assert_eq!(invalid_entry(&[]), None);
    }
}
