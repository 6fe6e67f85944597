#!/bin/sh
# Plan-ingestion benchmark: release build, ingests every seed plan in the test fixtures.
# Usage: Benchmarks/ingest/run.sh [fixtures-dir] [passes]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root/Benchmarks"
swift build -c release --product IngestBenchmark
"$root/Benchmarks/.build/release/IngestBenchmark" "${1:-$root/Tests/PlanIngestTests/Fixtures}" "${2:-10}"
