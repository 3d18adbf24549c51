//! Entries over time for the current filters, as SVG bars. Hovering a bar shows
//! its range and count; clicking a bar zooms to it; dragging across bars sets the
//! custom range (snapped to whole bars).

use crate::core::coverage;
use crate::core::histogram::{Histogram as Hist, histogram};
use crate::core::load::Phase;
use crate::core::present;
use crate::core::query::Range;
use crate::core::time::Zone;
use crate::ui::ctx::{Ctx, Shared};
use leptos::ev::PointerEvent;
use leptos::prelude::*;

const W: f64 = 1000.0;
const H: f64 = 100.0;

fn span_label(start: i64, end: i64, zone: Zone) -> String {
    format!(
        "{} – {}",
        present::short_time(start, zone),
        present::short_time(end, zone)
    )
}

/// The histogram above the table.
#[component]
pub fn Histogram() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let svg = NodeRef::<leptos::svg::Svg>::new();
    // Only the range and zone matter here: a page flip must not recount every row.
    let range_tz = Memo::new(move |_| ctx.view.with(|v| (v.range, v.tz)));
    let hist = Memo::new(move |_| {
        let rows = ctx.panel_rows.get();
        let (range, tz) = range_tz.get();
        let now = crate::platform::now_ms();
        let (from, to) = range.bounds(now);
        // A preset ends now, even if the last entry is older.
        let to = to.or(from.map(|_| now));
        ctx.data.dataset.with_untracked(|d| {
            // Rows of a dataset since replaced count nothing.
            (rows.universe() <= d.len())
                .then(|| histogram(d, &rows, from, to, tz).map(Shared::new))
                .flatten()
        })
    });
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
        ctx.update(|v| {
            v.set_range(Range::Custom {
                from: Some(start),
                to: Some(end),
            })
        });
    };

    let bars = move |h: &Hist| {
        let n = h.buckets.len().max(1) as f64;
        let bw = W / n;
        let max = h.max.max(1) as f64;
        let tz = ctx.view.with_untracked(|v| v.tz);
        h.buckets
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let bh = if b.count == 0 { 0.0 } else { (b.count as f64 / max * (H - 2.0)).max(1.5) };
                let label = format!("{}: {}", span_label(b.start, b.end, tz), present::counted(b.count, "entry", "entries"));
                view! {
                    <rect class="tv-hist__bar" class:tv-hist__bar--hover=move || hover.get() == Some(i)
                        class:tv-hist__bar--selected=move || drag.get().is_some_and(|(a, c)| (a.min(c)..=a.max(c)).contains(&i))
                        x=format!("{:.2}", i as f64 * bw + bw * 0.08) y=format!("{:.2}", H - bh)
                        width=format!("{:.2}", bw * 0.84) height=format!("{:.2}", bh) aria-label=label />
                }
            })
            .collect_view()
    };

    // Where instant `t` falls on the bars (buckets may differ in length).
    let x_of = move |h: &Hist, t: i64| -> f64 {
        let n = h.buckets.len().max(1);
        let i = h.buckets.partition_point(|b| b.end <= t).min(n - 1);
        let b = h.buckets[i];
        let frac = ((t - b.start) as f64 / (b.end - b.start).max(1) as f64).clamp(0.0, 1.0);
        (i as f64 + frac) * W / n as f64
    };
    let shade = move |h: &Hist| {
        gap.get().map(|(a, b)| {
            let tz = ctx.view.with_untracked(|v| v.tz);
            let (x1, x2) = (x_of(h, a), x_of(h, b));
            let label = format!("Not loaded: {}", span_label(a, b, tz));
            view! {
                <rect class="tv-hist__gap" x=format!("{x1:.2}") y="0" width=format!("{:.2}", (x2 - x1).max(1.0)) height=format!("{H}")
                    role="img" aria-label=label />
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

    view! {
        {move || match hist.get() {
            None => view! { <p class="tv-hist tv-muted">"No entry has a readable time, so there is no timeline."</p> }.into_any(),
            Some(h) => {
                let tz = ctx.view.with_untracked(|v| v.tz);
                let first = h.buckets.first().map(|b| b.start).unwrap_or_default();
                let last = h.buckets.last().map(|b| b.end).unwrap_or_default();
                let summary = format!("Entries over time, {} bars of {}, at most {} per bar", h.buckets.len(), h.step.label(), present::count(h.max));
                let h2 = h.clone();
                view! {
                    <figure class="tv-hist">
                        <svg node_ref=svg class="tv-hist__svg" viewBox=format!("0 0 {W} {H}") preserveAspectRatio="none"
                            role="img" aria-label=summary
                            on:pointerdown=move |e| {
                                if let Some(i) = bucket_at(&e) { drag.set(Some((i, i))) }
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
                            {shade(&h)}
                            {bars(&h)}
                        </svg>
                        <figcaption class="tv-hist__axis">
                            <span>{present::short_time(first, tz)}</span>
                            <span class="tv-hist__tip" role="status">{move || match hover.get().and_then(|i| h2.buckets.get(i).copied()) {
                                Some(b) => format!("{}: {}", span_label(b.start, b.end, ctx.view.with_untracked(|v| v.tz)), present::counted(b.count, "entry", "entries")),
                                None => format!("Each bar: {}. Drag across bars to choose a range.", h2.step.label()),
                            }}</span>
                            <span>{present::short_time(last, tz)}</span>
                        </figcaption>
                        {gap_note}
                    </figure>
                }
                .into_any()
            }
        }}
    }
}
