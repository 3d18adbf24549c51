//! A ClickHouse table as a source: `clickhouse+http://HOST:PORT/?table=DB.TABLE&user=NAME`.
//!
//! The password is never part of a source: the platform adds it to each request
//! to ClickHouse (as `password=`, which 18.16 reads on a simple request) from the
//! token held in memory, so no source, URL or message can carry it.

use crate::core::source::Gate;
use crate::core::source::gate::Refused;
use crate::core::source::url::{encode_component, parts, query_param};
use std::fmt;

/// The scheme prefix that selects the ClickHouse engine.
pub(crate) const SCHEME: &str = "clickhouse+";

/// Where a ClickHouse table is and who reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ChSource {
    /// `https` when true.
    pub secure: bool,
    /// Host name or address (IPv6 in brackets).
    pub host: String,
    /// HTTP port.
    pub port: u16,
    /// Database.
    pub database: String,
    /// Table.
    pub table: String,
    /// ClickHouse user.
    pub user: String,
    /// `auth=basic`: the user and password go in an `Authorization: Basic` header,
    /// not in the request URL. The header makes each request need a CORS preflight, which
    /// 18.16 does not answer: for servers (or proxies in front) configured for it.
    pub basic: bool,
    /// What every query must pass: set by [`ChSource::cleared_by`], which clears the
    /// source itself as the first request; each query then stays on its server.
    pub gate: Gate,
}

/// True if `source` names a ClickHouse table (`clickhouse+http…`), any case.
pub(crate) fn is_clickhouse(source: &str) -> bool {
    source
        .trim()
        .get(..SCHEME.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(SCHEME))
}

/// Why a ClickHouse source cannot be opened; its text says what to write instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum SourceError {
    /// Not `clickhouse+http(s)://`.
    NotClickHouse,
    /// No host after the scheme.
    NoHost,
    /// A scheme other than http or https.
    Scheme(String),
    /// A user (or password) before the host.
    UserInAddress,
    /// Not a port number.
    Port(String),
    /// Not a host name.
    Host(String),
    /// A `password=` in the address.
    PasswordInAddress,
    /// No table, or not a name.
    NoTable,
    /// Not a user name.
    User(String),
    /// An `auth=` other than `url` or `basic`.
    Auth(String),
    /// The deployment's gate refused the source.
    Gate(Refused),
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceError::NotClickHouse => f.write_str(
                "a ClickHouse source starts with clickhouse+http:// or clickhouse+https://",
            ),
            SourceError::NoHost => f.write_str(
                "a ClickHouse source needs a host: clickhouse+http://HOST:8123/?table=DB.TABLE",
            ),
            SourceError::Scheme(other) => {
                write!(f, "ClickHouse is reached over http or https, not {other}")
            }
            SourceError::UserInAddress => f.write_str(
                "put the user in user=, and the password in the Token field, not in the address",
            ),
            SourceError::Port(port) => write!(f, "{port:?} is not a port"),
            SourceError::Host(host) => write!(f, "{host:?} is not a host name"),
            SourceError::PasswordInAddress => {
                f.write_str("the password goes in the Token field, never in the address")
            }
            SourceError::NoTable => {
                f.write_str("name the table: clickhouse+http://HOST:8123/?table=DB.TABLE")
            }
            SourceError::User(user) => write!(f, "{user:?} is not a user name"),
            SourceError::Auth(other) => write!(
                f,
                "auth={other:?}: a ClickHouse password goes in the URL of each request (auth=url, the default) or in a Basic header (auth=basic)"
            ),
            SourceError::Gate(refused) => refused.fmt(f),
        }
    }
}

impl std::error::Error for SourceError {}

fn valid_name(s: &str) -> bool {
    !s.is_empty() && s.len() <= 200 && s.chars().all(|c| !c.is_control())
}

