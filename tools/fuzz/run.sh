#!/usr/bin/env bash
# Fuzzes every parser with libFuzzer for a bounded time each and prints a summary:
#   FUZZ_SECONDS=60 tools/fuzz/run.sh [target ...]
# Seeds: the built-in corpus (SeedCorpus) plus the real captures in Fixtures/. Crashes and
# invariant violations are written to tools/fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${FUZZ_SECONDS:-60}
root=$(cd ../.. && pwd)

echo "fuzz: building the harness (release, -sanitize=fuzzer,address)"
# Re-resolve first: the main package is a path dependency whose own dependencies change.
swift package resolve >/tmp/beep-fuzz-resolve.log 2>&1 \
  || { cat /tmp/beep-fuzz-resolve.log >&2; echo "fuzz: package resolution failed" >&2; exit 1; }
swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library >/tmp/beep-fuzz-build.log 2>&1 \
  || { cat /tmp/beep-fuzz-build.log >&2; echo "fuzz: build failed" >&2; exit 1; }
binary=$(swift build -c release --show-bin-path)/beep-fuzz

if (($# > 0)); then targets=("$@"); else
  targets=(stun channeldata rtp rtp-view rtp-extensions vp8-descriptor vp8-header opus-toc opus rtcp sdp signalling turn-client events)
fi

# Writes one corpus file per datagram of the .hex captures in Fixtures/<folder>.
hex_captures_to_corpus() {  # folder corpus-dir
  python3 - "$2" "$root"/Fixtures/"$1"/*.hex <<'PY'
import sys, pathlib
out = pathlib.Path(sys.argv[1])
for name in sys.argv[2:]:
    for index, line in enumerate(open(name)):
        line = line.strip()
        if line and not line.startswith("#"):
            (out / f"{pathlib.Path(name).stem}-{index}").write_bytes(bytes.fromhex(line))
PY
}

seed_fixtures() {  # target corpus-dir
  case "$1" in
    sdp) cp "$root"/Fixtures/sdp/*.sdp "$2/" ;;
    rtcp) hex_captures_to_corpus rtcp "$2" ;;
    rtp|rtp-view) hex_captures_to_corpus rtp "$2" ;;
  esac
}

summary=()
failed=0
for target in "${targets[@]}"; do
  corpus=corpus-run/$target; artifacts=artifacts/$target
  rm -rf "$corpus"; mkdir -p "$corpus" "$artifacts"
  seed_fixtures "$target" "$corpus"
  log=$(mktemp)
  set +e
  BEEP_FUZZ_TARGET=$target BEEP_FUZZ_SEED_DIR=$corpus "$binary" "$corpus" \
    -max_total_time="$seconds" -max_len=4096 -timeout=5 -rss_limit_mb=2048 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 >"$log" 2>&1
  status=$?
  set -e
  runs=$(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  crashes=$(find "$artifacts" -type f | wc -l)
  if ((status != 0)); then failed=1; tail -20 "$log" >&2; fi
  summary+=("$(printf '%-16s %12s execs  %3s crashes  exit %s' "$target" "$runs" "$crashes" "$status")")
  rm -f "$log"
done

echo "fuzz: ${seconds}s per target"
printf '%s\n' "${summary[@]}"
exit $failed
