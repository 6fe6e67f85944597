#!/bin/sh
# Public pages and the regions API (issue 17): `junheng serve --demo` (release build, SQLite) against
# nginx serving the very same bytes from files, both on loopback, measured in the same run with wrk
# at 64 connections: requests per second and the 99th percentile latency, for the published
# catalogue of Inner Mongolia (/catalogue/150000) and the counties of Xingtai
# (/api/v1/regions?parent=130500). Neither side compresses (wrk sends no Accept-Encoding).
#
# wrk runs one thread by default (WRK_THREADS): on a 2-core machine, two wrk threads leave the
# server less than the cores it has, and the 99th percentile then measures the scheduler for both
# servers alike (nginx's own p99 was 64-89 ms with two threads).
#
# Usage: Benchmarks/web/run.sh [seconds per measurement, default 15] [rounds, default 2]
# Needs nginx and wrk (Debian packages; installed with apt-get when missing).
# Ports: JUNHENG_BENCH_PORT (default 8142) for junheng, NGINX_BENCH_PORT (default 8242) for nginx.
# Scratch path: JUNHENG_BENCH_SCRATCH (default .build); JUNHENG_BENCH_CONFIGURATION=debug measures a
# debug build instead (for a quick look only: the figures in BENCHMARKS.md say which they are).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$(dirname "$here")")
seconds=${1:-15}
rounds=${2:-2}
port=${JUNHENG_BENCH_PORT:-8142}
nginx_port=${NGINX_BENCH_PORT:-8242}
scratch=${JUNHENG_BENCH_SCRATCH:-$root/.build}
configuration=${JUNHENG_BENCH_CONFIGURATION:-release}
threads=${WRK_THREADS:-1}
out="$root/Benchmarks/out/web"
rm -rf "$out"
mkdir -p "$out/files/catalogue" "$out/files/api/v1"

command -v nginx >/dev/null && command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq nginx wrk >/dev/null; }

swift build -c "$configuration" --product junheng --package-path "$root" --scratch-path "$scratch"
junheng="$(swift build -c "$configuration" --product junheng --package-path "$root" --scratch-path "$scratch" --show-bin-path)/junheng"

# The server as shipped, but without a log line per request (--log-level notice) and without the
# per-address connection cap (all 64 connections come from 127.0.0.1).
"$junheng" serve --demo --database "$out/junheng.sqlite" --port "$port" --log-level notice \
    --max-connections-per-address 0 >"$out/junheng.log" 2>&1 &
server=$!
nginx_pid=""
cleanup() {
    kill "$server" 2>/dev/null || true
    [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
}
trap cleanup EXIT INT TERM
for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 1
done

page=/catalogue/150000
regions="/api/v1/regions?parent=130500"
curl -sf "http://127.0.0.1:$port$page" -o "$out/files/catalogue/150000"
curl -sf "http://127.0.0.1:$port$regions" -o "$out/files/api/v1/regions"
# The bytes are the same on every request (the page cache makes them once).
curl -sf "http://127.0.0.1:$port$page" | cmp -s - "$out/files/catalogue/150000" || { echo "the page changed between requests" >&2; exit 1; }

cat >"$out/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $out/nginx.pid;
error_log $out/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$nginx_port;
        root $out/files;
        location = /catalogue/150000 { default_type "text/html; charset=utf-8"; }
        location = /api/v1/regions { default_type "application/json; charset=utf-8"; }
    }
}
EOF
nginx -c "$out/nginx.conf" &
nginx_pid=$!
sleep 1
curl -sf "http://127.0.0.1:$nginx_port$regions" | cmp -s - "$out/files/api/v1/regions" || { echo "nginx does not serve the same bytes" >&2; exit 1; }

# wrk prints "Requests/sec: N" and, with --latency, "99% Xms"; both as numbers here.
measure() {
    wrk -t"$threads" -c64 -d"${seconds}s" --latency "$1" >"$out/wrk.txt"
    rps=$(awk '/Requests\/sec/ {print $2}' "$out/wrk.txt")
    p99=$(awk '$1 == "99%" {v = $2; if (v ~ /us$/) {sub(/us/, "", v); v /= 1000} else if (v ~ /ms$/) {sub(/ms/, "", v)} else if (v ~ /s$/) {sub(/s/, "", v); v *= 1000}; print v}' "$out/wrk.txt")
    errors=$(awk '/Non-2xx|Socket errors/ {print}' "$out/wrk.txt")
    [ -z "$errors" ] || echo "  wrk: $errors" >&2
    echo "$rps $p99"
}

echo "wrk: $threads thread(s), 64 connections"
echo "bytes: $page $(wc -c <"$out/files/catalogue/150000"), $regions $(wc -c <"$out/files/api/v1/regions")"
# Warm both (the first requests make the cached bodies; the JIT-less binary needs no warming otherwise).
wrk -t2 -c64 -d2s "http://127.0.0.1:$port$page" >/dev/null
wrk -t2 -c64 -d2s "http://127.0.0.1:$port$regions" >/dev/null
printf '%-5s %-28s %12s %10s %12s %10s %7s\n' round path "junheng r/s" "p99 ms" "nginx r/s" "p99 ms" ratio
for round in $(seq 1 "$rounds"); do
    for path in "$page" "$regions"; do
        set -- $(measure "http://127.0.0.1:$port$path")
        j_rps=$1 j_p99=$2
        set -- $(measure "http://127.0.0.1:$nginx_port$path")
        n_rps=$1 n_p99=$2
        ratio=$(awk -v a="$j_rps" -v b="$n_rps" 'BEGIN {printf "%.2f", a / b}')
        printf '%-5s %-28s %12s %10s %12s %10s %7s\n' "$round" "$path" "$j_rps" "$j_p99" "$n_rps" "$n_p99" "$ratio"
    done
done
