//! The engine choice: the one place the interface reads which engine answers the
//! view, the loaded dataset in memory or a connected ClickHouse table. Everything
//! the components show of a view (its rows in order, the counts, facets and
//! histogram, what could not be done as asked) comes from here as signals, the
//! same for both engines; components never ask which one it is.

use crate::core::dataset::Dataset;
use crate::core::engine::breakdown::Breakdown;
use crate::core::engine::clickhouse::plan::NotApplied;
use crate::core::engine::field_stats::FieldStats;
use crate::core::engine::memory::facets::Facet;
use crate::core::engine::memory::first_seen as memory_first_seen;
use crate::core::engine::memory::histogram::Histogram;
use crate::core::engine::memory::kinds as memory_kinds;
use crate::core::engine::memory::view as memory;
use crate::core::engine::split::Split;
use crate::core::engine::{Ask, Faceted};
use crate::core::explain::Difference;
use crate::core::explain::chain::Chain;
use crate::core::explain::compare::Compare;
use crate::core::ingest::progress::Phase;
use crate::core::kind::Overrides;
use crate::core::query::context::{self, Window};
use crate::core::query::state::Around;
use crate::core::query::{
    FilterSpec, PageInfo, RowSet, Sort, ViewState, arrival, paginate_shifted, sort_prefix,
};
use crate::core::roles::Role;
use crate::core::time::Zone;
use crate::core::trust::redact::Redaction;
use crate::ui::load::DataContext;
use crate::ui::server::{Server, ServerExport};
use crate::ui::shared::Shared;
use leptos::prelude::*;

/// Where the entry a view opens is.
#[derive(Clone, PartialEq)]
pub enum Lookup {
    /// Being read from the table.
    Reading,
    /// Not in the log.
    Missing,
    /// Read: a one-entry dataset.
    Found(Shared<Dataset>),
}

/// An answer read from where the log is held, as far as it is known.
#[derive(Clone, Debug, PartialEq)]
pub enum Read<T> {
    /// Being read from the table.
    Reading,
    /// Read.
    Ready(T),
    /// Not answerable there (a field inside a JSON column, a table without time).
    Unavailable,
    /// The read failed: why.
    Failed(String),
}

impl<T: Clone> Read<T> {
    /// What the last read (`asked`, its answer) says of the question `now`: still
    /// reading when it answered another one.
    fn of<Q: PartialEq<N>, N: ?Sized>(
        last: Option<&(Q, Result<Option<T>, String>)>,
        now: &N,
    ) -> Read<T> {
        match last {
            Some((asked, Ok(Some(t)))) if asked == now => Read::Ready(t.clone()),
            Some((asked, Ok(None))) if asked == now => Read::Unavailable,
            Some((asked, Err(why))) if asked == now => Read::Failed(why.clone()),
            _ => Read::Reading,
        }
    }
}

