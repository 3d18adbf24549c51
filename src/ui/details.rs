//! The entry panel: the role fields, a collapsible JSON tree of the original entry
//! (copy, filter for / filter out any value), its old -> new changes, the raw text,
//! downloads and a permalink. Esc closes it.

use crate::core::dataset::Dataset;
use crate::core::engine::memory::kinds;
use crate::core::explain::first_seen::Reason;
use crate::core::inspect::entry::{self, Entry as Model};
use crate::core::inspect::tree::{self, Branch, Child, FilterTarget, Node};
use crate::core::inspect::{self, JsonValue};
use crate::core::query::lang::adding::value_clause;
use crate::core::trust::export;
use crate::platform;
use crate::ui::ctx::Ctx;
use crate::ui::dialog;
use crate::ui::engine::Lookup;
use crate::ui::shared::Shared;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Which view of the entry is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Tree,
    Raw,
}

/// What the URL's entry key names.
#[derive(Clone, Debug, PartialEq)]
enum Found {
    Entry(Entry),
    /// Not in the log (or, from ClickHouse, not in the table).
    Missing(String),
    /// Being read from the ClickHouse table by its id.
    Reading(String),
}

/// One entry shown, and the dataset it is in.
#[derive(Clone, Debug, PartialEq)]
struct Entry {
    /// What the panel shows of it.
    model: Model,
    /// The entry read by id from ClickHouse, when it is not on the page (its row is 0).
    fetched: Option<Shared<Dataset>>,
}

