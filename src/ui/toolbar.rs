//! Time range (presets and custom), time zone and the global search.

use crate::core::query::{Preset, Range};
use crate::core::time::{self, Zone};
use crate::core::view::present;
use crate::ui::complete::Combo;
use crate::ui::ctx::Ctx;
use leptos::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

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

/// Search boxes made so far: each gets ids of its own (several widgets on a page).
static SEARCHES: AtomicUsize = AtomicUsize::new(0);

/// The global search (plain words or a query): live in the table, settled in the
/// URL after a pause.
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
    let error = ctx.query_error;
    let ids = format!("tv-search{}", SEARCHES.fetch_add(1, Ordering::Relaxed));
    let error_id = format!("{ids}-error");
    let combo = Combo::new(ids);
    view! {
        <div class="tv-search">
            <input
                type="search"
                class="tv-input tv-search__input"
                role="combobox"
                aria-autocomplete="list"
                aria-expanded=move || combo.expanded().to_string()
                aria-controls=combo.list_id()
                aria-activedescendant=move || combo.active_id()
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=error_id.clone()
                aria-label="Search"
                autocomplete="off"
                spellcheck="false"
                placeholder="Search every field, nested data too   ( / )"
                node_ref=ctx.search_input
                prop:value=move || text.get()
                on:input=move |e| {
                    let q = event_target_value(&e);
                    text.set(q.clone());
                    ctx.update_typing(|v| v.set_search(&q));
                    combo.typed(ctx, &q);
                }
                on:keydown=move |e| {
                    if !combo.key(&e, ctx, text) && e.key() == "Enter" {
                        ctx.url.end_typing()
                    }
                }
                on:blur=move |_| {
                    combo.close();
                    ctx.url.end_typing()
                }
            />
            {combo.popup(ctx, text)}
            // Said politely once typing pauses; the view keeps the last valid query.
            <p id=error_id class="tv-search__error" aria-live="polite">
                {move || error.get().map(|e| format!("Not a query: {e}. Showing the last valid one."))}
            </p>
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

/// What the zone field offers: UTC, the browser's zone, fixed offsets and every IANA
/// zone the browser knows, as (value, label).
fn zone_choices() -> Vec<(String, String)> {
    let now = crate::platform::now_ms();
    let mut offsets = OFFSETS.to_vec();
    offsets.sort_unstable();
    let mut choices: Vec<(String, String)> = [Zone::Utc, Zone::Local]
        .into_iter()
        .chain(offsets.into_iter().map(Zone::Fixed))
        .map(|z| (z.to_param(), z.label(now)))
        .collect();
    choices.extend(
        crate::platform::zones::names()
            .into_iter()
            .filter(|n| n != "UTC")
            .map(|n| (n, String::new())),
    );
    choices
}

/// The display zone of every time shown: typed or picked from the list (UTC, the
/// browser's zone, fixed offsets and every IANA zone the browser knows).
#[component]
fn TimeZone() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    // The list (some 460 zones) is built when the field is first used, not with the page.
    let choices = StoredValue::new(Vec::<(String, String)>::new());
    // The choices' values in lower case, for matching what is typed.
    let known_values = StoredValue::new(Vec::<String>::new());
    // Set once, when the list is built.
    let listed = RwSignal::new(false);
    let list = move || {
        if !listed.get_untracked() {
            let c = zone_choices();
            known_values.set_value(c.iter().map(|(v, _)| v.to_lowercase()).collect());
            choices.set_value(c);
            listed.set(true);
        }
    };
    let known = move |v: &str| {
        let v = v.trim().to_lowercase();
        known_values.with_value(|k| k.contains(&v))
    };
    let current = Memo::new(move |_| ctx.view.with(|v| v.tz.to_param()));
    let text = RwSignal::new(current.get_untracked());
    // The zone changed elsewhere (Back, a link, the host): the field follows.
    Effect::new(move |_| text.set(current.get()));
    let invalid = RwSignal::new(None::<String>);
    let commit = move |value: String| match Zone::parse(&value) {
        Some(z) => {
            invalid.set(None);
            ctx.update(|v| v.tz = z);
            text.set(z.to_param());
        }
        None => invalid.set(Some(value)),
    };
    view! {
        <label class="tv-field">"Time zone"
            <input type="text" class="tv-input tv-zone" aria-label="Time zone" list="tv-zones"
                spellcheck="false" autocomplete="off" placeholder="Europe/Berlin, UTC, +05:30"
                aria-invalid=move || invalid.with(Option::is_some).to_string()
                prop:value=move || text.get()
                // A name picked from the list applies at once; typed text on Enter or leaving.
                on:focus=move |_| list()
                on:input=move |e| {
                    list();
                    let v = event_target_value(&e);
                    if known(&v) {
                        commit(v);
                    }
                }
                on:change=move |e| commit(event_target_value(&e)) />
            <datalist id="tv-zones">
                {move || listed.get().then(|| choices.get_value().into_iter()
                    .map(|(value, label)| view! { <option value=value>{label}</option> }).collect_view())}
            </datalist>
        </label>
        {move || invalid.get().map(|v| view! {
            <p class="tv-field__error" role="alert">
                {format!("“{v}” is not a time zone: type a name such as Europe/Berlin, UTC, local or an offset such as +05:30.")}
            </p>
        })}
    }
}
