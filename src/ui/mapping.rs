//! Field mapping: which field plays each role, as detected, with a select per role
//! so the admin can correct it, why that field was chosen and which came next (one
//! click takes it). Choices go into the URL (`map=`).

use crate::core::roles::{self, Role};
use crate::ui::ctx::Ctx;
use crate::ui::lazy::{Lazy, lazy_part};
use leptos::prelude::*;

const MAPPED: [Role; 5] = [
    Role::Time,
    Role::Actor,
    Role::Action,
    Role::Target,
    Role::App,
];
const MAX_OPTIONS: usize = 40;

/// The mapping panel, loaded after the first rows.
#[component]
pub fn FieldMapping() -> impl IntoView {
    view! { <Lazy load=mapping_part what="the field mapping" /> }
}

lazy_part!(
    mapping,
    preload_mapping,
    pub(crate) fn mapping_part(owner: Owner) -> AnyView {
        owner.with(|| view! { <Panel /> }.into_any())
    }
);

#[component]
fn Panel() -> impl IntoView {
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
        // Read, not just tracked: a memo nobody reads is never computed, and one never
        // computed has no sources to tell it that the roles changed.
        shape.with(|_| ());
        ctx.data.dataset.with_untracked(|d| {
            // Every field profiled once for all the roles.
            let fields = roles::Fields::new(d.store());
            MAPPED
                .iter()
                .map(|&role| {
                    (
                        role,
                        fields.candidates(role),
                        fields.explain(role, d.roles()),
                    )
                })
                .map(|(role, candidates, why)| {
                    let path_of = |n| d.store().node(n).path.clone();
                    let mapped = ctx.view.with_untracked(|v| v.map.get(role).is_some());
                    let reasons = why.chosen.map(|p| {
                        if mapped {
                            "chosen in the mapping (map=)".to_string()
                        } else {
                            p.reasons.join(" · ")
                        }
                    });
                    let next = why
                        .runner_up
                        .map(|p| (path_of(p.node), p.reasons.join(" · ")));
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
                    (role, current, detected, options, reasons, next)
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <details class="tv-mapping" open>
            <summary class="tv-panel__title">"Field mapping"</summary>
            <p class="tv-muted">"Which field means what. Detected from names and values; change any that are wrong."</p>
            {move || rows.get().into_iter().map(|(role, current, detected, options, reasons, next)| {
                let label = format!("{} field", role.label());
                let cur = current.clone().unwrap_or_else(|| "-".into());
                let why = reasons.map(|r| view! { <p class="tv-mapping__why">{r}</p> });
                let next = next.map(|(path, reasons)| {
                    // Taking what detection found needs no mapping.
                    let take = (Some(&path) != detected.as_ref()).then(|| path.clone());
                    view! {
                        <p class="tv-mapping__next">"Next best: "<code>{path.clone()}</code>" ("{reasons}") "
                            <button class="tv-link" title=format!("Make {path} the {} field", role.label().to_lowercase())
                                on:click=move |_| ctx.update(|s| s.map.set(role, take.as_deref()))>{format!("Use {path}")}</button>
                        </p>
                    }
                });
                view! {
                    <div class="tv-mapping__role">
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
                            <option value="-" prop:selected=cur == "-">"(none)"</option>
                            {options.into_iter().map(|p| {
                                let text = if Some(&p) == detected.as_ref() { format!("{p} (detected)") } else { p.clone() };
                                view! { <option value=p.clone() prop:selected=p == cur>{text}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                    {why}
                    {next}
                    </div>
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
