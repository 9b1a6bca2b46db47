# The two commands of the README:
#   make run    installs what is missing, builds, and serves the demo on http://127.0.0.1:3000
#   make test   installs what is missing and runs every check and test
#   make bench  builds the release and runs the benchmark of issue #7 (not part of test)
SHELL := /bin/bash
# binaryen's wasm-opt (for release builds) comes from npm, not Debian (too old there).
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(PATH)

.PHONY: run test tools lint unit on-postgres emulator-binary blackbox e2e bench

run:
	scripts/install-tools.sh
	cargo leptos serve --release

test: lint unit blackbox e2e

tools:
	scripts/install-tools.sh --browser

lint: tools
	cargo fmt --all --check
	cargo clippy -p bss --all-targets --all-features -- -D warnings
	cargo clippy -p i18n --all-targets -- -D warnings
	cargo clippy -p domain --all-targets --features server -- -D warnings
	cargo clippy -p app --all-targets --features ssr -- -D warnings
	cargo clippy -p app --all-targets --features hydrate --target wasm32-unknown-unknown -- -D warnings
	cargo clippy -p frontend --all-targets --target wasm32-unknown-unknown -- -D warnings
	cargo clippy -p server --all-targets -- -D warnings
	cargo clippy -p bench --all-targets -- -D warnings
	cargo clippy -p blackbox --all-targets -- -D warnings

unit: tools emulator-binary
	cargo test -p bss --all-features
	cargo test -p i18n
	cargo test -p domain --features server
	cargo test -p app --features ssr
	cargo test -p server
	cargo test -p bench
	scripts/with-postgres.sh $(MAKE) --no-print-directory on-postgres

# The database's suites again, on PostgreSQL (scripts/with-postgres.sh starts a throw-away
# cluster and names it in TEST_POSTGRES_URL, which the tests' scratch databases follow), and
# the schema's own checks on a freshly migrated database.
on-postgres: emulator-binary
	test -n "$$TEST_POSTGRES_URL"
	cargo test -p domain --features server
	cargo test -p server
	psql "$$TEST_POSTGRES_URL" -qc "CREATE DATABASE schema_checks"
	for migration in migrations/postgres/*.sql; do \
	  psql "$${TEST_POSTGRES_URL%/postgres}/schema_checks" -q -v ON_ERROR_STOP=1 -f "$$migration"; \
	done
	psql "$${TEST_POSTGRES_URL%/postgres}/schema_checks" -q -v ON_ERROR_STOP=1 \
	  -f scripts/postgres-schema-checks.sql

# The multi-instance server tests run the emulator as its own process, beside partner-center.
emulator-binary:
	cargo build -p bss --bin bss-emulator --features emulator

# The black-box suite: the debug binary in demo mode on a fresh data folder, probed over
# HTTP for each hole of issue #11; one line per probe, then `N passed, M failed`.
blackbox: tools
	cargo build -p server --bin partner-center
	cargo run -p blackbox

e2e: tools
	cargo leptos build
	cd end2end && npx playwright test

# The benchmark: the release server with 100,000 demo customers, wrk and Chromium; about
# 10 minutes. Figures go to target/bench/report.md (and .json). BENCH_ARGS passes flags,
# e.g. `make bench BENCH_ARGS="--customers 10000 --load-secs 10"` for a quick run.
bench: tools
	scripts/bench-tools.sh
	cargo leptos build --release
	scripts/with-postgres.sh cargo run --release -p bench -- --postgres $(BENCH_ARGS)
