//! Facets: the kinds of event, then the top values of severity, outcome, action,
//! actor, app and category under the current filters. A value adds a clause for
//! itself to the query (`type:email.sent`); its second control one excluding it.
//!
//! Sections and values are keyed lists: when the counts come in after the rows
//! are painted, a value's button stays the same node (only its count and bar
//! change), so a click that lands meanwhile is not lost.

use crate::core::engine::memory::facets::Facet;
use crate::core::explain::first_seen::Reason;
use crate::core::kind::EventKind;
use crate::core::query::lang::adding::value_clause;
use crate::core::roles::Role;
use crate::core::store::dict::Kind;
use crate::core::view::present;
use crate::ui::badge::badge_view;
use crate::ui::ctx::Ctx;
use leptos::prelude::*;

/// The facet panel.
#[component]
pub fn Facets() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let facets = ctx.engine.facets;
    let sections = Memo::new(move |_| {
        facets.with(|fs| {
            fs.iter()
                .map(|f| (f.role, f.path.clone()))
                .collect::<Vec<_>>()
        })
    });
    let has_kinds = Memo::new(move |_| ctx.engine.kinds.with(Option::is_some));
    let has_first = Memo::new(move |_| ctx.engine.first_seen.with(Option::is_some));
    // Roles played by a field the engine cannot count (a nested one on ClickHouse):
    // said, never silently left out.
    let uncounted = ctx.engine.uncounted;
    view! {
        <section class="tv-facets" role="group" aria-label="Top values">
            <h2 class="tv-panel__title">"Top values"</h2>
            {move || has_kinds.get().then(|| kinds_view(ctx))}
            {move || has_first.get().then(|| first_view(ctx))}
            <For each=move || sections.get() key=|k| k.clone() let((role, path))>
                {facet_view(ctx, role, path)}
            </For>
            {move || uncounted.get().into_iter().map(|(role, path)| view! {
                <p class="tv-muted tv-facet__uncounted">{format!("{} ({path}): not a column of the ClickHouse table, so not counted there", role.label())}</p>
            }).collect_view()}
        </section>
    }
}

/// What one value's row shows and does.
struct Item {
    label: AnyView,
    title: String,
    exclude_label: String,
    exclude_title: String,
    count: Signal<usize>,
    max: Signal<usize>,
    pick: Callback<()>,
    exclude: Callback<()>,
}

/// One value: its button (bar, label, count) and its exclude button.
fn item_view(i: Item) -> impl IntoView {
    let Item {
        label,
        title,
        exclude_label,
        exclude_title,
        count,
        max,
        pick,
        exclude,
    } = i;
    // Through the CSSOM (`style:width`): the CSP refuses style attributes.
    let width = move || {
        format!(
            "{:.1}%",
            count.get() as f64 * 100.0 / max.get().max(1) as f64
        )
    };
    view! {
        <li class="tv-facet__item">
            <button class="tv-facet__value" title=title on:click=move |_| pick.run(())>
                <span class="tv-facet__bar" style:width=width></span>
                <span class="tv-facet__label">{label}</span>
                <span class="tv-facet__count">{move || present::count(count.get())}</span>
            </button>
            <button class="tv-facet__exclude" aria-label=exclude_label title=exclude_title
                on:click=move |_| exclude.run(())>"⊘"</button>
        </li>
    }
}

/// The count of `value` in `facet`, and the largest count (the full bar).
fn counts(facet: Memo<Facet>, value: String) -> (Signal<usize>, Signal<usize>) {
    let count = Signal::derive(move || {
        facet.with(|f| {
            f.values
                .iter()
                .find(|v| v.value == value)
                .map_or(0, |v| v.count)
        })
    });
    let max = Signal::derive(move || facet.with(|f| f.values.first().map_or(1, |v| v.count)));
    (count, max)
}

/// The values of `facet`, in its order (the list's keys).
fn values_of(facet: Memo<Facet>) -> Memo<Vec<String>> {
    Memo::new(move |_| facet.with(|f| f.values.iter().map(|v| v.value.clone()).collect()))
}

