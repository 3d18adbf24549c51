//! The explorer's shared state: the view, the data and the memoised pipeline
//! (filtered -> sorted -> page), handed to every component as one `Copy` context.

use crate::core::dataset::Dataset;
use crate::core::query::lang::{self, Field, Query, QueryError};
use crate::core::query::{FilterSpec, PageInfo, ViewState};
use crate::core::query::{arrival, context};
use crate::core::roles::Role;
use crate::core::store::NodeId;
use crate::core::view::kind_column;
use crate::ui::config::ConfigContext;
use crate::ui::engine::Engine;
use crate::ui::load::DataContext;
use crate::ui::shared::Shared;
use crate::ui::url_sync::UrlSync;
use leptos::html;
use leptos::prelude::*;

/// A column shown (or offered) in the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// The path node; `None` for the Kind column, which no field of the log holds.
    pub node: Option<NodeId>,
    /// Its path, as in URLs and headers.
    pub path: String,
    /// The role it plays, if any.
    pub role: Option<Role>,
}

impl Column {
    /// The Kind column ([`kind_column`]).
    pub fn kind() -> Column {
        Column {
            node: None,
            path: kind_column::NAME.to_string(),
            role: None,
        }
    }

    /// What the column's filter box filters: its path, or the kind of event.
    pub fn field(&self) -> Field {
        match self.node {
            Some(_) => Field::Path(self.path.clone()),
            None => Field::Kind,
        }
    }
}

/// What a panel or dialog over the table is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlay {
    /// Nothing.
    None,
    /// The export dialog.
    Export,
    /// The columns menu.
    Columns,
    /// The saved views dialog.
    Views,
}

/// Everything the explorer's components share.
#[derive(Clone, Copy)]
pub struct Ctx {
    /// The view state (mirrored in the URL).
    pub view: RwSignal<ViewState>,
    /// The loaded data.
    pub data: DataContext,
    /// The app of `/apps/:app`, if any.
    pub scope: Signal<Option<String>>,
    /// Every column the log has (role columns first), for menus.
    pub all_columns: Memo<Vec<Column>>,
    /// Every column the table offers: the default ones, then the Kind column.
    pub offered_columns: Memo<Vec<Column>>,
    /// The visible columns, in order.
    pub columns: Memo<Vec<Column>>,
    /// The filtered rows, sorted: worked out only when read (an export).
    pub sorted: Memo<Shared<Vec<u32>>>,
    /// Rows matching the view.
    pub matched: Memo<usize>,
    /// The current page.
    pub page: Memo<PageInfo>,
    /// Path of the time column (the default sort), if any.
    pub time_col: Memo<Option<String>>,
    /// The open overlay.
    pub overlay: RwSignal<Overlay>,
    /// The column whose statistics are shown, if any.
    pub field_stats: RwSignal<Option<String>>,
    /// True while a span chosen on the histogram is compared rather than zoomed to.
    pub comparing: RwSignal<bool>,
    /// The span whose differences are shown, if any.
    pub compare: RwSignal<Option<crate::core::explain::compare::Compare>>,
    /// The global search box.
    pub search_input: NodeRef<html::Input>,
    /// URL commits (immediate or debounced while typing).
    pub url: UrlSync,
    /// The deployment's configuration.
    pub config: StoredValue<ConfigContext>,
    /// The engine's answers for the view.
    pub engine: Engine,
    /// The search box's query as parsed (the last valid one while it is malformed).
    pub query: Memo<Query>,
    /// Why the search box's text is not a query, if it is not.
    pub query_error: Memo<Option<QueryError>>,
}

fn columns_of(d: &Dataset, nodes: impl IntoIterator<Item = NodeId>, scoped: bool) -> Vec<Column> {
    nodes
        .into_iter()
        .map(|node| Column {
            node: Some(node),
            path: d.store().node(node).path.clone(),
            role: d.roles().role_of(node),
        })
        // In one app's view its app columns say nothing.
        .filter(|c| !(scoped && matches!(c.role, Some(Role::App | Role::AppId))))
        .collect()
}

impl Ctx {
    /// The field a breakdown or a split starts with: the action's, else the first
    /// column shown.
    pub fn first_field(&self) -> Option<String> {
        let action = self.data.dataset.with_untracked(|d| {
            d.role(crate::core::roles::Role::Action)
                .map(|n| d.store().node(n).path.clone())
        });
        action.or_else(|| {
            self.columns
                .with_untracked(|c| c.iter().find(|c| c.node.is_some()).map(|c| c.path.clone()))
        })
    }

