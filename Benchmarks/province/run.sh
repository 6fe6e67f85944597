#!/usr/bin/env bash
# Province scale on PostgreSQL: Sichuan (四川省, 510000: 21 prefectures, 183 counties) with at least
# 20 million approved figures in the real schema, and the key reads timed through the release
# server. Prints the rows, the bytes per figure (table and each index) and, per read, the median
# and the fastest of the runs.
#
#     Benchmarks/province/run.sh [rows] [runs]      # 20,000,000 rows, 3 runs per read
#
# The figures are Benchmarks/observations/generate.py's panel (indicators × 205 regions × 20 years
# × 6 disaggregations), loaded with psql \copy into a staging table and inserted into
# `observations` after `junheng migrate` (the import's checks are what the observation benchmark
# measures; here the subject is reading). `junheng demo` adds its accounts and Inner Mongolia's
# published catalogue (the public catalogue page read here). A generated CSV of the same size is
# reused from Benchmarks/out/province.
#
# PostgreSQL: a throwaway cluster from scripts/with-postgres.sh, unless JUNHENG_TEST_POSTGRES_URL
# is set (then a scratch schema in that database is created and dropped). KEEP_SCHEMA=1 keeps the
# loaded schema and reuses it on the next run; JUNHENG_BINARY names a build instead of the release
# one; MAX_TIME caps each request (seconds, default 900); PAGE_CACHE sets the server's public cache
# (default 0: off, so that every read is computed).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [[ -z "${JUNHENG_TEST_POSTGRES_URL:-}" ]]; then
    exec "$root/scripts/with-postgres.sh" "${BASH_SOURCE[0]}" "$@"
fi
rows="${1:-20000000}"
runs="${2:-3}"
out="$root/Benchmarks/out/province"
mkdir -p "$out"

if [[ -n "${JUNHENG_BINARY:-}" ]]; then
    junheng="$JUNHENG_BINARY"
else
    echo "== building junheng (release)"
    swift build -c release --product junheng --package-path "$root"
    junheng="$(swift build -c release --product junheng --package-path "$root" --show-bin-path)/junheng"
fi

if [[ ! -f "$out/observations.csv" || "$(cat "$out/rows" 2>/dev/null)" != "$rows" ]]; then
    echo "== generating $rows rows"
    rm -f "$out/rows"
    python3 "$root/Benchmarks/observations/generate.py" "$root/Sources/Storage/Resources/regions-gbt2260.csv" "$out" "$rows"
    echo "$rows" >"$out/rows"
fi

