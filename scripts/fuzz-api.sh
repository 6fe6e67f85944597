#!/usr/bin/env bash
# Fuzzes the JSON API with schemathesis against docs/openapi.json, on demand and bounded.
#
# Starts `.build/debug/junheng serve --demo` on a free loopback port (18700-18720) with a fresh
# temporary data directory, runs schemathesis twice - without a token, then with a token for the
# demo account `admin` - and prints per run the operations, test cases and requests, server errors
# (5xx), undocumented statuses and schema-valid data refused. Exits non-zero if either run found a
# failure other than refused valid data (listed, since some refusals follow from the data itself,
# which no schema can state). Only 127.0.0.1 is
# ever contacted; the server, its data and the reports are removed on exit.
#
#   scripts/fuzz-api.sh                       # defaults: 10 examples per operation, at most 180 s per run
#   FUZZ_MAX_EXAMPLES=25 FUZZ_MAX_TIME=600 scripts/fuzz-api.sh
#   FUZZ_KEEP_REPORTS=1 scripts/fuzz-api.sh   # keep the JSON/NDJSON reports in test-artifacts/fuzz
#   FUZZ_BINARY=.build-x/debug/junheng FUZZ_PORT=18716 TMPDIR=/tmp/x scripts/fuzz-api.sh
#                                             # another build, a fixed port of the range, data under /tmp/x
#
# The venv (.venv-fuzz, ignored by git) is made once; schemathesis is pinned below.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SCHEMATHESIS_VERSION=4.32.5
VENV=.venv-fuzz
MAX_EXAMPLES=${FUZZ_MAX_EXAMPLES:-10}
MAX_TIME=${FUZZ_MAX_TIME:-180}
SEED=${FUZZ_SEED:-16}
CHECKS=not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance,unsupported_method,positive_data_acceptance,allow_header_conformance
HOST=127.0.0.1
BINARY=${FUZZ_BINARY:-.build/debug/junheng}

if [[ ! -x "$VENV/bin/st" ]] || ! "$VENV/bin/st" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
fi
if [[ ! -x "$BINARY" ]]; then
  if [[ -n "${FUZZ_BINARY:-}" ]]; then echo "fuzz-api: no executable $BINARY" >&2; exit 1; fi
  swift build --product junheng
fi

# A free loopback port in the range reserved for this script.
PORT=$("$VENV/bin/python" - "$HOST" "${FUZZ_PORT:-}" <<'EOF'
import socket, sys
wanted = sys.argv[2]
if wanted and not 18700 <= int(wanted) <= 18720:
    sys.exit("FUZZ_PORT must lie in 18700-18720")
for port in [int(wanted)] if wanted else range(18700, 18721):
    with socket.socket() as s:
        # As the server binds: a port a stopped server left in TIME_WAIT is free.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((sys.argv[1], port))
        except OSError:
            continue
        print(port)
        break
else:
    sys.exit(f"port {wanted} is taken" if wanted else "no free port in 18700-18720")
EOF
)
BASE="http://$HOST:$PORT"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/junheng-fuzz.XXXXXX")
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ -n "${FUZZ_KEEP_REPORTS:-}" ]]; then
    mkdir -p test-artifacts/fuzz
    cp -r "$WORK"/reports-* "$WORK/server.log" test-artifacts/fuzz/ 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "fuzz-api: serving demo data on $BASE (data in $WORK)"
"$BINARY" serve --demo --data-dir "$WORK/data" --host "$HOST" --port "$PORT" --log-level warning \
  >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 600); do
  if curl -fsS --max-time 2 "$BASE/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "fuzz-api: the server stopped:" >&2; cat "$WORK/server.log" >&2; exit 1
  fi
  sleep 0.5
done
curl -fsS --max-time 2 "$BASE/healthz" >/dev/null

TOKEN=$(curl -fsS --max-time 30 -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"junheng-demo"}' "$BASE/api/v1/auth/token" |
  "$VENV/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["token"])')

# No automatic sign-up: POST /api/v1/users is not a registration form. No U+0000 in generated
# strings: the server refuses it in every text on purpose (422, see docs/openapi.json), which
# positive_data_acceptance would otherwise count as valid data refused.
printf '[auth]\nauto-signup = false\n\n[generation]\nallow-x00 = false\n' >"$WORK/schemathesis.toml"

