#!/bin/sh
# Plan-ingestion benchmark: release build, ingests the five seed plans of the test fixtures
# (not the small synthetic fixtures beside them) or every .txt file of a given directory.
# Usage: Benchmarks/ingest/run.sh [fixtures-dir] [passes]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:-}
if [ -z "$dir" ]; then
    dir=$(mktemp -d)
    trap 'rm -rf "$dir"' EXIT
    ln -s "$root"/Tests/PlanIngestTests/Fixtures/0[0-9][0-9]_*.txt "$dir"/
fi
cd "$root/Benchmarks"
swift build -c release --product IngestBenchmark
"$root/Benchmarks/.build/release/IngestBenchmark" "$dir" "${2:-10}"
