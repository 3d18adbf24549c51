//! Time range (presets and custom), time zone and the global search.

use crate::core::present;
use crate::core::query::{Preset, Range};
use crate::core::time::{self, Zone};
use crate::ui::ctx::Ctx;
use leptos::prelude::*;

/// Fixed offsets offered besides UTC and the local zone, in minutes: every whole
/// hour plus the half and quarter hours in use somewhere.
const OFFSETS: [i32; 38] = [
    -720, -660, -600, -570, -540, -480, -420, -360, -300, -240, -210, -180, -120, -60, 60, 120,
    180, 210, 240, 270, 300, 330, 345, 360, 390, 420, 480, 525, 540, 570, 600, 630, 660, 720, 765,
    780, 840, -150,
];

/// The controls above the table.
#[component]
pub fn Toolbar() -> impl IntoView {
    view! {
        <div class="tv-toolbar">
            <SearchBox />
            <TimeRange />
            <TimeZone />
        </div>
    }
}

/// The log endpoint: shows the current source, loads another, reloads this one.
#[component]
pub fn SourceForm() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let text = RwSignal::new(
        ctx.view
            .with_untracked(|v| v.source.clone().unwrap_or_default()),
    );
    // Follow the source when it changes, not on every change of the view.
    let source = Memo::new(move |_| ctx.view.with(|v| v.source.clone().unwrap_or_default()));
    Effect::new(move |_| text.set(source.get()));
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let src = text.get_untracked().trim().to_string();
        let same = ctx
            .view
            .with_untracked(|v| v.source.as_deref().unwrap_or("") == src);
        if same {
            ctx.data.reload();
        } else {
            // Another log: its own filters and columns would not apply.
            let base = ctx.config.with_value(|c| c.base.clone());
            ctx.update(|v| *v = v.for_source((!src.is_empty()).then_some(src), &base));
        }
    };
    view! {
        <form class="tv-source" on:submit=submit>
            <label class="tv-field">"Log source"
                <input type="text" class="tv-input tv-source__input" aria-label="Log source" inputmode="url" spellcheck="false"
                    placeholder=crate::core::query::state::DEMO_SOURCE
                    prop:value=move || text.get() on:input=move |e| text.set(event_target_value(&e)) />
            </label>
            <button class="tv-btn" type="submit">"Load"</button>
            <button class="tv-btn" type="button" title="Fetch this log again" on:click=move |_| ctx.data.reload()>"Reload"</button>
        </form>
    }
}

/// The global search: live in the table, settled in the URL after a pause.
#[component]
fn SearchBox() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let text = RwSignal::new(ctx.view.with_untracked(|v| v.q.clone()));
    // Follow changes made elsewhere (Back, "Clear filters").
    Effect::new(move |_| {
        let q = ctx.view.with(|v| v.q.clone());
        if text.with_untracked(|t| t.trim() != q.trim()) {
            text.set(q);
        }
    });
    view! {
        <div class="tv-search">
            <input
                type="search"
                class="tv-input tv-search__input"
                aria-label="Search"
                placeholder="Search every field, nested data too   ( / )"
                node_ref=ctx.search_input
                prop:value=move || text.get()
                on:input=move |e| {
                    let q = event_target_value(&e);
                    text.set(q.clone());
                    ctx.update_typing(|v| v.set_search(&q));
                }
                on:keydown=move |e| if e.key() == "Enter" { ctx.url.end_typing() }
                on:blur=move |_| ctx.url.end_typing()
            />
        </div>
    }
}

/// Presets, a custom From/To range, in the view's zone.
#[component]
fn TimeRange() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let range = Memo::new(move |_| ctx.view.with(|v| v.range));
    let tz = Memo::new(move |_| ctx.view.with(|v| v.tz));
    let bound = move |which: usize| {
        let now = crate::platform::now_ms();
        let (from, to) = range.get().bounds(now);
        [from, to][which]
            .map(|t| time::format_input(t, tz.get()))
            .unwrap_or_default()
    };
    let set_bound = move |which: usize, value: String| {
        let zone = tz.get_untracked();
        let t = time::parse_timestamp(&value, zone);
        ctx.update(|v| {
            let (mut from, mut to) = v.range.bounds(crate::platform::now_ms());
            if which == 0 {
                from = t
            } else {
                to = t
            }
            v.set_range(if from.is_none() && to.is_none() {
                Range::All
            } else {
                Range::Custom { from, to }
            });
        });
    };
    view! {
        <div class="tv-range" role="group" aria-label="Time range">
            {Preset::ALL.into_iter().map(|p| view! {
                <button class="tv-chip" aria-pressed=move || (present::preset_of(&range.get()) == Some(p)).to_string()
                    on:click=move |_| ctx.update(|v| v.set_range(Range::Last(p)))>{p.label()}</button>
            }).collect_view()}
            <button class="tv-chip" aria-pressed=move || (range.get() == Range::All).to_string()
                on:click=move |_| ctx.update(|v| v.set_range(Range::All))>"All time"</button>
            <label class="tv-field">"From"
                <input type="datetime-local" step="1" class="tv-input" aria-label="From" prop:value=move || bound(0)
                    on:change=move |e| set_bound(0, event_target_value(&e)) />
            </label>
            <label class="tv-field">"To"
                <input type="datetime-local" step="1" class="tv-input" aria-label="To" prop:value=move || bound(1)
                    on:change=move |e| set_bound(1, event_target_value(&e)) />
            </label>
        </div>
    }
}

/// The display zone of every time shown.
#[component]
fn TimeZone() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let now = crate::platform::now_ms();
    let mut offsets = OFFSETS.to_vec();
    offsets.sort_unstable();
    let mut zones = vec![Zone::Utc, Zone::Local];
    zones.extend(offsets.into_iter().map(Zone::Fixed));
    // An offset given in the URL is offered even if it is unusual.
    let current = ctx.view.with_untracked(|v| v.tz);
    if !zones.contains(&current) {
        zones.push(current);
    }
    view! {
        <label class="tv-field">"Time zone"
            <select class="tv-input" aria-label="Time zone"
                on:change=move |e| {
                    if let Some(z) = Zone::parse(&event_target_value(&e)) {
                        ctx.update(|v| v.tz = z);
                    }
                }>
                {zones.into_iter().map(|z| view! {
                    <option value=z.to_param() prop:selected=move || ctx.view.with(|v| v.tz == z)>{z.label(now)}</option>
                }).collect_view()}
            </select>
        </label>
    }
}
