#!/usr/bin/env bash
# make bench-sfu: Beep's SFU and Janus (Debian's janus 1.1.2, VideoRoom plugin) under the same
# beep-bot loads, in one run, on this machine (docs/performance.md, "SFU against Janus").
#
# Everything runs inside a network namespace this script creates (needs root, `unshare -n`):
# lo up plus a veth pair bench-a 10.77.0.1/24 <-> bench-b 10.77.0.2/24, both inside it. Janus
# never gathers loopback candidates, so both SFUs put their media on 10.77.0.1 and the bots bind
# 10.77.0.2; signalling stays on 127.0.0.1. Nothing leaves the namespace.
#
# Loads (each SFU freshly started for each one, then stopped):
#   audio: 1 room, 10 publishers (Opus, 50 packets/s each) x N subscribers, N in BENCH_SFU_SUBSCRIBERS
#   video: 1 room, 6 publishers (Opus + VP8 320x240 15 fps) x 6 subscribers ("meeting")
#   simulcast: the meeting with simulcast publishers (VP8 q/h/f 160x90, 320x180, 640x360)
# Per run: the SFU process's CPU seconds over the window (/proc/PID/stat), forwarded packets/s
# counted the same way for both (RTP packets the bots received in the window), loss, jitter,
# freezes from the bots; Beep's transit p50/p99 from its /admin/stats.
#
# Usage: tools/bench/sfu/run.sh            (make bench-sfu builds first)
# Environment:
#   BENCH_SFU_BEEP_SFU  beep-sfu binary (default .build/release/beep-sfu, else .build/debug/beep-sfu)
#   BENCH_SFU_BEEP      beep binary for signalling (default .build/debug/beep)
#   BENCH_SFU_BOT       beep-bot binary (default .build/release/beep-bot if present, else debug)
#   BENCH_SFU_SUBSCRIBERS  subscriber counts of the audio load (default "5 10 20 40")
#   BENCH_SFU_SECONDS   window per run, seconds (default 10)
#   BENCH_SFU_VIDEO     1 (default) also runs the 6-participant video meetings (plain and simulcast), 0 skips them
#   BENCH_JANUS_SIMULCAST  " " runs Janus's publishers in the simulcast meeting without simulcast (default --simulcast)
#   BENCH_SFU_OUT       output directory (default .build/bench-sfu): JSON per run, table.md, cpu.png
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
HERE="$ROOT/tools/bench/sfu"
fail() { echo "bench-sfu: ERROR: $*" >&2; exit 1; }

pick() { for candidate in "$@"; do if [ -x "$candidate" ]; then echo "$candidate"; return; fi; done; }
BEEP_SFU="${BENCH_SFU_BEEP_SFU:-$(pick "$ROOT/.build/release/beep-sfu" "$ROOT/.build/debug/beep-sfu")}"
BEEP="${BENCH_SFU_BEEP:-$(pick "$ROOT/.build/debug/beep" "$ROOT/.build/release/beep")}"
BOT="${BENCH_SFU_BOT:-$(pick "$ROOT/.build/release/beep-bot" "$ROOT/.build/debug/beep-bot")}"
[ -n "$BEEP_SFU" ] && [ -x "$BEEP_SFU" ] || fail "no beep-sfu binary (swift build -c release --product beep-sfu)"
[ -n "$BEEP" ] && [ -x "$BEEP" ] || fail "no beep binary (swift build --product beep)"
[ -n "$BOT" ] && [ -x "$BOT" ] || fail "no beep-bot binary (swift build --product beep-bot)"
# Absolute paths: the SFUs run with a temporary directory as their working directory.
BEEP_SFU="$(realpath "$BEEP_SFU")" BEEP="$(realpath "$BEEP")" BOT="$(realpath "$BOT")"
[ "$(id -u)" = 0 ] || fail "must run as root (unshare -n for the benchmark's own network namespace)"
command -v unshare >/dev/null || fail "unshare missing (util-linux)"
command -v ip >/dev/null || fail "ip missing (iproute2)"
command -v curl >/dev/null || fail "curl missing"
command -v janus >/dev/null || fail "janus missing (tools/setup-system.sh bench)"
PY="$ROOT/.venv/bin/python"
[ -x "$PY" ] || fail "$PY missing (tools/setup-python.sh)"
"$PY" -c 'import matplotlib' 2>/dev/null || fail "matplotlib missing in .venv (tools/setup-python.sh)"

export BENCH_OUT="${BENCH_SFU_OUT:-$ROOT/.build/bench-sfu}"
export BENCH_SUBSCRIBERS="${BENCH_SFU_SUBSCRIBERS:-5 10 20 40}"
export BENCH_SECONDS="${BENCH_SFU_SECONDS:-10}"
export BENCH_VIDEO="${BENCH_SFU_VIDEO:-1}"
export BENCH_BEEP_SFU="$BEEP_SFU" BENCH_BEEP="$BEEP" BENCH_BOT="$BOT" BENCH_PY="$PY" BENCH_HERE="$HERE"
mkdir -p "$BENCH_OUT"
rm -f "$BENCH_OUT"/*.json "$BENCH_OUT"/*.log

echo "bench-sfu: beep-sfu $BEEP_SFU"
echo "bench-sfu: beep     $BEEP (signalling only)"
echo "bench-sfu: beep-bot $BOT"
echo "bench-sfu: janus    $(janus --version 2>/dev/null | head -1)"
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "beep-sfu: $BEEP_SFU"
  echo "beep-bot: $BOT"
  echo "janus: $(janus --version 2>/dev/null | head -1)"
} > "$BENCH_OUT/machine.txt"

set +e
timeout --kill-after=15 2400 unshare -n bash "$HERE/inside.sh" </dev/null
status=$?
set -e
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$BENCH_OUT/machine.txt"
[ "$status" = 0 ] || fail "the runs inside the namespace failed (exit $status); logs in $BENCH_OUT"
"$PY" "$HERE/report.py" "$BENCH_OUT"
