//! The Leptos interface: a thin layer that holds signals and calls the core.

use leptos::prelude::*;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    view! { <p>"Trailview"</p> }
}
