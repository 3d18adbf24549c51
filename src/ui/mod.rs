//! The Leptos interface: a thin layer that holds signals and calls the core.
//!
//! [`App`] provides the data and theme contexts and routes the base path
//! (organization view), `<base>apps/:app` (one app), `<base>embed` (the iframe
//! mode, [`frame`]) and anything else (not found),
//! under whatever path the app is served from. Every route renders the same
//! [`explorer::Explorer`], scoped or not. Nothing here queries `document`:
//! elements are reached through node refs and event targets, so the UI can be
//! mounted on any element.

mod announce;
mod around;
mod arrival;
mod auth;
mod badge;
mod breakdown;
mod chain;
mod clickhouse;
mod columns;
mod complete;
mod config;
mod ctx;
mod details;
mod dialog;
mod differences;
mod engine;
mod explorer;
mod export;
mod facets;
mod field_stats;
mod filters;
mod frame;
mod histogram;
mod history;
mod hosted;
mod lazy;
mod live;
mod load;
mod mapping;
mod pager;
mod prefetch;
mod querying;
mod resize;
mod server;
mod shared;
mod split;
mod status;
mod table;
mod theme;
mod toolbar;
mod url_sync;
mod value_filters;
mod views;
pub mod widget;

pub use config::ConfigContext;
pub use explorer::Explorer;
pub use load::DataContext;
pub use shared::Shared;
pub use status::LoadStatus;
pub use theme::{Theme, ThemeContext};

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_params_map;
use leptos_router::path;

/// The whole app: contexts, the deployment's configuration (read first), routes.
#[component]
pub fn App() -> impl IntoView {
    let data = DataContext::new();
    provide_context(data);
    provide_context(theme::ThemeContext::new());
    let config = RwSignal::new(None::<ConfigContext>);
    leptos::task::spawn_local(async move {
        let c = ConfigContext::fetch().await;
        data.set_input_zone(c.config.input_zone.unwrap_or_default());
        config.set(Some(c));
    });
    move || {
        config.get().map(|c| {
            let base = crate::core::deploy::route::router_base(c.root()).to_string();
            provide_context(c);
            view! {
                <Router base=base>
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=|| view! { <explorer::Explorer scope=Signal::stored(None::<String>) /> } />
                        <Route path=path!("/apps/:app") view=AppRoute />
                        <Route path=path!("/embed") view=frame::EmbedRoute />
                    </Routes>
                </Router>
            }
        })
    }
}

/// `/apps/:app`: the explorer scoped to one app.
#[component]
fn AppRoute() -> impl IntoView {
    let params = use_params_map();
    let app = Memo::new(move |_| {
        params
            .with(|p| p.get("app"))
            .filter(|a| !a.trim().is_empty())
    });
    view! { <explorer::Explorer scope=Signal::derive(move || app.get()) /> }
}

/// Any other path.
#[component]
fn NotFound() -> impl IntoView {
    let theme = expect_context::<theme::ThemeContext>();
    let home = use_context::<ConfigContext>()
        .map(|c| c.root().to_string())
        .unwrap_or_else(|| "/".into());
    view! {
        <div class="tv-root tv-notfound" data-theme=move || theme.current().name()>
            <main>
                <h1>"Page not found"</h1>
                <p>"There is nothing at this address in Trailview."</p>
                <a href=home>"Back to the organization view"</a>
            </main>
        </div>
    }
}
