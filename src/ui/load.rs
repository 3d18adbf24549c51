//! Loading a log: the planner's requests made one after another, each body
//! streamed into the dataset while it downloads, with retries, Stop, Resume
//! and live refresh. The tokens live here, in memory only, each bound to the
//! realm (origin) it was given for ([`Keyring`]): a token goes into a request
//! header of a request the gate cleared for its realm, and nowhere else.

use crate::core::dataset::Dataset;
use crate::core::engine::clickhouse::is_clickhouse;
use crate::core::ingest::progress::{LoadState, Phase, Progress};
use crate::core::ingest::{IngestError, IngestReport};
use crate::core::source::keyring::Keyring;
use crate::core::source::paging::header;
use crate::core::source::plan::End;
use crate::core::source::plan::{Answer, Planner};
use crate::core::source::retry::{self, Failure, RetryPolicy};
use crate::core::source::{Live, Request, Source, url};
use crate::core::time::Zone;
use crate::core::view::present;
use crate::platform::{self, fetch};
use crate::ui::clickhouse::ChDriver;
use crate::ui::lazy::lazy_part;
use crate::ui::server::{Arrived, Driver, Host, Loading, Server};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;

/// The status line follows the bytes at most this often (ms)…
const PROGRESS_MS: f64 = 100.0;
/// …and buffered bytes are filed at least this often on a slow response.
const FEED_MS: f64 = 150.0;
/// The table shows newly arrived entries at most this often (ms), or less often
/// when showing them costs more: [`PUBLISH_SHARE`] of the time at most.
const PUBLISH_MS: f64 = 500.0;
const PUBLISH_SHARE: f64 = 0.1;
/// …but at least this often (ms), so the table keeps up with the status line.
const PUBLISH_MAX_MS: f64 = 1000.0;
/// Work done before the browser gets a turn (ms).
const SLICE_MS: f64 = 30.0;
/// A chunk is filed in pieces of at most this many bytes.
const PIECE: u32 = 256 * 1024;
/// Bytes of a body read ahead of the work on it, at most.
const READ_AHEAD: usize = 64 << 20;

/// What a run is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A fresh load.
    Load,
    /// Going on after Stop or a failure.
    Resume,
    /// Live refresh: only new entries, no progress shown.
    Refresh,
}

/// The running (or last) load.
#[derive(Default)]
struct Job {
    /// Bumped by every run; a run whose id is no longer current stops.
    id: u64,
    abort: Option<fetch::Abort>,
    /// Kept when loading stopped early, for Resume.
    planner: Option<Planner>,
    /// What was asked for.
    source: Option<Source>,
    /// The next live refresh.
    timer: Option<TimeoutHandle>,
    /// A refresh fell due while the page was hidden.
    due: bool,
    /// The admin pressed Stop loading.
    stopped: bool,
    started: f64,
    last_publish: f64,
    /// What showing new entries cost last time, rendering included (ms).
    publish_cost: f64,
    /// Entries the table was last shown with.
    published_rows: usize,
}

impl Job {
    /// Cancels the request in flight and the next live refresh.
    fn cancel(&mut self) {
        if let Some(a) = self.abort.take() {
            a.abort();
        }
        if let Some(t) = self.timer.take() {
            t.clear();
        }
    }
}

/// The loaded data and its loading, shared by every route so switching views
/// does not refetch.
#[derive(Clone, Copy)]
pub struct DataContext {
    /// The entries.
    pub dataset: RwSignal<Dataset>,
    /// Loading status.
    pub state: RwSignal<LoadState>,
    /// Bumped when a new (empty) dataset is in place.
    pub version: RwSignal<u64>,
    /// The admin's tokens by realm: in memory only.
    keys: StoredValue<Keyring, LocalStorage>,
    /// The realm of the current source (where a token typed now belongs), and whether
    /// a widget's host gave that source (then its provider's token may go there).
    realm: StoredValue<(Option<String>, bool)>,
    /// A widget host's `tokenProvider`: asked before the first request and on a 401/403.
    provider: StoredValue<Option<js_sys::Function>, LocalStorage>,
    /// Polite announcements ("3 new entries").
    pub announce: RwSignal<String>,
    /// Live refresh interval.
    pub live: RwSignal<Live>,
    /// Live refresh paused by the admin.
    pub paused: RwSignal<bool>,
    /// The ClickHouse engine, when the source is a ClickHouse table.
    pub server: Server<DataContext>,
    /// Zone of times written without an offset.
    input_zone: StoredValue<Zone>,
    /// What the explorer does when live refresh files new entries (see
    /// [`DataContext::on_arrival`]).
    arrival: StoredValue<Option<ArrivalHook>, LocalStorage>,
    job: StoredValue<Job, LocalStorage>,
}