/// A view's answers, from whichever engine holds the log.
#[derive(Clone, Copy)]
pub struct Engine {
    server: Server<DataContext>,
    /// True while a ClickHouse table answers (read here only).
    remote: Memo<bool>,
    /// The rows the view matches, in memory.
    rows: Memo<Shared<RowSet>>,
    dataset: RwSignal<Dataset>,
    /// The matching rows, sorted: worked out only when read (an export).
    pub sorted: Memo<Shared<Vec<u32>>>,
    /// The first rows of that order, through the current page at least.
    pub shown: Memo<Shared<Vec<u32>>>,
    /// Entries matching the view.
    pub matched: Memo<usize>,
    /// The current page.
    pub page: Memo<PageInfo>,
    /// Path of the time column (the default sort), if any.
    pub time_col: Memo<Option<String>>,
    /// The facets the view shows.
    pub facets: Memo<Vec<Faceted>>,
    /// The kinds of event among the matching entries (keys as values).
    pub kinds: Memo<Option<Facet>>,
    /// The matching entries first seen, by reason (keys as values): worked out in
    /// memory once a load has ended, never for a log still arriving.
    pub first_seen: Memo<Option<Facet>>,
    /// A load has ended (completely, early or by an error): what is worked out
    /// once per log, such as first seen, is worked out now.
    pub loaded: Memo<bool>,
    /// The histogram of the matching entries.
    pub histogram: Memo<Option<Shared<Histogram>>>,
    /// Entries the view could show (the app's in an app view): "filtered from".
    pub could_show: Memo<usize>,
    /// Entries in the log ("This log has no entries").
    pub in_log: Memo<usize>,
    /// Filters the engine judged itself (the table's columns), `None` where the
    /// dataset's fields tell.
    pub judged: Memo<Option<Vec<NotApplied>>>,
    /// Facet roles the engine cannot count: (role, path).
    pub uncounted: Memo<Vec<(Role, String)>>,
    /// The entries around the view's `context=` entry, when it is in the log.
    pub(crate) around: Memo<Option<Shared<Window>>>,
    around_asked: Memo<Option<Around>>,
    /// What holds whatever the view asks: the app scope, a host's pinned filters.
    fence: Memo<FilterSpec>,
    /// The view's filters now (with a host's pinned ones).
    spec: Callback<(), FilterSpec>,
    /// True while the table counts the view (on ClickHouse, not in context): the
    /// window around an entry is all in the tab and counted there.
    counted_there: Memo<bool>,
}

