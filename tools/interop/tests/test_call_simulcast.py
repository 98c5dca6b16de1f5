"""Issue 5 "Must show", simulcast with browsers: a Chromium publisher P sends its camera in three
simulcast layers (rids q/h/f, RFC 8853/8851; web/call/media.js CAMERA_ENCODINGS) through
Beep's SFU to two Chromium subscribers on loopback.

- S1's path is capped to CAP_BPS by the SFU's send-path test hook (POST /admin/test/link,
  BEEP_TEST_HOOKS=1, docs/bandwidth-estimation.md): Beep's bandwidth estimate for S1 drops and
  S1 receives the low layer (rid q), in /admin/stats (rooms[].adaptation) and in the decoded
  frame size (getStats frameWidth equals P's q encoding width).
- S2, uncapped, receives the high layer (rid f, P's full width).
- Lifting the cap moves S1 up (spatial layer >= 1) within LIFT_DEADLINE_S.
- Across every switch S1's and S2's framesDecoded of P's video keep increasing, and the longest
  gap between rendered frames (requestVideoFrameCallback) stays under MAX_FREEZE_MS; getStats
  freezeCount/totalFreezesDuration are reported.
- Figures (support.summary, and INTEROP_FIGURES=path → *-simulcast.json): time to adapt after
  the cap is applied and lifted; transit p50/p99 and CPU per forwarded packet in the call.

S1's watch also traces, every sample, its receive counters (getStats: frames decoded and dropped,
key frames, packets lost, NACKs, PLIs) beside what the SFU sent it (/admin/stats: layer, packets,
retransmissions, NACKed and stale sequence numbers, cache misses, key frame requests, estimate,
refused retransmissions, pacer bytes, the test link's drops, the encodings' key frames), written
to the log before the checks: a stall can be placed and explained from one failing run.

S1 and S2 turn their cameras off and mute after joining: only P publishes (one encoder on a shared
machine; S1's capped link carries P's audio and camera only). Every failed step raises InteropError naming it, never a skip. Page helpers come
from call_pages.py; the admin-API and CPU helpers from test_call_three_browsers.py.
"""

from __future__ import annotations

import asyncio
import json
import os
import time

import pytest

import call_pages as cp
import support
import test_call_three_browsers as three
from support import InteropError

ROOM = "r-simulcast"
CAP_BPS = 300_000
# The emulated bottleneck's buffer (the virtual-time tests of BeepBWE use 300 ms too).
CAP_QUEUE_MS = 300
DOWN_DEADLINE_S = 25.0  # cap applied → S1 forwarded the q layer
HIGH_DEADLINE_S = 40.0  # join → S2 forwarded the f layer
LIFT_DEADLINE_S = 20.0  # cap lifted → S1 above q
FRAME_SIZE_DEADLINE_S = 10.0  # layer in stats → decoded frame of that size
MAX_FREEZE_MS = 500.0
CPU_WINDOW_S = 10.0


@pytest.fixture(scope="module", autouse=True)
def call_server():
    with cp.serving_calls() as url:
        yield url


# ---------------------------------------------------------------- admin API


def admin_post(path: str, document: dict) -> None:
    """POST a JSON document to the media node's admin API (token from run.sh)."""
    token = os.environ.get("BEEP_ADMIN_TOKEN", "")
    admin_url = os.environ.get("INTEROP_SFU_ADMIN_URL")
    if not admin_url:
        raise InteropError("INTEROP_SFU_ADMIN_URL is not set (run through tools/interop/run.sh)")
    status, body = support.http_request("POST", admin_url + path, json.dumps(document).encode(),
                                        headers={"Authorization": f"Bearer {token}"})
    if status != 200:
        raise InteropError(f"POST {path} {document} answered {status}: {body[:300]!r} (BEEP_TEST_HOOKS=1 not set?)")


def raw_id(value) -> str:
    """A participant id as JSON: BeepSFU.ParticipantID encodes as {"rawValue": id}."""
    return value["rawValue"] if isinstance(value, dict) else value


