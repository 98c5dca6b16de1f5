#!/usr/bin/env bash
# Interop suite: real peers (Debian's headless Chromium via Playwright, and aiortc) against
# Beep's POST /dev/echo. Everything runs inside a fresh network namespace that has only
# loopback (needs root): Beep, the browser and aiortc; nothing can leave the machine.
#
# Usage: tools/interop/run.sh [BEEP_BINARY] [-- PYTEST_ARGS...]
#        tools/interop/run.sh --mock [-- PYTEST_ARGS...]
#   BEEP_BINARY  default <repo>/.build/debug/beep (build it first; this script never builds)
#   --mock       harness self-check only: tools/interop/mock_echo.py (aiortc) stands in for
#                Beep. Proves the tests and peers work, NOT that Beep does.
# TURN: beep serves TURN on 3478-3479 (UDP, TCP on 3478) and TLS on 5349 with a per-run
#   BEEP_TURN_SECRET, exported to the tests as INTEROP_TURN_SECRET, and a throwaway self-signed
#   certificate made with openssl for each run (INTEROP_TURN_TLS_CERT; deleted afterwards);
#   coturn's turnutils_uclient drives it (tests/test_turn_uclient.py), and the call pages get
#   its URLs and credentials in `joined` (tests/test_call_turn_relay.py).
# INTEROP_TURN_FIGURES=path also measures relayed packets/s through Beep's TURN and a local
#   coturn turnserver (port 3578, test secret, --allowed-peer-ip=127.0.0.1) and writes JSON.
# Environment: INTEROP_SFU=separate runs the SFU as its own process: beep-sfu (next to
#   BEEP_BINARY) owns the media ports and its gRPC control API on 127.0.0.1:9090, and beep runs
#   with --sfu-url grpc://127.0.0.1:9090 (no /dev/echo then: select the call tests, e.g.
#   `-- -k three_browser`). Default INTEROP_SFU=embedded: the SFU inside beep. The tests find
#   the media node's process and admin API in INTEROP_SFU_PID and INTEROP_SFU_ADMIN_URL.
#   INTEROP_FIGURES=path writes the time-to-media figures (JSON) there, over
#   INTEROP_RUNS runs (default 10); BEEP_INTEROP_PORT (default 18090) is Beep's HTTP port.
# Bots: beep-bot next to BEEP_BINARY (required), exported as INTEROP_BEEP_BOT (tests/test_bot_call.py).
# Exit status: pytest's (0 only if every test passed; "no tests collected" counts as failure).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/tools/interop"
fail() { echo "interop: ERROR: $*" >&2; exit 1; }

BEEP="$ROOT/.build/debug/beep"
MOCK=0
if [ "${1:-}" = "--mock" ]; then MOCK=1; shift
elif [ -n "${1:-}" ] && [ "${1:-}" != "--" ]; then BEEP="$1"; shift
fi
[ "${1:-}" = "--" ] && shift

[ "$(id -u)" = 0 ] || fail "must run as root (unshare -n for the loopback-only namespace)"
command -v unshare >/dev/null || fail "unshare missing (util-linux)"
command -v ip >/dev/null || fail "ip missing (iproute2)"
command -v curl >/dev/null || fail "curl missing"
command -v openssl >/dev/null || fail "openssl missing (the TURN over TLS certificate)"
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium missing (apt-get install chromium)"
SFU_MODE="${INTEROP_SFU:-embedded}"
case "$SFU_MODE" in embedded|separate) ;; *) fail "INTEROP_SFU=$SFU_MODE: want embedded or separate" ;; esac
BEEP_SFU=""
BEEP_BOT=""
if [ "$MOCK" = 0 ]; then
  [ -x "$BEEP" ] || fail "beep binary $BEEP missing or not executable (swift build --product beep)"
  BEEP="$(cd "$(dirname "$BEEP")" && pwd)/$(basename "$BEEP")"
  BEEP_BOT="$(dirname "$BEEP")/beep-bot"
  [ -x "$BEEP_BOT" ] || fail "beep-bot binary $BEEP_BOT missing (swift build --product beep-bot)"
  if [ "$SFU_MODE" = separate ]; then
    BEEP_SFU="$(dirname "$BEEP")/beep-sfu"
    [ -x "$BEEP_SFU" ] || fail "beep-sfu binary $BEEP_SFU missing (swift build --product beep-sfu)"
  fi
elif [ "$SFU_MODE" = separate ]; then
  fail "--mock and INTEROP_SFU=separate do not go together"
fi

"$ROOT/tools/setup-python.sh"

