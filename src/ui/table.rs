//! The log table: sortable headers, a row of column filters, and one page of rows,
//! of which only those in the table's view (and a margin) are rendered, with spacers
//! for the rest (`core/view/window.rs` says which). Rows open the entry panel on
//! click or Enter; j/k and the arrow keys move between them, scrolling the next one
//! in first. A focused row the keyed list would drop or move as the table scrolls
//! hands focus to the table's scroll container, whose keys go on from that row.

use crate::core::deploy::route;
use crate::core::explain::first_seen::Reason;
use crate::core::query::lang::column;
use crate::core::roles::Role;
use crate::core::roles::badge::Badge;
use crate::core::view::kind_column;
use crate::core::view::present;
use crate::core::view::widths;
use crate::core::view::window::{self, Piece, Viewport};
use crate::ui::badge::badge_view;
use crate::ui::ctx::{Column, Ctx};
use crate::ui::resize::{ColumnResizer, Drag, width_now};
use leptos::ev::{KeyboardEvent, MouseEvent};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos_router::hooks::use_navigate;

/// One rendered row.
#[derive(Clone, Debug, PartialEq)]
struct RowView {
    key: String,
    cells: Vec<String>,
    /// Severity and outcome badges, by column.
    badges: Vec<Option<Badge>>,
    /// Why a Kind cell reads so, by column (shown on hover).
    reasons: Vec<Option<String>>,
    /// The time's other clocks (UTC, relative), shown on hover of its cell.
    clocks: Option<String>,
    /// Set when the time was logged without an offset in a DST gap or overlap.
    note: Option<String>,
    /// Just brought by live refresh.
    fresh: bool,
}

/// One piece of the table body, keyed by what it shows: a row is rendered again
/// only when its place, its entry or what its cells show (`generation`) changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Item {
    /// The page's row at `index`, showing entry `row`.
    Row {
        index: usize,
        row: u32,
        generation: u64,
    },
    /// A spacer for `rows` rows from `from`, `px` tall.
    Gap { from: usize, rows: usize, px: u32 },
}

/// The pieces of the table body for a page scrolled to `vp`, with the row focus is
/// `moving` to rendered wherever it is.
fn items_of(
    page: &[u32],
    vp: &Viewport,
    generation: u64,
    moving: Option<(usize, u32)>,
) -> Vec<Item> {
    let pinned: Vec<usize> = moving
        .filter(|&(i, r)| page.get(i) == Some(&r))
        .map(|p| p.0)
        .into_iter()
        .collect();
    let shown = window::visible(vp, page.len(), window::MARGIN);
    window::pieces(shown, &pinned, page.len())
        .into_iter()
        .map(|p| match p {
            Piece::Row(index) => Item::Row {
                index,
                row: page[index],
                generation,
            },
            Piece::Gap { from, rows } => Item::Gap {
                from,
                rows,
                px: window::gap_px(vp, rows).round() as u32,
            },
        })
        .collect()
}

/// The rendered row at `index` of the page, if it is rendered.
fn row_el(tbody: &web_sys::Element, index: usize) -> Option<web_sys::HtmlElement> {
    let selector = format!("tr[aria-rowindex=\"{}\"]", window::row_index(index));
    tbody.query_selector(&selector).ok()??.dyn_into().ok()
}

/// The page's index of the row `el` is (or is in), read from its `aria-rowindex`.
fn index_of(el: &web_sys::Element) -> Option<usize> {
    let tr = el.closest("tr.tv-row").ok()??;
    window::index_of(tr.get_attribute("aria-rowindex")?.parse().ok()?)
}

/// The table row an event happened on, if it happened on one.
fn target_row(e: &web_sys::Event) -> Option<web_sys::HtmlElement> {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|t| t.tag_name() == "TR")
}

