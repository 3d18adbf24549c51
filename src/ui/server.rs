//! The ClickHouse engine in the interface: the [`Server`]'s signals, which the
//! explorer's components read, and the [`Driver`] that sets them, loaded on
//! connect (`ui/clickhouse.rs`, a wasm chunk of its own in the split build, so an
//! admin who never opens a ClickHouse table never downloads it).
//!
//! What the driver needs of the load it serves comes through [`Host`], which
//! `ui/load.rs` (the holder of the [`Server`]) implements.

use crate::core::dataset::Dataset;
use crate::core::engine::breakdown::Breakdown;
pub(crate) use crate::core::engine::clickhouse::fault::QueryError;
use crate::core::engine::clickhouse::first_marks::Marks;
use crate::core::engine::field_stats::FieldStats;
use crate::core::engine::memory::histogram::Histogram;
use crate::core::engine::split::Split;
use crate::core::engine::{Answer, Ask};
use crate::core::explain::Difference;
use crate::core::explain::chain::Chain;
use crate::core::explain::compare::Compare;
use crate::core::ingest::progress::{LoadState, Phase};
use crate::core::kind::Overrides;
use crate::core::query::FilterSpec;
use crate::core::query::context::Window;
use crate::core::query::state::Around;
use crate::core::source::keyring::Keyring;
use crate::core::source::{Source, url};
use crate::core::time::Zone;
use crate::core::trust::redact::Redaction;
use crate::platform::fetch::Abort;
use crate::ui::lazy::LoadFailed;
use crate::ui::shared::Shared;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
use std::pin::Pin;
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
    /// A driver for a new connection: the ClickHouse engine's code, fetched on
    /// first use (a wasm chunk of its own in the split build).
    fn driver(&self) -> Loading<Self>;
    /// Live refresh found new rows: the explorer keeps the page being read in
    /// place. True if that changed the view (it is then asked again anyway).
    fn arrived(&self, arrived: Arrived) -> bool;
}

/// What live refresh brought, for the page being read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrived {
    /// In memory: the entries filed from this row on.
    Rows(u32),
    /// On a server: `newer` rows newer than the newest shown, `before` of them
    /// before the first row of the page (when that could be counted).
    Counted {
        /// Rows newer than the newest shown.
        newer: usize,
        /// Of those, the ones before the page's first row.
        before: Option<usize>,
    },
}

/// A driver on its way (its chunk is being fetched).
pub type Loading<H> = Pin<Box<dyn Future<Output = Result<Rc<dyn Driver<H>>, LoadFailed>>>>;

/// The ClickHouse engine behind a [`Server`]: one per connection.
pub trait Driver<H: Host> {
    /// Opens the table of `source` (its state shows the progress, a refused
    /// password asks for the token). `is_current` tells if the load still stands.
    fn connect(&self, server: Server<H>, data: H, source: Source, is_current: Rc<dyn Fn() -> bool>);
    /// Live refresh fell due: the view is asked again as a check (unless queries
    /// are still running; then at the next beat).
    fn refresh(&self, server: Server<H>, data: H);
    /// Answers `ask`: the admin's view change, or live refresh's look.
    fn view(&self, server: Server<H>, data: H, ask: Ask);
    /// Reads the entry whose id is `key` into [`Server::fetched`].
    fn fetch_entry(&self, server: Server<H>, data: H, key: String, fence: FilterSpec);
    /// Reads what is different in `c`'s span of the view asked for last into
    /// [`Server::differences`].
    fn differ(&self, server: Server<H>, data: H, c: Compare);
    /// Reads the statistics of the column at `path` in the view asked for last into
    /// [`Server::field_stats`].
    fn field_stats(&self, server: Server<H>, data: H, path: String);
    /// Groups the view asked for last by the fields `by`, counting distinct values
    /// of `distinct`, into [`Server::breakdowns`].
    fn group(&self, server: Server<H>, data: H, by: Vec<String>, distinct: Option<String>);
    /// Reads which of the entries whose ids are `ids` are first seen on the table,
    /// into [`Server::first_marks`].
    fn mark_first(&self, server: Server<H>, data: H, ids: Vec<String>);
    /// Follows the actor from the entry whose id is `key` among the rows `fence`
    /// keeps, over `window_ms` after it, into [`Server::chains`].
    fn follow(&self, server: Server<H>, data: H, key: String, fence: FilterSpec, window_ms: i64);
    /// Splits the bars `bars` of the view asked for last by the column at `path`
    /// (bars drawn in `zone`), into [`Server::splits`].
    fn split(&self, server: Server<H>, data: H, path: String, bars: Shared<Histogram>, zone: Zone);
    /// Counts each of `queries` among the rows `fence` keeps into
    /// [`Server::counted`].
    fn count(
        &self,
        server: Server<H>,
        data: H,
        queries: Vec<String>,
        fence: FilterSpec,
        kinds: Overrides,
    );
    /// An export of every row of the view asked for last.
    fn export(&self, data: H) -> Option<ServerExport>;
    /// What the table's rows are masked by.
    fn redaction(&self) -> Option<Redaction>;
}

