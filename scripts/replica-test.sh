#!/usr/bin/env bash
# More than one server on one database, and a read replica (issue 17, part 5), end to end:
#
#   - a PostgreSQL primary and a real streaming replica of it (pg_basebackup -R), on loopback;
#   - two `junheng serve` processes on the primary: A with the replica as its read database and
#     no job workers, B with one job worker and no replica;
#
# and proves with curl that
#   1. a session signed in on A is valid on B (sessions are in the database);
#   2. failed sign-ins on A and B count together (the login throttle is in the database);
#   3. a job queued on A (a PDF plan to read) is done by B, the only process with a worker;
#   4. A's public catalogue page is read from the replica (its statements appear in the
#      replica's statement log), and B's is not.
#
#   scripts/replica-test.sh            # uses .build/debug/junheng (JUNHENG_BINARY names another)
#
# Exits non-zero on the first failure; always stops both servers and both clusters and deletes
# their files. Takes about half a minute after the build.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
junheng=${JUNHENG_BINARY:-$root/.build/debug/junheng}
[[ -x "$junheng" ]] || { echo "replica-test: $junheng not built (swift build --product junheng)" >&2; exit 1; }
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
[[ -n "$PGBIN" ]] || { echo "replica-test: PostgreSQL is not installed (scripts/install-deps.sh test)" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
PRIMARY_PORT=${PRIMARY_PORT:-$(free_port)}
REPLICA_PORT=${REPLICA_PORT:-$(free_port)}
PORT_A=${PORT_A:-$(free_port)}
PORT_B=${PORT_B:-$(free_port)}
work=$(mktemp -d /tmp/junheng-replica.XXXXXX)
primary_data="$work/primary"
replica_data="$work/replica"
RUN_AS=()
if [[ $(id -u) -eq 0 ]]; then
  # PostgreSQL refuses to run as root.
  chown postgres:postgres "$work"
  RUN_AS=(runuser -u postgres --)
fi
pids=()

cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for data in "$replica_data" "$primary_data"; do
    [[ -f "$data/postmaster.pid" ]] && "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
  done
  if [[ $status -ne 0 ]]; then
    echo "replica-test: FAILED; the servers' logs:" >&2
    for log in "$work"/serve-*.log; do [[ -f "$log" ]] && { echo "== $log" >&2; tail -20 "$log" >&2; }; done
    # Last, so that a log's tail still shows which check failed.
    echo "replica-test: FAILED: ${failure:-a command ended with status $status}" >&2
  fi
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT

failure=""
fail() { failure="$*"; echo "replica-test: FAIL: $*" >&2; exit 1; }
# A page fetched whole before it is searched: `curl | grep -q` under pipefail fails at random when
# grep stops reading at the first match and curl, still writing a long page, gets SIGPIPE.
page() { curl -fs "$@"; }
pass() { echo "replica-test: ok: $*"; }
psql_at() { psql -X -q -At -h 127.0.0.1 -U postgres "$@"; }

echo "replica-test: primary on $PRIMARY_PORT, replica on $REPLICA_PORT, servers A on $PORT_A and B on $PORT_B"
"${RUN_AS[@]}" "$PGBIN/initdb" -D "$primary_data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
"${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$primary_data" -l "$primary_data/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PRIMARY_PORT -k $work -c fsync=off -c wal_level=replica -c max_wal_senders=4" \
  start >/dev/null
createdb -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres junheng

# The replica: a base backup of the primary that streams its WAL (-R writes standby.signal and
# primary_conninfo), every statement logged so that the test can see what it was asked.
"${RUN_AS[@]}" "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$replica_data" -R -X stream -c fast
"${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$replica_data" -l "$replica_data/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $REPLICA_PORT -k $work -c hot_standby=on -c log_statement=all" \
  start >/dev/null
[[ $(psql_at -p "$REPLICA_PORT" -d junheng -c "SELECT pg_is_in_recovery()") == t ]] || fail "the replica is not in recovery"
[[ $(psql_at -p "$PRIMARY_PORT" -d junheng -c "SELECT state FROM pg_stat_replication") == streaming ]] \
  || fail "the primary has no streaming replica"
pass "streaming replica of the primary (pg_basebackup -R)"

primary_url="postgres://postgres@127.0.0.1:$PRIMARY_PORT/junheng?sslmode=disable"
replica_url="postgres://postgres@127.0.0.1:$REPLICA_PORT/junheng?sslmode=disable"
export JUNHENG_BCRYPT_COST=4
"$junheng" demo --database "$primary_url" >"$work/demo.log" 2>&1 || { cat "$work/demo.log" >&2; fail "junheng demo"; }

"$junheng" serve --database "$primary_url" --read-database "$replica_url" --job-workers 0 --port "$PORT_A" \
  >"$work/serve-a.log" 2>&1 &
pids+=($!)
"$junheng" serve --database "$primary_url" --job-workers 1 --port "$PORT_B" >"$work/serve-b.log" 2>&1 &
pid_b=$!
pids+=($pid_b)
A="http://127.0.0.1:$PORT_A"
B="http://127.0.0.1:$PORT_B"
for server in "$A" "$B"; do
  for _ in $(seq 1 100); do
    curl -fs "$server/healthz" >/dev/null 2>&1 && break
    sleep 0.2
  done
  curl -fs "$server/healthz" >/dev/null || fail "$server did not start"
done

# 1. A session signed in on A, used on B.
jar="$work/cookies"
login_page=$(page -c "$jar" -b "$jar" "$A/login") || fail "A's login page"
csrf=$(sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p;T;q' <<<"$login_page")
[[ -n "$csrf" ]] || fail "no CSRF token on A's login page"
status=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" "$A/login" \
  --data-urlencode "_csrf=$csrf" --data-urlencode "next=/" --data-urlencode "username=planner" --data-urlencode "password=junheng-demo")
[[ "$status" == 302 || "$status" == 303 ]] || fail "signing in on A answered $status"
grep -q jh_session "$jar" || fail "A set no session cookie"
grep -q 'action="/logout"' <<<"$(page -b "$jar" "$B/")" || fail "B does not know A's session"
pass "a session signed in on A is valid on B"

# 2. Four failed sign-ins on A and one on B lock the pair (5 failures) on both.
token_call() { curl -s -o /dev/null -w '%{http_code}' -X POST "$1/api/v1/auth/token" -H 'Content-Type: application/json' -d "$2"; }
wrong='{"username":"linchen","password":"wrong-password"}'
for _ in 1 2 3 4; do [[ $(token_call "$A" "$wrong") == 401 ]] || fail "a wrong password on A was not a 401"; done
[[ $(token_call "$B" "$wrong") == 401 ]] || fail "the fifth failure, on B, was refused before it was counted"
[[ $(token_call "$B" '{"username":"linchen","password":"junheng-demo"}') == 429 ]] || fail "B did not count A's failures"
[[ $(token_call "$A" '{"username":"linchen","password":"junheng-demo"}') == 429 ]] || fail "A did not count B's failure"
pass "failed sign-ins on A and B count together (429 on both after five)"

# 3. A PDF plan uploaded to A (no workers) is read by B's worker.
admin_token=$(curl -fs -X POST "$A/api/v1/auth/token" -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"junheng-demo"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
queued=$(curl -fs -X POST "$A/api/v1/plans/ingest?filename=qinghe-plan.pdf&region=360000" -H "Authorization: Bearer $admin_token" \
  -H 'Content-Type: application/pdf' --data-binary @Tests/PlanIngestTests/Fixtures/formats/qinghe-plan.pdf)
job=$(python3 -c 'import json,sys; j=json.loads(sys.argv[1]); assert j["status"]=="queued", j; print(j["id"])' "$queued") \
  || fail "A did not queue the PDF: $queued"
for _ in $(seq 1 120); do
  state=$(curl -fs "$A/api/v1/jobs/$job" -H "Authorization: Bearer $admin_token")
  [[ $(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["status"])' "$state") =~ ^(done|failed)$ ]] && break
  sleep 0.5
done
python3 - "$state" "$pid_b" <<'PY' || fail "job $job: $state"
import json, sys
job, pid_b = json.loads(sys.argv[1]), sys.argv[2]
assert job["status"] == "done", job
assert job["worker"].split(":")[1] == pid_b, f"run by {job['worker']}, not by B (pid {pid_b})"
assert job["planId"] > 0 and job["extractions"]["target"] > 0, job
PY
curl -fs "$A/plans/$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["planId"])' "$state")" \
  -H "Authorization: Bearer $admin_token" >/dev/null || fail "A cannot show the draft B stored"
pass "a PDF plan queued on A (job $job) was read by B's worker"

# 4. Reads go to the replica: A's public catalogue page runs its queries there, B's does not.
marker() { psql_at -p "$REPLICA_PORT" -d junheng -c "SELECT 'replica-test-$1'" >/dev/null; }
statements_after() { sed -n "/replica-test-$1/,\$p" "$replica_data/server.log" | grep -c 'FROM catalogue_versions' || true; }
sleep 0.5 # the replica replays the demo's writes
marker a
grep -q '基本公共服务' <<<"$(page "$A/catalogue/150000")" || fail "A's public catalogue page"
[[ $(statements_after a) -gt 0 ]] || fail "A's public catalogue page left no statement in the replica's log"
marker b
grep -q '基本公共服务' <<<"$(page "$B/catalogue/150000")" || fail "B's public catalogue page"
[[ $(statements_after b) -eq 0 ]] || fail "B, which has no read database, read the replica"
read_connections=$(psql_at -p "$REPLICA_PORT" -d junheng \
  -c "SELECT count(*) FROM pg_stat_activity WHERE datname = 'junheng' AND backend_type = 'client backend' AND pid <> pg_backend_pid()")
[[ "$read_connections" -gt 0 ]] || fail "no connection from A on the replica"
pass "A's public pages read the replica ($read_connections connections there); B reads the primary"
echo "replica-test: all passed"
