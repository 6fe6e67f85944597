#!/bin/sh
# Plan-ingestion benchmark: release build, ingests the five seed plans (kept once, with the demo
# that ships them) in every format the plan reader takes, or the plans of a given directory.
# The seeds are written to DOCX, web page and PDF by LibreOffice first (about a minute), with the
# format fixture (a plan with real tables) beside them.
# Usage: Benchmarks/ingest/run.sh [plans-dir] [passes] [formats]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:-}
if [ -z "$dir" ]; then
    dir=$(mktemp -d)
    trap 'rm -rf "$dir"' EXIT
    cp "$root"/Sources/JunhengApp/Demo/Plans/*.txt "$dir"/
    cp "$root"/Tests/PlanIngestTests/Fixtures/formats/qinghe-plan.txt "$dir"/
    for format in docx html pdf; do
        soffice "-env:UserInstallation=file://$dir/profile" --headless --norestore --infilter="Text (encoded):UTF8" \
            --convert-to "$format" --outdir "$dir" "$dir"/*.txt >/dev/null 2>&1
    done
    # The fixture's own DOCX and PDF have real tables, which its text export has not (its saved
    # page is GBK, which pandoc, the baseline, does not read: the page LibreOffice writes stands in).
    cp "$root"/Tests/PlanIngestTests/Fixtures/formats/qinghe-plan.docx "$root"/Tests/PlanIngestTests/Fixtures/formats/qinghe-plan.pdf "$dir"/
fi
cd "$root/Benchmarks"
swift build -c release --product IngestBenchmark
"$root/Benchmarks/.build/release/IngestBenchmark" "$dir" "${2:-10}" "${3:-txt,docx,html,pdf}"