/// An export of every row of the view, read from ClickHouse a chunk at a time.
pub trait RemoteExport {
    /// The next chunk of rows as a small dataset (mapped as the table is), `None`
    /// once every row was read; an error says what ClickHouse answered.
    fn next(&mut self) -> Pin<Box<dyn Future<Output = Result<Option<Dataset>, QueryError>> + '_>>;
    /// What stops the request in flight.
    fn abort(&self) -> Option<Abort>;
}

/// A ClickHouse export, as the export dialog holds it.
pub type ServerExport = Box<dyn RemoteExport>;

/// What is different in a span, read from the table: the question, and the ranking
/// (`None`: the table has no time column) or the failure's message.
pub type Explained = (Compare, Result<Option<Vec<Difference>>, String>);

/// A column's statistics read from the table: its path, and the statistics
/// (`None`: not a column of the table) or the failure's message.
pub type FieldStatsRead = (String, Result<Option<FieldStats>, String>);
/// A breakdown read from the table: its question ([`breakdown_key`]), and the
/// breakdown (`None`: a field is no column there) or why it failed.
pub type BreakdownRead = (String, Result<Option<Breakdown>, String>);

/// First-seen marks read from the table: the ids asked (joined by newlines), and
/// the marks (`None`: the table cannot tell) or why the read failed.
pub type FirstMarksRead = (String, Result<Option<Marks>, String>);

/// The actor followed on the table: its question ([`chain_key`]), and the chain
/// (`None`: the table cannot place events exactly) or why it failed.
pub type ChainRead = (String, Result<Option<Chain>, String>);

/// Names a chain's question: the entry, and the window after it.
pub fn chain_key(entry: &str, window_ms: i64) -> String {
    format!("{entry}|{window_ms}")
}

/// The histogram split on the table: its question ([`split_key`]), and the split
/// (`None`: not a column the table can split by) or why it failed.
pub type SplitRead = (String, Result<Option<Split>, String>);

/// Names a split's question: the field, and the bars it splits.
pub fn split_key(path: &str, bars: &Histogram) -> String {
    let (a, b) = (bars.buckets.first(), bars.buckets.last());
    format!(
        "{path}|{}|{}|{}",
        a.map_or(0, |x| x.start),
        b.map_or(0, |x| x.end),
        bars.buckets.len()
    )
}

/// Names a breakdown's question: the grouped fields and the one counted distinct.
pub fn breakdown_key(by: &[String], distinct: Option<&str>) -> String {
    format!("{}|{}", by.join(","), distinct.unwrap_or_default())
}

/// A count of several queries on the table: the queries, and each one's count
/// (`None`: not countable there) or the failure's message.
pub type Counted = (Vec<String>, Result<Vec<Option<usize>>, String>);

#[derive(Default)]
struct Job {
    id: u64,
    abort: Option<Abort>,
    /// The next view is live refresh's look, not the admin's change.
    refresh: bool,
}

