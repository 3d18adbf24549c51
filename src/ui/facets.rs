//! Facets: the kinds of event, then the top values of severity, outcome, action,
//! actor, app and category under the current filters. A value filters for itself;
//! its second control excludes it.

use crate::core::engine::memory::facets::Facet;
use crate::core::kind::EventKind;
use crate::core::query::filter;
use crate::core::roles::Role;
use crate::core::roles::badge::Badge;
use crate::core::store::dict::Kind;
use crate::core::view::present;
use crate::ui::badge::badge_view;
use crate::ui::ctx::Ctx;
use crate::ui::shared::Shared;
use leptos::prelude::*;

/// The badge of each of `facet`'s values, from column `node` of `d` when it has one.
fn badges(
    d: &crate::core::dataset::Dataset,
    node: Option<crate::core::store::NodeId>,
    facet: &Facet,
) -> Vec<Option<Badge>> {
    facet
        .values
        .iter()
        .map(|v| node.and_then(|n| present::value_badge(d, n, &v.value, Kind::Str)))
        .collect()
}

/// The facet panel.
#[component]
pub fn Facets() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let facets = Memo::new(move |_| {
        let facets = ctx.engine.facets.get();
        ctx.data.dataset.with_untracked(|d| {
            facets
                .into_iter()
                .map(|f| {
                    let badges = badges(d, d.column(&f.path), &f.facet);
                    (f.role, f.path, Shared::new((f.facet, badges)))
                })
                .collect::<Vec<_>>()
        })
    });
    // Roles played by a field the engine cannot count (a nested one on ClickHouse):
    // said, never silently left out.
    let uncounted = ctx.engine.uncounted;
    view! {
        <section class="tv-facets" role="group" aria-label="Top values">
            <h2 class="tv-panel__title">"Top values"</h2>
            {move || ctx.engine.kinds.get().map(|k| kinds_view(ctx, k))}
            {move || facets.get().into_iter().map(|(role, path, facet)| facet_view(ctx, role, path, facet)).collect_view()}
            {move || uncounted.get().into_iter().map(|(role, path)| view! {
                <p class="tv-muted tv-facet__uncounted">{format!("{} ({path}): not a column of the ClickHouse table, so not counted there", role.label())}</p>
            }).collect_view()}
        </section>
    }
}

/// The kinds of event: a value adds `kind:<key>` to the query, its second
/// control `-kind:<key>`.
fn kinds_view(ctx: Ctx, facet: Facet) -> impl IntoView {
    let max = facet.values.first().map_or(1, |v| v.count.max(1));
    view! {
        <section class="tv-facet" role="group" aria-label="Kind of event">
            <h3 class="tv-facet__title">"Kind of event"</h3>
            <ul class="tv-facet__list">
                {facet.values.iter().filter_map(|v| {
                    let kind = EventKind::from_key(&v.value)?;
                    let width = format!("{:.1}%", v.count as f64 * 100.0 / max as f64);
                    Some(view! {
                        <li class="tv-facet__item">
                            <button class="tv-facet__value" title=format!("Show only {}: kind:{}", kind.label(), kind.key())
                                on:click=move |_| ctx.add_clause(&format!("kind:{}", kind.key()))>
                                <span class="tv-facet__bar" style:width=width></span>
                                <span class="tv-facet__label">{kind.label()}</span>
                                <span class="tv-facet__count">{present::count(v.count)}</span>
                            </button>
                            <button class="tv-facet__exclude" aria-label=format!("Exclude {}", kind.label()) title=format!("Exclude {}: -kind:{}", kind.label(), kind.key())
                                on:click=move |_| ctx.add_clause(&format!("-kind:{}", kind.key()))>"⊘"</button>
                        </li>
                    })
                }).collect_view()}
            </ul>
            {(facet.missing > 0).then(|| view! { <p class="tv-muted tv-facet__more">{format!("{} without an action", present::count(facet.missing))}</p> })}
        </section>
    }
}

fn facet_view(
    ctx: Ctx,
    role: Role,
    path: String,
    facet: Shared<(Facet, Vec<Option<Badge>>)>,
) -> impl IntoView {
    let (facet, badges) = &*facet;
    let max = facet.values.first().map_or(1, |v| v.count.max(1));
    let others = facet.distinct.saturating_sub(facet.values.len());
    view! {
        <section class="tv-facet" role="group" aria-label=format!("{} ({path})", role.label())>
            <h3 class="tv-facet__title">{role.label()}" "<span class="tv-muted">{format!("({path})")}</span></h3>
            <ul class="tv-facet__list">
                {facet.values.iter().zip(badges.iter().copied()).map(|(v, badge)| {
                    let (p1, p2) = (path.clone(), path.clone());
                    let (v1, v2) = (v.value.clone(), v.value.clone());
                    // Through the CSSOM (`style:width`): the CSP refuses style attributes.
                    let width = format!("{:.1}%", v.count as f64 * 100.0 / max as f64);
                    view! {
                        <li class="tv-facet__item">
                            <button class="tv-facet__value" title=format!("Filter for {}", v.value)
                                on:click=move |_| ctx.update(|s| s.set_filter(&p1, &filter::exact(&v1)))>
                                <span class="tv-facet__bar" style:width=width></span>
                                <span class="tv-facet__label">{match badge {
                                    Some(b) => badge_view(b, v.value.clone()).into_any(),
                                    None => v.value.clone().into_any(),
                                }}</span>
                                <span class="tv-facet__count">{present::count(v.count)}</span>
                            </button>
                            <button class="tv-facet__exclude" aria-label=format!("Exclude {}", v.value) title=format!("Exclude {}", v.value)
                                on:click=move |_| ctx.update(|s| s.set_filter(&p2, &filter::excluding(&v2)))>"⊘"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {(others > 0).then(|| view! { <p class="tv-muted tv-facet__more">{format!("+ {} more values", present::count(others))}</p> })}
            {(facet.missing > 0).then(|| view! { <p class="tv-muted tv-facet__more">{format!("{} without a value", present::count(facet.missing))}</p> })}
        </section>
    }
}
