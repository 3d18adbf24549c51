//! One request of the ClickHouse session as plain data: its SQL, the URL
//! parameters the connection's settings allow, the slot it runs under and what
//! it is for. The driver sends it (through the source's gate, with the realm's
//! token) and hands back what came: the session never does I/O.

use super::settings::Settings;
use super::sql::Sql;

/// What a query is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Purpose {
    /// The server's version (connecting).
    Version,
    /// What this user may change (connecting).
    Settings,
    /// The table's columns (connecting).
    Describe,
    /// Rows for detecting the roles (connecting).
    Sample,
    /// One page of the view's rows.
    Page,
    /// The view's total, facets and (when its buckets could be guessed) histogram.
    Stats,
    /// The histogram in the buckets the view's span asked for.
    Histogram,
    /// What the view could show: the whole log, or one app's entries.
    All,
    /// How many of the view's rows are first seen for each reason.
    FirstSeen,
    /// Live refresh's look: the view's total and what is newer than shown.
    News,
    /// One entry by id.
    Entry,
    /// One chunk of an export.
    Export,
    /// The entry around which a context is shown, or the rows either side of it.
    Context,
    /// How many entries each of several queries finds (the investigations).
    Count,
    /// A column's statistics.
    Field,
    /// The view grouped by one or two fields (a breakdown).
    Group,
    /// What is different in a span.
    Differ,
    /// Following the actor: the start entry, then the events of those followed.
    Chain,
}

/// One request to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Query {
    /// The SQL, sent as the request's body.
    pub sql: Sql,
    /// URL parameters: what the settings allow for this query (a slot's
    /// `query_id` among them), then the SQL's own `param_` values.
    pub params: Vec<(String, String)>,
    /// The slot's name on the server (`<tab>-page`), where a newer query of the
    /// slot replaces the older one still running; `None`: a query of its own.
    pub slot: Option<String>,
    /// What it is for.
    pub purpose: Purpose,
}

impl Query {
    /// `sql` for `purpose`, sent as `settings` allow, in `slot` if any.
    pub(crate) fn new(
        sql: Sql,
        settings: &Settings,
        slot: Option<String>,
        purpose: Purpose,
    ) -> Query {
        let mut params = settings.params(slot.as_deref());
        params.extend(sql.url_params());
        Query {
            sql,
            params,
            slot,
            purpose,
        }
    }
}
