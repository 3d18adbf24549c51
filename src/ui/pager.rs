//! Pagination: rows per page, first/previous/next/last, a page number box and the
//! honest status line ("Showing 51–100 of 3,412 (filtered from 100,000)").

use crate::core::query::PAGE_SIZES;
use crate::core::view::present;
use crate::ui::ctx::Ctx;
use leptos::prelude::*;

/// The pager under the table.
#[component]
pub fn Pager() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let page = ctx.page;
    // "Filtered from" counts what the view could show: the app's entries in an app view.
    let total = ctx.engine.could_show;
    let go = move |p: usize| ctx.update(|v| v.page = p);
    let nav_role = ctx.config.with_value(|c| c.landmark("navigation"));
    let last = move || page.get().pages - 1;
    view! {
        <div class="tv-pager" role=nav_role aria-label="Pagination">
            <label class="tv-field">"Rows per page"
                <select class="tv-input" aria-label="Rows per page" on:change=move |e| {
                    if let Ok(n) = event_target_value(&e).parse::<usize>() { ctx.update(|v| v.set_size(n)) }
                }>
                    {PAGE_SIZES.into_iter().map(|n| view! {
                        <option value=n.to_string() prop:selected=move || ctx.view.with(|v| v.size == n)>{n.to_string()}</option>
                    }).collect_view()}
                </select>
            </label>
            <div class="tv-pager__buttons">
                <button class="tv-btn" aria-label="First page" disabled=move || page.get().page == 0 on:click=move |_| go(0)>"«"</button>
                <button class="tv-btn" aria-label="Previous page" disabled=move || page.get().page == 0
                    on:click=move |_| go(page.get_untracked().page.saturating_sub(1))>"‹ Previous"</button>
                <label class="tv-field">"Page"
                    <input type="number" class="tv-input tv-pager__number" aria-label="Page number" min="1"
                        max=move || page.get().pages.to_string()
                        prop:value=move || (page.get().page + 1).to_string()
                        on:change=move |e| {
                            if let Ok(n) = event_target_value(&e).trim().parse::<usize>() {
                                go(n.clamp(1, page.get_untracked().pages) - 1)
                            }
                        } />
                </label>
                <span class="tv-muted">{move || format!("of {}", present::count(page.get().pages))}</span>
                <button class="tv-btn" aria-label="Next page" disabled=move || { page.get().page >= last() }
                    on:click=move |_| go(page.get_untracked().page + 1)>"Next ›"</button>
                <button class="tv-btn" aria-label="Last page" disabled=move || { page.get().page >= last() } on:click=move |_| go(last())>"»"</button>
            </div>
            // Not a live region: the count a change leaves is said once, when the rows
            // settle (announce::MatchCount); page flips say nothing.
            <p class="tv-pager__status">{move || match ctx.engine.around.get() {
                Some(w) => crate::core::query::context::count_line(w.rows.len()),
                None => present::status_line(&page.get(), total.get()),
            }}</p>
        </div>
    }
}
