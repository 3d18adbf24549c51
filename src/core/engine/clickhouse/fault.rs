//! Why a request to ClickHouse failed, in words an admin can act on, and the
//! failed query of a view as it is shown (its message and the SQL to copy).
//!
//! The driver that sends a [`Query`](super::query::Query) turns what the browser
//! said into a [`Fault`] (its messages name the source's label, never the request
//! URL, which may hold the password); [`Fault::read`] reads what the server
//! answered. Messages shown beside a view are masked by the source's redaction:
//! a server's message may quote a value.

use super::answer::{self, AnswerError, Compact};
use super::query::Query;
use super::source::ChSource;
use crate::core::source::gate::Refused;
use crate::core::trust::redact::Redaction;
use std::fmt;

/// Why one request failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Fault {
    /// The source's gate refused the request (it would leave the server opened).
    Gate(Refused),
    /// No answer the page could read: the server is down, or did not allow this
    /// page (CORS), which is also how a refused login looks on 18.16.
    Unreachable {
        /// The source, as [`ChSource::label`] writes it.
        label: String,
        /// What the browser said.
        detail: String,
    },
    /// The answer broke off, or was longer than a tab reads at once.
    CutOff {
        /// The source's label.
        label: String,
        /// What the browser said.
        detail: String,
    },
    /// The server answered with a redirect, which is not followed.
    Redirected {
        /// The source's label.
        label: String,
    },
    /// Cancelled by the page (a newer view).
    Aborted,
    /// ClickHouse answered with an error status.
    Server {
        /// HTTP status.
        status: u16,
        /// ClickHouse's error code, when its answer has one.
        code: Option<u32>,
        /// ClickHouse refused the user or password.
        auth: bool,
        /// ClickHouse's own explanation ([`answer::error_message`]).
        message: String,
    },
    /// A success status whose body is not the JSON asked for.
    Unreadable {
        /// HTTP status.
        status: u16,
        /// What was wrong with the body.
        error: AnswerError,
    },
}

impl Fault {
    /// No answer from `src` (what the browser said: `detail`).
    pub(crate) fn unreachable(src: &ChSource, detail: &str) -> Fault {
        Fault::Unreachable {
            label: src.label(),
            detail: detail.to_string(),
        }
    }

    /// The answer of `src` was not read whole.
    pub(crate) fn cut_off(src: &ChSource, detail: &str) -> Fault {
        Fault::CutOff {
            label: src.label(),
            detail: detail.to_string(),
        }
    }

    /// `src` answered with a redirect.
    pub(crate) fn redirected(src: &ChSource) -> Fault {
        Fault::Redirected { label: src.label() }
    }

    /// Reads what the server answered: rows on a success status, else ClickHouse's error.
    pub(crate) fn read(status: u16, body: &[u8]) -> Result<Compact, Fault> {
        if !(200..300).contains(&status) {
            return Err(Fault::Server {
                status,
                code: answer::error_code(body),
                auth: answer::is_auth_error(status, body),
                message: answer::error_message(status, body),
            });
        }
        Compact::parse(body).map_err(|error| Fault::Unreadable { status, error })
    }

    /// True if ClickHouse refused the user or password (the Token field is asked for).
    pub(crate) fn is_auth(&self) -> bool {
        matches!(self, Fault::Server { auth: true, .. })
    }

    /// True if no answer came that the page could read.
    pub(crate) fn is_unreachable(&self) -> bool {
        matches!(self, Fault::Unreachable { .. })
    }

    /// True if the page cancelled the request itself.
    pub(crate) fn is_aborted(&self) -> bool {
        matches!(self, Fault::Aborted)
    }

    /// The HTTP status, when the server answered.
    pub(crate) fn status(&self) -> Option<u16> {
        match self {
            Fault::Server { status, .. } | Fault::Unreadable { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// ClickHouse's error code, when its answer has one.
    pub(crate) fn code(&self) -> Option<u32> {
        match self {
            Fault::Server { code, .. } => *code,
            _ => None,
        }
    }

    /// The message as shown beside a view: what `r` masks masked in it too.
    pub(crate) fn shown(&self, r: &Redaction) -> String {
        shown(r, self.to_string())
    }

    /// The load's failure when ClickHouse refused the password in the middle of a
    /// view (the status line then asks for the token), with the message of `error`,
    /// this fault as shown (masked); `None` for any other fault.
    pub(crate) fn needs_token(&self, error: &QueryError) -> Option<String> {
        self.is_auth()
            .then(|| format!("This endpoint needs a token: {}", error.message))
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::Gate(refused) => refused.fmt(f),
            Fault::Unreachable { label, detail } => write!(
                f,
                "Could not reach {label} ({detail}). Check that it is up and allows this page (add_http_cors_header=1 in the user's profile)."
            ),
            // This query alone fails: what is shown stays.
            Fault::CutOff { label, detail } => write!(
                f,
                "The answer of {label} was not read whole ({detail}). Try again, or narrow the view (a shorter range, a filter)."
            ),
            Fault::Redirected { label } => write!(
                f,
                "{label} answered with a redirect, which Trailview does not follow."
            ),
            Fault::Aborted => f.write_str("cancelled"),
            Fault::Server { message, .. } => f.write_str(message),
            Fault::Unreadable { error, .. } => error.fmt(f),
        }
    }
}

/// `message` as shown: what `r` masks masked in it too (a server's message may
/// quote a value).
pub(crate) fn shown(r: &Redaction, message: String) -> String {
    r.mask_text(&message).unwrap_or(message)
}

/// A failed query of the view: what ClickHouse said, and the SQL to copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError {
    /// Readable message, masked as the rows are.
    pub message: String,
    /// The query text.
    pub sql: String,
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for QueryError {}

impl QueryError {
    /// Every answer to `queries` (sent in order, until one failed), or the error of
    /// the first that failed, masked by `r`.
    pub(crate) fn all(
        answers: Vec<Result<Compact, Fault>>,
        queries: &[Query],
        r: &Redaction,
    ) -> Result<Vec<Compact>, QueryError> {
        let mut read = Vec::with_capacity(answers.len());
        for (n, a) in answers.into_iter().enumerate() {
            match a {
                Ok(a) => read.push(a),
                Err(f) => {
                    let sql = queries.get(n).map_or("", |q| q.sql.text.as_str());
                    return Err(QueryError::new(&f, r, sql));
                }
            }
        }
        Ok(read)
    }

    /// The error of the query `sql` that failed with `fault`, masked by `r`.
    pub(crate) fn new(fault: &Fault, r: &Redaction, sql: &str) -> QueryError {
        QueryError {
            message: fault.shown(r),
            sql: sql.to_string(),
        }
    }
}
