//! Light and dark themes: follows `prefers-color-scheme` until the admin chooses,
//! then remembers the choice (in a widget: the host's choice wins, nothing is stored).

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
pub struct ThemeContext {
    theme: RwSignal<Theme>,
    /// Whether a choice is saved in the browser's storage.
    remember: bool,
}

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
        ThemeContext {
            theme: RwSignal::new(theme),
            remember: true,
        }
    }

    /// A widget's theme: the host's `choice`, else the system preference; never stored.
    pub fn for_widget(choice: Option<Theme>) -> Self {
        ThemeContext {
            theme: RwSignal::new(choice.unwrap_or_else(Self::system)),
            remember: false,
        }
    }

    /// The system preference.
    pub fn system() -> Theme {
        if platform::prefers_dark() {
            Theme::Dark
        } else {
            Theme::Light
        }
    }

    /// Sets the theme (a host's attribute), without storing it.
    pub fn set(&self, theme: Theme) {
        self.theme.set(theme);
    }

    /// The current theme (tracked).
    pub fn current(&self) -> Theme {
        self.theme.get()
    }

    /// Switches between light and dark and remembers it.
    pub fn toggle(&self) {
        self.theme.update(|t| {
            *t = if *t == Theme::Dark {
                Theme::Light
            } else {
                Theme::Dark
            }
        });
        if self.remember {
            platform::save_setting(KEY, self.theme.get_untracked().name());
        }
    }
}
