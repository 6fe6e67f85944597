# The two commands of the README:
#   make run    build, load the demo data and serve http://127.0.0.1:8080 on embedded SQLite
#   make test   the whole test suite: unit and server tests on SQLite and on a throwaway
#               PostgreSQL server, then page tests in headless Chromium
.PHONY: run test build bench clean

HOST ?= 127.0.0.1
PORT ?= 8080

run: build
	.build/debug/junheng serve --demo --host $(HOST) --port $(PORT)

build:
	scripts/install-deps.sh build
	swift build --product junheng

test:
	scripts/install-deps.sh test
	JUNHENG_BCRYPT_COST=4 JUNHENG_REQUIRE_POSTGRES=1 scripts/with-postgres.sh swift test --skip LiveConnectionTests
	swift build --product junheng
	# Tests that watch the clock on a real socket, alone, so the parallel suite cannot starve them.
	JUNHENG_BCRYPT_COST=4 swift test --skip-build --filter LiveConnectionTests
	scripts/browser-tests.sh

bench:
	@echo "Benchmarks are run on demand; see BENCHMARKS.md for each one's command."

clean:
	rm -rf .build
