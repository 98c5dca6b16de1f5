"""Issue 4 "Must show", browser calls: three headless Chromium participants (fake devices) in
one room through Beep's calls service (the page at /call/ROOM, signalling on /call/ws,
docs/signalling.md) and its SFU, on loopback.

- A, B and C join room r1: each receives the other two's audio and video (page getStats():
  inbound audio packetsReceived and framesDecoded of both remote videos increase).
- A mutes: B and C see A's mute state within 1 s, and A's audio packets stop reaching them.
- B pins A's camera to its stage (web/call/ui.js pin button).
- A shares a screen (getDisplayMedia; Chromium's fake capture): B and C receive a new video
  track and decode it. At B the screen takes the stage from the pinned camera (the pin stays,
  and B asks for q of A's camera again: it is shown only in its small tile).
- A leaves: B and C get participantLeft, A's tracks end and its packets stop; B's pin ends.
- D only watches: before joining media it sees A, B and C in the room's presence list.

test_call_join_time measures page load → first remote video frame (requestVideoFrameCallback
in the page, ms since navigation start) with two participants already publishing; 1 run, or
INTEROP_RUNS (default 10) with INTEROP_FIGURES=path (JSON next to it: *-call-join.json, *-call-cpu.json; *-separate.json with INTEROP_SFU=separate).

Tokens come from `beep token create` (the binary run.sh starts, INTEROP_BEEP; run.sh exports
one BEEP_CALL_TOKEN_KEY for Beep and the CLI). Every failed step raises InteropError naming
the step: against a Beep without calls this fails at the first token, never skips.

Under run.sh --mock (INTEROP_MOCK=1) these tests start tools/interop/mock_calls.py on a free
port and use it instead of Beep (mock tokens): a harness self-check, not a test of Beep.
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

import call_pages
import support
from call_pages import (MEDIA_DEADLINE_S, check_no_page_errors, check_quiet, chromium, join_call, open_page,
                        wait_media_flowing, wait_until)
from support import InteropError

MUTE_VISIBLE_S = 1.0  # the Must show: the mute state reaches the others within 1 s
SETTLE_S = 0.5  # packets already in flight when the SFU pauses a consumer


@pytest.fixture(scope="module", autouse=True)
def call_server():
    """Beep's calls service, or under --mock a mock_calls.py for this module (call_pages.CALL_URL)."""
    with call_pages.serving_calls() as url:
        yield url


# ---------------------------------------------------------------- the scenario


