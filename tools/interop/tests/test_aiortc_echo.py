"""aiortc, a second independent WebRTC implementation, sends a sine tone (Opus) and moving
frames (VP8) to Beep's /dev/echo and must decode the echoed tracks: >= 50 audio frames (with
the tone still audible) and >= 30 video frames (showing the bar it sent) within 15 s, once per SRTP profile restricted
on the Beep side, checking the profile aiortc's DTLS negotiated (RFC 5764 §4.1.2)."""

from __future__ import annotations

import array
import asyncio
import fractions
import math
import time

import pytest
from aiortc import (
    MediaStreamTrack,
    RTCPeerConnection,
    RTCSessionDescription,
    VideoStreamTrack,
)
from av import AudioFrame, VideoFrame

import support
import webrtc_peers as peers  # on sys.path through support
from support import CM80, GCM, InteropError

MEDIA_DEADLINE_S = 15.0
MIN_AUDIO_FRAMES = 50
MIN_VIDEO_FRAMES = 30
CONNECT_S = 10.0

# aioice leaves 127.0.0.1 out of its host candidates; in the loopback-only namespace it is
# the only address, so offer exactly that.
peers.use_host_address_for_aioice("127.0.0.1")


class SineAudioTrack(MediaStreamTrack):
    """A 440 Hz tone at 48 kHz, 20 ms mono s16 frames, paced in real time."""

    kind = "audio"
    RATE = 48_000
    SAMPLES = 960

    def __init__(self) -> None:
        super().__init__()
        self.sent = 0
        self.started: float | None = None

    async def recv(self) -> AudioFrame:
        if self.started is None:
            self.started = time.monotonic()
        due = self.started + self.sent * self.SAMPLES / self.RATE
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        first = self.sent * self.SAMPLES
        samples = b"".join(
            int(12_000 * math.sin(2 * math.pi * 440 * (first + i) / self.RATE)).to_bytes(2, "little", signed=True)
            for i in range(self.SAMPLES)
        )
        frame = AudioFrame(format="s16", layout="mono", samples=self.SAMPLES)
        frame.planes[0].update(samples)
        frame.sample_rate = self.RATE
        frame.pts = first
        frame.time_base = fractions.Fraction(1, self.RATE)
        self.sent += 1
        return frame


class MovingBarVideoTrack(VideoStreamTrack):
    """320x240 grey frames with a white vertical bar that moves every frame."""

    async def recv(self) -> VideoFrame:
        pts, time_base = await self.next_timestamp()
        x = (pts // 3000 * 8) % 304

        def luma(stride: int, _size: int) -> bytes:
            row = bytearray(b"\x40" * stride)
            row[x : x + 16] = b"\xeb" * 16
            return bytes(row) * 240

        return peers.video_frame_320x240(pts, time_base, luma)


async def count_frames(track, counts: dict, peaks: list, bars: list) -> None:
    """Receives decoded frames of one echoed track until cancelled or the track ends."""
    while True:
        try:
            frame = await track.recv()
        except Exception:  # MediaStreamError when the track ends
            return
        counts[track.kind] = counts.get(track.kind, 0) + 1
        if track.kind == "audio":
            data = bytes(frame.planes[0])[: frame.samples * 2 * len(frame.layout.channels)]
            peaks.append(max(map(abs, array.array("h", data[: len(data) // 2 * 2])), default=0))
        else:
            # MovingBarVideoTrack's frames: a bright bar (luma 235) on a dark ground (64).
            luma = bytes(frame.planes[0])
            bars.append(bool(luma) and max(luma) > 200 and min(luma) < 100)


def selected_srtp_profile(pc: RTCPeerConnection) -> str:
    """The use_srtp profile aiortc's DTLS negotiated (aiortc 1.16: RTCDtlsTransport._ssl)."""
    transports = {t.receiver.transport for t in pc.getTransceivers()}
    if len(transports) != 1:
        raise InteropError(f"expected one bundled DTLS transport, got {len(transports)}")
    dtls = transports.pop()
    if dtls.state != "connected":
        raise InteropError(f"aiortc DTLS state {dtls.state!r}")
    return dtls._ssl.get_selected_srtp_profile().decode()


async def aiortc_echo(profile: str) -> None:
    pc = peers.new_aiortc_pc()
    tasks: list[asyncio.Task] = []
    counts: dict[str, int] = {}
    peaks: list[int] = []
    bars: list[bool] = []
    try:
        pc.addTrack(SineAudioTrack())
        pc.addTrack(MovingBarVideoTrack())

        @pc.on("track")
        def on_track(track) -> None:
            tasks.append(asyncio.ensure_future(count_frames(track, counts, peaks, bars)))

        await support.step("aiortc offer", pc.setLocalDescription(await pc.createOffer()), 30)
        offer = pc.localDescription.sdp
        answer = await asyncio.to_thread(support.post_echo, offer, [profile])
        support.check_answer(answer)
        declared = support.answer_ssrcs(answer)
        own = support.offer_ssrcs(offer)
        for kind in ("audio", "video"):
            if not declared.get(kind) or declared[kind] & own:
                raise InteropError(f"answer must declare new SSRCs for the echoed {kind}: {declared.get(kind)}")
        await support.step("aiortc apply answer",
                           pc.setRemoteDescription(RTCSessionDescription(sdp=answer, type="answer")), 30)
        deadline = time.monotonic() + CONNECT_S
        while pc.connectionState != "connected":
            if pc.connectionState in ("failed", "closed") or time.monotonic() > deadline:
                raise InteropError(f"aiortc connection {pc.connectionState} (ice {pc.iceConnectionState})")
            await asyncio.sleep(0.05)
        negotiated = selected_srtp_profile(pc)
        support.log(f"aiortc connected, SRTP profile {negotiated}")
        if negotiated != profile:
            raise InteropError(f"aiortc negotiated {negotiated}, want {profile} (Beep restricted to it)")
        deadline = time.monotonic() + MEDIA_DEADLINE_S
        while counts.get("audio", 0) < MIN_AUDIO_FRAMES or counts.get("video", 0) < MIN_VIDEO_FRAMES:
            if time.monotonic() > deadline:
                raise InteropError(
                    f"within {MEDIA_DEADLINE_S}s aiortc decoded {counts.get('audio', 0)} echoed audio frames "
                    f"(want >= {MIN_AUDIO_FRAMES}) and {counts.get('video', 0)} video frames (want >= "
                    f"{MIN_VIDEO_FRAMES}); tracks received: {len(tasks)}; connection {pc.connectionState}")
            await asyncio.sleep(0.1)
        # The tone must survive the echo: Opus of a 12000-amplitude sine peaks far above 1000.
        loudest = max(peaks, default=0)
        support.summary(f"aiortc {profile}: decoded {counts}; loudest echoed audio sample {loudest}")
        if loudest < 1000:
            raise InteropError(f"echoed audio is silent (peak sample {loudest}): not the sine aiortc sent")
        if not any(bars):
            raise InteropError(f"none of {len(bars)} echoed video frames shows the moving bar aiortc sent")
    finally:
        for task in tasks:
            task.cancel()
        await support.step("aiortc close", pc.close(), 10)


@pytest.mark.parametrize("profile", [GCM, CM80], ids=["gcm", "cm"])
def test_aiortc(profile: str) -> None:
    asyncio.run(aiortc_echo(profile))
