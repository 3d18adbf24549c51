//! The entry panel: the role fields, a collapsible JSON tree of the original entry
//! (copy, filter for / filter out any value), its old -> new changes, the raw text,
//! downloads and a permalink. Esc closes it.

use crate::core::dataset::Dataset;
use crate::core::inspect::{self, JsonValue};
use crate::core::json::path;
use crate::core::query::filter;
use crate::core::roles::Role;
use crate::core::store::MAX_NODES;
use crate::core::trust::export::{self, CsvOptions};
use crate::core::view::present;
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

/// Everything the panel shows, computed once per entry.
#[derive(Clone, Debug, PartialEq)]
struct Entry {
    /// Its row in the loaded dataset, or in `fetched`.
    row: u32,
    /// The entry read by id from ClickHouse, when it is not on the page.
    fetched: Option<Shared<Dataset>>,
    key: String,
    fields: Vec<(Role, String)>,
    tree: Option<JsonValue>,
    raw: String,
    changes: Vec<inspect::Change>,
    /// The entry's target, for "History of …".
    target: Option<String>,
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
    let build = move |d: &Dataset, row: u32, key: String, fetched: Option<Shared<Dataset>>| {
        let tz = ctx.view.with(|v| v.tz);
        let bytes = d.store().entry_bytes(row);
        let tree = inspect::parse(&bytes).ok();
        // The leading roles, then the ones worth seeing for one entry.
        let fields = Role::LEADING
            .into_iter()
            .chain([Role::Severity, Role::Outcome, Role::Ip, Role::Message])
            .filter_map(|r| {
                let text = match (r, d.time(row)) {
                    // One entry's time: every clock, and the text as logged.
                    (Role::Time, Some(t)) => {
                        let mut clocks = present::clocks(t, tz, crate::platform::now_ms());
                        if let Some(c) = d.role(r) {
                            clocks.push(format!("logged as “{}”", d.store().cell(row, c).text()));
                        }
                        clocks.extend(present::time_note(d, row));
                        clocks.join(" · ")
                    }
                    _ => present::cell(d, row, d.role(r)?, tz),
                };
                Some((r, text))
            })
            .filter(|(_, v)| !v.is_empty())
            .collect();
        let changes = tree.as_ref().map(inspect::changes).unwrap_or_default();
        let target = d
            .role(Role::Target)
            .map(|c| present::cell(d, row, c, tz))
            .filter(|t| !t.is_empty());
        Entry {
            target,
            row,
            fetched,
            key,
            fields,
            changes,
            tree,
            raw: String::from_utf8_lossy(&bytes).into_owned(),
        }
    };
    let entry = Memo::new(move |_| {
        let key = ctx.view.with(|v| v.entry.clone())?;
        let on_page = ctx.data.dataset.with(|d| {
            d.find_entry(&key)
                .map(|row| build(d, row, key.clone(), None))
        });
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
                Err(e) => say(&e),
            }
        }
    };

    move || {
        let Some(found) = entry.get() else {
            return ().into_any();
        };
        // Closing the panel (Esc, ✕) from inside it puts focus back on the row.
        dialog::return_focus(panel);
        let e = match found {
            Found::Entry(e) => e,
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
                        <p>{format!("No loaded entry is called “{key}”. It may be outside this log or this page of it.")}</p>
                    </div>
                }
                .into_any();
            }
        };
        let (raw_json, raw_text) = (e.raw.clone(), e.raw.clone());
        let key_json = e.key.clone();
        let key_csv = e.key.clone();
        let row = e.row;
        // The dataset the row is in.
        let (fetched_json, fetched_csv) = (e.fetched.clone(), e.fetched.clone());
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
                        with_data(&fetched_json, &mut |d| bytes = inspect::pretty(&d.store().entry_bytes(row)).into_bytes());
                        download(format!("entry-{key_json}.json"), "application/json", bytes)
                    }>"Download JSON"</button>
                    <button class="tv-btn" on:click=move |_| {
                        let tz = ctx.view.with_untracked(|v| v.tz);
                        let mut bytes = Vec::new();
                        with_data(&fetched_csv, &mut |d| {
                            // The table's columns, found by path (a row read by id has its own nodes).
                            let columns = ctx.all_columns.get_untracked().iter().filter_map(|c| d.column(&c.path)).collect();
                            bytes = export::csv(d, &[row], CsvOptions { columns, zone: tz, ..Default::default() });
                        });
                        download(format!("entry-{key_csv}.csv"), export::Format::Csv.mime(), bytes)
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
    match value {
        JsonValue::Obj(_) | JsonValue::Arr(_) | JsonValue::Embedded(..) => {
            let open = RwSignal::new(force.unwrap_or(depth < 2));
            // A string that holds a JSON document opens like the object it holds.
            let (value, decoded) = match value {
                JsonValue::Embedded(_, inner) => (*inner, true),
                v => (v, false),
            };
            let (children, summary): (Vec<(String, JsonValue, String, String)>, String) =
                match value {
                    JsonValue::Obj(m) => {
                        let n = m.len();
                        let kids = m
                            .into_iter()
                            .map(|(k, v)| {
                                let (p, c) = (path::child(&path, &k), path::child(&column, &k));
                                (k, v, p, c)
                            })
                            .collect();
                        (
                            kids,
                            format!("{{…}} {n} {}", if n == 1 { "key" } else { "keys" }),
                        )
                    }
                    JsonValue::Arr(items) => {
                        let n = items.len();
                        let kids = items
                            .into_iter()
                            .enumerate()
                            .map(|(i, v)| {
                                (
                                    format!("{i}"),
                                    v,
                                    format!("{path}[{i}]"),
                                    path::elements(&column),
                                )
                            })
                            .collect();
                        (
                            kids,
                            format!("[…] {n} {}", if n == 1 { "item" } else { "items" }),
                        )
                    }
                    _ => unreachable!("matched containers only"),
                };
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
                            {children.get_value().into_iter().map(|(k, v, p, c)| node_view(ctx, Some(k), v, p, c, depth + 1, force, copy)).collect_view()}
                        </ul>
                    </Show>
                </li>
            }
            .into_any()
        }
        scalar => {
            let shown = match &scalar {
                JsonValue::Str(s) => format!("\"{s}\""),
                other => other.to_json(),
            };
            let text = scalar.display();
            let (t1, t2, t3) = (text.clone(), text.clone(), text.clone());
            // A key pooled beyond the path limit filters through its pool, and says so.
            let holder = ctx.data.dataset.with_untracked(|d| {
                d.store()
                    .holder(&column)
                    .map(|n| d.store().node(n).path.clone())
            });
            let (title_in, title_out) = match &holder {
                Some(h) if *h == column => (
                    "Filter for value".to_string(),
                    "Filter out value".to_string(),
                ),
                Some(h) => {
                    let why = format!(
                        "{column} is pooled with other keys under {h} (the log has over {} key paths), so this matches the value under any of them",
                        present::count(MAX_NODES)
                    );
                    (
                        format!("Filter for value: {why}"),
                        format!("Filter out value: {why}"),
                    )
                }
                None => {
                    let why = format!("cannot filter: {column} is not a column of the loaded log");
                    (why.clone(), why)
                }
            };
            let off = holder.is_none();
            let target = holder.unwrap_or_default();
            let (c1, c2, c3) = (target.clone(), target.clone(), target);
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
                            on:click=move |_| ctx.update(|v| v.set_filter(&c1, &filter::exact(&t2)))>"+"</button>
                        <button class="tv-icon" aria-label="Filter out value" title=title_out disabled=off
                            on:click=move |_| ctx.update(|v| v.set_filter(&c2, &filter::excluding(&t3)))>"−"</button>
                        <button class="tv-icon" aria-label="Show as column" title="Show this field as a column of the table"
                            disabled=in_table on:click=show_column>"▦"</button>
                    </span>
                </li>
            }
            .into_any()
        }
    }
}
