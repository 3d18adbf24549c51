//! The ClickHouse engine's state above the table: "Querying ClickHouse…" while a
//! view's requests run, what the server does differently from what was asked,
//! and a failed query's message with the SQL to copy.

use crate::ui::ctx::Ctx;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Shown only while a ClickHouse table is connected.
#[component]
pub fn QueryStatus() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let server = ctx.data.server;
    let copied = RwSignal::new(false);
    // A slow view (a full-text search of every row) says how long it has run and
    // how many of its queries are in.
    let now = RwSignal::new(0.0);
    let tick = set_interval_with_handle(
        move || {
            if server.busy.get_untracked() > 0 {
                now.set(crate::platform::perf_now());
            }
        },
        std::time::Duration::from_millis(100),
    )
    .ok();
    on_cleanup(move || {
        if let Some(t) = tick {
            t.clear();
        }
    });
    let state = move || {
        let busy = server.busy.get();
        if busy == 0 {
            return String::new();
        }
        let secs = (now.get() - server.asked_at.get()) / 1000.0;
        let issued = server.issued.get();
        match secs < 0.5 {
            true => "Querying ClickHouse…".to_string(),
            false => format!(
                "Querying ClickHouse… {secs:.1} s, {} of {issued} queries answered",
                issued.saturating_sub(busy)
            ),
        }
    };
    view! {
        <Show when=move || ctx.engine.elsewhere()>
            <div class="tv-query" aria-busy=move || (server.busy.get() > 0).to_string()>
                <span class="tv-query__state">{state}</span>
                {move || server.answer.with(|a| a.notes.clone()).into_iter().map(|n| view! { <p class="tv-muted">{n}</p> }).collect_view()}
            </div>
            {move || server.error.get().map(|e| {
                let sql = e.sql.clone();
                view! {
                    <div class="tv-notice tv-query__error" role="alert">
                        <p>{e.message.clone()}</p>
                        <details>
                            <summary>"The query"</summary>
                            <pre class="tv-query__sql">{e.sql.clone()}</pre>
                        </details>
                        <button class="tv-btn" on:click=move |_| {
                            let sql = sql.clone();
                            spawn_local(async move {
                                copied.set(crate::platform::copy_text(&sql).await.is_ok());
                            });
                        }>{move || if copied.get() { "Query copied" } else { "Copy query" }}</button>
                    </div>
                }
            })}
        </Show>
    }
}
