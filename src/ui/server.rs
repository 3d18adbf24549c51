//! The ClickHouse engine in the interface. Connecting asks for the server's
//! version, the table's columns and a sample of rows (for the roles); then each
//! view is answered by a few SQL requests: first one page of rows (into the table, as a
//! small in-memory dataset), the total, the facets and the histogram. A newer
//! view cancels the requests of the older one. Every query passes the source's
//! gate (it stays on the server the admin opened); the password is the token kept
//! for that server's realm, added to each request to it and nowhere else (to its
//! URL, or with `auth=basic` in an `Authorization: Basic` header). The source's
//! redaction goes with it: every row read becomes a masked dataset, and the server
//! searches, filters, counts and sorts masked text.

use crate::core::dataset::Dataset;
use crate::core::engine::clickhouse::export::{self, Walk};
use crate::core::engine::clickhouse::plan::{Cursor, Order, Planner, Version};
use crate::core::engine::clickhouse::sql::Sql;
use crate::core::engine::clickhouse::{ChSource, Compact, Schema, Settings, answer, masked};
use crate::core::engine::memory::facets::SHOWN;
use crate::core::engine::{Answer, Ask, Faceted, facet_roles};
use crate::core::ingest::progress::{LoadState, Phase, Progress};
use crate::core::query::{FilterSpec, Sort};
use crate::core::roles::{Mapping, Role};
use crate::core::source::Source;
use crate::core::source::keyring::Keyring;
use crate::core::time::EpochMs;
use crate::core::trust::redact::Redaction;
use crate::core::view::present;
use crate::platform::fetch::{self, Abort, FetchError};
use crate::ui::load::DataContext;
use crate::ui::shared::Shared;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Rows sampled for role detection.
const SAMPLE: usize = 1000;
/// A change of the search or a filter text waits this long for the next key (ms).
const TYPING_MS: u32 = 120;

/// The connected table.
struct Engine {
    source: ChSource,
    schema: Schema,
    version: Version,
    /// What each query may ask of the server beyond its SQL.
    settings: Settings,
    /// What is masked in every row and in what the server compares.
    redact: Redaction,
    /// Sampled rows, for detecting the roles again when the mapping changes.
    sample: Dataset,
    /// The mapping the planner's roles were detected with.
    planner: Option<(Mapping, Planner)>,
}

impl Engine {
    fn planner(&mut self, mapping: &Mapping) -> Planner {
        if let Some((_, p)) = self.planner.as_ref().filter(|(m, _)| m == mapping) {
            return p.clone();
        }
        let mut schema = self.schema.clone();
        schema.detect_roles(&mut self.sample, mapping);
        let p = Planner::new(&self.source.table_name(), schema, self.version).masked(&self.redact);
        self.planner = Some((mapping.clone(), p.clone()));
        p
    }
}

/// A failed query: what ClickHouse said, and the SQL to copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError {
    /// Readable message.
    pub message: String,
    /// The query text.
    pub sql: String,
}

#[derive(Default)]
struct Job {
    id: u64,
    abort: Option<Abort>,
    cursor: Option<Cursor>,
    /// The scope the `all` count is for.
    all_for: Option<Option<String>>,
    /// The view asked for last.
    last: Option<Ask>,
    /// The next view is live refresh's look, not the admin's change.
    refresh: bool,
    /// The newest time in the view (ms), for counting what is new.
    newest: Option<EpochMs>,
    /// The earliest and latest time of what the view could show (ms).
    span: Option<(EpochMs, EpochMs)>,
}

/// The ClickHouse engine's state, shared by the explorer's components.
#[derive(Clone, Copy)]
pub struct Server {
    /// True once a ClickHouse table is connected (the in-memory engine is off).
    pub connected: RwSignal<bool>,
    /// The current view's answer.
    pub answer: RwSignal<Answer>,
    /// Requests in flight.
    pub busy: RwSignal<u32>,
    /// Requests sent for the current view.
    pub issued: RwSignal<u32>,
    /// When the current view was asked (`performance.now()` ms).
    pub asked_at: RwSignal<f64>,
    /// The last failed query of the current view.
    pub error: RwSignal<Option<QueryError>>,
    /// An entry asked for by id that is not on the page: (id, its row, or `None`
    /// when the table has no such entry).
    pub fetched: RwSignal<Option<(String, Option<Shared<Dataset>>)>>,
    /// Live refresh's beat: the view is asked again (relative ranges move on).
    pub tick: RwSignal<u64>,
    engine: StoredValue<Option<Engine>, LocalStorage>,
    job: StoredValue<Job, LocalStorage>,
    /// Names this tab's queries on the server (`<session>-page`, …).
    session: u64,
}

