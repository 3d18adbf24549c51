//! A widget's view, held in memory, as the explorer reads it instead of the URL, and
//! the views its host ships.

use crate::core::query::ViewState;
use crate::core::query::saved::SavedView;
use leptos::prelude::*;

/// A widget's view, held in memory: the explorer reads it instead of the URL.
#[derive(Clone, Copy)]
pub struct Hosted {
    /// The view state.
    pub view: RwSignal<ViewState>,
    /// Filters the host pinned: always applied, shown, never removable inside.
    pub pinned: RwSignal<Vec<(String, String)>>,
    /// The host's defaults: with a host source, what is fetched is pinned to them.
    pub host: RwSignal<ViewState>,
}

/// The views a widget's host ships (its `views` attribute), before the admin's own.
#[derive(Clone, Copy)]
pub struct HostViews(pub RwSignal<Vec<SavedView>>);
