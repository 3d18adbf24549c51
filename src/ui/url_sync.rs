//! Keeps the view state and the URL query string in step.
//!
//! Back/Forward and reloads restore the view from the URL; changes write the URL.
//! A click is one history step, written once the frame that shows its effect is
//! painted (history and the router's work would delay those rows). Typing is one
//! step too: the table follows every key at once, while the URL is written after a
//! pause, pushed once per burst of typing and replaced while the burst goes on.

use crate::core::query::ViewState;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};
use std::time::Duration;

/// Pause after the last key before typing is written to the URL.
const TYPING_PAUSE: Duration = Duration::from_millis(400);

/// The commit policy, shared by the components that change the view.
#[derive(Clone, Copy)]
pub struct UrlSync {
    typing: StoredValue<bool>,
    burst_pushed: StoredValue<bool>,
    following: StoredValue<bool>,
}

impl UrlSync {
    /// No URL to keep (a widget's view lives in memory): commits are no-ops.
    pub fn in_memory() -> Self {
        UrlSync {
            typing: StoredValue::new(false),
            burst_pushed: StoredValue::new(false),
            following: StoredValue::new(false),
        }
    }

    /// The next change comes from typing.
    pub fn start_typing(&self) {
        self.typing.set_value(true);
    }

    /// The next change is a discrete action (and ends any burst of typing).
    pub fn end_typing(&self) {
        self.typing.set_value(false);
        self.burst_pushed.set_value(false);
        self.following.set_value(false);
    }

    /// The next change follows the log (live refresh moved the page along): it
    /// replaces the current history step instead of adding one.
    pub fn follow(&self) {
        self.end_typing();
        self.following.set_value(true);
    }
}

/// Starts syncing `view` with the URL of the current route; parameters left out
/// of the URL mean the values of `base` (the deployment's defaults).
pub fn use_url_sync(view: RwSignal<ViewState>, base: std::sync::Arc<ViewState>) -> UrlSync {
    let base_in = base.clone();
    let location = use_location();
    let navigate = use_navigate();
    let sync = UrlSync {
        typing: StoredValue::new(false),
        burst_pushed: StoredValue::new(false),
        following: StoredValue::new(false),
    };
    // Every write (and every foreign navigation) takes the next number; a delayed
    // write only happens if nothing came after it. Stale timers are then harmless
    // whether or not cancelling them worked (a faked clock, for one, may not).
    let seq = StoredValue::new(0u64);
    // The view's first write (the opening URL in its canonical form) is not a click.
    let opened = StoredValue::new(false);
    // Queries this code wrote whose echo has not come back yet. An echo must not
    // reset the view: the admin may have typed on since it was written.
    let written: StoredValue<Vec<String>> = StoredValue::new(Vec::new());

    // URL -> view (first load, Back/Forward, links).
    Effect::new(move |_| {
        let search = location.search.get();
        let search = search.trim_start_matches('?');
        if let Some(i) = written.with_value(|w| w.iter().position(|q| q == search)) {
            written.update_value(|w| drop(w.drain(..=i)));
            return;
        }
        // Someone else moved the URL: it wins over anything still waiting to be written.
        written.update_value(Vec::clear);
        seq.update_value(|n| *n += 1);
        let parsed = ViewState::from_query_over(search, &base_in);
        if view.with_untracked(|v| *v != parsed) {
            view.set(parsed);
        }
    });

    // view -> URL.
    Effect::new(move |_| {
        let query = view.with(|v| v.to_query_over(&base));
        let first = !opened.get_value();
        opened.set_value(true);
        seq.update_value(|n| *n += 1);
        let mine = seq.get_value();
        if location
            .search
            .with_untracked(|s| s.trim_start_matches('?') == query)
        {
            return;
        }
        let path = location.pathname.get_untracked();
        let url = if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        };
        let go = navigate.clone();
        let write = move |replace: bool| {
            written.update_value(|w| w.push(query.clone()));
            go(
                &url,
                NavigateOptions {
                    replace,
                    scroll: false,
                    // The path is the whole current path, base included.
                    resolve: false,
                    ..Default::default()
                },
            );
        };
        if sync.typing.get_value() {
            set_timeout(
                move || {
                    if seq.get_value() != mine {
                        return; // typing went on, or something else was written since
                    }
                    let replace = sync.burst_pushed.get_value();
                    sync.burst_pushed.set_value(true);
                    write(replace);
                },
                TYPING_PAUSE,
            );
        } else if first {
            write(false);
        } else if sync.following.get_value() {
            sync.following.set_value(false);
            write(true);
        } else {
            leptos::task::spawn_local(async move {
                crate::platform::after_paint().await;
                // Back, Forward or a link since the click: the URL is theirs now;
                // another change within the same frame writes its own.
                if seq.try_get_value() == Some(mine) {
                    write(false);
                }
            });
        }
    });
    sync
}
