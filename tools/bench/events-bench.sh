#!/usr/bin/env bash
# Messages and events figures (tools/bench/events_bench.py) on SQLite and on the throwaway
# PostgreSQL test cluster, in a schema of their own dropped afterwards.
#
#   tools/bench/events-bench.sh [.build/debug/beep] [events_bench.py options, e.g. --phases memory]
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
binary="${1:-$repo/.build/debug/beep}"
shift || true
[[ -x "$binary" ]] || { echo "events-bench: no beep binary at $binary" >&2; exit 1; }
binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

base_url="$("$repo/tools/postgres-test-cluster.sh" start)"
schema="bench_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
trap 'psql -q "$base_url" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true' EXIT

"$repo/.venv/bin/python" "$repo/tools/bench/events_bench.py" --beep "$binary" --base-url "$base_url" --schema "$schema" "$@"
