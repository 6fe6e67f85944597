#!/usr/bin/env bash
# Accessibility benchmark (issue 14): 2,000 facilities × 50,000 population points in a
# 300 × 300 km box, 30 km catchment — sparse straight-line costs through a grid index, step and
# gravity 2SFCA, 3SFCA, nearest facility with per-area means — next to the all-pairs haversine a
# dense approach pays first, in the same run.
#
#     Benchmarks/geography/run.sh [passes]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
swift build -c release --product GeographyBenchmark --package-path "$here/.."
"$(swift build -c release --product GeographyBenchmark --package-path "$here/.." --show-bin-path)/GeographyBenchmark" "${1:-5}"
