//! The search box's completion: a combobox by the ARIA pattern over the core's
//! suggestions (`core::query::lang::complete`).
//!
//! The input owns the focus; the highlighted option is named by
//! `aria-activedescendant`. ↓/↑ move (↓ opens), Tab or Enter accept the highlighted
//! option, Esc closes (the next Esc is the explorer's), a click accepts. Suggestions
//! are worked out a short pause after a key, only while the list is open, never in
//! the input's own handler, so typing paints the table as fast as before.

use crate::core::dataset::Dataset;
use crate::core::query::lang::complete::{Completer, Suggestion};
use crate::core::view::present;
use crate::ui::ctx::Ctx;
use crate::ui::lazy::lazy_part;
use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;
use std::time::Duration;

/// The pause after a key before suggestions are worked out.
const PAUSE: Duration = Duration::from_millis(50);

/// One search box's completion state (`Copy`, for handlers).
#[derive(Clone, Copy)]
pub(crate) struct Combo {
    /// The suggestions for the text and caret last read.
    items: RwSignal<Vec<Suggestion>>,
    /// The list is wanted (it shows when there are suggestions too).
    open: RwSignal<bool>,
    /// The highlighted option.
    active: RwSignal<Option<usize>>,
    /// Ids of the list and its options' prefix, unique per box.
    ids: StoredValue<String>,
    completer: StoredValue<Completer>,
    timer: StoredValue<Option<TimeoutHandle>>,
    list: NodeRef<html::Ul>,
}

/// The caret of `input` in `char`s (the browser counts UTF-16 units).
fn caret_chars(input: &web_sys::HtmlInputElement, text: &str) -> usize {
    let units = input.selection_start().ok().flatten().unwrap_or(u32::MAX) as usize;
    let mut seen = 0;
    for (i, c) in text.chars().enumerate() {
        if seen >= units {
            return i;
        }
        seen += c.len_utf16();
    }
    text.chars().count()
}

impl Combo {
    /// The state of the box whose ids start with `ids` (`tv-search0`).
    pub(crate) fn new(ids: String) -> Self {
        let combo = Combo {
            items: RwSignal::new(Vec::new()),
            open: RwSignal::new(false),
            active: RwSignal::new(None),
            ids: StoredValue::new(ids),
            completer: StoredValue::new(Completer::new()),
            timer: StoredValue::new(None),
            list: NodeRef::new(),
        };
        on_cleanup(move || combo.cancel());
        // The highlighted option stays in view of the scrolled list.
        Effect::new(move |_| {
            let (Some(i), Some(list)) = (combo.active.get(), combo.list.get()) else {
                return;
            };
            let Some(opt) = list.children().item(i as u32) else {
                return;
            };
            let Ok(opt) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(opt) else {
                return;
            };
            let (top, bottom) = (opt.offset_top(), opt.offset_top() + opt.offset_height());
            if top < list.scroll_top() {
                list.set_scroll_top(top);
            } else if bottom > list.scroll_top() + list.client_height() {
                list.set_scroll_top(bottom - list.client_height());
            }
        });
        combo
    }

    /// True while the list shows.
    pub(crate) fn expanded(&self) -> bool {
        self.open.get() && self.items.with(|s| !s.is_empty())
    }

    /// The list's id (`aria-controls`).
    pub(crate) fn list_id(&self) -> String {
        self.ids.with_value(|p| format!("{p}-list"))
    }

    fn option_id(&self, i: usize) -> String {
        self.ids.with_value(|p| format!("{p}-opt{i}"))
    }

    /// The highlighted option's id (`aria-activedescendant`).
    pub(crate) fn active_id(&self) -> Option<String> {
        self.active
            .get()
            .filter(|_| self.expanded())
            .map(|i| self.option_id(i))
    }

    fn cancel(&self) {
        if let Some(t) = self.timer.try_update_value(Option::take).flatten() {
            t.clear();
        }
    }

    /// Closes the list (and forgets what it held).
    pub(crate) fn close(&self) {
        self.cancel();
        self.open.set(false);
        self.active.set(None);
    }

    /// Opens the list and works out its suggestions after a pause.
    fn refresh(&self, ctx: Ctx) {
        self.cancel();
        self.open.set(true);
        let this = *self;
        let t = set_timeout_with_handle(move || this.compute(ctx), PAUSE).ok();
        self.timer.set_value(t);
    }

    /// Suggestions for the box's text and caret now.
    fn compute(&self, ctx: Ctx) {
        self.timer.set_value(None);
        let Some(input) = ctx.search_input.get_untracked() else {
            return;
        };
        if !self.open.get_untracked() {
            return;
        }
        let text = input.value();
        let caret = caret_chars(&input, &text);
        let version = ctx.data.version.get_untracked();
        let this = *self;
        // The suggestion code is a lazy part: fetched on the first keystroke (or when
        // the browser is idle); until then, and if it cannot be fetched, none show.
        leptos::task::spawn_local(async move {
            let found = suggest_part(this.completer, ctx.data.dataset, version, text, caret).await;
            // Typing went on meanwhile: a newer computation is on its way.
            if this.timer.with_value(Option::is_some) || !this.open.get_untracked() {
                return;
            }
            // The same suggestions again (the caret moved, a key came up): the
            // highlighted one stays highlighted.
            let found = found.unwrap_or_default();
            if this.items.with_untracked(|old| *old == found) {
                return;
            }
            this.active.set(None);
            this.items.set(found);
        });
    }

