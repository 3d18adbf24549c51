//! A connected table's session: the table, and what its views left for the next
//! (the page's cursor, the scope `all` was counted for, the view asked last, its
//! newest time and span). It hands out each [`View`], live refresh's [`News`]
//! check, an [`Entry`] lookup, a [`Chaining`] from an entry and an [`Export`]
//! walk: the driver sends their queries and feeds the answers back.

use super::breakdown::Grouping;
use super::chaining::Chaining;
use super::context::Context;
use super::counting::Counting;
use super::differing::Differing;
use super::entry::Entry;
use super::export::{CHUNK, Export};
use super::field_stats::Fielding;
use super::first_marks::FirstMarking;
use super::news::News;
use super::order::order_of;
use super::split::Splitting;
use super::table::Table;
use super::view::{Left, View};
use crate::core::engine::Ask;
use crate::core::engine::memory::histogram::Histogram;
use crate::core::explain::compare::Compare;
use crate::core::kind::Overrides;
use crate::core::query::FilterSpec;
use crate::core::time::Zone;

/// One connected table and the memory of its views.
#[derive(Debug)]
pub(crate) struct Session {
    table: Table,
    /// Names this tab's queries on the server (`<tab>-page`, …).
    tab: u64,
    left: Left,
}

impl Session {
    /// A session on `table`, its queries named after `tab`.
    pub(crate) fn new(table: Table, tab: u64) -> Session {
        Session {
            table,
            tab,
            left: Left::default(),
        }
    }

    /// The connected table.
    pub(crate) fn table(&self) -> &Table {
        &self.table
    }

    /// The view asked for last.
    pub(crate) fn last(&self) -> Option<&Ask> {
        self.left.last.as_ref()
    }

    /// What the views left, for the answers of the current view to update.
    pub(crate) fn left_mut(&mut self) -> &mut Left {
        &mut self.left
    }

    /// The view `ask`, after those before it.
    pub(crate) fn view(&mut self, ask: Ask) -> View {
        let planner = self.table.planner(&ask.map);
        let settings = self.table.settings().clone();
        View::new(ask, planner, settings, self.tab, &mut self.left)
    }

    /// Show in context's walk for `ask` (`None` when it asks for no context).
    pub(crate) fn context(&mut self, ask: &Ask) -> Option<Context> {
        let planner = self.table.planner(&ask.map);
        Context::new(ask, planner, self.table.settings())
    }

    /// Live refresh's look at the view `ask`: has it moved since it was shown?
    pub(crate) fn news(&mut self, ask: Ask) -> News {
        let planner = self.table.planner(&ask.map);
        // The first row of the page being read, if that page is this view's.
        let first = self
            .left
            .first
            .as_ref()
            .filter(|(asked, _)| *asked == ask)
            .map(|(_, keys)| keys.clone());
        News::new(
            ask,
            &planner,
            self.table.settings(),
            (self.left.newest, first),
            format!("{}-news", self.tab),
        )
    }

    /// What is different in the span of `c`, in the view asked for last; `None`
    /// before the first view, or without a time column.
    pub(crate) fn differing(&self, c: &Compare) -> Option<Differing> {
        let ask = self.left.last.as_ref()?;
        let planner = self.table.last_planner()?.clone();
        Differing::new(planner, self.table.settings(), &ask.spec, c)
    }

    /// The statistics of the column at `path` in the view asked for last; `None`
    /// before the first view, or when the table has no such column.
    pub(crate) fn field_stats(&self, path: &str) -> Option<Fielding> {
        let ask = self.left.last.as_ref()?;
        let planner = self.table.last_planner()?.clone();
        Fielding::new(planner, self.table.settings(), &ask.spec, path)
    }

    /// The view asked for last grouped by the columns at `by`, counting distinct
    /// values of `distinct_of`; `None` before the first view, or when one is no
    /// plain column of the table (see [`Grouping::new`]).
    // Asked by the breakdown table, which comes next (issue 32).
    pub(crate) fn grouping(&self, by: &[String], distinct_of: Option<&str>) -> Option<Grouping> {
        let ask = self.left.last.as_ref()?;
        let planner = self.table.last_planner()?.clone();
        Grouping::new(planner, self.table.settings(), &ask.spec, by, distinct_of)
    }

    /// Which of the entries whose ids are `ids` (a page, or the window around an
    /// entry) are first seen on the whole table, and why; `None` before the first
    /// view, or when the table cannot tell (see [`FirstMarking::new`]).
    pub(crate) fn first_marks(&self, ids: &[String]) -> Option<FirstMarking> {
        let planner = self.table.last_planner()?.clone();
        FirstMarking::new(planner, self.table.settings(), ids)
    }

    /// The view asked for last over the bars `bars` (drawn in `zone`), split by the
    /// column at `path`; `None` before the first view, or when it is no column a
    /// breakdown can group (see [`Splitting::new`]).
    pub(crate) fn splitting(&self, path: &str, bars: &Histogram, zone: Zone) -> Option<Splitting> {
        let ask = self.left.last.as_ref()?;
        let planner = self.table.last_planner()?.clone();
        Splitting::new(planner, self.table.settings(), &ask.spec, path, bars, zone)
    }

    /// A count of each of `queries` among the rows `fence` keeps (the built-in
    /// investigations); `None` before the first view.
    pub(crate) fn counting(
        &self,
        fence: &FilterSpec,
        queries: &[String],
        kinds: &Overrides,
    ) -> Option<Counting> {
        let planner = self.table.last_planner()?;
        Some(Counting::new(
            planner,
            self.table.settings(),
            fence,
            queries,
            kinds,
        ))
    }

    /// The lookup of the entry whose id is `key` among the rows `fence` keeps (the
    /// app scope, a host's pinned filters); `None` before the first view.
    pub(crate) fn entry(&self, key: &str, fence: &FilterSpec) -> Option<Entry> {
        let planner = self.table.last_planner()?.clone();
        Some(Entry::new(key, fence, planner, self.table.settings()))
    }

    /// Following the actor from the entry whose id is `key`, `window_ms` after it,
    /// among the rows `fence` keeps (the app scope, a host's pinned filters): its
    /// queries go one after another, each made by [`Reading::next`] from the answers
    /// before; `None` before the first view, or when the table cannot place events
    /// exactly (see [`Chaining::new`]).
    ///
    /// [`Reading::next`]: super::reading::Reading::next
    pub(crate) fn chaining(
        &self,
        key: &str,
        fence: &FilterSpec,
        window_ms: i64,
    ) -> Option<Chaining> {
        let planner = self.table.last_planner()?.clone();
        Chaining::new(planner, self.table.settings(), fence, key, window_ms)
    }

    /// An export of every row of the view asked for last (`None` before the first).
    pub(crate) fn export(&mut self) -> Option<Export> {
        let ask = self.left.last.clone()?;
        let planner = self.table.planner(&ask.map);
        let (order, _) = order_of(&planner, &ask.sort);
        Some(Export::new(
            ask.spec,
            order,
            CHUNK,
            planner,
            self.table.settings().clone(),
        ))
    }
}