def adaptation_of(subscriber: str, room: str = ROOM) -> dict:
    """rooms[].adaptation entry of `subscriber` in `room` from GET /admin/stats."""
    rooms = [r for r in three.node_stats()["rooms"] if r["room"] == room]
    if not rooms or rooms[0].get("adaptation") is None:
        raise InteropError(f"/admin/stats has no adaptation for room {room}: {[r['room'] for r in rooms]}")
    entries = [a for a in rooms[0]["adaptation"] if raw_id(a["participant"]) == subscriber]
    if not entries:
        raise InteropError(f"/admin/stats has no adaptation entry for {subscriber}")
    return entries[0]


def layer_of(subscriber: str, publisher: str) -> tuple[dict | None, dict]:
    """(the layer entry of the publisher's camera at the subscriber, the whole entry)."""
    entry = adaptation_of(subscriber)
    layers = [layer for layer in entry.get("layers", []) if raw_id(layer["publisher"]) == publisher and layer["kind"] == "video"]
    return (layers[0] if layers else None), entry


def brief(entry: dict) -> str:
    return json.dumps({k: entry.get(k) for k in ("targetBitrate", "delayBasedBitrate", "lossBasedBitrate",
                                                 "acknowledgedBitrate", "source", "overloadCuts", "allocatedBitrate",
                                                 "desiredBitrate", "probesSent", "probesSucceeded",
                                                 "link", "linkDroppedByCap", "layers")})


async def wait_layer(subscriber: cp.Participant, publisher: str, predicate, what: str, timeout: float) -> float:
    """Polls /admin/stats until predicate(current layer) holds; returns the seconds it took."""
    started = time.monotonic()
    entry: dict = {}
    logged = started
    while time.monotonic() - started < timeout:
        layer, entry = await asyncio.to_thread(layer_of, subscriber.pid, publisher)
        if time.monotonic() - logged >= 2.0:
            logged = time.monotonic()
            support.log(f"{subscriber.name} waiting until {what}: {brief(entry)}")
        if layer is not None and layer.get("currentLayer") is not None and predicate(layer["currentLayer"]):
            support.log(f"{subscriber.name}: {what} after {time.monotonic() - started:.1f} s: {layer}")
            return time.monotonic() - started
        await asyncio.sleep(0.1)
    raise InteropError(f"{subscriber.name}: not {what} within {timeout} s; adaptation: {brief(entry)}; "
                       f"recent decisions: {json.dumps(entry.get('recentDecisions'))}")


# ---------------------------------------------------------------- page measurements


async def publisher_widths(p: cp.Participant) -> dict[str, int]:
    """{rid: frameWidth} of P's camera encodings (outbound-rtp)."""
    stats = await p.stats()
    return {o["rid"]: o["frameWidth"] for o in stats["outbound"] if o["kind"] == "video" and o.get("rid")}


async def inbound_video(s: cp.Participant, publisher: str) -> dict:
    """The inbound-rtp entry of the publisher's camera at s (framesDecoded, frameWidth, freezes)."""
    snapshot, stats = await s.snapshot(), await s.stats()
    entries = [e for e in stats["inbound"]
               if e["participantId"] == publisher and (cp.remote_kind(snapshot, e["trackId"]) or e["kind"]) == "video"]
    if not entries:
        raise InteropError(f"{s.name}: no inbound video of {publisher}: {json.dumps(stats['inbound'])[:800]}")
    return max(entries, key=lambda e: e["framesDecoded"])


async def wait_frame_width(s: cp.Participant, p: cp.Participant, rid: str) -> int:
    """Until s decodes P's video at the width of P's `rid` encoding; returns that width."""
    deadline = time.monotonic() + FRAME_SIZE_DEADLINE_S
    seen = None
    while time.monotonic() < deadline:
        widths = await publisher_widths(p)
        entry = await inbound_video(s, p.pid)
        seen = (entry["frameWidth"], entry["frameHeight"], widths)
        if widths.get(rid) and entry["frameWidth"] == widths[rid]:
            support.log(f"{s.name}: decodes {entry['frameWidth']}x{entry['frameHeight']} = P's {rid} ({widths})")
            return entry["frameWidth"]
        await asyncio.sleep(0.2)
    raise InteropError(f"{s.name}: decoded frame size never matched P's {rid} encoding: (width, height, P's widths) {seen}")


