//! The Token field: the token is kept in memory only (never in the URL, storage
//! or an export), for the origin of the source it was typed for, and sent the way
//! the view says (`auth=`: a Bearer header, a named header, or the browser's cookies).

use crate::core::source::Auth;
use crate::ui::ctx::Ctx;
use crate::ui::load::DataContext;
use leptos::html;
use leptos::prelude::*;

/// Token, how to send it, and Use (Enter does the same).
#[component]
pub fn TokenForm(#[prop(optional)] autofocus: bool) -> impl IntoView {
    let data = expect_context::<DataContext>();
    let ctx = expect_context::<Ctx>();
    let text = RwSignal::new(data.token_text());
    let input = NodeRef::<html::Input>::new();
    if autofocus {
        Effect::new(move |_| {
            if let Some(i) = input.get() {
                let _ = i.focus();
            }
        });
    }
    let auth = Memo::new(move |_| ctx.view.with(|v| v.auth.clone()));
    let kind = move || match auth.get() {
        Auth::Bearer => "bearer",
        Auth::Header(_) => "header",
        Auth::Cookies => "cookies",
    };
    let header_name = RwSignal::new(match auth.get_untracked() {
        Auth::Header(h) => h,
        _ => "X-API-Key".to_string(),
    });
    let set_auth = move |a: Auth| ctx.update(|v| v.auth = a);
    view! {
        <form class="tv-token" aria-label="Token for the log source"
            on:submit=move |e| {
                e.prevent_default();
                data.use_token(text.get_untracked().trim().to_string());
            }>
            <label class="tv-field">"Token"
                <input type="password" class="tv-input" aria-label="Token" autocomplete="off" spellcheck="false"
                    node_ref=input prop:value=move || text.get()
                    on:input=move |e| text.set(event_target_value(&e)) />
            </label>
            <label class="tv-field">"Send as"
                <select class="tv-input" aria-label="Send as"
                    on:change=move |e| set_auth(match event_target_value(&e).as_str() {
                        "header" => Auth::Header(header_name.get_untracked()),
                        "cookies" => Auth::Cookies,
                        _ => Auth::Bearer,
                    })>
                    <option value="bearer" prop:selected=move || kind() == "bearer">"Authorization: Bearer"</option>
                    <option value="header" prop:selected=move || kind() == "header">"A header of its own"</option>
                    <option value="cookies" prop:selected=move || kind() == "cookies">"The browser's cookies"</option>
                </select>
            </label>
            <Show when=move || kind() == "header">
                <label class="tv-field">"Header name"
                    <input type="text" class="tv-input" aria-label="Header name" spellcheck="false"
                        prop:value=move || header_name.get()
                        on:input=move |e| header_name.set(event_target_value(&e))
                        on:change=move |e| {
                            if let Some(a) = Auth::parse(&format!("header:{}", event_target_value(&e))) {
                                set_auth(a);
                            }
                        } />
                </label>
            </Show>
            <button class="tv-btn" type="submit">"Use"</button>
        </form>
    }
}
