"""Shared helpers of the interop tests: the Beep endpoint, the answer checks, the page server
(which serves echo_page.html and forwards POST /dev/echo to Beep, same origin for the page),
Chromium through Playwright, and the loopback-only guard; what they share with the fixture
capture (Chromium flags and launch, page server, deadlines, network rule) is in
tools/webrtc_peers.py.

Every missing peer or failed step raises InteropError (a test failure), never a skip.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import pathlib
import re
import sys
import urllib.error
import urllib.request

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))  # tools/, for webrtc_peers
import webrtc_peers as peers  # noqa: E402

CHROMIUM = os.environ.get("INTEROP_CHROMIUM", peers.CHROMIUM)
MEDIA_PORTS = range(8801, 8811)  # the contract: Beep's media ports 8801-8810
GATHER_MS = 10_000
HTTP_TIMEOUT_S = 10.0

# RFC 5764 §4.1.2 / RFC 7714 §14.2 profile names (what /dev/echo takes) and the srtpCipher
# strings Chromium 156 reports in RTCTransportStats for them, as observed against aiortc
# (tools/interop/run.sh --mock): not the W3C webrtc-stats examples ("AES_CM_128_HMAC_SHA1_80")
# but libwebrtc's own names. Same run: dtlsCipher "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
# tlsVersion "FEFD" (DTLS 1.2), dtlsState "connected".
GCM = "SRTP_AEAD_AES_128_GCM"
CM80 = "SRTP_AES128_CM_SHA1_80"
CHROMIUM_SRTP_CIPHER = {GCM: "SRTP_AEAD_AES_128_GCM", CM80: "SRTP_AES128_CM_HMAC_SHA1_80"}


class InteropError(AssertionError):
    """A failed interop step; an AssertionError so pytest reports it as a plain failure."""


log = peers.logger("interop")
# Awaits with a deadline; a timeout becomes a named InteropError.
step = functools.partial(peers.step, error=InteropError)

# Lines printed in pytest's terminal summary (visible with -q): figures and cipher names.
SUMMARY: list[str] = []


def summary(line: str) -> None:
    SUMMARY.append(line)
    log(line)


# ---------------------------------------------------------------- environment


def skip_under_mock(missing: str) -> None:
    """run.sh --mock (INTEROP_MOCK=1) is a harness self-check in which an aiortc stand-in
    replaces Beep and has no `missing` (calls service, TURN server, API, web client): tests
    that need it are skipped there, and only there. `make test` never passes --mock."""
    if os.environ.get("INTEROP_MOCK") == "1":
        import pytest

        pytest.skip(f"the aiortc mock has no {missing} (harness self-check run)")


def require_loopback_only_namespace() -> None:
    """The network rule: tests run where `lo` is the only interface (run.sh uses unshare -n)."""
    peers.require_loopback_only_namespace("tools/interop/run.sh", InteropError)


def beep_url() -> str:
    url = os.environ.get("BEEP_URL", "").rstrip("/")
    if not url:
        raise InteropError("BEEP_URL is not set (run through tools/interop/run.sh)")
    if not re.fullmatch(r"http://127\.0\.0\.1:\d+", url):
        raise InteropError(f"BEEP_URL {url!r} is not http://127.0.0.1:PORT (loopback only)")
    return url


def http_request(method: str, url: str, body: bytes | None = None,
                 headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """(status, body) of one HTTP request; connection errors raise InteropError."""
    all_headers = {"Content-Type": "application/json"} if body else {}
    all_headers.update(headers or {})
    request = urllib.request.Request(url, data=body, method=method, headers=all_headers)
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_S) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (urllib.error.URLError, OSError) as error:
        raise InteropError(f"{method} {url}: {error}") from None


def check_health() -> dict:
    status, body = http_request("GET", beep_url() + "/health")
    try:
        document = json.loads(body)
    except ValueError:
        document = None
    if status != 200 or not isinstance(document, dict) or document.get("status") != "ok":
        raise InteropError(f"GET /health: HTTP {status}: {body[:300]!r}")
    return document


def post_echo(offer: str, srtp_profiles: list[str] | None) -> str:
    """POST /dev/echo with the offer; returns the answer SDP or raises with Beep's reply."""
    payload: dict = {"sdp": offer}
    if srtp_profiles is not None:
        payload["srtpProfiles"] = srtp_profiles
    status, body = http_request("POST", beep_url() + "/dev/echo", json.dumps(payload).encode())
    if status == 404:
        raise InteropError("POST /dev/echo: HTTP 404 (Beep started without BEEP_DEV_ECHO=1, "
                           f"or no /dev/echo endpoint): {body[:300]!r}")
    if status != 200:
        raise InteropError(f"POST /dev/echo: HTTP {status}: {body[:500]!r}")
    try:
        answer = json.loads(body)["sdp"]
    except (ValueError, KeyError, TypeError):
        raise InteropError(f"POST /dev/echo: no JSON 'sdp' in {body[:500]!r}") from None
    if not isinstance(answer, str):
        raise InteropError(f"POST /dev/echo: 'sdp' is not a string: {body[:500]!r}")
    return answer


# ---------------------------------------------------------------- SDP checks


