//! Entry point of `bench.html`: runs the core workload in the browser.
fn main() {
    trailview::start_bench();
}
