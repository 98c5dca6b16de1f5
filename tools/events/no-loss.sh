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

# shellcheck source=tools/events/pg-schema.sh
source "$repo/tools/events/pg-schema.sh"

"$repo/.venv/bin/python" "$repo/tools/events/no_loss.py" --beep "$binary" --database-url "$url" --seconds "$seconds"
