//! Saved views: the built-in investigations this log has entries for, the
//! deployment's views and the admin's own, per log (kept in the browser's storage
//! under a digest of the source, never with a token), saved, opened, renamed,
//! deleted, exported and imported as a file. A lazy part of its own.

use crate::core::query::investigate::{self, Investigation};
use crate::core::query::saved::{self, SavedView};
use crate::ui::ctx::{Ctx, Overlay};
use crate::ui::dialog;
use crate::ui::hosted::HostViews;
use crate::ui::lazy::{Lazy, lazy_part};
use leptos::prelude::*;

/// The Views dialog, loaded on first use.
#[component]
pub fn ViewsDialog() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    view! {
        <Show when=move || ctx.overlay.get() == Overlay::Views>
            <Lazy load=views_part what="saved views" />
        </Show>
    }
}

lazy_part!(
    views,
    preload_views,
    pub(crate) fn views_part(owner: Owner) -> AnyView {
        owner.with(|| view! { <Dialog /> }.into_any())
    }
);

/// The storage key of the log open now (its shown URL: credentials masked).
fn key(ctx: Ctx) -> String {
    saved::storage_key(&ctx.data.state.with_untracked(|s| s.url.clone()))
}

#[component]
fn Dialog() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let root = NodeRef::<leptos::html::Div>::new();
    let keep_tab = dialog::modal(root);
    let key = key(ctx);
    let mine = RwSignal::new(saved::from_storage(
        crate::platform::load_setting(&key).as_deref(),
    ));
    // The deployment's views, then a widget host's.
    let mut shipped = ctx.config.with_value(|c| c.config.views.clone());
    if let Some(HostViews(host)) = use_context::<HostViews>() {
        shipped.extend(host.get_untracked());
    }
    let message = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let renaming = RwSignal::new(None::<(usize, String)>);
    let file = NodeRef::<leptos::html::Input>::new();
    let key = StoredValue::new(key);
    // Copy: every handler below writes the list back through it.
    let store = move || {
        key.with_value(|k| {
            crate::platform::save_setting(k, &mine.with_untracked(|v| saved::to_storage(v)))
        })
    };
    let close = move || ctx.overlay.set(Overlay::None);
    // The built-in investigations this log has entries for, with their counts:
    // counted here in memory, by one query on a ClickHouse table.
    let remote = ctx.data.server.connected.get_untracked();
    let local: Vec<(Investigation, Option<usize>)> = match remote {
        true => {
            let queries = investigate::ALL
                .iter()
                .map(|i| i.query.to_string())
                .collect();
            ctx.engine.count_elsewhere(ctx.data, queries, ctx.kinds());
            Vec::new()
        }
        false => {
            let scope = ctx.scope.get_untracked();
            ctx.data.dataset.with_untracked(|d| {
                investigate::available(d, scope.as_deref(), &ctx.kinds())
                    .into_iter()
                    .map(|(i, n)| (i, Some(n)))
                    .collect()
            })
        }
    };
    let investigations = Memo::new(move |_| match remote {
        false => Listed::Done(local.clone()),
        true => match ctx.engine.counted_elsewhere() {
            None => Listed::Counting,
            Some((_, Ok(counts))) => Listed::Done(
                investigate::ALL
                    .into_iter()
                    .zip(counts)
                    .filter(|(_, n)| *n != Some(0))
                    .collect(),
            ),
            Some((_, Err(why))) => Listed::Failed(why),
        },
    });
    let open = move |v: &SavedView| {
        let base = ctx.config.with_value(|c| c.base.clone());
        let next = ctx
            .view
            .with_untracked(|current| saved::open(v, &base, current));
        ctx.update(|v| *v = next);
        close();
    };
    let save = {
        move || {
            let Some(n) = saved::clean_name(&name.get_untracked()) else {
                return message.set("Give the view a name first.".into());
            };
            let query = ctx
                .config
                .with_value(|c| ctx.view.with_untracked(|v| saved::query_of(v, &c.base)));
            let view = SavedView {
                name: n.clone(),
                query,
            };
            match mine
                .try_update(|l| saved::save(l, view))
                .unwrap_or(Ok(false))
            {
                Ok(replaced) => {
                    store();
                    name.set(String::new());
                    message.set(if replaced {
                        format!("“{n}” now holds the current view.")
                    } else {
                        format!("Saved “{n}”.")
                    });
                }
                Err(e) => message.set(e),
            }
        }
    };
    let export = move |_| {
        let text = mine.with_untracked(|v| saved::to_file(v));
        let Some(parent) = root.get_untracked() else {
            return;
        };
        match crate::platform::download(
            &parent,
            "trailview-views.json",
            "application/json",
            text.as_bytes(),
        ) {
            Ok(()) => message.set(format!("Exported {} views.", mine.with_untracked(Vec::len))),
            Err(e) => message.set(format!("Could not export: {e}")),
        }
    };
    let import = {
        move |_| {
            let Some(input) = file.get_untracked() else {
                return;
            };
            leptos::task::spawn_local(async move {
                let read = crate::platform::read_chosen_file(&input, saved::MAX_FILE).await;
                input.set_value("");
                let Some(read) = read else { return };
                match read.and_then(|b| saved::from_file(&b)) {
                    Ok(views) => {
                        let added = mine.try_update(|l| saved::merge(l, views)).unwrap_or(0);
                        store();
                        message.set(match added {
                            1 => "Imported 1 view.".into(),
                            n => format!("Imported {n} views."),
                        });
                    }
                    Err(e) => message.set(e),
                }
            });
        }
    };
    let list_item = {
        move |i: usize, v: SavedView| {
            let shown = v.clone();
            view! {
                <li class="tv-views__item">
                    {move || match renaming.get() {
                        Some((j, text)) if j == i => {
                            view! {
                                <form class="tv-views__rename" on:submit=move |e| {
                                    e.prevent_default();
                                    let Some(n) = saved::clean_name(&text) else { return };
                                    match mine.try_update(|l| saved::rename(l, i, n.clone())).unwrap_or(Ok(())) {
                                        Ok(()) => { store(); renaming.set(None); message.set(format!("Renamed to “{n}”.")) }
                                        Err(e) => message.set(e),
                                    }
                                }>
                                    <input class="tv-input" aria-label="New name" prop:value=text.clone()
                                        on:input=move |e| renaming.set(Some((i, event_target_value(&e)))) />
                                    <button class="tv-btn" type="submit">"Rename"</button>
                                    <button class="tv-btn" type="button" on:click=move |_| renaming.set(None)>"Cancel"</button>
                                </form>
                            }.into_any()
                        }
                        _ => {
                            let v = shown.clone();
                            let opened = v.clone();
                            view! {
                                <button class="tv-btn tv-views__open" on:click=move |_| open(&opened)>{v.name.clone()}</button>
                                <button class="tv-btn" aria-label=format!("Rename {}", v.name)
                                    on:click={let n = v.name.clone(); move |_| renaming.set(Some((i, n.clone())))}>"Rename"</button>
                                <button class="tv-btn" aria-label=format!("Delete {}", v.name)
                                    on:click={let n = v.name.clone(); move |_| {
                                        mine.update(|l| { if i < l.len() { l.remove(i); } });
                                        store();
                                        message.set(format!("Deleted “{n}”."));
                                    }}>"Delete"</button>
                            }.into_any()
                        }
                    }}
                </li>
            }
        }
    };
    view! {
        <div class="tv-dialog__backdrop" on:click=move |e| {
            if e.target() == e.current_target() { close() }
        }>
            <div class="tv-dialog tv-views" role="dialog" aria-modal="true" aria-label="Saved views" tabindex="-1" node_ref=root on:keydown=keep_tab>
                <h2>"Saved views"</h2>
                <h3>"Investigations"</h3>
                {move || match investigations.get() {
                    Listed::Counting => view! { <p class="tv-views__none" role="status">"Counting the investigations on the table…"</p> }.into_any(),
                    Listed::Failed(why) => view! {
                        <p class="tv-views__none" role="alert">{format!("Could not count the investigations on the table: {why}")}</p>
                        {investigation_list(ctx, investigate::ALL.into_iter().map(|i| (i, None)).collect(), close)}
                    }.into_any(),
                    Listed::Done(list) if list.is_empty() => view! { <p class="tv-views__none">"None of the built-in investigations has entries in this log."</p> }.into_any(),
                    Listed::Done(list) => investigation_list(ctx, list, close).into_any(),
                }}
                {(!shipped.is_empty()).then(|| view! {
                    <h3>"From this deployment"</h3>
                    <ul class="tv-views__list" aria-label="Views from this deployment">
                        {shipped.into_iter().map(|v| view! {
                            <li class="tv-views__item">
                                <button class="tv-btn tv-views__open" on:click={let v = v.clone(); move |_| open(&v)}>{v.name.clone()}</button>
                            </li>
                        }).collect_view()}
                    </ul>
                })}
                <h3>"Yours, for this log"</h3>
                {move || {
                    let list = mine.get();
                    if list.is_empty() {
                        view! { <p class="tv-views__none">"No saved views yet."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="tv-views__list" aria-label="Your views">
                                {list.into_iter().enumerate().map(|(i, v)| list_item(i, v)).collect_view()}
                            </ul>
                        }.into_any()
                    }
                }}
                <form class="tv-views__save" on:submit=move |e| { e.prevent_default(); save() }>
                    <label class="tv-field">"Save the current view as"
                        <input class="tv-input" aria-label="View name" maxlength=saved::MAX_NAME.to_string()
                            prop:value=move || name.get() on:input=move |e| name.set(event_target_value(&e)) />
                    </label>
                    <button class="tv-btn" type="submit">"Save"</button>
                </form>
                <div class="tv-dialog__buttons">
                    <button class="tv-btn" on:click=export>"Export views"</button>
                    <label class="tv-btn tv-views__import">"Import views…"
                        <input type="file" accept=".json,application/json" class="tv-visually-hidden"
                            node_ref=file on:change=import />
                    </label>
                    <button class="tv-btn" on:click=move |_| close()>"Close"</button>
                </div>
                <p role="status" class="tv-dialog__message">{move || message.get()}</p>
                <p class="tv-views__note">"Kept in this browser for this log only; a token is never saved."</p>
            </div>
        </div>
    }
}

/// The investigations offered: counted, or not yet known.
#[derive(Clone, Debug, PartialEq)]
enum Listed {
    /// Being counted on the table.
    Counting,
    /// Those with entries (a count), or that the table cannot count (`None`).
    Done(Vec<(Investigation, Option<usize>)>),
    /// The table's count failed: why.
    Failed(String),
}

/// The investigations as buttons that open their query, each with its count; one
/// the table cannot count as memory would says so.
fn investigation_list(
    ctx: Ctx,
    list: Vec<(Investigation, Option<usize>)>,
    close: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <ul class="tv-views__list" aria-label="Investigations">
            {list.into_iter().map(|(i, n)| {
                let (label, title) = match n {
                    Some(n) => (
                        format!("{} ({})", i.name, crate::core::view::present::count(n)),
                        format!("Search for {}", i.query),
                    ),
                    None => (
                        format!("{} (not counted)", i.name),
                        format!("Search for {} (not counted here: the table cannot run every clause of it as memory would, or the count failed)", i.query),
                    ),
                };
                view! {
                    <li class="tv-views__item">
                        <button class="tv-btn tv-views__open" title=title
                            on:click=move |_| { ctx.update(|v| v.set_search(i.query)); close() }>{label}</button>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
