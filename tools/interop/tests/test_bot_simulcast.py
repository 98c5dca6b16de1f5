"""Bot simulcast (issue 7, docs/bot.md "Simulcast"): publisher P runs `beep-bot --simulcast`
(three independent libvpx encoders, rids q/h/f at 160x90, 320x180 and 640x360, MID and
RtpStreamId header extensions, PLI answered per layer) through Beep's SFU to two bots:

- S1 asks for at most layer q (`--max-layer q`, signalling `maxLayer`): every frame it decodes
  of P's camera is 160x90;
- S2 asks for nothing: Beep starts it on q and moves it up (a bot negotiates no transport-cc, so
  the allocator runs on the configured maximum, docs/bandwidth-estimation.md); by the end its
  decoded frames are P's full 640x360.

Every bot still meets the usual bar (each decodes the others' tone and frames with loss <= 1%,
no freeze, frame numbers increasing across layer switches). The bots report the decoded frame
sizes per remote track (`frameSizes`, `lastFrameSize`).

Skipped under run.sh --mock (the aiortc stand-in has no calls service), like the other bot tests.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest

import support
import test_bot_call as bots
from support import InteropError

ROOM = "bot-simulcast"
RUN_TIMEOUT_S = 90
# name, tone, extra arguments
BOTS = [
    ("Simulcast P", 440, ["--simulcast"]),
    ("Capped S1", 550, ["--max-layer", "q"]),
    ("Free S2", 660, []),
]


@pytest.fixture(autouse=True)
def _needs_real_beep() -> None:
    if os.environ.get("INTEROP_MOCK") == "1":
        pytest.skip("the aiortc mock has no calls service for beep-bot (harness self-check run)")


def test_simulcast_bot_capped_subscriber_gets_the_low_layer() -> None:
    url = support.beep_url()
    processes = []
    for index, (name, tone, extra) in enumerate(BOTS):
        token = bots.mint_token(ROOM, f"simulcast-{index}", name)
        command = [bots.bot_binary(), "--url", url, "--room", ROOM, "--tone-hz", str(tone), "--duration", "12",
                   "--expect-peers", str(len(BOTS) - 1), "--json", *extra]
        processes.append((name, subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                                 env=dict(os.environ, BEEP_BOT_TOKEN=token))))
    reports: dict[str, dict] = {}
    problems: list[str] = []
    for name, process in processes:
        try:
            stdout, stderr = process.communicate(timeout=RUN_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            for _, other in processes:
                other.kill()
            raise InteropError(f"{name} did not finish within {RUN_TIMEOUT_S} s") from None
        try:
            reports[name] = json.loads(stdout)
        except ValueError:
            raise InteropError(f"{name} exited {process.returncode} without a JSON report; "
                               f"stderr: {stderr[-1500:]!r}") from None
        if process.returncode != 0:
            problems.append(f"{name} exited {process.returncode}: {stderr.strip()[-800:]}")

    def video_from_p(receiver: str) -> dict:
        tracks = [t for t in reports[receiver].get("remoteTracks", [])
                  if t.get("name") == "Simulcast P" and t["kind"] == "video"]
        if not tracks:
            raise InteropError(f"{receiver} got no video track from the simulcast publisher: {problems}")
        return tracks[0]

    capped, free = video_from_p("Capped S1"), video_from_p("Free S2")
    sent = reports["Simulcast P"]["sent"]
    for receiver, track in (("Capped S1", capped), ("Free S2", free)):
        support.summary(f"bot simulcast: {receiver} <- P: {track['framesDecoded']} frames, sizes "
                        f"{track.get('frameSizes')}, last {track.get('lastFrameSize')}, loss "
                        f"{track['lossPercent']:.2f}%, freezes {track['freezes']}, longest gap "
                        f"{track['longestGapMs']:.0f} ms")
    support.summary(f"bot simulcast: P sent {sent['videoFrames']} layer frames, {sent['keyFrames']} key frames, "
                    f"{sent['plisReceived']} PLIs")
    if set((capped.get("frameSizes") or {}).keys()) != {"160x90"}:
        problems.append(f"Capped S1 decoded sizes {capped.get('frameSizes')} of P's camera, want only 160x90 (q)")
    if free.get("lastFrameSize") != "640x360":
        problems.append(f"Free S2 ended on {free.get('lastFrameSize')} (sizes {free.get('frameSizes')}), "
                        "want P's full 640x360 (f)")
    if problems:
        raise InteropError("bot simulcast failed:\n  " + "\n  ".join(problems))
