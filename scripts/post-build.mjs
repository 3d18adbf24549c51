// Trunk's post-build hook (Trunk runs the hooks of one stage at the same time, so
// this one runs the steps in order): the wasm split of a release build
// (split.mjs), then the start script and widget.js (widget.mjs).
await import('./split.mjs');
await import('./widget.mjs');