/// Why a request failed.
struct Fault {
    auth: bool,
    /// No answer the page could read.
    network: bool,
    aborted: bool,
    status: Option<u16>,
    /// ClickHouse's error code, when its answer has one.
    code: Option<u32>,
    message: String,
}

/// Sends `sql` with what `settings` allows; with a `slot`, as query `slot` where the
/// server replaces the older query of that slot still running (an aborted fetch
/// does not stop it there).
async fn send(
    src: &ChSource,
    keys: &Keyring,
    sql: &Sql,
    settings: &Settings,
    abort: Option<&Abort>,
    slot: Option<&str>,
) -> Result<Compact, Fault> {
    let mut params = settings.params(slot);
    params.extend(sql.url_params());
    let refused = |message: String| Fault {
        auth: false,
        network: false,
        aborted: false,
        status: None,
        code: None,
        message,
    };
    // Through the gate: the query stays on the server the admin opened, and only
    // that server's password goes with it.
    let cleared = src
        .gate
        .follow(&src.request_url(&params))
        .map_err(|r| refused(r.to_string()))?;
    let token = keys.for_request(&cleared).unwrap_or_default();
    let (request, headers) = match src.authorization(token) {
        Some(basic) => (cleared, vec![("Authorization".into(), basic)]),
        None if !src.basic && !token.is_empty() => {
            (cleared.with_param("password", token), Vec::new())
        }
        None => (cleared, Vec::new()),
    };
    let (status, body) = fetch::post_text(&request, &sql.text, &headers, abort, answer::MAX_ANSWER)
        .await
        .map_err(|e| Fault {
            auth: false,
            network: matches!(e, FetchError::Network { .. }),
            aborted: e == FetchError::Aborted,
            status: None,
            code: None,
            // The error names the endpoint only: the URL with the password is never shown.
            message: match e {
                FetchError::Network { detail, .. } => format!(
                    "Could not reach {} ({detail}). Check that it is up and allows this page (add_http_cors_header=1 in the user's profile).",
                    src.label()
                ),
                // This query alone fails: what is shown stays.
                FetchError::Body { detail, .. } => format!(
                    "The answer of {} was not read whole ({detail}). Try again, or narrow the view (a shorter range, a filter).",
                    src.label()
                ),
                FetchError::Redirect { .. } => format!(
                    "{} answered with a redirect, which Trailview does not follow.",
                    src.label()
                ),
                FetchError::Aborted => "cancelled".into(),
            },
        })?;
    if !(200..300).contains(&status) {
        return Err(Fault {
            auth: answer::is_auth_error(status, &body),
            network: false,
            aborted: false,
            status: Some(status),
            code: answer::error_code(&body),
            message: answer::error_message(status, &body),
        });
    }
    Compact::parse(&body).map_err(|message| Fault {
        auth: false,
        network: false,
        aborted: false,
        status: Some(status),
        code: None,
        message,
    })
}

/// `message` as shown: what `r` masks masked in it too (a server's message may quote
/// a value).
fn shown(r: &Redaction, message: String) -> String {
    r.mask_text(&message).unwrap_or(message)
}

/// The order the table can give for `sort`, and a note when it is not that sort.
fn order_of(planner: &Planner, sort: &Sort) -> (Order, Vec<String>) {
    let time_col = planner.schema().role(Role::Time).map(|c| c.name.clone());
    let wanted = sort.resolve(time_col.as_deref());
    let mut notes = Vec::new();
    if let Some((col, _)) = wanted.filter(|(c, _)| planner.schema().column(c).is_none()) {
        notes.push(format!(
            "Not sorted by {col}: the table has no such column; newest first instead."
        ));
    } else if let Some((col, _)) = wanted.filter(|(c, _)| planner.masks_column(c)) {
        notes.push(format!(
            "Not sorted by {col}: its values are masked; newest first instead."
        ));
    }
    (planner.order(wanted), notes)
}