/// The kinds of event: a value adds `kind:<key>` to the query, its second
/// control `-kind:<key>`.
fn kinds_view(ctx: Ctx) -> impl IntoView {
    let facet = Memo::new(move |_| ctx.engine.kinds.get().unwrap_or_default());
    let values = values_of(facet);
    let missing = Memo::new(move |_| facet.with(|f| f.missing));
    view! {
        <section class="tv-facet" role="group" aria-label="Kind of event">
            <h3 class="tv-facet__title">"Kind of event"</h3>
            <ul class="tv-facet__list">
                <For each=move || values.get() key=|v| v.clone() let(value)>
                    {EventKind::from_key(&value).map(|kind| {
                        let (count, max) = counts(facet, value.clone());
                        item_view(Item {
                            label: kind.label().into_any(),
                            title: format!("Show only {}: kind:{}", kind.label(), kind.key()),
                            exclude_label: format!("Exclude {}", kind.label()),
                            exclude_title: format!("Exclude {}: -kind:{}", kind.label(), kind.key()),
                            count,
                            max,
                            pick: Callback::new(move |()| ctx.add_clause(&format!("kind:{}", kind.key()))),
                            exclude: Callback::new(move |()| ctx.add_clause(&format!("-kind:{}", kind.key()))),
                        })
                    })}
                </For>
            </ul>
            {move || (missing.get() > 0).then(|| view! { <p class="tv-muted tv-facet__more">{format!("{} without an action", present::count(missing.get()))}</p> })}
        </section>
    }
}

/// First seen: a reason adds `first:<key>` to the query, its second control
/// `-first:<key>`.
fn first_view(ctx: Ctx) -> impl IntoView {
    let facet = Memo::new(move |_| ctx.engine.first_seen.get().unwrap_or_default());
    let values = values_of(facet);
    let none = Memo::new(move |_| facet.with(|f| f.values.is_empty()));
    view! {
        <section class="tv-facet" role="group" aria-label="First seen">
            <h3 class="tv-facet__title">"First seen"</h3>
            <ul class="tv-facet__list">
                <For each=move || values.get() key=|v| v.clone() let(value)>
                    {Reason::from_key(&value).map(|r| {
                        let (count, max) = counts(facet, value.clone());
                        item_view(Item {
                            label: r.name().into_any(),
                            title: format!("Show only entries that are the {}: first:{}", r.label(), r.key()),
                            exclude_label: format!("Exclude {}", r.name()),
                            exclude_title: format!("Exclude the {}: -first:{}", r.label(), r.key()),
                            count,
                            max,
                            pick: Callback::new(move |()| ctx.add_clause(&format!("first:{}", r.key()))),
                            exclude: Callback::new(move |()| ctx.add_clause(&format!("-first:{}", r.key()))),
                        })
                    })}
                </For>
            </ul>
            {move || none.get().then(|| view! { <p class="tv-muted tv-facet__more">"No entry in view is an actor's first"</p> })}
        </section>
    }
}

/// The top values of the column at `path`, which plays `role`.
fn facet_view(ctx: Ctx, role: Role, path: String) -> impl IntoView {
    let at = path.clone();
    let facet = Memo::new(move |_| {
        ctx.engine.facets.with(|fs| {
            fs.iter()
                .find(|f| f.role == role && f.path == at)
                .map(|f| f.facet.clone())
                .unwrap_or_default()
        })
    });
    let values = values_of(facet);
    let others = Memo::new(move |_| facet.with(|f| f.distinct.saturating_sub(f.values.len())));
    let missing = Memo::new(move |_| facet.with(|f| f.missing));
    let label = format!("{} ({path})", role.label());
    let column = path.clone();
    view! {
        <section class="tv-facet" role="group" aria-label=label>
            <h3 class="tv-facet__title">{role.label()}" "<span class="tv-muted">{format!("({path})")}</span></h3>
            <ul class="tv-facet__list">
                <For each=move || values.get() key=|v| v.clone() let(value)>
                    {
                        let (count, max) = counts(facet, value.clone());
                        let badge = ctx.data.dataset.with_untracked(|d| {
                            d.column(&column)
                                .and_then(|n| present::value_badge(d, n, &value, Kind::Str))
                        });
                        let only = value_clause(&column, &value, false);
                        let not = value_clause(&column, &value, true);
                        item_view(Item {
                            label: match badge {
                                Some(b) => badge_view(b, value.clone()).into_any(),
                                None => value.clone().into_any(),
                            },
                            title: format!("Filter for {value}: {only}"),
                            exclude_label: format!("Exclude {value}"),
                            exclude_title: format!("Exclude {value}: {not}"),
                            count,
                            max,
                            pick: Callback::new(move |()| ctx.add_clause(&only)),
                            exclude: Callback::new(move |()| ctx.add_clause(&not)),
                        })
                    }
                </For>
            </ul>
            {move || (others.get() > 0).then(|| view! { <p class="tv-muted tv-facet__more">{format!("+ {} more values", present::count(others.get()))}</p> })}
            {move || (missing.get() > 0).then(|| view! { <p class="tv-muted tv-facet__more">{format!("{} without a value", present::count(missing.get()))}</p> })}
        </section>
    }
}