schema=province_benchmark
separator='?'
[[ "$JUNHENG_TEST_POSTGRES_URL" == *\?* ]] && separator='&'
pg_url="$JUNHENG_TEST_POSTGRES_URL${separator}search_path=$schema"
psql_in_schema=(env "PGOPTIONS=-c search_path=$schema -c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 "$JUNHENG_TEST_POSTGRES_URL")
server_pid=""
cleanup() {
    [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    [[ -n "${KEEP_SCHEMA:-}" ]] || "${psql_in_schema[@]}" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# KEEP_SCHEMA=1 keeps the loaded schema at the end, and a later run with it reuses the schema
# when it holds the same number of figures.
kept=$("${psql_in_schema[@]}" -At -c "SELECT COUNT(*) FROM observations WHERE source = 'benchmark'" 2>/dev/null || echo 0)
if [[ -n "${KEEP_SCHEMA:-}" && "$kept" == "$rows" ]]; then
    echo "== reusing schema $schema with its $rows figures"
    load_seconds=0
else
"${psql_in_schema[@]}" -c "DROP SCHEMA IF EXISTS $schema CASCADE" -c "CREATE SCHEMA $schema"
echo "== schema, demo accounts and catalogue, $rows figures"
JUNHENG_BCRYPT_COST=4 "$junheng" demo --database "$pg_url" >"$out/demo.log" 2>&1
"${psql_in_schema[@]}" -f "$out/indicators.sql" >/dev/null
start=$(date +%s.%N)
"${psql_in_schema[@]}" <<SQL
CREATE UNLOGGED TABLE raw_observations (region TEXT, indicator TEXT, year INTEGER, value DOUBLE PRECISION, disaggregation TEXT);
\\copy raw_observations FROM '$out/observations.csv' CSV HEADER
INSERT INTO observations (indicator_id, region_code, year, disaggregation, value, status, source, created_at)
SELECT i.id, r.region, r.year, COALESCE(r.disaggregation, ''), r.value, 'approved', 'benchmark', '2026-01-01T00:00:00.000Z'
FROM raw_observations r JOIN indicators i ON i.code = r.indicator;
DROP TABLE raw_observations;
-- The read model of approved totals, as approving a submission keeps it (migration 23's fill),
-- for the benchmark's figures: the demo's approvals have made their own rows already.
INSERT INTO approved_totals (indicator_id, region_code, series)
SELECT o.indicator_id, o.region_code, string_agg(o.year || '=' || o.value::text, ',') FROM observations o
WHERE o.disaggregation = '' AND o.status = 'approved' AND o.source = 'benchmark' GROUP BY o.indicator_id, o.region_code;
VACUUM ANALYZE observations;
VACUUM ANALYZE approved_totals;
SQL
load_seconds=$(echo "$(date +%s.%N) - $start" | bc)
fi

loaded=$("${psql_in_schema[@]}" -At -c "SELECT COUNT(*) FROM observations WHERE source = 'benchmark'")
[[ "$loaded" == "$rows" ]] || { echo "loaded $loaded figures, expected $rows" >&2; exit 1; }
echo
echo "$loaded figures loaded in $(printf '%.0f' "$load_seconds") s (\\copy, INSERT … SELECT, VACUUM ANALYZE)"
"${psql_in_schema[@]}" -At -F '|' <<'SQL' | awk -F '|' '{ printf "%-64s %10.1f MB %8.1f bytes/figure\n", $1, $2 / 1048576, $2 / $3 }'
WITH n AS (SELECT COUNT(*) AS figures FROM observations)
SELECT 'observations (heap + TOAST)', pg_table_size('observations'), figures FROM n
UNION ALL SELECT 'index ' || indexrelid::regclass::text, pg_relation_size(indexrelid), figures
  FROM pg_index, n WHERE indrelid = 'observations'::regclass
UNION ALL SELECT 'observations with its indexes', pg_total_relation_size('observations'), figures FROM n;
SQL

echo
echo "== the key reads ($("$junheng" --version 2>/dev/null || echo junheng) at $junheng, $runs runs each after one warm-up, at most ${MAX_TIME:-900} s each)"
port=${PORT:-18745}
# Without the public cache (PAGE_CACHE=64M to have it): every request computes its answer, as the
# first request after a write does; with it, the warnings API and the catalogue page would be
# answered from memory after the warm-up.
"$junheng" serve --database "$pg_url" --port "$port" --job-workers 0 --home-region 510000 \
    --page-cache-size "${PAGE_CACHE:-0}" >"$out/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
indicator=$("${psql_in_schema[@]}" -At -c "SELECT id FROM indicators WHERE code = 'BM001'")
county=510104 # 锦江区, 成都市
subtree="WITH RECURSIVE t(code) AS (SELECT '510000'::text UNION SELECT l.child_code FROM region_links l JOIN t ON l.parent_code = t.code WHERE l.valid_to IS NULL) SELECT code FROM t"
children="SELECT child_code FROM region_links WHERE parent_code = '510000' AND valid_to IS NULL"
# Each read, and beside it the baseline: one SQL statement that reads the figures the page is
# made from (psql, rows sent to /dev/null), i.e. what the data alone costs the database.
reads=(
    "warnings, the province (API)|/api/v1/warnings?region=510000|SELECT indicator_id, region_code, year, value FROM observations WHERE status = 'approved' AND disaggregation = '' AND region_code IN ($subtree)"
    "warnings page, the province|/warnings?region=510000|SELECT indicator_id, region_code, year, value FROM observations WHERE status = 'approved' AND disaggregation = '' AND region_code IN ($subtree)"
    "a county's progress page|/regions/$county/indicators|SELECT indicator_id, year, value FROM observations WHERE status = 'approved' AND disaggregation = '' AND region_code = '$county'"
    "equalization overview, the province|/equalization/overview?region=510000|SELECT indicator_id, region_code, year, value FROM observations WHERE status = 'approved' AND disaggregation = '' AND region_code IN ($children)"
    "public catalogue page|/catalogue/150000|SELECT i.* FROM service_items i JOIN catalogue_versions v ON v.id = i.version_id WHERE v.region_code = '150000' AND v.status = 'published'"
    "an indicator's trend, the province|/indicators/$indicator?region=510000|SELECT region_code, year, disaggregation, value FROM observations WHERE status = 'approved' AND indicator_id = $indicator AND (region_code = '510000' OR region_code IN ($children))"
    "an indicator's figures (API), the province|/api/v1/observations?indicator=$indicator&region=510000|SELECT region_code, year, value FROM observations WHERE status = 'approved' AND disaggregation = '' AND indicator_id = $indicator AND (region_code = '510000' OR region_code IN ($children))"
)
# sql_ms SQL: the fastest of $runs runs of the statement through psql, in milliseconds.
sql_ms() {
    for _ in $(seq 0 "$runs"); do
        "${psql_in_schema[@]}" -o /dev/null -c '\timing on' -c "$1" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p'
    done | sort -g | head -1
}
printf '%-44s %6s %10s %11s %11s %13s\n' read status bytes median fastest "SQL baseline"
for entry in "${reads[@]}"; do
    IFS='|' read -r name path baseline <<<"$entry"
    times=()
    curl -s -o /dev/null --max-time "${MAX_TIME:-900}" "http://127.0.0.1:$port$path" || true
    for _ in $(seq 1 "$runs"); do
        # A request cut off at MAX_TIME shows status 000 and MAX_TIME as its time.
        read -r status seconds bytes < <(curl -s -o /dev/null --max-time "${MAX_TIME:-900}" \
            -w '%{http_code} %{time_total} %{size_download}\n' "http://127.0.0.1:$port$path" || true)
        times+=("$seconds")
    done
    sorted=($(printf '%s\n' "${times[@]}" | sort -g))
    median=${sorted[$(( ${#sorted[@]} / 2 ))]}
    printf '%-44s %6s %10s %8.0f ms %8.0f ms %10.0f ms\n' "$name" "$status" "$bytes" \
        "$(echo "$median * 1000" | bc)" "$(echo "${sorted[0]} * 1000" | bc)" "$(sql_ms "$baseline")"
done
