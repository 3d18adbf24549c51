//! The polite announcement of what a change did to the table: once the rows
//! settle after a search, a filter, a facet or a new time range, a screen reader
//! hears "412 entries match" (a typed search once, when the typing pauses). A page
//! flip, a sort, the first load and live refresh (which has its own news) say
//! nothing here.

use crate::core::query::Range;
use crate::core::view::present;
use crate::platform;
use crate::ui::ctx::Ctx;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// How long the filters must stay as they are before the count is said.
const SETTLE_MS: u32 = 500;

/// What filters the rows, for the log being shown.
type Filtering = (Option<String>, Range, String);

/// The live region (visually hidden: the pager's status line shows the same count).
#[component]
pub fn MatchCount() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let said = RwSignal::new(String::new());
    let changes = StoredValue::new(0u64);
    let filtering = Memo::new(move |_| {
        ctx.view
            .with(|v| (v.source.clone(), v.range, v.q.trim().to_string()))
    });
    Effect::new(move |before: Option<Filtering>| {
        let now = filtering.get();
        // Another log is news of its own (its load status), not a count of matches.
        if let Some(before) = before
            && before.0 == now.0
            && before != now
        {
            changes.update_value(|n| *n += 1);
            let mine = changes.get_value();
            let settled = move || changes.try_get_value() == Some(mine);
            spawn_local(async move {
                platform::sleep(SETTLE_MS).await;
                if !settled() {
                    return;
                }
                // Emptied first, so the same sentence as last time is said again.
                said.set(String::new());
                platform::next_frame().await;
                if !settled() {
                    return;
                }
                if let Some(n) = ctx.matched.try_get_untracked() {
                    said.set(present::matching(n));
                }
            });
        }
        now
    });
    view! { <p class="tv-visually-hidden" role="status">{move || said.get()}</p> }
}
