//! What live refresh's new entries do to the page being read: away from the newest
//! end the page keeps its rows (the view's `shift` grows by the entries that came
//! before it) and "3 new entries · Show" takes the reader to them; at the newest end
//! they appear, marked new for a few seconds. A reloaded link whose first row has
//! moved finds it again, or says that the log has moved on.

use crate::core::ingest::progress::Phase;
use crate::core::query::Sort;
use crate::core::time::EpochMs;
use crate::core::view::present;
use crate::ui::ctx::Ctx;
use crate::ui::server::Arrived;
use leptos::prelude::*;
use std::time::Duration;

/// How long new rows at the newest end are marked new.
const FRESH_FOR: Duration = Duration::from_secs(6);

/// Said when the server cannot tell which new rows come before the page.
const NOT_COUNTED: &str = "New entries may have moved these rows down: in this order (by a column of fractional numbers or times) the server's rows cannot be compared exactly, so the ones that came before this page are not counted. Sort by time or by a text column to keep the rows in place.";

/// The explorer's arrivals: shared by the table, the live controls and the pager.
#[derive(Clone, Copy)]
pub struct Arrivals {
    /// New matching entries not on screen (the "Show" control).
    pub unseen: RwSignal<usize>,
    /// Which rows are new (for a few seconds).
    pub fresh: RwSignal<Option<Fresh>>,
    /// The table's body: where the reader is.
    pub tbody: NodeRef<leptos::html::Tbody>,
    /// Said once: a link's first row is no longer in the view, or rows moved.
    pub notice: RwSignal<Option<String>>,
}

/// Which rows live refresh just brought.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fresh {
    /// In memory: the rows filed from this one on.
    From(u32),
    /// On a server (the table holds one page): the rows newer than this time.
    After(EpochMs),
}

impl Fresh {
    /// True if `row` (with time `time`) is new.
    pub fn holds(&self, row: u32, time: Option<EpochMs>) -> bool {
        match *self {
            Fresh::From(first) => row >= first,
            Fresh::After(t) => time.is_some_and(|x| x > t),
        }
    }
}

/// `Some(true)` if `sort` shows the newest entries first, `Some(false)` the oldest
/// first, `None` for another order.
fn time_order(sort: &Sort, time_col: Option<&str>) -> Option<bool> {
    match sort.resolve(time_col) {
        Some((c, desc)) if Some(c) == time_col => Some(desc),
        _ => None,
    }
}

/// Starts watching arrivals for `ctx` (call once per explorer) and provides them.
pub fn watch(ctx: Ctx) -> Arrivals {
    let arrivals = Arrivals {
        unseen: RwSignal::new(0),
        fresh: RwSignal::new(None),
        tbody: NodeRef::new(),
        notice: RwSignal::new(None),
    };
    provide_context(arrivals);
    let engine = ctx.engine;
    ctx.data.on_arrival(Some(std::rc::Rc::new(move || {
        // Before the new rows show: what is on screen, and is it the newest end?
        let (sort, page, shift) = ctx
            .view
            .with_untracked(|v| (v.sort.clone(), v.page, v.shift));
        let time_col = ctx.time_col.get_untracked();
        let at_top = arrivals
            .tbody
            .get_untracked()
            .is_none_or(|t| crate::platform::scroll::first_row_in_view(&t));
        let order = time_order(&sort, time_col.as_deref());
        let newest_end = order == Some(true) && page == 0 && shift == 0 && at_top;
        let rows = engine.page_rows_untracked();
        let anchor = (!newest_end).then(|| rows.first().copied()).flatten();
        let (key, newest_shown) = ctx.data.dataset.with_untracked(|d| {
            (
                anchor.map(|r| d.entry_key(r)),
                rows.iter().filter_map(|&r| d.time(r)).max(),
            )
        });
        Box::new(move |arrived: Arrived| {
            let fresh = match arrived {
                Arrived::Rows(first) => Some(Fresh::From(first)),
                Arrived::Counted { .. } => newest_shown.map(Fresh::After),
            };
            mark_fresh(arrivals, fresh);
            let Some(key) = key else {
                return false;
            };
            // How far the page moves, and how many new entries are off screen.
            let (before, new) = match arrived {
                Arrived::Rows(first) => (
                    engine.arrived_before(&sort, anchor.unwrap_or(0), first),
                    engine.arrived(first),
                ),
                Arrived::Counted { newer, before } => {
                    let before = match (order, before) {
                        (Some(true), _) => newer,
                        (Some(false), _) => 0,
                        (None, Some(before)) => before,
                        (None, None) => {
                            arrivals.notice.set(Some(NOT_COUNTED.to_string()));
                            0
                        }
                    };
                    (before, newer)
                }
            };
            arrivals.unseen.update(|n| *n += new);
            if before == 0 {
                return false;
            }
            ctx.follow(|v| {
                v.shift += before;
                v.top = Some(key);
            });
            true
        })
    })));
    on_cleanup(move || ctx.data.on_arrival(None));

    // Back at the newest end (or elsewhere by the admin's own move): nothing unseen.
    Effect::new(move |_| {
        let (page, shift) = ctx.view.with(|v| (v.page, v.shift));
        if page == 0 && shift == 0 {
            arrivals.unseen.set(0);
        }
    });

    // A reloaded link names the row it showed first: find it again once the log is
    // loaded and the page has rows (on ClickHouse: once its first page landed).
    let checked = StoredValue::new(false);
    Effect::new(move |_| {
        if checked.get_value() {
            return;
        }
        let done = ctx.data.state.with(|s| matches!(s.phase, Phase::Done));
        if done && !ctx.page_rows().is_empty() {
            checked.set_value(true);
            untrack(|| find_top(ctx, arrivals));
        }
    });
    arrivals
}

