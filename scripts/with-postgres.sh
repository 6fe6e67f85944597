#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster on loopback, exported as
# JUNHENG_TEST_POSTGRES_URL, and removes the cluster afterwards, whatever the command's outcome.
#   scripts/with-postgres.sh swift test
# If JUNHENG_TEST_POSTGRES_URL is already set, that server is used and nothing is started.
set -euo pipefail

if [[ -n "${JUNHENG_TEST_POSTGRES_URL:-}" ]]; then
  exec "$@"
fi

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [[ -z "$PGBIN" ]]; then
  echo "with-postgres: PostgreSQL is not installed (run scripts/install-deps.sh)" >&2
  exit 1
fi

# A free port: the kernel picks one, we release it and hand it to PostgreSQL.
PGPORT=${PGPORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')}
PGDATA=$(mktemp -d /tmp/junheng-pg.XXXXXX)
RUN_AS=()
if [[ $(id -u) -eq 0 ]]; then
  # PostgreSQL refuses to run as root.
  chown postgres:postgres "$PGDATA"
  RUN_AS=(runuser -u postgres --)
fi

cleanup() {
  "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGDATA"
}
trap cleanup EXIT

"${RUN_AS[@]}" "$PGBIN/initdb" -D "$PGDATA" -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
"${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=1000" \
  start >/dev/null
"$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres junheng_test

export JUNHENG_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PGPORT/junheng_test?sslmode=disable"
echo "with-postgres: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT" >&2
set +e
"$@"
status=$?
set -e
exit $status
