#!/usr/bin/env bash
# Installs whatever Trailview needs to build and test that is missing, from the
# registries only (crates.io, npm, Debian). Idempotent: seconds when all is there.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '[setup] %s\n' "$*" >&2; }
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -qx 'trunk 0.22.1'; then
  say "installing trunk 0.22.1 (about 11 minutes, once)"
  cargo install --locked trunk --version 0.22.1 --ignore-rust-version
fi

# wasm-bindgen-cli must match the wasm-bindgen in Cargo.lock exactly. Not --locked:
# its own lockfile pins a crate this registry lacks.
wbg=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wbg"; then
  say "installing wasm-bindgen-cli $wbg"
  cargo install wasm-bindgen-cli --version "$wbg"
fi

# The wasm splitter `make build` runs after linking (scripts/split.mjs); its
# version matches the wasm_split_helpers in Cargo.lock (the split points' format).
if ! command -v wasm-split-cli >/dev/null \
   || ! cargo install --list | grep -qx 'wasm_split_cli_support v0.2.3:'; then
  say "installing wasm-split-cli 0.2.3 (about 2 minutes, once)"
  cargo install --locked wasm_split_cli_support --version 0.2.3 --features build-binary
fi

# npm: binaryen's wasm-opt 132 (Debian's 108 breaks release bundles) and Playwright.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/playwright ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (binaryen, playwright)"
  npm ci --no-audit --no-fund --loglevel=error
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  say "installing Debian's chromium and chromium-driver"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
fi

# Every crate for every target, so Trunk and cargo can build --offline.
cargo fetch --locked -q
