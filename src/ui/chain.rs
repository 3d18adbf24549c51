//! Follow the actor (`follow=` an entry, `within=` a window): a dialog with the
//! chain from an entry's target, hop by hop in time order, each hop with its
//! evidence entry one click away, and a labelled choice of how long after the
//! entry to follow. In memory it walks the loaded log (inside the view's fence);
//! on ClickHouse the table is asked depth by depth. A lazy part.

use crate::core::explain::chain::{Chain, Cut, How, MAX_DEPTH, MAX_EVENTS, follow_within};
use crate::core::query::codec::within_text;
use crate::core::query::filter;
use crate::core::query::select::entry_within;
use crate::core::time;
use crate::core::view::present;
use crate::ui::ctx::Ctx;
use crate::ui::dialog;
use crate::ui::engine::Read;
use crate::ui::lazy::{Lazy, lazy_part};
use crate::ui::server::chain_key;
use leptos::prelude::*;

/// The windows offered, in hours.
const WINDOWS: [(u32, &str); 5] = [
    (1, "1 hour"),
    (24, "1 day"),
    (24 * 7, "7 days"),
    (24 * 30, "30 days"),
    (24 * 90, "90 days"),
];

/// The chain dialog, open while the URL names an entry to follow from.
#[component]
pub fn ChainDialog() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let open = Memo::new(move |_| ctx.view.with(|v| v.follow.is_some()));
    move || {
        open.get().then(|| {
            let load = move |owner| chain_part(owner);
            view! { <Lazy load=load what="the chain" /> }
        })
    }
}

lazy_part!(
    chain,
    preload_chain,
    pub(crate) fn chain_part(owner: Owner) -> AnyView {
        owner.with(|| dialog(expect_context::<Ctx>()).into_any())
    }
);

fn dialog(ctx: Ctx) -> impl IntoView {
    let root = NodeRef::<leptos::html::Div>::new();
    let close = move || ctx.update(|v| v.follow = None);
    let keep_tab = dialog::modal(root);
    let asked = Memo::new(move |_| ctx.view.with(|v| Some((v.follow.clone()?, v.within_hours))));
    // On ClickHouse the table is asked again whenever the entry or window changes.
    Effect::new(move |_| {
        if let Some((key, hours)) = asked.get() {
            ctx.engine.ask_chain(ctx.data, key, window_ms(hours));
        }
    });
    let read = Memo::new(move |_| {
        let Some((key, hours)) = asked.get() else {
            return Read::Unavailable;
        };
        let window = window_ms(hours);
        ctx.engine
            .chain_elsewhere(&chain_key(&key, window))
            .unwrap_or_else(|| {
                let fence = ctx.engine.fence();
                ctx.data
                    .dataset
                    .with(|d| match entry_within(d, &key, &fence) {
                        Some(row) => {
                            let inside = filter(d, &fence);
                            Read::Ready(follow_within(d, row, window, Some(&inside)))
                        }
                        None => Read::Unavailable,
                    })
            })
    });
    let hours = Memo::new(move |_| ctx.view.with(|v| v.within_hours));
    let choose = move |e| {
        if let Ok(h) = event_target_value(&e).parse::<u32>() {
            ctx.update(|v| v.within_hours = h);
        }
    };
    let key = move || ctx.view.with(|v| v.follow.clone().unwrap_or_default());
    view! {
        <div class="tv-dialog__backdrop" on:click=move |e| {
            if e.target() == e.current_target() { close() }
        }>
            <div class="tv-dialog tv-chain" role="dialog" aria-modal="true" aria-labelledby="tv-chain-title"
                tabindex="-1" node_ref=root on:keydown=keep_tab>
                <h2 id="tv-chain-title">{move || format!("Follow the actor from entry {}", key())}</h2>
                <label class="tv-field">
                    <span>"Within"</span>
                    <select class="tv-input" on:change=choose>
                        {move || {
                            let now = hours.get();
                            let mut list: Vec<(u32, String)> = WINDOWS.iter().map(|&(h, l)| (h, l.to_string())).collect();
                            if !list.iter().any(|&(h, _)| h == now) {
                                list.push((now, within_text(now)));
                                list.sort_unstable();
                            }
                            list.into_iter().map(|(h, l)| view! {
                                <option value=h.to_string() selected=h == now>{l}</option>
                            }).collect_view()
                        }}
                    </select>
                    <span class="tv-muted">" after the entry"</span>
                </label>
                {move || match read.get() {
                    Read::Reading => view! { <p role="status">"Following on the table…"</p> }.into_any(),
                    Read::Unavailable => view! { <p role="status">"This entry cannot be followed here: it is not in this view, or (on ClickHouse) the table has no time and id to place events by."</p> }.into_any(),
                    Read::Failed(why) => view! { <p role="alert">{format!("Could not follow the actor: {why}")}</p> }.into_any(),
                    Read::Ready(c) => timeline(ctx, c).into_any(),
                }}
                <div class="tv-dialog__buttons">
                    <button class="tv-btn" on:click=move |_| close()>"Close"</button>
                </div>
            </div>
        </div>
    }
}

