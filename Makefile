# Trailview: `make serve` runs the app, `make test` runs every test layer.
# Both install what is missing first (scripts/setup.sh; seconds when all is there).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export TRUNK_SKIP_VERSION_CHECK := true
export CHROMEDRIVER := /usr/bin/chromedriver
# wasm-bindgen-test-runner picks a fresh profile dir per run; keep its driver quiet.
export WASM_BINDGEN_TEST_TIMEOUT := 120
PORT ?= 8080

.PHONY: setup build serve csp dev pack size test test-components test-native docs-check test-browser test-e2e e2e bench-build bench bench-ingest bench-stream bench-paced bench-widget bench-native bench-workload perf screenshots lint fuzz clean clickhouse clickhouse-stop bench-clickhouse clickhouse-current clickhouse-current-stop

setup:
	@bash scripts/setup.sh

## The release bundle in dist/, split: the first screen, and a chunk per lazy part
## (src/ui/lazy.rs) that scripts/split.mjs cuts out after linking; wasm-opt applied.
## Its own target dir: other builds (tests, bench.html) are not split.
SPLIT_FLAGS := --cfg trailview_split -Clink-args=--emit-relocs
build: setup
	CARGO_TARGET_DIR=$(CURDIR)/target/split RUSTFLAGS='$(SPLIT_FLAGS)' trunk build --release --offline

## Build, then serve dist/ at http://127.0.0.1:$(PORT)/ (routes fall back to index.html; missing files are 404).
## CONFIG=path/to/trailview.json serves that file as the deployment's configuration.
serve: build
	node scripts/serve.mjs --dist dist --port $(PORT) $(if $(CONFIG),--config $(abspath $(CONFIG))) $(if $(BASE),--base $(BASE))

## The Content-Security-Policy of the bundle in dist/ (with CONFIG's trailview.json), for
## another server's configuration: make csp CONFIG=path/to/trailview.json
csp:
	@node scripts/csp.mjs --dist dist $(if $(CONFIG),--config $(abspath $(CONFIG)))

## The widget as an npm package (trailview-widget, not published from here): the files
## widget.js loads, its types and README, packed into target/npm/trailview-widget-VERSION.tgz.
pack: build
	node scripts/pack.mjs

## Trunk's dev server with rebuild on save (falls back to index.html for every path).
dev: setup
	trunk serve --offline

## Every test layer: native, in-browser components, end to end. The release bundle
## for the end-to-end tests builds meanwhile: each build has long stretches on one
## core (linking, LTO, wasm-opt), and their cargo locks are apart (other profiles).
test: setup
	$(MAKE) --no-print-directory -j2 --output-sync=target build test-components
	$(MAKE) --no-print-directory e2e

## The native and the in-browser layers, one after the other (both take target/debug's lock).
test-components:
	$(MAKE) --no-print-directory test-native
	$(MAKE) --no-print-directory test-browser

## The docs first (well under a second): every link of README.md, CHANGELOG.md and docs/*.md
## resolves and every `make <target>` they mention exists, then the native tests.
test-native: docs-check
	cargo test --locked

docs-check:
	node scripts/check-docs.mjs

test-browser:
	cargo test --locked --target wasm32-unknown-unknown --test browser

test-e2e: build
	$(MAKE) --no-print-directory e2e

## The end-to-end tests against the bundle already in dist/.
e2e:
	npx playwright test --config tests/e2e/playwright.config.mjs

## bench.html built against the release core, in dist-bench/.
bench-build: setup
	trunk build bench.html --release --offline --dist dist-bench --html-output bench.html

## Side-by-side with the JavaScript peers in one Chromium, then the streaming load:
## make bench DATA=/path/a100k.json
## (../shared is read-only, and compare.mjs installs and bundles, so it runs from a copy.)
PEERS := target/peer-bench
bench: bench-build
	mkdir -p $(PEERS) && cp -r ../shared/bench/. $(PEERS)/ && chmod -R u+w $(PEERS)
	cd $(PEERS) && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; }
	node $(PEERS)/compare.mjs --app $(CURDIR)/dist-bench --data $(abspath $(DATA)) --reps 5 --rounds 2
	$(MAKE) --no-print-directory bench-stream DATA=$(abspath $(DATA))
	$(MAKE) --no-print-directory bench-paced DATA=$(abspath $(DATA))
	$(MAKE) --no-print-directory size

