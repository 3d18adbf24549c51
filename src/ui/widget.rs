//! `<trail-view>`: the explorer inside a custom element's shadow root. Its view
//! lives in memory, not in the host's URL; the host's attributes set its source,
//! scope, defaults and theme ([`crate::core::embed::widget`]), and changing one later
//! takes effect. Each widget has its own data; unmounting it cancels its requests
//! and timers. It tells the host what happens with events on the element:
//! `trailview:load`, `trailview:select`, `trailview:state`, `trailview:error`; in
//! the iframe mode ([`crate::ui::frame`]) the same go to the framing page as messages.

use crate::core::embed::widget;
use crate::core::ingest::progress::Phase;
use crate::core::query::saved::SavedView;
use crate::core::query::select::entry_within;
use crate::core::query::{FilterSpec, ViewState};
use crate::platform;
use crate::ui::config::ConfigContext;
use crate::ui::explorer::Explorer;
use crate::ui::hosted::{HostViews, Hosted};
use crate::ui::load::DataContext;
use crate::ui::theme::{Theme, ThemeContext};
use leptos::prelude::*;

/// Who hears a widget's events.
pub enum Host {
    /// The `<trail-view>` element: events are dispatched on it.
    Element(web_sys::Element),
    /// The page framing `embed`: events are posted to it as `{type, detail}`.
    Parent(platform::frame::Parent),
}

impl Host {
    /// Tells the host `name` happened, with `detail`.
    fn send(&self, name: &str, detail: &[(&str, wasm_bindgen::JsValue)]) {
        match self {
            Host::Element(el) => platform::dispatch(el, name, detail),
            Host::Parent(p) => p.post(name, detail),
        }
    }
}

/// What the host controls of one widget, kept after it is mounted.
#[derive(Clone, Copy)]
pub struct Controls {
    /// Who hears the events.
    host: StoredValue<Host, LocalStorage>,
    view: RwSignal<ViewState>,
    pinned: RwSignal<Vec<(String, String)>>,
    scope: RwSignal<Option<String>>,
    theme: ThemeContext,
    /// With `url-state="hash"`: the key of this widget's pair in the host's fragment.
    hash_key: StoredValue<Option<String>>,
    /// The defaults the attributes give, and the attributes themselves.
    defaults: RwSignal<ViewState>,
    attributes: StoredValue<Vec<(String, String)>>,
    /// The host's views (`views`).
    views: RwSignal<Vec<SavedView>>,
}

/// The value of attribute `name` among the element's `[name, value]` pairs.
fn attribute(attributes: &[(String, String)], name: &str) -> Option<String> {
    attributes
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}

/// `theme="light|dark|auto"`: None follows the system.
fn theme_of(value: Option<&str>) -> Option<Theme> {
    match value.map(str::trim) {
        Some("dark") => Some(Theme::Dark),
        Some("light") => Some(Theme::Light),
        _ => None,
    }
}

impl Controls {
    /// The widget's state from its attributes at mount.
    pub fn new(host: Host, attributes: Vec<(String, String)>) -> Self {
        let get = |name: &str| attribute(&attributes, name);
        let defaults = widget::defaults(get);
        // The host opted in to keeping the view in its address: that wins over `state`.
        let hash_key = (get("url-state").as_deref() == Some("hash")).then(|| {
            get("id")
                .filter(|i| !i.is_empty())
                .unwrap_or_else(|| "trailview".into())
        });
        let from_hash = hash_key
            .as_deref()
            .and_then(|k| widget::hash_state(&platform::location_hash(), k));
        let state = from_hash.or_else(|| get("state")).unwrap_or_default();
        // A host's source is the host's: no state, fragment or message replaces it.
        let view = widget::pin(ViewState::from_query_over(&state, &defaults), &defaults);
        Controls {
            host: StoredValue::new_local(host),
            view: RwSignal::new(view),
            pinned: RwSignal::new(widget::pinned_filters(
                get("filters").as_deref().unwrap_or(""),
            )),
            scope: RwSignal::new(get("app").filter(|a| !a.trim().is_empty())),
            views: RwSignal::new(widget::views(get("views").as_deref().unwrap_or(""))),
            theme: ThemeContext::for_widget(theme_of(get("theme").as_deref())),
            hash_key: StoredValue::new(hash_key),
            defaults: RwSignal::new(defaults),
            attributes: StoredValue::new(attributes),
        }
    }

    /// The view as the app's query string, over the widget's defaults.
    pub fn state(&self) -> String {
        self.defaults
            .with_untracked(|d| self.view.with_untracked(|v| v.to_query_over(d)))
    }

    /// An attribute was set (Some) or removed (None).
    pub fn set_attribute(&self, name: &str, value: Option<String>) {
        self.attributes.update_value(|a| {
            a.retain(|(k, _)| k != name);
            if let Some(v) = &value {
                a.push((name.to_string(), v.clone()));
            }
        });
        match name {
            "filters" => self
                .pinned
                .set(widget::pinned_filters(value.as_deref().unwrap_or(""))),
            "app" => self.scope.set(value.filter(|a| !a.trim().is_empty())),
            "views" => self
                .views
                .set(widget::views(value.as_deref().unwrap_or(""))),
            "theme" => self
                .theme
                .set(theme_of(value.as_deref()).unwrap_or_else(ThemeContext::system)),
            "state" => {
                let v = self.defaults.with_untracked(|d| {
                    widget::pin(
                        ViewState::from_query_over(value.as_deref().unwrap_or(""), d),
                        d,
                    )
                });
                self.view.set(v);
            }
            _ if widget::VIEW_ATTRIBUTES.iter().any(|(n, _)| *n == name) => {
                let new = self
                    .attributes
                    .with_value(|a| widget::defaults(|n| attribute(a, n)));
                let old = self.defaults.get_untracked();
                self.view
                    .update(|v| *v = widget::pin(widget::rebase(v, &old, &new), &new));
                self.defaults.set(new);
            }
            _ => {}
        }
    }
}

