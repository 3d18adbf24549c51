//! The Columns menu: show, hide and reorder the table's columns (`cols=` in the URL).

use crate::ui::ctx::{Ctx, Overlay};
use crate::ui::dialog;
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
        for c in ctx.offered_columns.get() {
            if !visible.iter().any(|v| v.path == c.path) {
                out.push((c.path, false));
            }
        }
        out
    });
    let set = move |list: Vec<(String, bool)>| {
        let cols: Vec<String> = list
            .into_iter()
            .filter(|(_, on)| *on)
            .map(|(p, _)| p)
            .collect();
        ctx.update(|v| v.cols = Some(cols));
    };
    view! {
        <div class="tv-menu">
            <button class="tv-btn" aria-expanded=move || open().to_string() aria-haspopup="true"
                on:click=move |_| ctx.overlay.update(|o| *o = if *o == Overlay::Columns { Overlay::None } else { Overlay::Columns })>
                "Columns"
            </button>
            <Show when=open>
                <MenuPanel entries=entries set=set />
            </Show>
        </div>
    }
}

/// The open menu: focus goes back to the Columns button when it closes (Esc).
#[component]
fn MenuPanel(
    entries: Memo<Vec<(String, bool)>>,
    set: impl Fn(Vec<(String, bool)>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let panel = NodeRef::<leptos::html::Div>::new();
    dialog::return_focus(panel);
    view! {
        <div class="tv-menu__panel" role="group" aria-label="Columns" node_ref=panel>
            <ul>
                // Keyed by column, so a row (and the focus in it) survives toggling and moving.
                <For each=move || entries.get() key=|(path, _)| path.clone() let((path, _))>
                    {
                        let at = { let p = path.clone(); move || entries.with(|l| l.iter().position(|(x, _)| *x == p).unwrap_or(0)) };
                        let checked = { let p = path.clone(); move || entries.with(|l| l.iter().any(|(x, on)| *x == p && *on)) };
                        let n = move || entries.with(Vec::len);
                        let (at1, at2, at3, at4) = (at.clone(), at.clone(), at.clone(), at.clone());
                        view! {
                            <li class="tv-menu__item">
                                <label class="tv-choice">
                                    <input type="checkbox" prop:checked=checked on:change=move |e| {
                                        let mut l = entries.get_untracked();
                                        l[at1()].1 = event_target_checked(&e);
                                        set(l);
                                    } />
                                    {path.clone()}
                                </label>
                                <button class="tv-icon" aria-label=format!("Move {path} up") disabled=move || at2() == 0
                                    on:click=move |_| { let mut l = entries.get_untracked(); let i = at3(); if i > 0 { l.swap(i, i - 1); set(l) } }>"↑"</button>
                                <button class="tv-icon" aria-label=format!("Move {path} down") disabled=move || { at4() + 1 >= n() }
                                    on:click=move |_| { let mut l = entries.get_untracked(); let i = at(); if i + 1 < l.len() { l.swap(i, i + 1); set(l) } }>"↓"</button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <button class="tv-btn" on:click=move |_| ctx.update(|v| v.cols = None)>"Reset columns"</button>
        </div>
    }
}
