//! The bridge `widget.js` calls: mounts one `<trail-view>`'s explorer on an element
//! inside its shadow root and hands back the handle that updates and removes it.

use crate::ui::widget::{Controls, Host, WidgetApp};
use crate::ui::{ConfigContext, DataContext};
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// One mounted widget.
#[wasm_bindgen]
pub struct TrailViewWidget {
    controls: Controls,
    data: DataContext,
    mounted: Option<leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>>,
}

#[wasm_bindgen]
impl TrailViewWidget {
    /// Mounts on `container` inside `host` (the element; events go to it); `bundle`
    /// is the URL of the directory `widget.js` came from (the demo log is there);
    /// `attributes` are the element's `[name, value]` pairs.
    pub fn mount(
        host: web_sys::Element,
        container: web_sys::HtmlElement,
        bundle: String,
        attributes: js_sys::Array,
    ) -> TrailViewWidget {
        console_error_panic_hook::set_once();
        crate::platform::zones::install();
        let attributes: Vec<(String, String)> = attributes
            .iter()
            .filter_map(|pair| {
                let pair = js_sys::Array::from(&pair);
                Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
            })
            .collect();
        let locked = crate::core::embed::widget::source_locked(&attributes);
        let slot = Rc::new(Cell::new(None));
        let out = slot.clone();
        let mounted = leptos::mount::mount_to(container, move || {
            let controls = Controls::new(Host::Element(host), attributes);
            let data = DataContext::new();
            out.set(Some((controls, data)));
            let config = ConfigContext::for_widget(&bundle, locked);
            view! { <WidgetApp controls=controls config=config data=data /> }.into_any()
        });
        let (controls, data) = slot.take().expect("the widget mounted");
        TrailViewWidget {
            controls,
            data,
            mounted: Some(mounted),
        }
    }

    /// An attribute was set (a string) or removed (null).
    #[wasm_bindgen(js_name = setAttribute)]
    pub fn set_attribute(&self, name: &str, value: Option<String>) {
        if self.mounted.is_some() {
            self.controls.set_attribute(name, value);
        }
    }

    /// The host's `tokenProvider` (a function returning the token or a promise of
    /// it), or null to drop it. The token is kept in memory only.
    #[wasm_bindgen(js_name = setTokenProvider)]
    pub fn set_token_provider(&self, provider: Option<js_sys::Function>) {
        if self.mounted.is_some() {
            self.data.set_token_provider(provider);
        }
    }

    /// The view as the app's query string (what `trailview:state` reports).
    pub fn state(&self) -> String {
        self.controls.state()
    }

    /// Restores a view given as the app's query string.
    #[wasm_bindgen(js_name = setState)]
    pub fn set_state(&self, state: &str) {
        if self.mounted.is_some() {
            self.controls
                .set_attribute("state", Some(state.to_string()));
        }
    }

    /// Removes the explorer: requests are aborted, timers and listeners removed,
    /// the data released.
    pub fn unmount(&mut self) {
        drop(self.mounted.take());
    }
}
