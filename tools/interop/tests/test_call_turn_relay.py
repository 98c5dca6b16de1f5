"""Issue 6 "Must show", browser through TURN only: two headless Chromium participants in one
room, each with iceTransportPolicy "relay" and only Beep's TURN (the call page's `?relay=udp`,
`?relay=tcp` or `?relay=tls`: it keeps only that TURN URL of the `iceServers` Beep sends in
`joined`, with the REST credentials issued for the participant). They exchange audio and video through the
SFU (inbound audio packets and framesDecoded increase), and each page's selected candidate
pair has a local relay candidate allocated on Beep's TURN over the expected transport
(relayProtocol), with the relayed address in Beep's relay port range and the remote
candidate one of the SFU's media ports.

run.sh starts beep with `--turn-allow 127.0.0.0/8`: the relay may reach only loopback, so the
SFU's media sockets (127.0.0.1:8801-8810) and nothing else (test_turn_uclient.py checks the
403 for a non-allowed address). Under run.sh --mock (no TURN server) it is left out.

TURN over TLS uses run.sh's per-run self-signed certificate, which no browser trusts: that
Chromium runs with --ignore-certificate-errors (turnutils_uclient -E checks the certificate in
test_turn_uclient.py).
"""

from __future__ import annotations

import asyncio
import os

import pytest

import call_pages
import support
from call_pages import chromium, check_no_page_errors, join_call, open_page, wait_media_flowing
from support import InteropError

TURN_HOST = "127.0.0.1"
RELAY_PORTS = range(49152, 50000)  # run.sh: --turn-relay-ports 49152-49999


@pytest.fixture(scope="module", autouse=True)
def call_server():
    """Beep itself. The run.sh --mock stand-in has no TURN server: like test_turn_uclient.py's,
    these tests are left out of that harness self-check (they always run against beep)."""
    support.skip_under_mock("TURN server")
    with call_pages.serving_calls() as url:
        yield url


def turn_port() -> int:
    return int(os.environ.get("INTEROP_TURN_PORT", "3478"))


def check_relayed(name: str, stats: dict, relay: str) -> dict:
    """The page's selected pair goes through Beep's TURN over `relay`; returns the pair."""
    if stats.get("iceTransportPolicy") != "relay":
        raise InteropError(f"{name}: iceTransportPolicy {stats.get('iceTransportPolicy')!r}, want 'relay'")
    pair = stats.get("selectedPair")
    if not pair or not pair.get("local") or not pair.get("remote"):
        raise InteropError(f"{name}: no selected candidate pair: {pair}")
    local, remote = pair["local"], pair["remote"]
    if local["candidateType"] != "relay":
        raise InteropError(f"{name}: local candidate is {local['candidateType']}, want relay: {pair}")
    if local["relayProtocol"] != relay:
        raise InteropError(f"{name}: relayProtocol {local['relayProtocol']!r}, want {relay!r}: {pair}")
    expected_url = (f"turns:{TURN_HOST}:{os.environ.get('INTEROP_TURN_TLS_PORT', '5349')}?transport=tcp" if relay == "tls"
                    else f"turn:{TURN_HOST}:{turn_port()}?transport={relay}")
    if local.get("url") not in (None, expected_url):
        raise InteropError(f"{name}: relay candidate from {local['url']!r}, want Beep's {expected_url!r}")
    if local["address"] != TURN_HOST or local["port"] not in RELAY_PORTS:
        raise InteropError(f"{name}: relayed address {local['address']}:{local['port']} is not one of Beep's "
                           f"relay ports {TURN_HOST}:{RELAY_PORTS.start}-{RELAY_PORTS.stop - 1}: {pair}")
    if remote["port"] not in support.MEDIA_PORTS:
        raise InteropError(f"{name}: remote candidate {remote} is not on the SFU's media ports 8801-8810")
    if pair["bytesSent"] <= 0 or pair["bytesReceived"] <= 0:
        raise InteropError(f"{name}: nothing crossed the relayed pair: {pair}")
    return pair


async def relayed_call(relay: str) -> None:
    room = f"r-turn-{relay}"
    async with chromium(["--ignore-certificate-errors"] if relay == "tls" else None) as browser:
        a = await open_page(browser, "A", f"turn-a-{relay}", room=room, query=f"relay={relay}")
        b = await open_page(browser, "B", f"turn-b-{relay}", room=room, query=f"relay={relay}")
        for p in (a, b):
            await join_call(p)
        for p, other in ((a, b), (b, a)):
            await wait_media_flowing(p, [(other.pid, "audio"), (other.pid, "video")],
                                     f"the other's audio and video through TURN/{relay}")
        for p in (a, b):
            pair = check_relayed(p.name, await p.stats(), relay)
            support.summary(f"TURN/{relay} call: {p.name} relayed via {pair['local']['address']}:{pair['local']['port']} "
                            f"({pair['local']['relayProtocol']}) -> SFU {pair['remote']['address']}:{pair['remote']['port']}, "
                            f"{pair['bytesSent']} bytes sent, {pair['bytesReceived']} received")
        check_no_page_errors([a, b])


@pytest.mark.timeout(180)
@pytest.mark.parametrize("relay", ["udp", "tcp", "tls"])
def test_two_browsers_call_through_beep_turn_only(relay: str) -> None:
    support.require_loopback_only_namespace()
    asyncio.run(relayed_call(relay))