FRAME_MONITOR_JS = """(pid) => {
  const video = document.querySelector(`.tile[data-participant-id="${CSS.escape(pid)}"] video`);
  if (video === null || typeof video.requestVideoFrameCallback !== "function") { return false; }
  const m = { frames: 0, last: null, maxGapMs: 0, widths: [], longGaps: [], marks: [] };
  window.__beepFrameMonitor = m;
  const onFrame = (now, meta) => {
    if (m.last !== null) {
      const gap = now - m.last;
      m.maxGapMs = Math.max(m.maxGapMs, gap);
      if (gap > 250 && m.longGaps.length < 20) { m.longGaps.push({ endsAtMs: Math.round(now), gapMs: Math.round(gap), width: meta.width }); }
    }
    m.last = now;
    m.frames += 1;
    if (m.widths.length === 0 || m.widths[m.widths.length - 1] !== meta.width) { m.widths.push(meta.width); }
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
  return true;
}"""


class FrameWatch:
    """Samples a subscriber's framesDecoded of P's video (must keep increasing) and, in the page,
    the longest gap between rendered frames (requestVideoFrameCallback). With `trace`, each
    sample also notes the subscriber's receive counters and, from /admin/stats, what the SFU
    sent it (written to the log by ``write_trace``, to place a stall)."""

    def __init__(self, s: cp.Participant, publisher: str, trace: bool = False):
        self.s, self.publisher, self.trace = s, publisher, trace
        self.samples: list[tuple[float, int]] = []
        self.trace_rows: list[str] = []
        self.start_freezes: tuple[int, float] | None = None

    async def start(self) -> None:
        installed = await support.step(f"{self.s.name}: frame monitor", self.s.page.evaluate(FRAME_MONITOR_JS, self.publisher), 10)
        if not installed:
            raise InteropError(f"{self.s.name}: no <video> of {self.publisher} with requestVideoFrameCallback")
        entry = await inbound_video(self.s, self.publisher)
        self.start_freezes = (entry["freezeCount"], entry["totalFreezesDuration"])
        self.samples.append((time.monotonic(), entry["framesDecoded"]))

    async def mark(self, what: str) -> None:
        """Notes `what` with the page's clock, so long rendering gaps can be placed."""
        await self.s.page.evaluate("(what) => window.__beepFrameMonitor.marks.push({ what, atMs: Math.round(performance.now()) })", what)

    async def sample(self) -> None:
        entry = await inbound_video(self.s, self.publisher)
        self.samples.append((time.monotonic(), entry["framesDecoded"]))
        if self.trace:
            self.trace_rows.append(f"{time.monotonic():.2f} page decoded {entry['framesDecoded']} keys {entry['keyFramesDecoded']} "
                                   f"dropped {entry['framesDropped']} lost {entry['packetsLost']} nacks {entry['nackCount']} "
                                   f"plis {entry.get('pliCount')} width {entry['frameWidth']} | "
                                   + await asyncio.to_thread(sfu_trace_row, self.s.pid, self.publisher))
        if len(self.samples) % 8 == 0:
            support.log(f"{self.s.name}: framesDecoded {entry['framesDecoded']} {entry['frameWidth']}x{entry['frameHeight']} "
                        f"freezes {entry['freezeCount']} dropped {entry['framesDropped']} keyframes {entry['keyFramesDecoded']}")

    def write_trace(self) -> None:
        """Logs the trace rows (monotonic seconds, page counters | SFU counters)."""
        for row in self.trace_rows:
            support.log(f"{self.s.name} trace {row}")

    async def check(self, what: str) -> dict:
        """framesDecoded increased between every two samples at least 2 s apart; the longest
        rendering gap is below MAX_FREEZE_MS. Returns the figures."""
        await self.sample()
        for (t0, f0), (t1, f1) in zip(self.samples, self.samples[1:]):
            if f1 < f0:
                raise InteropError(f"{self.s.name}: framesDecoded went back from {f0} to {f1} ({what})")
        last_t, last_f = self.samples[0]
        for t, f in self.samples[1:]:
            if t - last_t >= 2.0:
                if f <= last_f:
                    _, entry = await asyncio.to_thread(layer_of, self.s.pid, self.publisher)
                    raise InteropError(f"{self.s.name}: framesDecoded stalled at {f} for {t - last_t:.1f} s ({what}); "
                                       f"recent decisions: {json.dumps(entry.get('recentDecisions'))}")
                last_t, last_f = t, f
        monitor = await self.s.page.evaluate("window.__beepFrameMonitor")
        entry = await inbound_video(self.s, self.publisher)
        freezes = entry["freezeCount"] - self.start_freezes[0]
        frozen = entry["totalFreezesDuration"] - self.start_freezes[1]
        figures = {"frames_rendered": monitor["frames"], "max_render_gap_ms": round(monitor["maxGapMs"], 1),
                   "rendered_widths": monitor["widths"], "long_gaps": monitor["longGaps"], "marks": monitor["marks"],
                   "framesDecoded": entry["framesDecoded"],
                   "freezeCount": freezes, "totalFreezesDuration_s": round(frozen, 3)}
        support.log(f"{self.s.name}: {what}: {figures}")
        if monitor["frames"] < 10 or monitor["maxGapMs"] > MAX_FREEZE_MS:
            _, adaptation = await asyncio.to_thread(layer_of, self.s.pid, self.publisher)
            raise InteropError(f"{self.s.name}: longest gap between rendered frames {monitor['maxGapMs']:.0f} ms "
                               f"(limit {MAX_FREEZE_MS:.0f} ms) or too few frames ({what}): {figures}; "
                               f"recent decisions: {json.dumps(adaptation.get('recentDecisions'))}")
        return figures


