# The two commands of the README:
#   make run    build, load the demo data and serve http://127.0.0.1:8080 on embedded SQLite
#   make test   the whole test suite: unit and server tests on SQLite and on a throwaway
#               PostgreSQL server, two servers on a primary with a streaming replica
#               (scripts/replica-test.sh), then page tests in headless Chromium
.PHONY: run test build bench clean

HOST ?= 127.0.0.1
PORT ?= 8080
# The suites that run a live server on a socket, or that time how work waits (timeouts, killed
# programs, queued transactions, job claims): run after the parallel suite, on their own. Under the
# parallel suite's load the two cooperative threads have been seen busy for over 30 seconds, longer
# than any of these tests' deadlines.
LIVE_TESTS = LiveConnectionTests|LoginDefenceTests|PublicReplayTests|DatabaseConcurrencyTests|JobStoreTests|PrintingTests

run: build
	.build/debug/junheng serve --demo --host $(HOST) --port $(PORT)

build:
	scripts/install-deps.sh build
	swift build --product junheng

test:
	scripts/install-deps.sh test
	JUNHENG_BCRYPT_COST=4 JUNHENG_REQUIRE_POSTGRES=1 scripts/with-postgres.sh swift test --skip '$(LIVE_TESTS)'
	swift build --product junheng
	# Tests on a real socket (deadlines, the client's address) and of waiting, alone, so the parallel suite cannot starve them.
	JUNHENG_BCRYPT_COST=4 JUNHENG_REQUIRE_POSTGRES=1 scripts/with-postgres.sh swift test --skip-build --filter '$(LIVE_TESTS)'
	# Two server processes on one PostgreSQL primary with a streaming replica: sessions, the login
	# throttle and background jobs shared, public reads on the replica.
	scripts/replica-test.sh
	scripts/browser-tests.sh

bench:
	@echo "Benchmarks are run on demand; see BENCHMARKS.md for each one's command."

clean:
	rm -rf .build