    /// Builds the pipeline over `view` and `data` for `scope`, with a widget host's
    /// `pinned` filters applied on top of the view's.
    pub fn new(
        view: RwSignal<ViewState>,
        data: DataContext,
        scope: Signal<Option<String>>,
        url: UrlSync,
        config: ConfigContext,
        pinned: Signal<Vec<(String, String)>>,
    ) -> Self {
        let dataset = data.dataset;
        let all_columns = Memo::new(move |_| {
            let scoped = scope.with(Option::is_some);
            dataset.with(|d| columns_of(d, d.default_columns(), scoped))
        });
        let offered_columns = Memo::new(move |_| {
            let mut all = all_columns.get();
            if dataset.with(kind_column::offered) {
                all.push(Column::kind());
            }
            all
        });
        let chosen = Memo::new(move |_| view.with(|v| v.cols.clone()));
        let columns = Memo::new(move |_| {
            let scoped = scope.with(Option::is_some);
            match chosen.get() {
                None => all_columns.get(),
                Some(paths) => dataset.with(|d| {
                    let mut out = Vec::new();
                    for p in &paths {
                        match d.column(p) {
                            Some(n) => out.extend(columns_of(d, [n], scoped)),
                            None if p == kind_column::NAME && kind_column::offered(d) => {
                                out.push(Column::kind())
                            }
                            None => {}
                        }
                    }
                    out
                }),
            }
        });
        // The box's text as a query; while it is malformed, the last valid one stays.
        // Only the box's text: a page flip or a sort does not parse it again.
        let text = Memo::new(move |_| view.with(|v| v.q.trim().to_string()));
        let parsed = Memo::new(move |_| {
            let q = text.get();
            dataset.with(|d| lang::parse(&q, d).map(|query| (q, query)))
        });
        let valid = Memo::new(move |prev: Option<&(String, Query)>| match parsed.get() {
            Ok(ok) => ok,
            Err(_) => prev.cloned().unwrap_or_default(),
        });
        let query = Memo::new(move |_| valid.with(|v| v.1.clone()));
        let query_error = Memo::new(move |_| parsed.with(|p| p.as_ref().err().cloned()));
        // Only what filters: a sort or a page flip does not filter again.
        let filtering = Memo::new(move |_| {
            let q = valid.with(|v| v.0.clone());
            view.with(|v| ViewState {
                range: v.range,
                q,
                tz: v.tz,
                ..Default::default()
            })
        });
        let kinds = StoredValue::new(config.config.kinds.clone());
        // Show in context lifts the search, filters and range (the scope and a
        // host's pinned filters hold).
        let lifted = Memo::new(move |_| view.with(|v| v.context.is_some()));
        let filtering = Memo::new(move |_| match lifted.get() {
            true => view.with(|v| ViewState {
                tz: v.tz,
                ..Default::default()
            }),
            false => filtering.get(),
        });
        let spec = move || {
            let now = crate::platform::now_ms();
            let mut spec = filtering.with(|v| v.filter_spec(now, scope.get().as_deref()));
            spec.filters.extend(pinned.get());
            spec.kinds = kinds.get_value();
            spec
        };
        let fence = Memo::new(move |_| FilterSpec::fence(scope.get(), pinned.get()));
        let engine = Engine::new(view, data, scope, spec, fence);
        Ctx {
            view,
            data,
            scope,
            all_columns,
            offered_columns,
            columns,
            sorted: engine.sorted,
            matched: engine.matched,
            page: engine.page,
            time_col: engine.time_col,
            engine,
            query,
            query_error,
            overlay: RwSignal::new(Overlay::None),
            field_stats: RwSignal::new(None),
            comparing: RwSignal::new(false),
            compare: RwSignal::new(None),
            search_input: NodeRef::new(),
            url,
            config: StoredValue::new(config),
        }
    }

    /// ANDs `clause` onto the search box's query (a facet's click), once.
    pub fn add_clause(&self, clause: &str) {
        let text = self.view.with_untracked(|v| v.q.clone());
        let q = self
            .data
            .dataset
            .with_untracked(|d| lang::adding::with_clause(&text, clause, d));
        self.update(|s| s.set_search(&q));
    }

    /// The deployment's kinds for particular actions.
    pub fn kinds(&self) -> crate::core::kind::Overrides {
        self.config.with_value(|c| c.config.kinds.clone())
    }

    /// Changes the view and records it in the URL as one history step.
    pub fn update(&self, f: impl FnOnce(&mut ViewState)) {
        self.url.end_typing();
        self.view.update(|v| settled(v, f));
    }

    /// Moves the view along with the log (live refresh): no history step.
    pub fn follow(&self, f: impl FnOnce(&mut ViewState)) {
        self.url.follow();
        self.view.update(f);
    }

    /// Changes the view while the admin types: the table follows every key, the
    /// URL only settles after a pause (one history step per burst of typing).
    pub fn update_typing(&self, f: impl FnOnce(&mut ViewState)) {
        self.url.start_typing();
        self.view.update(|v| settled(v, f));
    }

    /// The rows of the current page.
    pub fn page_rows(&self) -> Vec<u32> {
        self.engine.page_rows()
    }
}

/// Applies the admin's change `f` to `v`; a page live refresh shifted stops being
/// shifted once the admin moves on ([`arrival::settle`]).
fn settled(v: &mut ViewState, f: impl FnOnce(&mut ViewState)) {
    let before = v.clone();
    f(v);
    arrival::settle(&before, v);
    context::settle(&before, v);
}