/// Called before live refresh shows what it brought (to note what is on screen);
/// what it returns is called right after, in the same turn, with what arrived, and
/// says whether it changed the view.
pub type ArrivalHook = Rc<dyn Fn() -> Box<dyn FnOnce(Arrived) -> bool>>;

/// The ClickHouse driver's view of the load: its signals, tokens, the host's
/// provider and live refresh's timer.
impl Host for DataContext {
    fn state(&self) -> RwSignal<LoadState> {
        self.state
    }

    fn dataset(&self) -> RwSignal<Dataset> {
        self.dataset
    }

    fn announce(&self) -> RwSignal<String> {
        self.announce
    }

    fn keyring(&self) -> Keyring {
        DataContext::keyring(self)
    }

    fn ask_token(&self) -> impl Future<Output = bool> + 'static {
        let this = *self;
        async move { this.ask_provider().await }
    }

    fn schedule_refresh(&self) {
        DataContext::schedule_refresh(self)
    }

    fn fail(&self, url: &str, message: String) {
        DataContext::fail(self, url, message)
    }
    fn driver(&self) -> Loading<Self> {
        Box::pin(clickhouse_driver())
    }

    fn arrived(&self, arrived: Arrived) -> bool {
        let then = self.arrival.with_value(|h| h.as_ref().map(|h| h()));
        then.is_some_and(|then| then(arrived))
    }
}

lazy_part!(
    clickhouse,
    preload_clickhouse,
    pub(crate) fn clickhouse_driver() -> Rc<dyn Driver<DataContext>> {
        Rc::new(ChDriver::default())
    }
);

impl Default for DataContext {
    fn default() -> Self {
        Self::new()
    }
}

/// A failed request.
struct PageError {
    /// Cancelled (Stop loading), not failed.
    aborted: bool,
    failure: Failure,
    retry_after: Option<u64>,
    message: String,
}

impl PageError {
    /// The run was cancelled or superseded.
    fn aborted() -> Self {
        PageError {
            aborted: true,
            failure: Failure::Network,
            retry_after: None,
            message: String::new(),
        }
    }
}

impl DataContext {
    /// Nothing loaded.
    pub fn new() -> Self {
        DataContext {
            dataset: RwSignal::new(Dataset::new()),
            state: RwSignal::new(LoadState::default()),
            version: RwSignal::new(0),
            keys: StoredValue::new_local(Keyring::default()),
            realm: StoredValue::new((None, false)),
            provider: StoredValue::new_local(None),
            announce: RwSignal::new(String::new()),
            live: RwSignal::new(Live::Off),
            paused: RwSignal::new(false),
            arrival: StoredValue::new_local(None),
            server: Server::new(),
            input_zone: StoredValue::new(Zone::Utc),
            job: StoredValue::new_local(Job::default()),
        }
    }

    /// Reads times written without an offset in `zone` (the deployment's choice).
    pub fn set_input_zone(&self, zone: Zone) {
        if self.input_zone.get_value() == zone {
            return;
        }
        self.input_zone.set_value(zone);
        self.dataset.update(|d| d.set_input_zone(zone));
    }

    /// A new, empty dataset in the configured zone.
    fn fresh(&self) -> Dataset {
        let mut d = Dataset::new();
        d.set_input_zone(self.input_zone.get_value());
        d
    }

    /// Shows `dataset` as the loaded `source` (for embedding and tests).
    pub fn show(&self, source: Source, dataset: Dataset, report: &IngestReport) {
        self.next_job(Some(source.clone()));
        self.server.disconnect();
        let mut state = LoadState {
            url: url::mask(&source.url),
            phase: Phase::Done,
            ..Default::default()
        };
        state.summary.add(1, report);
        state.summary.entries = dataset.len();
        self.dataset.set(dataset);
        self.version.update(|v| *v += 1);
        self.state.set(state);
    }

