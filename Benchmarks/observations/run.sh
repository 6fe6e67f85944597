#!/usr/bin/env bash
# Observation import benchmark: `junheng import observations FILE --approve` (release build) of a
# seeded 1,000,000-row CSV, into a fresh SQLite file and into PostgreSQL, each next to the
# engine's own bulk load of the same file into a plain table in the same run (`sqlite3 .import`,
# psql `\copy`). Prints rows/s, the ratio and peak memory.
#
#     Benchmarks/observations/run.sh [rows]
#
# PostgreSQL: a throwaway cluster from scripts/with-postgres.sh, unless JUNHENG_TEST_POSTGRES_URL
# is set (then a scratch schema in that database is created and dropped).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [[ -z "${JUNHENG_TEST_POSTGRES_URL:-}" ]]; then
    exec "$root/scripts/with-postgres.sh" "${BASH_SOURCE[0]}" "$@"
fi
rows="${1:-1000000}"
out="$root/Benchmarks/out/observations"
csv="$out/observations.csv"
region=510000
rm -rf "$out"
mkdir -p "$out"

echo "== building junheng (release)"
swift build -c release --product junheng --package-path "$root"
junheng="$(swift build -c release --product junheng --package-path "$root" --show-bin-path)/junheng"

echo "== generating $rows rows"
python3 "$here/generate.py" "$root/Sources/Storage/Resources/regions-gbt2260.csv" "$out" "$rows"

raw_table="CREATE TABLE raw_observations (region TEXT, indicator TEXT, year INTEGER, value DOUBLE PRECISION, disaggregation TEXT)"

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

echo "== SQLite: junheng import"
db="$out/junheng.sqlite"
"$junheng" migrate --database "$db" >/dev/null 2>"$out/sqlite-migrate.log"
sqlite3 "$db" <"$out/indicators.sql"
timed sqlite-junheng "$junheng" import observations "$csv" --region "$region" --approve --database "$db"
expect_count "SQLite observations" "$rows" "$(sqlite3 "$db" "$approved")"

echo "== SQLite: sqlite3 .import"
plain="$out/plain.sqlite"
sqlite3 "$plain" "$raw_table"
timed sqlite-baseline sqlite3 "$plain" ".mode csv" ".import --skip 1 '$csv' raw_observations"
expect_count "SQLite raw_observations" "$rows" "$(sqlite3 "$plain" "SELECT COUNT(*) FROM raw_observations")"

echo "== PostgreSQL: junheng import"
schema=observation_benchmark
separator='?'
[[ "$JUNHENG_TEST_POSTGRES_URL" == *\?* ]] && separator='&'
pg_url="$JUNHENG_TEST_POSTGRES_URL${separator}search_path=$schema"
psql_in_schema=(env "PGOPTIONS=-c search_path=$schema -c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 "$JUNHENG_TEST_POSTGRES_URL")
"${psql_in_schema[@]}" -c "DROP SCHEMA IF EXISTS $schema CASCADE" -c "CREATE SCHEMA $schema"
trap '"${psql_in_schema[@]}" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true' EXIT
"$junheng" migrate --database "$pg_url" >/dev/null 2>"$out/postgres-migrate.log"
"${psql_in_schema[@]}" -f "$out/indicators.sql" >/dev/null
timed postgres-junheng "$junheng" import observations "$csv" --region "$region" --approve --database "$pg_url"
expect_count "PostgreSQL observations" "$rows" "$("${psql_in_schema[@]}" -At -c "$approved")"

echo "== PostgreSQL: psql \\copy"
"${psql_in_schema[@]}" -c "$raw_table"
timed postgres-baseline "${psql_in_schema[@]}" -c "\\copy raw_observations FROM '$csv' CSV HEADER"
expect_count "PostgreSQL raw_observations" "$rows" "$("${psql_in_schema[@]}" -At -c "SELECT COUNT(*) FROM raw_observations")"

warnings="$(grep -c '^warning:' "$out/sqlite-junheng.log" || true)"
echo
echo "$rows rows ($(du -h "$csv" | cut -f1) CSV), $warnings year-on-year warnings stored with the submission"
printf '%-12s %-26s %10s %12s %14s\n' engine load seconds rows/s "peak memory"
for engine in sqlite postgres; do
    read -r junheng_seconds junheng_kb <"$out/$engine-junheng.time"
    read -r baseline_seconds baseline_kb <"$out/$engine-baseline.time"
    baseline_name=$([[ $engine == sqlite ]] && echo "sqlite3 .import" || echo "psql \\copy")
    awk -v engine="$engine" -v rows="$rows" -v js="$junheng_seconds" -v jk="$junheng_kb" \
        -v bn="$baseline_name" -v bs="$baseline_seconds" -v bk="$baseline_kb" 'BEGIN {
        printf "%-12s %-26s %10.2f %12.0f %11.0f MB\n", engine, "junheng import --approve", js, rows / js, jk / 1024
        printf "%-12s %-26s %10.2f %12.0f %11.0f MB\n", engine, bn, bs, rows / bs, bk / 1024
        printf "%-12s %-26s %10.1fx\n", engine, "junheng time / baseline", js / bs
    }'
done
