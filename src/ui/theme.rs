//! Light and dark themes: follows `prefers-color-scheme` until the admin chooses,
//! then remembers the choice.

use crate::platform;
use leptos::prelude::*;

/// A colour theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Dark text on light.
    Light,
    /// Light text on dark.
    Dark,
}

impl Theme {
    /// The `data-theme` value.
    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

const KEY: &str = "trailview.theme";

/// The theme in force.
#[derive(Clone, Copy)]
pub struct ThemeContext(RwSignal<Theme>);

impl Default for ThemeContext {
    fn default() -> Self {
        Self::new()
    }
}

impl ThemeContext {
    /// The saved choice, else the system preference.
    pub fn new() -> Self {
        let theme = match platform::load_setting(KEY).as_deref() {
            Some("dark") => Theme::Dark,
            Some("light") => Theme::Light,
            _ if platform::prefers_dark() => Theme::Dark,
            _ => Theme::Light,
        };
        ThemeContext(RwSignal::new(theme))
    }

    /// The current theme (tracked).
    pub fn current(&self) -> Theme {
        self.0.get()
    }

    /// Switches between light and dark and remembers it.
    pub fn toggle(&self) {
        self.0.update(|t| {
            *t = if *t == Theme::Dark {
                Theme::Light
            } else {
                Theme::Dark
            }
        });
        platform::save_setting(KEY, self.0.get_untracked().name());
    }
}