/// The ClickHouse engine's state, shared by the explorer's components.
pub struct Server<H: Host> {
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
    /// The last count of several queries on the table (the investigations): the
    /// queries, and each one's count (`None`: the table cannot answer it as memory
    /// would) or why the count failed.
    pub counted: RwSignal<Option<Counted>>,
    /// The last "what is different" read from the table: the question, and the
    /// ranking (`None`: the table has no time column) or why it failed.
    pub differences: RwSignal<Option<Explained>>,
    /// The last column statistics read from the table: the column's path, and its
    /// statistics (`None`: not a column of the table) or why they failed.
    pub field_stats: RwSignal<Option<FieldStatsRead>>,
    /// The last breakdown read from the table.
    pub breakdowns: RwSignal<Option<BreakdownRead>>,
    /// The last split of the histogram read from the table.
    pub splits: RwSignal<Option<SplitRead>>,
    /// The last chain followed on the table.
    pub chains: RwSignal<Option<ChainRead>>,
    /// The last first-seen marks read from the table (for the rows shown).
    pub first_marks: RwSignal<Option<FirstMarksRead>>,
    /// Show in context's last walk: what it was asked, and the window around the
    /// entry (`None`: the entry is not in the table, or the table cannot say).
    pub(crate) around: RwSignal<Option<(Around, Option<Shared<Window>>)>>,
    /// Live refresh's beat: the view is asked again (relative ranges move on).
    pub tick: RwSignal<u64>,
    driver: StoredValue<Option<Rc<dyn Driver<H>>>, LocalStorage>,
    job: StoredValue<Job, LocalStorage>,
    /// Names this tab's queries on the server (`<tab>-page`, …).
    tab: u64,
}

impl<H: Host> Clone for Server<H> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<H: Host> Copy for Server<H> {}

impl<H: Host> Default for Server<H> {
    fn default() -> Self {
        Server::new()
    }
}

impl<H: Host> Server<H> {
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
    pub fn new() -> Self {
        Server {
            connected: RwSignal::new(false),
            answer: RwSignal::new(Answer::default()),
            busy: RwSignal::new(0),
            issued: RwSignal::new(0),
            asked_at: RwSignal::new(0.0),
            error: RwSignal::new(None),
            fetched: RwSignal::new(None),
            counted: RwSignal::new(None),
            field_stats: RwSignal::new(None),
            breakdowns: RwSignal::new(None),
            splits: RwSignal::new(None),
            chains: RwSignal::new(None),
            first_marks: RwSignal::new(None),
            differences: RwSignal::new(None),
            around: RwSignal::new(None),
            tick: RwSignal::new(0),
            driver: StoredValue::new_local(None),
            job: StoredValue::new_local(Job::default()),
            tab: (crate::platform::now_ms() as u64 ^ (crate::platform::perf_now() * 1e3) as u64)
                .wrapping_mul(0x9e37_79b9_7f4a_7c15)
                >> 16,
        }
    }

    fn driver(&self) -> Option<Rc<dyn Driver<H>>> {
        self.driver.try_get_value().flatten()
    }

    /// What the connected table's rows are masked by (`None` when not connected).
    pub fn redaction(&self) -> Option<Redaction> {
        self.driver()?.redaction()
    }

    /// Back to the in-memory engine (another source is loading).
    pub fn disconnect(&self) {
        self.cancel();
        self.job.update_value(|j| j.refresh = false);
        self.driver.set_value(None);
        if self.connected.get_untracked() {
            self.connected.set(false);
            self.answer.set(Answer::default());
            self.error.set(None);
        }
        // An entry read from the old table is not one of the new one.
        if self.fetched.with_untracked(Option::is_some) {
            self.fetched.set(None);
        }
        if self.around.with_untracked(Option::is_some) {
            self.around.set(None);
        }
    }