    /// Loads `source` unless it is what is loaded or loading (a failed load is
    /// tried again).
    pub fn ensure(&self, source: Source) {
        let same = self.job.with_value(|j| j.source.as_ref() == Some(&source));
        let failed = self
            .state
            .with_untracked(|s| matches!(s.phase, Phase::Failed { .. } | Phase::Idle));
        if !same || failed {
            self.load(source);
        }
    }

    /// Shows `message` as a failure for `url` (no request made).
    pub fn fail(&self, url: &str, message: String) {
        self.next_job(None);
        self.server.disconnect();
        self.dataset.set(self.fresh());
        self.version.update(|v| *v += 1);
        self.state.set(LoadState {
            url: url::mask(url),
            phase: Phase::Failed {
                message,
                needs_token: false,
                status: None,
            },
            ..Default::default()
        });
    }

    /// Loads `source` afresh, cancelling whatever is in flight.
    pub fn load(&self, source: Source) {
        let id = self.next_job(Some(source.clone()));
        self.realm.set_value((source.realm(), source.host_given));
        if is_clickhouse(&source.url) {
            self.dataset.set(self.fresh());
            self.version.update(|v| *v += 1);
            let this = *self;
            return self.server.connect(*self, source, move || this.current(id));
        }
        self.server.disconnect();
        let mut fresh = self.fresh();
        fresh.set_redaction(&source.redact);
        self.dataset.set(fresh);
        self.version.update(|v| *v += 1);
        self.state.set(LoadState {
            url: url::mask(&source.url),
            phase: Phase::Loading(Progress {
                page: 1,
                ..Default::default()
            }),
            ..Default::default()
        });
        let planner = Planner::new(source);
        if let Some(End::Refused(message)) = planner.end() {
            // The gate refused the first request: nothing is fetched.
            let (url, message) = (planner.source().url.clone(), message.clone());
            return self.fail(&url, message);
        }
        let this = *self;
        spawn_local(async move {
            // The request starts in a task of its own, not in the one that mounted the view.
            platform::yield_now().await;
            if this.current(id) {
                this.run(id, planner, Kind::Load).await
            }
        });
    }

    /// Stops everything (the request in flight, retries, live refresh): the
    /// explorer using this data is going away.
    pub fn shutdown(&self) {
        self.next_job(None);
    }

    /// Fetches the current source again.
    pub fn reload(&self) {
        if let Some(s) = self.job.with_value(|j| j.source.clone()) {
            self.load(s);
        }
    }

    /// Stops loading: what arrived stays, the log is marked partial, Resume goes on.
    pub fn stop(&self) {
        if !self.state.with_untracked(LoadState::loading) {
            return;
        }
        // The run sees its request cancelled and keeps its planner for Resume.
        self.job.update_value(|j| {
            j.stopped = true;
            if let Some(a) = j.abort.take() {
                a.abort();
            }
        });
        self.state.update(|s| {
            let page = match &s.phase {
                Phase::Loading(p) => p.page,
                _ => 0,
            };
            s.phase = Phase::Done;
            s.resumable = true;
            s.summary.notes.push(format!(
                "You stopped loading at page {page}: the log is partial. Resume goes on from there."
            ));
        });
        self.publish();
    }

    /// Goes on after Stop or a failure, from the page that did not finish.
    pub fn resume(&self) {
        let Some(planner) = self.job.try_update_value(|j| j.planner.take()).flatten() else {
            return;
        };
        let id = self.next_job_keeping_source();
        self.state.update(|s| {
            s.resumable = false;
            s.summary
                .notes
                .retain(|n| !n.starts_with("You stopped loading"));
            s.phase = Phase::Loading(Progress {
                page: planner.next().map_or(1, |r| r.page),
                ..Default::default()
            });
        });
        let this = *self;
        spawn_local(async move { this.run(id, planner, Kind::Resume).await });
    }

    /// The token kept for the current source's realm ("" if none).
    pub fn token_text(&self) -> String {
        let realm = self.realm.with_value(|(r, _)| r.clone());
        realm
            .and_then(|r| self.keys.with_value(|k| k.get(&r).map(str::to_string)))
            .unwrap_or_default()
    }

    /// A snapshot of the tokens, for requests made outside a load (ClickHouse queries).
    pub fn keyring(&self) -> Keyring {
        self.keys.get_value()
    }

    /// Keeps `token` (in memory) for the current source's realm; no other realm gets it.
    fn keep_token(&self, token: &str) {
        if let Some(realm) = self.realm.with_value(|(r, _)| r.clone()) {
            self.keys.update_value(|k| k.set(&realm, token));
        }
    }