/// Marks `fresh` rows new for a few seconds.
fn mark_fresh(arrivals: Arrivals, fresh: Option<Fresh>) {
    arrivals.fresh.set(fresh);
    set_timeout(
        move || {
            if arrivals.fresh.try_get_untracked() == Some(fresh) {
                arrivals.fresh.set(None);
            }
        },
        FRESH_FOR,
    );
}

/// After a load: if the view's `top` row is not first on the page, move the page to
/// it, or say the log has moved on.
fn find_top(ctx: Ctx, arrivals: Arrivals) {
    let Some(top) = ctx.view.with_untracked(|v| v.top.clone()) else {
        return;
    };
    let first = ctx.engine.page_rows_untracked().first().copied();
    let data = ctx.data.dataset;
    if first.is_some_and(|r| data.with_untracked(|d| d.entry_key(r)) == top) {
        return;
    }
    let at = (!ctx.engine.elsewhere_untracked())
        .then(|| data.with_untracked(|d| d.find_entry(&top)))
        .flatten()
        .and_then(|row| {
            ctx.sorted
                .with_untracked(|s| s.iter().position(|&r| r == row))
        });
    match at {
        Some(pos) => {
            let size = ctx.view.with_untracked(|v| v.size.max(1));
            ctx.follow(|v| {
                v.page = pos / size;
                v.shift = pos % size;
            });
        }
        None => {
            let page = ctx.page.get_untracked().page + 1;
            arrivals.notice.set(Some(format!(
                "The log has moved on since this link: the entry it showed first ({top}) is no longer in this view. Showing page {}.",
                present::count(page)
            )));
            ctx.follow(|v| {
                v.shift = 0;
                v.top = None;
            });
        }
    }
}

/// Takes the reader to the new entries: the newest first, at the top.
fn show_new(ctx: Ctx, arrivals: Arrivals) {
    let time_col = ctx.time_col.get_untracked();
    let sort = ctx.view.with_untracked(|v| v.sort.clone());
    let order = time_order(&sort, time_col.as_deref());
    ctx.update(|v| {
        v.shift = 0;
        v.top = None;
        v.page = 0;
        match order {
            Some(true) => {}
            Some(false) => {
                v.page = ctx
                    .matched
                    .get_untracked()
                    .div_ceil(v.size.max(1))
                    .saturating_sub(1)
            }
            None => v.sort = Sort::Default,
        }
    });
    arrivals.unseen.set(0);
    if let Some(t) = arrivals.tbody.get_untracked() {
        crate::platform::scroll::to_first_row(&t);
    }
}

/// "3 new entries · Show", while new entries are off screen.
#[component]
pub fn ShowNew() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let arrivals = expect_context::<Arrivals>();
    let unseen = arrivals.unseen;
    view! {
        <Show when=move || unseen.get() != 0>
            <span class="tv-live__unseen">
                {move || match unseen.get() {
                    1 => "1 new entry".to_string(),
                    n => format!("{} new entries", present::count(n)),
                }}
                " · "
                <button class="tv-btn"
                    aria-label=move || match unseen.get() {
                        1 => "Show 1 new entry".to_string(),
                        n => format!("Show {} new entries", present::count(n)),
                    }
                    on:click=move |_| show_new(ctx, arrivals)>"Show"</button>
            </span>
        </Show>
    }
}

/// Says when a link's first row is no longer in the view, or rows could not stay.
#[component]
pub fn ArrivalNotice() -> impl IntoView {
    let arrivals = expect_context::<Arrivals>();
    move || {
        arrivals.notice.get().map(|m| {
            view! {
                <p class="tv-notice" role="status">{m}
                    " "<button class="tv-btn" on:click=move |_| arrivals.notice.set(None)>"Dismiss"</button>
                </p>
            }
        })
    }
}
