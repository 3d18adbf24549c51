//! Benchmarks: the shared workload (natively in `benches/engine.rs`, in the
//! browser in `bench.html`) and the browser benchmark page.

#[cfg(target_arch = "wasm32")]
pub mod page;
pub mod workload;