# run NAME [schemathesis options...]: one bounded schemathesis run; its figures go to $WORK/NAME.txt.
run() {
  local name=$1; shift
  local reports="$WORK/reports-$name"
  local started=$SECONDS status=0
  echo
  echo "fuzz-api: run '$name' ($MAX_EXAMPLES examples per operation, at most $MAX_TIME s)"
  # From $WORK, so that schemathesis's cache of earlier failures (.schemathesis/) stays out of the tree.
  (cd "$WORK" && "$ROOT/$VENV/bin/st" --config-file "$WORK/schemathesis.toml" run "$ROOT/docs/openapi.json" --url "$BASE" \
    --checks "$CHECKS" --max-examples "$MAX_EXAMPLES" --max-time "$MAX_TIME" --seed "$SEED" \
    --phases examples,coverage,fuzzing --workers 2 --request-timeout 30 --max-redirects 0 \
    --no-color --report ndjson --report-dir "$reports" "$@") || status=$?
  local verdict=0
  "$VENV/bin/python" - "$reports" "$name" "$((SECONDS - started))" "$status" >"$WORK/$name.txt" <<'EOF' || verdict=$?
import collections, glob, json, sys
reports, name, seconds, status = sys.argv[1:]
operations, cases, responses = set(), 0, collections.Counter()
failures = collections.defaultdict(set)  # check -> {(operation, message)}
errors = 0
for path in glob.glob(f"{reports}/*.ndjson"):
    for line in open(path):
        event = json.loads(line)
        if "NonFatalError" in event:
            errors += 1
        body = event.get("ScenarioFinished")
        if not body:
            continue
        recorder = body.get("recorder", {})
        label = recorder.get("label")
        if recorder.get("cases"):
            operations.add(label)
        cases += len(recorder.get("cases", {}))
        for interaction in recorder.get("interactions", {}).values():
            responses[((interaction.get("response") or {}).get("status_code") or 0) // 100] += 1
        for checks in recorder.get("checks", {}).values():
            for check in checks:
                if check.get("status") == "failure":
                    failure = (check.get("failure_info") or {}).get("failure") or {}
                    message = " ".join(str(failure.get("message", "")).split())[:160]
                    failures[check["name"]].add((label, message))
def count(check):
    return len({label for label, _ in failures.get(check, ())})
# Schema-valid data refused (positive_data_acceptance) is listed and counted but does not fail the
# run: some refusals follow from the data (a region without children, a baseline year after the
# target year, a file that is not a spreadsheet), which no schema can state.
REPORTED_ONLY = {"positive_data_acceptance"}
counted = ("not_a_server_error", "status_code_conformance", *REPORTED_ONLY)
others = sum(count(check) for check in failures if check not in counted)
print(f"{name}: {len(operations)} operations, {cases} test cases, {sum(responses.values())} requests "
      f"({', '.join(f'{k}xx {v}' for k, v in sorted(responses.items()) if k)}); "
      f"{count('not_a_server_error')} operations with server errors, "
      f"{count('status_code_conformance')} with undocumented statuses, "
      f"{count('positive_data_acceptance')} refusing schema-valid data, {others} other failures, "
      f"{errors} schemathesis errors; {seconds} s, exit {status}")
for check, found in sorted(failures.items()):
    for label, message in sorted(found):
        print(f"  {check}: {label}: {message}")
# A run fails on what the server did; schemathesis's own errors are counted and shown above.
sys.exit(1 if set(failures) - REPORTED_ONLY or not operations else 0)
EOF
  cat "$WORK/$name.txt"
  return "$verdict"
}

overall=0
run anonymous || overall=1
# The token run leaves out the token revocation route, which would revoke the token it runs with.
run admin-token -H "Authorization: Bearer $TOKEN" \
  --exclude-path '/api/v1/auth/tokens/{id}' || overall=1

if ! kill -0 "$SERVER_PID" 2>/dev/null; then
  echo "fuzz-api: the server died during the run" >&2; overall=1
fi

echo
echo "fuzz-api summary (schemathesis $SCHEMATHESIS_VERSION, checks $CHECKS, seed $SEED):"
cat "$WORK/anonymous.txt" "$WORK/admin-token.txt"
exit "$overall"
