//! One view of the table: which queries answer an [`Ask`], in which order, and
//! what each answer changes.
//!
//! The page goes first, at once: in time order it is looked for in the newest
//! day first, then in wider windows until one holds a full page, and a next page
//! of the same query continues after the last row of the one before (keyset).
//! Once the page is in, the queries that read every matching row go: one stats
//! scan for the total, the facets and, when the bars' buckets can be guessed from
//! the span known beforehand, the histogram (a second histogram query when the
//! guess was wrong), the count of what the view could show, only when the
//! scope changed, and the first-seen facet on its own (its subqueries read the
//! whole table, so the total and the facets do not wait for it). While the admin
//! types a search or a filter, every query but the page waits for a pause.

use super::answer::Compact;
use super::first_sql;
use super::kind_sql;
use super::order::order_of;
use super::plan::{Cursor, NotApplied, Order, Planner, Start};
use super::query::{Purpose, Query};
use super::settings::Settings;
use super::slot::{Part, Slot};
use super::sql::Sql;
use crate::core::dataset::Dataset;
use crate::core::engine::memory::facets::SHOWN;
use crate::core::engine::{Answer, Ask, Faceted, facet_roles};
use crate::core::explain::first_seen::Reason;
use crate::core::query::FilterSpec;
use crate::core::roles::Role;
use crate::core::time::EpochMs;
use std::sync::Arc;

/// What the views of a table leave for the next one.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Left {
    /// Where the last page shown ended.
    pub(crate) cursor: Option<Cursor>,
    /// The scope the `all` count is for.
    pub(crate) all_for: Option<Option<String>>,
    /// The view asked for last.
    pub(crate) last: Option<Ask>,
    /// The newest time in the view (ms), for counting what is new.
    pub(crate) newest: Option<EpochMs>,
    /// The sort keys of the first row of the page shown, and the view it was for.
    pub(crate) first: Option<(Ask, Vec<serde_json::Value>)>,
    /// The earliest and latest time of what the view could show (ms).
    pub(crate) span: Option<(EpochMs, EpochMs)>,
}

/// What a landed answer changes beyond the [`Answer`].
#[derive(Debug, Default)]
pub(crate) struct Landed {
    /// The page's rows, as a small dataset mapped as the table is.
    pub(crate) rows: Option<Dataset>,
    /// The entries the view could show (the load's count of entries).
    pub(crate) entries: Option<usize>,
    /// The slot to run next (the histogram in the buckets the span asked for).
    pub(crate) then: Option<Slot>,
}

/// One view's plan (see the module docs).
#[derive(Clone, Debug)]
pub(crate) struct View {
    ask: Ask,
    planner: Planner,
    settings: Settings,
    /// This tab's name for its queries on the server.
    tab: u64,
    order: Order,
    notes: Vec<String>,
    /// What the page's cursor is for: pages of another query do not continue.
    key: String,
    start: Start,
    skipped: Vec<NotApplied>,
    uncounted: Vec<(Role, String)>,
    /// The search or a filter text changed, and nothing else: the admin types.
    typing: bool,
    /// The span of what the view could show, as the views before left it.
    span: Option<(EpochMs, EpochMs)>,
    /// The facets counted: each role and its column.
    facets: Vec<(Role, usize)>,
    /// The kinds of event's expression, when they can be counted.
    kinds: Option<String>,
    /// Each first-seen reason's condition, when they can be counted.
    first: Option<Vec<(Reason, String)>>,
}

