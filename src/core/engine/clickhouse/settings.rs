//! What each query asks of the server beyond its SQL: URL parameters, and only the
//! settings this user may change.
//!
//! A viewer account is usually `readonly=1`, which may change no setting in a query:
//! 18.16 refuses any whose value differs from the user's, a newer server any not
//! granted to it, and either refusal comes without the CORS header, so the page sees
//! no answer at all. So the first queries of a connection go with nothing but their
//! SQL; then [`Settings::sql`] reads the user's `readonly` level and the server's
//! value of each setting the app would like, and every later query sends a setting
//! only when it differs from the server's value and the user may change it
//! (`readonly` 0 or 2, and the setting not marked read-only for the user on servers
//! that say so). `wait_end_of_query` and `query_id` are URL parameters of the HTTP
//! interface, never settings, so any user may send them.
//!
//! Without `replace_running_query` a newer query of a slot does not cancel the older
//! one on the server: the page still aborts the older fetch and ignores answers to
//! views it no longer shows, and no `query_id` is sent (a second query under the id
//! of one still running would be refused).

use super::answer::{Compact, text_of};
use super::sql::Sql;

/// Cancels the older query of the same `query_id` on the server.
const REPLACE: &str = "replace_running_query";
/// 64-bit integers as JSON strings (the default until 25.8; exact either way here).
const QUOTE_64: &str = "output_format_json_quote_64bit_integers";

/// The server's settings as far as the app's queries care, for one connection.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Settings {
    /// False until the server was asked: then a query sends nothing but its SQL.
    known: bool,
    /// (name, server value, the user may change it).
    values: Vec<(String, String, bool)>,
}

impl Settings {
    /// Nothing known yet (the first queries of a connection): no parameter at all.
    pub(crate) fn unknown() -> Settings {
        Settings::default()
    }

