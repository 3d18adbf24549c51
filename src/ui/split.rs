//! The histogram split by a field (`split=` in the URL): the legend under the bars,
//! a lazy part. It reads the split (in memory over the view's rows, on ClickHouse
//! from the table), hands it to the histogram to stack the bars, and lists each
//! series with its entries and two filters: only this value, or exclude it. A
//! labelled select chooses the field; "Split bars" again removes the split.

use crate::core::engine::memory::split as memory_split;
use crate::core::engine::split::Split;
use crate::core::query::lang::adding::{group_clause, with_clause};
use crate::core::query::lang::fields::path_of;
use crate::core::view::present;
use crate::ui::ctx::Ctx;
use crate::ui::engine::Read;
use crate::ui::lazy::lazy_part;
use crate::ui::server::split_key;
use crate::ui::shared::Shared;
use leptos::prelude::*;

/// Splits the bars by the action's field (else the first column shown), or
/// removes the split.
pub fn toggle(ctx: Ctx) {
    if ctx.view.with_untracked(|v| v.split.is_some()) {
        return ctx.update(|v| v.split = None);
    }
    let first = ctx.first_field();
    ctx.update(|v| v.split = first);
}

lazy_part!(
    split,
    preload_split,
    pub(crate) fn split_part(owner: Owner, stacks: RwSignal<Option<Shared<Split>>>) -> AnyView {
        owner.with(|| legend(expect_context::<Ctx>(), stacks).into_any())
    }
);

/// Filters the view to the entries of series `value` on `path` (`exclude`: to the
/// others), keeping the split.
fn filter_to(ctx: Ctx, path: &str, value: Option<&str>, exclude: bool) {
    let clause = group_clause(path, value, exclude);
    let text = ctx.view.with_untracked(|v| v.q.clone());
    let q = ctx
        .data
        .dataset
        .with_untracked(|d| with_clause(&text, &clause, d));
    ctx.update(|v| v.set_search(&q));
}

fn legend(ctx: Ctx, stacks: RwSignal<Option<Shared<Split>>>) -> impl IntoView {
    // The field's path: `split=` may name a role (`split=actor`).
    let path = Memo::new(move |_| {
        let name = ctx.view.with(|v| v.split.clone().unwrap_or_default());
        ctx.data.dataset.with(|d| path_of(d, &name)).unwrap_or(name)
    });
    // On ClickHouse the table is asked again whenever the field or the bars change.
    Effect::new(move |_| {
        if let Some(bars) = ctx.engine.histogram.get() {
            let zone = ctx.view.with_untracked(|v| v.tz);
            ctx.engine.ask_split(ctx.data, path.get(), bars, zone);
        }
    });
    let read = Memo::new(move |_| {
        let Some(bars) = ctx.engine.histogram.get() else {
            return Read::Unavailable;
        };
        let path = path.get();
        ctx.engine
            .split_elsewhere(&split_key(&path, &bars))
            .unwrap_or_else(|| {
                let rows = ctx.engine.view_rows();
                ctx.data
                    .dataset
                    .with(|d| match memory_split::split(d, &rows, &path, &bars) {
                        Some(s) => Read::Ready(s),
                        None => Read::Unavailable,
                    })
            })
    });
    Effect::new(move |_| {
        stacks.set(match read.get() {
            Read::Ready(s) => Some(Shared::new(s)),
            _ => None,
        })
    });
    on_cleanup(move || stacks.set(None));
    let fields = Memo::new(move |_| {
        ctx.all_columns
            .with(|c| c.iter().map(|c| c.path.clone()).collect::<Vec<_>>())
    });
    let choose = move |e| {
        let p = event_target_value(&e);
        ctx.update(|v| v.split = (!p.is_empty()).then_some(p));
    };
    view! {
        <div class="tv-split" role="group" aria-label="Split of the bars">
            <label class="tv-field tv-split__field">
                <span>"Split bars by"</span>
                <select class="tv-input" on:change=choose>
                    {move || {
                        let (mut list, now) = (fields.get(), path.get());
                        if !list.contains(&now) {
                            list.insert(0, now.clone());
                        }
                        list.into_iter().map(|p| {
                            let selected = p == now;
                            view! { <option value=p.clone() selected=selected>{p.clone()}</option> }
                        }).collect_view()
                    }}
                </select>
            </label>
            {move || match read.get() {
                Read::Reading => view! { <p class="tv-muted" role="status">"Splitting the bars on the table…"</p> }.into_any(),
                Read::Unavailable => view! { <p role="status">{format!("The bars cannot be split by {} here (on ClickHouse: a field inside a JSON column, an array, or one masked whole).", path.get())}</p> }.into_any(),
                Read::Failed(why) => view! { <p role="alert">{format!("Could not split the bars: {why}")}</p> }.into_any(),
                Read::Ready(s) => series(ctx, s).into_any(),
            }}
        </div>
    }
}

/// The legend's list: each series' colour, name and entries, with its filters.
fn series(ctx: Ctx, s: Split) -> impl IntoView {
    let path = s.path.clone();
    let mut items: Vec<_> = s
        .series
        .iter()
        .enumerate()
        .map(|(k, x)| {
            let name = present::series_name(&s, k);
            let (only, out) = (format!("Only {path} "), format!("Exclude {path} {name}"));
            let (p1, p2, v1, v2) = (path.clone(), path.clone(), x.value.clone(), x.value.clone());
            let count = present::count(x.total);
            view! {
                <li class="tv-split__item">
                    <button class="tv-split__value" title="Only the entries with this value"
                        on:click=move |_| filter_to(ctx, &p1, v1.as_deref(), false)>
                        <span class=format!("tv-split__swatch tv-series-{k}") aria-hidden="true"></span>
                        <span class="tv-visually-hidden">{only}</span>
                        <span class="tv-split__name">{name}</span>
                        " "<span class="tv-muted">{count.clone()}</span>
                    </button>
                    <button class="tv-facet__exclude" aria-label=out title="Exclude the entries with this value"
                        on:click=move |_| filter_to(ctx, &p2, v2.as_deref(), true)>"⊘"</button>
                </li>
            }
            .into_any()
        })
        .collect();
    if s.other > 0 {
        let k = s.series.len();
        items.push(
            view! {
                <li class="tv-split__item">
                    <span class=format!("tv-split__swatch tv-series-{k}") aria-hidden="true"></span>
                    <span class="tv-split__name">"other"</span>
                    " "<span class="tv-muted">{present::count(s.other)}</span>
                </li>
            }
            .into_any(),
        );
    }
    let empty = items.is_empty();
    view! {
        <ul class="tv-split__legend" aria-label=format!("Values of {path}, top first")>{items}</ul>
        {empty.then(|| view! { <p class="tv-muted">"No entry in view has a time to split."</p> })}
    }
}
