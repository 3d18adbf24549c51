//! The export dialog: all filtered rows (never capped; from ClickHouse they are
//! read from the table a chunk at a time) or this page, chosen columns in table
//! order, CSV / CSV for Excel / NDJSON, written in chunks with a progress bar and
//! Cancel, downloaded under a name that says what it holds, with a manifest beside
//! it (on by default) that a recipient can check the file against.

use crate::core::dataset::Dataset;
use crate::core::trust::export::{self, CsvOptions, CsvWriter, Format};
use crate::core::trust::manifest::{self, FileHash, Manifest};
use crate::core::view::present;
use crate::platform;
use crate::platform::fetch::Abort;
use crate::ui::ctx::{Ctx, Overlay};
use crate::ui::dialog;
use crate::ui::lazy::{Lazy, lazy_part};
use crate::ui::server::ServerExport;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Rows written between two repaints.
const CHUNK: usize = 20_000;

/// The export dialog (shown while the Export overlay is open), loaded on first use.
#[component]
pub fn ExportDialog() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    view! {
        <Show when=move || ctx.overlay.get() == Overlay::Export>
            <Lazy load=export_part what="the export dialog" />
        </Show>
    }
}

lazy_part!(
    export,
    preload_export,
    pub(crate) fn export_part(owner: Owner) -> AnyView {
        owner.with(|| view! { <Dialog /> }.into_any())
    }
);