def check_answer(answer: str) -> None:
    """The contract of /dev/echo answers: ICE-lite (RFC 8445 §2.5), every candidate a
    127.0.0.1 UDP host candidate on a media port (8801-8810), no trickle needed."""
    if not answer.startswith("v=0"):
        raise InteropError(f"answer does not start with v=0: {answer[:80]!r}")
    if not re.search(r"^a=ice-lite\r?$", answer, re.MULTILINE):
        raise InteropError("answer lacks a=ice-lite")
    candidates = re.findall(r"^a=candidate:(.*?)\r?$", answer, re.MULTILINE)
    if not candidates:
        raise InteropError("answer has no a=candidate line")
    for line in candidates:
        fields = line.split()
        if len(fields) < 8 or fields[2].lower() != "udp" or fields[4] != "127.0.0.1" or fields[7] != "host":
            raise InteropError(f"answer candidate is not a UDP host candidate on 127.0.0.1: {line!r}")
        if int(fields[5]) not in MEDIA_PORTS:
            raise InteropError(f"answer candidate port {fields[5]} outside 8801-8810: {line!r}")


def answer_ssrcs(answer: str) -> dict[str, set[int]]:
    """SSRCs Beep declares per media kind (a=ssrc, RFC 5576 §4.1): the echoed streams."""
    found: dict[str, set[int]] = {}
    for kind, section in peers.sdp_sections(answer):
        ssrcs = {int(s) for s in re.findall(r"^a=ssrc:(\d+) ", section, re.MULTILINE)}
        found.setdefault(kind, set()).update(ssrcs)
    return found


def offer_ssrcs(offer: str) -> set[int]:
    return {int(s) for s in re.findall(r"^a=ssrc:(\d+) ", offer, re.MULTILINE)}


# ---------------------------------------------------------------- page server


@contextlib.contextmanager
def page_server():
    """Serves echo_page.html at http://127.0.0.1:PORT/ (a secure context for getUserMedia)
    and forwards POST /dev/echo to Beep, so the page's fetch is same-origin. Yields the URL."""
    target = beep_url()

    def forward(path: str, body: bytes) -> tuple[int, str, bytes]:
        if path != "/dev/echo":
            return 404, "text/plain", b"not found"
        try:
            status, reply = http_request("POST", target + "/dev/echo", body)
        except InteropError as error:
            status, reply = 502, str(error).encode()
        return status, "application/json", reply

    with peers.page_server((HERE / "echo_page.html").read_bytes(), forward) as url:
        yield url


# ---------------------------------------------------------------- Chromium


def require_chromium() -> None:
    if not os.access(CHROMIUM, os.X_OK):
        raise InteropError(f"{CHROMIUM} missing (apt-get install chromium)")


@contextlib.asynccontextmanager
async def chromium_page():
    """A fresh headless Chromium (Debian's, via Playwright's executable_path, fresh profile)
    with echo_page.html loaded; yields the Playwright page."""
    require_chromium()
    with page_server() as url:
        async with peers.chromium_page(
            url, chromium=CHROMIUM, error=InteropError, log=log, profile_prefix="beep-interop-chromium-"
        ) as page:
            yield page


async def start_chromium_echo(page, srtp_profiles: list[str] | None) -> dict:
    """Runs the page's startEcho: offer, gathering, POST /dev/echo, answer applied.
    Returns {offer, answer, marks}; the answer is checked against the contract."""
    try:
        result = await step(
            "chromium offer / POST /dev/echo / apply answer",
            page.evaluate("([p, ms]) => startEcho(p, ms)", [srtp_profiles, GATHER_MS]),
            GATHER_MS / 1000 + 20,
        )
    except InteropError:
        raise
    except Exception as error:  # Playwright re-raises the page's exception
        raise InteropError(f"chromium echo setup failed: {error}") from None
    check_answer(result["answer"])
    return result


def entries(snapshot: dict, kind: str) -> list[dict]:
    return snapshot["stats"].get(kind, [])


def inbound(snapshot: dict, media: str) -> list[dict]:
    return [e for e in entries(snapshot, "inbound-rtp") if e.get("kind") == media]


def transport(snapshot: dict) -> dict:
    found = entries(snapshot, "transport")
    if len(found) != 1:
        raise InteropError(f"expected one RTCTransportStats (max-bundle), got {len(found)}: {found}")
    return found[0]


def describe(snapshot: dict) -> str:
    """A one-paragraph summary of a stats snapshot for failure messages."""
    parts = [f"connectionState={snapshot['connectionState']}", f"iceConnectionState={snapshot['iceConnectionState']}"]
    for e in entries(snapshot, "transport"):
        parts.append("transport " + json.dumps({k: e.get(k) for k in (
            "dtlsState", "iceState", "srtpCipher", "dtlsCipher", "tlsVersion", "dtlsRole",
            "selectedCandidatePairId", "packetsSent", "packetsReceived")}))
    for kind in ("inbound-rtp", "outbound-rtp"):
        for e in entries(snapshot, kind):
            parts.append(f"{kind} {e.get('kind')} ssrc={e.get('ssrc')} packets="
                         f"{e.get('packetsReceived', e.get('packetsSent'))} framesDecoded={e.get('framesDecoded')}")
    return "; ".join(parts)


def figure_run_count() -> int:
    """How many runs a measuring test makes: 1 in `make test`; with INTEROP_FIGURES set,
    INTEROP_RUNS (default 10, 1..50)."""
    if not os.environ.get("INTEROP_FIGURES"):
        return 1
    raw = os.environ.get("INTEROP_RUNS", "10")
    try:
        runs = int(raw)
    except ValueError:
        raise InteropError(f"INTEROP_RUNS={raw!r} is not an integer") from None
    if not 1 <= runs <= 50:
        raise InteropError(f"INTEROP_RUNS={runs} outside 1..50")
    return runs
