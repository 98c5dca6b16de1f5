"""Headless Chromium (Debian's, fake mic and camera) sends Opus and VP8 to Beep's /dev/echo
and receives them back, once with each SRTP profile restricted on the Beep side
(RFC 5764 §4.1.2 names): the page's getStats() must show the echoed inbound audio packets
and decoded video frames, DTLS connected and the SRTP cipher Chromium reports."""

from __future__ import annotations

import asyncio
import json
import time

import support
from support import CHROMIUM_SRTP_CIPHER, CM80, GCM, InteropError

MEDIA_DEADLINE_S = 15.0
MIN_AUDIO_PACKETS = 50
MIN_VIDEO_FRAMES = 30


def echoed_ssrcs(offer: str, answer: str) -> dict[str, set[int]]:
    """The SSRCs Beep declares for its echo streams: per kind, non-empty, none of Chromium's."""
    declared = support.answer_ssrcs(answer)
    own = support.offer_ssrcs(offer)
    for kind in ("audio", "video"):
        if not declared.get(kind):
            raise InteropError(f"answer declares no a=ssrc for the echoed {kind} stream")
        if declared[kind] & own:
            raise InteropError(f"answer reuses Chromium's own SSRCs {sorted(declared[kind] & own)} for {kind}")
    return declared


async def poll_until_media(page, echoed: dict[str, set[int]]) -> dict:
    """Polls getStats() until the echoed audio has > MIN_AUDIO_PACKETS packets and the
    echoed video > MIN_VIDEO_FRAMES decoded frames; returns that snapshot or raises."""
    deadline = time.monotonic() + MEDIA_DEADLINE_S
    snapshot = None
    while time.monotonic() < deadline:
        snapshot = await support.step("getStats", page.evaluate("echoStats()"), 10)
        if snapshot["connectionState"] == "failed":
            raise InteropError("Chromium connection failed: " + support.describe(snapshot))
        audio = [e for e in support.inbound(snapshot, "audio") if e.get("ssrc") in echoed["audio"]]
        video = [e for e in support.inbound(snapshot, "video") if e.get("ssrc") in echoed["video"]]
        if (any(e.get("packetsReceived", 0) > MIN_AUDIO_PACKETS for e in audio)
                and any(e.get("framesDecoded", 0) > MIN_VIDEO_FRAMES for e in video)):
            return snapshot
        await asyncio.sleep(0.25)
    raise InteropError(
        f"no echoed media within {MEDIA_DEADLINE_S}s (want inbound audio packetsReceived > "
        f"{MIN_AUDIO_PACKETS} and video framesDecoded > {MIN_VIDEO_FRAMES} on SSRCs "
        f"{ {k: sorted(v) for k, v in echoed.items()} }): "
        + (support.describe(snapshot) if snapshot else "no stats")
    )


def check_transport(snapshot: dict, profile: str) -> dict:
    """DTLS connected (RFC 6347), the negotiated SRTP cipher (RFC 5764 §4.1.2) as Chromium
    names it, and a selected candidate pair whose remote end is Beep on 127.0.0.1:8801-8810."""
    t = support.transport(snapshot)
    support.log("chromium RTCTransportStats: " + json.dumps(t, sort_keys=True))
    if t.get("dtlsState") != "connected":
        raise InteropError(f"dtlsState {t.get('dtlsState')!r}, want 'connected'")
    want = CHROMIUM_SRTP_CIPHER[profile]
    if t.get("srtpCipher") != want:
        raise InteropError(f"srtpCipher {t.get('srtpCipher')!r}, want {want!r} (Beep restricted to {profile})")
    pairs = {e["id"]: e for e in support.entries(snapshot, "candidate-pair")}
    pair = pairs.get(t.get("selectedCandidatePairId"))
    if pair is None:
        raise InteropError(f"selectedCandidatePairId {t.get('selectedCandidatePairId')!r} not in {list(pairs)}")
    remotes = {e["id"]: e for e in support.entries(snapshot, "remote-candidate")}
    remote = remotes.get(pair.get("remoteCandidateId"), {})
    if remote.get("address") != "127.0.0.1" or remote.get("port") not in support.MEDIA_PORTS:
        raise InteropError(f"selected pair's remote candidate is not Beep on 127.0.0.1:8801-8810: {remote}")
    return t


async def chromium_echo(profile: str) -> None:
    async with support.chromium_page() as page:
        setup = await support.start_chromium_echo(page, [profile])
        echoed = echoed_ssrcs(setup["offer"], setup["answer"])
        snapshot = await poll_until_media(page, echoed)
        t = check_transport(snapshot, profile)
        support.summary(f"chromium {profile}: srtpCipher={t.get('srtpCipher')} dtlsCipher={t.get('dtlsCipher')} "
                    f"tlsVersion={t.get('tlsVersion')}; " + support.describe(snapshot))
        await page.evaluate("closeEcho()")


def test_chromium_gcm() -> None:
    asyncio.run(chromium_echo(GCM))


def test_chromium_cm() -> None:
    asyncio.run(chromium_echo(CM80))
