#!/usr/bin/env bash
# Starts the built `beep` on a loopback port, checks /health, sends SIGINT and expects a clean
# exit: the same path `make run` takes, proven in `make test`.
set -euo pipefail

binary=${1:-.build/debug/beep}
port=${BEEP_SMOKE_PORT:-18080}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

BEEP_LOG_FORMAT=json "$binary" --host 127.0.0.1 --port "$port" --media-host 127.0.0.1 --media-ports "${BEEP_SMOKE_MEDIA_PORTS:-18801-18802}" --turn-ports "${BEEP_SMOKE_TURN_PORTS:-18478-18479}" --turn-relay-ports 18500-18599 2>"$log" &
pid=$!

healthy=""
for _ in $(seq 1 100); do
  if body=$(curl -fsS "http://127.0.0.1:$port/health" 2>/dev/null); then healthy=$body; break; fi
  if ! kill -0 "$pid" 2>/dev/null; then break; fi
  sleep 0.1
done

if [[ -z "$healthy" ]]; then
  echo "smoke-run: beep did not serve /health on 127.0.0.1:$port" >&2
  kill "$pid" 2>/dev/null || true
  cat "$log" >&2
  exit 1
fi
echo "$healthy" | grep -q '"status":"ok"' || { echo "smoke-run: unexpected health body: $healthy" >&2; exit 1; }

kill -INT "$pid"
status=0
wait "$pid" || status=$?
if [[ $status -ne 0 ]]; then
  echo "smoke-run: beep exited with $status after SIGINT" >&2
  cat "$log" >&2
  exit 1
fi
grep -q '"message":"stopped"' "$log" || { echo "smoke-run: no clean-stop log line" >&2; cat "$log" >&2; exit 1; }
python3 - "$log" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    record = json.loads(line)
    for field in ("level", "timestamp", "service", "container_id", "message"):
        assert field in record, f"log line without {field}: {line}"
PY
echo "1 passed, 0 failed: smoke-run (beep served /health and stopped cleanly on SIGINT)"