impl ChSource {
    /// Reads a `clickhouse+http(s)://HOST[:PORT]/?table=[DB.]TABLE[&user=NAME]` source,
    /// saying what is wrong when it cannot.
    pub(crate) fn parse(source: &str) -> Result<ChSource, SourceError> {
        let s = source.trim();
        if !is_clickhouse(s) {
            return Err(SourceError::NotClickHouse);
        }
        let rest = &s[SCHEME.len()..];
        let p = parts(rest).ok_or(SourceError::NoHost)?;
        let secure = match p.scheme.to_ascii_lowercase().as_str() {
            "http" => false,
            "https" => true,
            other => return Err(SourceError::Scheme(other.to_string())),
        };
        if p.userinfo.is_some() {
            return Err(SourceError::UserInAddress);
        }
        let (host, port) = match p.host.rsplit_once(':') {
            Some((h, port)) if !port.contains(']') => {
                let port = port
                    .parse::<u16>()
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or_else(|| SourceError::Port(port.to_string()))?;
                (h, port)
            }
            _ => (p.host, if secure { 8443 } else { 8123 }),
        };
        let host_ok = !host.is_empty()
            && host.chars().all(|c| {
                c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '[' | ']' | ':')
            });
        if !host_ok {
            return Err(SourceError::Host(host.to_string()));
        }
        if query_param(rest, "password").is_some() {
            return Err(SourceError::PasswordInAddress);
        }
        let table = query_param(rest, "table").unwrap_or_default();
        let (database, table) = match table.split_once('.') {
            Some((db, t)) => (db.to_string(), t.to_string()),
            None => ("default".to_string(), table),
        };
        if !valid_name(&table) || !valid_name(&database) {
            return Err(SourceError::NoTable);
        }
        let user = query_param(rest, "user")
            .filter(|u| !u.is_empty())
            .unwrap_or_else(|| "default".into());
        if !valid_name(&user) {
            return Err(SourceError::User(user));
        }
        let basic = match query_param(rest, "auth").as_deref() {
            None | Some("" | "url") => false,
            Some("basic") => true,
            Some(other) => return Err(SourceError::Auth(other.to_string())),
        };
        Ok(ChSource {
            secure,
            host: host.to_ascii_lowercase(),
            port,
            database,
            table,
            user,
            basic,
            gate: Gate::default(),
        })
    }

    /// This source with `gate` (the deployment's allow-list) having cleared it: Err says
    /// why the gate refused it.
    pub(crate) fn cleared_by(self, mut gate: Gate, url: &str) -> Result<ChSource, SourceError> {
        gate.first(url).map_err(SourceError::Gate)?;
        Ok(ChSource { gate, ..self })
    }

    /// The HTTP endpoint every query is sent to (no password, no settings).
    pub(crate) fn endpoint(&self) -> String {
        let scheme = if self.secure { "https" } else { "http" };
        format!("{scheme}://{}:{}/", self.host, self.port)
    }

    /// The request URL for one query: the user (unless `auth=basic`, where the
    /// header names it: a current server refuses both together) and `settings` as
    /// URL parameters. The platform appends `password=` to it at the moment of
    /// sending.
    pub(crate) fn request_url(&self, settings: &[(String, String)]) -> String {
        let user = (!self.basic).then(|| ("user".to_string(), self.user.clone()));
        let params: Vec<String> = user
            .iter()
            .chain(settings)
            .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
            .collect();
        match params.is_empty() {
            true => self.endpoint(),
            false => format!("{}?{}", self.endpoint(), params.join("&")),
        }
    }

    /// The `Authorization` header's value for `password` with `auth=basic`: the
    /// user and the password (none without `auth=basic`, where both go into the
    /// request URL). An empty password is sent so too: the header is the login.
    pub(crate) fn authorization(&self, password: &str) -> Option<String> {
        use base64::Engine;
        let password = password.trim();
        self.basic.then(|| {
            let pair = format!("{}:{password}", self.user);
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(pair)
            )
        })
    }

    /// `db.table`, unquoted, as the admin reads it.
    pub(crate) fn table_name(&self) -> String {
        format!("{}.{}", self.database, self.table)
    }

    /// How the source reads in status lines: `ClickHouse trailview.audit at 127.0.0.1:8123`.
    pub(crate) fn label(&self) -> String {
        format!(
            "ClickHouse {} at {}:{}",
            self.table_name(),
            self.host,
            self.port
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_form_reads_back() {
        let s = ChSource::parse(
            "clickhouse+http://127.0.0.1:8123/?table=trailview.audit&user=trailview",
        )
        .unwrap();
        assert_eq!(
            s,
            ChSource {
                secure: false,
                host: "127.0.0.1".into(),
                port: 8123,
                database: "trailview".into(),
                table: "audit".into(),
                user: "trailview".into(),
                basic: false,
                gate: Gate::default(),
            }
        );
        assert_eq!(s.authorization("secret"), None);
        assert_eq!(s.endpoint(), "http://127.0.0.1:8123/");
        assert_eq!(
            s.request_url(&[("max_result_rows".into(), "10".into())]),
            "http://127.0.0.1:8123/?user=trailview&max_result_rows=10"
        );
        let s = ChSource::parse("ClickHouse+HTTPS://Logs.Example.com/?table=audit").unwrap();
        assert_eq!(
            (s.secure, s.port, s.host.as_str()),
            (true, 8443, "logs.example.com")
        );
        assert_eq!(
            (s.database.as_str(), s.user.as_str()),
            ("default", "default")
        );
        assert!(is_clickhouse(" clickhouse+http://x/?table=t"));
        assert!(!is_clickhouse("http://x/logs.json"));
    }

    #[test]
    fn auth_basic_sends_the_password_in_a_header_and_never_in_the_url() {
        let s = ChSource::parse("clickhouse+http://h:8123/?table=t&user=tv&auth=basic").unwrap();
        assert!(s.basic);
        // base64("tv:pä ss") as any Basic client sends it (UTF-8).
        assert_eq!(
            s.authorization(" pä ss ").as_deref(),
            Some("Basic dHY6cMOkIHNz")
        );
        // The header is the login: never `user=` beside it (code 516 on a current
        // server), and a user without a password is named by it too.
        assert_eq!(s.authorization("  ").as_deref(), Some("Basic dHY6"));
        assert_eq!(s.request_url(&[]), "http://h:8123/");
        let url = s.request_url(&[("readonly".into(), "2".into())]);
        assert_eq!(url, "http://h:8123/?readonly=2");
        assert!(!url.contains("user=") && !url.contains("auth"));
        let e = ChSource::parse("clickhouse+http://h/?table=t&auth=bearer")
            .unwrap_err()
            .to_string();
        assert!(e.contains("auth=basic"), "{e}");
    }

    #[test]
    fn a_password_in_the_address_is_refused_and_never_echoed() {
        for bad in [
            "clickhouse+http://u:hunter2@h:8123/?table=t",
            "clickhouse+http://h:8123/?table=t&password=hunter2",
        ] {
            let e = ChSource::parse(bad).unwrap_err().to_string();
            assert!(e.contains("Token field") && !e.contains("hunter2"), "{e}");
        }
    }

    #[test]
    fn what_is_missing_is_said() {
        let e = |s: &str| ChSource::parse(s).unwrap_err().to_string();
        assert!(e("clickhouse+http://h:8123/").contains("name the table"));
        assert!(e("clickhouse+http://h:99999/?table=t").contains("not a port"));
        assert!(e("clickhouse+ftp://h/?table=t").contains("not ftp"));
        assert!(e("clickhouse+http://h%20x/?table=t").contains("not a host"));
    }
}