def sfu_trace_row(subscriber: str, publisher: str) -> str:
    """What the SFU sent `subscriber` of `publisher`'s camera so far: its simulcast consumer's
    counters, the subscriber's estimate and pacer, the test link's drops, the encodings' key frames."""
    rooms = [r for r in three.node_stats()["rooms"] if r["room"] == ROOM]
    if not rooms:
        return "no room"
    room = rooms[0]
    adaptation = [a for a in room.get("adaptation") or [] if raw_id(a["participant"]) == subscriber]
    consumers = [c for c in room.get("simulcastConsumers") or [] if raw_id(c["subscriber"]) == subscriber]
    keys = [[e["keyFrames"] for e in producer["encodings"]] for producer in room.get("simulcastProducers") or []
            if raw_id(producer["owner"]) == publisher]
    row = ""
    if consumers:
        c = consumers[0]
        layer = lambda l: "-" if l is None else f"{l['spatial']}.{l['temporal']}"
        row += (f"layer {layer(c.get('currentLayer'))}->{layer(c.get('targetLayer'))} sent {c['packetsSent']} "
                f"resent {c['retransmittedPackets']} nacked {c.get('nackedPackets')} stale {c['staleNACKs']} "
                f"misses {c['nackMisses']} keyreqs {c.get('keyFrameRequests')} ")
    if adaptation:
        a = adaptation[0]
        row += (f"target {a['targetBitrate']} refused {a.get('refusedRetransmissions')} paced {a.get('pacerQueuedBytes')} "
                f"capdrops {a.get('linkDroppedByCap')} ")
    return row + f"keyframes {keys}"