impl Engine {
    /// The pipeline over `view` and `data` for `scope`: `spec` is the view's
    /// filters at this moment (with a host's pinned ones).
    pub fn new(
        view: RwSignal<ViewState>,
        data: DataContext,
        scope: Signal<Option<String>>,
        spec: impl Fn() -> FilterSpec + Copy + Send + Sync + 'static,
        fence: Memo<FilterSpec>,
    ) -> Engine {
        let server = data.server;
        let dataset = data.dataset;
        let remote = Memo::new(move |_| server.connected.get());
        let loaded = Memo::new(move |_| {
            data.state
                .with(|s| matches!(s.phase, Phase::Done | Phase::Failed { .. }))
        });
        let filtered = Memo::new(move |_| {
            // The server filtered the page it sent.
            if remote.get() {
                return dataset.with(|d| Shared::new(RowSet::full(d.len())));
            }
            let spec = spec();
            dataset.with(|d| Shared::new(crate::core::query::filter(d, &spec)))
        });
        // Show in context: the entries around one entry, in place of the filtered rows.
        let around_asked = Memo::new(move |_| view.with(|v| v.context.clone()));
        let around = Memo::new(move |_| {
            let at = around_asked.get()?;
            if remote.get() {
                // The table's walk around the entry, once it answered this one.
                return server.around.with(|a| match a {
                    Some((k, w)) if *k == at => w.clone(),
                    _ => None,
                });
            }
            let base = filtered.get();
            dataset.with(|d| context::around(d, &base, &at).map(Shared::new))
        });
        let rows = Memo::new(move |_| match around.get() {
            Some(w) => dataset.with(|d| Shared::new(w.set(d.len()))),
            None => filtered.get(),
        });
        // The ClickHouse engine answers every view change with queries.
        let asked = Memo::new(move |_| {
            // Each live refresh asks again, with relative ranges ending now.
            server.tick.track();
            remote.get().then(|| {
                let spec = spec();
                view.with(|v| Ask {
                    spec,
                    sort: v.sort.clone(),
                    page: v.page,
                    shift: v.shift,
                    size: v.size,
                    tz: v.tz,
                    map: v.map.clone(),
                    context: v.context.clone(),
                })
            })
        });
        Effect::new(move |_| {
            server.tick.track();
            if let Some(ask) = asked.get() {
                server.view(data, ask);
            }
        });
        // The matching rows a frame after the table's: facets and the histogram
        // follow them, so new rows paint before the panels are counted again.
        let (panel_rows, set_panel_rows) = signal(Shared::new(RowSet::empty(0)));
        let panel_seq = StoredValue::new(0u64);
        Effect::new(move |_| {
            let r = rows.get();
            panel_seq.update_value(|n| *n += 1);
            let mine = panel_seq.get_value();
            leptos::task::spawn_local(async move {
                // After the new rows are painted: counting the panels would delay them.
                crate::platform::after_paint().await;
                // Only the newest rows: a burst of changes counts the panels once.
                if panel_seq.try_get_value() == Some(mine) {
                    set_panel_rows.set(r);
                }
            });
        });
        let time_col = Memo::new(move |_| {
            dataset.with(|d| d.role(Role::Time).map(|n| d.store().node(n).path.clone()))
        });
        let sort = Memo::new(move |_| view.with(|v| v.sort.clone()));
        // Sorts `n` of the matching rows (all of them for usize::MAX).
        let order = move |n: usize| {
            let sort = sort.get();
            let time_col = time_col.get();
            let rows = rows.get();
            dataset.with(|d| {
                let (col, desc) = match sort.resolve(time_col.as_deref()) {
                    Some((c, desc)) => (d.column(c), desc),
                    None => (None, false),
                };
                Shared::new(sort_prefix(d, &rows, col, desc, n))
            })
        };
        let sorted = Memo::new(move |_| {
            if remote.get() {
                // In the server's order already.
                return Shared::new((0..rows.with(|r| r.universe() as u32)).collect());
            }
            order(usize::MAX)
        });
        let matched = Memo::new(move |_| match remote.get() {
            true => server.answer.with(|a| a.total.unwrap_or(0)),
            false => rows.with(|r| r.count()),
        });
        let page = Memo::new(move |_| {
            // The window around an entry is one page, however long.
            if around.with(Option::is_some) {
                let n = matched.get();
                return paginate_shifted(n, 0, n.max(1), 0);
            }
            let (p, size, shift) = view.with(|v| (v.page, v.size, v.shift));
            paginate_shifted(matched.get(), p, size, shift)
        });
        // A page needs the rows before it in order, not the whole order: ordered
        // through a power of two past its end, so the next pages come from the same
        // prefix (at 1M a sort's rows reach the table in about 12 ms, not 26).
        let reach = Memo::new(move |_| page.get().end.max(1).next_power_of_two().max(1024));
        let shown = Memo::new(move |_| {
            if remote.get() {
                return sorted.get();
            }
            order(reach.get())
        });
        // On ClickHouse the table counts the view; the window around an entry is
        // all in this tab, so it is counted here, as in memory.
        let counted_there = Memo::new(move |_| remote.get() && around.with(Option::is_none));
        let facets = Memo::new(move |_| {
            if counted_there.get() {
                return server.answer.with(|a| a.facets.clone());
            }
            let rows = panel_rows.get();
            let scoped = scope.with(Option::is_some);
            dataset.with_untracked(|d| memory::facets(d, &rows, scoped))
        });
        let overrides = untrack(spec).kinds;
        let kinds = Memo::new(move |_| {
            if counted_there.get() {
                return server.answer.with(|a| a.kinds.clone());
            }
            let rows = panel_rows.get();
            dataset.with_untracked(|d| memory_kinds::facet(d, &rows, &overrides))
        });
        let first_seen = Memo::new(move |_| {
            if counted_there.get() {
                return server.answer.with(|a| a.first_seen.clone());
            }
            // The window around an entry read from ClickHouse is not the log: no one's
            // first can be told from it.
            if remote.get() || !loaded.get() {
                return None;
            }
            let rows = panel_rows.get();
            dataset.with_untracked(|d| memory_first_seen::facet(d, &rows))
        });
        // Only the range and zone matter here: a page flip must not recount every row.
        let range_tz = Memo::new(move |_| view.with(|v| (v.range, v.tz)));
        let histogram = Memo::new(move |_| {
            if counted_there.get() {
                return server.answer.with(|a| a.histogram.clone().map(Shared));
            }
            let rows = panel_rows.get();
            let (range, tz) = range_tz.get();
            let now = crate::platform::now_ms();
            dataset
                .with_untracked(|d| memory::bars(d, &rows, range, tz, now))
                .map(Shared::new)
        });
        let could_show = Memo::new(move |_| {
            if remote.get() {
                return server.answer.with(|a| a.all.unwrap_or(0));
            }
            let scope = scope.get();
            dataset.with(|d| memory::could_show(d, scope))
        });
        let in_log = Memo::new(move |_| match remote.get() {
            // On ClickHouse the dataset is the page: the log is the table's count.
            true => server.answer.with(|a| a.all.unwrap_or(0)),
            false => dataset.with(|d| d.len()),
        });
        let judged = Memo::new(move |_| {
            remote
                .get()
                .then(|| server.answer.with(|a| a.skipped.clone()))
        });
        let uncounted = Memo::new(move |_| match counted_there.get() {
            true => server.answer.with(|a| a.uncounted.clone()),
            false => Vec::new(),
        });
        Engine {
            server,
            remote,
            rows,
            dataset,
            sorted,
            shown,
            matched,
            page,
            time_col,
            facets,
            kinds,
            first_seen,
            loaded,
            histogram,
            could_show,
            in_log,
            judged,
            uncounted,
            around,
            around_asked,
            fence,
            spec: Callback::new(move |()| spec()),
            counted_there,
        }
    }

