# Beat: the two commands.
#   make run    set up what is missing, build, serve http://127.0.0.1:3000 (SQLite + demo data)
#   make test   set up what is missing, then every check and test, browser tests included
# Tools and build output are cached outside the clone (~/.cargo/bin, ~/.cache/beat),
# so a second run, or a fresh clone on the same machine, skips what is already done.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.ONESHELL:

BEAT_CACHE ?= $(HOME)/.cache/beat
export BEAT_CACHE
export CARGO_TARGET_DIR ?= $(BEAT_CACHE)/target
# Incremental caches are for editing sessions; a full run from a clean clone gains nothing
# from them and they cost tens of GB.
export CARGO_INCREMENTAL ?= 0
TOOLENV := $(BEAT_CACHE)/toolchain.env
BIN := $(CARGO_TARGET_DIR)/release/beat
ADDR ?= 127.0.0.1:3000
DATABASE_URL ?= sqlite://beat.db
SECRET_KEY_FILE ?= beat.key
# cargo-leptos writes the site (CSS, JS, WASM) here; the server reads it from here.
export LEPTOS_SITE_ROOT := $(CURDIR)/target/site
PG_TEST_URL ?= postgres://127.0.0.1:5432/test

.PHONY: run test tools build lint unit e2e bench bench-year lighthouse size live-load ssr-bench crash-test saturation fuzz cluster cluster-drills clean

run: build
	# The key that seals secrets kept in the database (the push key): made once, kept beside it.
	[ -f '$(SECRET_KEY_FILE)' ] || (umask 077; od -An -tx1 -N32 /dev/urandom | tr -d ' \n' > '$(SECRET_KEY_FILE)')
	@echo "Beat: http://$(ADDR)  (database $(DATABASE_URL), demo data loaded if missing; Ctrl-C stops)"
	BEAT_DATABASE_URL='$(DATABASE_URL)' $(BIN) serve --demo --addr $(ADDR) --secret-key-file '$(SECRET_KEY_FILE)'

# e2e runs last, so the log ends with the browser tests' "e2e: N passed, N failed" line.
test: tools lint unit e2e

tools:
	@mkdir -p $(BEAT_CACHE)
	bash .ci/toolchain.sh > $(TOOLENV).tmp && mv $(TOOLENV).tmp $(TOOLENV)

build: tools
	source $(TOOLENV)
	cargo leptos build --release --precompress

lint: tools
	source $(TOOLENV)
	cargo fmt --all -- --check
	cargo clippy -p server --all-targets -- -D warnings
	cargo clippy -p app --features ssr --all-targets -- -D warnings
	cargo clippy -p app --features hydrate --target wasm32-unknown-unknown -- -D warnings

unit: tools
	source $(TOOLENV)
	if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then export BEAT_TEST_POSTGRES_URL='$(PG_TEST_URL)'; \
	else echo "no PostgreSQL on 127.0.0.1:5432: its test will say it did not run"; fi
	cargo test -p app --features ssr
	cargo test -p server
	# The whole router suite again, every harness on PostgreSQL.
	if [ -n "$${BEAT_TEST_POSTGRES_URL:-}" ]; then BEAT_TEST_ENGINE=postgres cargo test -p server; \
	else echo "no PostgreSQL: the router suite ran on SQLite only"; fi

e2e: build
	source $(TOOLENV)
	cd end2end
	npm ci --silent --no-audit --no-fund
	rm -f $(BEAT_CACHE)/e2e.db*
	BEAT_BIN=$(BIN) BEAT_DATABASE_URL=sqlite://$(BEAT_CACHE)/e2e.db npx playwright test || status=$$?
	node summary.mjs test-results/results.json
	exit $${status:-0}

bench: tools
	source $(TOOLENV)
	cargo bench -p app --features ssr --bench area_lookup
	cargo bench -p app --features ssr --bench ingest
	cargo bench -p server --bench push_fanout
	if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then export BEAT_TEST_POSTGRES_URL='$(PG_TEST_URL)'; fi
	cargo bench -p server --bench national_areas

# A year of a busy force's updates (1,000,000 rows, filled once into $(BEAT_CACHE)/year.db and
# PostgreSQL schema beat_year), then an area's page, feed query, source filter and feed.json.
bench-year: tools
	source $(TOOLENV)
	if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then export BEAT_TEST_POSTGRES_URL='$(PG_TEST_URL)'; fi
	cargo bench -p server --bench year_of_updates

# Lighthouse (mobile defaults) on an area's feed page of the release build; prints scores.
lighthouse: build
	source $(TOOLENV)
	bash scripts/lighthouse.sh

# The JS and WASM a fresh phone browser downloads for each public page and a staff page (raw,
# gzip, brotli), and twiggy's largest items of the WASM; prints figures.
size: build
	source $(TOOLENV)
	command -v twiggy >/dev/null || cargo install twiggy --version 0.8.0 --locked
	cd end2end
	npm ci --silent --no-audit --no-fund
	BEAT_BIN=$(BIN) SIZE_NAMED_WASM=$(CARGO_TARGET_DIR)/front/wasm32-unknown-unknown/wasm-release/app.wasm node size.mjs

# Open live streams one server holds, its memory, and publish-to-screen latency; prints figures.
live-load: build
	source $(TOOLENV)
	BEAT_BIN=$(BIN) bash scripts/live-load.sh

# An area's page rendered against the same bytes as a static file from the same server (wrk,
# 32 connections); prints requests/s, p99 and the ratio. STORE_SECONDS=0 renders every request.
ssr-bench: build
	source $(TOOLENV)
	BEAT_BIN=$(BIN) bash scripts/ssr-vs-static.sh

# kill -9 a release server at random moments under bursts of writes, on SQLite and (when it
# answers) PostgreSQL; checks every acknowledged write is stored once. Prints counts.
crash-test: build
	source $(TOOLENV)
	cd end2end
	npm ci --silent --no-audit --no-fund
	BEAT_BIN=$(BIN) node crash-test.mjs

# 60 s flat out on pages, feeds, locate and a sign-in flood; errors, latency, memory.
saturation: build
	source $(TOOLENV)
	cd end2end
	npm ci --silent --no-audit --no-fund
	BEAT_BIN=$(BIN) node saturation.mjs

# Three app servers on their own PostgreSQL behind nginx (load balancer and HTTP cache) at
# http://127.0.0.1:8080; BEAT_DATABASE_URL names another database, NODES another count.
cluster: build
	source $(TOOLENV)
	BEAT_BIN=$(BIN) bash scripts/cluster.sh

# The cluster's drills (storm morning, a node dies, PostgreSQL restarts, leases fail over, the
# cache and sessions); prints figures. DRILLS=storm,node picks some. The nodes take 1,000
# streams from one address, a loopback push service and a loopback feed server.
cluster-drills: build
	source $(TOOLENV)
	cd end2end
	npm ci --silent --no-audit --no-fund
	export BEAT_BIN=$(BIN) BEAT_LIVE_STREAMS_PER_ADDRESS=5000 BEAT_ALLOW_HTTP_PUSH=true BEAT_ALLOW_FEED_HOSTS=127.0.0.1
	CLUSTER_DETACH=1 bash ../scripts/cluster.sh
	node cluster-drills.mjs || status=$$?
	bash ../scripts/cluster.sh stop
	exit $${status:-0}

# Every cargo-fuzz target for FUZZ_SECONDS (60) each; executions and crashes (goal 0).
fuzz: tools
	source $(TOOLENV)
	bash scripts/fuzz.sh

clean:
	rm -rf target $(CARGO_TARGET_DIR)
