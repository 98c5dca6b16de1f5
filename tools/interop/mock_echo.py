"""A stand-in for Beep's /dev/echo built on aiortc, used ONLY to validate the interop harness
itself (tools/interop/run.sh --mock). It is not Beep and proves nothing about Beep.

It takes Beep's command line (--host --port --media-host --media-ports), serves GET /health
and, with BEEP_DEV_ECHO=1, POST /dev/echo: aiortc answers the offer, restricted to the
requested srtpProfiles, with its UDP socket on a port of --media-ports, and sends every
received track back (decoded and re-encoded by aiortc, on aiortc's own SSRCs).
Differences from the real contract: aiortc is a full ICE agent, so the answer's
`a=ice-lite` is added by this script (aiortc still answers Chromium's checks), and only
one session at a time lives (a new offer closes the previous one).
"""

from __future__ import annotations

import argparse
import asyncio
import http.server
import json
import os
import pathlib
import signal
import sys
import threading

from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc import rtcdtlstransport
from aiortc.contrib.media import MediaRelay

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))  # tools/, for webrtc_peers
import webrtc_peers as peers  # noqa: E402

PROFILES = {
    "SRTP_AEAD_AES_128_GCM": rtcdtlstransport.SRTP_AEAD_AES_128_GCM,
    "SRTP_AES128_CM_SHA1_80": rtcdtlstransport.SRTP_AES128_CM_SHA1_80,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--media-host", default="127.0.0.1")
    parser.add_argument("--media-ports", default="8801-8810")
    args = parser.parse_args()
    first, _, last = args.media_ports.partition("-")
    media_ports = range(int(first), int(last or first) + 1)
    peers.use_host_address_for_aioice(args.media_host)

    loop = asyncio.new_event_loop()
    original_endpoint = loop.create_datagram_endpoint

    async def endpoint_in_range(factory, local_addr=None, **kwargs):
        # aioice binds host candidates to port 0: use the first free media port instead.
        if local_addr is None or local_addr[1] != 0:
            return await original_endpoint(factory, local_addr=local_addr, **kwargs)
        error = None
        for port in media_ports:
            try:
                return await original_endpoint(factory, local_addr=(local_addr[0], port), **kwargs)
            except OSError as exc:
                error = exc
        raise OSError(f"no free media port in {args.media_ports}: {error}")

    loop.create_datagram_endpoint = endpoint_in_range
    relay = MediaRelay()
    sessions: list[RTCPeerConnection] = []

    async def answer(body: dict) -> str:
        for old in sessions:
            await old.close()
        sessions.clear()
        pc = peers.new_aiortc_pc()
        sessions.append(pc)

        @pc.on("track")
        def on_track(track) -> None:
            pc.addTrack(relay.subscribe(track))

        await pc.setRemoteDescription(RTCSessionDescription(sdp=body["sdp"], type="offer"))
        wanted = body.get("srtpProfiles")
        if wanted is not None:
            profiles = [PROFILES[name] for name in wanted]
            for transceiver in pc.getTransceivers():
                transceiver.receiver.transport._srtp_profiles = profiles
        await pc.setLocalDescription(await pc.createAnswer())
        sdp = pc.localDescription.sdp
        head, sep, rest = sdp.partition("\r\nt=0 0\r\n")
        return head + sep + "a=ice-lite\r\n" + rest

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/health":
                self.reply(200, {"status": "ok", "mock": "aiortc"})
            else:
                self.reply(404, {"error": "not found"})

        def do_POST(self) -> None:  # noqa: N802
            if self.path != "/dev/echo" or os.environ.get("BEEP_DEV_ECHO") != "1":
                self.reply(404, {"error": "not found"})
                return
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
            try:
                sdp = asyncio.run_coroutine_threadsafe(answer(body), loop).result(30)
            except Exception as error:  # noqa: BLE001 - report to the client
                self.reply(400, {"error": f"{type(error).__name__}: {error}"})
                return
            self.reply(200, {"sdp": sdp})

        def reply(self, status: int, document: dict) -> None:
            body = json.dumps(document).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, fmt, *fmt_args) -> None:
            print("[mock-echo] " + fmt % fmt_args, flush=True)

    server = http.server.ThreadingHTTPServer((args.host, args.port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"[mock-echo] aiortc stand-in on http://{args.host}:{args.port}, media {args.media_ports}", flush=True)
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)

    async def run() -> None:
        await stop.wait()
        for pc in sessions:
            await pc.close()

    loop.run_until_complete(run())
    server.shutdown()
    print("[mock-echo] stopped", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
