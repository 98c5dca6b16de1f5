#!/usr/bin/env bash
# UDP driver throughput on loopback: received-and-echoed datagrams per second of Beep's
# MediaServer (BeepSFUServer, one echo session bound by a STUN check) side by side with a plain
# SwiftNIO DatagramBootstrap echo with the same socket options, each on ONE event loop thread,
# loaded by the same batched C client (a bounded window of datagrams in flight) in one run.
# Called at the end of tools/bench/run.sh; see docs/performance.md for how to read the table.
#
# Usage: tools/bench/udp-echo.sh [--seconds N] [--rounds N] [--window N] [--size BYTES]
#                                [--max-datagrams N]
#   defaults: 5 s per server and round, 2 rounds (Beep, plain, Beep, plain), window 64,
#   1200-byte datagrams, at most 50 000 000 datagrams per server and round
# Environment:
#   SWIFT   the swift driver (default: swift on PATH)
set -euo pipefail

die() { echo "tools/bench/udp-echo.sh: $*" >&2; exit 1; }

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
swift="${SWIFT:-swift}"

case "${1:-}" in --help|-h) sed -n '2,13p' "${BASH_SOURCE[0]}"; exit 0 ;; esac
command -v "$swift" >/dev/null 2>&1 || die "'$swift' not found on PATH (Swift 6.1 or newer is required)"
[ "$(uname -s)" = Linux ] || die "the load generator uses sendmmsg/recvmmsg: Linux only"

cd "$here"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
echo "== building udp-echo-bench (release, tools/bench/.build)"
if ! "$swift" build -c release --product udp-echo-bench >"$log" 2>&1; then
    cat "$log" >&2
    die "build failed"
fi
load="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || true)"
echo "== $(nproc) cores, load average ${load:-unknown}"
"$here/.build/release/udp-echo-bench" "$@"
