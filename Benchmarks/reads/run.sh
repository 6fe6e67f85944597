#!/usr/bin/env bash
# Reads at province scale: `junheng serve` (release build) over the 1,000,000-figure Sichuan
# dataset of Benchmarks/observations (四川省 510000, 21 prefectures, 183 counties, 41 indicators,
# 2006–2025), on SQLite and on PostgreSQL. Times GET /api/v1/warnings?region=510000, the overview
# /api/v1/regions/510000/progress and the indicator page /indicators/1?region=510000 (its chart note
# reads the indicator's sources): median and p99 of sequential requests, then requests/s with 8
# clients. Side by side in the same run, on the same database files, the code before this change
# (BASE, built from `git archive` in a directory of its own), and the floor: the one query of
# figures the warnings need, run in the engine's own shell.
#
#     Benchmarks/reads/run.sh [BASE] [requests] [seconds]     (BASE: default the merge-base with main;
#                                                              `none` measures this tree and the floor only)
#
# PostgreSQL: a throwaway cluster from scripts/with-postgres.sh unless JUNHENG_TEST_POSTGRES_URL is
# set (then a scratch schema in that database is created and dropped). Port: JUNHENG_BENCH_PORT (8141);
# build directory of this tree: JUNHENG_BENCH_SCRATCH (default .build).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [[ -z "${JUNHENG_TEST_POSTGRES_URL:-}" ]]; then
    exec "$root/scripts/with-postgres.sh" "${BASH_SOURCE[0]}" "$@"
fi
base="${1:-$(git -C "$root" merge-base HEAD main)}"
requests="${2:-50}"
seconds="${3:-10}"
port="${JUNHENG_BENCH_PORT:-8141}"
out="$root/Benchmarks/out/reads"
data="$out/data"
mkdir -p "$out"

echo "== building junheng (release), this tree and $base"
scratch="${JUNHENG_BENCH_SCRATCH:-$root/.build}"
swift build -c release --product junheng --package-path "$root" --scratch-path "$scratch"
current="$(swift build -c release --product junheng --package-path "$root" --scratch-path "$scratch" --show-bin-path)/junheng"
if [[ "$base" != none ]]; then
    baseline_src="$out/baseline-$base"
    if [[ ! -d "$baseline_src" ]]; then
        mkdir -p "$baseline_src"
        git -C "$root" archive "$base" | tar -x -C "$baseline_src"
    fi
    swift build -c release --product junheng --package-path "$baseline_src"
    baseline="$(swift build -c release --product junheng --package-path "$baseline_src" --show-bin-path)/junheng"
fi

echo "== generating 1,000,000 figures"
python3 "$root/Benchmarks/observations/generate.py" "$root/Sources/Storage/Resources/regions-gbt2260.csv" "$data" 1000000

