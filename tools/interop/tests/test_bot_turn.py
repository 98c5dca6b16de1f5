"""Bots through TURN (issue 7, docs/bot.md "Through TURN"): two `beep-bot`s join one room with
--relay-only (iceTransportPolicy relay), so their only local candidates are relayed ones
allocated on Beep's own TURN server from the `iceServers` of `joined` (run.sh: UDP 3478 on
loopback, relay ports 49152-49999, --turn-allow 127.0.0.0/8) -- and, in the second test, on
Debian's coturn `turnserver` which the test starts on 127.0.0.1:3578 (relay ports 50000-50999,
loopback peers allowed, REST credentials of its --static-auth-secret) and names with
--turn-server. Each must decode the other's
tone and frames with loss <= 1% and no freeze, and report a selected pair whose local
candidate is a relay on Beep's relay ports and whose remote is one of the SFU's media ports
(8801-8810): DTLS, SRTP and RTCP all crossed the relay. Freezes are the call test's subject
(test_bot_call.py); the relayed path is allowed MAX_FREEZES (the relay is one more hop through
Beep's process on a shared machine).

The aiortc stand-in of run.sh --mock has no calls service or TURN server: skipped there, as the
other bot and TURN tests are (a harness self-check run, not a test of Beep).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import tempfile
import time

import pytest

import support
import test_bot_call as bots
import test_turn_uclient as uclient
from support import InteropError

ROOM = "bot-turn"
BOTS = [("Relay A", 440), ("Relay B", 660)]
RELAY_PORTS = range(49152, 50000)  # run.sh: --turn-relay-ports 49152-49999
COTURN_RELAY_PORTS = range(50000, 51000)  # test_turn_uclient.start_coturn: --min-port/--max-port
RUN_TIMEOUT_S = 60
MAX_FREEZES = 3


@pytest.fixture(autouse=True)
def _needs_real_beep() -> None:
    support.skip_under_mock("calls service or TURN server")


def port_of(address: str) -> int:
    return int(address.rsplit(":", 1)[1])


def relayed_call(room: str, relay_ports: range, server: str, turn_args: list[str] | None = None,
                 turn_env: dict[str, str] | None = None) -> None:
    """Two relay-only bots in `room`; each must select a relayed candidate on `relay_ports` and
    meet the bar (MAX_FREEZES allowed)."""
    processes = [(name, bots.start_bot(room, f"relay-{index}", name, [
        "--tone-hz", str(tone), "--duration", "6", "--relay-only", "--expect-peers", "1",
        "--max-freezes", str(MAX_FREEZES), "--json", *(turn_args or [])], turn_env))
        for index, (name, tone) in enumerate(BOTS)]
    problems: list[str] = []
    for name, (code, report, stderr) in bots.collect_reports(processes, RUN_TIMEOUT_S).items():
        if code != 0:
            problems.append(f"{name} exited {code}: {stderr.strip()[-800:]}")
        pair = report.get("selectedPair") or ""
        if report.get("localCandidateType") != "relay" or " -> " not in pair:
            problems.append(f"{name}: selected local candidate {report.get('localCandidateType')!r} ({pair!r}), "
                            "want a relay")
            continue
        local, remote = pair.split(" -> ")
        if port_of(local) not in relay_ports:
            problems.append(f"{name}: relayed address {local} is not on {server}'s relay ports "
                            f"{relay_ports.start}-{relay_ports.stop - 1}")
        if port_of(remote) not in support.MEDIA_PORTS:
            problems.append(f"{name}: remote {remote} is not one of the SFU's media ports")
        for track in report.get("remoteTracks", []):
            support.summary(f"bot TURN ({server}): {name} <- {track.get('name')} {track['kind']} via {pair}: "
                            f"{track['packets']} pkts, {track['lossPercent']:.2f}% loss, frames "
                            f"{track['framesDecoded']}, tone {track.get('detectedToneHz')} Hz, rtt {track.get('rttMs')} ms")
        kinds = {t["kind"] for t in report.get("remoteTracks", []) if t["packets"] > 0}
        if kinds != {"audio", "video"}:
            problems.append(f"{name}: received {sorted(kinds)} through the relay, want audio and video")
    if problems:
        raise InteropError(f"bots through {server}'s TURN failed:\n  " + "\n  ".join(problems))


def test_relay_only_bots_exchange_media_through_beeps_turn() -> None:
    relayed_call(ROOM, RELAY_PORTS, "Beep")


def test_relay_only_bots_exchange_media_through_coturn() -> None:
    secret = "bot-coturn-secret"
    username = f"{int(time.time()) + 3600}:bots"
    password = base64.b64encode(hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()).decode()
    with tempfile.TemporaryDirectory() as logdir:
        coturn = uclient.start_coturn(secret, logdir)
        try:
            relayed_call(ROOM + "-coturn", COTURN_RELAY_PORTS, "coturn",
                         ["--turn-server", f"turn:127.0.0.1:{uclient.COTURN_PORT}", "--turn-username", username],
                         {"BEEP_BOT_TURN_PASSWORD": password})
        finally:
            coturn.terminate()
            coturn.wait(timeout=10)