    /// Starts a new job (a view's requests), stopping the previous one's; its id.
    pub(crate) fn cancel(&self) -> u64 {
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

    /// True while job `id` is the current one.
    pub(crate) fn current(&self, id: u64) -> bool {
        self.job.try_with_value(|j| j.id == id).unwrap_or(false)
    }

    /// The current job's id.
    pub(crate) fn job_id(&self) -> u64 {
        self.job.with_value(|j| j.id)
    }

    /// What stops the current job's requests.
    pub(crate) fn set_abort(&self, abort: Option<Abort>) {
        self.job.update_value(|j| j.abort = abort);
    }

    /// The next view is live refresh's look.
    pub(crate) fn mark_refresh(&self) {
        self.job.update_value(|j| j.refresh = true);
    }

    /// Whether the view asked now is live refresh's look (and forgets it).
    pub(crate) fn take_refresh(&self) -> bool {
        self.job
            .try_update_value(|j| std::mem::take(&mut j.refresh))
            .unwrap_or(false)
    }

    /// Names this tab's queries on the server.
    pub(crate) fn tab(&self) -> u64 {
        self.tab
    }

    /// Connects to the table of `source` for `data`, fetching the engine's code
    /// first. `is_current` tells if the load still stands.
    pub fn connect(&self, data: H, source: Source, is_current: impl Fn() -> bool + 'static) {
        self.disconnect();
        let this = *self;
        let is_current: Rc<dyn Fn() -> bool> = Rc::new(is_current);
        spawn_local(async move {
            match data.driver().await {
                Ok(driver) if is_current() => {
                    this.driver.set_value(Some(driver.clone()));
                    driver.connect(this, data, source, is_current);
                }
                Ok(_) => {}
                // The source stays the load's: Retry connects again.
                Err(LoadFailed) if is_current() => data.state().set(LoadState {
                    url: url::mask(&source.url),
                    phase: Phase::Failed {
                        message: "The ClickHouse mode (a part of Trailview fetched on first use) \
                                  could not be loaded from the app's server. Check the connection \
                                  and retry."
                            .into(),
                        needs_token: false,
                        status: None,
                    },
                    ..Default::default()
                }),
                Err(LoadFailed) => {}
            }
        });
    }

    /// Live refresh fell due (see [`Driver::refresh`]).
    pub fn refresh(&self, data: H) {
        match self.driver() {
            Some(d) => d.refresh(*self, data),
            None => data.schedule_refresh(),
        }
    }

    /// Answers `ask`: the admin's view change, or live refresh's look.
    pub fn view(&self, data: H, ask: Ask) {
        if let Some(d) = self.driver() {
            d.view(*self, data, ask)
        }
    }

    /// Reads the entry whose id is `key` from the table into [`fetched`](Self::fetched)
    /// (the entry panel of an entry that is not on the page), among the rows `fence`
    /// keeps (the app scope, a host's pinned filters).
    pub fn fetch_entry(&self, data: H, key: String, fence: FilterSpec) {
        if let Some(d) = self.driver() {
            d.fetch_entry(*self, data, key, fence)
        }
    }

    /// Reads what is different in `c`'s span of the current view from the table,
    /// into [`differences`](Self::differences).
    pub fn differ(&self, data: H, c: Compare) {
        self.differences.set(None);
        if let Some(d) = self.driver() {
            d.differ(*self, data, c)
        }
    }

    /// Reads the statistics of the column at `path` in the current view from the
    /// table, into [`field_stats`](Self::field_stats).
    pub fn field_stats(&self, data: H, path: String) {
        self.field_stats.set(None);
        if let Some(d) = self.driver() {
            d.field_stats(*self, data, path)
        }
    }

    /// Groups the current view on the table by `by`, into
    /// [`breakdowns`](Self::breakdowns).
    pub fn group(&self, data: H, by: Vec<String>, distinct: Option<String>) {
        self.breakdowns.set(None);
        if let Some(d) = self.driver() {
            d.group(*self, data, by, distinct)
        }
    }

    /// Reads which of the entries `ids` are first seen on the table, into
    /// [`first_marks`](Self::first_marks) (the last answer stays until the new one).
    pub fn mark_first(&self, data: H, ids: Vec<String>) {
        if let Some(d) = self.driver() {
            d.mark_first(*self, data, ids)
        }
    }

    /// Follows the actor on the table from the entry whose id is `key`, into
    /// [`chains`](Self::chains).
    pub fn follow(&self, data: H, key: String, fence: FilterSpec, window_ms: i64) {
        self.chains.set(None);
        if let Some(d) = self.driver() {
            d.follow(*self, data, key, fence, window_ms)
        }
    }

    /// Splits the current view's bars `bars` on the table by the column at `path`,
    /// into [`splits`](Self::splits).
    pub fn split(&self, data: H, path: String, bars: Shared<Histogram>, zone: Zone) {
        self.splits.set(None);
        if let Some(d) = self.driver() {
            d.split(*self, data, path, bars, zone)
        }
    }

    /// Counts each of `queries` on the table among the rows `fence` keeps, into
    /// [`counted`](Self::counted) (the investigations).
    pub fn count(&self, data: H, queries: Vec<String>, fence: FilterSpec, kinds: Overrides) {
        self.counted.set(None);
        if let Some(d) = self.driver() {
            d.count(*self, data, queries, fence, kinds)
        }
    }

    /// An export of every row of the view asked for last, with `data`'s token.
    pub fn export(&self, data: H) -> Option<ServerExport> {
        self.driver()?.export(data)
    }
}
