"""Figure, not an assertion: time from Chromium's createOffer to the first echoed inbound
audio packet through Beep's /dev/echo on loopback.

With INTEROP_FIGURES=path it does INTEROP_RUNS runs (default 10) and writes the runs and
their median to that JSON file; without it, one run (the measurement path stays tested).
Each run is a new RTCPeerConnection in the same browser. Two clocks, both performance.now()
in the page, from createOffer: `unmute` of the audio receiver track (fired by Chromium on
the first RTP packet of that track) and, as a cross-check, a 10 ms getStats() poll seeing
inbound-rtp audio packetsReceived > 0. A run without echoed audio fails the test.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import os
import pathlib
import statistics
import subprocess
import time

import pytest

import support
from support import InteropError

RUN_DEADLINE_S = 15.0


async def one_run(page, index: int) -> dict:
    await support.start_chromium_echo(page, None)
    deadline = time.monotonic() + RUN_DEADLINE_S
    while True:
        snapshot = await support.step("getStats", page.evaluate("echoStats()"), 10)
        if snapshot["unmute"].get("audio") is not None and snapshot["firstAudioByStats"] is not None:
            break
        if time.monotonic() > deadline:
            raise InteropError(f"run {index}: no echoed audio within {RUN_DEADLINE_S}s: " + support.describe(snapshot))
        await asyncio.sleep(0.05)
    marks = snapshot["marks"]
    start = marks["createOffer"]
    t = support.transport(snapshot)
    row = {
        "run": index,
        "to_first_audio_unmute_ms": round(snapshot["unmute"]["audio"] - start, 1),
        "to_first_audio_getstats_ms": round(snapshot["firstAudioByStats"] - start, 1),
        "gathering_ms": round(marks["gathered"] - start, 1),
        "post_echo_ms": round(marks["answerReceived"] - marks["gathered"], 1),
        "answer_to_first_audio_ms": round(snapshot["unmute"]["audio"] - marks["answerApplied"], 1),
        "srtpCipher": t.get("srtpCipher"),
    }
    support.log(f"time-to-media run {index}: {row}")
    await page.evaluate("closeEcho()")
    return row


async def measure(runs: int) -> list[dict]:
    async with support.chromium_page() as page:
        return [await one_run(page, i + 1) for i in range(runs)]


@pytest.mark.timeout(60 + 25 * 50)
def test_time_to_media() -> None:
    runs = support.figure_run_count()
    rows = asyncio.run(measure(runs))
    median = statistics.median(r["to_first_audio_unmute_ms"] for r in rows)
    median_stats = statistics.median(r["to_first_audio_getstats_ms"] for r in rows)
    median_gather = statistics.median(r["gathering_ms"] for r in rows)
    support.summary(f"time-to-media (createOffer -> first echoed audio packet), {runs} run(s): "
          f"median {median:.1f} ms (getStats poll: {median_stats:.1f} ms; "
          f"of which ICE gathering {median_gather:.1f} ms)")
    path = os.environ.get("INTEROP_FIGURES")
    if path:
        version = subprocess.run([support.CHROMIUM, "--version"], capture_output=True, text=True,
                                 timeout=30, check=False).stdout.strip()
        document = {
            "figure": "time from createOffer to the first echoed inbound audio packet (Chromium, loopback, /dev/echo)",
            "measured": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "peer": version,
            "server_health": support.check_health(),  # tells Beep from the --mock stand-in
            "runs": rows,
            "median_ms": median,
            "median_getstats_ms": median_stats,
            "median_gathering_ms": median_gather,
        }
        pathlib.Path(path).write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
        support.summary(f"time-to-media figures written to {path}")
