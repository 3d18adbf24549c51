//! What filters the view, as chips above the table: each clause of the query (a
//! header box's filter and a facet click are clauses too) with a button that
//! removes it; one the engine cannot apply says so and never looks active. The
//! filters a widget's host pinned are shown too, without removal.

use crate::core::query::filter::{Described, describe};
use crate::core::query::lang::Expr;
use crate::core::query::lang::fields::unknown_name;
use crate::ui::ctx::Ctx;
use leptos::prelude::*;

/// One chip's text: the filter, and why it does nothing when it does not.
fn chip_text(d: &Described) -> String {
    match &d.ignored {
        Some(why) => format!("{} ({why})", d.text),
        None => d.text.clone(),
    }
}

/// The query's clauses (each removable) and the host's pinned filters.
#[component]
pub fn ActiveFilters(pinned: Signal<Vec<(String, String)>>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    // The query's clauses, each removable, once there is more than one plain word.
    let clauses = Memo::new(move |_| {
        ctx.query.with(|q| {
            let list = q.clauses();
            let plain = list.len() == 1 && matches!(list[0].0, Expr::Word(_) | Expr::Phrase(_));
            if plain {
                return Vec::new();
            }
            // A clause the server could not run says why (ClickHouse mode).
            let judged = ctx.engine.judged.get().unwrap_or_default();
            list.iter()
                .enumerate()
                .map(|(i, (x, text))| {
                    let off = judged.iter().find(|n| &n.col == text);
                    let note = match (off, x) {
                        (Some(n), _) => Some((true, format!(" (not applied: {})", n.reason))),
                        (None, Expr::Word(w)) => unknown_name(w).map(|n| {
                            (
                                false,
                                format!(" (no field {n} in this log: searched as text)"),
                            )
                        }),
                        _ => None,
                    };
                    (text.clone(), q.without_clause(i).to_string(), note)
                })
                .collect::<Vec<_>>()
        })
    });
    let host = Memo::new(move |_| {
        // On ClickHouse a filter applies when the table has the column, whatever this page holds.
        let skipped = ctx.engine.judged.get();
        let list = pinned.get();
        ctx.data.dataset.with(|d| {
            list.iter()
                .map(|(c, e)| {
                    let mut x = describe(d, c, e);
                    if let Some(skipped) = &skipped {
                        let reason = skipped.iter().find(|s| &s.col == c);
                        if x.ignored.as_deref().is_none_or(|r| r.contains("no field")) {
                            x.ignored = reason.map(|s| s.reason.clone());
                        }
                    }
                    x
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        {move || {
            let list = clauses.get();
            (!list.is_empty()).then(|| view! {
                <ul class="tv-active" aria-label="Query clauses">
                    {list.into_iter().map(|(text, rest, note)| { let is_off = note.as_ref().is_some_and(|n| n.0); view! {
                        <li class="tv-chip tv-active__chip" class:tv-active__chip--off=is_off>
                            <span>{text.clone()}</span>
                            {note.map(|(_, why)| view! { <span class="tv-active__why">{why}</span> })}
                            <button class="tv-icon" aria-label=format!("Remove clause {text}")
                                on:click=move |_| ctx.update(|v| v.set_search(&rest))>"✕"</button>
                        </li>
                    }}).collect_view()}
                </ul>
            })
        }}
        {move || {
            let list = host.get();
            (!list.is_empty()).then(|| view! {
                <div class="tv-pinned" role="group" aria-label="Filters set by this page">
                    <span class="tv-pinned__label">"Set by this page:"</span>
                    {list.iter().map(|d| view! {
                        <span class="tv-chip tv-pinned__chip" class:tv-active__chip--off=d.ignored.is_some()>{chip_text(d)}</span>
                    }).collect_view()}
                </div>
            })
        }}
    }
}
