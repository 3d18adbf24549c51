//! The breakdown table (`group=` in the URL): the view's entries grouped by one or
//! two fields, with each group's entries, share, distinct actors (or another field
//! chosen) and first and last time seen; sortable, a group one click to filter to,
//! and a CSV of the table. The top 100 groups and one "other" row. A lazy part.

use crate::core::engine::breakdown::{Breakdown, Group};
use crate::core::engine::memory::breakdown as memory_breakdown;
use crate::core::query::lang::adding::{group_clause, with_clause};
use crate::core::roles::Role;
use crate::core::time::Zone;
use crate::core::view::present;
use crate::platform;
use crate::ui::ctx::Ctx;
use crate::ui::dialog;
use crate::ui::engine::Read;
use crate::ui::lazy::{Lazy, lazy_part};
use crate::ui::server::breakdown_key;
use leptos::prelude::*;

/// What the table is sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum By {
    Value(usize),
    Entries,
    Distinct,
    First,
    Last,
}

/// Opens the breakdown by the action's field (else the first column shown).
pub fn open(ctx: Ctx) {
    let first = ctx.first_field();
    ctx.update(|v| v.group = first.into_iter().collect());
}

/// The breakdown dialog, open while the view groups by a field.
#[component]
pub fn BreakdownDialog() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let open = Memo::new(move |_| ctx.view.with(|v| !v.group.is_empty()));
    move || {
        open.get().then(|| {
            let load = move |owner| breakdown_part(owner);
            view! { <Lazy load=load what="the breakdown" /> }
        })
    }
}

lazy_part!(
    breakdown,
    preload_breakdown,
    pub(crate) fn breakdown_part(owner: Owner) -> AnyView {
        owner.with(|| dialog(expect_context::<Ctx>()).into_any())
    }
);

/// The actor's path, counted distinct when the view does not choose a field.
fn actor_path(ctx: Ctx) -> Option<String> {
    ctx.data
        .dataset
        .with(|d| d.role(Role::Actor).map(|n| d.store().node(n).path.clone()))
}

fn dialog(ctx: Ctx) -> impl IntoView {
    let root = NodeRef::<leptos::html::Div>::new();
    let close = move || ctx.update(|v| v.group.clear());
    let keep_tab = dialog::modal(root);
    let by = Memo::new(move |_| ctx.view.with(|v| v.group.clone()));
    let distinct = Memo::new(move |_| {
        ctx.view
            .with(|v| v.distinct.clone())
            .or_else(|| actor_path(ctx))
    });
    // On ClickHouse the table is asked again whenever the question or the view changes.
    Effect::new(move |_| {
        ctx.engine.view_rows();
        ctx.engine.ask_breakdown(ctx.data, by.get(), distinct.get());
    });
    let read = Memo::new(move |_| {
        let (by, distinct) = (by.get(), distinct.get());
        let key = breakdown_key(&by, distinct.as_deref());
        ctx.engine.breakdown_elsewhere(&key).unwrap_or_else(|| {
            let rows = ctx.engine.view_rows();
            ctx.data.dataset.with(|d| {
                match memory_breakdown::breakdown(d, &rows, &by, distinct.as_deref()) {
                    Some(b) => Read::Ready(b),
                    None => Read::Unavailable,
                }
            })
        })
    });
    let fields = Memo::new(move |_| {
        ctx.all_columns
            .with(|c| c.iter().map(|c| c.path.clone()).collect::<Vec<_>>())
    });
    let title = move || format!("Entries by {}", by.get().join(" and "));
    view! {
        <div class="tv-dialog__backdrop" on:click=move |e| {
            if e.target() == e.current_target() { close() }
        }>
            <div class="tv-dialog tv-breakdown" role="dialog" aria-modal="true" aria-label="Breakdown" tabindex="-1" node_ref=root on:keydown=keep_tab>
                <h2>{title}</h2>
                <div class="tv-breakdown__choices">
                    {choice("Group by", fields, Signal::derive(move || by.get().first().cloned()), false,
                        move |p| ctx.update(|v| v.group = p.into_iter().chain(v.group.get(1).cloned()).collect()))}
                    {choice("Then by", fields, Signal::derive(move || by.get().get(1).cloned()), true,
                        move |p| ctx.update(|v| { v.group.truncate(1); v.group.extend(p) }))}
                    {choice("Distinct", fields, Signal::derive(move || distinct.get()), true,
                        move |p| ctx.update(|v| v.distinct = p))}
                </div>
                {move || match read.get() {
                    Read::Reading => view! { <p role="status">"Grouping the entries on the table…"</p> }.into_any(),
                    Read::Unavailable => view! { <p role="status">{format!("{} cannot be grouped here (on ClickHouse: a field inside a JSON column, or one masked whole).", by.get().join(" or "))}</p> }.into_any(),
                    Read::Failed(why) => view! { <p role="alert">{format!("Could not group the entries: {why}")}</p> }.into_any(),
                    Read::Ready(b) => table(ctx, b, root).into_any(),
                }}
                <div class="tv-dialog__buttons">
                    <button class="tv-btn" on:click=move |_| close()>"Close"</button>
                </div>
            </div>
        </div>
    }
}

