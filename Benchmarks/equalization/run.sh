#!/usr/bin/env bash
# Equalization benchmark: the Swift library against numpy + PySAL `inequality` on the same
# synthetic national county panel (2,843 counties x 100 indicators x 10 years, seeded), in one run.
# Prints both times, the speed-up and the largest difference between the two sets of results.
#
#     Benchmarks/equalization/run.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
benchmarks="$(dirname "$here")"
out="$benchmarks/out"
venv="$benchmarks/.venv"
script="$here/panel_benchmark.py"
mkdir -p "$out"

echo "== building the Swift benchmark (release)"
swift build -c release --product EqualizationBenchmark --package-path "$benchmarks"
binary="$(swift build -c release --product EqualizationBenchmark --package-path "$benchmarks" --show-bin-path)/EqualizationBenchmark"

echo "== Python environment in $venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
python="$venv/bin/python"

echo "== generating the panel"
"$python" "$script" generate "$out/panel.bin"

echo "== Python: numpy + PySAL inequality"
python_seconds="$("$python" "$script" run "$out/panel.bin" "$out/python-results.bin" | sed -n 's/^python_seconds=//p')"

echo "== Swift: Equalization"
swift_timings="$("$binary" "$out/panel.bin" "$out/swift-results.bin" | tee /dev/stderr |
    sed -n 's/^swift_seconds threads=\([0-9]*\) median=\([0-9.]*\).*/\1:\2/p' | paste -sd, -)"

echo "== comparison"
"$python" "$script" compare "$out/panel.bin" "$out/python-results.bin" "$out/swift-results.bin" \
    "$python_seconds" "$swift_timings"
