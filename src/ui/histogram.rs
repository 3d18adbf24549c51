//! Entries over time for the current filters, as SVG bars. Hovering a bar shows
//! its range and count; clicking a bar zooms to it; dragging across bars sets the
//! custom range (snapped to whole bars).
//!
//! From the keyboard the bars are one control, a listbox with a bar per option
//! (one Tab stop, not one per bar): ← → (Home, End) move the cursor over them,
//! Shift with them extends a range from where it started, Enter applies the range
//! (or the cursor's bar), Esc drops it. The cursor's bar is the listbox's
//! `aria-activedescendant`, so a screen reader reads that bar's range and count as
//! it moves, and the bars of a range being chosen are its selected options.
//!
//! Split by a field (`split=`), each bar is stacked by the field's top values
//! (drawn here from [`Split`]; the legend that reads and chooses them is the lazy
//! part [`crate::ui::split`]), and each bar's name lists them.

use crate::core::engine::memory::coverage;
use crate::core::engine::memory::histogram::Histogram as Bars;
use crate::core::engine::split::Split;
use crate::core::explain::compare::{Against, Compare};
use crate::core::ingest::progress::Phase;
use crate::core::query::Range;
use crate::core::view::keys::{Brush, BrushKey, BrushOutcome};
use crate::core::view::present;
use crate::ui::ctx::Ctx;
use crate::ui::lazy::Lazy;
use crate::ui::shared::Shared;
use leptos::ev::{KeyboardEvent, PointerEvent};
use leptos::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

const W: f64 = 1000.0;
const H: f64 = 100.0;

/// Histograms made so far: each gets ids of its own (several widgets on a page).
static MADE: AtomicUsize = AtomicUsize::new(0);

