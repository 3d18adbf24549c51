//! Trailview: an audit-log explorer that runs entirely in the browser.
//!
//! [`core`] is the pure engine (tested natively); `platform` (browser access) and
//! `ui` (Leptos components) are the browser shell, compiled for wasm only.
//! Embedding: [`mount_on`] mounts the whole explorer on any element; `embed` is
//! what `widget.js` (the `<trail-view>` element) calls.

// The browser shell (`platform`, `ui`) is compiled for wasm only, so natively most
// of the engine has no caller outside its tests: the wasm build (`make lint`) is
// where unused code is reported.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code, unused_imports))]
pub mod bench;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code, unused_imports))]
pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod embed;
#[cfg(target_arch = "wasm32")]
pub mod platform;
#[cfg(target_arch = "wasm32")]
pub mod ui;

/// Starts the app on the page's `<div id="app" data-trailview>`; on any other page
/// (a host that loaded `widget.js`) it mounts nothing: the widgets mount themselves.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    console_error_panic_hook::set_once();
    platform::zones::install();
    let host = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
        .filter(|e| e.has_attribute("data-trailview"))
        .and_then(|e| wasm_bindgen::JsCast::dyn_into(e).ok());
    if let Some(el) = host {
        mount_on(el);
    }
}

/// Mounts the explorer on `host` (any element: a page's root, a widget's container).
#[cfg(target_arch = "wasm32")]
pub fn mount_on(host: web_sys::HtmlElement) {
    leptos::mount::mount_to(host, ui::App).forget();
}

/// Starts the browser benchmark page.
#[cfg(target_arch = "wasm32")]
pub fn start_bench() {
    console_error_panic_hook::set_once();
    platform::zones::install();
    wasm_bindgen_futures::spawn_local(bench::page::run());
}

/// Natively there is no page: explains how to run the app.
#[cfg(not(target_arch = "wasm32"))]
pub fn start() {
    eprintln!("Trailview runs in the browser: `make serve`, then open http://127.0.0.1:8080/");
}

/// Natively there is no page: points to the native benchmark.
#[cfg(not(target_arch = "wasm32"))]
pub fn start_bench() {
    eprintln!(
        "The browser benchmark is bench.html; natively run `cargo bench --bench engine -- FILE`."
    );
}
