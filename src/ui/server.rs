//! The ClickHouse engine in the interface: the driver of the core's sans-IO
//! session ([`crate::core::engine::clickhouse::session`]). The session says which
//! query to send next and digests each answer (connecting, each view's page,
//! stats, histogram and count, live refresh's look, an entry, an export); this
//! driver sends each query, sleeps where the session says, feeds the results back
//! and sets the signals the explorer's components read. A newer view cancels the
//! requests of the older one.
//!
//! Every query passes the source's gate (it stays on the server the admin opened);
//! the password is the token kept for that server's realm, added to each request
//! to it and nowhere else (to its URL, or with `auth=basic` in an
//! `Authorization: Basic` header). The source's redaction goes with it: every row
//! read becomes a masked dataset, and the server searches, filters, counts and
//! sorts masked text.
//!
//! What the driver needs of the load it serves comes through [`Host`], which
//! `ui/load.rs` (the holder of the [`Server`]) implements.

use crate::core::dataset::Dataset;
use crate::core::engine::clickhouse::connect::{Connect, ConnectError, Connecting};
use crate::core::engine::clickhouse::export::Export;
use crate::core::engine::clickhouse::fault::Fault;
pub(crate) use crate::core::engine::clickhouse::fault::QueryError;
use crate::core::engine::clickhouse::news::Checked;
use crate::core::engine::clickhouse::query::Query;
use crate::core::engine::clickhouse::session::Session;
use crate::core::engine::clickhouse::slot::{Part, Slot, Step, TYPING_MS};
use crate::core::engine::clickhouse::view::View;
use crate::core::engine::clickhouse::{ChSource, Compact, answer};
use crate::core::engine::{Answer, Ask};
use crate::core::ingest::progress::{LoadState, Phase, Progress};
use crate::core::source::Source;
use crate::core::source::keyring::Keyring;
use crate::core::trust::redact::Redaction;
use crate::platform::fetch::{self, Abort, FetchError};
use crate::ui::shared::Shared;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
use std::rc::Rc;

/// What the driver needs of the load it serves: its signals, its tokens, the
/// host's token provider and live refresh's timer.
pub trait Host: Copy + 'static {
    /// The load's status: connecting, failed (asking for the token), its entries.
    fn state(&self) -> RwSignal<LoadState>;
    /// The rows the table shows (a ClickHouse view's page).
    fn dataset(&self) -> RwSignal<Dataset>;
    /// Polite announcements ("3 new entries").
    fn announce(&self) -> RwSignal<String>;
    /// A snapshot of the tokens by realm.
    fn keyring(&self) -> Keyring;
    /// Asks a widget host's token provider for the source's token: true when it
    /// gave one (then [`Host::keyring`] holds it).
    fn ask_token(&self) -> impl Future<Output = bool> + 'static;
    /// Arms the next live refresh.
    fn schedule_refresh(&self);
    /// Shows `message` as the load's failure for `url` (no request made).
    fn fail(&self, url: &str, message: String);
}

#[derive(Default)]
struct Job {
    id: u64,
    abort: Option<Abort>,
    /// The next view is live refresh's look, not the admin's change.
    refresh: bool,
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
    session: StoredValue<Option<Session>, LocalStorage>,
    job: StoredValue<Job, LocalStorage>,
    /// Names this tab's queries on the server (`<tab>-page`, …).
    tab: u64,
}

