//! "Statistics of <column>": opened from a column's header, a dialog with what the
//! column holds among the view's entries (coverage, distinct values, the top ten
//! with their share, and the spread of numbers or times), each top value one click
//! to filter for or exclude. A lazy part of its own.

use crate::core::engine::field_stats::FieldStats;
use crate::core::engine::memory::field_stats as memory_stats;
use crate::core::view::present;
use crate::ui::ctx::Ctx;
use crate::ui::dialog;
use crate::ui::engine::Read;
use crate::ui::lazy::{Lazy, lazy_part};
use crate::ui::value_filters::value_filters;
use leptos::prelude::*;

/// The statistics dialog of the column `ctx.field_stats` names.
#[component]
pub fn FieldStatsDialog() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let field = ctx.field_stats;
    move || {
        field.get().map(|path| {
            let load = move |owner| field_stats_part(owner, path.clone());
            view! { <Lazy load=load what="the field statistics" /> }
        })
    }
}

lazy_part!(
    fieldstats,
    preload_field_stats,
    pub(crate) fn field_stats_part(owner: Owner, path: String) -> AnyView {
        owner.with(|| dialog(expect_context::<Ctx>(), path).into_any())
    }
);

fn dialog(ctx: Ctx, path: String) -> impl IntoView {
    let root = NodeRef::<leptos::html::Div>::new();
    let close = move || ctx.field_stats.set(None);
    let keep_tab = dialog::modal(root);
    ctx.engine.ask_field_stats(ctx.data, path.clone());
    let at = path.clone();
    let read = Memo::new(move |_| {
        ctx.engine.field_stats_elsewhere(&at).unwrap_or_else(|| {
            let rows = ctx.engine.view_rows();
            ctx.data
                .dataset
                .with(|d| match memory_stats::field_stats(d, &rows, &at) {
                    Some(s) => Read::Ready(s),
                    None => Read::Unavailable,
                })
        })
    });
    let title = format!("Statistics of {path}");
    let label = title.clone();
    view! {
        <div class="tv-dialog__backdrop" on:click=move |e| {
            if e.target() == e.current_target() { close() }
        }>
            <div class="tv-dialog tv-fieldstats" role="dialog" aria-modal="true" aria-label=label tabindex="-1" node_ref=root on:keydown=keep_tab>
                <h2>{title}</h2>
                {move || match read.get() {
                    Read::Reading => view! { <p role="status">"Reading the statistics from the table…"</p> }.into_any(),
                    Read::Unavailable => view! { <p role="status">{format!("{path} is not a column here, so it has no statistics (on ClickHouse: a field inside a JSON column).")}</p> }.into_any(),
                    Read::Failed(why) => view! { <p role="alert">{format!("Could not read the statistics: {why}")}</p> }.into_any(),
                    Read::Ready(s) => body(ctx, s, close).into_any(),
                }}
                <div class="tv-dialog__buttons">
                    <button class="tv-btn" on:click=move |_| close()>"Close"</button>
                </div>
            </div>
        </div>
    }
}

/// The statistics read: the lines, then the top values.
fn body(ctx: Ctx, s: FieldStats, close: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let zone = ctx.view.with_untracked(|v| v.tz);
    let lines = s.lines(zone);
    let entries = s.entries.max(1);
    let path = s.path.clone();
    let others = s.top.distinct.saturating_sub(s.top.values.len());
    view! {
        <dl class="tv-fieldstats__lines">
            {lines.into_iter().map(|(name, value)| view! { <dt>{name}</dt><dd>{value}</dd> }).collect_view()}
        </dl>
        <h3>"Top values"</h3>
        {match s.top.values.is_empty() {
            true => view! { <p class="tv-muted">"No values among these entries."</p> }.into_any(),
            false => view! {
                <table class="tv-fieldstats__top" aria-label="Top values">
                    <thead><tr><th scope="col">"Value"</th><th scope="col">"Entries"</th><th scope="col">"Share"</th><th scope="col"><span class="tv-visually-hidden">"Filter"</span></th></tr></thead>
                    <tbody>
                        {s.top.values.into_iter().map(|v| {
                            let share = format!("{:.1}%", v.count as f64 * 100.0 / entries as f64);
                            view! {
                                <tr>
                                    <td>{v.value.clone()}</td>
                                    <td>{present::count(v.count)}</td>
                                    <td>{share}</td>
                                    <td class="tv-fieldstats__actions">
                                        {value_filters(ctx, &path, &v.value, v.value.clone(), close)}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any(),
        }}
        {(others > 0).then(|| view! { <p class="tv-muted">{format!("+ {} more values", present::count(others))}</p> })}
    }
}