    /// After the text changed by typing: suggestions for it, or none for an empty box.
    pub(crate) fn typed(&self, ctx: Ctx, text: &str) {
        if text.trim().is_empty() {
            self.close();
        } else {
            self.refresh(ctx);
        }
    }

    /// Handles a key in the box; true if it was completion's (default prevented).
    pub(crate) fn key(&self, e: &KeyboardEvent, ctx: Ctx, text: RwSignal<String>) -> bool {
        if e.alt_key() && e.key() != "ArrowDown" || e.ctrl_key() || e.meta_key() {
            return false;
        }
        let shown = self.expanded_untracked();
        let n = self.items.with_untracked(Vec::len);
        let active = self.active.get_untracked();
        match e.key().as_str() {
            "ArrowDown" if !shown => self.refresh(ctx),
            "ArrowDown" => self.active.set(Some(active.map_or(0, |i| (i + 1) % n))),
            "ArrowUp" if shown => self
                .active
                .set(Some(active.map_or(n - 1, |i| (i + n - 1) % n))),
            "Enter" | "Tab" if shown && active.is_some() => {
                self.accept(active.unwrap_or_default(), ctx, text)
            }
            "Escape" if shown || self.open.get_untracked() => self.close(),
            "ArrowLeft" | "ArrowRight" | "Home" | "End" if self.open.get_untracked() => {
                // The caret moves after this key: read it then.
                self.refresh(ctx);
                return false;
            }
            "Enter" | "Tab" => {
                self.close();
                return false;
            }
            _ => return false,
        }
        e.prevent_default();
        true
    }

    fn expanded_untracked(&self) -> bool {
        self.open.get_untracked() && self.items.with_untracked(|s| !s.is_empty())
    }

    /// Accepts suggestion `i`: the box's text changes as if typed, the caret after
    /// what was inserted; the list goes on when the query needs more.
    fn accept(&self, i: usize, ctx: Ctx, text: RwSignal<String>) {
        let Some(s) = self.items.with_untracked(|s| s.get(i).cloned()) else {
            return;
        };
        let Some(input) = ctx.search_input.get_untracked() else {
            return;
        };
        let (new, caret) = s.apply(&input.value());
        input.set_value(&new);
        let units: usize = new.chars().take(caret).map(char::len_utf16).sum();
        let _ = input.set_selection_range(units as u32, units as u32);
        text.set(new.clone());
        ctx.update_typing(|v| v.set_search(&new));
        if s.leaves_a_slot() {
            self.active.set(None);
            self.refresh(ctx);
        } else {
            self.close();
        }
    }

    /// The list of suggestions and the polite count, placed after the input.
    pub(crate) fn popup(&self, ctx: Ctx, text: RwSignal<String>) -> impl IntoView + use<> {
        let this = *self;
        let options = move || {
            this.items
                .get()
                .into_iter()
                .enumerate()
                .map(|(i, s)| {
                    let selected = move || this.active.get() == Some(i);
                    view! {
                        <li id=this.option_id(i) role="option" class="tv-complete__option"
                            aria-selected=move || selected().to_string()
                            // Keep the focus in the box; the click accepts.
                            on:mousedown=|e| e.prevent_default()
                            on:click=move |_| this.accept(i, ctx, text)>
                            <span class="tv-complete__text">{s.label}</span>
                            {s.count.map(|n| view! { <span class="tv-complete__count">{present::count(n)}</span> })}
                        </li>
                    }
                })
                .collect_view()
        };
        let said = move || {
            let n = this.items.with(Vec::len);
            match this.expanded() {
                true => present::counted(n, "suggestion", "suggestions"),
                false => String::new(),
            }
        };
        view! {
            <ul id=this.list_id() role="listbox" aria-label="Suggestions" class="tv-complete"
                node_ref=this.list hidden=move || !this.expanded()>
                {options}
            </ul>
            <p class="tv-visually-hidden" aria-live="polite">{said}</p>
        }
    }
}

lazy_part!(
    complete,
    preload_complete,
    pub(crate) fn suggest_part(
        completer: StoredValue<Completer>,
        dataset: RwSignal<Dataset>,
        version: u64,
        text: String,
        caret: usize,
    ) -> Vec<Suggestion> {
        dataset.with_untracked(|d| {
            completer
                .try_update_value(|c| c.suggest(d, version, &text, caret))
                .unwrap_or_default()
        })
    }
);