/// A labelled select of the log's fields (and the current one); `none` offers
/// "(none)" first.
fn choice(
    label: &'static str,
    fields: Memo<Vec<String>>,
    current: Signal<Option<String>>,
    none: bool,
    set: impl Fn(Option<String>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <label class="tv-field">
            <span>{label}</span>
            <select class="tv-input" on:change=move |e| {
                let v = event_target_value(&e);
                set((!v.is_empty()).then_some(v))
            }>
                {none.then(|| view! { <option value="" selected=move || current.get().is_none()>"(none)"</option> })}
                // A field chosen by a link that is no default column is offered too.
                {move || {
                    let mut list = fields.get();
                    if let Some(c) = current.get().filter(|c| !list.contains(c)) {
                        list.insert(0, c);
                    }
                    list
                }.into_iter().map(|p| {
                    let is = { let p = p.clone(); move || current.get().as_deref() == Some(p.as_str()) };
                    view! { <option value=p.clone() selected=is>{p.clone()}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

/// The table of `b`, sortable, with its CSV.
fn table(ctx: Ctx, b: Breakdown, root: NodeRef<leptos::html::Div>) -> impl IntoView {
    let zone = ctx.view.with_untracked(|v| v.tz);
    let sort = RwSignal::new((By::Entries, true));
    let entries = b.entries.max(1);
    let groups = {
        let groups = b.groups.clone();
        Memo::new(move |_| sorted(&groups, sort.get()))
    };
    let header = move |name: String, key: By| {
        let state = move || match sort.get() {
            (k, true) if k == key => "descending",
            (k, false) if k == key => "ascending",
            _ => "none",
        };
        view! {
            <th scope="col" aria-sort=state>
                <button class="tv-sort" on:click=move |_| sort.update(|s| *s = (key, !(s.0 == key && s.1)))>
                    {name}<span class="tv-sort__icon" aria-hidden="true">{move || match state() { "ascending" => "▲", "descending" => "▼", _ => "↕" }}</span>
                </button>
            </th>
        }
    };
    let distinct_name = b.distinct_of.clone().map(|d| format!("Distinct {d}"));
    let by = b.by.clone();
    let csv = b.csv(zone);
    let file = format!(
        "trailview-breakdown-{}.csv",
        b.by.join("-").replace(['/', '\\', '.'], "_")
    );
    let message = RwSignal::new(String::new());
    let distinct = b.distinct_of.is_some();
    view! {
        <p class="tv-muted">{format!("{} entries in the view; {} groups shown.", present::count(b.entries), b.groups.len())}</p>
        <table class="tv-breakdown__table" aria-label="Breakdown">
            <thead><tr>
                {by.iter().enumerate().map(|(i, p)| header(p.clone(), By::Value(i))).collect_view()}
                {header("Entries".into(), By::Entries)}
                <th scope="col">"Share"</th>
                {distinct_name.map(|n| header(n, By::Distinct))}
                {header("First seen".into(), By::First)}
                {header("Last seen".into(), By::Last)}
            </tr></thead>
            <tbody>
                {move || groups.get().into_iter().map(|g| {
                    let name = g.values.iter().map(|v| v.clone().unwrap_or_else(|| "(no value)".into())).collect::<Vec<_>>().join(" · ");
                    let values = g.values.clone();
                    let by = by.clone();
                    let filter = move || to_group(ctx, &by, &values);
                    let filter2 = filter.clone();
                    view! {
                        <tr class="tv-breakdown__row" on:click=move |_| filter2()>
                            {g.values.iter().enumerate().map(|(i, v)| {
                                let text = v.clone().unwrap_or_else(|| "(no value)".into());
                                match i {
                                    0 => { let f = filter.clone(); view! { <td><button class="tv-link" aria-label=format!("Filter to {name}") on:click=move |e| { e.stop_propagation(); f() }>{text}</button></td> }.into_any() }
                                    _ => view! { <td>{text}</td> }.into_any(),
                                }
                            }).collect_view()}
                            {figures(&g, entries, distinct, zone)}
                        </tr>
                    }
                }).collect_view()}
                {b.other.clone().map(|g| view! {
                    <tr class="tv-breakdown__other">
                        <td colspan=b.by.len()>"(other groups)"</td>
                        {figures(&g, entries, distinct, zone)}
                    </tr>
                })}
            </tbody>
        </table>
        <div class="tv-dialog__buttons">
            <button class="tv-btn" on:click=move |_| {
                let Some(at) = root.get_untracked() else { return };
                if let Err(e) = platform::download(&at, &file, "text/csv", &csv) {
                    message.set(format!("The download could not start: {e}"));
                }
            }>"Download CSV"</button>
        </div>
        <p role="status">{message}</p>
    }
}

/// A group's cells after its values: entries, share of `entries`, distinct values
/// (when counted), first and last seen in `zone`.
fn figures(g: &Group, entries: usize, distinct: bool, zone: Zone) -> impl IntoView + use<> {
    let time = |t: Option<i64>| t.map(|t| present::short_time(t, zone)).unwrap_or_default();
    let share = format!("{:.1}%", g.count as f64 * 100.0 / entries as f64);
    view! {
        <td>{present::count(g.count)}</td>
        <td>{share}</td>
        {distinct.then(|| view! { <td>{present::count(g.distinct)}</td> })}
        <td>{time(g.first)}</td>
        <td>{time(g.last)}</td>
    }
}

/// `groups` in the order `sort` asks for (ties keep their order: most entries first).
fn sorted(groups: &[Group], (by, desc): (By, bool)) -> Vec<Group> {
    let mut out = groups.to_vec();
    out.sort_by(|a, b| {
        let o = match by {
            By::Value(i) => a.values.get(i).cmp(&b.values.get(i)),
            By::Entries => a.count.cmp(&b.count),
            By::Distinct => a.distinct.cmp(&b.distinct),
            By::First => a.first.cmp(&b.first),
            By::Last => a.last.cmp(&b.last),
        };
        if desc { o.reverse() } else { o }
    });
    out
}

/// Filters the view to the group with `values` (one clause per field) and closes
/// the breakdown: one history step, so Back returns to it.
fn to_group(ctx: Ctx, by: &[String], values: &[Option<String>]) {
    let text = ctx.view.with_untracked(|v| v.q.clone());
    let q = ctx.data.dataset.with_untracked(|d| {
        by.iter().zip(values).fold(text, |t, (p, v)| {
            with_clause(&t, &group_clause(p, v.as_deref(), false), d)
        })
    });
    ctx.update(|v| {
        v.set_search(&q);
        v.group.clear();
    });
}
