#!/bin/sh
# Plan-ingestion benchmark: release build, ingests the five seed plans
# (kept once, with the demo that ships them) or every .txt file of a given directory.
# Usage: Benchmarks/ingest/run.sh [fixtures-dir] [passes]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:-}
if [ -z "$dir" ]; then
    dir=$(mktemp -d)
    trap 'rm -rf "$dir"' EXIT
    ln -s "$root"/Sources/JunhengApp/Demo/Plans/*.txt "$dir"/
fi
cd "$root/Benchmarks"
swift build -c release --product IngestBenchmark
"$root/Benchmarks/.build/release/IngestBenchmark" "$dir" "${2:-10}"