async def three_browser_call() -> None:
    async with chromium() as browser:
        a = await open_page(browser, "A", "a")
        b = await open_page(browser, "B", "b")
        c = await open_page(browser, "C", "c")
        people = [a, b, c]
        for p in people:
            await join_call(p)
        support.log(f"participants: A={a.pid} B={b.pid} C={c.pid}")

        # Each receives the other two's audio and camera video.
        for p in people:
            others = [o.pid for o in people if o is not p]
            await wait_media_flowing(p, [(o, k) for o in others for k in ("audio", "video")], "audio and video of both others")

        for p in people:
            tiles = await p.page.locator(".tile.has-video").count()
            if tiles != 3:
                raise InteropError(f"{p.name}: {tiles} tiles show video, want 3 (own camera and both others)")

        # D only watches: the presence list shows A, B and C in the call; D receives no media.
        d = await open_page(browser, "D", "d")
        s = await wait_until(d, "seeing a, b, c in the call in presence",
                             lambda s: all(any(m["identity"] == i and m["inCall"] for m in s["presence"]) for i in "abc"), 5)
        if s["joined"] or s["remoteTracks"]:
            raise InteropError(f"D (watcher) is in the call or receives tracks: {s['phase']}, {s['remoteTracks']}")
        support.log(f"D (watcher) presence: {s['presence']}")
        listed = await d.page.locator("#presence li").all_text_contents()
        if not all(any(text.startswith(n) and "in call" in text for text in listed) for n in "ABC"):
            raise InteropError(f"D's presence list shows {listed}, want A, B and C 'in call'")

        # A mutes: B and C see it within 1 s; then A's audio packets stop reaching them.
        started = time.monotonic()
        await a.click("#mute-button")

        def a_audio_muted(s: dict) -> bool:
            return any(t["kind"] == "audio" and t["muted"] for q in s["participants"] if q["participantId"] == a.pid
                       for t in q["tracks"])

        for p in (b, c):
            left = max(0.0, MUTE_VISIBLE_S - (time.monotonic() - started))
            await wait_until(p, f"seeing A muted within {MUTE_VISIBLE_S}s of the click", a_audio_muted, left, 0.02)
        elapsed = time.monotonic() - started
        support.summary(f"call: A's mute visible at B and C after {elapsed * 1000:.0f} ms (limit {MUTE_VISIBLE_S * 1000:.0f} ms)")
        for p in (b, c):
            icon = p.page.locator(f'.tile[data-participant-id="{a.pid}"] .mute-icon')
            if not await support.step(f"{p.name}: A's mute icon", icon.is_visible(), 10):
                raise InteropError(f"{p.name}: A is muted but A's tile shows no mute icon")
        await asyncio.sleep(SETTLE_S)
        for p in (b, c):
            await check_quiet(p, a.pid, "audio", "A muted")
            await wait_media_flowing(p, [(a.pid, "video")], "A's camera while A is muted")

        # B pins A's camera; then A shares a screen: B and C receive a new video track (kind
        # screen) and decode it, and at B the screen takes the stage from the pinned camera.
        await call_pages.pin_to_stage(b, a.pid)
        await a.click("#screen-button")
        await wait_until(a, "sharing a screen", lambda s: s["local"]["sharing"], 15)
        for p in (b, c):
            await wait_until(p, "receiving A's screen track",
                             lambda s: any(r["participantId"] == a.pid and r["kind"] == "screen" and not r["ended"]
                                           for r in s["remoteTracks"]), MEDIA_DEADLINE_S)
            await wait_media_flowing(p, [(a.pid, "screen")], "A's screen share")
        await check_screen_over_pin(b, a.pid)

        # A leaves: B and C get participantLeft, A's tracks end and its packets stop.
        a_tracks = {p.name: [r["trackId"] for r in (await p.snapshot())["remoteTracks"] if r["participantId"] == a.pid]
                    for p in (b, c)}
        await a.click("#leave-button")
        for p in (b, c):
            await wait_until(p, "getting participantLeft for A",
                             lambda s: any(e["type"] == "participantLeft" and e["participantId"] == a.pid for e in s["events"]),
                             5)

            def a_tracks_ended(s: dict, names=a_tracks[p.name]) -> bool:
                mine = [r for r in s["remoteTracks"] if r["trackId"] in names]
                # Ended in the browser: the track ended (m-section stopped) or stopped receiving
                # (made inactive, W3C webrtc-pc "process the removal of a remote track").
                return all(r["ended"] and (r["readyState"] == "ended" or not r["receiving"]) for r in mine)

            await wait_until(p, "seeing A's tracks end", a_tracks_ended, 10)
            await asyncio.sleep(SETTLE_S)
            for kind in ("video", "screen"):
                await check_quiet(p, a.pid, kind, "A left")
            await wait_media_flowing(p, [(o.pid, k) for o in (b, c) if o is not p for k in ("audio", "video")],
                                     "the remaining participant's media")
        await wait_until(b, "no pin left on A, who left", lambda s: s["pinned"] is None, 5)
        await wait_until(d, "seeing A out of the call in presence",
                         lambda s: not any(m["identity"] == "a" and m["inCall"] for m in s["presence"]), 5)
        check_no_page_errors(people + [d])


