//! The two buttons beside a value in the statistics and comparison dialogs: **+**
//! adds the clause for the value to the query, **⊘** the clause excluding it; either
//! then closes the dialog.

use crate::core::query::lang::adding::value_clause;
use crate::ui::ctx::Ctx;
use leptos::prelude::*;

/// The buttons for `value` of the field at `path`, named "Filter for <name>" and
/// "Exclude <name>"; `close` shuts the dialog after a click.
pub fn value_filters(
    ctx: Ctx,
    path: &str,
    value: &str,
    name: String,
    close: impl Fn() + Copy + Send + Sync + 'static,
) -> AnyView {
    let only = value_clause(path, value, false);
    let not = value_clause(path, value, true);
    view! {
        <button class="tv-icon" aria-label=format!("Filter for {name}") title=format!("Filter for: {only}")
            on:click=move |_| { ctx.add_clause(&only); close() }>"+"</button>
        <button class="tv-icon" aria-label=format!("Exclude {name}") title=format!("Exclude: {not}")
            on:click=move |_| { ctx.add_clause(&not); close() }>"⊘"</button>
    }
    .into_any()
}