/// Sends `q` to `src` with the token `keys` hold for its realm; `abort` stops it
/// in the browser (with a slot, the server replaces the older query of that slot
/// still running: an aborted fetch does not stop it there).
async fn send(
    src: &ChSource,
    keys: &Keyring,
    q: &Query,
    abort: Option<&Abort>,
) -> Result<Compact, Fault> {
    // Through the gate: the query stays on the server the admin opened, and only
    // that server's password goes with it.
    let cleared = src
        .gate
        .follow(&src.request_url(&q.params))
        .map_err(Fault::Gate)?;
    let token = keys.for_request(&cleared).unwrap_or_default();
    let (request, headers) = match src.authorization(token) {
        Some(basic) => (cleared, vec![("Authorization".into(), basic)]),
        None if !src.basic && !token.is_empty() => {
            (cleared.with_param("password", token), Vec::new())
        }
        None => (cleared, Vec::new()),
    };
    let (status, body) =
        fetch::post_text(&request, &q.sql.text, &headers, abort, answer::MAX_ANSWER)
            .await
            // The fault names the source only: the URL with the password is never shown.
            .map_err(|e| match e {
                FetchError::Network { detail, .. } => Fault::unreachable(src, &detail),
                FetchError::Body { detail, .. } => Fault::cut_off(src, &detail),
                FetchError::Redirect { .. } => Fault::redirected(src),
                FetchError::Aborted => Fault::Aborted,
            })?;
    Fault::read(status, &body)
}

/// An export of every row of the view, read from ClickHouse a chunk at a time.
pub struct ServerExport {
    src: ChSource,
    keys: Keyring,
    export: Export,
    abort: Option<Abort>,
}

impl ServerExport {
    /// The next chunk of rows as a small dataset (mapped as the table is), `None`
    /// once every row was read; an error says what ClickHouse answered.
    pub async fn next(&mut self) -> Result<Option<Dataset>, QueryError> {
        let Some(q) = self.export.next() else {
            return Ok(None);
        };
        let result = send(&self.src, &self.keys, &q, self.abort.as_ref()).await;
        self.export.digest(&q, result).map(Some)
    }

    /// What stops the request in flight.
    pub fn abort(&self) -> Option<Abort> {
        self.abort.clone()
    }
}

/// One view's requests: what each slot's task needs.
struct Run<H: Host> {
    server: Server,
    data: H,
    /// The view's job: its answers count while it is current.
    id: u64,
    src: ChSource,
    keys: Keyring,
    abort: Option<Abort>,
    view: View,
}

