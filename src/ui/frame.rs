//! The iframe mode, `<base>embed?…`: the widget's explorer as a page of its own,
//! for hosts that want process isolation. Its address gives the element's
//! attributes ([`crate::core::embed::frame`]); it talks to the framing page with
//! `postMessage`, only with the origins the deployment allows, and ignores every
//! other message.

use crate::core::embed::frame::{self, Incoming, Origins};
use crate::platform::frame::{Parent, own_origin, parent_origin};
use crate::ui::config::ConfigContext;
use crate::ui::load::DataContext;
use crate::ui::widget::{Controls, Host, WidgetApp};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// `embed`: the explorer without the page chrome, driven by the framing page.
#[component]
pub fn EmbedRoute() -> impl IntoView {
    let config = expect_context::<ConfigContext>();
    let data = expect_context::<DataContext>();
    let asked = frame::embed(&use_location().search.get_untracked());
    let origins = Origins::new(&own_origin(), &config.config.embed_origins);
    // A framing page this deployment does not allow hears nothing and is not heard.
    let framing = parent_origin();
    let refused = framing.clone().filter(|o| !origins.allows(o));
    let parent = Parent::new(origins.targets(framing.as_deref()));
    let locked = crate::core::embed::widget::source_locked(&asked.attributes);
    let controls = Controls::new(Host::Parent(parent.clone()), asked.attributes);
    if asked.token_from_parent {
        data.set_token_provider(Some(parent.token_provider()));
    }
    let from_host = parent.clone();
    let listen = window_event_listener(leptos::ev::message, move |e| {
        let Some((origin, json)) = from_host.sent_by(&e) else {
            return;
        };
        if !origins.allows(&origin) {
            return;
        }
        match frame::incoming(&json) {
            // No request waits for it: kept for the next one (for the host's own source).
            Some(Incoming::Token(t)) if !from_host.give_token(&t) => {
                data.host_token(&t);
            }
            Some(Incoming::Token(_)) => {}
            Some(Incoming::State(s)) => controls.set_attribute("state", Some(s)),
            Some(Incoming::Set { name, value }) => controls.set_attribute(&name, value),
            None => {}
        }
    });
    on_cleanup(move || listen.remove());
    parent.post("trailview:ready", &[]);
    let config = config.for_frame(locked);
    view! {
        {refused.map(|o| view! {
            <p class="tv-notice tv-frame-refused" role="alert">
                {format!(
                    "This view is framed by {o}, which this deployment does not allow \
                     (embedOrigins in trailview.json): no messages are exchanged with it."
                )}
            </p>
        })}
        <WidgetApp controls=controls config=config data=data />
    }
}