impl View {
    /// The view `ask` with `planner` (its mapping's) and `settings`, as tab `tab`,
    /// after the views that left `left` (which now remembers `ask` as the last).
    pub(crate) fn new(
        ask: Ask,
        planner: Planner,
        settings: Settings,
        tab: u64,
        left: &mut Left,
    ) -> View {
        let (order, notes) = order_of(&planner, &ask.sort);
        // Pages moved down by live refresh continue only pages of the same shift.
        let key = format!("{:?}|{:?}|{}|{}", ask.spec, order, ask.size, ask.shift);
        let start = match planner.start(left.cursor.as_ref(), &key, &order, ask.page, ask.size) {
            Start::Offset(n) => Start::Offset(n.saturating_add(ask.shift)),
            after => after,
        };
        let (_, skipped) = planner.page(&ask.spec, &order, &start, ask.size);
        let scoped = ask.spec.scope.is_some();
        let uncounted = planner
            .schema()
            .elsewhere
            .iter()
            .filter(|(r, _)| facet_roles::shown(scoped).any(|s| s == *r))
            .cloned()
            .collect();
        let facets = facet_roles::shown(scoped)
            .filter_map(|r| Some((r, planner.schema().column(&planner.schema().role(r)?.name)?)))
            .collect();
        // The kinds of event are counted when the server reads them as memory does.
        let mut notes = notes;
        let kinds = match kind_sql::kind_expr(&planner, &ask.spec.kinds, true) {
            Ok(k) => k,
            Err(why) => {
                notes.push(format!(
                    "Kind of event is not counted here: {}",
                    why.trim_start_matches("not applied: ")
                ));
                None
            }
        };
        let first = match first_sql::first_exprs(&planner) {
            Ok(f) => f,
            Err(why) => {
                notes.push(format!(
                    "First seen is not counted here: {}",
                    why.trim_start_matches("not applied: ")
                ));
                None
            }
        };
        let typing = left.last.as_ref().is_some_and(|l| {
            (l.spec.search != ask.spec.search || l.spec.filters != ask.spec.filters)
                && l.sort == ask.sort
        });
        left.last = Some(ask.clone());
        View {
            span: left.span,
            ask,
            planner,
            settings,
            tab,
            order,
            notes,
            key,
            start,
            skipped,
            uncounted,
            typing,
            facets,
            kinds,
            first,
        }
    }

    /// The planner of the view's mapping.
    #[cfg(all(test, not(target_arch = "wasm32")))]
    pub(crate) fn planner(&self) -> &Planner {
        &self.planner
    }

    /// What is known before any query: filters the table cannot apply, notes on
    /// the sort, facets no column counts. The rest of `answer` stays until replaced.
    pub(crate) fn begin(&self, answer: &mut Answer) {
        answer.skipped = self.skipped.clone();
        answer.notes = self.notes.clone();
        answer.uncounted = self.uncounted.clone();
        if self.first.is_none() {
            answer.first_seen = None;
        }
    }

    fn slot(
        &self,
        part: Part,
        name: &str,
        purpose: Purpose,
        sqls: Vec<Sql>,
        enough: usize,
    ) -> Slot {
        let name = format!("{}-{name}", self.tab);
        let queries = sqls
            .into_iter()
            .map(|sql| Query::new(sql, &self.settings, Some(name.clone()), purpose))
            .collect();
        // The page goes at once; the queries that read every row wait for a pause.
        let waits = self.typing && part != Part::Page;
        Slot::new(
            part,
            queries,
            enough,
            waits,
            self.settings.replaces(),
            self.planner.redaction().clone(),
        )
    }

    /// The page: its windows in turn until one holds a full page.
    pub(crate) fn page(&self) -> Slot {
        let (ask, p) = (&self.ask, &self.planner);
        let sqls = p
            .windows(&ask.spec, &self.order, self.span)
            .into_iter()
            .map(|w| {
                p.page_within(&ask.spec, &self.order, &self.start, ask.size, w)
                    .0
            })
            .collect();
        self.slot(Part::Page, "page", Purpose::Page, sqls, ask.size)
    }