/// The table of the current page.
#[component]
pub fn LogTable() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let view = ctx.view;
    let arrivals = use_context::<crate::ui::arrival::Arrivals>();
    let tbody = arrivals.map_or_else(NodeRef::new, |a| a.tbody);
    // Rows live refresh just brought (marked for a few seconds).
    let fresh = Signal::derive(move || arrivals.and_then(|a| a.fresh.get()));
    let wrap = NodeRef::<leptos::html::Div>::new();
    let tz = Memo::new(move |_| view.with(|v| v.tz));
    let page = Memo::new(move |_| ctx.page_rows());
    let total = Memo::new(move |_| page.with(Vec::len));
    // What every row shows besides its entry: when it changes, rows render anew.
    let generation = Memo::new(move |prev: Option<&u64>| {
        ctx.columns.track();
        tz.track();
        ctx.data.dataset.track();
        ctx.scope.track();
        fresh.track();
        prev.map_or(0, |g| g + 1)
    });
    let open_key = Memo::new(move |_| view.with(|v| v.entry.clone()));
    // The entry shown in context (marked, and scrolled to once).
    let around_key = Memo::new(move |_| view.with(|v| v.context.as_ref().map(|c| c.key.clone())));
    // Where the table's own scroll container stands; until measured, as tall as the
    // window (the container is never taller), so no row in view is missing.
    let vp = RwSignal::new(Viewport::unmeasured(
        window()
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(1000.0),
    ));
    // The row (index, entry) that last had focus: keys on the scroll container go on
    // from it once it has handed focus to the container.
    let focused = StoredValue::new(None::<(usize, u32)>);
    // The row focus is moving to: rendered wherever the table is until it has focus.
    let moving = RwSignal::new(None::<(usize, u32)>);
    // True from a change of the rows rendered until the rendering is done: a row that
    // loses focus then was moved by the list's diff (detached and put back), not by
    // the admin, and gets focus back.
    let rerendering = StoredValue::new(false);
    let items = Memo::new(move |_| {
        rerendering.set_value(true);
        queue_microtask(move || rerendering.set_value(false));
        let (vp, generation, m) = (vp.get(), generation.get(), moving.get());
        page.with(|page| items_of(page, &vp, generation, m))
    });
    // Before the window moves to `now`: focus on a row (or in it) that the keyed list
    // would remove or move (either takes focus from it, and a move interrupts the
    // browser's smooth scroll) goes to the scroll container first.
    let release = move |now: &Viewport| {
        let (Some(w), Some(b)) = (wrap.get_untracked(), tbody.get_untracked()) else {
            return;
        };
        let Some(active) = crate::platform::focus::active_element(&b) else {
            return;
        };
        let Some(i) = index_of(&active).filter(|_| b.contains(Some(&active))) else {
            return;
        };
        let next = page.with_untracked(|p| {
            items_of(p, now, generation.get_untracked(), moving.get_untracked())
        });
        let stays = items.with_untracked(|was| {
            was.iter()
                .find(|it| matches!(it, Item::Row { index, .. } if *index == i))
                .is_some_and(|key| window::stays_in_place(was, &next, key))
        });
        if !stays {
            crate::platform::focus::focus_in_place(&w);
        }
    };
    // Reads the container's scroll position and size, and the rows' place and height.
    let measure = move || {
        if let (Some(w), Some(b)) = (wrap.get_untracked(), tbody.get_untracked()) {
            let now =
                crate::platform::layout::rows_viewport(&w, &b, vp.with_untracked(|v| v.row_px));
            if vp.with_untracked(|v| *v != now) {
                release(&now);
                vp.set(now);
            }
        }
    };
    // Once the rows are laid out, and whenever the page's length changes (the
    // container may have grown or shrunk with it).
    Effect::new(move |_| {
        total.track();
        request_animation_frame(measure);
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    // Scrolls row `to` into view (below the sticky header) and focuses it; a row not
    // rendered yet is focused in the next frame, once it is.
    let move_to = move |to: usize| {
        let Some(row) = page.with_untracked(|p| p.get(to).copied()) else {
            return;
        };
        let (Some(w), Some(b)) = (wrap.get_untracked(), tbody.get_untracked()) else {
            return;
        };
        let mut now =
            crate::platform::layout::rows_viewport(&w, &b, vp.with_untracked(|v| v.row_px));
        if let Some(top) = window::scroll_to(&now, to) {
            w.set_scroll_top(top.round() as i32);
            now.scroll_top = f64::from(w.scroll_top());
        }
        if let Some(tr) = row_el(&b, to) {
            let _ = tr.focus();
            vp.set(now);
            return;
        }
        moving.set(Some((to, row)));
        release(&now);
        vp.set(now);
        request_animation_frame(move || {
            if let Some(tr) = tbody.get_untracked().and_then(|b| row_el(&b, to)) {
                let _ = tr.focus();
            }
            moving.set(None);
        });
    };
    // Entering a context scrolls to its entry (and focuses it) once the window is
    // the page.
    let scrolled = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        let Some(key) = around_key.get() else {
            scrolled.set_value(None);
            return;
        };
        // The window's own row: on ClickHouse the rows come after the view changed.
        let Some(row) = ctx.engine.around.with(|w| w.as_ref().map(|w| w.entry)) else {
            return;
        };
        if scrolled.with_value(|s| s.as_deref() == Some(key.as_str())) {
            return;
        }
        if let Some(to) = page.with(|p| p.iter().position(|&r| r == row)) {
            scrolled.set_value(Some(key));
            request_animation_frame(move || move_to(to));
        }
    });
    let open = move |key: String| ctx.update(|v| v.entry = Some(key));
    // Focus to row `to`; an open entry follows it.
    let go = move |to: usize| {
        move_to(to);
        if view.with_untracked(|v| v.entry.is_some())
            && let Some(row) = page.with_untracked(|p| p.get(to).copied())
        {
            open(ctx.data.dataset.with_untracked(|d| d.entry_key(row)))
        }
    };

    // Fixed widths, worked out once from the first entries: a new page or order
    // then lays out without measuring every cell.
    // Measured again only for a new log, while the sample fills or when the roles
    // change, not for every page of entries that arrives after it.
    let sample = Memo::new(move |_| {
        let version = ctx.data.version.get();
        ctx.data
            .dataset
            .with(|d| (version, d.len().min(widths::SAMPLE), d.roles().clone()))
    });
    let natural = Memo::new(move |_| {
        sample.with(|_| ());
        ctx.columns.with(|cols| {
            ctx.data.dataset.with_untracked(|d| {
                cols.iter()
                    .map(|c| match c.node {
                        Some(n) => widths::natural_ch(d, n, &c.path, c.role),
                        None => kind_column::WIDTH_CH,
                    })
                    .collect::<Vec<u16>>()
            })
        })
    });
    let drag: Drag = RwSignal::new(None);
    // Each column's CSS width; the last one takes what is left of the table. Set
    // with `style:width` (the CSSOM), which a Content-Security-Policy without
    // 'unsafe-inline' allows, unlike a `style` attribute.
    let layout = Memo::new(move |_| {
        let cols = ctx.columns.get();
        let natural = natural.get();
        let drag = drag.get();
        view.with(|v| {
            let (mut ch, mut px) = (0u32, 0u32);
            let each: Vec<String> = cols
                .iter()
                .zip(&natural)
                .map(|(c, &n)| match width_now(&drag, v, &c.path) {
                    Some(w) => {
                        px += w;
                        format!("{w}px")
                    }
                    None => {
                        ch += n as u32;
                        px += CELL_EXTRA_PX;
                        format!("calc({n}ch + {CELL_EXTRA_PX}px)")
                    }
                })
                .collect();
            (each, format!("max(100%, calc({ch}ch + {px}px))"))
        })
    });

    // j/k from anywhere outside a field start at the first (or open) row.
    let keys = window_event_listener(leptos::ev::keydown, move |e| {
        if !matches!(e.key().as_str(), "j" | "k") || e.ctrl_key() || e.meta_key() || e.alt_key() {
            return;
        }
        let target = crate::platform::event_origin(&e);
        // The scroll container's keys are its own (`on_scroller_key`).
        let scroller = wrap.get_untracked();
        if target
            .as_ref()
            .is_some_and(|t| scroller.is_some_and(|w| t.is_same_node(Some(&w))))
        {
            return;
        }
        // A widget's keys are its own: only while focus is inside it.
        let widget = ctx.config.with_value(|c| c.widget);
        let inside = tbody
            .get_untracked()
            .and_then(|b| b.closest(".tv-root").ok().flatten())
            .is_some_and(|r| crate::platform::event_inside(&e, &r));
        if widget && !inside {
            return;
        }
        if target.as_ref().is_some_and(|t| {
            matches!(
                t.tag_name().as_str(),
                "INPUT" | "TEXTAREA" | "SELECT" | "TR"
            )
        }) {
            return;
        }
        if total.get_untracked() > 0 {
            e.prevent_default();
            move_to(0);
        }
    });
    on_cleanup(move || keys.remove());

    // App links lead to the app's route; a widget has no routes (its host scopes it).
    let root = ctx
        .config
        .with_value(|c| (!c.widget).then(|| c.root().to_string()));
    let kinds = StoredValue::new(ctx.kinds());
    ask_first_marks(ctx);
    // Per row: built when the row comes into the window, from the dataset as it is.
    let row_view = move |index: usize, row: u32| {
        let tz = tz.get_untracked();
        let scoped = ctx.scope.with_untracked(Option::is_some);
        let now = crate::platform::now_ms();
        let (r, roles) = ctx.columns.with_untracked(|cols| {
            ctx.data.dataset.with_untracked(|d| {
                let (cells, reasons) = cols
                    .iter()
                    .map(|c| match c.node {
                        Some(n) => (present::cell(d, row, n, tz), None),
                        None => kinds.with_value(|k| kind_column::cell(d, row, k)),
                    })
                    .unzip();
                let r = RowView {
                    key: d.entry_key(row),
                    cells,
                    reasons,
                    badges: cols
                        .iter()
                        .map(|c| c.node.and_then(|n| present::badge(d, row, n)))
                        .collect(),
                    clocks: d.time(row).map(|t| present::clocks(t, tz, now).join("\n")),
                    note: present::time_note(d, row),
                    fresh: fresh
                        .get_untracked()
                        .is_some_and(|f| f.holds(row, d.time(row))),
                };
                (r, cols.iter().map(|c| c.role).collect::<Vec<_>>())
            })
        });
        let key = r.key.clone();
        let is_open = move || open_key.with(|k| k.as_deref() == Some(key.as_str()));
        let key = r.key.clone();
        let is_around = move || around_key.with(|k| k.as_deref() == Some(key.as_str()));
        let (key, fresh) = (r.key.clone(), r.fresh);
        let key2 = key.clone();
        let label = move || match (
            around_key.with(|k| k.as_deref() == Some(key2.as_str())),
            fresh,
        ) {
            (true, _) => format!("Entry in context {key}"),
            (false, true) => format!("New entry {key}"),
            (false, false) => format!("Entry {key}"),
        };
        let root = root.clone();
        view! {
            <tr tabindex="0" class="tv-row" class:tv-row--open=is_open class:tv-row--new=r.fresh
                class:tv-row--context=is_around data-entry=r.key.clone()
                aria-rowindex=window::row_index(index)
                aria-label=label>
                {r.cells.into_iter().zip(r.badges).zip(roles).zip(r.reasons).map(|(((text, badge), role), reason)| {
                    let is_time = role == Some(Role::Time);
                    let hover = if is_time { r.clocks.clone() } else { reason };
                    let note = is_time.then(|| r.note.clone()).flatten();
                    let first = (role == Some(Role::Actor)).then(|| first_mark(ctx, row));
                    cell_view(text, role, badge, hover, note, scoped, root.as_deref(), first)
                }).collect_view()}
            </tr>
        }
    };
    let span = move || ctx.columns.with(|c| c.len().max(1)).to_string();
    let item_view = move |item: Item| {
        match item {
        Item::Row { index, row, .. } => row_view(index, row).into_any(),
        Item::Gap { px, .. } => view! {
            <tr class="tv-gap" aria-hidden="true"><td colspan=span style:height=format!("{px}px")></td></tr>
        }
        .into_any(),
    }
    };

    // One listener for all rows (rows come and go with every page).
    let navigate = ctx.config.with_value(|c| !c.widget).then(use_navigate);
    let on_click = move |e: MouseEvent| {
        let Some(target) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        if let Ok(Some(link)) = target.closest("a.tv-applink") {
            // Open the app's view with the view as it is now.
            if e.button() == 0 && !(e.ctrl_key() || e.meta_key() || e.shift_key()) {
                e.prevent_default();
                let app = link.get_attribute("data-app").unwrap_or_default();
                if let (Some(href), Some(navigate)) = (app_href(ctx, &app), &navigate) {
                    // Already a whole path under the base: not resolved again.
                    navigate(
                        &href,
                        leptos_router::NavigateOptions {
                            resolve: false,
                            ..Default::default()
                        },
                    );
                }
            }
            return;
        }
        if target.closest("a, button").ok().flatten().is_some() {
            return;
        }
        if let Some(key) = target
            .closest("tr[data-entry]")
            .ok()
            .flatten()
            .and_then(|tr| tr.get_attribute("data-entry"))
        {
            open(key);
        }
    };
    let on_keydown = move |e: KeyboardEvent| {
        let Some(tr) = target_row(&e) else {
            return;
        };
        match e.key().as_str() {
            "Enter" => {
                if let Some(key) = tr.get_attribute("data-entry") {
                    open(key)
                }
            }
            "ArrowDown" | "j" | "ArrowUp" | "k" => {
                e.prevent_default();
                let forward = matches!(e.key().as_str(), "ArrowDown" | "j");
                // From the row focus is on its way to, if a key came before it arrived.
                let Some(from) = moving
                    .get_untracked()
                    .map(|m| m.0)
                    .or_else(|| index_of(&tr))
                else {
                    return;
                };
                if let Some(to) = window::step(from, forward, total.get_untracked()) {
                    go(to);
                }
            }
            _ => {}
        }
    };
    // Remembers the row focus is on (or in), for the scroll container's keys.
    let on_focusin = move |e: leptos::ev::FocusEvent| {
        let index = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| index_of(&t));
        if let Some(i) = index
            && let Some(row) = page.with_untracked(|p| p.get(i).copied())
        {
            focused.set_value(Some((i, row)));
        }
    };
    // Focus on the scroll container itself (handed over by a row as the table
    // scrolled): ↑/↓ and j/k go on from that row, scrolling their row in first; with
    // no row to go on from, j/k start at the first row, as from outside the table.
    let on_scroller_key = move |e: KeyboardEvent| {
        let on_scroller = wrap.get_untracked().is_some_and(|w| {
            crate::platform::event_origin(&e).is_some_and(|t| t.is_same_node(Some(&w)))
        });
        if !on_scroller || e.ctrl_key() || e.meta_key() || e.alt_key() {
            return;
        }
        let forward = match e.key().as_str() {
            "ArrowDown" | "j" => true,
            "ArrowUp" | "k" => false,
            _ => return,
        };
        // The row focus is on its way to, if a key came before it arrived.
        let from = moving.get_untracked().or_else(|| {
            focused
                .get_value()
                .filter(|&(i, r)| page.with_untracked(|p| p.get(i) == Some(&r)))
        });
        let total = total.get_untracked();
        if let Some((i, _)) = from {
            if let Some(to) = window::resume(i, forward, total) {
                e.prevent_default();
                go(to);
            }
        } else if matches!(e.key().as_str(), "j" | "k") && total > 0 {
            e.prevent_default();
            move_to(0);
        }
    };
    // On a change other than a scroll (which `release` foresees), Leptos's keyed list
    // may still move the focused row, which takes focus from it: it is given back,
    // without scrolling.
    let on_focusout = move |e: leptos::ev::FocusEvent| {
        if e.related_target().is_some() || !rerendering.get_value() {
            return;
        }
        let Some(tr) = target_row(&e) else {
            return;
        };
        queue_microtask(move || {
            if tr.is_connected() && crate::platform::focus::focus_lost(&tr) {
                crate::platform::focus::focus_in_place(&tr);
            }
        });
    };

    let empty = move || {
        let pending = ctx.engine.querying();
        let total = ctx.engine.in_log.get();
        let span = ctx.columns.with(|c| c.len().max(1)).to_string();
        let filtered = view.with(|v| v.is_filtered());
        let message = match (total, filtered, ctx.scope.get()) {
            _ if pending => "Querying ClickHouse…".to_string(),
            (0, _, _) => "This log has no entries.".to_string(),
            (_, false, Some(app)) => {
                format!("No entries of the app “{app}” in this log (matched by app name or id).")
            }
            _ => "No entries match these filters.".to_string(),
        };
        view! {
            <tr><td colspan=span class="tv-empty">
                <p>{message}</p>
                {(filtered && !pending).then(|| view! {
                    <button class="tv-btn" on:click=move |_| ctx.update(|v| v.clear_filters())>"Clear filters"</button>
                })}
            </td></tr>
        }
    };

    view! {
        <div class="tv-tablewrap" node_ref=wrap tabindex="0" role="group" aria-label="Log table"
            on:scroll=move |_| measure() on:keydown=on_scroller_key>
            <table class="tv-table" style:width=move || layout.with(|l| l.1.clone())
                aria-rowcount=move || window::row_count(total.get())>
                <caption class="tv-visually-hidden">"Audit log entries"</caption>
                <colgroup>{move || layout.with(|(each, _)| {
                    let last = each.len().saturating_sub(1);
                    each.iter().enumerate().map(|(i, w)| {
                        let w = (i < last).then(|| w.clone());
                        view! { <col style:width=w /> }
                    }).collect_view()
                })}</colgroup>
                <thead>
                    <tr aria-rowindex="1">{move || {
                        let natural = natural.get_untracked();
                        ctx.columns.get().into_iter().enumerate()
                            .map(|(i, c)| header(c, natural.get(i).copied().unwrap_or(widths::MIN_CH), drag))
                            .collect_view()
                    }}</tr>
                    <tr class="tv-filters" aria-rowindex="2">{move || ctx.columns.get().into_iter().map(|c| {
                        let path = c.path.clone();
                        // The Kind column has no field to count: its facet says what Σ would.
                        let stats = c.node.is_some().then(|| view! {
                            <button class="tv-icon tv-filter-cell__stats" aria-label=format!("Statistics of {path}")
                                title="Statistics: coverage, distinct values, top values, spread"
                                on:click=move |_| ctx.field_stats.set(Some(path.clone()))>"Σ"</button>
                        });
                        view! {
                            <th><div class="tv-filter-cell">
                                <FilterInput col=c.clone() />
                                {stats}
                            </div></th>
                        }
                    }).collect_view()}</tr>
                </thead>
                <tbody node_ref=tbody on:click=on_click on:keydown=on_keydown on:focusin=on_focusin on:focusout=on_focusout>
                    {move || (total.get() == 0).then(empty)}
                    <For each=move || items.get() key=|item| *item children=item_view />
                </tbody>
            </table>
        </div>
    }
}

