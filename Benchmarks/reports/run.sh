#!/bin/sh
# Report benchmark (issue 12): the annual report of a synthetic city of 20 counties (成都市, 510100)
# x 50 indicators x 6 years (2015-2020), built as `junheng report` builds it: the figures alone,
# then HTML, DOCX, XLSX and PDF (headless Chromium), each the median of several runs; side by side,
# the floors: one SQL query for the same rows through the sqlite3 tool, and Chromium printing the
# very same HTML file from the command line. Prints the sizes and the PDF's page count (pdfinfo).
# The seeded database and the files land in Benchmarks/out/reports/.
#
# Usage: Benchmarks/reports/run.sh [runs]      (default 9; the PDF is timed half as often, at least 3 times)
# Scratch path: JUNHENG_BENCH_SCRATCH (default Benchmarks/.build), e.g. /work/main/.build-bench.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
benchmarks=$(dirname "$here")
scratch=${JUNHENG_BENCH_SCRATCH:-$benchmarks/.build}
swift build -c release --product ReportBenchmark --package-path "$benchmarks" --scratch-path "$scratch"
binary="$(swift build -c release --product ReportBenchmark --package-path "$benchmarks" --scratch-path "$scratch" --show-bin-path)/ReportBenchmark"
"$binary" "$benchmarks/out/reports" "${1:-9}"
