"""Load mode (docs/bot.md, "Load mode"): one `beep-bot load` process runs 2 publishers and 3
subscribers in one room of the Beep that run.sh started (join tokens signed with the run's
BEEP_CALL_TOKEN_KEY), measures a 3 s window and judges loss, tone and completeness itself.
The test checks its exit code and its JSON: every subscriber received every publisher's tone,
the forwarded rate matches 2 x 3 streams at 50 packets/s, and the SFU's CPU time was read.
Bounded: about 12 s. Bad input exits 2 with one line.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest

import support
from support import InteropError
# The autouse fixture skips under run.sh --mock (no calls service there), as for the call test.
from test_bot_call import _needs_real_beep, bot_binary  # noqa: F401

PUBLISHERS = 2
SUBSCRIBERS = 3
SECONDS = 3


def run_load(args: list[str], timeout: float = 60) -> subprocess.CompletedProcess:
    try:
        return subprocess.run([bot_binary(), "load", *args], capture_output=True, text=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired:
        raise InteropError(f"beep-bot load {' '.join(args)[:200]} did not exit within {timeout} s") from None


def test_load_audio_room_meets_the_bar() -> None:
    if not os.environ.get("BEEP_CALL_TOKEN_KEY"):
        raise InteropError("BEEP_CALL_TOKEN_KEY is not set (run through tools/interop/run.sh)")
    args = ["--url", support.beep_url(), "--rooms", "1", "--publishers", str(PUBLISHERS),
            "--subscribers", str(SUBSCRIBERS), "--duration", str(SECONDS), "--json"]
    sfu_pid = os.environ.get("INTEROP_SFU_PID")
    if sfu_pid:
        args += ["--sfu-pid", sfu_pid]
    done = run_load(args)
    try:
        report = json.loads(done.stdout)
    except ValueError:
        raise InteropError(f"beep-bot load printed no JSON (exit {done.returncode}): {done.stdout[:300]!r} "
                           f"{done.stderr[:500]!r}") from None
    assert done.returncode == 0, (done.returncode, report.get("failures"), done.stderr[-500:])
    assert report["ok"] is True and report["failures"] == []
    assert report["bots"] == PUBLISHERS + SUBSCRIBERS and report["joinFailures"] == 0
    assert report["tracksExpected"] == PUBLISHERS * SUBSCRIBERS == report["tracksReceived"]
    assert report["toneFailures"] == 0 and report["maxLossPercent"] <= 1.0
    window = report["window"]
    assert window["botsConnectedAtStart"] == PUBLISHERS + SUBSCRIBERS
    expected = PUBLISHERS * SUBSCRIBERS * 50
    # Opus every 20 ms: the forwarded rate is the offered one (a wide band for a loaded machine).
    assert 0.7 * expected <= window["packetsPerSecond"] <= 1.3 * expected, window
    assert window["packetsReceived"] > 0, window
    if sfu_pid:
        assert window["sfuCPUSeconds"] > 0 and window["sfuCPUMicrosPerPacket"] > 0, window
    support.summary(f"bot load: {PUBLISHERS}x{SUBSCRIBERS} audio, {window['packetsPerSecond']:.0f} packets/s forwarded, "
                    f"SFU {window.get('sfuCPUMicrosPerPacket') or 0:.0f} µs CPU per packet (debug build, loaded machine)")


@pytest.mark.parametrize("args", [
    ["--rooms", "0"],
    ["--subscribers", "201"],
    ["--duration", "0"],
    ["--janus", "ftp://x"],
])
def test_load_bad_arguments_exit_2(args: list[str]) -> None:
    full = (["--url", support.beep_url()] if "--janus" not in args else []) + args
    done = run_load(full, timeout=30)
    assert done.returncode == 2, (done.returncode, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("beep-bot: error:"), done.stderr
