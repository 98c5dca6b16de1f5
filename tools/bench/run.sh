#!/usr/bin/env bash
# Runs Beep's parse/serialize and SRTP benchmarks (ordo-one/benchmark) and prints the results
# table, then the UDP echo throughput comparison (tools/bench/udp-echo.sh).
# Called by `make bench` from the repository root; installs nothing, only checks.
#
# Usage: tools/bench/run.sh [--markdown FILE] [extra `swift package benchmark` options]
#   --markdown FILE   print the results as markdown and also write them to FILE
#   anything else     passed to the benchmark command, e.g. --target RTPBenchmarks,
#                     --filter 'RTP header.*', --allocation-stacks (the UDP echo
#                     comparison is skipped when such options select a subset)
# Environment:
#   BEEP_BENCH_MAX_SECONDS  wall-clock budget of each benchmark, 1-60 s (default 2)
#   BEEP_BENCH_UDP_ECHO     0 skips the UDP echo comparison (default 1)
#   SWIFT                   the swift driver (default: swift on PATH)
#
# See docs/performance.md for the figures and how to read them.
set -euo pipefail

die() { echo "tools/bench/run.sh: $*" >&2; exit 1; }

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
swift="${SWIFT:-swift}"

markdown_file=""
passthrough=()
while [ $# -gt 0 ]; do
    case "$1" in
        --markdown)
            [ $# -ge 2 ] || die "--markdown needs a file name"
            markdown_file="$2"; shift 2 ;;
        --markdown=*) markdown_file="${1#--markdown=}"; shift ;;
        --help|-h) sed -n '2,15p' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) passthrough+=("$1"); shift ;;
    esac
done

# Prerequisites: a Swift toolchain new enough for the package (tools-version 6.1, traits).
command -v "$swift" >/dev/null 2>&1 || die "'$swift' not found on PATH (Swift 6.1 or newer is required)"
version_line="$("$swift" --version 2>&1 | grep -Eo 'Swift version [0-9]+\.[0-9]+' | head -n1 || true)"
[ -n "$version_line" ] || die "cannot read the Swift version from '$swift --version'"
version="${version_line#Swift version }"
major="${version%%.*}"
minor="${version#*.}"
if [ "$major" -lt 6 ] || { [ "$major" -eq 6 ] && [ "$minor" -lt 1 ]; }; then
    die "Swift $version is too old: the benchmark package needs Swift 6.1 or newer"
fi
# On Swift 6.3+ allocation counts come from the malloc-interposer package (nothing to
# install). Older toolchains use the benchmark package's jemalloc backend instead.
if [ "$major" -eq 6 ] && [ "$minor" -lt 3 ]; then
    if ! pkg-config --exists jemalloc 2>/dev/null; then
        die "Swift $version needs jemalloc for allocation counts: apt-get install libjemalloc-dev pkg-config"
    fi
fi
[ -f "$here/Package.swift" ] || die "missing $here/Package.swift"
[ -f "$root/Fixtures/rtcp/chromium-session.hex" ] \
    || die "missing $root/Fixtures/rtcp/chromium-session.hex (the RTCP benchmark parses a datagram from it)"

# A relative --markdown path is relative to the caller's directory.
case "$markdown_file" in ''|/*) ;; *) markdown_file="$PWD/$markdown_file" ;; esac

seconds="${BEEP_BENCH_MAX_SECONDS:-2}"
case "$seconds" in
    ''|*[!0-9]*) die "BEEP_BENCH_MAX_SECONDS must be a whole number of seconds (1-60), got '$seconds'" ;;
esac
{ [ "$seconds" -ge 1 ] && [ "$seconds" -le 60 ]; } || die "BEEP_BENCH_MAX_SECONDS must be 1-60, got $seconds"
export BEEP_BENCH_MAX_SECONDS="$seconds"

cpu="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)"
load="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || true)"
echo "== Beep benchmarks: Swift $version, $(nproc) cores (${cpu:-unknown CPU}), load average ${load:-unknown}"
echo "== ${seconds}s per benchmark, release build in tools/bench/.build"

# The package has its own scratch folder (tools/bench/.build), so the main package's
# build and `make test` are never touched.
cd "$here"
command_line=("$swift" package --disable-sandbox benchmark run --no-progress)
if [ -n "$markdown_file" ]; then
    mkdir -p "$(dirname "$markdown_file")"
    raw="$(mktemp)"
    trap 'rm -f "$raw"' EXIT
    "${command_line[@]}" --format markdown ${passthrough[@]+"${passthrough[@]}"} | tee "$raw"
    # Keep the results only, not the build log printed before them.
    sed -n '/^## Baseline/,$p' "$raw" > "$markdown_file"
    [ -s "$markdown_file" ] || die "no results found in the benchmark output"
    echo "== markdown written to $markdown_file"
else
    "${command_line[@]}" ${passthrough[@]+"${passthrough[@]}"}
fi

# The UDP driver comparison is not an ordo-one benchmark (it measures a socket server under
# load), so it runs after the suites, and only for a full run.
if [ "${BEEP_BENCH_UDP_ECHO:-1}" != 0 ] && [ ${#passthrough[@]} -eq 0 ]; then
    if [ -n "$markdown_file" ]; then
        udp_raw="$(mktemp)"
        "$here/udp-echo.sh" | tee "$udp_raw"
        { echo; echo "## UDP echo (tools/bench/udp-echo.sh)"; echo; grep -E '^(==|\||mean|ratio)' "$udp_raw"; } >> "$markdown_file"
        rm -f "$udp_raw"
        echo "== UDP echo table appended to $markdown_file"
    else
        "$here/udp-echo.sh"
    fi
fi