    /// A token the widget's host gave (its provider, or a frame's message): kept only
    /// when the host also gave the source, so a source set by a link never gets it.
    pub fn host_token(&self, token: &str) -> bool {
        let host_given = self.realm.with_value(|(r, host)| r.is_some() && *host);
        if host_given {
            self.keep_token(token);
        }
        host_given
    }

    /// Keeps `token` (in memory, for the current source's realm) and tries again: the
    /// refused request, or the whole source.
    pub fn use_token(&self, token: String) {
        self.keep_token(&token);
        let refused = self.state.with_untracked(|s| {
            matches!(
                s.phase,
                Phase::Failed {
                    needs_token: true,
                    ..
                }
            )
        });
        if refused && self.job.with_value(|j| j.planner.is_some()) {
            self.resume();
        } else {
            self.reload();
        }
    }

    /// Sets the live refresh interval.
    pub fn set_live(&self, live: Live) {
        if self.live.get_untracked() != live {
            self.live.set(live);
            self.schedule_refresh();
        }
    }

    /// Pauses or resumes live refresh.
    pub fn set_paused(&self, paused: bool) {
        self.paused.set(paused);
        if paused {
            self.job.update_value(|j| {
                if let Some(t) = j.timer.take() {
                    t.clear()
                }
            });
        } else {
            self.refresh_now();
        }
    }

    /// The page was shown or hidden: a refresh that fell due meanwhile runs now.
    pub fn visibility_changed(&self) {
        if !platform::page_hidden() && self.job.with_value(|j| j.due) {
            self.refresh_now();
        }
    }

    /// A new current job (cancelling the previous one); returns its id.
    fn next_job(&self, source: Option<Source>) -> u64 {
        self.job
            .try_update_value(|j| {
                j.cancel();
                *j = Job {
                    id: j.id + 1,
                    source,
                    started: platform::perf_now(),
                    ..Default::default()
                };
                j.id
            })
            .unwrap_or_default()
    }

    /// Like [`Self::next_job`] for a run that goes on with the same source and data.
    fn next_job_keeping_source(&self) -> u64 {
        self.job
            .try_update_value(|j| {
                j.cancel();
                j.id += 1;
                j.due = false;
                j.stopped = false;
                j.id
            })
            .unwrap_or_default()
    }

    fn current(&self, id: u64) -> bool {
        self.job.try_with_value(|j| j.id == id).unwrap_or(false)
    }

    /// True once the admin pressed Stop loading (until Resume).
    fn stopped(&self) -> bool {
        self.job.try_with_value(|j| j.stopped).unwrap_or(true)
    }

    /// Lets the table, facets and histogram see the entries that arrived.
    fn publish(&self) {
        self.dataset.update(|_| {});
        let entries = self.dataset.with_untracked(Dataset::len);
        self.state.update(|s| s.summary.entries = entries);
        self.job.update_value(|j| {
            j.last_publish = platform::perf_now();
            j.published_rows = entries;
        });
    }

    /// Publishes while loading if it is time to: the first entries at once, then
    /// at most every [`PUBLISH_MS`], and never more than [`PUBLISH_SHARE`] of the time.
    async fn maybe_publish(&self) {
        let (last, cost, shown) = self
            .job
            .with_value(|j| (j.last_publish, j.publish_cost, j.published_rows));
        let now = platform::perf_now();
        let first = shown == 0 && self.dataset.with_untracked(|d| !d.is_empty());
        let every = (cost / PUBLISH_SHARE).clamp(PUBLISH_MS, PUBLISH_MAX_MS);
        if first || now - last >= every {
            // Filing and showing go in separate tasks.
            platform::yield_now().await;
            let start = platform::perf_now();
            self.publish();
            // The table renders in the turn after the update: that is the cost.
            platform::yield_now().await;
            let cost = platform::perf_now() - start;
            self.job.update_value(|j| j.publish_cost = cost);
        }
    }

    /// A host's function that gives the token (a promise or a string); it is asked
    /// before the first request and again when the endpoint refuses the token, and
    /// only for a source the host gave (see [`Self::host_token`]).
    pub fn set_token_provider(&self, provider: Option<js_sys::Function>) {
        self.provider.set_value(provider);
    }