/// An export of every row of the view, read from ClickHouse a chunk at a time.
pub struct ServerExport {
    src: ChSource,
    settings: Settings,
    planner: Planner,
    walk: Walk,
    keys: Keyring,
    abort: Option<Abort>,
}

impl ServerExport {
    /// The next chunk of rows as a small dataset (mapped as the table is), `None`
    /// once every row was read; an error says what ClickHouse answered.
    pub async fn next(&mut self) -> Result<Option<Dataset>, String> {
        let Some(sql) = self.walk.next_sql(&self.planner) else {
            return Ok(None);
        };
        let a = send(
            &self.src,
            &self.keys,
            &sql,
            &self.settings,
            self.abort.as_ref(),
            None,
        )
        .await
        .map_err(|f| shown(self.planner.redaction(), f.message))?;
        let rows = self.walk.read(&self.planner, &a);
        Ok(Some(self.planner.dataset(&rows)))
    }

    /// What stops the request in flight.
    pub fn abort(&self) -> Option<Abort> {
        self.abort.clone()
    }
}

impl Default for Server {
    fn default() -> Self {
        Server::new()
    }
}

impl Server {
    /// True while a connected table's view is still being queried (tracked).
    pub fn querying(&self) -> bool {
        self.connected.get() && self.busy.get() > 0
    }

    /// The entries of the whole log (tracked): the table's count of what the view
    /// could show once it is in, `None` in memory, where the dataset is the log.
    pub fn log_entries(&self) -> Option<usize> {
        self.connected
            .get()
            .then(|| self.answer.with(|a| a.all).unwrap_or(0))
    }

    /// Not connected.
    pub fn new() -> Server {
        Server {
            connected: RwSignal::new(false),
            answer: RwSignal::new(Answer::default()),
            busy: RwSignal::new(0),
            issued: RwSignal::new(0),
            asked_at: RwSignal::new(0.0),
            error: RwSignal::new(None),
            fetched: RwSignal::new(None),
            tick: RwSignal::new(0),
            engine: StoredValue::new_local(None),
            job: StoredValue::new_local(Job::default()),
            session: (crate::platform::now_ms() as u64
                ^ (crate::platform::perf_now() * 1e3) as u64)
                .wrapping_mul(0x9e37_79b9_7f4a_7c15)
                >> 16,
        }
    }

    /// What the connected table's rows are masked by (`None` when not connected).
    pub fn redaction(&self) -> Option<Redaction> {
        self.engine
            .try_with_value(|e| e.as_ref().map(|e| e.redact.clone()))
            .flatten()
    }

    /// Back to the in-memory engine (another source is loading).
    pub fn disconnect(&self) {
        self.cancel();
        self.job.update_value(|j| {
            j.cursor = None;
            j.all_for = None;
            j.last = None;
            j.refresh = false;
            j.newest = None;
            j.span = None;
        });
        self.engine.set_value(None);
        if self.connected.get_untracked() {
            self.connected.set(false);
            self.answer.set(Answer::default());
            self.error.set(None);
        }
        // An entry read from the old table is not one of the new one.
        if self.fetched.with_untracked(Option::is_some) {
            self.fetched.set(None);
        }
    }

    fn cancel(&self) -> u64 {
        self.job
            .try_update_value(|j| {
                if let Some(a) = j.abort.take() {
                    a.abort();
                }
                j.id += 1;
                j.id
            })
            .unwrap_or_default()
    }

    fn current(&self, id: u64) -> bool {
        self.job.try_with_value(|j| j.id == id).unwrap_or(false)
    }