## Ingest beside JSON.parse + touching every value, on the same bytes in one Chromium:
## make bench-ingest DATA=/path/a100k.json (ROUNDS=3; DIST=another bench build).
bench-ingest: bench-build
	node --max-old-space-size=8192 benches/ingest.mjs --data $(abspath $(DATA)) --rounds $(or $(ROUNDS),3) --dist $(or $(DIST),dist-bench)

## What a user fetches, gzip -9: the organization view's and a widget's files before
## the first rows (in Chromium), each lazy chunk, and the embeddable peers' packages.
size:
	node scripts/size.mjs

## Loading DATA (and DATA as NDJSON) from a local server in the real app, beside a JS
## peer and the pure download in one Chromium: first rows, fully loaded, longest task, memory.
bench-stream: build
	node --max-old-space-size=8192 benches/stream.mjs --array $(abspath $(DATA)) --rounds 2

## The guard on a paced link (about 50 MB/s): fails when the app is fully loaded later
## than 1.2x the pure download of DATA (a JSON array).
bench-paced: build
	node --max-old-space-size=8192 benches/stream.mjs --array $(abspath $(DATA)) --kinds array --rounds 1 --no-peer --rate 100 --guard 1.2

## What one <trail-view> costs a host: gzipped download, <script> to first rows.
bench-widget: build
	node benches/widget.mjs --runs 5

## bench.html's workload alone in Chromium, for sizes the peers cannot hold:
## make bench-workload DATA=/path/a1m.json
bench-workload: bench-build
	node --max-old-space-size=8192 benches/ingest.mjs --mode workload --data $(abspath $(DATA)) --reps $(or $(REPS),5)

bench-native:
	cargo bench --bench engine -- $(DATA)

## Interface latency (input -> painted rows) in the real app: make perf DATA=/path/a100k.json
perf: build
	node tests/e2e/perf.mjs $(abspath $(DATA)) 20

screenshots: build
	node tests/e2e/screenshots.mjs

## Differential fuzzing of the JSON scanner and ingest against serde_json, for minutes:
## tests/json_differential.rs with FUZZ_CASES cases per property, in release. A failing
## case is saved to proptest-regressions/json_differential.txt (in this repo, replayed
## first by every `cargo test`, while the generators stay the same): commit it with the fix.
FUZZ_CASES ?= 200000
fuzz:
	PROPTEST_CASES=$(FUZZ_CASES) cargo test --locked --release --test json_differential

lint:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings

clean:
	rm -rf dist dist-bench target/e2e

## A local two-shard ClickHouse 18.16 (Debian's, installed when missing) holding ROWS
## synthetic entries (default 10000000), loaded once: make clickhouse ROWS=200000
## CH_DIR=target/clickhouse-200k keeps a deployment elsewhere. Prints the app's URL.
clickhouse:
	bash scripts/clickhouse.sh start --rows $(or $(ROWS),10000000) $(if $(CH_DIR),--dir $(CH_DIR))

## The ClickHouse mode at scale in the real app (after `make clickhouse`): first screen,
## search, filter, sort, page and facet, all time and last 7 days; browser memory.
bench-clickhouse: build
	node benches/clickhouse.mjs $(if $(CH_DIR),--dir $(CH_DIR)) --samples $(or $(SAMPLES),7)

## Stops the servers of `make clickhouse` (the same CH_DIR); their data stays.
clickhouse-stop:
	bash scripts/clickhouse.sh stop $(if $(CH_DIR),--dir $(CH_DIR))

## A current ClickHouse (26.9, chdb-core: ClickHouse's engine in process, behind our small
## HTTP front, test infrastructure) holding ROWS synthetic entries (default 2000000, loaded
## once: about 2 min here, see docs/clickhouse.md) in one MergeTree table trailview.audit with a
## text index on raw, on 127.0.0.1:8143: make clickhouse-current ROWS=200000
## CHDB_DIR=target/chdb-200k keeps a deployment elsewhere. Prints the app's URL.
clickhouse-current:
	bash scripts/chdb.sh start --rows $(or $(ROWS),2000000) $(if $(CHDB_DIR),--dir $(CHDB_DIR))

## Stops the front of `make clickhouse-current` (the same CHDB_DIR) by PID; its data stays.
clickhouse-current-stop:
	bash scripts/chdb.sh stop $(if $(CHDB_DIR),--dir $(CHDB_DIR))