/// One widget: its own data, theme and configuration around the explorer.
#[component]
pub fn WidgetApp(controls: Controls, config: ConfigContext, data: DataContext) -> impl IntoView {
    provide_context(data);
    provide_context(controls.theme);
    provide_context(config);
    provide_context(HostViews(controls.views));
    provide_context(Hosted {
        view: controls.view,
        pinned: controls.pinned,
        host: controls.defaults,
    });
    on_cleanup(move || data.shutdown());
    // The view as the app's query string: reported to the host, kept in its fragment.
    let state = Memo::new(move |_| {
        controls.view.track();
        controls.state()
    });
    tell_the_host(controls, data, state);
    keep_in_hash(controls, state);
    let scope = controls.scope;
    view! { <Explorer scope=Signal::derive(move || scope.get()) /> }
}

/// A number, or null when there is none (as JSON would say it).
fn or_null(n: Option<f64>) -> wasm_bindgen::JsValue {
    n.map_or(wasm_bindgen::JsValue::NULL, Into::into)
}

/// The events a host listens to on the element (they bubble and leave the shadow root).
fn tell_the_host(controls: Controls, data: DataContext, state: Memo<String>) {
    let send = move |name: &str, detail: &[(&str, wasm_bindgen::JsValue)]| {
        controls.host.with_value(|h| h.send(name, detail))
    };
    // trailview:load once a load ends (again when live refresh adds entries).
    let ended = Memo::new(move |_| {
        data.state.with(|s| match &s.phase {
            Phase::Done => Some((
                s.summary.entries,
                s.summary.pages,
                s.summary.total,
                !s.summary.notes.is_empty() || s.resumable,
            )),
            _ => None,
        })
    });
    Effect::new(move |_| {
        if let Some((entries, pages, total, partial)) = ended.get() {
            send(
                "trailview:load",
                &[
                    ("entries", (entries as f64).into()),
                    ("pages", (pages as f64).into()),
                    ("total", or_null(total.map(|t| t as f64))),
                    ("partial", partial.into()),
                ],
            );
        }
    });
    // trailview:error when a load fails (the message never holds the token).
    let failure = Memo::new(move |_| {
        data.state.with(|s| match &s.phase {
            Phase::Failed {
                message,
                status,
                needs_token,
            } => Some((message.clone(), *status, *needs_token)),
            _ => None,
        })
    });
    Effect::new(move |_| {
        if let Some((message, status, needs_token)) = failure.get() {
            send(
                "trailview:error",
                &[
                    ("message", message.into()),
                    ("status", or_null(status.map(f64::from))),
                    ("needsToken", needs_token.into()),
                ],
            );
        }
    });
    // trailview:select with the entry opened, as its original JSON.
    let opened = Memo::new(move |_| controls.view.with(|v| v.entry.clone()));
    Effect::new(move |_| {
        let Some(key) = opened.get() else { return };
        // Only an entry the widget may show (its app, the host's pinned filters).
        let fence = FilterSpec::fence(
            controls.scope.get_untracked(),
            controls.pinned.get_untracked(),
        );
        let json = data.dataset.with_untracked(|d| {
            entry_within(d, &key, &fence)
                .map(|row| String::from_utf8_lossy(&d.store().entry_bytes(row)).into_owned())
        });
        if let Some(json) = json {
            let entry = platform::json_value(&json);
            send(
                "trailview:select",
                &[("key", key.into()), ("json", json.into()), ("entry", entry)],
            );
        }
    });
    // trailview:state with the view as the app's query string.
    Effect::new(move |prev: Option<()>| {
        let query = state.get();
        // Not the state the host gave at mount: only changes.
        if prev.is_some() {
            send("trailview:state", &[("state", query.into())]);
        }
    });
}

/// `url-state="hash"`: the view follows and writes this widget's pair of the host's
/// fragment (replaced, not pushed: the host's history is the host's).
fn keep_in_hash(controls: Controls, state: Memo<String>) {
    let Some(key) = controls.hash_key.get_value() else {
        return;
    };
    let write_key = key.clone();
    Effect::new(move |_| {
        let hash = platform::location_hash();
        let next = state.with(|s| widget::with_hash_state(&hash, &write_key, s));
        if next != hash {
            platform::replace_hash(&next);
        }
    });
    // A link or the host changed the fragment.
    let watch = window_event_listener(leptos::ev::hashchange, move |_| {
        let wanted = widget::hash_state(&platform::location_hash(), &key).unwrap_or_default();
        if state.with_untracked(|s| *s != wanted) {
            controls.set_attribute("state", Some(wanted));
        }
    });
    on_cleanup(move || watch.remove());
}
