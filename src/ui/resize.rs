//! The resize handle on a column header's right edge: drag it, or focus it and use
//! the arrow keys (Shift for bigger steps); a double-click or Enter fits the column
//! to its content on the page, Backspace or Delete gives back the natural width.
//! The width is kept in the view (`w.<column>=`).

use crate::core::query::{MAX_WIDTH, MIN_WIDTH, ViewState};
use crate::platform::layout;
use crate::ui::ctx::Ctx;
use leptos::ev::{KeyboardEvent, PointerEvent};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

/// A width being dragged: the column and its width now (not yet in the view).
pub type Drag = RwSignal<Option<(String, u32)>>;

/// Column `col`'s width as it shows: the one being dragged, else the admin's.
pub fn width_now(drag: &Option<(String, u32)>, view: &ViewState, col: &str) -> Option<u32> {
    drag.as_ref()
        .filter(|(c, _)| c == col)
        .map(|&(_, w)| w)
        .or_else(|| view.width(col))
}

/// Pixels per arrow key, and with Shift.
const STEP: u32 = 10;
const BIG_STEP: u32 = 50;

fn header_of(e: &web_sys::Event) -> Option<web_sys::Element> {
    e.current_target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("th")
        .ok()?
}

/// The handle of column `col`; `estimate` is its width in pixels until measured.
#[component]
pub fn ColumnResizer(col: String, drag: Drag, estimate: u32) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    // The laid-out width, measured when the handle is focused or grabbed.
    let measured = RwSignal::new(estimate);
    // Where a drag started: pointer x and the column's width then.
    let start = StoredValue::new(None::<(i32, u32)>);
    let shown = {
        let col = col.clone();
        move || {
            drag.with(|d| ctx.view.with(|v| width_now(d, v, &col)))
                .unwrap_or_else(|| measured.get())
        }
    };
    let commit = {
        let col = col.clone();
        move |w: Option<u32>| ctx.update(|v| v.set_width(&col, w))
    };
    let down = move |e: PointerEvent| {
        if e.button() != 0 {
            return;
        }
        e.prevent_default();
        let Some(th) = header_of(&e) else { return };
        let w = layout::width(&th);
        measured.set(w);
        start.set_value(Some((e.client_x(), w)));
        if let Some(h) = e
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let _ = h.set_pointer_capture(e.pointer_id());
        }
    };
    let col_move = col.clone();
    let moved = move |e: PointerEvent| {
        if let Some((x, w)) = start.get_value() {
            let px =
                (w as i64 + (e.client_x() - x) as i64).clamp(MIN_WIDTH as i64, MAX_WIDTH as i64);
            drag.set(Some((col_move.clone(), px as u32)));
        }
    };
    let commit_up = commit.clone();
    let up = move |_: PointerEvent| {
        if start.get_value().is_none() {
            return;
        }
        start.set_value(None);
        if let Some((_, w)) = drag.get_untracked() {
            commit_up(Some(w));
        }
        drag.set(None);
    };
    let cancel = move |_: PointerEvent| {
        start.set_value(None);
        drag.set(None);
    };
    let commit_fit = commit.clone();
    let fit = move |e: &web_sys::Event| {
        if let Some(w) = header_of(e).and_then(|th| layout::column_content_width(&th)) {
            commit_fit(Some(w));
        }
    };
    let fit_click = fit.clone();
    let col_key = col.clone();
    let key = move |e: KeyboardEvent| {
        let step = if e.shift_key() { BIG_STEP } else { STEP };
        let now = || {
            ctx.view
                .with_untracked(|v| v.width(&col_key))
                .or_else(|| header_of(&e).map(|th| layout::width(&th)))
                .unwrap_or(MIN_WIDTH)
        };
        match e.key().as_str() {
            "ArrowLeft" => {
                e.prevent_default();
                let w = now().saturating_sub(step);
                ctx.update_typing(|v| v.set_width(&col_key, Some(w)));
            }
            "ArrowRight" => {
                e.prevent_default();
                let w = now() + step;
                ctx.update_typing(|v| v.set_width(&col_key, Some(w)));
            }
            "Enter" => {
                e.prevent_default();
                fit(&e);
            }
            "Backspace" | "Delete" => {
                e.prevent_default();
                commit(None);
            }
            _ => {}
        }
    };
    let label = format!("Resize column {col}");
    view! {
        <span class="tv-resize" role="separator" aria-orientation="vertical" tabindex="0"
            aria-label=label
            aria-valuemin=MIN_WIDTH aria-valuemax=MAX_WIDTH
            aria-valuenow=move || shown().to_string()
            on:focus=move |e| if let Some(th) = header_of(&e) { measured.set(layout::width(&th)) }
            title="Drag or use ← → to resize · double-click or Enter fits the content · Delete resets"
            on:pointerdown=down on:pointermove=moved on:pointerup=up on:pointercancel=cancel
            on:dblclick=move |e| fit_click(&e)
            on:click=|e| e.stop_propagation()
            on:keydown=key></span>
    }
}
