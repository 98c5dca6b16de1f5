"""Issue 7 "Must show", mixed call: one headless Chromium call page and two `beep-bot`s in one
room receive each other.

- The browser publishes its fake camera and, as its microphone, a WAV file holding a 880 Hz
  sine (Chromium's --use-file-for-fake-audio-capture); the bots publish their tones (440 and
  660 Hz) and stamped test patterns.
- The browser's getStats() shows inbound audio packets and decoded video frames from both bots,
  increasing.
- Each bot's report shows the browser's and the other bot's audio and video decoded, each tone
  detected (the browser's announced to the bots with --expect-tone browser=880), loss <= 1 %.
- During the call `beep-stats --json` reports the room, its 3 participants and non-zero bitrates
  in and out for each; `beep-stats --watch` run in a pseudo-terminal draws a screen showing the
  room and the three participants.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import pathlib
import struct
import subprocess
import tempfile
import wave

import pytest

import call_pages
import operator_tools
from operator_tools import needs_real_beep  # noqa: F401 - autouse fixture
import support
from call_pages import chromium, join_call, open_page, wait_media_flowing, wait_until
from support import InteropError
from test_bot_call import bot_binary, collect_reports, mint_token

ROOM = "mixed"
BROWSER_TONE_HZ = 880
BOTS = [("Bot A", "bot-a", 440), ("Bot B", "bot-b", 660)]
BOT_SECONDS = 20
RUN_TIMEOUT_S = 90
# Freezes (> 200 ms between decoded frames) are reported, not judged here (the bots' largest
# allowed count): with a browser and two bots on a loaded 2-core machine 16-27 freezes with gaps
# up to 2.4 s were seen at load 20-28; the 4-bot call test (test_bot_call.py) holds the freeze bar.
MAX_FREEZES = 100_000



@pytest.fixture(scope="module", autouse=True)
def call_server():
    with call_pages.serving_calls() as url:
        yield url


def write_tone_wav(path: pathlib.Path, hz: int, seconds: float = 2.0, rate: int = 48_000) -> None:
    """A mono 16-bit PCM sine of a whole number of periods (Chromium loops the file)."""
    frames = int(rate * seconds)
    samples = (int(12_000 * math.sin(2 * math.pi * hz * n / rate)) for n in range(frames))
    with wave.open(str(path), "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(rate)
        file.writeframes(b"".join(struct.pack("<h", s) for s in samples))


def start_bots() -> list[tuple[str, subprocess.Popen]]:
    processes = []
    for name, identity, tone in BOTS:
        token = mint_token(ROOM, identity, name)
        command = [bot_binary(), "--url", support.beep_url(), "--room", ROOM, "--tone-hz", str(tone),
                   "--duration", str(BOT_SECONDS), "--expect-peers", "2", "--expect-tone", f"browser={BROWSER_TONE_HZ}",
                   "--max-loss", "1", "--max-freezes", str(MAX_FREEZES), "--json"]
        processes.append((name, subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                                 env=dict(os.environ, BEEP_BOT_TOKEN=token))))
    return processes


def check_operator_views(pids: set[str]) -> None:
    """beep-stats --json: the room, its three participants, non-zero rates; --watch in a pty."""
    report = operator_tools.stats_json(room=ROOM)
    rooms = [r for r in report["rooms"] if r["room"] == ROOM]
    if len(rooms) != 1:
        raise InteropError(f"beep-stats --json lists rooms {[r['room'] for r in report['rooms']]}, want {ROOM!r} once")
    participants = {p["id"]: p for p in rooms[0]["participants"]}
    if set(participants) != pids:
        raise InteropError(f"beep-stats --json lists participants {sorted(participants)}, want {sorted(pids)}")
    for pid, p in participants.items():
        if not (p["kbpsIn"] > 0 and p["kbpsOut"] > 0 and p["packetsPerSecondIn"] > 0 and p["packetsPerSecondOut"] > 0):
            raise InteropError(f"beep-stats --json: {pid} has a zero rate: {json.dumps(p)[:800]}")
        kinds = sorted(t["kind"] for t in p["published"])
        if kinds != ["audio", "video"] or len(p["received"]) != 4:
            raise InteropError(f"beep-stats --json: {pid} publishes {kinds} and receives {len(p['received'])} tracks, "
                               "want audio+video and 4")
        support.summary(f"mixed call: beep-stats {pid}: {p['kbpsIn']:.0f} kbps in, {p['kbpsOut']:.0f} kbps out, "
                        f"rtt {p.get('roundTripMilliseconds')} ms")
    screen = operator_tools.watch_screen(ROOM)
    lines = screen.splitlines()
    if not any(line.startswith(f"room {ROOM}  participants 3") for line in lines):
        raise InteropError(f"beep-stats --watch screen shows no 'room {ROOM}  participants 3' line:\n{screen[:3000]}")
    for pid in pids:
        if not any(line.startswith(pid + " ") for line in lines):
            raise InteropError(f"beep-stats --watch screen shows no line for participant {pid}:\n{screen[:3000]}")
    support.log("beep-stats --watch screen:\n" + screen)


async def mixed_call(wav: pathlib.Path) -> None:
    async with chromium([f"--use-file-for-fake-audio-capture={wav}"]) as browser:
        page = await open_page(browser, "Browser", "browser", room=ROOM)
        await join_call(page)
        processes = start_bots()
        try:
            s = await wait_until(page, "seeing both bots in the call",
                                 lambda s: {q["identity"] for q in s["participants"]} >= {"bot-a", "bot-b"}, 20)
            bot_pids = {q["identity"]: q["participantId"] for q in s["participants"]}
            await wait_media_flowing(page, [(bot_pids[i], k) for _, i, _ in BOTS for k in ("audio", "video")],
                                     "audio and video of both bots")
            check_operator_views({page.pid, bot_pids["bot-a"], bot_pids["bot-b"]})
            stats = await page.stats()
            for _, identity, _ in BOTS:
                inbound = [e for e in stats["inbound"] if e["participantId"] == bot_pids[identity]]
                audio = sum(e["packetsReceived"] for e in inbound if e["kind"] == "audio")
                frames = sum(e["framesDecoded"] for e in inbound if e["kind"] == "video")
                if audio == 0 or frames == 0:
                    raise InteropError(f"browser getStats from {identity}: {audio} audio packets, {frames} frames")
                support.summary(f"mixed call: browser <- {identity}: {audio} audio packets, {frames} frames decoded")
        finally:
            reports = await asyncio.to_thread(collect_reports, processes, RUN_TIMEOUT_S)
        call_pages.check_no_page_errors([page])
    problems = []
    names = {"Browser": BROWSER_TONE_HZ, **{name: tone for name, _, tone in BOTS}}
    for name, (code, report, stderr) in reports.items():
        if code != 0:
            problems.append(f"{name} exited {code}: {stderr.strip()[-800:]}")
        for other, tone in names.items():
            if other == name:
                continue
            tracks = {t["kind"]: t for t in report.get("remoteTracks", []) if t.get("name") == other}
            audio, video = tracks.get("audio"), tracks.get("video")
            if audio is None or video is None:
                problems.append(f"{name} got no {'audio' if audio is None else 'video'} from {other}")
                continue
            if audio.get("expectedToneHz") != tone or audio["toneWindows"] < 5:
                problems.append(f"{name}: {other}'s {tone} Hz tone heard in {audio['toneWindows']} windows "
                                f"(dominant {audio.get('detectedToneHz')})")
            if video["framesDecoded"] < 10:
                problems.append(f"{name}: {other}'s video: {video['framesDecoded']} frames decoded")
            for track in (audio, video):
                if track["lossPercent"] > 1.0:
                    problems.append(f"{name}: {other} {track['kind']} loss {track['lossPercent']:.2f}%")
            support.summary(f"mixed call: {name} <- {other}: tone {audio.get('detectedToneHz')} Hz in "
                            f"{audio['toneWindows']} windows, {video['framesDecoded']} frames, "
                            f"loss {audio['lossPercent']:.2f}/{video['lossPercent']:.2f}%, freezes {video['freezes']} "
                            f"(longest gap {video['longestGapMs']:.0f} ms)")
    if problems:
        raise InteropError("mixed call failed:\n  " + "\n  ".join(problems))


@pytest.mark.timeout(240)
def test_browser_and_two_bots_receive_each_other() -> None:
    support.require_loopback_only_namespace()
    with tempfile.TemporaryDirectory(prefix="beep-mixed-") as folder:
        wav = pathlib.Path(folder) / "tone-880hz.wav"
        write_tone_wav(wav, BROWSER_TONE_HZ)
        asyncio.run(mixed_call(wav))
