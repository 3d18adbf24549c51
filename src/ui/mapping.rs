//! Field mapping: which field plays each role, as detected, with a select per role
//! so the admin can correct it. Choices go into the URL (`map=`).

use crate::core::roles::{self, Role};
use crate::ui::ctx::Ctx;
use leptos::prelude::*;

const MAPPED: [Role; 5] = [
    Role::Time,
    Role::Actor,
    Role::Action,
    Role::Target,
    Role::App,
];
const MAX_OPTIONS: usize = 40;

/// The mapping panel.
#[component]
pub fn FieldMapping() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    // Candidates come from profiling every field: redo it when the fields or roles
    // change, not for every page of entries that arrives.
    let shape = Memo::new(move |_| {
        ctx.data.dataset.with(|d| {
            (
                d.store().nodes().len(),
                d.roles().clone(),
                d.detected().clone(),
            )
        })
    });
    let rows = Memo::new(move |_| {
        shape.track();
        ctx.data.dataset.with_untracked(|d| {
            let candidates = roles::candidates_for(d.store(), &MAPPED);
            MAPPED
                .iter()
                .zip(candidates)
                .map(|(&role, candidates)| {
                    let path_of = |n| d.store().node(n).path.clone();
                    let current = d.role(role).map(path_of);
                    let detected = d.detected().get(role).map(path_of);
                    let mut options: Vec<String> = candidates
                        .into_iter()
                        .take(MAX_OPTIONS)
                        .map(path_of)
                        .collect();
                    if let Some(c) = &current
                        && !options.contains(c)
                    {
                        options.insert(0, c.clone());
                    }
                    (role, current, detected, options)
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <details class="tv-mapping" open>
            <summary class="tv-panel__title">"Field mapping"</summary>
            <p class="tv-muted">"Which field means what. Detected from names and values; change any that are wrong."</p>
            {move || rows.get().into_iter().map(|(role, current, detected, options)| {
                let label = format!("{} field", role.label());
                let cur = current.clone().unwrap_or_else(|| "-".into());
                view! {
                    <label class="tv-field tv-field--stacked">{label.clone()}
                        <select class="tv-input" aria-label=label.clone() on:change=move |e| {
                            let v = event_target_value(&e);
                            let detected = ctx.data.dataset.with_untracked(|d| d.detected().get(role).map(|n| d.store().node(n).path.clone()));
                            ctx.update(|s| {
                                // Choosing what detection found needs no mapping.
                                let explicit = if Some(&v) == detected.as_ref() { None } else { Some(v.as_str()) };
                                s.map.set(role, explicit);
                            });
                        }>
                            <option value="-" selected=cur == "-">"(none)"</option>
                            {options.into_iter().map(|p| {
                                let text = if Some(&p) == detected.as_ref() { format!("{p} (detected)") } else { p.clone() };
                                view! { <option value=p.clone() selected=p == cur>{text}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                }
            }).collect_view()}
            <p class="tv-muted tv-mapping__itz">{move || {
                let itz = ctx.view.with(|v| v.itz);
                format!(
                    "Times written without an offset are read as {} (itz= in the URL, inputZone in trailview.json).",
                    itz.name(crate::platform::now_ms())
                )
            }}</p>
        </details>
    }
}
