#!/usr/bin/env bash
# No loss, no duplicates across two `beep` processes on one PostgreSQL, one of them restarted
# mid-run (docs/events.md, "Across processes"; the checker is tools/events/no_loss.py).
#
#   tools/events/no-loss.sh [.build/debug/beep] [seconds]   # make test: 40 s; make bench-events: 300 s
#
# Uses the throwaway test cluster (tools/postgres-test-cluster.sh) with a fresh schema, dropped
# afterwards; everything listens on loopback only.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
binary="${1:-$repo/.build/debug/beep}"
seconds="${2:-40}"
[[ -x "$binary" ]] || { echo "no-loss: no beep binary at $binary" >&2; exit 1; }
binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"

base_url="$("$repo/tools/postgres-test-cluster.sh" start)"
schema="noloss_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
psql -q "$base_url" -c "CREATE SCHEMA $schema" >/dev/null
trap 'psql -q "$base_url" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true' EXIT
case "$base_url" in *\?*) url="$base_url&search_path=$schema" ;; *) url="$base_url?search_path=$schema" ;; esac

"$repo/.venv/bin/python" "$repo/tools/events/no_loss.py" --beep "$binary" --database-url "$url" --seconds "$seconds"
