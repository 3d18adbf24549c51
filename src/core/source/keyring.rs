//! The admin's tokens, in memory only, each bound to the realm (origin) it was given for.
//!
//! A token typed for source A, or given by a widget host for its source, is stored under
//! A's realm and handed out only for a request the gate cleared to that realm
//! ([`super::gate::Cleared::realm`]): loading source B (by the Log source field, Back and
//! Forward, a host's `trailview:set`) finds no token there and asks again. A ClickHouse
//! server's realm is `clickhouse+<origin>`, so its password never goes to a web endpoint
//! on the same host and port.

use super::gate::Cleared;
use std::fmt;

/// Tokens by realm (see the module docs). Its `Debug` shows realms, never tokens.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Keyring {
    tokens: Vec<(String, String)>,
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.tokens.iter().map(|(realm, _)| realm))
            .finish()
    }
}

impl Keyring {
    /// Keeps `token` for `realm` (a blank token forgets that realm's).
    pub(crate) fn set(&mut self, realm: &str, token: &str) {
        self.tokens.retain(|(r, _)| r != realm);
        let token = token.trim();
        if !token.is_empty() {
            self.tokens.push((realm.to_string(), token.to_string()));
        }
    }

    /// The token given for `realm`, if any.
    pub(crate) fn get(&self, realm: &str) -> Option<&str> {
        self.tokens
            .iter()
            .find(|(r, _)| r == realm)
            .map(|(_, t)| t.as_str())
    }

    /// The token that may go with `request`: its realm's, nobody else's.
    pub(crate) fn for_request(&self, request: &Cleared) -> Option<&str> {
        self.get(request.realm())
    }
}

#[cfg(test)]
mod tests {
    use super::super::gate::Gate;
    use super::*;

    #[test]
    fn a_token_goes_only_to_the_realm_it_was_given_for() {
        // Regression: a token typed for A was sent to B when B was loaded next.
        let mut keys = Keyring::default();
        let mut a = Gate::new(vec![]);
        let first = a.first("https://a.test/log").unwrap();
        keys.set(first.realm(), " tok-a ");
        assert_eq!(keys.for_request(&first), Some("tok-a"));
        assert_eq!(
            keys.for_request(&a.follow("https://a.test/log?page=2").unwrap()),
            Some("tok-a")
        );
        let b = Gate::new(vec![]).first("https://b.test/log").unwrap();
        assert_eq!(keys.for_request(&b), None);
        // A ClickHouse password on the same host and port is not a web token.
        let ch = Gate::new(vec![])
            .first("clickhouse+https://a.test:443/?table=t")
            .unwrap();
        keys.set(ch.realm(), "pw");
        let web = Gate::new(vec![]).first("https://a.test/").unwrap();
        assert_eq!(keys.for_request(&web), Some("tok-a"));
        assert_eq!(keys.for_request(&ch), Some("pw"));
        keys.set(web.realm(), "");
        assert_eq!(keys.for_request(&web), None);
        assert_eq!(format!("{keys:?}"), r#"["clickhouse+https://a.test"]"#);
    }
}