export INTEROP_ROOT="$ROOT" INTEROP_BEEP="$BEEP" INTEROP_MOCK="$MOCK" INTEROP_BEEP_SFU="$BEEP_SFU"
export INTEROP_BEEP_BOT="$BEEP_BOT"
export INTEROP_PORT="${BEEP_INTEROP_PORT:-18090}"
export PYTHONDONTWRITEBYTECODE=1

# The script in INSIDE runs in the namespace; its exit status is pytest's. The whole run is
# bounded (pytest-timeout also bounds each test); on that timeout's SIGTERM it stops pytest
# and Beep rather than leaving them behind.
read -r -d '' INSIDE <<'INSIDE' || true
set -uo pipefail
ip link set lo up || { echo "interop: ERROR: ip link set lo up failed" >&2; exit 1; }
PY="$INTEROP_ROOT/.venv/bin/python"
# The network rule: only loopback here (the tests check it again).
interfaces="$("$PY" -c 'import socket; print(" ".join(sorted(n for _, n in socket.if_nameindex())))')"
[ "$interfaces" = "lo" ] || { echo "interop: ERROR: interfaces '$interfaces', want only lo" >&2; exit 1; }

# One join-token signing key per run, shared by beep and the tests' `beep token create`
# (docs/signalling.md, Join tokens: base64url of a 32-byte Ed25519 private key).
export BEEP_ADMIN_TOKEN="$("$PY" -c 'import secrets; print(secrets.token_hex(32))')"
export BEEP_CALL_TOKEN_KEY="$("$PY" -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode())')"
# One TURN REST secret per run, shared by beep (BEEP_TURN_SECRET) and the TURN tests
# (INTEROP_TURN_SECRET); never printed.
export BEEP_TURN_SECRET="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(32))')"
export INTEROP_TURN_SECRET="$BEEP_TURN_SECRET" INTEROP_TURN_PORT=3478 INTEROP_TURN_TLS_PORT=5349
# The call resume grace period (docs/signalling.md, "Resuming"), shortened from 30 s so that
# test_call_reconnect sees an abandoned participant removed quickly.
export BEEP_CALL_RESUME_GRACE_SECONDS="${BEEP_CALL_RESUME_GRACE_SECONDS:-6}"
# Every server of more than one member is large (docs/events.md, "Presence"), so the web client's
# member list gets presence only through its member-list watch (test_web_e2e sees it live).
export BEEP_PRESENCE_FAN_OUT_MEMBERS="${BEEP_PRESENCE_FAN_OUT_MEMBERS:-1}"
LOG="$(mktemp /tmp/beep-interop-log.XXXXXX)"
SFU_LOG="$(mktemp /tmp/beep-sfu-interop-log.XXXXXX)"
# TURN over TLS: a self-signed P-256 certificate for 127.0.0.1, valid one day, made per run
# and removed with the run (never committed).
TLS_DIR="$(mktemp -d /tmp/beep-interop-tls.XXXXXX)"
trap 'rm -f "$LOG" "$SFU_LOG"; rm -rf "$TLS_DIR"' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$TLS_DIR/key.pem" -out "$TLS_DIR/cert.pem" >/dev/null 2>&1 \
  || { echo "interop: ERROR: openssl could not make the TURN TLS certificate" >&2; exit 1; }
