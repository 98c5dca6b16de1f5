#!/usr/bin/env bash
# Creates (idempotently) the Python virtualenv at <repo>/.venv and installs the pinned
# interop/fixture tools from tools/interop/requirements.txt (with the argument `bench`, also
# tools/bench/sfu/requirements.txt). Quiet on success, loud on failure.
# Playwright is used only with Debian's /usr/bin/chromium: never run `playwright install`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
REQ="$ROOT/tools/interop/requirements.txt"
STAMP="$VENV/.requirements.sha256"

fail() { echo "setup-python: ERROR: $*" >&2; exit 1; }

command -v python3 >/dev/null || fail "python3 not found (apt-get install python3 python3-venv)"
[ -f "$REQ" ] || fail "missing $REQ"

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV" || fail "python3 -m venv failed (apt-get install python3-venv)"
fi

want="$(sha256sum "$REQ" | cut -d' ' -f1)"
have="$(cat "$STAMP" 2>/dev/null || true)"
if [ "$want" != "$have" ]; then
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQ" \
    || fail "pip install -r $REQ failed"
  echo "$want" > "$STAMP"
fi

"$VENV/bin/python" -c 'import aiortc, playwright.async_api, pytest, pytest_timeout, websockets' \
  || fail "aiortc/playwright/pytest/websockets not importable from $VENV"

# `setup-python.sh bench`: also the plotting library of make bench-sfu.
if [ "${1:-}" = bench ]; then
  BENCH_REQ="$ROOT/tools/bench/sfu/requirements.txt"
  if ! "$VENV/bin/python" -c 'import matplotlib' 2>/dev/null; then
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$BENCH_REQ" \
      || fail "pip install -r $BENCH_REQ failed"
  fi
fi
