//! `<trail-view>`: the explorer inside a custom element's shadow root. Its view
//! lives in memory, not in the host's URL; the host's attributes set its source,
//! scope, defaults and theme ([`crate::core::widget`]), and changing one later
//! takes effect. Each widget has its own data; unmounting it cancels its requests
//! and timers.

use crate::core::query::ViewState;
use crate::core::widget;
use crate::ui::config::ConfigContext;
use crate::ui::explorer::Explorer;
use crate::ui::load::DataContext;
use crate::ui::theme::{Theme, ThemeContext};
use leptos::prelude::*;

/// A widget's view, held in memory: the explorer reads it instead of the URL.
#[derive(Clone, Copy)]
pub struct Hosted {
    /// The view state.
    pub view: RwSignal<ViewState>,
}

/// What the host controls of one widget, kept after it is mounted.
#[derive(Clone, Copy)]
pub struct Controls {
    view: RwSignal<ViewState>,
    scope: RwSignal<Option<String>>,
    theme: ThemeContext,
    /// The defaults the attributes give, and the attributes themselves.
    defaults: StoredValue<ViewState>,
    attributes: StoredValue<Vec<(String, String)>>,
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
    pub fn new(attributes: Vec<(String, String)>) -> Self {
        let get = |name: &str| {
            attributes
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        let defaults = widget::defaults(get);
        let view = ViewState::from_query_over(get("state").as_deref().unwrap_or(""), &defaults);
        Controls {
            view: RwSignal::new(view),
            scope: RwSignal::new(get("app").filter(|a| !a.trim().is_empty())),
            theme: ThemeContext::for_widget(theme_of(get("theme").as_deref())),
            defaults: StoredValue::new(defaults),
            attributes: StoredValue::new(attributes),
        }
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
            "app" => self
                .scope
                .set(value.filter(|a| !a.trim().is_empty())),
            "theme" => self
                .theme
                .set(theme_of(value.as_deref()).unwrap_or_else(ThemeContext::system)),
            "state" => {
                let v = self.defaults.with_value(|d| {
                    ViewState::from_query_over(value.as_deref().unwrap_or(""), d)
                });
                self.view.set(v);
            }
            _ if widget::VIEW_ATTRIBUTES.iter().any(|(n, _)| *n == name) => {
                let new = self.attributes.with_value(|a| {
                    widget::defaults(|n| a.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone()))
                });
                let old = self.defaults.get_value();
                self.view.update(|v| *v = widget::rebase(v, &old, &new));
                self.defaults.set_value(new);
            }
            _ => {}
        }
    }
}

/// One widget: its own data, theme and configuration around the explorer.
#[component]
pub fn WidgetApp(controls: Controls, config: ConfigContext) -> impl IntoView {
    let data = DataContext::new();
    provide_context(data);
    provide_context(controls.theme);
    provide_context(config);
    provide_context(Hosted {
        view: controls.view,
    });
    on_cleanup(move || data.shutdown());
    let scope = controls.scope;
    view! { <Explorer scope=Signal::derive(move || scope.get()) /> }
}