/// The app view's URL: the view as it is, from page one, without filters on the
/// app columns (they are hidden in an app's view). None when the name has no address.
fn app_href(ctx: Ctx, app: &str) -> Option<String> {
    let app_cols: Vec<String> = ctx.all_columns.with_untracked(|c| {
        c.iter()
            .filter(|c| matches!(c.role, Some(Role::App | Role::AppId)))
            .map(|c| c.path.clone())
            .collect()
    });
    ctx.config.with_value(|c| {
        let q = ctx
            .view
            .with_untracked(|v| v.link_query(&app_cols, &c.base));
        route::app_href(c.root(), app, &q)
    })
}

/// The mark an actor's cell carries when its entry is the actor's first with an
/// action, address, agent or app: "new", the reasons on hover. In memory worked out
/// in this tab once the load has ended; on ClickHouse read from the table for the
/// rows shown ([`ask_first_marks`]).
fn first_mark(ctx: Ctx, row: u32) -> impl Fn() -> Option<AnyView> + Send + Sync + 'static {
    move || {
        let mask = match ctx.engine.elsewhere() {
            true => {
                let key = ctx.data.dataset.with_untracked(|d| d.entry_key(row));
                ctx.engine.first_mark_elsewhere(&key)
            }
            false if ctx.engine.loaded.get() => ctx
                .data
                .dataset
                .with_untracked(|d| d.first_seen().mask(row)),
            false => 0,
        };
        let why: Vec<&str> = Reason::ALL
            .iter()
            .filter(|r| mask & r.bit() != 0)
            .map(|r| r.label())
            .collect();
        if why.is_empty() {
            return None;
        }
        let title = format!("First seen: {}", why.join("; "));
        // The word is drawn by the style sheet (`::after`), so the cell's text, what
        // a copy or a reader of the column takes, stays the logged value.
        Some(view! { <span class="tv-first" title=title></span> }.into_any())
    }
}