    /// Connects to the table of `url` for `data` (its state shows the progress, a
    /// refused password asks for the token). `is_current` tells if the load still stands.
    pub fn connect(
        &self,
        data: DataContext,
        source: Source,
        is_current: impl Fn() -> bool + 'static,
    ) {
        self.disconnect();
        let url = source.url;
        let src = match ChSource::parse(&url).and_then(|s| s.cleared_by(source.gate, &url)) {
            Ok(s) => s,
            Err(message) => return data.fail(&url, message),
        };
        data.state.set(LoadState {
            url: src.label(),
            phase: Phase::Loading(Progress::default()),
            ..Default::default()
        });
        let this = *self;
        let redact = source.redact;
        spawn_local(async move {
            crate::platform::yield_now().await;
            // A widget host's provider gives the password, as for any endpoint.
            data.ask_provider().await;
            if !is_current() {
                return;
            }
            let mut keys = data.keyring();
            let fail = |f: Fault| {
                data.state.update(|s| {
                    s.phase = Phase::Failed {
                        message: if f.auth {
                            format!("This endpoint needs a token: {} (the ClickHouse password of user {}).", f.message, src.user)
                        } else {
                            format!("{}: {}", src.label(), f.message)
                        },
                        needs_token: f.auth,
                        status: f.status,
                    }
                })
            };
            // The first queries go with nothing but their SQL (see Settings).
            let bare = Settings::unknown();
            let mut version_answer =
                send(&src, &keys, &Planner::version_sql(), &bare, None, None).await;
            // A refused (or, on 18.16, unanswered) login asks the provider once more.
            if matches!(&version_answer, Err(f) if f.auth || f.network)
                && data.ask_provider().await
                && is_current()
            {
                keys = data.keyring();
                version_answer =
                    send(&src, &keys, &Planner::version_sql(), &bare, None, None).await;
            }
            let version = match version_answer {
                Ok(a) => Version::parse(
                    &a.data
                        .first()
                        .and_then(|r| r.first())
                        .map(answer::text_of)
                        .unwrap_or_default(),
                ),
                // ClickHouse refuses a login without the CORS header, so the page sees no
                // answer at all: a missing or wrong password looks like a server that is down.
                Err(f) if f.network => {
                    let message = format!(
                        "{} did not answer this page. If user {} needs a password, enter it in the Token field; else check that the server is up and allows this page (add_http_cors_header=1).",
                        src.label(),
                        src.user
                    );
                    return if is_current() {
                        data.state.update(|s| {
                            s.phase = Phase::Failed {
                                message,
                                needs_token: true,
                                status: None,
                            }
                        })
                    };
                }
                Err(f) => {
                    return if is_current() {
                        fail(f)
                    };
                }
            };
            // What this user may change; a server that will not say allows nothing.
            let settings = match send(&src, &keys, &Settings::sql(), &bare, None, None).await {
                Ok(a) => Settings::read(&a),
                Err(_) => Settings::read(&Compact::default()),
            };
            let columns = match send(
                &src,
                &keys,
                &Planner::describe_sql(&src.table_name()),
                &settings,
                None,
                None,
            )
            .await
            {
                Ok(a) => a,
                Err(f) => {
                    return if is_current() {
                        fail(f)
                    };
                }
            };
            let schema = Schema::from_describe(&columns, None);
            if schema.columns.is_empty() {
                return if is_current() {
                    data.fail(&src.label(), format!("{} has no columns", src.table_name()))
                };
            }
            let plain = Planner::new(&src.table_name(), schema.clone(), version);
            let sample = match send(
                &src,
                &keys,
                &plain.sample_sql(SAMPLE),
                &settings,
                None,
                None,
            )
            .await
            {
                Ok(a) => Planner::sample_rows(&a),
                Err(f) => {
                    return if is_current() {
                        fail(f)
                    };
                }
            };
            if !is_current() {
                return;
            }
            // The roles are found on masked rows, as in memory.
            let sample = masked::dataset(sample, &redact, None);
            this.engine.set_value(Some(Engine {
                source: src.clone(),
                schema,
                version,
                settings,
                redact,
                sample,
                planner: None,
            }));
            data.state.set(LoadState {
                url: src.label(),
                phase: Phase::Done,
                ..Default::default()
            });
            this.connected.set(true);
            data.schedule_refresh();
        });
    }

    /// Live refresh fell due: the view is asked again as a [`check`](Self::check)
    /// (unless queries are still running; then at the next beat).
    pub fn refresh(&self, data: DataContext) {
        if self.busy.get_untracked() > 0 || self.job.with_value(|j| j.last.is_none()) {
            return data.schedule_refresh();
        }
        self.job.update_value(|j| j.refresh = true);
        self.tick.update(|t| *t += 1);
    }

    /// Answers `ask`: the admin's view change, or live refresh's look.
    pub fn view(&self, data: DataContext, ask: Ask) {
        match self
            .job
            .try_update_value(|j| std::mem::take(&mut j.refresh))
        {
            Some(true) => self.check(data, ask),
            _ => self.query(data, ask),
        }
    }

