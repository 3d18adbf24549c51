//! The export dialog: all filtered rows (never capped) or this page, chosen
//! columns in table order, CSV / CSV for Excel / NDJSON, written in chunks with a
//! progress bar, downloaded under a name that says what it holds, with a manifest
//! beside it (on by default) that a recipient can check the file against.

use crate::core::export::{self, CsvOptions, CsvWriter, Format};
use crate::core::manifest::{self, Manifest};
use crate::core::present;
use crate::platform;
use crate::ui::ctx::{Ctx, Overlay};
use crate::ui::dialog;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Rows written between two repaints.
const CHUNK: usize = 20_000;

/// The export dialog (shown while the Export overlay is open).
#[component]
pub fn ExportDialog() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    view! {
        <Show when=move || ctx.overlay.get() == Overlay::Export>
            <Dialog />
        </Show>
    }
}

#[component]
fn Dialog() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let all_rows = RwSignal::new(true);
    let format = RwSignal::new(Format::Csv);
    let with_manifest = RwSignal::new(true);
    // Visible columns first (in table order), then the hidden ones.
    let offered = {
        let mut cols = ctx.columns.get_untracked();
        for c in ctx.all_columns.get_untracked() {
            if !cols.iter().any(|x| x.node == c.node) {
                cols.push(c);
            }
        }
        cols
    };
    let visible = ctx.columns.get_untracked();
    let chosen = RwSignal::new(
        offered
            .iter()
            .map(|c| visible.iter().any(|v| v.node == c.node))
            .collect::<Vec<_>>(),
    );
    let progress = RwSignal::new(None::<(usize, usize)>);
    let cancelled = RwSignal::new(false);
    let message = RwSignal::new(String::new());
    let root = NodeRef::<leptos::html::Div>::new();
    let filtered = ctx.matched.get_untracked();
    // The ClickHouse engine holds one page: all matching rows are not exported from it yet.
    let server = ctx.data.server.connected.get_untracked();
    if server {
        all_rows.set(false);
    }
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
        let rows: Vec<u32> = if all_rows.get_untracked() {
            ctx.sorted.with_untracked(|s| s.to_vec())
        } else {
            ctx.page_rows()
        };
        let picked: Vec<_> = offered.with_value(|o| {
            chosen.with_untracked(|c| {
                o.iter()
                    .zip(c)
                    .filter(|(_, on)| **on)
                    .map(|(col, _)| (col.node, col.path.clone()))
                    .collect()
            })
        });
        let (columns, paths): (Vec<_>, Vec<String>) = picked.into_iter().unzip();
        let fmt = format.get_untracked();
        if columns.is_empty() && fmt != Format::Ndjson {
            message.set("Choose at least one column.".into());
            return;
        }
        let file = name();
        let zone = ctx.view.with_untracked(|v| v.tz);
        cancelled.set(false);
        message.set(String::new());
        spawn_local(async move {
            let total = rows.len();
            progress.set(Some((0, total)));
            let mut csv = (fmt != Format::Ndjson).then(|| {
                ctx.data.dataset.with_untracked(|d| {
                    CsvWriter::new(
                        d,
                        CsvOptions {
                            columns: columns.clone(),
                            zone,
                            bom: fmt == Format::CsvExcel,
                            neutralise: true,
                        },
                    )
                })
            });
            let mut ndjson = Vec::new();
            for (i, chunk) in rows.chunks(CHUNK).enumerate() {
                if cancelled.get_untracked() {
                    progress.set(None);
                    message.set("Export cancelled.".into());
                    return;
                }
                ctx.data.dataset.with_untracked(|d| match csv.as_mut() {
                    Some(w) => w.write_rows(d, chunk),
                    None => export::ndjson_into(d, chunk, &mut ndjson),
                });
                progress.set(Some(((i * CHUNK + chunk.len()).min(total), total)));
                platform::next_frame().await;
            }
            let bytes = csv.map_or(ndjson, CsvWriter::finish);
            progress.set(None);
            let Some(el) = root.get_untracked() else {
                return;
            };
            let written = platform::download(&el, &file, fmt.mime(), &bytes).and_then(|()| {
                if !with_manifest.get_untracked() {
                    return Ok(None);
                }
                let text = manifest_of(ctx, &file, fmt, &paths, total, &bytes);
                let name = manifest::file_name(&file);
                platform::download(&el, &name, "application/json", text.as_bytes())
                    .map(|()| Some(name))
            });
            match written {
                Ok(m) => {
                    message.set(format!(
                        "Exported {} to {file} ({}){}.",
                        present::counted(total, "row", "rows"),
                        present::bytes(bytes.len() as u64),
                        m.map(|m| format!(", with {m}")).unwrap_or_default()
                    ));
                }
                Err(e) => message.set(e),
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
                    {(!server).then(|| radio(format!("All filtered rows ({})", present::count(filtered)), Signal::derive(move || all_rows.get()), Box::new(move || all_rows.set(true))))}
                    {server.then(|| view! { <p class="tv-muted">{format!("All {} matching rows: not from ClickHouse yet; this page only.", present::count(filtered))}</p> })}
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
                        if progress.get_untracked().is_some() { cancelled.set(true) } else { ctx.overlay.set(Overlay::None) }
                    }>{move || if progress.get().is_some() { "Cancel export" } else { "Close" }}</button>
                </div>
            </div>
        </div>
    }
}

/// The manifest of an export of `rows` rows written as `bytes` to `file`.
fn manifest_of(
    ctx: Ctx,
    file: &str,
    fmt: Format,
    columns: &[String],
    rows: usize,
    bytes: &[u8],
) -> String {
    let format = match fmt {
        Format::Csv => "csv",
        Format::CsvExcel => "csv-excel",
        Format::Ndjson => "ndjson",
    };
    let source = ctx.data.state.with_untracked(|s| s.url.clone());
    let app = ctx.scope.get_untracked();
    let redacted = ctx
        .data
        .dataset
        .with_untracked(|d| d.redaction().map(|r| r.items()).unwrap_or_default());
    let columns = if fmt == Format::Ndjson {
        &[][..]
    } else {
        columns
    };
    ctx.view.with_untracked(|view| {
        ctx.config.with_value(|c| {
            manifest::to_json(
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
                bytes,
            )
        })
    })
}