/// The entry panel (shown while the URL names an entry).
#[component]
pub fn EntryDetails() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let panel = NodeRef::<leptos::html::Div>::new();
    let (panel_role, changes_role) = ctx.config.with_value(|c| {
        (
            c.landmark("complementary"),
            (!c.owns_page()).then_some("group"),
        )
    });
    let tab = RwSignal::new(Tab::Tree);
    let note = RwSignal::new(String::new());
    let expand = RwSignal::new((0u32, true));
    // One entry of `d`: the loaded log, the page shown, or the row read by id.
    let build = move |d: &Dataset, row: u32, key: String, fetched: Option<Shared<Dataset>>| Entry {
        model: Model::of(d, row, key, ctx.view.with(|v| v.tz), platform::now_ms()),
        fetched,
    };
    let entry = Memo::new(move |_| {
        let key = ctx.view.with(|v| v.entry.clone())?;
        let on_page = ctx
            .engine
            .entry_row(&key)
            .map(|row| ctx.data.dataset.with(|d| build(d, row, key.clone(), None)));
        if let Some(e) = on_page {
            return Some(Found::Entry(e));
        }
        // An entry elsewhere in a log held elsewhere is read by its id.
        Some(match ctx.engine.lookup(&key) {
            Lookup::Found(d) => Found::Entry(build(&d, 0, key, Some(d.clone()))),
            Lookup::Missing => Found::Missing(key),
            Lookup::Reading => Found::Reading(key),
        })
    });
    Effect::new(move |_| {
        if let Some(Found::Reading(key)) = entry.get() {
            ctx.engine.read_entry(ctx.data, key);
        }
    });
    let close = move || ctx.update(|v| v.entry = None);
    let say = move |s: &str| note.set(s.to_string());
    let copy = move |text: String, what: &'static str| {
        spawn_local(async move {
            match platform::copy_text(&text).await {
                Ok(()) => note.set(format!("Copied {what}.")),
                Err(e) => note.set(format!("Could not copy: {e}.")),
            }
        })
    };
    let download = move |name: String, mime: &'static str, bytes: Vec<u8>| {
        if let Some(el) = panel.get_untracked() {
            match platform::download(&el, &name, mime, &bytes) {
                Ok(()) => say(&format!("Downloaded {name}.")),
                Err(e) => say(&e.to_string()),
            }
        }
    };

    move || {
        let Some(found) = entry.get() else {
            return ().into_any();
        };
        // Closing the panel (Esc, ✕) from inside it puts focus back on the row.
        dialog::return_focus(panel);
        let (e, fetched) = match found {
            Found::Entry(Entry { model, fetched }) => (model, fetched),
            Found::Reading(key) => {
                return view! {
                    <div class="tv-details" role=panel_role aria-label="Entry details" aria-busy="true" node_ref=panel>
                        <div class="tv-details__head">
                            <h2>{format!("Entry {key}")}</h2>
                            <button class="tv-btn" aria-label="Close entry details" on:click=move |_| close()>"✕"</button>
                        </div>
                        <p role="status">"Reading the entry from the table…"</p>
                    </div>
                }
                .into_any();
            }
            Found::Missing(key) => {
                return view! {
                    <div class="tv-details" role=panel_role aria-label="Entry details" node_ref=panel>
                        <div class="tv-details__head">
                            <h2>"Entry not found"</h2>
                            <button class="tv-btn" aria-label="Close entry details" on:click=move |_| close()>"✕"</button>
                        </div>
                        <p>{entry::not_found(&key)}</p>
                    </div>
                }
                .into_any();
            }
        };
        let (raw_json, raw_text) = (e.raw.clone(), e.raw.clone());
        let key_json = e.key.clone();
        let key_csv = e.key.clone();
        let row = e.row;
        // The kind of event and why (from the dataset the row is in).
        let kind = match &fetched {
            Some(d) => kinds::of_entry(d, row, &ctx.kinds()),
            None => ctx
                .data
                .dataset
                .with_untracked(|d| kinds::of_entry(d, row, &ctx.kinds())),
        };
        // First seen: on ClickHouse as read for the rows shown; in memory from the
        // whole log once loaded.
        let first = match (&fetched, ctx.engine.elsewhere()) {
            (_, true) => {
                let mask = untrack(|| ctx.engine.first_mark_elsewhere(&e.key));
                Reason::ALL
                    .into_iter()
                    .filter(|r| mask & r.bit() != 0)
                    .collect()
            }
            (None, false) if ctx.engine.loaded.get_untracked() => ctx
                .data
                .dataset
                .with_untracked(|d| d.first_seen().reasons(row)),
            _ => Vec::new(),
        };
        // The dataset the row is in.
        let (fetched_json, fetched_csv) = (fetched.clone(), fetched);
        let with_data =
            move |fetched: &Option<Shared<Dataset>>, f: &mut dyn FnMut(&Dataset)| match fetched {
                Some(d) => f(d),
                None => ctx.data.dataset.with_untracked(|d| f(d)),
            };
        let permalink = platform::location_href();
        let link = permalink.clone();
        view! {
            <div class="tv-details" role=panel_role aria-label="Entry details" node_ref=panel>
                <div class="tv-details__head">
                    <h2>{format!("Entry {}", e.key)}</h2>
                    <button class="tv-btn" aria-label="Close entry details" title="Close (Esc)" on:click=move |_| close()>"✕"</button>
                </div>
                <dl class="tv-details__fields">
                    {e.fields.iter().map(|(r, v)| view! { <dt>{r.label()}</dt><dd>{v.clone()}</dd> }).collect_view()}
                    {kind.map(|(k, why)| view! {
                        <dt>"Kind of event"</dt>
                        <dd>{k.label()}" "<span class="tv-muted tv-details__why">{format!("({why})")}</span></dd>
                    })}
                    {(!first.is_empty()).then(|| view! {
                        <dt>"First seen"</dt>
                        <dd>{first.iter().map(|r| r.label()).collect::<Vec<_>>().join("; ")}</dd>
                    })}
                </dl>
                {e.target.clone().map(|t| {
                    let label = format!("History of {t}");
                    view! {
                        <button class="tv-btn tv-details__history" on:click=move |_| {
                            let t = t.clone();
                            ctx.update(|v| v.history = Some(t))
                        }>{label}</button>
                    }
                })}
                {e.target.is_some().then(|| {
                    let key = e.key.clone();
                    view! {
                        <button class="tv-btn tv-details__follow" title="What this entry's target did next, hop by hop" on:click=move |_| {
                            let key = key.clone();
                            ctx.update(|v| v.follow = Some(key))
                        }>"Follow the target"</button>
                    }
                })}
                {
                    let key = e.key.clone();
                    view! {
                        <button class="tv-btn tv-details__around" on:click=move |_| {
                            let key = key.clone();
                            ctx.update(|v| v.show_around(&key))
                        }>"Show surrounding entries"</button>
                    }
                }
                {(!e.changes.is_empty()).then(|| view! {
                    <section class="tv-changes" role=changes_role aria-label="Changes">
                        <h3>"Changes"</h3>
                        <table class="tv-changes__table">
                            <thead><tr><th scope="col">"Field"</th><th scope="col">"Old value"</th><th scope="col">"New value"</th></tr></thead>
                            <tbody>
                                {e.changes.iter().map(|c| view! {
                                    <tr><th scope="row">{c.path.clone()}</th><td class="tv-changes__old">{c.old.clone()}</td><td class="tv-changes__new">{c.new.clone()}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </section>
                })}
                <div class="tv-tabs" role="tablist" aria-label="Entry view">
                    <button role="tab" aria-selected=move || (tab.get() == Tab::Tree).to_string() on:click=move |_| tab.set(Tab::Tree)>"Tree"</button>
                    <button role="tab" aria-selected=move || (tab.get() == Tab::Raw).to_string() on:click=move |_| tab.set(Tab::Raw)>"Raw"</button>
                </div>
                <div class="tv-details__body">
                    {move || match tab.get() {
                        Tab::Tree => {
                            let tree = e.tree.clone();
                            let raw = raw_json.clone();
                            view! {
                                <div role="tabpanel" aria-label="Tree">
                                    <div class="tv-details__tools">
                                        <button class="tv-btn" on:click=move |_| expand.update(|x| { x.0 += 1; x.1 = true })>"Expand all"</button>
                                        <button class="tv-btn" on:click=move |_| expand.update(|x| { x.0 += 1; x.1 = false })>"Collapse all"</button>
                                        <button class="tv-btn" on:click=move |_| copy(inspect::pretty(raw.as_bytes()), "the JSON")>"Copy JSON"</button>
                                    </div>
                                    {move || {
                                        let (version, all_open) = expand.get();
                                        tree.clone().map(|t| view! {
                                            <ul class="tv-json" role="tree" aria-label="Entry JSON">
                                                {node_view(ctx, None, t, String::new(), String::new(), 0, (version > 0).then_some(all_open), copy)}
                                            </ul>
                                        })
                                    }}
                                </div>
                            }
                            .into_any()
                        }
                        Tab::Raw => view! {
                            <div role="tabpanel" aria-label="Raw">
                                <pre class="tv-raw">{raw_text.clone()}</pre>
                            </div>
                        }
                        .into_any(),
                    }}
                </div>
                <div class="tv-details__foot">
                    <button class="tv-btn" on:click=move |_| {
                        let mut bytes = Vec::new();
                        with_data(&fetched_json, &mut |d| bytes = entry::json_file(d, row));
                        download(entry::file_name(&key_json, "json"), "application/json", bytes)
                    }>"Download JSON"</button>
                    <button class="tv-btn" on:click=move |_| {
                        let tz = ctx.view.with_untracked(|v| v.tz);
                        let mut bytes = Vec::new();
                        let columns = ctx.all_columns.get_untracked();
                        with_data(&fetched_csv, &mut |d| bytes = entry::csv_file(d, row, columns.iter().map(|c| c.path.as_str()), tz));
                        download(entry::file_name(&key_csv, "csv"), export::Format::Csv.mime(), bytes)
                    }>"Download CSV"</button>
                    <a class="tv-link" href=permalink>"Permalink"</a>
                    <button class="tv-btn" on:click=move |_| copy(link.clone(), "the link")>"Copy link"</button>
                </div>
                <p class="tv-details__note" role="status">{move || note.get()}</p>
            </div>
        }
        .into_any()
    }
}

fn scalar_class(v: &JsonValue) -> &'static str {
    match v {
        JsonValue::Str(_) => "tv-json__str",
        JsonValue::Num(_) => "tv-json__num",
        JsonValue::Bool(_) => "tv-json__bool",
        _ => "tv-json__null",
    }
}

/// One node of the JSON tree. `force` opens or closes every container (Expand/Collapse all).
#[allow(clippy::too_many_arguments)]
fn node_view(
    ctx: Ctx,
    key: Option<String>,
    value: JsonValue,
    path: String,
    column: String,
    depth: usize,
    force: Option<bool>,
    copy: impl Fn(String, &'static str) + Copy + Send + Sync + 'static,
) -> AnyView {
    let key_view = key.map(
        |k| view! { <span class="tv-json__key">{k}</span><span class="tv-json__punct">": "</span> },
    );
    match tree::node(value, &path, &column) {
        Node::Branch(Branch {
            children,
            summary,
            decoded,
        }) => {
            let open = RwSignal::new(force.unwrap_or(depth < 2));
            let children = StoredValue::new(children);
            view! {
                // Named from its own line (key, size), which screen readers read
                // without the nested group; an aria-label could not include what is
                // shown (WCAG 2.5.3).
                <li role="treeitem" aria-expanded=move || open.get().to_string() class="tv-json__node">
                    <button class="tv-json__toggle" on:click=move |_| open.update(|o| *o = !*o)>
                        <span class="tv-json__caret" aria-hidden="true">{move || if open.get() { "▾" } else { "▸" }}</span>
                        {key_view}
                        <span class="tv-muted">{summary}</span>
                        {decoded.then(|| view! { <span class="tv-json__decoded">" decoded from a string"</span> })}
                    </button>
                    <Show when=move || open.get()>
                        <ul role="group">
                            {children.get_value().into_iter().map(|Child { key, value, path, column }| node_view(ctx, Some(key), value, path, column, depth + 1, force, copy)).collect_view()}
                        </ul>
                    </Show>
                </li>
            }
            .into_any()
        }
        Node::Leaf {
            shown,
            text,
            value: scalar,
        } => {
            let t1 = text.clone();
            let FilterTarget {
                column: holder,
                title_in,
                title_out,
            } = ctx
                .data
                .dataset
                .with_untracked(|d| tree::filter_target(d, &column));
            let off = holder.is_none();
            let target = holder.unwrap_or_default();
            let only = value_clause(&target, &text, false);
            let not = value_clause(&target, &text, true);
            let c3 = target;
            let c4 = c3.clone();
            let in_table = move || off || ctx.columns.with(|cs| cs.iter().any(|c| c.path == c4));
            let show_column = move |_| {
                let mut cols: Vec<String> = ctx
                    .columns
                    .with_untracked(|cs| cs.iter().map(|c| c.path.clone()).collect());
                if !cols.contains(&c3) {
                    cols.push(c3.clone());
                    ctx.update(|v| v.cols = Some(cols));
                }
            };
            view! {
                <li role="treeitem" aria-label=format!("{path}: {text}") class="tv-json__leaf">
                    {key_view}
                    <span class=scalar_class(&scalar)>{shown}</span>
                    <span class="tv-json__actions">
                        <button class="tv-icon" aria-label="Copy value" title="Copy value" on:click=move |_| copy(t1.clone(), "the value")>"⧉"</button>
                        <button class="tv-icon" aria-label="Filter for value" title=title_in disabled=off
                            on:click=move |_| ctx.add_clause(&only)>"+"</button>
                        <button class="tv-icon" aria-label="Filter out value" title=title_out disabled=off
                            on:click=move |_| ctx.add_clause(&not)>"−"</button>
                        <button class="tv-icon" aria-label="Show as column" title="Show this field as a column of the table"
                            disabled=in_table on:click=show_column>"▦"</button>
                    </span>
                </li>
            }
            .into_any()
        }
    }
}