    /// Asks the host's provider for a token for the host's source; false when there is
    /// none, it failed, or the source is not the host's.
    pub(crate) async fn ask_provider(&self) -> bool {
        if !self.realm.with_value(|(r, host)| r.is_some() && *host) {
            return false;
        }
        let Some(f) = self.provider.try_with_value(Clone::clone).flatten() else {
            return false;
        };
        match platform::call_for_string(&f).await {
            Some(t) => self.host_token(&t),
            None => false,
        }
    }

    /// Performs `planner`'s requests until it ends, a request fails for good,
    /// or the run is superseded.
    async fn run(self, id: u64, mut planner: Planner, kind: Kind) {
        let policy = RetryPolicy::default();
        let before = self.dataset.with_untracked(Dataset::len);
        let abort = fetch::Abort::new();
        self.job.update_value(|j| j.abort = abort);
        if kind == Kind::Load {
            self.ask_provider().await;
            if !self.current(id) {
                return;
            }
        }
        while let Some(req) = planner.next().cloned() {
            let mut attempt = 0u32;
            // A refused token is refreshed from the host's provider once per request.
            let mut refreshed = false;
            let answer = loop {
                if self.stopped() {
                    // Stop loading came between two requests: Resume goes on from here.
                    return self.job.update_value(|j| j.planner = Some(planner));
                }
                if attempt > 0 || req.page > 1 || kind != Kind::Load {
                    self.dataset.update_untracked(Dataset::track_duplicates);
                }
                let result = self.page(id, &req, planner.source(), kind).await;
                if !self.current(id) {
                    return;
                }
                let e = match result {
                    Ok(a) => break a,
                    Err(e) => e,
                };
                if e.aborted || self.stopped() {
                    return self.job.update_value(|j| j.planner = Some(planner));
                }
                if matches!(e.failure, Failure::Status(401 | 403)) && !refreshed {
                    refreshed = true;
                    if self.ask_provider().await && self.current(id) {
                        continue;
                    }
                }
                attempt += 1;
                match policy.delay(attempt, &e.failure, e.retry_after) {
                    Some(ms) => {
                        let wait = format!(
                            "{} Trying again in {} (attempt {} of {}).",
                            e.message,
                            present::duration_ms(ms),
                            attempt + 1,
                            policy.retries + 1
                        );
                        if kind != Kind::Refresh {
                            self.state.update(|s| {
                                if let Phase::Loading(p) = &mut s.phase {
                                    p.waiting = Some(wait);
                                }
                            });
                        }
                        platform::sleep(ms as u32).await;
                        if !self.current(id) {
                            return;
                        }
                        if self.stopped() {
                            return self.job.update_value(|j| j.planner = Some(planner));
                        }
                    }
                    None => return self.failed(id, planner, kind, e, attempt),
                }
            };
            let (headers, report) = answer;
            let loaded = self.dataset.with_untracked(Dataset::len);
            if kind != Kind::Refresh {
                self.state.update(|s| {
                    s.summary.add(req.page, &report);
                    s.summary.entries = loaded;
                });
            }
            planner.answered(Answer {
                headers: &headers,
                report: &report,
                loaded,
            });
            if let Some(next) = planner.next()
                && kind != Kind::Refresh
                && !self.stopped()
            {
                let page = next.page;
                self.state.update(|s| {
                    s.phase = Phase::Loading(Progress {
                        page,
                        ..Default::default()
                    });
                });
            }
        }
        let end = planner.end().and_then(|e| e.message());
        let total = planner.total();
        let started = self.job.with_value(|j| j.started);
        if kind == Kind::Refresh {
            let new = self.dataset.with_untracked(Dataset::len) - before;
            if new > 0 {
                // The page being read is noted before the new rows show and moved
                // along in the same turn: it never paints shifted.
                let then = self.arrival.with_value(|h| h.as_ref().map(|h| h()));
                self.publish();
                if let Some(then) = then {
                    then(Arrived::Rows(before as u32));
                }
                self.announce.set(match new {
                    1 => "1 new entry".to_string(),
                    n => format!("{} new entries", present::count(n)),
                });
            }
        } else {
            // The load is over: give back the room its columns kept for growing
            // (copying them: at 3M entries that is a task of its own).
            self.dataset.update_untracked(Dataset::compact);
            platform::yield_now().await;
            if !self.current(id) {
                return;
            }
            self.state.update(|s| {
                s.phase = Phase::Done;
                s.resumable = false;
                s.summary.notes.extend(end);
                s.summary.total = total.or(s.summary.total);
                s.summary.millis = platform::perf_now() - started;
            });
            self.publish();
        }
        self.job.update_value(|j| j.abort = None);
        self.schedule_refresh();
    }

