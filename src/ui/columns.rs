//! The Columns menu: show, hide and reorder the table's columns (`cols=` in the URL).

use crate::ui::ctx::{Ctx, Overlay};
use leptos::prelude::*;

/// The button and its menu.
#[component]
pub fn ColumnsMenu() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let open = move || ctx.overlay.get() == Overlay::Columns;
    // Visible columns in order, then the hidden ones.
    let entries = Memo::new(move |_| {
        let visible = ctx.columns.get();
        let mut out: Vec<(String, bool)> = visible.iter().map(|c| (c.path.clone(), true)).collect();
        for c in ctx.all_columns.get() {
            if !visible.iter().any(|v| v.node == c.node) {
                out.push((c.path, false));
            }
        }
        out
    });
    let set = move |list: Vec<(String, bool)>| {
        let cols: Vec<String> = list.into_iter().filter(|(_, on)| *on).map(|(p, _)| p).collect();
        ctx.update(|v| v.cols = Some(cols));
    };
    view! {
        <div class="tv-menu">
            <button class="tv-btn" aria-expanded=move || open().to_string() aria-haspopup="true"
                on:click=move |_| ctx.overlay.update(|o| *o = if *o == Overlay::Columns { Overlay::None } else { Overlay::Columns })>
                "Columns"
            </button>
            <Show when=open>
                <div class="tv-menu__panel" role="group" aria-label="Columns">
                    <ul>
                        {move || {
                            let list = entries.get();
                            let n = list.len();
                            list.clone().into_iter().enumerate().map(|(i, (path, on))| {
                                let (l1, l2, l3) = (list.clone(), list.clone(), list.clone());
                                view! {
                                    <li class="tv-menu__item">
                                        <label class="tv-choice">
                                            <input type="checkbox" prop:checked=on on:change=move |e| {
                                                let mut l = l1.clone();
                                                l[i].1 = event_target_checked(&e);
                                                set(l);
                                            } />
                                            {path.clone()}
                                        </label>
                                        <button class="tv-icon" aria-label=format!("Move {path} up") disabled=i == 0
                                            on:click=move |_| { let mut l = l2.clone(); l.swap(i, i - 1); set(l) }>"↑"</button>
                                        <button class="tv-icon" aria-label=format!("Move {path} down") disabled=i + 1 == n
                                            on:click=move |_| { let mut l = l3.clone(); l.swap(i, i + 1); set(l) }>"↓"</button>
                                    </li>
                                }
                            }).collect_view()
                        }}
                    </ul>
                    <button class="tv-btn" on:click=move |_| ctx.update(|v| v.cols = None)>"Reset columns"</button>
                </div>
            </Show>
        </div>
    }
}
