//! Entry point: installs the panic hook and mounts Trailview on the page's `#app`.
fn main() {
    trailview::start();
}
