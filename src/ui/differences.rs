//! "What is different here": for a span chosen on the histogram, a dialog ranking
//! the field values over-represented there against the rest of the view or the
//! period before (counts on both sides, the ratio, the G² score), each one click to
//! filter for or exclude. A lazy part of its own.

use crate::core::explain::Difference;
use crate::core::explain::compare::{self, Against};
use crate::core::view::present;
use crate::ui::ctx::Ctx;
use crate::ui::dialog;
use crate::ui::engine::Read;
use crate::ui::lazy::{Lazy, lazy_part};
use crate::ui::value_filters::value_filters;
use leptos::prelude::*;

/// The dialog of the span `ctx.compare` names.
#[component]
pub fn DifferencesDialog() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let open = Memo::new(move |_| ctx.compare.with(Option::is_some));
    move || {
        open.get().then(|| {
            let load = move |owner| differences_part(owner);
            view! { <Lazy load=load what="the comparison" /> }
        })
    }
}

lazy_part!(
    explain,
    preload_differences,
    pub(crate) fn differences_part(owner: Owner) -> AnyView {
        owner.with(|| dialog(expect_context::<Ctx>()).into_any())
    }
);

fn dialog(ctx: Ctx) -> impl IntoView {
    let root = NodeRef::<leptos::html::Div>::new();
    let close = move || ctx.compare.set(None);
    let keep_tab = dialog::modal(root);
    // Each question is asked once (a change of reference asks again).
    Effect::new(move |_| {
        if let Some(c) = ctx.compare.get() {
            ctx.engine.ask_differences(ctx.data, c);
        }
    });
    let read = Memo::new(move |_| {
        let c = ctx.compare.get()?;
        Some(ctx.engine.differences_elsewhere(&c).unwrap_or_else(|| {
            let rows = ctx.engine.view_rows();
            ctx.data.dataset.with(|d| {
                Read::Ready(compare::in_memory(
                    d,
                    &rows,
                    || ctx.engine.unranged_rows(d),
                    &c,
                ))
            })
        }))
    });
    let tz = ctx.view.with_untracked(|v| v.tz);
    let span = move |(a, b): (i64, i64)| present::span(a, b, tz);
    let against = move |a: Against| {
        ctx.compare.update(|c| {
            if let Some(c) = c {
                c.against = a;
            }
        })
    };
    let is = move |a: Against| ctx.compare.with(|c| c.is_some_and(|c| c.against == a));
    view! {
        <div class="tv-dialog__backdrop" on:click=move |e| {
            if e.target() == e.current_target() { close() }
        }>
            <div class="tv-dialog tv-differ" role="dialog" aria-modal="true" aria-label="What is different" tabindex="-1" node_ref=root on:keydown=keep_tab>
                <h2>"What is different"</h2>
                <p>{move || ctx.compare.get().map(|c| format!("In {}", span((c.from, c.to))))}</p>
                <fieldset class="tv-differ__against">
                    <legend>"Compared with"</legend>
                    <label><input type="radio" name="tv-differ-against" prop:checked=move || is(Against::Rest)
                        on:change=move |_| against(Against::Rest) />" the rest of the view"</label>
                    <label><input type="radio" name="tv-differ-against" prop:checked=move || is(Against::Previous)
                        on:change=move |_| against(Against::Previous) />
                        {move || ctx.compare.get().map(|c| format!(" the period before ({})", span(c.previous())))}</label>
                </fieldset>
                {move || match read.get() {
                    None | Some(Read::Reading) => view! { <p role="status">"Comparing on the table…"</p> }.into_any(),
                    Some(Read::Unavailable) => view! { <p role="status">"The table has no time column to choose a span on."</p> }.into_any(),
                    Some(Read::Failed(why)) => view! { <p role="alert">{format!("Could not compare: {why}")}</p> }.into_any(),
                    Some(Read::Ready(list)) if list.is_empty() => view! {
                        <p role="status">"Nothing stands out: no value is clearly more common here than in what it is compared with."</p>
                    }.into_any(),
                    Some(Read::Ready(list)) => table(ctx, list, close).into_any(),
                }}
                <p class="tv-muted tv-differ__how">"Ranked by a log-likelihood (G²) test on the counts; a value needs 3 entries here and a score of at least 15.1 (p < 0.0001) to be listed."</p>
                <div class="tv-dialog__buttons">
                    <button class="tv-btn" on:click=move |_| close()>"Close"</button>
                </div>
            </div>
        </div>
    }
}

/// The ranked values, each with its counts on both sides and its filter buttons.
fn table(
    ctx: Ctx,
    list: Vec<Difference>,
    close: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let pct = |n: usize, of: usize| format!("{:.1}%", n as f64 * 100.0 / of.max(1) as f64);
    view! {
        <table class="tv-differ__table" aria-label="Values more common in the span">
            <thead><tr>
                <th scope="col">"Field"</th><th scope="col">"Value"</th>
                <th scope="col">"In the span"</th><th scope="col">"Compared with"</th>
                <th scope="col">"Ratio"</th><th scope="col">"Score"</th>
                <th scope="col"><span class="tv-visually-hidden">"Filter"</span></th>
            </tr></thead>
            <tbody>
                {list.into_iter().map(|d| {
                    let c = d.counts;
                    let ratio = d.ratio.map_or("only here".to_string(), |r| format!("×{r:.1}"));
                    view! {
                        <tr>
                            <td><code>{d.field.clone()}</code></td>
                            <td>{d.value.clone()}</td>
                            <td>{format!("{} of {} ({})", present::count(c.a), present::count(c.n_sel), pct(c.a, c.n_sel))}</td>
                            <td>{format!("{} of {} ({})", present::count(c.b), present::count(c.n_ref), pct(c.b, c.n_ref))}</td>
                            <td>{ratio}</td>
                            <td>{format!("{:.0}", d.score)}</td>
                            <td class="tv-differ__actions">
                                {value_filters(ctx, &d.field, &d.value, format!("{} {}", d.field, d.value), close)}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