/// Sends the queries of `slot` in a task of its own, then lands its answer.
fn run_slot<H: Host>(run: Rc<Run<H>>, mut slot: Slot) {
    let this = run.server;
    this.busy.update(|n| *n += 1);
    this.issued.update(|n| *n += 1);
    spawn_local(async move {
        if slot.waits() {
            // Keys typed in a burst make one query, not one per key.
            crate::platform::sleep(TYPING_MS).await;
            if !this.current(run.id) {
                return;
            }
        }
        let done = loop {
            let result = send(&run.src, &run.keys, slot.next(), run.abort.as_ref()).await;
            // A newer view reset the count of requests in flight.
            if !this.current(run.id) {
                return;
            }
            match slot.digest(result) {
                Step::Send => {}
                Step::After(ms) => {
                    crate::platform::sleep(ms).await;
                    if !this.current(run.id) {
                        return;
                    }
                }
                done => break done,
            }
        };
        // The total, the facets and the histogram read every matching row: they
        // start once the page is in, so the rows come first.
        if *slot.part() == Part::Page {
            let rest = this
                .session
                .try_update_value(|s| s.as_mut().map(|s| run.view.rest(s.left_mut())))
                .flatten()
                .unwrap_or_default();
            for next in rest {
                run_slot(run.clone(), next);
            }
        }
        this.busy.update(|n| *n = n.saturating_sub(1));
        match done {
            Step::Answered(a) => {
                // The page's rows go to the table; the rest changes the answer.
                let changes = *slot.part() != Part::Page;
                let landed = this
                    .answer
                    .try_maybe_update(|x| {
                        let landed = this
                            .session
                            .try_update_value(|s| {
                                s.as_mut()
                                    .map(|s| run.view.land(s.left_mut(), slot.part(), &a, x))
                            })
                            .flatten();
                        (changes && landed.is_some(), landed)
                    })
                    .flatten();
                let Some(landed) = landed else {
                    return;
                };
                if let Some(rows) = landed.rows {
                    run.data.dataset().set(rows);
                }
                if let Some(entries) = landed.entries {
                    run.data.state().update(|s| s.summary.entries = entries);
                }
                if let Some(next) = landed.then {
                    run_slot(run, next);
                }
            }
            Step::Failed { fault, error } => {
                if let Some(message) = fault.needs_token() {
                    run.data.state().update(|s| {
                        s.phase = Phase::Failed {
                            message,
                            needs_token: true,
                            status: fault.status(),
                        }
                    });
                }
                this.error.set(Some(error));
            }
            _ => {}
        }
    });
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
            session: StoredValue::new_local(None),
            job: StoredValue::new_local(Job::default()),
            tab: (crate::platform::now_ms() as u64 ^ (crate::platform::perf_now() * 1e3) as u64)
                .wrapping_mul(0x9e37_79b9_7f4a_7c15)
                >> 16,
        }
    }

    /// What the connected table's rows are masked by (`None` when not connected).
    pub fn redaction(&self) -> Option<Redaction> {
        self.session
            .try_with_value(|s| s.as_ref().map(|s| s.table().redaction().clone()))
            .flatten()
    }

    /// Back to the in-memory engine (another source is loading).
    pub fn disconnect(&self) {
        self.cancel();
        self.job.update_value(|j| j.refresh = false);
        self.session.set_value(None);
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

    /// Connects to the table of `source` for `data` (its state shows the progress, a
    /// refused password asks for the token). `is_current` tells if the load still stands.
    pub fn connect(
        &self,
        data: impl Host,
        source: Source,
        is_current: impl Fn() -> bool + 'static,
    ) {
        self.disconnect();
        let url = source.url;
        let src = match ChSource::parse(&url).and_then(|s| s.cleared_by(source.gate, &url)) {
            Ok(s) => s,
            Err(e) => return data.fail(&url, e.to_string()),
        };
        data.state().set(LoadState {
            url: src.label(),
            phase: Phase::Loading(Progress::default()),
            ..Default::default()
        });
        let this = *self;
        let mut connect = Connect::new(src.clone(), source.redact);
        spawn_local(async move {
            crate::platform::yield_now().await;
            // A widget host's provider gives the password, as for any endpoint.
            data.ask_token().await;
            if !is_current() {
                return;
            }
            let mut keys = data.keyring();
            let mut step = Connecting::Send;
            let table = loop {
                step = match step {
                    Connecting::Send => {
                        let Some(q) = connect.next() else {
                            return;
                        };
                        let result = send(&src, &keys, &q, None).await;
                        connect.digest(result)
                    }
                    Connecting::AskToken => {
                        let given = data.ask_token().await && is_current();
                        if given {
                            keys = data.keyring();
                        }
                        connect.token(given)
                    }
                    Connecting::Connected(table) => break table,
                    Connecting::Failed(e) => {
                        if !is_current() {
                            return;
                        }
                        return match e {
                            ConnectError::NoColumns { ref label, .. } => {
                                data.fail(label, e.to_string())
                            }
                            e => data.state().update(|s| {
                                s.phase = Phase::Failed {
                                    message: e.to_string(),
                                    needs_token: e.needs_token(),
                                    status: e.status(),
                                }
                            }),
                        };
                    }
                }
            };
            if !is_current() {
                return;
            }
            this.session.set_value(Some(Session::new(*table, this.tab)));
            data.state().set(LoadState {
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
    pub fn refresh(&self, data: impl Host) {
        let asked = self
            .session
            .try_with_value(|s| s.as_ref().is_some_and(|s| s.last().is_some()))
            .unwrap_or(false);
        if self.busy.get_untracked() > 0 || !asked {
            return data.schedule_refresh();
        }
        self.job.update_value(|j| j.refresh = true);
        self.tick.update(|t| *t += 1);
    }

    /// Answers `ask`: the admin's view change, or live refresh's look.
    pub fn view(&self, data: impl Host, ask: Ask) {
        match self
            .job
            .try_update_value(|j| std::mem::take(&mut j.refresh))
        {
            Some(true) => self.check(data, ask),
            _ => self.query(data, ask),
        }
    }

    /// Counts the view and its rows newer than the newest shown; when the view
    /// changed, it is queried again (same page, sort and open entry) and what
    /// is new is announced. The next refresh is armed either way.
    fn check(&self, data: impl Host, ask: Ask) {
        let Some((src, news)) = self
            .session
            .try_update_value(|s| {
                s.as_mut()
                    .map(|s| (s.table().source().clone(), s.news(ask)))
            })
            .flatten()
        else {
            return;
        };
        let id = self.job.with_value(|j| j.id);
        let keys = data.keyring();
        let this = *self;
        spawn_local(async move {
            let result = send(&src, &keys, news.query(), None).await;
            // The admin changed the view meanwhile: that answer is the fresh one.
            if this.current(id) {
                let shown = this.answer.with_untracked(|x| x.total);
                let checked = this
                    .session
                    .try_update_value(|s| {
                        s.as_mut().map(|s| news.digest(result, s.left_mut(), shown))
                    })
                    .flatten();
                match checked {
                    Some(Checked::Moved { ask, news }) => {
                        this.query(data, ask);
                        if let Some(news) = news {
                            data.announce().set(news);
                        }
                    }
                    // What is shown stays; the next refresh tries again.
                    Some(Checked::Failed(message)) => data.announce().set(message),
                    _ => {}
                }
            }
            data.schedule_refresh();
        });
    }

    /// Reads the entry whose id is `key` from the table into [`fetched`](Self::fetched)
    /// (the entry panel of an entry that is not on the page).
    pub fn fetch_entry(&self, data: impl Host, key: String) {
        let Some((src, entry)) = self
            .session
            .try_with_value(|s| {
                let s = s.as_ref()?;
                Some((s.table().source().clone(), s.entry(&key)?))
            })
            .flatten()
        else {
            return;
        };
        let Some(query) = entry.query().cloned() else {
            return self.fetched.set(Some((key, None)));
        };
        let keys = data.keyring();
        let this = *self;
        spawn_local(async move {
            let found = match entry.digest(send(&src, &keys, &query, None).await) {
                Ok(found) => found.map(Shared::new),
                Err(e) => {
                    this.error.set(Some(e));
                    None
                }
            };
            this.fetched.set(Some((key, found)));
        });
    }

    /// An export of every row of the view asked for last, with `data`'s token.
    pub fn export(&self, data: impl Host) -> Option<ServerExport> {
        let (src, export) = self
            .session
            .try_update_value(|s| {
                let s = s.as_mut()?;
                Some((s.table().source().clone(), s.export()?))
            })
            .flatten()?;
        Some(ServerExport {
            src,
            keys: data.keyring(),
            export,
            abort: Abort::new(),
        })
    }

    /// Answers `ask` with `data`'s token, cancelling the previous view's requests.
    pub fn query(&self, data: impl Host, ask: Ask) {
        let id = self.cancel();
        let abort = Abort::new();
        let Some((src, view)) = self
            .session
            .try_update_value(|s| {
                s.as_mut()
                    .map(|s| (s.table().source().clone(), s.view(ask)))
            })
            .flatten()
        else {
            return;
        };
        self.job.update_value(|j| j.abort = abort.clone());
        self.error.set(None);
        self.answer.update(|a| view.begin(a));
        self.busy.set(0);
        self.issued.set(0);
        self.asked_at.set(crate::platform::perf_now());
        let page = view.page();
        let run = Rc::new(Run {
            server: *self,
            data,
            id,
            src,
            keys: data.keyring(),
            abort,
            view,
        });
        run_slot(run, page);
    }
}