/// On ClickHouse, asks which of the rows shown are first seen whenever they change.
fn ask_first_marks(ctx: Ctx) {
    Effect::new(move |_| {
        if !ctx.engine.elsewhere() {
            return;
        }
        let ids: Vec<String> = ctx
            .data
            .dataset
            .with(|d| (0..d.len() as u32).map(|r| d.entry_key(r)).collect());
        if !ids.is_empty() {
            ctx.engine.ask_first_marks(ctx.data, ids);
        }
    });
}

#[allow(clippy::too_many_arguments)]
fn cell_view<F: Fn() -> Option<AnyView> + Send + Sync + 'static>(
    text: String,
    role: Option<Role>,
    badge: Option<Badge>,
    hover: Option<String>,
    note: Option<String>,
    scoped: bool,
    root: Option<&str>,
    first: Option<F>,
) -> impl IntoView + use<F> {
    // Each cell's content sits in a `.tv-cell`, whose layout and paint the browser
    // skips while it is scrolled out of view (`content-visibility`).
    if let Some(b) = badge {
        return view! { <td><div class="tv-cell">{badge_view(b, text)}</div></td> }.into_any();
    }
    if role == Some(Role::App)
        && !scoped
        && !text.is_empty()
        && let Some(href) = root.and_then(|root| route::app_href(root, &text, ""))
    {
        let title = format!("Open the view of {text}");
        let app = text.clone();
        return view! { <td><div class="tv-cell"><a class="tv-applink" href=href data-app=app title=title>{text}</a></div></td> }.into_any();
    }
    // A time shows its other clocks on hover (a kind, its reason); other cells truncate with an ellipsis,
    // longer values carry their full text on hover.
    if let Some(note) = note {
        // The mark says which; the title says how it was read.
        let mark = if note.starts_with("DST gap") {
            " DST gap"
        } else {
            " DST overlap"
        };
        let title = hover.map_or(note.clone(), |c| format!("{c}\n{note}"));
        return view! { <td title=title><div class="tv-cell">{text}<span class="tv-dst">{mark}</span></div></td> }.into_any();
    }
    let title = hover.or_else(|| (text.chars().count() > 16).then(|| text.clone()));
    view! { <td title=title><div class="tv-cell">{text}{first}</div></td> }.into_any()
}

