"""Shared helpers of the Python tools that drive real WebRTC peers: the fixture capture
(tools/fixtures/capture_fixtures.py) and the interop suite (tools/interop). Both run Debian's
headless Chromium through Playwright, and aiortc, inside a network namespace that has only
loopback.

Each caller passes its own exception type (CaptureError, InteropError) to the helpers that
fail. Only the standard library is imported here at load time; Playwright, aioice, aiortc and
PyAV are imported by the helpers that use them.

Callers put this file's folder (tools/) on sys.path before importing it.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.server
import pathlib
import re
import shutil
import socket
import tempfile
import threading
from typing import Callable

# Browser-side helpers the pages load from the page server (newPc, waitGathering, fakeMedia).
PAGE_SCRIPT = pathlib.Path(__file__).resolve().with_suffix(".js")
PAGE_SCRIPT_PATH = "/webrtc_peers.js"

CHROMIUM = "/usr/bin/chromium"
# The flags of shared/DESIGN.md (headless Debian Chromium, fake devices, loopback ICE).
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--allow-loopback-in-peer-connection",
    "--disable-features=WebRtcHideLocalIpsWithMdns",
]

# What a page server does with a POST: (path, body) -> (status, content type, body).
PostHandler = Callable[[str, bytes], tuple[int, str, bytes]]


# ---------------------------------------------------------------- logging and deadlines


def logger(tag: str) -> Callable[[str], None]:
    """A log function printing `[tag] message`, flushed at once."""

    def log(message: str) -> None:
        print(f"[{tag}] {message}", flush=True)

    return log


async def step(name: str, awaitable, timeout: float, error: type[Exception]):
    """Awaits with a deadline; a timeout becomes `error` naming the step."""
    try:
        return await asyncio.wait_for(awaitable, timeout)
    except asyncio.TimeoutError:
        raise error(f"step '{name}' timed out after {timeout}s") from None


# ---------------------------------------------------------------- network rule


def require_loopback_only_namespace(runner: str, error: type[Exception]) -> None:
    """Raises `error` unless `lo` is the only network interface; `runner` is the script
    that sets such a namespace up (unshare -n)."""
    interfaces = sorted(name for _, name in socket.if_nameindex())
    if interfaces != ["lo"]:
        raise error(f"network interfaces {interfaces}: run through {runner} (unshare -n, loopback only)")


def use_host_address_for_aioice(address: str = "127.0.0.1") -> None:
    """Makes aioice offer exactly `address` as its IPv4 host address (and no IPv6 one).
    aioice skips 127.0.0.1 when listing host addresses; inside the loopback-only namespace
    it is the only address there is."""
    import aioice.ice

    aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: [address] if use_ipv4 else []


# ---------------------------------------------------------------- aiortc


def new_aiortc_pc():
    """An aiortc RTCPeerConnection without ICE servers (aiortc's default would use a public
    STUN server)."""
    from aiortc import RTCConfiguration, RTCPeerConnection

    return RTCPeerConnection(RTCConfiguration(iceServers=[]))


def video_frame_320x240(pts: int, time_base, luma: Callable[[int, int], bytes]):
    """A 320x240 yuv420p av.VideoFrame: the luma plane is `luma(line_size, buffer_size)`,
    the chroma planes neutral (0x80)."""
    from av import VideoFrame

    frame = VideoFrame(width=320, height=240, format="yuv420p")
    plane = frame.planes[0]
    plane.update(luma(plane.line_size, plane.buffer_size))
    for plane in frame.planes[1:]:
        plane.update(b"\x80" * plane.buffer_size)
    frame.pts = pts
    frame.time_base = time_base
    return frame


# ---------------------------------------------------------------- SDP


def sdp_sections(sdp: str) -> list[tuple[str, str]]:
    """(media kind, section text) per m-section."""
    return [(section.split(" ", 1)[0], section) for section in re.split(r"\r?\nm=", sdp)[1:]]


# ---------------------------------------------------------------- page server and Chromium


@contextlib.contextmanager
def page_server(page: bytes, on_post: PostHandler | None = None):
    """Serves `page` at http://127.0.0.1:PORT/ (a secure context for getUserMedia) and
    PAGE_SCRIPT at PAGE_SCRIPT_PATH (other GET paths, e.g. /favicon.ico, get 204) in a
    background thread; POSTs go to `on_post` (501 without one). Yields the URL; shuts the
    server down on exit."""
    script = PAGE_SCRIPT.read_bytes()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/":
                self.reply(200, "text/html; charset=utf-8", page)
            elif self.path == PAGE_SCRIPT_PATH:
                self.reply(200, "text/javascript; charset=utf-8", script)
            else:
                self.send_response(204)
                self.end_headers()

        def do_POST(self) -> None:  # noqa: N802
            if on_post is None:
                self.send_error(501, f"Unsupported method ({self.command!r})")
                return
            length = int(self.headers.get("Content-Length", "0"))
            self.reply(*on_post(self.path, self.rfile.read(length)))

        def reply(self, status: int, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    with serve_in_background(Handler) as base:
        yield base + "/"


@contextlib.contextmanager
def serve_in_background(handler: type[http.server.BaseHTTPRequestHandler]):
    """Serves `handler` on 127.0.0.1 at a free port from a background thread; yields the base
    URL (no trailing slash) and shuts the server down on exit."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.asynccontextmanager
async def chromium_page(
    url: str, *, chromium: str, error: type[Exception], log: Callable[[str], None], profile_prefix: str
):
    """A fresh headless Chromium (`chromium`, via Playwright's executable_path, with
    CHROMIUM_FLAGS and a fresh temporary profile) with `url` loaded, which must be a secure
    context that loaded PAGE_SCRIPT; yields the Playwright page, its console lines going to
    `log`. Every step is bounded; failures raise `error`."""
    from playwright.async_api import async_playwright

    profile = tempfile.mkdtemp(prefix=profile_prefix)
    try:
        async with async_playwright() as playwright:
            context = await step(
                "launch chromium",
                playwright.chromium.launch_persistent_context(
                    profile, executable_path=chromium, headless=True, args=CHROMIUM_FLAGS
                ),
                60,
                error,
            )
            try:
                page = context.pages[0] if context.pages else await context.new_page()
                page.on("console", lambda msg: log(f"page console: {msg.text}"))
                await step("load page", page.goto(url), 30, error)
                if not await page.evaluate("window.isSecureContext"):
                    raise error(f"{url} is not a secure context")
                if not await page.evaluate("typeof waitGathering === 'function'"):
                    raise error(f"{url} did not load {PAGE_SCRIPT_PATH}")
                yield page
            finally:
                await step("close chromium", context.close(), 30, error)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
