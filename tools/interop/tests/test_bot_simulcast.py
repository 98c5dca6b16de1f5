"""Bot simulcast (issue 7, docs/bot.md "Simulcast"): publisher P runs `beep-bot --simulcast`
(three independent libvpx encoders, rids q/h/f at 160x90, 320x180 and 640x360, MID and
RtpStreamId header extensions, PLI answered per layer) through Beep's SFU to two bots:

- S1 asks for at most layer q (`--max-layer q`, signalling `maxLayer`): every frame it decodes
  of P's camera is 160x90;
- S2 asks for nothing: Beep starts it on q and moves it up (a bot negotiates no transport-cc, so
  the allocator runs on the configured maximum, docs/bandwidth-estimation.md); by the end its
  decoded frames are P's full 640x360.

Every bot still meets the usual bar (each decodes the others' tone and frames with loss <= 1%,
frame numbers increasing across layer switches); freezes are the call test's subject
(test_bot_call.py), so up to MAX_FREEZES are allowed here (a layer switch waits for the new
layer's key frame). P, whose loop encodes three layers, is not held to the freeze bar for what
it receives (P_MAX_FREEZES): S1 and S2 are the subject. The bots report the decoded frame
sizes per remote track (`frameSizes`, `lastFrameSize`).

Skipped under run.sh --mock (the aiortc stand-in has no calls service), like the other bot tests.
"""

from __future__ import annotations

import os

import pytest

import support
import test_bot_call as bots
from support import InteropError

ROOM = "bot-simulcast"
RUN_TIMEOUT_S = 90
MAX_FREEZES = 3
P_MAX_FREEZES = 50
# name, tone, extra arguments
BOTS = [
    ("Simulcast P", 440, ["--simulcast", "--max-freezes", str(P_MAX_FREEZES)]),
    ("Capped S1", 550, ["--max-layer", "q", "--max-freezes", str(MAX_FREEZES)]),
    ("Free S2", 660, ["--max-freezes", str(MAX_FREEZES)]),
]


@pytest.fixture(autouse=True)
def _needs_real_beep() -> None:
    if os.environ.get("INTEROP_MOCK") == "1":
        pytest.skip("the aiortc mock has no calls service for beep-bot (harness self-check run)")


def test_simulcast_bot_capped_subscriber_gets_the_low_layer() -> None:
    processes = [(name, bots.start_bot(ROOM, f"simulcast-{index}", name, [
        "--tone-hz", str(tone), "--duration", "12", "--expect-peers", str(len(BOTS) - 1), "--json", *extra]))
        for index, (name, tone, extra) in enumerate(BOTS)]
    reports: dict[str, dict] = {}
    problems: list[str] = []
    for name, (code, report, stderr) in bots.collect_reports(processes, RUN_TIMEOUT_S).items():
        reports[name] = report
        if code != 0:
            problems.append(f"{name} exited {code}: {stderr.strip()[-800:]}")

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
                        f"{track['lossPercent']:.2f}%, frame number regressions {track['frameNumberRegressions']}, "
                        f"freezes {track['freezes']}, longest gap "
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