/// Hours as milliseconds.
fn window_ms(hours: u32) -> i64 {
    i64::from(hours) * 3_600_000
}

/// What the chain says before its hops.
fn summary(c: &Chain) -> String {
    let Some(from) = &c.from else {
        return "Nothing to follow: this entry has no target (or no readable time).".into();
    };
    match c.hops.len() {
        0 => format!("{from} did nothing, and nothing was done to {from}, in this window."),
        n => format!(
            "{} {} by or to {from} and whom {from} acted on, oldest first.",
            present::count(n),
            if n == 1 { "event" } else { "events" },
        ),
    }
}

/// The hops as a timeline: when, who did what to whom, what it brings in, and the
/// entry.
fn timeline(ctx: Ctx, c: Chain) -> impl IntoView {
    let tz = ctx.view.with_untracked(|v| v.tz);
    let cut = c.truncated.map(|cut| match cut {
        Cut::Depth => format!(
            "Followed {MAX_DEPTH} hops deep: someone at the last hop acted on others, who are not followed."
        ),
        Cut::Events => format!("More events belong to this chain: the first {MAX_EVENTS} are listed."),
    });
    let none = |s: &Option<String>| s.clone().unwrap_or_else(|| "(none)".into());
    let hops = c
        .hops
        .iter()
        .map(|h| {
            let key = h.entry.clone();
            let how = match h.how {
                How::Did => "did",
                How::DoneTo => "done to",
            };
            let label = format!("Open entry {}", h.entry);
            view! {
                <li class="tv-chain__hop" style:margin-left=format!("{}rem", (h.depth.saturating_sub(1)) as f32 * 1.25)>
                    <p class="tv-chain__head">
                        <time>{time::format_display(h.time, tz, false)}</time>
                        " · "<span class="tv-muted">{format!("hop {} · {how}", h.depth)}</span>
                    </p>
                    <p><b>{none(&h.actor)}</b>" → "{none(&h.action)}" → "<b>{none(&h.target)}</b></p>
                    {h.introduces.clone().map(|t| view! { <p class="tv-chain__new">{format!("Follows {t} from here")}</p> })}
                    <button class="tv-link" aria-label=label on:click=move |_| {
                        let key = key.clone();
                        ctx.update(|v| { v.follow = None; v.entry = Some(key) })
                    }>"Open entry"</button>
                </li>
            }
        })
        .collect_view();
    view! {
        <p class="tv-muted">{summary(&c)}</p>
        {cut.map(|t| view! { <p class="tv-warn" role="status">{t}</p> })}
        <ol class="tv-chain__hops" aria-label="The chain, oldest first">{hops}</ol>
    }
}
