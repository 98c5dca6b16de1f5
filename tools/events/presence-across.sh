#!/usr/bin/env bash
# Presence and typing shared by two `beep` processes on one PostgreSQL, and the users of a
# killed process going offline within the lease (docs/events.md, "Presence"; the check is
# tools/events/presence_across.py). Bounded: under a minute.
#
#   tools/events/presence-across.sh [.build/debug/beep]
#
# Uses the throwaway test cluster with a fresh schema, dropped afterwards; loopback only.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
binary="${1:-$repo/.build/debug/beep}"
[[ -x "$binary" ]] || { echo "presence-across: no beep binary at $binary" >&2; exit 1; }
binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"

# shellcheck source=tools/events/pg-schema.sh
source "$repo/tools/events/pg-schema.sh"

"$repo/.venv/bin/python" "$repo/tools/events/presence_across.py" --beep "$binary" --database-url "$url"
