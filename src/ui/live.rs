//! Live refresh: how often to look for new entries, a pause, and the polite
//! announcement of what arrived. New entries merge in; the page being read keeps
//! its rows ([`crate::ui::arrival`]).

use crate::core::source::Live;
use crate::ui::ctx::Ctx;
use leptos::prelude::*;

/// The Auto-refresh choice, Pause/Resume, and "3 new entries".
#[component]
pub fn LiveControls() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let data = ctx.data;
    let live = Memo::new(move |_| ctx.view.with(|v| v.live));
    // An interval given in the URL is offered even if it is not a usual one.
    let mut choices = Live::CHOICES.to_vec();
    if !choices.contains(&live.get_untracked()) {
        choices.push(live.get_untracked());
    }
    view! {
        <div class="tv-live" role="group" aria-label="Live refresh">
            <label class="tv-field">"Auto-refresh"
                <select class="tv-input" aria-label="Auto-refresh"
                    on:change=move |e| {
                        if let Some(l) = Live::parse(&event_target_value(&e)) {
                            ctx.update(|v| v.live = l);
                        }
                    }>
                    {choices.into_iter().map(|l| view! {
                        <option value=l.to_param() prop:selected=move || live.get() == l>{l.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            <Show when=move || live.get() != Live::Off>
                <button class="tv-btn" aria-pressed=move || data.paused.get().to_string()
                    on:click=move |_| data.set_paused(!data.paused.get_untracked())>
                    "Pause live refresh"
                </button>
            </Show>
            <span class="tv-live__news" role="status" aria-live="polite">{move || data.announce.get()}</span>
            <crate::ui::arrival::ShowNew />
        </div>
    }
}
