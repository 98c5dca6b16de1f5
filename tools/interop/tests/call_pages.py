"""The call page in headless Chromium, shared by the browser call tests
(test_call_three_browsers.py, test_call_turn_relay.py): the calls service to talk to (Beep, or
tools/interop/mock_calls.py under run.sh --mock), join tokens from `beep token create`, one page
per participant in its own browser context, and the media checks on the page's getStats().

Every failed step raises InteropError naming the step, never a skip.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import subprocess
import sys
import time

import support
from support import InteropError

ROOM = "r1"
# A page big enough that a camera pinned to its stage wants the full layer: the stage is then
# about 980 CSS px wide, above web/call/layers.js MEDIUM_LAYER_MAX_WIDTH_PX (600) at DPR 1.
STAGE_VIEWPORT = {"width": 1280, "height": 720}
WISH_DEADLINE_S = 5.0  # a resize → the page's maxLayer sent (debounced 250 ms)
MEDIA_DEADLINE_S = 30.0
QUIET_WINDOW_S = 1.5  # no packet of a paused/ended track may arrive in this window
# Beyond webrtc_peers.CHROMIUM_FLAGS: several call pages in one browser must not be throttled
# as background pages. getDisplayMedia needs nothing more: with --use-fake-ui-for-media-stream
# and --use-fake-device-for-media-stream Chromium 156 headless captures a fake 1280x720
# "screen:-3:0" monitor surface without a picker (probed; see the call page report).
CALL_FLAGS = [
    "--autoplay-policy=no-user-gesture-required",
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
]


# ---------------------------------------------------------------- tokens


# Where the call page and /call/ws are: BEEP_URL, or the mock under --mock (serving_calls).
CALL_URL = ""


@contextlib.contextmanager
def serving_calls():
    """Points CALL_URL at Beep, or under --mock at a mock_calls.py started for the caller
    (a test module's fixture); yields the URL."""
    global CALL_URL
    if os.environ.get("INTEROP_MOCK") != "1":
        CALL_URL = support.beep_url()
        yield CALL_URL
        return
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    mock = subprocess.Popen([sys.executable, str(support.HERE.parent / "mock_calls.py"), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        CALL_URL = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                if support.http_request("GET", CALL_URL + "/health")[0] == 200:
                    break
            except InteropError:
                pass
            if mock.poll() is not None or time.monotonic() > deadline:
                raise InteropError(f"mock_calls.py did not serve /health: {mock.communicate(timeout=5)[0][-2000:]}")
            time.sleep(0.1)
        support.log(f"MOCK calls service (tools/interop/mock_calls.py) at {CALL_URL}: harness self-check only")
        yield CALL_URL
    finally:
        mock.terminate()
        try:
            mock.wait(timeout=10)
        except subprocess.TimeoutExpired:
            mock.kill()


def join_token(room: str, identity: str, name: str) -> str:
    """A join token from `beep token create` (docs/signalling.md, Join tokens)."""
    if os.environ.get("INTEROP_MOCK") == "1":
        sys.path.insert(0, str(support.HERE.parent))
        import mock_calls  # tools/interop/mock_calls.py, the --mock stand-in

        return mock_calls.mint_token(room, identity, name)
    beep = os.environ.get("INTEROP_BEEP", "")
    if not beep or not os.access(beep, os.X_OK):
        raise InteropError(f"INTEROP_BEEP {beep!r} is not an executable beep (run through tools/interop/run.sh)")
    command = [beep, "token", "create", "--room", room, "--identity", identity, "--name", name]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise InteropError(f"`beep token create` failed to run: {error}") from None
    token = done.stdout.strip()
    if done.returncode != 0 or not token or len(token.split()) != 1:
        # stderr only: stdout may hold a token, which is never printed.
        raise InteropError(f"`beep token create --room {room} --identity {identity} --name {name}` "
                           f"exited {done.returncode} without one token on stdout; stderr: {done.stderr.strip()[:500]!r}")
    return token


# ---------------------------------------------------------------- browsers and pages


class Participant:
    """One call page in its own browser context (own fake devices, own cookies)."""

    def __init__(self, name: str, context, page, errors: list[str]):
        self.name, self.context, self.page, self.errors = name, context, page, errors
        self.pid = ""

    async def snapshot(self) -> dict:
        return await support.step(f"{self.name}: snapshot", self.page.evaluate("window.beepCall.snapshot()"), 10)

    async def stats(self) -> dict:
        return await support.step(f"{self.name}: getStats", self.page.evaluate("window.beepCall.stats()"), 10)

    async def click(self, selector: str) -> None:
        await support.step(f"{self.name}: click {selector}", self.page.click(selector), 10)


@contextlib.asynccontextmanager
async def chromium(extra_flags: list[str] | None = None):
    """One headless Debian Chromium (Playwright executable_path, fake devices, plus
    `extra_flags`); yields it."""
    from playwright.async_api import async_playwright

    support.require_chromium()
    async with async_playwright() as playwright:
        browser = await support.step(
            "launch chromium",
            playwright.chromium.launch(executable_path=support.CHROMIUM, headless=True,
                                       args=support.peers.CHROMIUM_FLAGS + CALL_FLAGS + (extra_flags or [])),
            60,
        )
        try:
            yield browser
        finally:
            await support.step("close chromium", browser.close(), 30)


async def open_page(browser, name: str, identity: str, room: str = ROOM, join: bool = False,
                    query: str = "", viewport: dict | None = None) -> Participant:
    """Loads /call/ROOM?QUERY#token=… (join=1 joins at once; QUERY e.g. relay=tcp) in a page of
    `viewport` size (Playwright's 1280x720 by default) and waits until the page has entered the
    room as a watcher (or further)."""
    token = join_token(room, identity, name)
    context = await (browser.new_context(viewport=viewport) if viewport else browser.new_context())
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{name}: uncaught {error}"))
    page.on("console", lambda msg: support.log(f"{name} console {msg.type}: {msg.text}"))
    fragment = f"#token={token}" + ("&join=1" if join else "")
    url = f"{CALL_URL}/call/{room}" + (f"?{query}" if query else "")
    try:
        response = await support.step(f"{name}: load {url}", page.goto(url + fragment), 30)
    except Exception as error:  # noqa: BLE001 - Playwright's message holds the URL: no token in logs
        raise InteropError(f"{name}: GET /call/{room} failed (Beep serves no call page?): "
                           + str(error).replace(token, "<token>")[:500]) from None
    if response is None or response.status != 200:
        status = None if response is None else response.status
        raise InteropError(f"{name}: GET /call/{room}: HTTP {status} (Beep serves no call page?)")
    participant = Participant(name, context, page, errors)
    if not await page.evaluate("window.isSecureContext"):
        raise InteropError(f"{name}: {url} is not a secure context")
    await wait_until(participant, "entered the room", lambda s: s["phase"] in ("watching", "joining", "joined"), 15)
    return participant


async def wait_until(p: Participant, what: str, predicate, timeout: float, interval: float = 0.05) -> dict:
    """Polls p's snapshot until predicate(snapshot); raises naming `what` and the state."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            s = await p.page.evaluate("window.beepCall ? window.beepCall.snapshot() : null")
        except Exception as error:  # noqa: BLE001 - Playwright re-raises page exceptions
            raise InteropError(f"{p.name}: page failed while waiting until {what}: {error}") from None
        if s is not None and predicate(s):
            return s
        if s is not None and s["phase"] == "closed":
            raise InteropError(f"{p.name}: page closed while waiting until {what}: lastError={s['lastError']}")
        if time.monotonic() > deadline:
            brief = None if s is None else {k: s[k] for k in ("phase", "lastError", "remoteTracks", "events")}
            raise InteropError(f"{p.name}: not {what} within {timeout}s; page state: {json.dumps(brief)[:2000]}")
        await asyncio.sleep(interval)


async def join_call(p: Participant) -> None:
    await p.click("#join-button")
    s = await wait_until(p, "joined the call", lambda s: s["joined"] and s["self"] is not None, 20)
    p.pid = s["self"]["participantId"]


# ---------------------------------------------------------------- the stage and layer wishes


def pin_button(p: Participant, publisher: str):
    """The pin button on the publisher's tile in p's page (web/call/ui.js)."""
    return p.page.locator(f'.tile[data-participant-id="{publisher}"] .pin-button')


async def stage_width(p: Participant) -> float:
    """The stage video's rendered width in device pixels (0 while the stage is hidden)."""
    return await p.page.evaluate(
        "() => document.getElementById('stage-video').getBoundingClientRect().width * window.devicePixelRatio")


async def wait_wish(p: Participant, publisher: str, layer: str | None, what: str) -> dict:
    """Until p's page has sent maxLayer `layer` (None: no cap) for the publisher's camera."""
    def sent(s: dict) -> bool:
        return publisher in s["layerWishes"] and s["layerWishes"][publisher] == layer
    return await wait_until(p, f"sent maxLayer {layer} for {publisher} ({what})", sent, WISH_DEADLINE_S)


async def pin_to_stage(p: Participant, publisher: str, keyboard: bool = False) -> None:
    """Pins the publisher's camera to p's stage by pressing its tile (a click, or with
    `keyboard` focus and Enter), then checks the tile is pressed, the stage shows that camera
    and is wide enough that the page lifted its layer cap (maxLayer null)."""
    button = pin_button(p, publisher)
    if keyboard:
        await support.step(f"{p.name}: focus {publisher}'s pin button", button.focus(), 10)
        await support.step(f"{p.name}: press Enter on it", p.page.keyboard.press("Enter"), 10)
    else:
        await support.step(f"{p.name}: click {publisher}'s tile", button.click(), 10)
    await wait_until(p, f"pinned {publisher}", lambda s: s["pinned"] == publisher, 5)
    pressed = await button.get_attribute("aria-pressed")
    if pressed != "true":
        raise InteropError(f"{p.name}: {publisher}'s pin button has aria-pressed={pressed!r} after pinning")
    if await p.page.locator("#stage").is_hidden():
        raise InteropError(f"{p.name}: the stage stays hidden with {publisher} pinned")
    width = await stage_width(p)
    support.log(f"{p.name}: {publisher} pinned; stage {width:.0f} device px wide")
    await wait_wish(p, publisher, None, f"stage {width:.0f} device px wide")


async def unpin_from_stage(p: Participant, publisher: str) -> None:
    """Presses the stage's unpin button: the stage hides, focus returns to the publisher's tile
    and the page asks for q again (its tile is small)."""
    await p.click("#stage-unpin")
    await wait_until(p, f"unpinned {publisher}", lambda s: s["pinned"] is None, 5)
    if not await p.page.locator("#stage").is_hidden():
        raise InteropError(f"{p.name}: the stage still shows after unpinning")
    focused = await p.page.evaluate("() => document.activeElement?.closest('.tile')?.dataset.participantId ?? null")
    if focused != publisher:
        raise InteropError(f"{p.name}: after unpinning, focus is on {focused!r}, not {publisher}'s tile")
    if await pin_button(p, publisher).get_attribute("aria-pressed") != "false":
        raise InteropError(f"{p.name}: {publisher}'s pin button stays pressed after unpinning")
    await wait_wish(p, publisher, "q", "tile small again")


def check_no_page_errors(people: list[Participant]) -> None:
    errors = [e for p in people for e in p.errors]
    if errors:
        raise InteropError("uncaught errors in the call pages: " + "; ".join(errors[:10]))


# ---------------------------------------------------------------- media checks


def remote_kind(snapshot: dict, track_id: str) -> str | None:
    return next((r["kind"] for r in snapshot["remoteTracks"] if r["trackId"] == track_id), None)


async def counters(p: Participant) -> dict[tuple[str, str], int]:
    """{(publisher participantId, kind): counter} from p's getStats(): packetsReceived for
    audio, framesDecoded for video and screen (kind from the page's trackPublished mapping)."""
    s, stats = await p.snapshot(), await p.stats()
    found: dict[tuple[str, str], int] = {}
    for entry in stats["inbound"]:
        kind = remote_kind(s, entry["trackId"]) or entry["kind"]
        value = entry["packetsReceived"] if kind == "audio" else entry["framesDecoded"]
        key = (entry["participantId"], kind)
        found[key] = max(found.get(key, 0), value)
    return found


async def packets_from(p: Participant, publisher: str, kind: str) -> int:
    """Inbound RTP packets p received of the publisher's track of this kind (0 if none)."""
    s, stats = await p.snapshot(), await p.stats()
    return sum(e["packetsReceived"] for e in stats["inbound"]
               if e["participantId"] == publisher and (remote_kind(s, e["trackId"]) or e["kind"]) == kind)


async def wait_media_flowing(p: Participant, expected: list[tuple[str, str]], what: str) -> None:
    """Until every expected (publisher, kind) counter is > 0 and then increases over 1 s."""
    deadline = time.monotonic() + MEDIA_DEADLINE_S
    first: dict = {}
    while time.monotonic() < deadline:
        first = await counters(p)
        if all(first.get(key, 0) > 0 for key in expected):
            break
        await asyncio.sleep(0.25)
    else:
        s = await p.snapshot()
        raise InteropError(f"{p.name}: no {what} within {MEDIA_DEADLINE_S}s; want > 0 for {expected}, have {first}; "
                           f"received tracks: {json.dumps(s['remoteTracks'])[:1500]}; lastError: {s['lastError']}; "
                           f"getStats: {json.dumps(await p.stats())[:1500]}")
    await asyncio.sleep(1.0)
    second = await counters(p)
    stalled = [key for key in expected if second.get(key, 0) <= first.get(key, 0)]
    if stalled:
        raise InteropError(f"{p.name}: {what} stalled for {stalled}: {first} then {second} one second later")
    support.log(f"{p.name}: {what} flowing: {second}")


async def check_quiet(p: Participant, publisher: str, kind: str, what: str) -> None:
    """No packet of the publisher's `kind` track reaches p within QUIET_WINDOW_S."""
    before = await packets_from(p, publisher, kind)
    await asyncio.sleep(QUIET_WINDOW_S)
    after = await packets_from(p, publisher, kind)
    if after != before:
        raise InteropError(f"{p.name}: {after - before} {kind} packets of {publisher} arrived in "
                           f"{QUIET_WINDOW_S}s after {what} (want none)")
