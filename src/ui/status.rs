//! The status line of a load: progress with Stop loading, the summary with
//! skipped lines and why the log may be partial (with Resume), or the error.

use crate::core::ingest::progress::{Phase, Summary};
use crate::core::view::present;
use crate::ui::auth::TokenForm;
use crate::ui::load::DataContext;
use leptos::prelude::*;

/// Which block the status shows; the blocks stay in place while their text
/// changes, so a button under the pointer is never replaced mid-click.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Block {
    None,
    Loading,
    Done,
    Failed { needs_token: bool },
}

/// Progress, the loaded summary with skipped lines, or the error.
#[component]
pub fn LoadStatus() -> impl IntoView {
    let data = expect_context::<DataContext>();
    let block = Memo::new(move |_| {
        data.state.with(|s| match &s.phase {
            Phase::Idle => Block::None,
            Phase::Loading(_) => Block::Loading,
            Phase::Done => Block::Done,
            Phase::Failed { needs_token, .. } => Block::Failed {
                needs_token: *needs_token,
            },
        })
    });
    move || match block.get() {
        Block::None => ().into_any(),
        Block::Loading => view! { <Loading /> }.into_any(),
        Block::Done => view! { <Loaded /> }.into_any(),
        Block::Failed { needs_token } => view! { <Failed needs_token /> }.into_any(),
    }
}

#[component]
fn Loading() -> impl IntoView {
    let data = expect_context::<DataContext>();
    let fraction = move || data.state.with(|s| s.fraction());
    let waiting = move || {
        data.state.with(|s| match &s.phase {
            Phase::Loading(p) => p.waiting.clone(),
            _ => None,
        })
    };
    view! {
        <div class="tv-load" role="status">
            <progress aria-label="Loading log" max="1" value=fraction></progress>
            <span>{move || data.state.with(|s| s.progress_line())}</span>
            {move || waiting().map(|w| view! { <span class="tv-warn">{w}</span> })}
            <button class="tv-btn" on:click=move |_| data.stop()>"Stop loading"</button>
        </div>
    }
}

#[component]
fn Loaded() -> impl IntoView {
    let data = expect_context::<DataContext>();
    let show_skips = RwSignal::new(false);
    let summary = Memo::new(move |_| data.state.with(|s| s.summary.clone()));
    let line = move || {
        if let Some(entries) = crate::ui::engine::held_elsewhere(data) {
            // Nothing is loaded: the table is queried where it is, and counted.
            return data.state.with(|s| {
                (
                    format!(
                        "{} · {}",
                        s.url,
                        entries.map_or("counting entries…".into(), |n| {
                            present::counted(n, "entry", "entries")
                        })
                    ),
                    "queried on the server; only the page shown is in this tab".to_string(),
                )
            });
        }
        data.state.with(|s| (s.loaded_line(), s.detail_line()))
    };
    let extras = move || {
        let s = summary.get();
        let mut out = Vec::new();
        // More than arrived is said by "Loaded N of M"; fewer is worth a word too.
        if let Some(t) = s.total.filter(|&t| t < s.entries as u64) {
            out.push(format!(
                " · the endpoint reports {} in all",
                present::count(t as usize)
            ));
        }
        if s.invalid_utf8 > 0 {
            out.push(format!(
                " · {} not UTF-8 (shown with �)",
                present::counted(s.invalid_utf8, "value was", "values were")
            ));
        }
        if s.duplicates > 0 {
            out.push(format!(
                " · {} kept once",
                present::counted(
                    s.duplicates,
                    "entry sent again was",
                    "entries sent again were"
                )
            ));
        }
        out.into_iter()
            .map(|t| view! { <span class="tv-warn">{t}</span> })
            .collect_view()
    };
    let skipped = move || summary.with(|s| s.skipped);
    // A region of the page; in a widget a group, so two widgets' lists stay apart.
    let skips_role = use_context::<crate::ui::ConfigContext>()
        .filter(|c| !c.owns_page())
        .map(|_| "group");
    let resumable = move || data.state.with(|s| s.resumable);
    let redacted = move || {
        data.dataset.with(|d| {
            d.redaction()
                .map(|r| format!(" · masked as loaded: {}", r.items().join(", ")))
        })
    };
    view! {
        <div class="tv-load tv-load--ready" role="status">
            <span>{move || line().0}</span>
            <span class="tv-muted">{move || format!(" · {}", line().1)}</span>
            {extras}
            {move || redacted().map(|t| view! { <span class="tv-muted">{t}</span> })}
            {move || (skipped() > 0).then(|| view! {
                " · "
                <button class="tv-link tv-warn" aria-expanded=move || show_skips.get().to_string()
                    on:click=move |_| show_skips.update(|s| *s = !*s)>
                    {present::counted(skipped(), "skipped line", "skipped lines")}
                </button>
            })}
        </div>
        {move || summary.with(|s| s.partial()).then(|| view! {
            <div class="tv-notice" role="alert">
                {summary.with(|s| s.notes.iter().map(|n| view! { <p>{n.clone()}</p> }).collect_view())}
                {move || resumable().then(|| view! {
                    <button class="tv-btn" on:click=move |_| data.resume()>"Resume"</button>
                })}
            </div>
        })}
        <Show when=move || { show_skips.get() && skipped() > 0 }>
            <section class="tv-skips" role=skips_role aria-label="Skipped lines">
                <h2>"Skipped lines"</h2>
                <ul>
                    {move || summary.with(|s| s.skips.iter().map(|(page, k)| view! {
                        <li><b>{Summary::skip_place(*page, k, s.pages)}</b>": "{k.reason.clone()}</li>
                    }).collect_view())}
                </ul>
                {move || summary.with(|s| (s.skipped > s.skips.len()).then(|| view! {
                    <p>{format!("…and {} more.", present::count(s.skipped - s.skips.len()))}</p>
                }))}
            </section>
        </Show>
    }
}

#[component]
fn Failed(needs_token: bool) -> impl IntoView {
    let data = expect_context::<DataContext>();
    let message = move || {
        data.state.with(|s| match &s.phase {
            Phase::Failed { message, .. } => message.clone(),
            _ => String::new(),
        })
    };
    let entries = move || data.state.with(|s| s.summary.entries);
    let resumable = move || data.state.with(|s| s.resumable) && entries() > 0;
    view! {
        <div class="tv-error" role="alert">
            <h2>{move || if needs_token {
                "This endpoint needs a token"
            } else if entries() > 0 {
                "Loading stopped"
            } else {
                "The log could not be loaded"
            }}</h2>
            <p>{message}</p>
            {move || (entries() > 0).then(|| view! {
                <p>{format!("The {} loaded so far stay usable.", present::counted(entries(), "entry", "entries"))}</p>
            })}
            {needs_token.then(|| view! { <TokenForm autofocus=true /> })}
            {move || (!needs_token).then(|| if resumable() {
                view! { <button class="tv-btn" on:click=move |_| data.resume()>"Resume"</button> }.into_any()
            } else {
                view! { <button class="tv-btn" on:click=move |_| data.reload()>"Retry"</button> }.into_any()
            })}
        </div>
    }
}
