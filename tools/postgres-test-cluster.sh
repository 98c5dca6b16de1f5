#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite, on loopback only.
#
#   tools/postgres-test-cluster.sh start   # install Debian's postgresql if missing, init, start; prints the URL
#   tools/postgres-test-cluster.sh url     # prints the URL of the running cluster
#   tools/postgres-test-cluster.sh stop    # stops it (the data directory stays, reused next start)
#   tools/postgres-test-cluster.sh destroy # stops it and deletes its data directory
#
# The cluster lives in $BEEP_PG_DIR (default: <repo>/.build-pg, gitignored), listens on
# 127.0.0.1 only, on the first free port from 55432, with a random password generated at
# init time (never in the repository) and scram-sha-256 authentication. PostgreSQL refuses
# to run as root, so when run as root the cluster is created and run as the `postgres` user.
# Use with:  export BEEP_TEST_POSTGRES_URL="$(tools/postgres-test-cluster.sh start)"
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ -n "${BEEP_PG_DIR:-}" ]]; then
    base="$BEEP_PG_DIR"
elif [[ "$(id -u)" == 0 ]] && id postgres >/dev/null 2>&1 && ! runuser -u postgres -- test -x "$repo" 2>/dev/null; then
    # The postgres user cannot reach the checkout (e.g. under /root): keep the cluster in /tmp,
    # at a path derived from the checkout so start/url/stop agree.
    base="/tmp/beep-pg-$(printf '%s' "$repo" | cksum | cut -d ' ' -f 1)"
else
    base="$repo/.build-pg"
fi
state="$base/cluster.env"
user="beep_test"

log() { echo "postgres-test-cluster: $*" >&2; }

pg_bin() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [[ -z "$dir" || ! -x "$dir/initdb" ]]; then return 1; fi
    echo "$dir"
}

install_postgres() {
    if pg_bin >/dev/null; then return; fi
    log "installing Debian's postgresql (apt-get)"
    local sudo=""
    if [[ "$(id -u)" != 0 ]]; then sudo="sudo"; fi
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >&2
    pg_bin >/dev/null || { log "postgresql installed but initdb not found"; exit 1; }
}

# Runs a PostgreSQL server binary as the cluster owner (postgres when we are root).
as_owner() {
    if [[ "$(id -u)" == 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    local port
    for port in $(seq 55432 55532); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
    log "no free port in 55432-55532"; exit 1
}

url_of() {
    # shellcheck disable=SC1090
    source "$state"
    echo "postgres://$user:$PG_PASSWORD@127.0.0.1:$PG_PORT/$user?sslmode=disable"
}

is_running() {
    [[ -f "$state" ]] || return 1
    # shellcheck disable=SC1090
    source "$state"
    as_owner "$(pg_bin)/pg_ctl" -D "$base/data" status >/dev/null 2>&1
}

init_cluster() {
    local bin password port
    bin="$(pg_bin)"
    mkdir -p "$base"
    rm -rf "$base/data"
    password="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    port="$(free_port)"
    if [[ "$(id -u)" == 0 ]]; then chown postgres:postgres "$base"; fi
    local pwfile="$base/pwfile"
    (umask 077; echo "$password" >"$pwfile")
    if [[ "$(id -u)" == 0 ]]; then chown postgres:postgres "$pwfile"; fi
    as_owner "$bin/initdb" -D "$base/data" -U "$user" --pwfile="$pwfile" --auth=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 >"$base/initdb.log" 2>&1 || { cat "$base/initdb.log" >&2; exit 1; }
    rm -f "$pwfile"
    cat >>"$base/data/postgresql.conf" <<CONF
# Throwaway test cluster (tools/postgres-test-cluster.sh): loopback only, speed over durability.
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$base/data'
max_connections = 400
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
    (umask 077; printf 'PG_PORT=%s\nPG_PASSWORD=%s\n' "$port" "$password" >"$state")
}

start() {
    install_postgres
    if is_running; then url_of; return; fi
    if [[ ! -f "$state" || ! -d "$base/data" ]]; then init_cluster; fi
    # shellcheck disable=SC1090
    source "$state"
    if (exec 3<>"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null; then
        log "port $PG_PORT is taken by another process; re-initialising on a free port"
        init_cluster
        # shellcheck disable=SC1090
        source "$state"
    fi
    as_owner "$(pg_bin)/pg_ctl" -D "$base/data" -l "$base/data/server.log" -w -t 60 start >&2 \
        || { tail -n 30 "$base/data/server.log" >&2 || true; exit 1; }
    PGPASSWORD="$PG_PASSWORD" "$(pg_bin)/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$user" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$user'" | grep -q 1 \
        || PGPASSWORD="$PG_PASSWORD" "$(pg_bin)/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$user" -d postgres -qc \
            "CREATE DATABASE $user" >&2
    url_of
}

stop() {
    if is_running; then as_owner "$(pg_bin)/pg_ctl" -D "$base/data" -m fast -w stop >&2; fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    url) if is_running; then url_of; else log "not running: run '$0 start'"; exit 1; fi ;;
    destroy) stop; rm -rf "$base" ;;
    *) echo "usage: $0 start|stop|url|destroy" >&2; exit 2 ;;
esac
