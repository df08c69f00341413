#!/usr/bin/env bash
# Install and start the services the test suite needs: PostgreSQL with PostGIS on loopback.
#
# Prints one line on stdout, the URL of a test database with the postgis extension
# (postgresql://conflictcoder:conflictcoder@127.0.0.1:5432/conflictcoder_test); progress goes
# to stderr. The Makefile passes the URL to pytest as CONFLICTCODER_TEST_PG:
#
#     url="$(scripts/services.sh)" && CONFLICTCODER_TEST_PG="$url" .venv/bin/pytest
#
# Idempotent: when the test database already answers with PostGIS the script only says so
# (well under a second, no root needed); otherwise packages are installed (apt-get, Debian
# packages) only when missing, the cluster started only when down, the role, database and
# extension created only when absent.
#
# CONFLICTCODER_TEST_PG already set: that server is used as is (checked, not installed).
# Without root (and without password-less sudo) nothing can be installed: outside CI the
# script warns and prints an empty line (the PostgreSQL tests then skip); with CI=true it fails.
#
# Settings (environment): CONFLICTCODER_PG_PORT (5432), CONFLICTCODER_PG_DB
# (conflictcoder_test), CONFLICTCODER_PG_USER and CONFLICTCODER_PG_PASSWORD (conflictcoder).
set -euo pipefail

PORT="${CONFLICTCODER_PG_PORT:-5432}"
DB="${CONFLICTCODER_PG_DB:-conflictcoder_test}"
ROLE="${CONFLICTCODER_PG_USER:-conflictcoder}"
PASSWORD="${CONFLICTCODER_PG_PASSWORD:-conflictcoder}"
URL="postgresql://${ROLE}:${PASSWORD}@127.0.0.1:${PORT}/${DB}"

say() { echo "services: $*" >&2; }

give_up() {
    if [ "${CI:-}" = "true" ]; then
        say "error: $*"
        exit 1
    fi
    say "warning: $* -- the PostgreSQL tests will be skipped (they fail when CI=true)"
    echo ""
    exit 0
}

# psql wrapper that prints one unaligned value; runs as the postgres superuser over the socket.
as_postgres() { $SUDO runuser -u postgres -- psql -p "$PORT" -X -q -t -A -v ON_ERROR_STOP=1 "$@"; }

if [ -n "${CONFLICTCODER_TEST_PG:-}" ]; then
    if command -v psql >/dev/null && ! psql "$CONFLICTCODER_TEST_PG" -X -q -t -A -c "SELECT 1" >/dev/null 2>&1; then
        give_up "CONFLICTCODER_TEST_PG=$CONFLICTCODER_TEST_PG: server not reachable"
    fi
    echo "$CONFLICTCODER_TEST_PG"
    exit 0
fi

# Fast path (and the way in without root): the test database already answers with PostGIS.
if command -v psql >/dev/null && [ "$(PGCONNECT_TIMEOUT=3 psql "$URL" -X -q -t -A \
        -c "SELECT count(*) FROM pg_extension WHERE extname = 'postgis'" 2>/dev/null)" = "1" ]; then
    say "PostgreSQL with PostGIS ready: $URL"
    echo "$URL"
    exit 0
fi

if [ "$(id -u)" = "0" ]; then
    SUDO=""
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    give_up "not root and no password-less sudo: cannot install or start PostgreSQL"
fi
if ! command -v apt-get >/dev/null; then
    give_up "apt-get not found: install PostgreSQL with PostGIS yourself and set CONFLICTCODER_TEST_PG"
fi

# 1. Packages: the distribution's PostgreSQL and the PostGIS build for that version.
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
pg_version() { ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1; }

VERSION="$(pg_version)"
if [ -z "$VERSION" ] || ! installed postgresql || ! installed "postgresql-${VERSION}-postgis-3"; then
    LOG="$(mktemp -t conflictcoder-apt.XXXXXX)"
    say "installing PostgreSQL and PostGIS (apt-get; log in $LOG)"
    apt() {
        if ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -y -q -o Dpkg::Use-Pty=0 "$@" >>"$LOG" 2>&1; then
            tail -n 20 "$LOG" >&2
            give_up "apt-get $* failed (full log: $LOG)"
        fi
    }
    apt update
    apt install --no-install-recommends postgresql
    VERSION="$(pg_version)"
    if [ -z "$VERSION" ]; then
        give_up "apt-get installed postgresql but no server version under /usr/lib/postgresql"
    fi
    apt install --no-install-recommends "postgresql-${VERSION}-postgis-3"
    rm -f "$LOG"
fi

# 2. A cluster listening on loopback only, started when down.
CLUSTER=main
if ! $SUDO pg_lsclusters -h 2>/dev/null | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {f=1} END {exit !f}'; then
    say "creating cluster $VERSION/$CLUSTER on port $PORT"
    $SUDO pg_createcluster "$VERSION" "$CLUSTER" --port "$PORT" >&2
fi
CLUSTER_PORT="$($SUDO pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $3}')"
if [ "$CLUSTER_PORT" != "$PORT" ]; then
    give_up "cluster $VERSION/$CLUSTER listens on port $CLUSTER_PORT, not $PORT: set CONFLICTCODER_PG_PORT=$CLUSTER_PORT"
fi
CONF="/etc/postgresql/${VERSION}/${CLUSTER}/postgresql.conf"
if ! $SUDO grep -q "^listen_addresses = 'localhost'" "$CONF"; then
    echo "listen_addresses = 'localhost'  # conflictcoder: loopback only" | $SUDO tee -a "$CONF" >/dev/null
fi
if ! $SUDO pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c && $4=="online" {f=1} END {exit !f}'; then
    say "starting PostgreSQL $VERSION/$CLUSTER"
    # Containers often lack the socket directory (a tmpfs on systemd machines).
    $SUDO install -d -o postgres -g postgres -m 2775 /var/run/postgresql
    $SUDO pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi
for _ in $(seq 1 50); do
    as_postgres -c "SELECT 1" >/dev/null 2>&1 && break
    sleep 0.2
done
as_postgres -c "SELECT 1" >/dev/null || give_up "PostgreSQL $VERSION/$CLUSTER did not start"

# 3. The test role and database, with PostGIS.
if [ "$(as_postgres -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != "1" ]; then
    say "creating role $ROLE"
    as_postgres -c "CREATE ROLE \"$ROLE\" LOGIN PASSWORD '$PASSWORD'"
fi
if [ "$(as_postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]; then
    say "creating database $DB"
    as_postgres -c "CREATE DATABASE \"$DB\" OWNER \"$ROLE\""
fi
if [ "$(as_postgres -d "$DB" -c "SELECT 1 FROM pg_extension WHERE extname = 'postgis'")" != "1" ]; then
    say "adding the postgis extension to $DB"
    as_postgres -d "$DB" -c "CREATE EXTENSION postgis"
fi

say "PostgreSQL $VERSION with PostGIS ready: $URL"
echo "$URL"