#[component]
fn Dialog() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let all_rows = RwSignal::new(true);
    let format = RwSignal::new(Format::Csv);
    let with_manifest = RwSignal::new(true);
    // Visible columns first (in table order), then the hidden ones.
    let offered = {
        let mut cols = ctx.columns.get_untracked();
        for c in ctx.offered_columns.get_untracked() {
            if !cols.iter().any(|x| x.path == c.path) {
                cols.push(c);
            }
        }
        cols
    };
    let visible = ctx.columns.get_untracked();
    let chosen = RwSignal::new(
        offered
            .iter()
            .map(|c| visible.iter().any(|v| v.path == c.path))
            .collect::<Vec<_>>(),
    );
    let progress = RwSignal::new(None::<(usize, usize)>);
    let cancelled = RwSignal::new(false);
    let message = RwSignal::new(String::new());
    let root = NodeRef::<leptos::html::Div>::new();
    let filtered = ctx.matched.get_untracked();
    let stop = StoredValue::new_local(None::<Abort>);
    let on_page = ctx.page.with_untracked(|p| p.end - p.start);
    let name = move || {
        let label = ctx.scope.get().unwrap_or_else(|| "all-apps".into());
        let range = ctx.view.with(|v| present::range_label(&v.range, v.tz));
        export::file_name(&label, &range, format.get())
    };
    let offered = StoredValue::new(offered);
    // Keyboard and screen-reader users land in the dialog when it opens, Tab stays
    // in it, and focus goes back to the Export button when it closes.
    let keep_tab = dialog::modal(root);

    let run = move |_| {
        let picked: Vec<_> = offered.with_value(|o| {
            chosen.with_untracked(|c| {
                o.iter()
                    .zip(c)
                    .filter(|(_, on)| **on)
                    .map(|(col, _)| col.path.clone())
                    .collect()
            })
        });
        let paths: Vec<String> = picked;
        let fmt = format.get_untracked();
        if paths.is_empty() && fmt != Format::Ndjson {
            message.set("Choose at least one column.".into());
            return;
        }
        // A log held elsewhere is read whole from there (the tab holds one page).
        let elsewhere = all_rows
            .get_untracked()
            .then(|| ctx.engine.export_elsewhere(ctx.data))
            .flatten();
        let (mut feed, total) = if let Some(x) = elsewhere {
            match x {
                Some(x) => (Feed::Server(x), filtered),
                None => return message.set("The table is not connected.".into()),
            }
        } else {
            let rows: Vec<u32> = if all_rows.get_untracked() {
                ctx.sorted.with_untracked(|s| s.to_vec())
            } else {
                ctx.page_rows()
            };
            let total = rows.len();
            (Feed::Local { rows, at: 0 }, total)
        };
        let file = name();
        let zone = ctx.view.with_untracked(|v| v.tz);
        cancelled.set(false);
        message.set(String::new());
        stop.set_value(feed.abort());
        spawn_local(async move {
            progress.set(Some((0, total)));
            let mut csv = (fmt != Format::Ndjson).then(|| {
                CsvWriter::headed(
                    &paths,
                    CsvOptions {
                        zone,
                        bom: fmt == Format::CsvExcel,
                        neutralise: true,
                        kinds: ctx.kinds(),
                        ..Default::default()
                    },
                )
            });
            // The file goes out of wasm memory piece by piece, hashed on the way.
            let out = platform::FileParts::default();
            let mut hash = FileHash::default();
            let mut put = |piece: Vec<u8>| {
                hash.update(&piece);
                out.push(&piece);
            };
            if let Some(w) = csv.as_mut() {
                put(w.take());
            }
            let mut write = |d: &Dataset, rows: &[u32], cols: &[export::Column]| match csv.as_mut()
            {
                Some(w) => {
                    w.write_rows_at(d, rows, cols);
                    put(w.take());
                }
                None => {
                    let mut piece = Vec::new();
                    export::ndjson_into(d, rows, &mut piece);
                    put(piece);
                }
            };
            // The loaded log's columns, the same for every chunk.
            let local_cols = ctx
                .data
                .dataset
                .with_untracked(|d| export::columns_at(d, &paths));
            let mut done = 0;
            loop {
                if cancelled.get_untracked() {
                    progress.set(None);
                    message.set("Export cancelled.".into());
                    return;
                }
                match &mut feed {
                    Feed::Local { rows, at } => {
                        let Some(chunk) = rows.get(*at..).filter(|r| !r.is_empty()) else {
                            break;
                        };
                        let chunk = &chunk[..chunk.len().min(CHUNK)];
                        ctx.data
                            .dataset
                            .with_untracked(|d| write(d, chunk, &local_cols));
                        *at += chunk.len();
                        done += chunk.len();
                    }
                    Feed::Server(x) => match x.next().await {
                        Ok(Some(d)) => {
                            let rows: Vec<u32> = (0..d.len() as u32).collect();
                            write(&d, &rows, &export::columns_at(&d, &paths));
                            done += rows.len();
                        }
                        Ok(None) => break,
                        Err(_) if cancelled.get_untracked() => continue,
                        Err(e) => {
                            progress.set(None);
                            message.set(format!(
                                "Export stopped after {}: {e}. Nothing was downloaded.",
                                present::counted(done, "row", "rows")
                            ));
                            return;
                        }
                    },
                }
                progress.set(Some((done, total.max(done))));
                platform::next_frame().await;
            }
            if let Some(w) = csv {
                put(w.finish());
            }
            progress.set(None);
            let Some(el) = root.get_untracked() else {
                return;
            };
            let size = hash.bytes();
            let written = out.download(&el, &file, fmt.mime()).and_then(|()| {
                if !with_manifest.get_untracked() {
                    return Ok(None);
                }
                let text = manifest_of(ctx, &file, fmt, &paths, done, hash);
                let name = manifest::file_name(&file);
                platform::download(&el, &name, "application/json", text.as_bytes())
                    .map(|()| Some(name))
            });
            match written {
                Ok(m) => {
                    message.set(format!(
                        "Exported {} to {file} ({}){}.",
                        present::counted(done, "row", "rows"),
                        present::bytes(size),
                        m.map(|m| format!(", with {m}")).unwrap_or_default()
                    ));
                }
                Err(e) => message.set(e.to_string()),
            }
        });
    };

    let radio = move |label: String, checked: Signal<bool>, set: Box<dyn Fn() + Send + Sync>| {
        view! {
            <label class="tv-choice">
                <input type="radio" prop:checked=move || checked.get() on:change=move |_| set() />
                {label}
            </label>
        }
    };

    view! {
        <div class="tv-dialog__backdrop" on:click=move |e| {
            if e.target() == e.current_target() { ctx.overlay.set(Overlay::None) }
        }>
            <div class="tv-dialog" role="dialog" aria-modal="true" aria-label="Export" tabindex="-1" node_ref=root on:keydown=keep_tab>
                <h2>"Export"</h2>
                <fieldset>
                    <legend>"Rows"</legend>
                    {radio(format!("All filtered rows ({})", present::count(filtered)), Signal::derive(move || all_rows.get()), Box::new(move || all_rows.set(true)))}
                    {radio(format!("This page ({})", present::count(on_page)), Signal::derive(move || !all_rows.get()), Box::new(move || all_rows.set(false)))}
                </fieldset>
                <fieldset class="tv-dialog__columns" disabled=move || format.get() == Format::Ndjson>
                    <legend>"Columns"</legend>
                    {offered.get_value().into_iter().enumerate().map(|(i, c)| view! {
                        <label class="tv-choice">
                            <input type="checkbox" prop:checked=move || chosen.with(|v| v[i])
                                on:change=move |e| { let on = event_target_checked(&e); chosen.update(|v| v[i] = on) } />
                            {c.path.clone()}
                        </label>
                    }).collect_view()}
                </fieldset>
                <fieldset>
                    <legend>"Format"</legend>
                    {radio("CSV".into(), Signal::derive(move || format.get() == Format::Csv), Box::new(move || format.set(Format::Csv)))}
                    {radio("CSV for Excel (with BOM)".into(), Signal::derive(move || format.get() == Format::CsvExcel), Box::new(move || format.set(Format::CsvExcel)))}
                    {radio("NDJSON (original entries)".into(), Signal::derive(move || format.get() == Format::Ndjson), Box::new(move || format.set(Format::Ndjson)))}
                </fieldset>
                <label class="tv-choice">
                    <input type="checkbox" prop:checked=move || with_manifest.get()
                        on:change=move |e| with_manifest.set(event_target_checked(&e)) />
                    "Also download a manifest (rows, size, SHA-256) to check the file later"
                </label>
                <p class="tv-muted">"File: "<code>{name}</code>". Formulas in cells (= + - @) are defused."</p>
                {move || progress.get().map(|(done, total)| view! {
                    <div class="tv-load" role="status">
                        <progress aria-label="Export progress" max=total.max(1) as f64 value=done as f64></progress>
                        <span>{format!("Exporting {} of {} rows…", present::count(done), present::count(total))}</span>
                    </div>
                })}
                <p role="status" class="tv-dialog__message">{move || message.get()}</p>
                <div class="tv-dialog__buttons">
                    <button class="tv-btn tv-btn--primary" disabled=move || progress.get().is_some() on:click=run>"Download"</button>
                    <button class="tv-btn" on:click=move |_| {
                        if progress.get_untracked().is_some() {
                            cancelled.set(true);
                            stop.with_value(|a| if let Some(a) = a { a.abort() });
                        } else {
                            ctx.overlay.set(Overlay::None)
                        }
                    }>{move || if progress.get().is_some() { "Cancel export" } else { "Close" }}</button>
                </div>
            </div>
        </div>
    }
}