async def check_screen_over_pin(p: call_pages.Participant, publisher: str) -> None:
    """On p's page the publisher's screen share holds the stage although its camera is pinned:
    the pin stays pressed, the stage has no unpin button, and the camera's wish is back to q."""
    await wait_until(p, f"asking q of {publisher}'s camera, the screen on the stage",
                     lambda s: s["pinned"] == publisher and s["layerWishes"].get(publisher) == "q",
                     call_pages.WISH_DEADLINE_S)
    caption = await support.step(f"{p.name}: stage caption", p.page.locator("#stage-caption").text_content(), 10)
    if "sharing a screen" not in (caption or ""):
        raise InteropError(f"{p.name}: the stage caption is {caption!r} with a screen shared, want the share's")
    if not await p.page.locator("#stage-unpin").is_hidden():
        raise InteropError(f"{p.name}: the stage offers to unpin while it shows a screen share")
    if await call_pages.pin_button(p, publisher).get_attribute("aria-pressed") != "true":
        raise InteropError(f"{p.name}: the pin on {publisher} was dropped by the screen share")


@pytest.mark.timeout(300)
def test_three_browser_call() -> None:
    support.require_loopback_only_namespace()
    asyncio.run(three_browser_call())


# ---------------------------------------------------------------- join-time figure


def figure_path(name: str) -> pathlib.Path | None:
    """Where to write figure `name` next to INTEROP_FIGURES (suffixed -separate when the SFU
    runs as its own process), or None when figures are not asked for."""
    path = os.environ.get("INTEROP_FIGURES")
    if not path:
        return None
    target = pathlib.Path(path)
    mode = "-separate" if os.environ.get("INTEROP_SFU") == "separate" else ""
    return target.with_name(f"{target.stem}-{name}{mode}{target.suffix or '.json'}")


async def measure_join_time(runs: int) -> list[dict]:
    """Two publishers stay in room r-join; each run loads a fresh page that joins at once
    (#…&join=1) and reports its first remote video frame (ms since navigation start)."""
    rows = []
    async with chromium() as browser:
        publishers = [await open_page(browser, name, name.lower(), room="r-join") for name in ("P", "Q")]
        for p in publishers:
            await join_call(p)
        for index in range(1, runs + 1):
            joiner = await open_page(browser, f"J{index}", f"j{index}", room="r-join", join=True)
            s = await wait_until(joiner, "showing a first remote video frame",
                                 lambda s: s["marks"]["firstRemoteFrame"] is not None, MEDIA_DEADLINE_S)
            marks = s["marks"]
            row = {"run": index, "to_first_remote_frame_ms": round(marks["firstRemoteFrame"], 1),
                   "to_join_request_ms": round(marks["joinRequested"], 1), "to_joined_ms": round(marks["joined"], 1)}
            support.log(f"join time run {index}: {row}")
            rows.append(row)
            await joiner.click("#leave-button")
            await joiner.context.close()
        check_no_page_errors(publishers)
    return rows


@pytest.mark.timeout(120 + 40 * 50)
def test_call_join_time() -> None:
    support.require_loopback_only_namespace()
    runs = support.figure_run_count()
    rows = asyncio.run(measure_join_time(runs))
    median = statistics.median(r["to_first_remote_frame_ms"] for r in rows)
    support.summary(f"call join time (page load -> first remote video frame, 2 publishers), {runs} run(s): "
                    f"median {median:.1f} ms")
    target = figure_path("call-join")
    if target:
        version = subprocess.run([support.CHROMIUM, "--version"], capture_output=True, text=True,
                                 timeout=30, check=False).stdout.strip()
        document = {
            "figure": "call page load (navigation start) to the first decoded remote video frame "
                      "(requestVideoFrameCallback), Chromium, loopback, 2 participants publishing",
            "measured": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "peer": version,
            "server_health": json.loads(support.http_request("GET", call_pages.CALL_URL + "/health")[1]),
            "runs": rows,
            "median_ms": median,
        }
        target.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
        support.summary(f"call join-time figures written to {target}")


# ---------------------------------------------------------------- forwarding CPU figure

CPU_WINDOW_S = 10.0