    /// The connected table, its settings and its planner for the roles of `map`.
    fn table(&self, map: &Mapping) -> Option<(ChSource, Settings, Planner)> {
        self.engine
            .try_update_value(|e| {
                e.as_mut()
                    .map(|e| (e.source.clone(), e.settings.clone(), e.planner(map)))
            })
            .flatten()
    }

    /// Counts the view and its rows newer than the newest shown; when the view
    /// changed, it is queried again (same page, sort and open entry) and what
    /// is new is announced. The next refresh is armed either way.
    fn check(&self, data: DataContext, ask: Ask) {
        let Some((src, settings, planner)) = self.table(&ask.map) else {
            return;
        };
        let (id, newest) = self.job.with_value(|j| (j.id, j.newest));
        let sql = planner.news(&ask.spec, newest);
        let keys = data.keyring();
        let slot = format!("{}-news", self.session);
        let this = *self;
        spawn_local(async move {
            let result = send(&src, &keys, &sql, &settings, None, Some(&slot)).await;
            // The admin changed the view meanwhile: that answer is the fresh one.
            if this.current(id) {
                match result {
                    Ok(a) => {
                        let (total, newer) = Planner::read_news(&a);
                        let moved = this.job.with_value(|j| j.last.as_ref() != Some(&ask));
                        if moved || this.answer.with_untracked(|x| x.total) != Some(total) {
                            // What the view could show grew too.
                            this.job.update_value(|j| j.all_for = None);
                            this.query(data, ask);
                            if newer > 0 {
                                data.announce.set(match newer {
                                    1 => "1 new entry".to_string(),
                                    n => format!("{} new entries", present::count(n)),
                                });
                            }
                        }
                    }
                    Err(f) if f.aborted => {}
                    // What is shown stays; the next refresh tries again.
                    Err(f) => data.announce.set(format!(
                        "Live refresh failed: {}",
                        shown(planner.redaction(), f.message)
                    )),
                }
            }
            data.schedule_refresh();
        });
    }

    /// Reads the entry whose id is `key` from the table into [`fetched`](Self::fetched)
    /// (the entry panel of an entry that is not on the page).
    pub fn fetch_entry(&self, data: DataContext, key: String) {
        let Some((src, settings, planner)) = self
            .engine
            .try_with_value(|e| {
                e.as_ref().and_then(|e| {
                    Some((e.source.clone(), e.settings.clone(), e.planner.clone()?.1))
                })
            })
            .flatten()
        else {
            return;
        };
        let Some(sql) = planner.entry(&key) else {
            return self.fetched.set(Some((key, None)));
        };
        let keys = data.keyring();
        let this = *self;
        spawn_local(async move {
            let found = match send(&src, &keys, &sql, &settings, None, None).await {
                Ok(a) => Some(planner.dataset(&planner.rows(&a, 0, 1))),
                Err(f) => {
                    this.error.set(Some(QueryError {
                        message: shown(planner.redaction(), f.message),
                        sql: sql.text.clone(),
                    }));
                    None
                }
            };
            let found = found.filter(|d| d.len() == 1).map(Shared::new);
            this.fetched.set(Some((key, found)));
        });
    }

    /// An export of every row of the view asked for last, with `data`'s token.
    pub fn export(&self, data: DataContext) -> Option<ServerExport> {
        let ask = self.job.with_value(|j| j.last.clone())?;
        let (src, settings, planner) = self.table(&ask.map)?;
        let (order, _) = order_of(&planner, &ask.sort);
        Some(ServerExport {
            walk: Walk::new(ask.spec, order, export::CHUNK),
            src,
            settings,
            planner,
            keys: data.keyring(),
            abort: Abort::new(),
        })
    }

