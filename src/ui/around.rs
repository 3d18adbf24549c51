//! Show in context, above the table: "Entries around <time> · <actor> · <action>"
//! with a button back to the filtered view, the honest count, and buttons that show
//! more entries before or after; a context whose entry has left the log is dropped
//! with a notice.

use crate::core::ingest::progress::Phase;
use crate::core::query::context;
use crate::core::query::state::Around;
use crate::ui::ctx::Ctx;
use leptos::prelude::*;

/// The banner while the view shows the entries around one entry.
#[component]
pub fn AroundBanner() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let around = ctx.engine.around;
    let gone = RwSignal::new(None::<String>);
    // Once the log is loaded, a context naming no entry of it is dropped (the log
    // moved on): the filtered view shows, and says why.
    Effect::new(move |_| {
        let Some(at) = ctx.view.with(|v| v.context.clone()) else {
            return;
        };
        let loaded = ctx
            .data
            .state
            .with(|s| matches!(s.phase, Phase::Done | Phase::Failed { .. }));
        if !ctx.engine.around_missing(loaded) {
            return;
        }
        gone.set(Some(match ctx.engine.elsewhere() {
            false => format!(
                "Entry {} is not in the log any more: showing the filtered view.",
                at.key
            ),
            true => format!(
                "The table cannot show the entries around entry {} (it is not in the table, \
                 or its ids are masked or its times too fine to compare exactly): showing the \
                 filtered view.",
                at.key
            ),
        }));
        ctx.follow(|v| v.leave_around());
    });
    let headline = move || {
        let w = around.get()?;
        let tz = ctx.view.with(|v| v.tz);
        Some(ctx.data.dataset.with(|d| context::headline(d, w.entry, tz)))
    };
    let widen = move |earlier: bool| ctx.update(|v| v.widen_around(earlier));
    let more = |n: usize, side: &str| format!("Show {n} {side}");
    view! {
        {move || gone.get().map(|m| view! {
            <p class="tv-notice" role="status">{m}
                " "<button class="tv-btn" on:click=move |_| gone.set(None)>"Dismiss"</button>
            </p>
        })}
        {move || headline().map(|h| {
            let w = around.get();
            let (more_before, more_after) = w.as_ref().map_or((false, false), |w| (w.more_before, w.more_after));
            let count = w.map_or(0, |w| w.rows.len());
            view! {
                <div class="tv-around" role="group" aria-label="Surrounding entries">
                    <p class="tv-around__head">
                        <strong>{h}</strong>" — "
                        <button class="tv-btn" on:click=move |_| ctx.update(|v| v.leave_around())>"Back to the filtered view"</button>
                    </p>
                    <p class="tv-around__tools">
                        <span>{context::count_line(count)}". Search, filters and range are lifted."</span>
                        <button class="tv-btn" disabled=!more_before on:click=move |_| widen(true)>
                            {more(Around::STEP, "earlier")}
                        </button>
                        <button class="tv-btn" disabled=!more_after on:click=move |_| widen(false)>
                            {more(Around::STEP, "later")}
                        </button>
                    </p>
                </div>
            }
        })}
    }
}