    /// Sets what happens when live refresh files new entries (the explorer keeps the
    /// page being read in place).
    pub fn on_arrival(&self, hook: Option<ArrivalHook>) {
        self.arrival.set_value(hook);
    }

    /// A request failed for good: what arrived stays, Resume can try it again.
    fn failed(&self, id: u64, planner: Planner, kind: Kind, e: PageError, attempts: u32) {
        let needs_token = matches!(e.failure, Failure::Status(401 | 403));
        let status = match e.failure {
            Failure::Status(code) => Some(code),
            _ => None,
        };
        let message = if needs_token {
            format!(
                "This endpoint needs a token: {} Enter it in the Token field (Enter or Use tries again).",
                e.message
            )
        } else if attempts > 1 {
            format!("{} (tried {attempts} times)", e.message)
        } else {
            e.message
        };
        if kind == Kind::Refresh {
            // The data shown stays as it is; the next refresh tries again.
            self.announce.set(format!("Live refresh failed: {message}"));
            self.job.update_value(|j| j.abort = None);
            return self.schedule_refresh();
        }
        if !self.current(id) {
            return;
        }
        let started = self.job.with_value(|j| j.started);
        self.job.update_value(|j| {
            j.planner = Some(planner);
            j.abort = None;
        });
        self.state.update(|s| {
            s.phase = Phase::Failed {
                message,
                needs_token,
                status,
            };
            s.resumable = true;
            s.summary.millis = platform::perf_now() - started;
        });
        self.publish();
    }