schema=reads_benchmark
separator='?'
[[ "$JUNHENG_TEST_POSTGRES_URL" == *\?* ]] && separator='&'
pg_url="$JUNHENG_TEST_POSTGRES_URL${separator}search_path=$schema"
psql_in_schema=(env "PGOPTIONS=-c search_path=$schema -c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 "$JUNHENG_TEST_POSTGRES_URL")
trap '"${psql_in_schema[@]}" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true' EXIT
sqlite_db="$out/reads.sqlite"

echo "== loading (junheng import --approve, this tree)"
rm -f "$sqlite_db" "$sqlite_db-wal" "$sqlite_db-shm"
"$current" migrate --database "$sqlite_db" >/dev/null
sqlite3 "$sqlite_db" <"$data/indicators.sql"
"$current" import observations "$data/observations.csv" --region 510000 --approve --database "$sqlite_db" >/dev/null
"${psql_in_schema[@]}" -c "DROP SCHEMA IF EXISTS $schema CASCADE" -c "CREATE SCHEMA $schema"
"$current" migrate --database "$pg_url" >/dev/null
"${psql_in_schema[@]}" -f "$data/indicators.sql" >/dev/null
"$current" import observations "$data/observations.csv" --region 510000 --approve --database "$pg_url" >/dev/null

# The code before this change knows the schema up to migration 11: migration 12 (the index for the
# sources of an indicator's figures) is undone before it runs on the same data.
downgrade="DROP INDEX observations_indicator_source; DELETE FROM schema_migrations WHERE version = 12;"

routes=("/api/v1/warnings?region=510000" "/api/v1/regions/510000/progress" "/indicators/1?region=510000")
results="$out/results.jsonl"
: >"$results"

# measure LABEL ENGINE BINARY DATABASE: serves DATABASE with BINARY and times every route.
measure() {
    local label="$1" engine="$2" binary="$3" database="$4"
    shift 4
    "$binary" serve --database "$database" --port "$port" --log-level warning "$@" >"$out/$label-$engine.log" 2>&1 &
    local server=$!
    for _ in $(seq 1 100); do
        curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
        sleep 0.2
    done
    for route in "${routes[@]}"; do
        echo "   $label $engine $route"
        python3 "$here/load.py" "http://127.0.0.1:$port$route" "$requests" 8 "$seconds" |
            python3 -c "import json,sys; r=json.load(sys.stdin); r.update(label='$label', engine='$engine', route='$route'); print(json.dumps(r))" >>"$results"
    done
    kill "$server"
    wait "$server" || true
}

# The floor: the figures the warnings read (totals of the province's indicators in it and its 21
# prefectures), one query in the engine's own shell, best of 5.
figures_query="SELECT indicator_id, region_code, year, value, status FROM observations
  WHERE indicator_id IN (SELECT indicator_id FROM targets WHERE region_code = '510000')
    AND region_code IN (SELECT '510000' UNION ALL SELECT child_code FROM region_links WHERE parent_code = '510000')
    AND disaggregation = '' AND status <> 'returned'"
# The same figures as the warnings read them now: one row per indicator and region from the read
# model of approved totals.
model_query="SELECT indicator_id, region_code, series FROM approved_totals
  WHERE indicator_id IN (SELECT indicator_id FROM targets WHERE region_code = '510000')
    AND region_code IN (SELECT '510000' UNION ALL SELECT child_code FROM region_links WHERE parent_code = '510000')"
floor() {
    local engine="$1" query="$2"
    if [[ "$engine" == sqlite ]]; then
        # Through standard input: given as arguments, sqlite3 3.40 prints no timer line.
        for _ in 1 2 3 4 5; do printf '.timer on\n%s;\n' "$query" | sqlite3 "$sqlite_db" | grep '^Run Time' | awk '{print $4 * 1000}'; done
    else
        for _ in 1 2 3 4 5; do
            "${psql_in_schema[@]}" -c '\timing on' -c "$query" | grep '^Time:' | awk '{print $2}'
        done
    fi | sort -n | head -1
}

echo "== measuring"
for engine in sqlite postgres; do
    if [[ "$engine" == sqlite ]]; then database="$sqlite_db"; else database="$pg_url"; fi
    for query in "$figures_query" "$model_query"; do
        rows=$(if [[ "$engine" == sqlite ]]; then sqlite3 "$sqlite_db" "SELECT COUNT(*) FROM ($query)"; else "${psql_in_schema[@]}" -At -c "SELECT COUNT(*) FROM ($query) f"; fi)
        echo "{\"label\": \"floor\", \"engine\": \"$engine\", \"rows\": $rows, \"median_ms\": $(floor "$engine" "$query")}" >>"$results"
    done
    measure current "$engine" "$current" "$database"
    # The same without the public cache: every request computes its answer (the warnings API is
    # cached; the other two routes are not).
    measure uncached "$engine" "$current" "$database" --page-cache-size 0
    [[ "$base" == none ]] && continue
    if [[ "$engine" == sqlite ]]; then sqlite3 "$sqlite_db" "$downgrade"; else "${psql_in_schema[@]}" -c "$downgrade"; fi
    measure baseline "$engine" "$baseline" "$database"
done

echo
python3 - "$results" "$base" <<'EOF'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
served = [row for row in rows if row["label"] != "floor"]
print(f"baseline: {sys.argv[2][:10]}; {served[0]['requests']} sequential requests, then {served[0]['clients']} clients")
print(f"{'engine':9} {'route':34} {'code':9} {'median ms':>10} {'p99 ms':>8} {'req/s':>8}")
for row in rows:
    if row["label"] == "floor":
        print(f"{row['engine']:9} {'a query in the shell':34} {'floor':9} {row['median_ms']:>10} {'':>8} {'':>8}  ({row['rows']} rows, best of 5)")
    else:
        print(f"{row['engine']:9} {row['route']:34} {row['label']:9} {row['median_ms']:>10} {row['p99_ms']:>8} {row['per_second']:>8}")
EOF