    /// The row of the entry `key` (tracked): in memory only inside the app scope
    /// and a host's pinned filters, so a link cannot open an entry outside them; on
    /// ClickHouse when it is on the page (which the table filtered).
    pub fn entry_row(&self, key: &str) -> Option<u32> {
        if self.remote.get() {
            return self.dataset.with(|d| d.find_entry(key));
        }
        let fence = self.fence.get();
        self.dataset
            .with(|d| crate::core::query::select::entry_within(d, key, &fence))
    }

    /// True while the log is held and queried elsewhere (tracked): that engine's
    /// own panel (its queries, notes and errors) shows.
    pub fn elsewhere(&self) -> bool {
        self.remote.get()
    }

    /// The rows of the current page (tracked).
    pub fn page_rows(&self) -> Vec<u32> {
        let p = self.page.get();
        if self.remote.get() {
            // The dataset holds just this page.
            return self.shown.get().to_vec();
        }
        self.shown
            .with(|s| s[p.start.min(s.len())..p.end.min(s.len())].to_vec())
    }

    /// The rows of the current page, not tracked.
    pub fn page_rows_untracked(&self) -> Vec<u32> {
        untrack(|| self.page_rows())
    }

    /// True while the log is held and queried elsewhere, not tracked.
    pub fn elsewhere_untracked(&self) -> bool {
        self.remote.get_untracked()
    }

    /// True while the view's queries run (tracked); never in memory.
    pub fn querying(&self) -> bool {
        self.remote.get() && self.server.busy.get() > 0
    }

    /// An export that reads every matching row from where the log is held
    /// (`Some(None)` before a view was asked there), or `None` when the rows are in
    /// this tab (`sorted` holds them: the log in memory, or the window around an
    /// entry).
    pub fn export_elsewhere(&self, data: DataContext) -> Option<Option<ServerExport>> {
        // The window around an entry is all in this tab: exported from here.
        self.counted_there
            .get_untracked()
            .then(|| self.server.export(data))
    }

    /// What every row read from where the log is held is masked by; `None` in
    /// memory (the dataset says).
    pub fn redaction_elsewhere(&self) -> Option<Redaction> {
        self.server.redaction()
    }

    /// Counts each of `queries` where the log is held, among the rows the scope and
    /// a host's pinned filters keep ([`Server::counted`] then holds the counts).
    pub fn count_elsewhere(&self, data: DataContext, queries: Vec<String>, kinds: Overrides) {
        self.server
            .count(data, queries, self.fence.get_untracked(), kinds);
    }

    /// The last count made by [`Engine::count_elsewhere`] (tracked).
    pub fn counted_elsewhere(&self) -> Option<crate::ui::server::Counted> {
        self.server.counted.get()
    }