    /// The queries that go once the page is answered (or failed): the stats scan,
    /// the first-seen facet when the table can count it, and the count of what the
    /// view could show when its scope is not counted yet.
    pub(crate) fn rest(&self, left: &mut Left) -> Vec<Slot> {
        let (ask, p) = (&self.ask, &self.planner);
        let cols: Vec<usize> = self.facets.iter().map(|&(_, c)| c).collect();
        // The bars' buckets, when they can be told before the span is known.
        let guess = left
            .span
            .or_else(|| ask.spec.from.zip(ask.spec.to))
            .and_then(|span| p.bucket_key(&ask.spec, span, ask.tz));
        let stats = p.stats_with_kinds(
            &ask.spec,
            &cols,
            self.kinds.as_deref(),
            SHOWN,
            guess.as_deref(),
        );
        let mut slots = vec![self.slot(
            Part::Stats { guess },
            "stats",
            Purpose::Stats,
            vec![stats],
            0,
        )];
        if let Some(exprs) = &self.first {
            slots.push(self.slot(
                Part::FirstSeen,
                "first",
                Purpose::FirstSeen,
                vec![p.first_seen_sql(&ask.spec, exprs)],
                0,
            ));
        }
        // What the view could show, counted again only when the app changes.
        let scope = ask.spec.scope.clone();
        if left.all_for.as_ref() != Some(&scope) {
            left.all_for = Some(scope.clone());
            let only_scope = FilterSpec {
                scope,
                ..Default::default()
            };
            slots.push(self.slot(
                Part::All,
                "all",
                Purpose::All,
                vec![p.summary(&only_scope)],
                0,
            ));
        }
        slots
    }

    /// Reads the answer `a` of the slot of `part` into `answer` and `left`.
    pub(crate) fn land(
        &self,
        left: &mut Left,
        part: &Part,
        a: &Compact,
        answer: &mut Answer,
    ) -> Landed {
        let (ask, p) = (&self.ask, &self.planner);
        let mut landed = Landed::default();
        match part {
            Part::Page => {
                let rows = p.rows(a, self.order.keys.len(), ask.size);
                landed.rows = Some(p.dataset(&rows));
                left.first = rows.first.clone().map(|keys| (self.ask.clone(), keys));
                left.cursor = rows.last.map(|last| Cursor {
                    query: self.key.clone(),
                    page: ask.page,
                    last,
                });
            }
            Part::Stats { guess } => {
                let cols: Vec<usize> = self.facets.iter().map(|&(_, c)| c).collect();
                let st = p.read_stats_with_kinds(a, &cols, self.kinds.is_some());
                answer.kinds = st.kinds;
                let s = st.summary;
                left.newest = s.span.map(|(_, hi)| hi);
                answer.total = Some(s.total);
                answer.facets = self
                    .facets
                    .iter()
                    .zip(st.facets)
                    .map(|(&(role, col), facet)| Faceted {
                        role,
                        path: crate::core::json::path::child("", &p.schema().columns[col].name),
                        facet,
                    })
                    .collect();
                let key = s
                    .span
                    .and_then(|span| p.bucket_key(&ask.spec, span, ask.tz));
                match (key, st.buckets) {
                    (Some(key), Some(points)) if Some(&key) == guess.as_ref() => {
                        answer.histogram =
                            Planner::bars(points, &ask.spec, &s, ask.tz).map(Arc::new);
                    }
                    // The span asked for other buckets: one more scan.
                    (Some(key), _) if let Some(sql) = p.histogram(&ask.spec, &key) => {
                        landed.then = Some(self.slot(
                            Part::Histogram { summary: s },
                            "histogram",
                            Purpose::Histogram,
                            vec![sql],
                            0,
                        ));
                    }
                    _ => answer.histogram = None,
                }
            }
            Part::Histogram { summary } => {
                answer.histogram = p
                    .read_histogram(a, &ask.spec, summary, ask.tz)
                    .map(Arc::new);
            }
            Part::FirstSeen => {
                let exprs = self.first.as_deref().unwrap_or_default();
                answer.first_seen = Some(Planner::read_first_seen(a, exprs));
            }
            Part::All => {
                let all = p.read_summary(a);
                left.span = all.span;
                answer.all = Some(all.total);
                landed.entries = Some(all.total);
            }
        }
        landed
    }
}
