//! The explorer: loads the view's source, builds the shared context and lays out
//! toolbar, facets, histogram, table, pager and the entry panel.

use crate::core::query::ViewState;
use crate::core::query::state::resolve_source;
use crate::ui::ctx::{Ctx, Overlay};
use crate::ui::load::{DataContext, LoadState, LoadStatus};
use crate::ui::theme::ThemeContext;
use crate::ui::{
    columns, details, export, facets, histogram, mapping, pager, table, toolbar, url_sync,
};
use leptos::ev;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// True if keys typed now belong to a text field.
fn typing_in_field(e: &web_sys::KeyboardEvent) -> bool {
    let Some(el) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        || el.has_attribute("contenteditable")
}

/// The explorer for the whole organization (`scope` = None) or one app.
#[component]
pub fn Explorer(#[prop(into)] scope: Signal<Option<String>>) -> impl IntoView {
    let data = expect_context::<DataContext>();
    let theme = expect_context::<ThemeContext>();
    let location = use_location();
    let view = RwSignal::new(ViewState::from_query(&location.search.get_untracked()));
    let url = url_sync::use_url_sync(view);
    let ctx = Ctx::new(view, data, scope, url);
    provide_context(ctx);

    // Load the source (templated with the app for per-app endpoints).
    let source = Memo::new(move |_| {
        resolve_source(
            view.with(|v| v.source.clone()).as_deref(),
            scope.get().as_deref(),
        )
    });
    Effect::new(move |_| match source.get() {
        Ok(url) => data.ensure(&url),
        Err((url, message)) => data.fail(&url, message),
    });
    // Apply the field mapping to every dataset that arrives.
    Effect::new(move |_| {
        data.version.track();
        let map = view.with(|v| v.map.clone());
        data.dataset.maybe_update(|d| d.set_mapping(&map));
    });

    // Keys: `/` searches, Esc closes the topmost thing open.
    let keys = window_event_listener(ev::keydown, move |e| {
        if e.key() == "/" && !typing_in_field(&e) && !e.ctrl_key() && !e.meta_key() {
            if let Some(input) = ctx.search_input.get_untracked() {
                e.prevent_default();
                let _ = input.focus();
                input.select();
            }
        } else if e.key() == "Escape" {
            if ctx.overlay.get_untracked() != Overlay::None {
                ctx.overlay.set(Overlay::None);
            } else if view.with_untracked(|v| v.entry.is_some()) {
                ctx.update(|v| v.entry = None);
            }
        }
    });
    on_cleanup(move || keys.remove());

    let heading = move || {
        match scope.get() {
        Some(app) => view! {
            <h1 class="tv-title"><span class="tv-brand">"Trailview"</span><span class="tv-title__sep">" · "</span>{format!("App: {app}")}</h1>
            <A href=move || all_apps_href(view)>"← All apps"</A>
        }
        .into_any(),
        None => view! {
            <h1 class="tv-title"><span class="tv-brand">"Trailview"</span><span class="tv-title__sep">" · "</span>"Organization audit log"</h1>
        }
        .into_any(),
    }
    };
    let ready = move || matches!(data.state.get(), LoadState::Ready { .. });

    view! {
        <div class="tv-root" data-theme=move || theme.current().name()>
            <header class="tv-header">
                <div class="tv-header__top">
                    {heading}
                    <div class="tv-header__actions">
                        <toolbar::SourceForm />
                        <button class="tv-btn" aria-pressed=move || (theme.current() == crate::ui::Theme::Dark).to_string()
                            on:click=move |_| theme.toggle()>"Dark mode"</button>
                    </div>
                </div>
                <toolbar::Toolbar />
            </header>
            <LoadStatus />
            <Show when=ready>
                <div class="tv-body">
                    <aside class="tv-sidebar" aria-label="Facets and field mapping">
                        <facets::Facets />
                        <mapping::FieldMapping />
                    </aside>
                    <main class="tv-main">
                        <histogram::Histogram />
                        <div class="tv-tablebar">
                            <columns::ColumnsMenu />
                            <button class="tv-btn" on:click=move |_| ctx.overlay.set(Overlay::Export)>"Export"</button>
                        </div>
                        <table::LogTable />
                        <pager::Pager />
                    </main>
                    <details::EntryDetails />
                </div>
                <export::ExportDialog />
            </Show>
        </div>
    }
}

/// The organization view with the same range, zone and search, without app filters.
fn all_apps_href(view: RwSignal<ViewState>) -> String {
    let q = view.with(|v| v.link_query(&[]));
    if q.is_empty() {
        "/".into()
    } else {
        format!("/?{q}")
    }
}