def sfu_cpu_seconds() -> float:
    """utime + stime of the media node's process: beep, or beep-sfu when separate
    (/proc/PID/stat fields 14 and 15, proc(5))."""
    pid = os.environ.get("INTEROP_SFU_PID")
    if not pid:
        raise InteropError("INTEROP_SFU_PID is not set (run through tools/interop/run.sh)")
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def node_stats() -> dict:
    """The media node's GET /admin/stats document (rooms and workers); 401 without the token."""
    token = os.environ.get("BEEP_ADMIN_TOKEN", "")
    admin_url = os.environ.get("INTEROP_SFU_ADMIN_URL")
    if not admin_url:
        raise InteropError("INTEROP_SFU_ADMIN_URL is not set (run through tools/interop/run.sh)")
    status, _ = support.http_request("GET", admin_url + "/admin/stats")
    if status != 401:
        raise InteropError(f"/admin/stats without the admin token answered {status}, not 401")
    status, body = support.http_request("GET", admin_url + "/admin/stats", headers={"Authorization": f"Bearer {token}"})
    if status != 200:
        raise InteropError(f"/admin/stats answered {status}")
    node = json.loads(body)
    if not node.get("workers"):
        raise InteropError(f"/admin/stats reports no media workers: {body[:300]}")
    return node


def room_stats(room: str) -> dict:
    """The SFU statistics of `room` on the media node."""
    rooms = [r for r in node_stats()["rooms"] if r["room"] == room]
    if not rooms:
        raise InteropError(f"/admin/stats has no room {room}")
    return rooms[0]["sfu"]


def transit_figures() -> dict:
    """The largest per-worker transit-time p50/p99 (read to flush of the forwarded copies)."""
    summaries = [w["transit"] for w in node_stats()["workers"] if w["transit"]["count"] > 0]
    if not summaries:
        raise InteropError("no media worker recorded a transit time while media flowed")
    return {"transit_p50_us": max(t["p50Microseconds"] for t in summaries),
            "transit_p99_us": max(t["p99Microseconds"] for t in summaries),
            "transit_samples": sum(t["count"] for t in summaries)}


def forwarded_packets(room: str) -> int:
    """RTP packets the SFU sent to the participants of `room`."""
    return sum(p["packetsOut"] for p in room_stats(room)["participants"])


def check_round_trip_times(room: str) -> list[float]:
    """Every participant of `room` has a measured round-trip time (RTCP SR/RR, RFC 3550
    §6.4.1) below one second on loopback; returns them."""
    times = []
    for participant in room_stats(room)["participants"]:
        rtt = participant.get("roundTripTime")
        if rtt is None or not 0 <= rtt < 1.0:
            raise InteropError(f"participant {participant['id']} has round-trip time {rtt!r} in /admin/stats")
        times.append(rtt)
    return times


def beep_stats_binary() -> str:
    """beep-stats next to the beep binary run.sh started."""
    path = pathlib.Path(os.environ.get("INTEROP_BEEP", "")).with_name("beep-stats")
    if not os.access(path, os.X_OK):
        raise InteropError(f"{path} missing (swift build --product beep-stats)")
    return str(path)


def check_beep_stats_json(room: str) -> dict:
    """`beep-stats --json` on the media node's admin API reports `room`, its three
    participants and non-zero bitrates both ways; a wrong token exits 4."""
    base = [beep_stats_binary(), "--url", os.environ["INTEROP_SFU_ADMIN_URL"], "--interval", "1", "--room", room]
    done = subprocess.run(base + ["--json"], capture_output=True, text=True, timeout=30, check=False)
    if done.returncode != 0:
        raise InteropError(f"beep-stats --json exited {done.returncode}: {done.stderr.strip()}")
    report = json.loads(done.stdout)
    rooms = report["rooms"]
    if [r["room"] for r in rooms] != [room] or len(rooms[0]["participants"]) != 3:
        raise InteropError(f"beep-stats --json did not report room {room} with 3 participants: {done.stdout[:400]}")
    for participant in rooms[0]["participants"]:
        if participant["kbpsIn"] <= 0 or participant["kbpsOut"] <= 0:
            raise InteropError(f"beep-stats --json shows no bitrate for {participant['id']}: {participant}")
    refused = subprocess.run(base + ["--json"], capture_output=True, text=True, timeout=30, check=False,
                             env={**os.environ, "BEEP_ADMIN_TOKEN": "not-the-token"})
    if refused.returncode != 4 or "401" not in refused.stderr:
        raise InteropError(f"beep-stats with a wrong token exited {refused.returncode}: {refused.stderr.strip()}")
    return report