    /// Asks what is different in `c`'s span of the current view: a read on
    /// ClickHouse; in memory (and in the window around an entry) nothing to ask.
    pub fn ask_differences(&self, data: DataContext, c: Compare) {
        if self.counted_there.get_untracked() {
            self.server.differ(data, c);
        }
    }

    /// What is different in `c`'s span of the current view, as read from where the
    /// log is held (tracked); `None` when it is counted in this tab (in memory, or
    /// the window around an entry): the caller counts [`Engine::view_rows`] then,
    /// so that the counting code stays in its lazy part.
    pub fn differences_elsewhere(&self, c: &Compare) -> Option<Read<Vec<Difference>>> {
        self.counted_there
            .get()
            .then(|| self.server.differences.with(|f| Read::of(f.as_ref(), c)))
    }

    /// The rows the view shows in this tab (tracked).
    pub fn view_rows(&self) -> Shared<RowSet> {
        self.rows.get()
    }

    /// The rows of `d` the view would show with its own time range lifted (the
    /// period before a span is read from these).
    pub fn unranged_rows(&self, d: &Dataset) -> RowSet {
        let mut s = self.spec.run(());
        (s.from, s.to) = (None, None);
        crate::core::query::filter(d, &s)
    }

    /// Asks for the statistics of the column at `path` in the current view: a read
    /// on ClickHouse; in memory (and for the window around an entry, all in this
    /// tab) there is nothing to ask.
    pub fn ask_field_stats(&self, data: DataContext, path: String) {
        if self.counted_there.get_untracked() {
            self.server.field_stats(data, path);
        }
    }

    /// The statistics of the column at `path` in the current view, as read from
    /// where the log is held (tracked); `None` when they are counted in this tab
    /// (over [`Engine::view_rows`], by the caller).
    pub fn field_stats_elsewhere(&self, path: &str) -> Option<Read<FieldStats>> {
        self.counted_there
            .get()
            .then(|| self.server.field_stats.with(|f| Read::of(f.as_ref(), path)))
    }

    /// Asks for the view grouped by `by` (counting distinct `distinct`): a read on
    /// ClickHouse; in memory there is nothing to ask.
    pub fn ask_breakdown(&self, data: DataContext, by: Vec<String>, distinct: Option<String>) {
        if self.counted_there.get_untracked() {
            self.server.group(data, by, distinct);
        }
    }

    /// The breakdown named `key` ([`breakdown_key`]) as read from where the log is
    /// held (tracked); `None` when it is counted in this tab.
    pub fn breakdown_elsewhere(&self, key: &str) -> Option<Read<Breakdown>> {
        self.counted_there
            .get()
            .then(|| self.server.breakdowns.with(|b| Read::of(b.as_ref(), key)))
    }

    /// Asks for the current view's bars `bars` (drawn in `zone`) split by the column
    /// at `path`: a read on ClickHouse; in memory there is nothing to ask.
    pub fn ask_split(&self, data: DataContext, path: String, bars: Shared<Histogram>, zone: Zone) {
        if self.counted_there.get_untracked() {
            self.server.split(data, path, bars, zone);
        }
    }

    /// The split named `key` ([`split_key`](crate::ui::server::split_key)) as read from where the log is held
    /// (tracked); `None` when it is counted in this tab.
    pub fn split_elsewhere(&self, key: &str) -> Option<Read<Split>> {
        self.counted_there
            .get()
            .then(|| self.server.splits.with(|b| Read::of(b.as_ref(), key)))
    }

    /// Asks to follow the actor from the entry `key` over `window_ms` after it: a
    /// read on ClickHouse (within the view's fence); in memory there is nothing to
    /// ask.
    pub fn ask_chain(&self, data: DataContext, key: String, window_ms: i64) {
        if self.remote.get_untracked() {
            let fence = self.fence.get_untracked();
            self.server.follow(data, key, fence, window_ms);
        }
    }

