//! The page that frames this one (the iframe mode): posting it messages, telling
//! its messages from others', and asking it for the token.

use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// How long the host has to answer a `trailview:token-request`.
const TOKEN_WAIT_MS: i32 = 10_000;

/// The framing window, and who in it may hear us.
#[derive(Clone)]
pub struct Parent {
    /// None when the app is not framed.
    window: Option<web_sys::Window>,
    /// Origins messages are posted to (each as the target origin).
    targets: Rc<[String]>,
    /// Token requests the host has not answered yet: their promises' resolvers.
    waiting: Rc<RefCell<Vec<js_sys::Function>>>,
}

impl Parent {
    /// The window framing this page; messages go only to `targets` (none: nobody
    /// hears this page).
    pub fn new(targets: Vec<String>) -> Self {
        let own = web_sys::window();
        let window = own
            .as_ref()
            .and_then(|w| w.parent().ok().flatten())
            .filter(|p| own.as_ref().is_some_and(|w| !js_sys::Object::is(p, w)));
        Parent {
            window,
            targets: targets.into(),
            waiting: Rc::default(),
        }
    }

    /// Posts `{type: kind, detail}` (detail omitted when empty). The browser drops
    /// it unless the framing page has one of the target origins.
    pub fn post(&self, kind: &str, detail: &[(&str, JsValue)]) {
        let Some(w) = &self.window else { return };
        let message = if detail.is_empty() {
            super::object(&[("type", kind.into())])
        } else {
            super::object(&[
                ("type", kind.into()),
                ("detail", super::object(detail).into()),
            ])
        };
        for origin in self.targets.iter() {
            let _ = w.post_message(&message, origin);
        }
    }

    /// The message's origin and its data as JSON text, if the framing window sent it
    /// (a message from any other window or frame gives None).
    pub fn sent_by(&self, e: &web_sys::MessageEvent) -> Option<(String, String)> {
        let w = self.window.as_ref()?;
        let from = e.source()?;
        if !js_sys::Object::is(&from, w) {
            return None;
        }
        let json = js_sys::JSON::stringify(&e.data()).ok()?.as_string()?;
        Some((e.origin(), json))
    }

    /// A token provider for the data context: each call posts a
    /// `trailview:token-request` and gives a promise of the next token the host sends
    /// ([`Parent::give_token`]), or of nothing after 10 s or when no page may hear it.
    pub fn token_provider(&self) -> js_sys::Function {
        let parent = self.clone();
        let ask = Closure::<dyn Fn() -> js_sys::Promise>::new(move || {
            let waiting = parent.waiting.clone();
            let framed = parent.window.is_some() && !parent.targets.is_empty();
            let promise = js_sys::Promise::new(&mut |resolve, _reject| {
                if !framed {
                    let _ = resolve.call0(&JsValue::NULL);
                    return;
                }
                waiting.borrow_mut().push(resolve.clone());
                let waiting = waiting.clone();
                let give_up = Closure::once_into_js(move || {
                    let mut list = waiting.borrow_mut();
                    if let Some(i) = list.iter().position(|f| js_sys::Object::is(f, &resolve)) {
                        let f = list.remove(i);
                        drop(list);
                        let _ = f.call0(&JsValue::NULL);
                    }
                });
                if let Some(w) = web_sys::window() {
                    let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                        give_up.unchecked_ref(),
                        TOKEN_WAIT_MS,
                    );
                }
            });
            parent.post("trailview:token-request", &[]);
            promise
        });
        ask.into_js_value().unchecked_into()
    }

    /// Hands the host's token to the requests waiting for one; false if none was.
    pub fn give_token(&self, token: &str) -> bool {
        let waiting: Vec<js_sys::Function> = self.waiting.borrow_mut().drain(..).collect();
        for resolve in &waiting {
            let _ = resolve.call1(&JsValue::NULL, &token.into());
        }
        !waiting.is_empty()
    }
}

/// The origin of the page framing this one, when the browser says it
/// (`location.ancestorOrigins`, which Chromium and Safari have); None when not
/// framed or not told.
pub fn parent_origin() -> Option<String> {
    let location = web_sys::window()?.location();
    let list = js_sys::Reflect::get(&location, &"ancestorOrigins".into()).ok()?;
    list.dyn_into::<web_sys::DomStringList>().ok()?.get(0)
}

/// This page's own origin.
pub fn own_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}
