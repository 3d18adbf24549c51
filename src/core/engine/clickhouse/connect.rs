//! Connecting to a ClickHouse table, as a state machine that says which query to
//! send next and digests each answer: the server's version, what this user may
//! change (settings), the table's columns, and a sample of rows for the roles.
//!
//! The first queries go with nothing but their SQL (see [`Settings`]). A login
//! that is refused, or that gets no answer at all (18.16 refuses it without the
//! CORS header), asks the host's token provider once more and tries again. A
//! server that will not say what the user may change allows nothing; any other
//! failure ends the connection with a message that says what to do.

use super::answer::{Compact, text_of};
use super::fault::Fault;
use super::masked;
use super::plan::{Planner, Version};
use super::query::{Purpose, Query};
use super::schema::Schema;
use super::settings::Settings;
use super::source::ChSource;
use super::table::Table;
use crate::core::trust::redact::Redaction;
use std::fmt;

/// Rows sampled for role detection.
pub(crate) const SAMPLE: usize = 1000;

/// Where the connection is.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    Version,
    /// The version query failed as a refused login would: the provider is asked.
    Token(Fault),
    Settings,
    Describe,
    Sample(Schema),
    Over,
}

/// What comes after a digested answer.
#[derive(Debug)]
pub(crate) enum Connecting {
    /// Send [`Connect::next`].
    Send,
    /// Ask the host's token provider, then tell [`Connect::token`] whether it gave one.
    AskToken,
    /// The table is open.
    Connected(Box<Table>),
    /// The connection failed.
    Failed(ConnectError),
}

/// Why a connection failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ConnectError {
    /// No answer at all to the first query: a missing or wrong password looks like
    /// a server that is down (ClickHouse refuses a login without the CORS header).
    NoAnswer {
        /// The source's label.
        label: String,
        /// The ClickHouse user.
        user: String,
    },
    /// A query failed; `fault` says how.
    Query {
        /// The source's label.
        label: String,
        /// The ClickHouse user.
        user: String,
        /// What went wrong.
        fault: Fault,
        /// `fault` as shown: masked by the source's redaction (a server's message may
        /// quote a value, say of the sample).
        shown: String,
    },
    /// The table has no columns (the load fails as a source that cannot be read).
    NoColumns {
        /// The source's label.
        label: String,
        /// `db.table`.
        table: String,
    },
}

impl ConnectError {
    /// True if the Token field is what the admin should fill in.
    pub(crate) fn needs_token(&self) -> bool {
        match self {
            ConnectError::NoAnswer { .. } => true,
            ConnectError::Query { fault, .. } => fault.is_auth(),
            ConnectError::NoColumns { .. } => false,
        }
    }

    /// The HTTP status of the failed query, when the server answered.
    pub(crate) fn status(&self) -> Option<u16> {
        match self {
            ConnectError::Query { fault, .. } => fault.status(),
            _ => None,
        }
    }
}

impl fmt::Display for ConnectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConnectError::NoAnswer { label, user } => write!(
                f,
                "{label} did not answer this page. If user {user} needs a password, enter it in the Token field; else check that the server is up and allows this page (add_http_cors_header=1)."
            ),
            ConnectError::Query {
                fault, user, shown, ..
            } if fault.is_auth() => write!(
                f,
                "This endpoint needs a token: {shown} (the ClickHouse password of user {user})."
            ),
            ConnectError::Query { label, shown, .. } => write!(f, "{label}: {shown}"),
            ConnectError::NoColumns { table, .. } => write!(f, "{table} has no columns"),
        }
    }
}

/// One connection's queries (see the module docs).
#[derive(Clone, Debug)]
pub(crate) struct Connect {
    src: ChSource,
    redact: Redaction,
    step: Step,
    /// The provider was asked once more already.
    asked: bool,
    version: Version,
    settings: Settings,
}

impl Connect {
    /// Connects to `src`, its rows to be masked by `redact`.
    pub(crate) fn new(src: ChSource, redact: Redaction) -> Connect {
        Connect {
            src,
            redact,
            step: Step::Version,
            asked: false,
            version: Version::default(),
            settings: Settings::unknown(),
        }
    }