async def sampling(watches: list[FrameWatch], seconds: float) -> None:
    """Samples every watch every 250 ms for `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for watch in watches:
            await watch.sample()
        await asyncio.sleep(0.25)


async def until(watches: list[FrameWatch], awaitable):
    """Runs `awaitable` while sampling the watches."""
    task = asyncio.ensure_future(awaitable)
    while not task.done():
        for watch in watches:
            await watch.sample()
        await asyncio.wait([task], timeout=0.25)
    return task.result()


# ---------------------------------------------------------------- the scenario


async def publisher_and_two_subscribers(browser, room: str) -> tuple[cp.Participant, cp.Participant, cp.Participant]:
    """P, S1 and S2 in `room`, S1 and S2 with camera off and muted (only P publishes: one
    encoder on a shared machine, and S1's shaped link carries P's audio and video only), once
    P's camera flows to both. S1 and S2 pin P's camera to a wide stage: a small tile would ask
    for q (web/call/layers.js), and then their own request, not the bandwidth, would cap them."""
    p = await cp.open_page(browser, "P", "p", room=room)
    s1 = await cp.open_page(browser, "S1", "s1", room=room, viewport=cp.STAGE_VIEWPORT)
    s2 = await cp.open_page(browser, "S2", "s2", room=room, viewport=cp.STAGE_VIEWPORT)
    for person in (p, s1, s2):
        await cp.join_call(person)
    for s in (s1, s2):
        await s.click("#camera-button")
        await s.click("#mute-button")
    support.log(f"participants: P={p.pid} S1={s1.pid} S2={s2.pid}")
    for s in (s1, s2):
        await cp.wait_media_flowing(s, [(p.pid, "video")], "P's camera")
        await cp.pin_to_stage(s, p.pid)
    return p, s1, s2


async def simulcast_call() -> dict:
    async with cp.chromium() as browser:
        p, s1, s2 = await publisher_and_two_subscribers(browser, ROOM)
        people = [p, s1, s2]
        widths = await publisher_widths(p)
        if sorted(widths) != ["f", "h", "q"]:
            raise InteropError(f"P does not send three simulcast encodings q/h/f: outbound {widths}")
        support.log(f"P's encodings: {widths}")
        for o in (await p.stats())["outbound"]:
            support.log(f"P outbound {o}")

        watches = [FrameWatch(s1, p.pid, trace=True), FrameWatch(s2, p.pid)]
        for watch in watches:
            await watch.start()

        # Both climb from the q layer they start on; then S1 is capped: its estimate drops and it
        # switches down to q, while S2 stays on the high layer.
        high_s = await until(watches, wait_layer(s2, p.pid, lambda l: l["spatial"] == 2, "on the f layer (uncapped)",
                                                 HIGH_DEADLINE_S))
        await until(watches, wait_layer(s1, p.pid, lambda l: l["spatial"] >= 1, "above the q layer (before the cap)",
                                        HIGH_DEADLINE_S))
        # Figures while the call runs uncapped (S2 on f, S1 above q): CPU per forwarded packet, transit.
        cpu_before, packets_before = three.sfu_cpu_seconds(), three.forwarded_packets(ROOM)
        await sampling(watches, CPU_WINDOW_S)
        cpu_after, packets_after = three.sfu_cpu_seconds(), three.forwarded_packets(ROOM)
        transit = three.transit_figures()

        for watch in watches:
            await watch.mark("cap")
        support.log(f"cap applied at {time.monotonic():.2f} (trace clock)")
        admin_post("/admin/test/link", {"participant": s1.pid, "bitsPerSecond": CAP_BPS,
                                        "maximumQueueMilliseconds": CAP_QUEUE_MS})
        down_s = await until(watches, wait_layer(s1, p.pid, lambda l: l["spatial"] == 0, "on the q layer (capped)",
                                                 DOWN_DEADLINE_S))
        await watches[0].mark("S1 seen on q")
        # Stay capped a while: the estimate must settle below the cap and S1 stay on q.
        for _ in range(5):
            await sampling(watches, 1.0)
            support.log(f"S1 capped: {brief((await asyncio.to_thread(layer_of, s1.pid, p.pid))[1])}")
        layer, capped_entry = await asyncio.to_thread(layer_of, s1.pid, p.pid)
        if layer is None or layer.get("currentLayer") is None or layer["currentLayer"]["spatial"] != 0:
            raise InteropError(f"S1 left the q layer while capped: {brief(capped_entry)}")
        if capped_entry["targetBitrate"] > CAP_BPS * 1.2:
            raise InteropError(f"S1's estimate {capped_entry['targetBitrate']} stays above the {CAP_BPS} bit/s cap")
        s1_width = await until(watches, wait_frame_width(s1, p, "q"))
        s2_width = await until(watches, wait_frame_width(s2, p, "f"))
        _, s2_entry = await asyncio.to_thread(layer_of, s2.pid, p.pid)
        support.log(f"capped S1: {brief(capped_entry)}")
        support.log(f"uncapped S2: {brief(s2_entry)}")

        # Cap lifted: S1 moves up.
        for watch in watches:
            await watch.mark("lift")
        admin_post("/admin/test/link", {"participant": s1.pid})
        up_s = await until(watches, wait_layer(s1, p.pid, lambda l: l["spatial"] >= 1, "above the q layer (cap lifted)",
                                               LIFT_DEADLINE_S))
        await watches[0].mark("S1 seen above q")
        await sampling(watches, 3.0)
        _, lifted_entry = await asyncio.to_thread(layer_of, s1.pid, p.pid)
        watches[0].write_trace()
        frames = {"S1": await watches[0].check("across cap, switch down, lift, switch up"),
                  "S2": await watches[1].check("climbing to f")}
        for o in (await p.stats())["outbound"]:
            support.log(f"P outbound {o}")
        cp.check_no_page_errors(people)

    forwarded = packets_after - packets_before
    if forwarded <= 0:
        raise InteropError(f"the SFU forwarded no packets in {CPU_WINDOW_S} s")
    cpu = cpu_after - cpu_before
    return {
        "cap_bps": CAP_BPS, "publisher_widths": widths,
        "time_to_low_layer_after_cap_s": round(down_s, 2),
        "time_to_high_layer_uncapped_s": round(high_s, 2),
        "time_up_after_lift_s": round(up_s, 2),
        "capped_estimate_bps": capped_entry["targetBitrate"], "uncapped_estimate_bps": s2_entry["targetBitrate"],
        "estimate_after_lift_bps": lifted_entry["targetBitrate"],
        "layer_after_lift": lifted_entry["layers"],
        "decoded_width_capped": s1_width, "decoded_width_uncapped": s2_width,
        "frames": frames,
        "cpu_window_s": CPU_WINDOW_S, "forwarded_packets": forwarded,
        "cpu_us_per_forwarded_packet": round(cpu / forwarded * 1e6, 2),
        "forwarded_packets_per_s": round(forwarded / CPU_WINDOW_S, 1), **transit,
    }


@pytest.mark.timeout(300)
def test_call_simulcast() -> None:
    support.require_loopback_only_namespace()
    figure = asyncio.run(simulcast_call())
    support.summary(
        f"simulcast: S1 capped to {CAP_BPS // 1000} kbit/s on q after {figure['time_to_low_layer_after_cap_s']} s "
        f"(decodes {figure['decoded_width_capped']} px wide, estimate {figure['capped_estimate_bps'] // 1000} kbit/s); "
        f"S2 uncapped on f after {figure['time_to_high_layer_uncapped_s']} s ({figure['decoded_width_uncapped']} px, "
        f"estimate {figure['uncapped_estimate_bps'] // 1000} kbit/s); cap lifted → S1 up after "
        f"{figure['time_up_after_lift_s']} s; longest render gap S1 {figure['frames']['S1']['max_render_gap_ms']} ms, "
        f"S2 {figure['frames']['S2']['max_render_gap_ms']} ms; CPU {figure['cpu_us_per_forwarded_packet']} µs per "
        f"forwarded packet ({figure['forwarded_packets_per_s']}/s); transit p50 {figure['transit_p50_us']} µs, "
        f"p99 {figure['transit_p99_us']} µs")
    target = three.figure_path("simulcast")
    if target:
        target.write_text(json.dumps(figure, indent=2) + "\n", encoding="utf-8")