    /// One request: its body streamed into the dataset. Ok: the response headers
    /// and what the body held.
    async fn page(
        &self,
        id: u64,
        req: &Request,
        source: &Source,
        kind: Kind,
    ) -> Result<(Vec<(String, String)>, IngestReport), PageError> {
        let shown_url = url::mask(req.url());
        let fetch_err = |e: fetch::FetchError| PageError {
            aborted: e == fetch::FetchError::Aborted,
            failure: match e {
                fetch::FetchError::Body { .. } => Failure::Body,
                fetch::FetchError::Redirect { .. } => Failure::Refused,
                _ => Failure::Network,
            },
            retry_after: None,
            message: e.to_string(),
        };
        // The deployment's extra headers go to the log's own origin; a token only to
        // the realm it was given for.
        let mut headers = match req.cleared.home() {
            true => source.headers.clone(),
            false => Vec::new(),
        };
        headers.extend(self.keys.with_value(|k| {
            k.for_request(&req.cleared)
                .and_then(|t| source.auth.header(t))
        }));
        let abort = self.job.with_value(|j| j.abort.clone());
        let opened = fetch::open(
            &req.cleared,
            &headers,
            source.auth.cookies(),
            abort.as_ref(),
        )
        .await;
        drop(headers);
        let mut resp = opened.map_err(fetch_err)?;
        if !resp.ok() {
            let status = resp.status;
            let retry_after = header(&resp.headers, "retry-after")
                .and_then(|v| retry::parse_retry_after(v, platform::now_ms()));
            let text = if resp.status_text.is_empty() {
                String::new()
            } else {
                format!(" {}", resp.status_text)
            };
            resp.cancel();
            return Err(PageError {
                aborted: false,
                failure: Failure::Status(status),
                retry_after,
                message: format!("{shown_url} answered HTTP {status}{text}."),
            });
        }
        let length = resp.length;
        let progress = |received: u64| {
            if kind != Kind::Refresh && !self.stopped() {
                self.state.update(|s| {
                    s.phase = Phase::Loading(Progress {
                        page: req.page,
                        received,
                        length,
                        waiting: None,
                    })
                });
            }
        };
        progress(0);
        let mut body = self
            .dataset
            .update_untracked(|d| d.begin_body(source.limit));
        let headers = std::mem::take(&mut resp.headers);
        // Bytes read ahead count against what the body may hold (at least one chunk).
        let chunks = resp.read_ahead(READ_AHEAD.min(body.room()).max(1));
        let (mut received, mut last_progress, mut last_feed) = (0u64, 0.0, platform::perf_now());
        let mut slice = platform::perf_now();
        loop {
            let chunk = chunks.next().await;
            if !self.current(id) {
                return Err(PageError::aborted());
            }
            match chunk {
                Ok(Some(c)) => {
                    let len = c.length();
                    received += len as u64;
                    // A big chunk goes in in pieces, so no single filing runs long.
                    let mut at = 0;
                    while at < len {
                        if !self.current(id) {
                            // Superseded while this chunk was filed: its dataset is gone.
                            return Err(PageError::aborted());
                        }
                        let end = (at + PIECE).min(len);
                        let piece = c.subarray(at, end);
                        at = end;
                        let due = body.push_with(piece.length() as usize, |dst| piece.copy_to(dst));
                        let now = platform::perf_now();
                        if due || now - last_feed >= FEED_MS {
                            self.dataset.update_untracked(|d| d.feed(&mut body));
                            last_feed = now;
                            if body.is_full() {
                                break;
                            }
                            if kind != Kind::Refresh {
                                self.maybe_publish().await;
                            }
                        }
                        if now - last_progress >= PROGRESS_MS {
                            last_progress = now;
                            progress(chunks.received());
                        }
                        if platform::perf_now() - slice >= SLICE_MS {
                            // The browser's turn: input, paint, and reading ahead.
                            platform::yield_now().await;
                            slice = platform::perf_now();
                        }
                    }
                    if body.is_full() {
                        chunks.cancel();
                        break;
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    // Keep every complete entry that arrived, then say what happened.
                    let arrived = self.dataset.update_untracked(|d| {
                        d.end_body(body).map_or(0, |r| r.added + r.duplicates)
                    });
                    self.publish();
                    let mut err = fetch_err(e);
                    if err.failure == Failure::Body {
                        err.message = format!(
                            "The connection broke off while reading page {} ({}) after {}; the {} complete entries of it that arrived are kept.",
                            req.page,
                            shown_url,
                            present::bytes(received),
                            present::count(arrived)
                        );
                    }
                    return Err(err);
                }
            }
        }
        progress(received);
        self.state.update(|s| s.summary.bytes += received);
        let result = self.dataset.update_untracked(|d| d.end_body(body));
        match result {
            Ok(r) => Ok((headers, r)),
            // An empty body after the first page: no more entries.
            Err(IngestError::Empty) if req.page > 1 => Ok((
                headers,
                IngestReport::new(crate::core::ingest::Shape::Array),
            )),
            Err(e) => Err(PageError {
                aborted: false,
                failure: Failure::Status(0),
                retry_after: None,
                message: format!("{shown_url} did not give a usable log: {e}."),
            }),
        }
    }

    /// Arms the next live refresh, if live refresh is on.
    pub(crate) fn schedule_refresh(&self) {
        self.job.update_value(|j| {
            if let Some(t) = j.timer.take() {
                t.clear()
            }
        });
        let Some(ms) = self.live.get_untracked().millis() else {
            return;
        };
        if self.paused.get_untracked() || self.job.with_value(|j| j.source.is_none()) {
            return;
        }
        let this = *self;
        let handle = set_timeout_with_handle(
            move || this.refresh_now(),
            std::time::Duration::from_millis(ms as u64),
        )
        .ok();
        self.job.update_value(|j| j.timer = handle);
    }

    /// Looks for new entries now (unless loading, paused, or the page is hidden).
    pub fn refresh_now(&self) {
        let idle = self.state.with_untracked(|s| s.phase == Phase::Done);
        let Some(source) = self.job.with_value(|j| j.source.clone()) else {
            return;
        };
        if !idle || self.paused.get_untracked() || self.live.get_untracked() == Live::Off {
            return;
        }
        if platform::page_hidden() {
            self.job.update_value(|j| j.due = true);
            return;
        }
        self.job.update_value(|j| j.due = false);
        // A ClickHouse table is asked for its news with the view's own queries.
        if self.server.connected.get_untracked() {
            return self.server.refresh(*self);
        }
        let newest = self.dataset.with_untracked(|d| {
            d.times()
                .iter()
                .copied()
                .filter(|&t| t != crate::core::dataset::NO_TIME)
                .max()
        });
        let id = self.next_job_keeping_source();
        let this = *self;
        spawn_local(async move {
            this.run(id, Planner::refresh(source, newest), Kind::Refresh)
                .await
        });
    }
}
