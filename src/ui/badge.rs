//! Severity and outcome badges in the table and the facets.

use crate::core::roles::badge::Badge;
use leptos::prelude::*;

/// A badge: the logged text, glossed when it does not say what it means
/// (`3 · ERROR`); the colour only repeats what the text says.
pub fn badge_view(b: Badge, text: String) -> impl IntoView + use<> {
    let gloss = b
        .gloss(&text)
        .map(|g| view! { <span class="tv-badge__gloss">{format!(" · {g}")}</span> });
    view! { <span class=format!("tv-badge tv-badge--{}", b.class())>{text}{gloss}</span> }
}