    /// Asks for the user's `readonly` level and the settings the app would change.
    /// `SELECT *`: servers since 22 say per setting whether this user may change it
    /// (`readonly`), 18.16 does not.
    pub(crate) fn sql() -> Sql {
        let mut q = Sql::new(false);
        q.push("SELECT * FROM system.settings WHERE name IN (");
        for (i, name) in ["readonly", REPLACE, QUOTE_64].iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.value(name);
        }
        q.push(") FORMAT JSONCompact");
        q
    }

    /// Reads the answer to [`Settings::sql`]; an answer without the columns it needs
    /// allows no setting.
    pub(crate) fn read(answer: &Compact) -> Settings {
        let col = |name: &str| answer.meta.iter().position(|(n, _)| n == name);
        let (Some(name), Some(value)) = (col("name"), col("value")) else {
            return Settings {
                known: true,
                values: Vec::new(),
            };
        };
        let fixed = col("readonly");
        let cell = |row: &[serde_json::Value], i: usize| row.get(i).map(text_of);
        let rows: Vec<(String, String, bool)> = answer
            .data
            .iter()
            .filter_map(|row| {
                let n = cell(row, name)?;
                let v = cell(row, value)?;
                let fixed = fixed.and_then(|i| cell(row, i)).is_some_and(|f| f != "0");
                Some((n, v, !fixed))
            })
            .collect();
        // readonly=1 may change nothing; 0 and 2 may (2 all but readonly itself).
        let level = rows
            .iter()
            .find(|(n, _, _)| n == "readonly")
            .map(|(_, v, _)| v.trim().to_string());
        let may = matches!(level.as_deref(), Some("0" | "2"));
        Settings {
            known: true,
            values: rows
                .into_iter()
                .filter(|(n, _, _)| n != "readonly")
                .map(|(n, v, ok)| (n, v, ok && may))
                .collect(),
        }
    }

    /// The server's value of `name`, when it was read.
    fn value(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, v, _)| v.as_str())
    }

    /// `name=want`, when the server's value differs and the user may change it.
    fn change(&self, name: &str, want: &str) -> Option<(String, String)> {
        self.values
            .iter()
            .find(|(n, v, ok)| n == name && v != want && *ok)
            .map(|_| (name.to_string(), want.to_string()))
    }

    /// True if a query sent under a slot's `query_id` cancels the older one of that
    /// slot on the server (the setting is on for the user, or it may be turned on).
    pub(crate) fn replaces(&self) -> bool {
        self.value(REPLACE) == Some("1") || self.change(REPLACE, "1").is_some()
    }

    /// The URL parameters of one query (before its own `param_` values): as query
    /// `slot` when the server replaces a slot's older query, else as a query of its own.
    pub(crate) fn params(&self, slot: Option<&str>) -> Vec<(String, String)> {
        if !self.known {
            return Vec::new();
        }
        // An error after rows began (a result limit) is a 500, not a cut-off 200.
        let mut out = vec![("wait_end_of_query".to_string(), "1".to_string())];
        out.extend(self.change(QUOTE_64, "1"));
        if let Some(id) = slot.filter(|_| self.replaces()) {
            out.push(("query_id".into(), id.to_string()));
            out.extend(self.change(REPLACE, "1"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(body: &str) -> Settings {
        Settings::read(&Compact::parse(body.as_bytes()).unwrap())
    }

    /// As 18.16 answers for a user of `readonly` level `level`.
    fn old_server(level: &str) -> Settings {
        answer(&format!(
            r#"{{"meta":[{{"name":"name","type":"String"}},{{"name":"value","type":"String"}},{{"name":"changed","type":"UInt8"}},{{"name":"description","type":"String"}}],
            "data":[["readonly","{level}",1,"…"],["replace_running_query","0",0,"…"],["output_format_json_quote_64bit_integers","1",0,"…"]]}}"#
        ))
    }

    #[test]
    fn a_readonly_1_user_gets_no_setting_at_all() {
        // Bug: every query sent settings a readonly=1 user may not change, and the
        // refusal came without the CORS header: "could not connect" (issue 28, item 12).
        let s = old_server("1");
        for slot in [None, Some("s-page")] {
            let p = s.params(slot);
            assert_eq!(p, [("wait_end_of_query".into(), "1".into())], "{slot:?}");
        }
        assert!(!s.replaces());
        // Before the server was asked, not even that.
        assert_eq!(Settings::unknown().params(Some("s-page")), []);
        assert!(
            Settings::sql()
                .text
                .starts_with("SELECT * FROM system.settings WHERE name IN ('readonly', ")
        );
    }

    #[test]
    fn a_readonly_2_user_gets_only_the_settings_that_differ() {
        let s = old_server("2");
        assert!(s.replaces());
        assert_eq!(
            s.params(Some("s-page")),
            [
                ("wait_end_of_query".into(), "1".into()),
                ("query_id".into(), "s-page".into()),
                ("replace_running_query".into(), "1".into()),
            ]
        );
        // No slot: a query of its own.
        assert_eq!(s.params(None), [("wait_end_of_query".into(), "1".into())]);
    }

    #[test]
    fn a_newer_server_says_per_setting_what_the_user_may_change() {
        // 25.8 and later: 64-bit integers are no longer quoted by default.
        let s = answer(
            r#"{"meta":[{"name":"name","type":"String"},{"name":"value","type":"String"},{"name":"readonly","type":"UInt8"}],
            "data":[["readonly","0",0],["replace_running_query","0",1],["output_format_json_quote_64bit_integers","0",0]]}"#,
        );
        assert!(
            !s.replaces(),
            "replace_running_query is fixed for this user"
        );
        assert_eq!(
            s.params(Some("s-page")),
            [
                ("wait_end_of_query".into(), "1".into()),
                ("output_format_json_quote_64bit_integers".into(), "1".into()),
            ]
        );
        // Already on in the user's profile: the slot's id alone replaces.
        let on = answer(
            r#"{"meta":[{"name":"name","type":"String"},{"name":"value","type":"String"}],
            "data":[["readonly","1"],["replace_running_query","1"]]}"#,
        );
        assert!(on.replaces());
        assert_eq!(
            on.params(Some("s-page")),
            [
                ("wait_end_of_query".into(), "1".into()),
                ("query_id".into(), "s-page".into()),
            ]
        );
        // An answer without the columns allows nothing.
        let odd = answer(r#"{"meta":[{"name":"x","type":"String"}],"data":[["y"]]}"#);
        assert_eq!(
            odd.params(Some("s")),
            [("wait_end_of_query".into(), "1".into())]
        );
    }
}