export INTEROP_TURN_TLS_CERT="$TLS_DIR/cert.pem"
ARGS=(--host 127.0.0.1 --port "$INTEROP_PORT" --media-host 127.0.0.1 --media-ports 8801-8810)
SFU_PID=""
# Stops a process with SIGINT (graceful shutdown), SIGKILL after 5 s.
stop_process() {
  local pid="$1" name="$2"
  if kill -0 "$pid" 2>/dev/null; then
    kill -INT "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "interop: $name ignored SIGINT for 5 s; SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null
    fi
  fi
  wait "$pid" 2>/dev/null
}
if [ -n "$INTEROP_BEEP_SFU" ]; then
  # The SFU as its own process: it owns the media ports; beep controls it over gRPC.
  echo "interop: separate SFU process: $INTEROP_BEEP_SFU (gRPC 127.0.0.1:9090)"
  BEEP_TEST_HOOKS=1 "$INTEROP_BEEP_SFU" --media-host 127.0.0.1 --media-ports 8801-8810 --grpc-host 127.0.0.1 --grpc-port 9090 \
    --admin-host 127.0.0.1 --admin-port 9091 \
    </dev/null >"$SFU_LOG" 2>&1 &
  SFU_PID=$!
  sfu_ready=0
  for _ in $(seq 100); do
    kill -0 "$SFU_PID" 2>/dev/null || break
    if (exec 3<>/dev/tcp/127.0.0.1/9090) 2>/dev/null; then sfu_ready=1; break; fi
    sleep 0.1
  done
  if [ "$sfu_ready" != 1 ]; then
    echo "interop: ERROR: beep-sfu not listening on 127.0.0.1:9090 within 10 s" >&2
    stop_process "$SFU_PID" beep-sfu; echo "---- beep-sfu log"; cat "$SFU_LOG"; exit 1
  fi
  ARGS=(--host 127.0.0.1 --port "$INTEROP_PORT" --sfu-url grpc://127.0.0.1:9090)
fi
if [ "$INTEROP_MOCK" = 1 ]; then
  echo "interop: MOCK run: aiortc stand-in instead of Beep (harness self-check only)"
  BEEP_DEV_ECHO=1 "$PY" "$INTEROP_ROOT/tools/interop/mock_echo.py" "${ARGS[@]}" </dev/null >"$LOG" 2>&1 &
else
  # TURN on 3478-3479 (UDP) and 3478 (TCP); the relay may reach loopback only (tests allow
  # 127.0.0.0/8 explicitly, docs/operations.md).
  TURN_ARGS=(--turn-ports 3478-3479 --turn-host 127.0.0.1 --turn-allow 127.0.0.0/8 --turn-relay-ports 49152-49999
             --turn-user-quota 10 --turn-tls-port 5349 --turn-tls-cert "$TLS_DIR/cert.pem" --turn-tls-key "$TLS_DIR/key.pem")
  # BEEP_TEST_HOOKS=1: the send-path link hook (POST /admin/test/link) for the adaptation tests.
  BEEP_DEV_ECHO=1 BEEP_TEST_HOOKS=1 "$INTEROP_BEEP" "${ARGS[@]}" "${TURN_ARGS[@]}" </dev/null >"$LOG" 2>&1 &
fi
BEEP_PID=$!
export BEEP_PID
export INTEROP_BEEP_PID="$BEEP_PID"
# Where the media node's admin API and process are: beep-sfu's own when separate.
if [ -n "$SFU_PID" ]; then
  export INTEROP_SFU_PID="$SFU_PID" INTEROP_SFU_ADMIN_URL="http://127.0.0.1:9091"
else
  export INTEROP_SFU_PID="$BEEP_PID" INTEROP_SFU_ADMIN_URL="http://127.0.0.1:$INTEROP_PORT"
fi
export BEEP_URL="http://127.0.0.1:$INTEROP_PORT"

show_log() {
  echo "---- beep log ($LOG)"; cat "$LOG"; echo "---- end of beep log"
  if [ -n "$SFU_PID" ]; then echo "---- beep-sfu log ($SFU_LOG)"; cat "$SFU_LOG"; echo "---- end of beep-sfu log"; fi
}
# beep first (it closes its control stream), then beep-sfu.
stop_beep() {
  stop_process "$BEEP_PID" beep
  if [ -n "$SFU_PID" ]; then stop_process "$SFU_PID" beep-sfu; fi
}

ready=0
for _ in $(seq 100); do
  if ! kill -0 "$BEEP_PID" 2>/dev/null; then
    echo "interop: ERROR: beep exited before serving /health" >&2
    if [ -n "$SFU_PID" ]; then stop_process "$SFU_PID" beep-sfu; fi
    show_log; wait "$BEEP_PID"; exit 1
  fi
  if curl -fsS --max-time 1 "$BEEP_URL/health" >/dev/null 2>&1; then ready=1; break; fi
  sleep 0.1
done
if [ "$ready" != 1 ]; then
  echo "interop: ERROR: no answer on $BEEP_URL/health within 10 s" >&2
  stop_beep; show_log; exit 1
fi

cd "$INTEROP_ROOT/tools/interop"
"$PY" -m pytest -q "$@" &
PYTEST_PID=$!
trap 'echo "interop: ERROR: terminated; stopping pytest and beep" >&2; kill -TERM "$PYTEST_PID" 2>/dev/null; stop_beep; show_log; exit 124' TERM INT
wait "$PYTEST_PID"
status=$?
trap - TERM INT
stop_beep
if [ "$status" = 5 ]; then
  echo "interop: ERROR: pytest collected no tests" >&2
  status=1
fi
if [ "$status" != 0 ]; then show_log; fi
exit "$status"
INSIDE
set +e
timeout --kill-after=15 900 unshare -n bash -c "$INSIDE" interop-inside "$@" </dev/null
status=$?
set -e
[ "$status" = 124 ] && echo "interop: ERROR: the interop run exceeded 900 s" >&2
if [ "$status" = 0 ]; then echo "interop: PASSED"; else echo "interop: FAILED (exit $status)" >&2; fi
exit "$status"
