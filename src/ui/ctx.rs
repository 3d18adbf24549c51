//! The explorer's shared state: the view, the data and the memoised pipeline
//! (filtered -> sorted -> page), handed to every component as one `Copy` context.

use crate::core::dataset::Dataset;
use crate::core::query::{PageInfo, RowSet, ViewState, paginate, sort_prefix};
use crate::core::roles::Role;
use crate::core::store::NodeId;
use crate::ui::config::ConfigContext;
use crate::ui::load::DataContext;
use crate::ui::shared::Shared;
use crate::ui::url_sync::UrlSync;
use leptos::html;
use leptos::prelude::*;

/// A column shown (or offered) in the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// The path node.
    pub node: NodeId,
    /// Its path, as in URLs and headers.
    pub path: String,
    /// The role it plays, if any.
    pub role: Option<Role>,
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
    /// The visible columns, in order.
    pub columns: Memo<Vec<Column>>,
    /// The filtered rows, a frame after the table's: facets and the histogram
    /// follow them, so new rows paint before the panels are counted again.
    pub panel_rows: ReadSignal<Shared<RowSet>>,
    /// The filtered rows, sorted: worked out only when read (an export).
    pub sorted: Memo<Shared<Vec<u32>>>,
    /// The first rows of that order, through the current page at least.
    pub shown: Memo<Shared<Vec<u32>>>,
    /// Rows matching the view (the server's count for ClickHouse).
    pub matched: Memo<usize>,
    /// The current page.
    pub page: Memo<PageInfo>,
    /// Path of the time column (the default sort), if any.
    pub time_col: Memo<Option<String>>,
    /// The open overlay.
    pub overlay: RwSignal<Overlay>,
    /// The global search box.
    pub search_input: NodeRef<html::Input>,
    /// URL commits (immediate or debounced while typing).
    pub url: UrlSync,
    /// The deployment's configuration.
    pub config: StoredValue<ConfigContext>,
}

fn columns_of(d: &Dataset, nodes: impl IntoIterator<Item = NodeId>, scoped: bool) -> Vec<Column> {
    nodes
        .into_iter()
        .map(|node| Column {
            node,
            path: d.store().node(node).path.clone(),
            role: d.roles().role_of(node),
        })
        // In one app's view its app columns say nothing.
        .filter(|c| !(scoped && matches!(c.role, Some(Role::App | Role::AppId))))
        .collect()
}

impl Ctx {
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
        let chosen = Memo::new(move |_| view.with(|v| v.cols.clone()));
        let columns = Memo::new(move |_| {
            let scoped = scope.with(Option::is_some);
            match chosen.get() {
                None => all_columns.get(),
                Some(paths) => dataset
                    .with(|d| columns_of(d, paths.iter().filter_map(|p| d.column(p)), scoped)),
            }
        });
        // Only what filters: a sort or a page flip does not filter again.
        let filtering = Memo::new(move |_| {
            view.with(|v| ViewState {
                range: v.range,
                q: v.q.clone(),
                filters: v.filters.clone(),
                ..Default::default()
            })
        });
        let server = data.server;
        let spec = move || {
            let now = crate::platform::now_ms();
            let mut spec = filtering.with(|v| v.filter_spec(now, scope.get().as_deref()));
            spec.filters.extend(pinned.get());
            spec
        };
        let rows = Memo::new(move |_| {
            // The server filtered the page it sent.
            if server.connected.get() {
                return dataset.with(|d| Shared::new(RowSet::full(d.len())));
            }
            let spec = spec();
            dataset.with(|d| Shared::new(crate::core::query::filter(d, &spec)))
        });
        // The ClickHouse engine answers every view change with queries.
        let asked = Memo::new(move |_| {
            // Each live refresh asks again, with relative ranges ending now.
            server.tick.track();
            server.connected.get().then(|| {
                let spec = spec();
                view.with(|v| crate::core::engine::Ask {
                    spec,
                    sort: v.sort.clone(),
                    page: v.page,
                    size: v.size,
                    tz: v.tz,
                    map: v.map.clone(),
                })
            })
        });
        Effect::new(move |_| {
            server.tick.track();
            if let Some(ask) = asked.get() {
                server.view(data, ask);
            }
        });
        let (panel_rows, set_panel_rows) = signal(Shared::new(RowSet::empty(0)));
        let panel_seq = StoredValue::new(0u64);
        Effect::new(move |_| {
            let r = rows.get();
            panel_seq.update_value(|n| *n += 1);
            let mine = panel_seq.get_value();
            leptos::task::spawn_local(async move {
                // After the new rows are painted: counting the panels would delay them.
                crate::platform::after_paint().await;
                // Only the newest rows: a burst of changes counts the panels once.
                if panel_seq.try_get_value() == Some(mine) {
                    set_panel_rows.set(r);
                }
            });
        });
        let time_col = Memo::new(move |_| {
            dataset.with(|d| d.role(Role::Time).map(|n| d.store().node(n).path.clone()))
        });
        let sort = Memo::new(move |_| view.with(|v| v.sort.clone()));
        // Sorts `n` of the filtered rows (all of them for usize::MAX).
        let order = move |n: usize| {
            let sort = sort.get();
            let time_col = time_col.get();
            let rows = rows.get();
            dataset.with(|d| {
                let (col, desc) = match sort.resolve(time_col.as_deref()) {
                    Some((c, desc)) => (d.column(c), desc),
                    None => (None, false),
                };
                Shared::new(sort_prefix(d, &rows, col, desc, n))
            })
        };
        let sorted = Memo::new(move |_| {
            if server.connected.get() {
                // In the server's order already.
                return Shared::new((0..rows.with(|r| r.universe() as u32)).collect());
            }
            order(usize::MAX)
        });
        let matched = Memo::new(move |_| match server.connected.get() {
            true => server.answer.with(|a| a.total.unwrap_or(0)),
            false => rows.with(|r| r.count()),
        });
        let page = Memo::new(move |_| {
            let (p, size) = view.with(|v| (v.page, v.size));
            paginate(matched.get(), p, size)
        });
        // A page needs the rows before it in order, not the whole order: ordered
        // through a power of two past its end, so the next pages come from the same
        // prefix (at 1M a sort's rows reach the table in about 12 ms, not 26).
        let reach = Memo::new(move |_| page.get().end.max(1).next_power_of_two().max(1024));
        let shown = Memo::new(move |_| {
            if server.connected.get() {
                return sorted.get();
            }
            order(reach.get())
        });
        Ctx {
            view,
            data,
            scope,
            all_columns,
            columns,
            panel_rows,
            sorted,
            shown,
            matched,
            page,
            time_col,
            overlay: RwSignal::new(Overlay::None),
            search_input: NodeRef::new(),
            url,
            config: StoredValue::new(config),
        }
    }

    /// Changes the view and records it in the URL as one history step.
    pub fn update(&self, f: impl FnOnce(&mut ViewState)) {
        self.url.end_typing();
        self.view.update(f);
    }

    /// Changes the view while the admin types: the table follows every key, the
    /// URL only settles after a pause (one history step per burst of typing).
    pub fn update_typing(&self, f: impl FnOnce(&mut ViewState)) {
        self.url.start_typing();
        self.view.update(f);
    }

    /// The rows of the current page.
    pub fn page_rows(&self) -> Vec<u32> {
        let p = self.page.get();
        if self.data.server.connected.get() {
            // The dataset holds just this page.
            return self.shown.get().to_vec();
        }
        self.shown
            .with(|s| s[p.start.min(s.len())..p.end.min(s.len())].to_vec())
    }
}
