//! A widget's view, held in memory, as the explorer reads it instead of the URL.

use crate::core::query::ViewState;
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
