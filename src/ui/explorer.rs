//! The explorer: loads the view's source, builds the shared context and lays out
//! toolbar, facets, histogram, table, pager and the entry panel.

use crate::core::ingest::progress::Phase;
use crate::core::query::ViewState;
use crate::ui::config::ConfigContext;
use crate::ui::ctx::{Ctx, Overlay};
use crate::ui::hosted::Hosted;
use crate::ui::load::DataContext;
use crate::ui::status::LoadStatus;
use crate::ui::theme::ThemeContext;
use crate::ui::{
    announce, around, arrival, auth, breakdown, chain, columns, details, differences, export,
    facets, field_stats, filters, histogram, history, live, mapping, pager, querying, table,
    toolbar, url_sync, views,
};
use leptos::ev;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// True if keys typed now belong to a text field.
fn typing_in_field(e: &web_sys::KeyboardEvent) -> bool {
    let Some(el) = crate::platform::event_origin(e) else {
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
    let config = use_context::<ConfigContext>().unwrap_or_default();
    // A page keeps its view in the URL; a widget in memory, where its host sets it.
    let hosted = use_context::<Hosted>();
    let (view, url) = match hosted {
        Some(h) => (h.view, url_sync::UrlSync::in_memory()),
        None => {
            let location = use_location();
            let view = RwSignal::new(ViewState::from_query_over(
                &location.search.get_untracked(),
                &config.base,
            ));
            (view, url_sync::use_url_sync(view, config.base.clone()))
        }
    };
    let widget = config.widget;
    // The iframe mode has no page chrome: the title is there for screen readers only.
    let title_class = if config.frame {
        "tv-title tv-visually-hidden"
    } else {
        "tv-title"
    };
    let root = NodeRef::<leptos::html::Div>::new();
    let pinned = hosted.map_or_else(|| Signal::stored(Vec::new()), |h| h.pinned.into());
    let ctx = Ctx::new(view, data, scope, url, config.clone(), pinned);
    provide_context(ctx);
    arrival::watch(ctx);

    // Load the source (templated with the app for per-app endpoints), checked
    // against the deployment's allowed sources.
    // Only what says which log to fetch: typing a search does not re-resolve it. A
    // widget's host source pins it, whatever the view says.
    let wanted = Memo::new(move |_| {
        let asked = view.with(|v| ViewState {
            source: v.source.clone(),
            paging: v.paging.clone(),
            limit: v.limit,
            auth: v.auth.clone(),
            redact: v.redact.clone(),
            ..Default::default()
        });
        match hosted {
            Some(h) => h
                .host
                .with(|host| crate::core::embed::widget::pin(asked, host)),
            None => asked,
        }
    });
    let source = Memo::new(move |_| {
        let app = scope.get();
        // The host's source as it is now (an attribute may come or go after mount):
        // only then may the host's provider give a token for it.
        let host_given = hosted.is_some_and(|h| h.host.with(|d| d.source.is_some()));
        wanted.with(|v| {
            ctx.config
                .with_value(|c| c.source(v, app.as_deref(), host_given))
        })
    });
    Effect::new(move |_| match source.get() {
        Ok(s) => data.ensure(s),
        Err(e) => data.fail(e.url(), e.to_string()),
    });
    Effect::new(move |_| data.set_live(view.with(|v| v.live)));
    // Times without an offset are read in the view's input zone.
    let itz = Memo::new(move |_| view.with(|v| v.itz));
    Effect::new(move |_| data.set_input_zone(itz.get()));
    // Live refresh waits while the page is hidden; the watch goes with the explorer.
    let _watch = StoredValue::new_local(crate::platform::VisibilityWatch::new(move || {
        data.visibility_changed()
    }));
    // Apply the field mapping to every dataset that arrives.
    Effect::new(move |_| {
        data.version.track();
        let map = view.with(|v| v.map.clone());
        data.dataset.maybe_update(|d| d.set_mapping(&map));
    });

    // Keys: `/` searches, Esc closes the topmost thing open (in a widget: only
    // while focus is inside it).
    let keys = window_event_listener(ev::keydown, move |e| {
        if widget && !key_inside(&e, root) {
            return;
        }
        if e.key() == "/" && !typing_in_field(&e) && !e.ctrl_key() && !e.meta_key() {
            if let Some(input) = ctx.search_input.get_untracked() {
                e.prevent_default();
                let _ = input.focus();
                input.select();
            }
        } else if e.key() == "Escape" && !e.default_prevented() {
            // (A prevented Esc closed something smaller first: the search's suggestions.)
            if ctx.overlay.get_untracked() != Overlay::None {
                ctx.overlay.set(Overlay::None);
            } else if ctx.field_stats.with_untracked(Option::is_some) {
                ctx.field_stats.set(None);
            } else if view.with_untracked(|v| !v.group.is_empty()) {
                ctx.update(|v| v.group.clear());
            } else if ctx.compare.with_untracked(Option::is_some) {
                ctx.compare.set(None);
            } else if view.with_untracked(|v| v.follow.is_some()) {
                ctx.update(|v| v.follow = None);
            } else if view.with_untracked(|v| v.history.is_some()) {
                ctx.update(|v| v.history = None);
            } else if view.with_untracked(|v| v.entry.is_some()) {
                ctx.update(|v| v.entry = None);
            }
        }
    });
    on_cleanup(move || keys.remove());

    let heading = move || {
        match scope.get() {
        Some(app) => view! {
            <h1 class=title_class><span class="tv-brand">"Trailview"</span><span class="tv-title__sep">" · "</span>{format!("App: {app}")}</h1>
            // A widget's scope is the host's: nothing inside widens it.
            {(!widget).then(|| view! { <a href=move || all_apps_href(ctx)>"← All apps"</a> })}
        }
        .into_any(),
        None => view! {
            <h1 class=title_class><span class="tv-brand">"Trailview"</span><span class="tv-title__sep">" · "</span>"Organization audit log"</h1>
        }
        .into_any(),
    }
    };
    // Rows are explorable as soon as the first ones are in.
    let ready = Memo::new(move |_| {
        data.dataset.with(|d| !d.is_empty()) || data.state.with(|s| s.phase == Phase::Done)
    });
    // Everything around the rows (side panels, histogram, table bar, pager, entry
    // panel) follows the first rows by a frame, so the rows paint sooner and no
    // single task builds the whole explorer.
    let panels = RwSignal::new(false);
    Effect::new(move |_| {
        if ready.get() && !panels.get_untracked() {
            leptos::task::spawn_local(async move {
                crate::platform::next_frame().await;
                panels.set(true);
                crate::ui::prefetch::when_idle();
            });
        }
    });
    let show_token = RwSignal::new(false);
    let needs_token = move || {
        data.state.with(|s| {
            matches!(
                s.phase,
                Phase::Failed {
                    needs_token: true,
                    ..
                }
            )
        })
    };
    let problems = config.problems.clone();
    let (main_role, side_role) = (config.landmark("main"), config.landmark("complementary"));
    // A header is the page's banner only where the explorer is the page.
    let header_role = (!config.owns_page()).then_some("none");

    view! {
        <div class="tv-root" data-theme=move || theme.current().name() node_ref=root>
            <header class="tv-header" role=header_role>
                <div class="tv-header__top">
                    {heading}
                    <div class="tv-header__actions">
                        {(!config.source_locked).then(|| view! { <toolbar::SourceForm /> })}
                        <button class="tv-btn" aria-expanded=move || show_token.get().to_string()
                            on:click=move |_| show_token.update(|s| *s = !*s)>"Token"</button>
                        <button class="tv-btn" aria-pressed=move || (theme.current() == crate::ui::Theme::Dark).to_string()
                            on:click=move |_| theme.toggle()>"Dark mode"</button>
                    </div>
                </div>
                <Show when=move || show_token.get() && !needs_token()>
                    <auth::TokenForm autofocus=true />
                </Show>
                <toolbar::Toolbar />
            </header>
            {(!problems.is_empty()).then(|| view! {
                <div class="tv-notice" role="alert">
                    {problems.iter().map(|p| view! { <p>{p.clone()}</p> }).collect_view()}
                </div>
            })}
            // Until the first rows are in, the load's progress or error (and the Token
            // field) is the main content.
            <Show when=move || ready.get() fallback=move || view! { <div class="tv-waiting" role=main_role><LoadStatus /></div> }>
                <LoadStatus />
                <div class="tv-body">
                    <div class="tv-sidebar" role=side_role aria-label="Facets and field mapping">
                        <Show when=move || panels.get()>
                            <facets::Facets />
                            <mapping::FieldMapping />
                        </Show>
                    </div>
                    <div class="tv-main" role=main_role>
                        // In the main landmark: its text is content, not a live region
                        // (it counts seconds while a slow query runs).
                        <querying::QueryStatus />
                        <Show when=move || panels.get()>
                            <histogram::Histogram />
                        </Show>
                        <Show when=move || panels.get()>
                            <div class="tv-tablebar">
                                <live::LiveControls />
                                <columns::ColumnsMenu />
                                <button class="tv-btn" on:click=move |_| ctx.overlay.set(Overlay::Views)>"Views"</button>
                                <button class="tv-btn" title="Group the view by a field: entries, share, distinct actors, first and last seen"
                                    on:click=move |_| breakdown::open(ctx)>"Breakdown"</button>
                                <button class="tv-btn" on:click=move |_| ctx.overlay.set(Overlay::Export)>"Export"</button>
                            </div>
                        </Show>
                        <arrival::ArrivalNotice />
                        <around::AroundBanner />
                        // In context the filters are lifted: their chips come back with them.
                        <Show when=move || ctx.view.with(|v| v.context.is_none())>
                            <filters::ActiveFilters pinned=pinned />
                        </Show>
                        <announce::MatchCount />
                        <table::LogTable />
                        <Show when=move || panels.get()>
                            <pager::Pager />
                        </Show>
                    </div>
                    <Show when=move || panels.get()>
                        <details::EntryDetails />
                    </Show>
                </div>
                <Show when=move || panels.get()>
                    <export::ExportDialog />
                    <views::ViewsDialog />
                    <history::HistoryDialog />
                    <chain::ChainDialog />
                    <field_stats::FieldStatsDialog />
                    <breakdown::BreakdownDialog />
                    <differences::DifferencesDialog />
                </Show>
            </Show>
        </div>
    }
}

/// True if a key event happened inside this explorer (a widget's keys stay its own).
fn key_inside(e: &web_sys::KeyboardEvent, root: NodeRef<leptos::html::Div>) -> bool {
    root.get_untracked()
        .is_some_and(|r| crate::platform::event_inside(e, &r))
}

/// The organization view with the same range, zone and search, without app filters.
fn all_apps_href(ctx: Ctx) -> String {
    ctx.config.with_value(|c| {
        let q = ctx.view.with(|v| v.link_query(&[], &c.base));
        crate::core::deploy::route::org_href(c.root(), &q)
    })
}