/// The histogram above the table.
#[component]
pub fn Histogram() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let svg = NodeRef::<leptos::svg::Svg>::new();
    let id = StoredValue::new(format!("tv-hist{}", MADE.fetch_add(1, Ordering::Relaxed)));
    let bar_id = move |i: usize| id.with_value(|id| format!("{id}-bar{i}"));
    let hint_id = move || id.with_value(|id| format!("{id}-keys"));
    let hist = ctx.engine.histogram;
    let shown = Memo::new(move |_| hist.with(Option::is_some));
    let bar_count = move || hist.with(|h| h.as_ref().map_or(0, |h| h.buckets.len()));
    // A partial log: the span it does not cover is shaded, never shown as "no events".
    let gap = Memo::new(move |_| {
        let incomplete = ctx.data.state.with(|s| match s.phase {
            Phase::Done => s.incomplete(),
            Phase::Failed { .. } => true,
            _ => false,
        });
        if !incomplete {
            return None;
        }
        let (first, last) = hist.with(|h| {
            let h = h.as_ref()?;
            Some((h.buckets.first()?.start, h.buckets.last()?.end))
        })?;
        ctx.data
            .dataset
            .with_untracked(|d| coverage::uncovered(d, first, last))
    });
    let hover = RwSignal::new(None::<usize>);
    let drag = RwSignal::new(None::<(usize, usize)>);
    // The keyboard's cursor and range, and whether the keyboard is driving the
    // histogram now (a click leaves it as it always looked).
    let brush = RwSignal::new(Brush::default());
    let keyboard = RwSignal::new(false);
    let at = Memo::new(move |_| brush.get().clamped(bar_count()));
    // The split the legend read for these bars (set by the lazy part).
    let stacks = RwSignal::new(None::<Shared<Split>>);
    let splitting = Memo::new(move |_| ctx.view.with(|v| v.split.is_some()));
    let stacked = move |h: &Bars| {
        stacks
            .get()
            .filter(|s| splitting.get() && s.bars.len() == h.buckets.len())
    };

    let bucket_at = move |e: &PointerEvent| -> Option<usize> {
        let el = svg.get_untracked()?;
        let rect = el.get_bounding_client_rect();
        let n = hist.with_untracked(|h| h.as_ref().map(|h| h.buckets.len()))?;
        if rect.width() <= 0.0 || n == 0 {
            return None;
        }
        let f = ((e.client_x() as f64 - rect.left()) / rect.width()).clamp(0.0, 0.999_999);
        Some((f * n as f64) as usize)
    };
    let select = move |a: usize, b: usize| {
        let Some((start, end)) = hist.with_untracked(|h| {
            let h = h.as_ref()?;
            let (lo, hi) = (a.min(b), a.max(b));
            Some((h.buckets.get(lo)?.start, h.buckets.get(hi)?.end))
        }) else {
            return;
        };
        // In compare mode the span is explained, not zoomed to (once).
        if ctx.comparing.get_untracked() {
            ctx.comparing.set(false);
            ctx.compare.set(Some(Compare {
                from: start,
                to: end,
                against: Against::Rest,
            }));
            return;
        }
        ctx.update(|v| {
            v.set_range(Range::Custom {
                from: Some(start),
                to: Some(end),
            })
        });
    };
    // The bars chosen now: by a drag, else by the keyboard.
    let chosen = Memo::new(move |_| {
        drag.get()
            .map(|(a, c)| (a.min(c), a.max(c)))
            .or_else(|| at.get().range())
    });
    let on_key = move |e: KeyboardEvent| {
        let Some(key) = BrushKey::from_key(&e.key()) else {
            return;
        };
        if e.alt_key() || e.ctrl_key() || e.meta_key() {
            return;
        }
        let mut b = brush.get_untracked();
        match b.key(key, e.shift_key(), bar_count()) {
            // Esc with no range: the explorer's (it closes the entry panel).
            BrushOutcome::Ignored => return,
            BrushOutcome::Apply(lo, hi) => {
                select(lo, hi);
                // New bars for the new range: the cursor starts again at an end.
                b = Brush::default();
            }
            // The range is dropped; nothing else closes.
            BrushOutcome::Cancelled => e.stop_propagation(),
            BrushOutcome::Moved => {}
        }
        e.prevent_default();
        keyboard.set(true);
        brush.set(b);
    };
    let on_focus = move |_| {
        // Focus from the keyboard (Tab) shows the cursor, on the first bar if it had none.
        let by_keyboard = svg
            .get_untracked()
            .is_some_and(|el| el.matches(":focus-visible").unwrap_or(false));
        if by_keyboard {
            keyboard.set(true);
            brush.update(|b| {
                if b.cursor.is_none() {
                    b.cursor = Some(0);
                }
            });
        }
    };
    let on_blur = move |_| {
        keyboard.set(false);
        brush.update(|b| b.anchor = None);
    };

    let bars = move |h: &Bars| {
        let n = h.buckets.len().max(1) as f64;
        let bw = W / n;
        let max = h.max.max(1) as f64;
        let tz = ctx.view.with_untracked(|v| v.tz);
        // Tracked: a load that stops short changes what the bars say, not the bars.
        let gap = gap.get();
        let split = stacked(h);
        let height = move |count: usize| match count {
            0 => 0.0,
            c => (c as f64 / max * (H - 2.0)).max(1.5),
        };
        h.buckets
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let bh = height(b.count);
                let mut label = present::bar_label(b.start, b.end, b.count, tz, gap);
                if let Some(s) = split.as_ref().filter(|_| b.count > 0) {
                    label = format!("{label} ({})", present::split_parts(s, i));
                }
                let selected = move || chosen.get().is_some_and(|(lo, hi)| (lo..=hi).contains(&i));
                let x = i as f64 * bw + bw * 0.08;
                // Stacked from the bottom, the top value first; a stack is as tall as
                // its share of the bar.
                let segments = split.as_ref().map(|s| {
                    let mut y = H;
                    s.bars[i]
                        .iter()
                        .enumerate()
                        .filter(|&(_, &c)| c > 0)
                        .map(|(k, &c)| {
                            let sh = bh * c as f64 / b.count.max(1) as f64;
                            y -= sh;
                            view! {
                                <rect class=format!("tv-hist__seg tv-series-{k}") aria-hidden="true"
                                    x=format!("{x:.2}") y=format!("{y:.2}")
                                    width=format!("{:.2}", bw * 0.84) height=format!("{sh:.2}") />
                            }
                        })
                        .collect_view()
                });
                // The bar itself over its stacks: see-through when split, so its
                // hover and selection tint them.
                view! {
                    {segments}
                    <rect class="tv-hist__bar" class:tv-hist__bar--hover=move || hover.get() == Some(i)
                        class:tv-hist__bar--selected=selected class:tv-hist__bar--split=split.is_some()
                        id=bar_id(i) role="option" aria-label=label.clone() aria-selected=move || selected().to_string()
                        x=format!("{x:.2}") y=format!("{:.2}", H - bh)
                        width=format!("{:.2}", bw * 0.84) height=format!("{bh:.2}") />
                }
            })
            .collect_view()
    };
    // Behind the bars, the span being chosen (bars of 0 have no height to colour);
    // over them, the keyboard's cursor.
    let column = move |class: &'static str, lo: usize, hi: usize| {
        let n = bar_count().max(1) as f64;
        let bw = W / n;
        view! {
            <rect class=class aria-hidden="true" x=format!("{:.2}", lo as f64 * bw) y="0"
                width=format!("{:.2}", (hi - lo + 1) as f64 * bw) height=format!("{H}") />
        }
    };
    let band = move || chosen.get().map(|(lo, hi)| column("tv-hist__band", lo, hi));
    let cursor = move || {
        keyboard
            .get()
            .then(|| at.get().cursor)
            .flatten()
            .map(|i| column("tv-hist__cursor", i, i))
    };

    // Where instant `t` falls on the bars (buckets may differ in length).
    let x_of = move |h: &Bars, t: i64| -> f64 {
        let n = h.buckets.len().max(1);
        let i = h.buckets.partition_point(|b| b.end <= t).min(n - 1);
        let b = h.buckets[i];
        let frac = ((t - b.start) as f64 / (b.end - b.start).max(1) as f64).clamp(0.0, 1.0);
        (i as f64 + frac) * W / n as f64
    };
    // Drawn only: each bar says in its name whether it was loaded, and the note
    // under the bars says it in words.
    let shade = move |h: &Bars| {
        gap.get().map(|(a, b)| {
            let (x1, x2) = (x_of(h, a), x_of(h, b));
            view! {
                <rect class="tv-hist__gap" x=format!("{x1:.2}") y="0" width=format!("{:.2}", (x2 - x1).max(1.0)) height=format!("{H}")
                    aria-hidden="true" />
            }
        })
    };
    let gap_note = move || {
        gap.get().map(|(a, b)| {
            let tz = ctx.view.with_untracked(|v| v.tz);
            let older = hist.with(|h| {
                h.as_ref()
                    .and_then(|h| h.buckets.first())
                    .is_some_and(|f| f.start == a)
            });
            let text = if older {
                format!(
                    "The log is partial: nothing before {} was loaded (shaded).",
                    present::short_time(b, tz)
                )
            } else {
                format!(
                    "The log is partial: nothing after {} was loaded (shaded).",
                    present::short_time(a, tz)
                )
            };
            view! { <p class="tv-hist__coverage tv-warn">{text}</p> }
        })
    };
    let summary = move || {
        hist.with(|h| {
            h.as_ref().map(|h| {
                format!(
                    "Entries over time, {} bars of {}, at most {} per bar",
                    h.buckets.len(),
                    h.step.label(),
                    present::count(h.max)
                )
            })
        })
    };
    // Under the bars: the hovered bar, the range the keyboard is choosing or the
    // cursor's bar, else how to choose.
    let tip = move || {
        hist.with(|h| {
            let h = h.as_ref()?;
            let tz = ctx.view.with_untracked(|v| v.tz);
            let split = stacked(h);
            let label = |i: usize| {
                h.buckets.get(i).map(|b| {
                    let l = present::bar_label(b.start, b.end, b.count, tz, gap.get());
                    match split.as_ref().filter(|_| b.count > 0) {
                        Some(s) => format!("{l} ({})", present::split_parts(s, i)),
                        None => l,
                    }
                })
            };
            if let Some(i) = hover.get() {
                return label(i);
            }
            if keyboard.get() {
                let b = at.get();
                if let (Some((lo, hi)), None) = (b.range(), drag.get()) {
                    let (first, last) = (h.buckets.get(lo)?, h.buckets.get(hi)?);
                    let n: usize = h.buckets[lo..=hi].iter().map(|b| b.count).sum();
                    return Some(format!(
                        "{}: {} · Enter applies, Esc cancels",
                        present::span(first.start, last.end, tz),
                        present::counted(n, "entry", "entries")
                    ));
                }
                if let Some(i) = b.cursor {
                    return label(i);
                }
            }
            Some(match ctx.comparing.get() {
                true => format!(
                    "Each bar: {}. Drag across bars, or use the arrow keys, to choose the span to explain.",
                    h.step.label()
                ),
                false => format!(
                    "Each bar: {}. Drag across bars, or use the arrow keys, to choose a range.",
                    h.step.label()
                ),
            })
        })
    };
    let edges = move || {
        hist.with(|h| {
            let h = h.as_ref()?;
            let tz = ctx.view.with_untracked(|v| v.tz);
            Some((
                present::short_time(h.buckets.first()?.start, tz),
                present::short_time(h.buckets.last()?.end, tz),
            ))
        })
        .unwrap_or_default()
    };

    // The figure stays while there are bars, so focus stays on it when a range is
    // applied; only what is inside it follows the bars.
    view! {
        <Show when=move || shown.get()
            fallback=move || view! { <p class="tv-hist tv-muted">{move || match ctx.engine.querying() {
                true => "Counting the timeline…",
                false => "No entry has a readable time, so there is no timeline.",
            }}</p> }>
            <figure class="tv-hist">
                <svg node_ref=svg class="tv-hist__svg" viewBox=format!("0 0 {W} {H}") preserveAspectRatio="none"
                    role="listbox" aria-orientation="horizontal" aria-multiselectable="true" tabindex="0"
                    aria-label=summary aria-describedby=hint_id()
                    aria-activedescendant=move || at.get().cursor.map(bar_id)
                    on:keydown=on_key on:focus=on_focus on:blur=on_blur
                    on:pointerdown=move |e| {
                        keyboard.set(false);
                        if let Some(i) = bucket_at(&e) {
                            drag.set(Some((i, i)));
                            // The keyboard goes on from the bar clicked.
                            brush.set(Brush { cursor: Some(i), anchor: None });
                        }
                    }
                    on:pointermove=move |e| {
                        let i = bucket_at(&e);
                        hover.set(i);
                        if let (Some(i), Some((a, _))) = (i, drag.get_untracked()) { drag.set(Some((a, i))) }
                    }
                    on:pointerup=move |_| {
                        if let Some((a, b)) = drag.get_untracked() { select(a, b) }
                        drag.set(None);
                    }
                    on:pointerleave=move |_| { hover.set(None); drag.set(None); }>
                    {move || hist.get().map(|h| shade(&h))}
                    {band}
                    {move || hist.get().map(|h| bars(&h))}
                    {cursor}
                </svg>
                <figcaption class="tv-hist__axis">
                    <span>{move || edges().0}</span>
                    <span class="tv-hist__tip">{tip}</span>
                    <span>{move || edges().1}</span>
                </figcaption>
                <span class="tv-visually-hidden" id=hint_id()>
                    "Left and right arrows move over the bars, Home and End to the first and last; \
                     Shift with them extends a range, Enter applies it, Escape cancels."
                </span>
                {gap_note}
                <button class="tv-btn tv-hist__compare" aria-pressed=move || ctx.comparing.get().to_string()
                    title="Then choose a span on the bars: what is different there, against the rest of the view or the period before"
                    on:click=move |_| ctx.comparing.update(|c| *c = !*c)>"What is different in a span?"</button>
                <button class="tv-btn tv-hist__split" aria-pressed=move || splitting.get().to_string()
                    title="Stack each bar by the top values of a field"
                    on:click=move |_| crate::ui::split::toggle(ctx)>"Split bars"</button>
                {move || splitting.get().then(|| {
                    let load = move |owner| crate::ui::split::split_part(owner, stacks);
                    view! { <Lazy load=load what="the split" /> }
                })}
            </figure>
        </Show>
    }
}
