//! Trailview: an audit-log explorer that runs entirely in the browser.
//!
//! [`core`] is the pure engine (native-tested); `platform` and `ui` are the browser
//! shell, compiled for wasm only.

pub mod core;

/// Starts the app: on wasm, panic hook plus mount; natively it only explains itself.
#[cfg(not(target_arch = "wasm32"))]
pub fn start() {
    eprintln!("Trailview runs in the browser: `make serve`, then open http://127.0.0.1:8080/");
}