/// What an export reads its rows from.
enum Feed {
    /// Rows of the dataset in memory (all filtered rows, or the page shown).
    Local { rows: Vec<u32>, at: usize },
    /// Every matching row of the ClickHouse table, a chunk per request.
    Server(ServerExport),
}

impl Feed {
    /// What stops its request in flight.
    fn abort(&self) -> Option<Abort> {
        match self {
            Feed::Local { .. } => None,
            Feed::Server(x) => x.abort(),
        }
    }
}

/// The manifest of an export of `rows` rows written to `file`, as `hash` saw it.
fn manifest_of(
    ctx: Ctx,
    file: &str,
    fmt: Format,
    columns: &[String],
    rows: usize,
    hash: FileHash,
) -> String {
    let format = match fmt {
        Format::Csv => "csv",
        Format::CsvExcel => "csv-excel",
        Format::Ndjson => "ndjson",
    };
    let source = ctx.data.state.with_untracked(|s| s.url.clone());
    let app = ctx.scope.get_untracked();
    // A ClickHouse table's rows are masked as they are read, by its engine's redaction.
    let redacted = match ctx.engine.redaction_elsewhere() {
        Some(r) => r.items(),
        None => ctx
            .data
            .dataset
            .with_untracked(|d| d.redaction().map(|r| r.items()).unwrap_or_default()),
    };
    let columns = if fmt == Format::Ndjson {
        &[][..]
    } else {
        columns
    };
    ctx.view.with_untracked(|view| {
        ctx.config.with_value(|c| {
            manifest::to_json_hashed(
                &Manifest {
                    file,
                    format,
                    view,
                    base: &c.base,
                    source: &source,
                    app: app.as_deref(),
                    columns,
                    rows,
                    redacted: &redacted,
                    created: platform::now_ms(),
                },
                hash,
            )
        })
    })
}