def capture_beep_stats_watch(room: str) -> str:
    """One screen of `beep-stats --watch` rendered in a pseudo-terminal."""
    import pty
    command = [beep_stats_binary(), "--url", os.environ["INTEROP_SFU_ADMIN_URL"], "--interval", "1",
               "--room", room, "--watch", "--count", "1"]
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(command[0], command)
    output = b""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    screen = output.decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0 or "\x1b[2J" not in screen or f"room {room}  participants 3" not in screen:
        raise InteropError(f"beep-stats --watch did not render the room in a terminal: {screen[-600:]!r}")
    return screen


async def measure_forwarding_cpu() -> dict:
    async with chromium() as browser:
        people = [await open_page(browser, name, name.lower(), room="r-cpu") for name in ("X", "Y", "Z")]
        for p in people:
            await join_call(p)
        for p in people:
            others = [o.pid for o in people if o is not p]
            await wait_media_flowing(p, [(o, k) for o in others for k in ("audio", "video")], "both others")
        cpu_before, packets_before = sfu_cpu_seconds(), forwarded_packets("r-cpu")
        await asyncio.sleep(CPU_WINDOW_S)
        cpu_after, packets_after = sfu_cpu_seconds(), forwarded_packets("r-cpu")
        round_trip_times = check_round_trip_times("r-cpu")
        transit = transit_figures()
        await asyncio.to_thread(check_beep_stats_json, "r-cpu")
        screen = await asyncio.to_thread(capture_beep_stats_watch, "r-cpu")
        support.log("beep-stats --watch screen:\n" + screen.replace("\x1b[H\x1b[2J", ""))
        check_no_page_errors(people)
    forwarded = packets_after - packets_before
    if forwarded <= 0:
        raise InteropError(f"the SFU forwarded no packets in {CPU_WINDOW_S} s")
    cpu = cpu_after - cpu_before
    return {"window_s": CPU_WINDOW_S, "forwarded_packets": forwarded, "cpu_seconds": round(cpu, 3),
            "cpu_us_per_forwarded_packet": round(cpu / forwarded * 1e6, 2),
            "forwarded_packets_per_s": round(forwarded / CPU_WINDOW_S, 1),
            "round_trip_times_ms": [round(t * 1000, 2) for t in round_trip_times], **transit}


@pytest.mark.timeout(180)
def test_call_forwarding_cpu() -> None:
    """Three participants send audio and video; the SFU's statistics show every stream
    forwarded and a measured round-trip time for every participant, and the media node's
    CPU time per forwarded packet is reported (a figure, not an assertion: it includes ICE,
    DTLS, SRTP and RTCP, and signalling too when the SFU runs inside beep)."""
    support.require_loopback_only_namespace()
    figure = asyncio.run(measure_forwarding_cpu())
    figure["sfu"] = os.environ.get("INTEROP_SFU", "embedded")
    mode = os.environ.get("INTEROP_SFU", "embedded")
    support.summary(f"SFU CPU per forwarded packet (3 browsers, audio+video, whole media process, {mode}, "
                    f"{CPU_WINDOW_S:.0f} s): {figure['cpu_us_per_forwarded_packet']} µs "
                    f"({figure['forwarded_packets_per_s']} packets/s forwarded); transit p50 "
                    f"{figure['transit_p50_us']} µs, p99 {figure['transit_p99_us']} µs")
    target = figure_path("call-cpu")
    if target:
        target.write_text(json.dumps(figure, indent=2) + "\n", encoding="utf-8")