    /// The chain named `key` ([`chain_key`](crate::ui::server::chain_key)) as read
    /// from ClickHouse (tracked); `None` when the log is in this tab.
    pub fn chain_elsewhere(&self, key: &str) -> Option<Read<Chain>> {
        self.remote
            .get()
            .then(|| self.server.chains.with(|c| Read::of(c.as_ref(), key)))
    }

    /// Asks which of the entries `ids` (the rows shown) are first seen: a read on
    /// ClickHouse, once per set of ids; in memory there is nothing to ask.
    pub fn ask_first_marks(&self, data: DataContext, ids: Vec<String>) {
        let asked = ids.join("\n");
        let known = self
            .server
            .first_marks
            .with_untracked(|m| m.as_ref().is_some_and(|(a, _)| *a == asked));
        if self.remote.get_untracked() && !known {
            self.server.mark_first(data, ids);
        }
    }

    /// Why the entry `key` is first seen on ClickHouse, as read for the rows shown
    /// (tracked; a [`Reason`](crate::core::explain::first_seen::Reason) bit each, 0
    /// for none or not read yet).
    pub fn first_mark_elsewhere(&self, key: &str) -> u8 {
        self.server.first_marks.with(|m| match m {
            Some((_, Ok(Some(marks)))) => marks.get(key).copied().unwrap_or(0),
            _ => 0,
        })
    }

    /// What every entry shown is within (an app view's scope, a host's pinned
    /// filters; tracked).
    pub fn fence(&self) -> FilterSpec {
        self.fence.get()
    }

    /// Where the entry `key` is when it is not in the dataset (tracked): in
    /// memory it is missing; on ClickHouse it is read from the table by its id.
    pub fn lookup(&self, key: &str) -> Lookup {
        if !self.remote.get() {
            return Lookup::Missing;
        }
        match self.server.fetched.get() {
            Some((k, Some(d))) if k == key => Lookup::Found(d),
            Some((k, None)) if k == key => Lookup::Missing,
            _ => Lookup::Reading,
        }
    }

    /// How many matching rows filed from `first_new` on come before `anchor` in
    /// `sort` (in memory; see [`arrival::arrived_before`]).
    pub fn arrived_before(&self, sort: &Sort, anchor: u32, first_new: u32) -> usize {
        let rows = self.rows.get_untracked();
        let time_col = self.time_col.get_untracked();
        self.dataset.with_untracked(|d| {
            let (col, desc) = match sort.resolve(time_col.as_deref()) {
                Some((c, desc)) => (d.column(c), desc),
                None => (None, false),
            };
            arrival::arrived_before(d, &rows, col, desc, anchor, first_new)
        })
    }

    /// How many matching rows were filed from `first_new` on (in memory).
    pub fn arrived(&self, first_new: u32) -> usize {
        self.rows
            .with_untracked(|r| r.iter().filter(|&row| row >= first_new).count())
    }

    /// True when the view's context names an entry the log does not have (tracked;
    /// on ClickHouse once the table said so, in memory once the log is loaded).
    pub fn around_missing(&self, loaded: bool) -> bool {
        let Some(at) = self.around_asked.get() else {
            return false;
        };
        match self.remote.get() {
            true => self
                .server
                .around
                .with(|a| matches!(a, Some((k, None)) if *k == at)),
            false => loaded && self.around.with(Option::is_none),
        }
    }

    /// Reads the entry `key` from where the log is held (after [`Lookup::Reading`]).
    pub fn read_entry(&self, data: DataContext, key: String) {
        self.server
            .fetch_entry(data, key, self.fence.get_untracked());
    }
}

/// The log's size while it is held elsewhere (`Some(None)`: still counting);
/// `None` while the log is in this tab (tracked). For the status line, which
/// shows before the explorer's pipeline exists.
pub fn held_elsewhere(data: DataContext) -> Option<Option<usize>> {
    let server = data.server;
    server
        .connected
        .get()
        .then(|| server.answer.with(|a| a.all))
}
