//! "History of <target>": a dialog with every entry about one target in time order,
//! the changes of each step and the state as of it (shown while the URL names it).

use crate::core::inspect::history::{self, History};
use crate::core::time;
use crate::core::view::present;
use crate::ui::ctx::Ctx;
use crate::ui::dialog;
use crate::ui::lazy::{Lazy, lazy_part};
use crate::ui::shared::Shared;
use leptos::prelude::*;

/// The history dialog of the target `history=` names.
#[component]
pub fn HistoryDialog() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let target = Memo::new(move |_| ctx.view.with(|v| v.history.clone()));
    let found = Memo::new(move |_| {
        let t = target.get()?;
        ctx.data.version.track();
        Some(Shared::new(
            ctx.data.dataset.with(|d| history::history(d, &t)),
        ))
    });
    move || {
        found.get().map(|h| {
            let load = move |owner| history_part(owner, h.clone());
            view! { <Lazy load=load what="the history" /> }
        })
    }
}

lazy_part!(
    history,
    preload_history,
    pub(crate) fn history_part(owner: Owner, h: Shared<History>) -> AnyView {
        owner.with(|| dialog(expect_context::<Ctx>(), h).into_any())
    }
);

fn dialog(ctx: Ctx, h: Shared<History>) -> impl IntoView {
    let root = NodeRef::<leptos::html::Div>::new();
    let close = move || ctx.update(|v| v.history = None);
    let keep_tab = dialog::modal(root);
    let tz = ctx.view.with_untracked(|v| v.tz);
    let now = crate::platform::now_ms();
    let when = move |t: Option<i64>| {
        t.map_or("no readable time".to_string(), |t| {
            time::format_display(t, tz, false)
        })
    };
    let count = h.steps.len();
    let steps = h.steps.iter().enumerate().map(|(i, s)| {
        let key = ctx.data.dataset.with_untracked(|d| d.entry_key(s.row));
        let state = h.state_as_of(i);
        let at = when(s.time);
        view! {
            <li class="tv-history__step">
                <p class="tv-history__head">
                    <time title=s.time.map(|t| present::clocks(t, tz, now).join("\n"))>{at.clone()}</time>
                    " · "<b>{if s.actor.is_empty() { "unknown actor".to_string() } else { s.actor.clone() }}</b>
                    " · "{s.action.clone()}
                </p>
                {if s.changes.is_empty() {
                    view! { <p class="tv-muted">"No field changes recorded."</p> }.into_any()
                } else {
                    view! {
                        <ul class="tv-history__changes" aria-label="Changes">
                            {s.changes.iter().map(|c| view! {
                                <li><code>{history::field_of(c).to_string()}</code>": "
                                    <span class="tv-changes__old">{c.old.clone()}</span>" → "
                                    <span class="tv-changes__new">{c.new.clone()}</span></li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                {(!state.is_empty()).then(|| view! {
                    <details class="tv-history__state">
                        <summary>{format!("State as of {at}")}</summary>
                        <dl>{state.into_iter().map(|(f, v)| view! { <dt>{f}</dt><dd>{v}</dd> }).collect_view()}</dl>
                    </details>
                })}
                <button class="tv-link" on:click=move |_| {
                    let key = key.clone();
                    ctx.update(|v| { v.history = None; v.entry = Some(key) })
                }>"Open entry"</button>
            </li>
        }
    }).collect_view();
    let title = format!("History of {}", h.target);
    let label = title.clone();
    view! {
        <div class="tv-dialog__backdrop" on:click=move |e| {
            if e.target() == e.current_target() { close() }
        }>
            <div class="tv-dialog tv-history" role="dialog" aria-modal="true" aria-label=label tabindex="-1" node_ref=root on:keydown=keep_tab>
                <h2>{title}</h2>
                <p class="tv-muted">{match count {
                    0 => "No loaded entry is about this target.".to_string(),
                    n => format!("{} {}, oldest first · times in {}", present::count(n), if n == 1 { "entry" } else { "entries" }, tz.name(now)),
                }}</p>
                <ol class="tv-history__steps">{steps}</ol>
                <div class="tv-dialog__buttons">
                    <button class="tv-btn" on:click=move |_| close()>"Close"</button>
                </div>
            </div>
        </div>
    }
}
