//! The log table: sortable headers, a row of column filters, and one page of rows
//! (only the visible page ever becomes DOM). Rows open the entry panel on click or
//! Enter; j/k and the arrow keys move between them.

use crate::core::deploy::route;
use crate::core::roles::Role;
use crate::core::roles::badge::Badge;
use crate::core::view::present;
use crate::core::view::widths;
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
    row: u32,
    key: String,
    cells: Vec<String>,
    /// Severity and outcome badges, by column.
    badges: Vec<Option<Badge>>,
    /// The time's other clocks (UTC, relative), shown on hover of its cell.
    clocks: Option<String>,
    /// Set when the time was logged without an offset in a DST gap or overlap.
    note: Option<String>,
    /// Just brought by live refresh.
    fresh: bool,
}

fn focus_sibling(tr: &web_sys::HtmlElement, forward: bool) -> Option<String> {
    let next = if forward {
        tr.next_element_sibling()
    } else {
        tr.previous_element_sibling()
    }?;
    let next: web_sys::HtmlElement = next.dyn_into().ok()?;
    next.focus().ok()?;
    next.get_attribute("data-entry")
}

/// The table of the current page.
#[component]
pub fn LogTable() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let view = ctx.view;
    let arrivals = use_context::<crate::ui::arrival::Arrivals>();
    let tbody = arrivals.map_or_else(NodeRef::new, |a| a.tbody);
    let fresh = Signal::derive(move || arrivals.and_then(|a| a.fresh.get()));
    let tz = Memo::new(move |_| view.with(|v| v.tz));
    let rows = Memo::new(move |_| {
        let page = ctx.page_rows();
        let cols = ctx.columns.get();
        let tz = tz.get();
        let now = crate::platform::now_ms();
        let fresh = fresh.get();
        ctx.data.dataset.with(|d| {
            page.iter()
                .map(|&r| RowView {
                    row: r,
                    key: d.entry_key(r),
                    cells: cols
                        .iter()
                        .map(|c| present::cell(d, r, c.node, tz))
                        .collect(),
                    badges: cols.iter().map(|c| present::badge(d, r, c.node)).collect(),
                    clocks: d.time(r).map(|t| present::clocks(t, tz, now).join("\n")),
                    note: present::time_note(d, r),
                    fresh: fresh.is_some_and(|f| f.holds(r, d.time(r))),
                })
                .collect::<Vec<_>>()
        })
    });
    let open = move |key: String| ctx.update(|v| v.entry = Some(key));

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
                    .map(|c| widths::natural_ch(d, c.node, &c.path, c.role))
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
        if let Some(first) = tbody.get_untracked().and_then(|b| b.first_element_child())
            && let Ok(el) = first.dyn_into::<web_sys::HtmlElement>()
        {
            e.prevent_default();
            let _ = el.focus();
        }
    });
    on_cleanup(move || keys.remove());

    // App links lead to the app's route; a widget has no routes (its host scopes it).
    let root = ctx
        .config
        .with_value(|c| (!c.widget).then(|| c.root().to_string()));
    let row_view = move |r: RowView, roles: &[Option<Role>], scoped: bool| {
        let key = r.key.clone();
        let is_open = move || view.with(|v| v.entry.as_deref() == Some(key.as_str()));
        view! {
            <tr tabindex="0" class="tv-row" class:tv-row--open=is_open class:tv-row--new=r.fresh data-entry=r.key.clone()
                aria-label=if r.fresh { format!("New entry {}", r.key) } else { format!("Entry {}", r.key) }>
                {r.cells.into_iter().zip(r.badges).zip(roles.iter().copied()).map(|((text, badge), role)| {
                    let is_time = role == Some(Role::Time);
                    let clocks = is_time.then(|| r.clocks.clone()).flatten();
                    let note = is_time.then(|| r.note.clone()).flatten();
                    cell_view(text, role, badge, clocks, note, scoped, root.as_deref())
                }).collect_view()}
            </tr>
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
        let Some(tr) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
            .filter(|t| t.tag_name() == "TR")
        else {
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
                if let Some(next) = focus_sibling(&tr, forward)
                    && view.with_untracked(|v| v.entry.is_some())
                {
                    open(next)
                }
            }
            _ => {}
        }
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
        <div class="tv-tablewrap">
            <table class="tv-table" style:width=move || layout.with(|l| l.1.clone())>
                <caption class="tv-visually-hidden">"Audit log entries"</caption>
                <colgroup>{move || layout.with(|(each, _)| {
                    let last = each.len().saturating_sub(1);
                    each.iter().enumerate().map(|(i, w)| {
                        let w = (i < last).then(|| w.clone());
                        view! { <col style:width=w /> }
                    }).collect_view()
                })}</colgroup>
                <thead>
                    <tr>{move || {
                        let natural = natural.get_untracked();
                        ctx.columns.get().into_iter().enumerate()
                            .map(|(i, c)| header(c, natural.get(i).copied().unwrap_or(widths::MIN_CH), drag))
                            .collect_view()
                    }}</tr>
                    <tr class="tv-filters">{move || ctx.columns.get().into_iter().map(|c| view! { <th><FilterInput col=c.path /></th> }).collect_view()}</tr>
                </thead>
                <tbody node_ref=tbody on:click=on_click on:keydown=on_keydown>
                    {move || {
                        let rows = rows.get();
                        if rows.is_empty() {
                            empty().into_any()
                        } else {
                            // Per page, not per row: the roles of the columns and the scope.
                            let roles: Vec<Option<Role>> = ctx.columns.with_untracked(|c| c.iter().map(|c| c.role).collect());
                            let scoped = ctx.scope.with_untracked(Option::is_some);
                            rows.into_iter().map(|r| row_view(r, &roles, scoped)).collect_view().into_any()
                        }
                    }}
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

fn cell_view(
    text: String,
    role: Option<Role>,
    badge: Option<Badge>,
    clocks: Option<String>,
    note: Option<String>,
    scoped: bool,
    root: Option<&str>,
) -> impl IntoView + use<> {
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
    // A time shows its other clocks on hover; other cells truncate with an ellipsis,
    // longer values carry their full text on hover.
    if let Some(note) = note {
        // The mark says which; the title says how it was read.
        let mark = if note.starts_with("DST gap") {
            " DST gap"
        } else {
            " DST overlap"
        };
        let title = clocks.map_or(note.clone(), |c| format!("{c}\n{note}"));
        return view! { <td title=title><div class="tv-cell">{text}<span class="tv-dst">{mark}</span></div></td> }.into_any();
    }
    let title = clocks.or_else(|| (text.chars().count() > 16).then(|| text.clone()));
    view! { <td title=title><div class="tv-cell">{text}</div></td> }.into_any()
}

/// Pixels a cell adds to its text: padding on both sides and the border.
const CELL_EXTRA_PX: u32 = 17;
/// About one character of the table's font, for a first guess at a width in pixels.
const CH_PX: u32 = 7;

fn header(col: Column, natural_ch: u16, drag: Drag) -> impl IntoView {
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
}

/// The filter box of one column.
#[component]
fn FilterInput(col: String) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let c = col.clone();
    let text = RwSignal::new(ctx.view.with_untracked(|v| v.filter(&col).to_string()));
    let c2 = col.clone();
    Effect::new(move |_| {
        let current = ctx.view.with(|v| v.filter(&c2).to_string());
        if text.with_untracked(|t| t.trim() != current) {
            text.set(current);
        }
    });
    view! {
        <input type="search" class="tv-input tv-filter" aria-label=format!("Filter {col}")
            placeholder="filter…" title="Contains text · =exact · prefix* · !exclude (any of them after !)"
            prop:value=move || text.get()
            on:input=move |e| {
                let value = event_target_value(&e);
                text.set(value.clone());
                ctx.update_typing(|v| v.set_filter(&c, &value));
            }
            on:keydown=move |e| if e.key() == "Enter" { ctx.url.end_typing() }
            on:blur=move |_| ctx.url.end_typing() />
    }
}
