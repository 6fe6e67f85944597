#!/usr/bin/env bash
# Observation import benchmark: `junheng import observations FILE --approve` (release build) of
# seeded CSV files of 1,000,000 and 4,000,000 rows, into a fresh SQLite file and into PostgreSQL,
# each next to the engine's own bulk load of the same file in the same run (`sqlite3 .import`,
# psql `\copy`) into a table with the indexes and constraints of `observations` (the unique key,
# both secondary indexes, foreign keys to regions and indicators, NOT NULL). Prints seconds,
# rows/s, the ratio and peak memory (RSS).
#
#     Benchmarks/observations/run.sh [rows…]        (default: 1000000 4000000)
#
# PostgreSQL: a throwaway cluster from scripts/with-postgres.sh, unless JUNHENG_TEST_POSTGRES_URL
# is set (then a scratch schema in that database is created and dropped).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [[ -z "${JUNHENG_TEST_POSTGRES_URL:-}" ]]; then
    exec "$root/scripts/with-postgres.sh" "${BASH_SOURCE[0]}" "$@"
fi
row_counts=("$@")
[[ $# -eq 0 ]] && row_counts=(1000000 4000000)
out="$root/Benchmarks/out/observations"
region=510000
rm -rf "$out"
mkdir -p "$out"

# CONFIGURATION=debug measures the debug build instead (memory holds; times do not).
configuration="${CONFIGURATION:-release}"
echo "== building junheng ($configuration)"
swift build -c "$configuration" --product junheng --package-path "$root"
junheng="$(swift build -c "$configuration" --product junheng --package-path "$root" --show-bin-path)/junheng"

# The baseline's table: the CSV's columns, with the constraints and indexes of `observations`
# (indicator by code here, so the file loads as it is).
baseline_table="CREATE TABLE baseline_observations (
  region TEXT NOT NULL REFERENCES regions (code),
  indicator TEXT NOT NULL REFERENCES indicators (code),
  year INTEGER NOT NULL, value DOUBLE PRECISION NOT NULL, disaggregation TEXT NOT NULL DEFAULT '',
  UNIQUE (indicator, region, year, disaggregation));
CREATE INDEX baseline_observations_region_year ON baseline_observations (region, year);
CREATE INDEX baseline_observations_indicator_year ON baseline_observations (indicator, year);
CREATE INDEX baseline_observations_totals ON baseline_observations (indicator, region, year, value) WHERE disaggregation = '';"

# timed NAME COMMAND…: runs the command, keeping its wall time and peak memory in $out/NAME.time.
timed() {
    local name="$1"
    shift
    /usr/bin/time -f '%e %M' -o "$out/$name.time" "$@" >"$out/$name.log"
}

# expect_count LABEL EXPECTED ACTUAL: stops the run when a load did not store every row.
expect_count() {
    if [[ "$2" != "$3" ]]; then
        echo "$1: expected $2 rows, found $3" >&2
        exit 1
    fi
}

approved="SELECT COUNT(*) FROM observations WHERE status = 'approved'"
schema=observation_benchmark
separator='?'
[[ "$JUNHENG_TEST_POSTGRES_URL" == *\?* ]] && separator='&'
pg_url="$JUNHENG_TEST_POSTGRES_URL${separator}search_path=$schema"
psql_in_schema=(env "PGOPTIONS=-c search_path=$schema -c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 "$JUNHENG_TEST_POSTGRES_URL")
trap '"${psql_in_schema[@]}" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true' EXIT

for rows in "${row_counts[@]}"; do
    run="$out/$rows"
    mkdir -p "$run"
    csv="$run/observations.csv"
    echo "== generating $rows rows"
    python3 "$here/generate.py" "$root/Sources/Storage/Resources/regions-gbt2260.csv" "$run" "$rows"

    echo "== SQLite: junheng import ($rows rows)"
    db="$run/junheng.sqlite"
    "$junheng" migrate --database "$db" >/dev/null 2>"$run/sqlite-migrate.log"
    sqlite3 "$db" <"$run/indicators.sql"
    timed "$rows-sqlite-junheng" "$junheng" import observations "$csv" --region "$region" --approve --quiet --database "$db"
    expect_count "SQLite observations" "$rows" "$(sqlite3 "$db" "$approved")"

    echo "== SQLite: sqlite3 .import ($rows rows)"
    plain="$run/plain.sqlite"
    "$junheng" migrate --database "$plain" >/dev/null 2>"$run/sqlite-migrate-baseline.log"
    sqlite3 "$plain" <"$run/indicators.sql"
    sqlite3 "$plain" "$baseline_table"
    timed "$rows-sqlite-baseline" sqlite3 "$plain" "PRAGMA foreign_keys = ON" ".mode csv" ".import --skip 1 '$csv' baseline_observations"
    expect_count "SQLite baseline_observations" "$rows" "$(sqlite3 "$plain" "SELECT COUNT(*) FROM baseline_observations")"
    rm -f "$db" "$plain"

    echo "== PostgreSQL: junheng import ($rows rows)"
    "${psql_in_schema[@]}" -c "DROP SCHEMA IF EXISTS $schema CASCADE" -c "CREATE SCHEMA $schema"
    "$junheng" migrate --database "$pg_url" >/dev/null 2>"$run/postgres-migrate.log"
    "${psql_in_schema[@]}" -f "$run/indicators.sql" >/dev/null
    timed "$rows-postgres-junheng" "$junheng" import observations "$csv" --region "$region" --approve --quiet --database "$pg_url"
    expect_count "PostgreSQL observations" "$rows" "$("${psql_in_schema[@]}" -At -c "$approved")"

    echo "== PostgreSQL: psql \\copy ($rows rows)"
    "${psql_in_schema[@]}" -c "$baseline_table"
    timed "$rows-postgres-baseline" "${psql_in_schema[@]}" -c "\\copy baseline_observations FROM '$csv' WITH (FORMAT csv, HEADER, FORCE_NOT_NULL (disaggregation))"
    expect_count "PostgreSQL baseline_observations" "$rows" "$("${psql_in_schema[@]}" -At -c "SELECT COUNT(*) FROM baseline_observations")"
    "${psql_in_schema[@]}" -c "DROP SCHEMA IF EXISTS $schema CASCADE"
done

echo
printf '%-10s %-10s %-26s %10s %12s %14s\n' rows engine load seconds rows/s "peak memory"
for rows in "${row_counts[@]}"; do
    warnings="$(grep -c '^warning:' "$out/$rows-sqlite-junheng.log" || true)"
    for engine in sqlite postgres; do
        read -r junheng_seconds junheng_kb <"$out/$rows-$engine-junheng.time"
        read -r baseline_seconds baseline_kb <"$out/$rows-$engine-baseline.time"
        baseline_name=$([[ $engine == sqlite ]] && echo "sqlite3 .import" || echo "psql \\copy")
        awk -v engine="$engine" -v rows="$rows" -v js="$junheng_seconds" -v jk="$junheng_kb" \
            -v bn="$baseline_name" -v bs="$baseline_seconds" -v bk="$baseline_kb" 'BEGIN {
            printf "%-10s %-10s %-26s %10.2f %12.0f %11.0f MB\n", rows, engine, "junheng import --approve", js, rows / js, jk / 1024
            printf "%-10s %-10s %-26s %10.2f %12.0f %11.0f MB\n", rows, engine, bn, bs, rows / bs, bk / 1024
            printf "%-10s %-10s %-26s %10.1fx\n", rows, engine, "junheng time / baseline", js / bs
        }'
    done
    echo "$rows rows ($(du -h "$out/$rows/observations.csv" | cut -f1) CSV): $warnings year-on-year warnings stored with the submission"
done
