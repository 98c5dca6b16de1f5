# Beep: the two commands are `make run` and `make test` (see README.md).
SWIFT ?= swift
SWIFT_FLAGS ?=

.PHONY: run test build deps deps-interop fuzz bench bench-web bench-sfu bench-events fixtures

deps:
	@tools/setup-system.sh

build: deps
	$(SWIFT) build $(SWIFT_FLAGS) --product beep

## Run Beep: all services in one process, web client on http://localhost:8080.
run: build
	$(SWIFT) run $(SWIFT_FLAGS) beep

# The store conformance and API suites, run against SQLite and a throwaway PostgreSQL cluster in
# their own `swift test` run (their connection pools then do not queue behind the media tests).
DATABASE_TESTS = BeepStorageTests|BeepUsersTests|BeepCommunitiesTests|BeepMessagesTests|BeepEventsOutboxTests

## Run the whole test suite: unit, malformed-input, smoke, and interop with real Chromium and
## aiortc (inside a loopback-only network namespace; needs root for `unshare -n`).
test: deps-interop
	$(SWIFT) build $(SWIFT_FLAGS) --build-tests
	$(SWIFT) build $(SWIFT_FLAGS) --product beep-sfu
	$(SWIFT) test $(SWIFT_FLAGS) --skip-build --skip '$(DATABASE_TESTS)'
	BEEP_TEST_POSTGRES_URL="$$(tools/postgres-test-cluster.sh start)" $(SWIFT) test $(SWIFT_FLAGS) --skip-build --filter '$(DATABASE_TESTS)'
	tools/smoke-run.sh .build/debug/beep
	tools/events/no-loss.sh .build/debug/beep 40
	tools/events/presence-across.sh .build/debug/beep
	tools/interop/run.sh .build/debug/beep
	INTEROP_SFU=separate tools/interop/run.sh .build/debug/beep -- -k "three_browser or tuning"

deps-interop:
	@tools/setup-system.sh interop
	@tools/setup-python.sh

## Fuzz every parser for a bounded time (FUZZ_SECONDS per target, default 60).
fuzz: deps
	tools/fuzz/run.sh

## Parse/serialize throughput and allocations (ordo-one benchmark), written to docs/performance.md figures.
bench: deps
	tools/bench/run.sh

## First load of the web client's shell (cold and warm cache, beside a static-server reference),
## appended to docs/performance.md (needs root for a loopback-only network namespace).
bench-web: deps-interop
	$(SWIFT) build $(SWIFT_FLAGS) --product beep
	.venv/bin/python tools/bench/web-first-load.py --beep .build/debug/beep --markdown docs/performance.md

## Beep's SFU against Janus under the same beep-bot loads, side by side (needs root: the run
## makes its own network namespace); table and plot in .build/bench-sfu, see docs/performance.md.
bench-sfu: deps
	@tools/setup-system.sh bench
	@tools/setup-python.sh bench
	$(SWIFT) build $(SWIFT_FLAGS) --product beep
	$(SWIFT) build -c release --product beep-bot
	$(SWIFT) build -c release --product beep-sfu
	tools/bench/sfu/run.sh

## Messages and events: the no-loss run for 5 minutes, then latency, throughput, memory per
## connection and search figures (tools/bench/events_bench.py; docs/performance.md).
bench-events: deps-interop
	$(SWIFT) build $(SWIFT_FLAGS) --product beep
	tools/events/no-loss.sh .build/debug/beep 300
	tools/bench/events-bench.sh .build/debug/beep

## Re-capture the real Chromium and aiortc fixtures (needs root for a network namespace).
fixtures:
	@tools/setup-system.sh interop
	tools/fixtures/capture.sh