    /// The query to send now (`None` once the connection ended, or while the
    /// provider is asked).
    pub(crate) fn next(&self) -> Option<Query> {
        // The first queries go with nothing but their SQL (see Settings).
        let bare = Settings::unknown();
        let (sql, settings, purpose) = match &self.step {
            Step::Version => (Planner::version_sql(), &bare, Purpose::Version),
            Step::Settings => (Settings::sql(), &bare, Purpose::Settings),
            Step::Describe => (
                Planner::describe_sql(&self.src.table_name()),
                &self.settings,
                Purpose::Describe,
            ),
            Step::Sample(schema) => {
                let plain = Planner::new(&self.src.table_name(), schema.clone(), self.version);
                (plain.sample_sql(SAMPLE), &self.settings, Purpose::Sample)
            }
            Step::Token(_) | Step::Over => return None,
        };
        Some(Query::new(sql, settings, None, purpose))
    }

    /// Digests the answer to [`Connect::next`].
    pub(crate) fn digest(&mut self, result: Result<Compact, Fault>) -> Connecting {
        let step = std::mem::replace(&mut self.step, Step::Over);
        match (step, result) {
            (Step::Version, Ok(a)) => {
                let text = a.data.first().and_then(|r| r.first()).map(text_of);
                self.version = Version::parse(&text.unwrap_or_default());
                self.step = Step::Settings;
                Connecting::Send
            }
            // A refused (or, on 18.16, unanswered) login asks the provider once more.
            (Step::Version, Err(f)) if (f.is_auth() || f.is_unreachable()) && !self.asked => {
                self.asked = true;
                self.step = Step::Token(f);
                Connecting::AskToken
            }
            (Step::Version, Err(f)) => self.failed(f, true),
            // What this user may change; a server that will not say allows nothing.
            (Step::Settings, a) => {
                self.settings = Settings::read(&a.unwrap_or_default());
                self.step = Step::Describe;
                Connecting::Send
            }
            (Step::Describe, Ok(columns)) => {
                let schema = Schema::from_describe(&columns, None);
                if schema.columns.is_empty() {
                    return Connecting::Failed(ConnectError::NoColumns {
                        label: self.src.label(),
                        table: self.src.table_name(),
                    });
                }
                self.step = Step::Sample(schema);
                Connecting::Send
            }
            (Step::Sample(schema), Ok(a)) => {
                // The roles are found on masked rows, as in memory.
                let sample = masked::dataset(Planner::sample_rows(&a), &self.redact, None);
                Connecting::Connected(Box::new(Table::new(
                    self.src.clone(),
                    schema,
                    self.version,
                    self.settings.clone(),
                    self.redact.clone(),
                    sample,
                )))
            }
            (Step::Describe | Step::Sample(_), Err(f)) => self.failed(f, false),
            // An answer no query of this connection asked for changes nothing.
            (step @ (Step::Token(_) | Step::Over), _) => {
                self.step = step;
                Connecting::Send
            }
        }
    }

    /// After [`Connecting::AskToken`]: `given` tells whether the provider gave a
    /// token (then the version is asked again with it), else the login's failure stands.
    pub(crate) fn token(&mut self, given: bool) -> Connecting {
        match std::mem::replace(&mut self.step, Step::Over) {
            Step::Token(_) if given => {
                self.step = Step::Version;
                Connecting::Send
            }
            Step::Token(f) => self.failed(f, true),
            step => {
                self.step = step;
                Connecting::Send
            }
        }
    }

    /// Ends the connection with `fault`, the version query's (`login`) or a later one's.
    fn failed(&mut self, fault: Fault, login: bool) -> Connecting {
        self.step = Step::Over;
        let (label, user) = (self.src.label(), self.src.user.clone());
        Connecting::Failed(match fault {
            // ClickHouse refuses a login without the CORS header, so the page sees no
            // answer at all: a missing or wrong password looks like a server that is down.
            f if login && f.is_unreachable() => ConnectError::NoAnswer { label, user },
            fault => ConnectError::Query {
                label,
                user,
                shown: fault.shown(&self.redact),
                fault,
            },
        })
    }
}