/// Pixels a cell adds to its text: padding on both sides and the border.
const CELL_EXTRA_PX: u32 = 17;
/// About one character of the table's font, for a first guess at a width in pixels.
const CH_PX: u32 = 7;

fn header(col: Column, natural_ch: u16, drag: Drag) -> AnyView {
    let ctx = expect_context::<Ctx>();
    let estimate = natural_ch as u32 * CH_PX + CELL_EXTRA_PX;
    let path = col.path.clone();
    let path_for_sort = col.path.clone();
    let state = Memo::new(move |_| {
        let sort = ctx.view.with(|v| v.sort.clone());
        let time_col = ctx.time_col.get();
        match sort.resolve(time_col.as_deref()) {
            Some((c, desc)) if c == path => {
                if desc {
                    "descending"
                } else {
                    "ascending"
                }
            }
            _ => "none",
        }
    });
    let icon = move || match state.get() {
        "ascending" => "▲",
        "descending" => "▼",
        _ => "↕",
    };
    if col.node.is_none() {
        // Kinds are worked out per entry, not stored: the column filters, it does not sort.
        return view! {
            <th scope="col" class="tv-th" title="The kind of event its action makes (not sortable)">
                <span class="tv-sort"><span class="tv-th__name">{col.path.clone()}</span></span>
                <span class="tv-th__role">"Kind of event"</span>
                <ColumnResizer col=col.path.clone() drag=drag estimate=estimate />
            </th>
        }
        .into_any();
    }
    view! {
        <th scope="col" aria-sort=move || state.get() class=move || format!("tv-th tv-th--{}", state.get())>
            <button class="tv-sort" title="Sort: ascending, descending, off"
                on:click=move |_| {
                    let time_col = ctx.time_col.get_untracked();
                    ctx.update(|v| v.toggle_sort(&path_for_sort, time_col.as_deref()));
                }>
                <span class="tv-th__name">{col.path.clone()}</span>
                <span class="tv-sort__icon" aria-hidden="true">{icon}</span>
            </button>
            {col.role.map(|r| {
                // The time badge names the zone every time in the column is shown in.
                let label = move || match r {
                    Role::Time => format!("{} · {}", r.label(), ctx.view.with(|v| v.tz).name(crate::platform::now_ms())),
                    _ => r.label().to_string(),
                };
                view! { <span class="tv-th__role">{label}</span> }
            })}
            <ColumnResizer col=col.path.clone() drag=drag estimate=estimate />
        </th>
    }
    .into_any()
}

/// The filter box of one column.
#[component]
fn FilterInput(col: Column) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let (c, name) = (col.field(), col.path);
    // The box shows its column's clause in the query; while the admin types, text
    // that filters the same is left as typed.
    let text = RwSignal::new(ctx.query.with_untracked(|q| column::box_text(q, &c)));
    let c2 = c.clone();
    Effect::new(move |_| {
        let current = ctx.query.with(|q| column::box_text(q, &c2));
        if text.with_untracked(|t| !column::same_filter(&c2, t, &current)) {
            text.set(current);
        }
    });
    view! {
        <input type="search" class="tv-input tv-filter" aria-label=format!("Filter {name}")
            placeholder="filter…" title="Contains text · =exact · prefix* · !exclude (any of them after !)"
            prop:value=move || text.get()
            on:input=move |e| {
                let value = event_target_value(&e);
                text.set(value.clone());
                ctx.update_typing(|v| ctx.data.dataset.with_untracked(|d| v.set_filter(&c, &value, d)));
            }
            on:keydown=move |e| if e.key() == "Enter" { ctx.url.end_typing() }
            on:blur=move |_| ctx.url.end_typing() />
    }
}