    /// Answers `ask` with `data`'s token, cancelling the previous view's requests.
    pub fn query(&self, data: DataContext, ask: Ask) {
        let id = self.cancel();
        let abort = Abort::new();
        let Some((src, settings, planner)) = self.table(&ask.map) else {
            return;
        };
        self.job.update_value(|j| j.abort = abort.clone());
        self.error.set(None);
        let keys = data.keyring();
        let (order, notes) = order_of(&planner, &ask.sort);
        let query_key = format!("{:?}|{:?}|{}", ask.spec, order, ask.size);
        let start = self.job.with_value(|j| {
            planner.start(j.cursor.as_ref(), &query_key, &order, ask.page, ask.size)
        });
        let (page_sql, skipped) = planner.page(&ask.spec, &order, &start, ask.size);
        let uncounted = planner
            .schema()
            .elsewhere
            .iter()
            .filter(|(r, _)| facet_roles::shown(ask.spec.scope.is_some()).any(|s| s == *r))
            .cloned()
            .collect();
        self.answer.update(|a| {
            a.skipped = skipped;
            a.notes = notes;
            a.uncounted = uncounted;
        });
        let this = *self;
        let session = self.session;
        self.busy.set(0);
        self.issued.set(0);
        self.asked_at.set(crate::platform::perf_now());
        let typing = self.job.with_value(|j| {
            j.last.as_ref().is_some_and(|l| {
                (l.spec.search != ask.spec.search || l.spec.filters != ask.spec.filters)
                    && l.sort == ask.sort
            })
        });
        self.job.update_value(|j| j.last = Some(ask.clone()));
        // Sends the first of `sqls`, and the next while an answer has fewer than
        // `enough` rows (a page looked for in a wider time window); `on` gets the last.
        // `then` runs once it is answered (before it stops counting as in flight).
        let planner_redaction = planner.redaction().clone();
        let run_until = move |slot: String,
                              sqls: Vec<Sql>,
                              enough: usize,
                              on: Box<dyn FnOnce(Compact)>,
                              then: Option<Box<dyn FnOnce()>>| {
            let (src, keys, abort) = (src.clone(), keys.clone(), abort.clone());
            let (settings, redaction) = (settings.clone(), planner_redaction.clone());
            this.busy.update(|n| *n += 1);
            this.issued.update(|n| *n += 1);
            spawn_local(async move {
                // The page goes at once; the queries that read every row wait for a pause.
                if typing && slot != "page" {
                    // Keys typed in a burst make one query, not one per key.
                    crate::platform::sleep(TYPING_MS).await;
                    if !this.current(id) {
                        return;
                    }
                }
                let slot = format!("{session}-{slot}");
                let count = sqls.len();
                let (mut result, mut sql) = (Err(None), Sql::new(false));
                for (n, next) in sqls.into_iter().enumerate() {
                    sql = next;
                    let mut r =
                        send(&src, &keys, &sql, &settings, abort.as_ref(), Some(&slot)).await;
                    // Replacing the older query of the slot can cancel this one while the older
                    // is still pending (18.16: error 394): a few more tries, a little later each.
                    for attempt in 1..=4u32 {
                        let cancelled = settings.replaces()
                            && matches!(&r, Err(f) if f.code == Some(answer::QUERY_WAS_CANCELLED));
                        if !cancelled || !this.current(id) {
                            break;
                        }
                        crate::platform::sleep(25 * attempt).await;
                        r = send(&src, &keys, &sql, &settings, abort.as_ref(), Some(&slot)).await;
                    }
                    let done = n + 1 == count
                        || !this.current(id)
                        || r.as_ref().map_or(true, |a| a.data.len() >= enough);
                    result = r.map_err(Some);
                    if done {
                        break;
                    }
                }
                // A newer view reset the count of requests in flight.
                if !this.current(id) {
                    return;
                }
                if let Some(then) = then {
                    then();
                }
                this.busy.update(|n| *n = n.saturating_sub(1));
                match result {
                    Ok(a) => on(a),
                    Err(None) => {}
                    Err(Some(f)) if f.aborted => {}
                    Err(Some(f)) => {
                        if f.auth {
                            data.state.update(|s| {
                                s.phase = Phase::Failed {
                                    message: format!("This endpoint needs a token: {}", f.message),
                                    needs_token: true,
                                    status: f.status,
                                }
                            });
                        }
                        this.error.set(Some(QueryError {
                            message: shown(&redaction, f.message),
                            sql: sql.text.clone(),
                        }))
                    }
                }
            });
        };
        let single = run_until.clone();
        let run = move |slot: String, sql: Sql, on: Box<dyn FnOnce(Compact)>| {
            single(slot, vec![sql], 0, on, None)
        };
        // The total, the facets and the histogram read every matching row: they
        // start once the page is in, so the rows come first.
        let (planner2, ask2) = (planner.clone(), ask.clone());
        let rest = move || {
            let (planner, ask) = (planner2, ask2);
            // One scan for the total, the facets and, when the bars' buckets can be
            // told before the span is known, the histogram.
            let facet_cols: Vec<(Role, usize)> = facet_roles::shown(ask.spec.scope.is_some())
                .filter_map(|r| {
                    Some((r, planner.schema().column(&planner.schema().role(r)?.name)?))
                })
                .collect();
            let cols: Vec<usize> = facet_cols.iter().map(|&(_, c)| c).collect();
            let guess = (this.job.with_value(|j| j.span))
                .or_else(|| ask.spec.from.zip(ask.spec.to))
                .and_then(|span| planner.bucket_key(&ask.spec, span, ask.tz));
            let stats_sql = planner.stats(&ask.spec, &cols, SHOWN, guess.as_deref());
            let (p, spec, tz) = (planner.clone(), ask.spec.clone(), ask.tz);
            let run2 = run.clone();
            run(
                "stats".into(),
                stats_sql,
                Box::new(move |a| {
                    let st = p.read_stats(&a, &cols);
                    let s = st.summary;
                    this.job
                        .update_value(|j| j.newest = s.span.map(|(_, hi)| hi));
                    let facets = facet_cols.iter().zip(st.facets).map(|(&(role, col), f)| {
                        let path =
                            crate::core::json::path::child("", &p.schema().columns[col].name);
                        Faceted {
                            role,
                            path,
                            facet: f,
                        }
                    });
                    let facets: Vec<_> = facets.collect();
                    this.answer.update(|x| {
                        x.total = Some(s.total);
                        x.facets = facets;
                    });
                    let key = s.span.and_then(|span| p.bucket_key(&spec, span, tz));
                    match (key, st.buckets) {
                        (Some(key), Some(points)) if Some(&key) == guess.as_ref() => {
                            let h = Planner::bars(points, &spec, &s, tz).map(std::sync::Arc::new);
                            this.answer.update(|x| x.histogram = h);
                        }
                        // The span asked for other buckets: one more scan.
                        (Some(key), _) if let Some(sql) = p.histogram(&spec, &key) => {
                            let (p3, spec3) = (p.clone(), spec.clone());
                            run2(
                                "histogram".into(),
                                sql,
                                Box::new(move |a| {
                                    let h = p3
                                        .read_histogram(&a, &spec3, &s, tz)
                                        .map(std::sync::Arc::new);
                                    this.answer.update(|x| x.histogram = h);
                                }),
                            )
                        }
                        _ => this.answer.update(|x| x.histogram = None),
                    }
                }),
            );
            // What the view could show, counted again only when the app changes.
            let scope = ask.spec.scope.clone();
            if this.job.with_value(|j| j.all_for.as_ref() != Some(&scope)) {
                this.job.update_value(|j| j.all_for = Some(scope.clone()));
                let only_scope = FilterSpec {
                    scope,
                    ..Default::default()
                };
                let p = planner.clone();
                run(
                    "all".into(),
                    planner.summary(&only_scope),
                    Box::new(move |a| {
                        let all = p.read_summary(&a);
                        this.job.update_value(|j| j.span = all.span);
                        let all = all.total;
                        this.answer.update(|x| x.all = Some(all));
                        data.state.update(|s| s.summary.entries = all);
                    }),
                );
            }
        };
        // The page: in time order it is looked for in the newest day first,
        // then in wider windows until one holds a full page.
        let span = self.job.with_value(|j| j.span);
        let page_sqls: Vec<Sql> = planner
            .windows(&ask.spec, &order, span)
            .into_iter()
            .map(|w| match w {
                Some(_) => {
                    planner
                        .page_within(&ask.spec, &order, &start, ask.size, w)
                        .0
                }
                None => page_sql.clone(),
            })
            .collect();
        let keys = order.keys.len();
        let p = planner.clone();
        let (page, key, size) = (ask.page, query_key.clone(), ask.size);
        run_until(
            "page".into(),
            page_sqls,
            ask.size,
            Box::new(move |a| {
                let rows = p.rows(&a, keys, size);
                data.dataset.set(p.dataset(&rows));
                this.job.update_value(|j| {
                    j.cursor = rows.last.map(|last| Cursor {
                        query: key,
                        page,
                        last,
                    })
                });
            }),
            Some(Box::new(rest)),
        );
    }
}
