"""Stand-in for Beep's calls service under tools/interop/run.sh --mock (the call tests start it
themselves then, on a free port), to check the call page and the three-browser harness
without Beep. It serves web/call at /call/ROOM and /call/assets/*, speaks docs/signalling.md
v1 on /call/ws (stdlib WebSocket, RFC 6455), and "forwards" each published track with aiortc
as a cheap synthetic track of the same kind under the publisher's ids (see Gate): it shows
that the page negotiates both ways and that the harness reads per-participant media right.
Tokens are unsigned base64url JSON (mint_token); nothing here is a security boundary.
Harness self-check only, NOT a test of Beep.

    python tools/interop/mock_calls.py --host 127.0.0.1 --port 18091 [--web web/call] [--glare]

--glare makes one server offer cross each connection's first later offer, so the page's
rollback path (error `glare`) runs.

Known simplifications: one aiortc peer connection per participant that answers the page's
offers and offers the others' tracks (a=extmap lines removed: aiortc renumbers them in its
re-offers, which Chromium refuses; rejected m-sections fixed up in its answers);
unpublish/leave stop the frames and make the m-sections inactive; no token signature,
expiry or permission checks; errors are coarse.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import itertools
import json
import mimetypes
import pathlib
import struct
import sys
import traceback

HERE = pathlib.Path(__file__).resolve().parent
ALL_PERMISSIONS = ["publishAudio", "publishVideo", "publishScreen", "subscribe"]
WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
MAX_FRAME = 65536


def mint_token(room: str, identity: str, name: str) -> str:
    claims = {"room": room, "sub": identity, "name": name, "perms": ALL_PERMISSIONS}
    return "mock." + base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")


def read_token(token: str) -> dict | None:
    if not isinstance(token, str) or not token.startswith("mock."):
        return None
    body = token[5:]
    try:
        return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except ValueError:
        return None


def answer_rejections(answer: str, offer: str) -> str:
    """aiortc answers an m-section the offer rejected (port 0: a stopped transceiver) as if it
    were live and keeps it in BUNDLE; Chromium refuses that (RFC 8829 §5.3.1, RFC 9143
    §7.3.3). Rejects it in the answer too and bundles only what the offer bundled."""

    def sections(sdp: str) -> list[str]:
        return sdp.split("\r\nm=")

    def mid_of(section: str) -> str | None:
        return next((line[6:] for line in section.split("\r\n") if line.startswith("a=mid:")), None)

    rejected = {mid_of(x) for x in sections(offer)[1:] if x.split(" ")[1:2] == ["0"]}
    bundled = {mid for line in offer.splitlines() if line.startswith("a=group:BUNDLE") for mid in line.split(" ")[1:]}
    parts = sections(answer)
    for index in range(1, len(parts)):
        if mid_of(parts[index]) in rejected:
            kind, _, rest = parts[index].split(" ", 2)
            parts[index] = f"{kind} 0 {rest}"
    lines = []
    for line in "\r\nm=".join(parts).split("\r\n"):
        if line.startswith("a=group:BUNDLE"):
            line = " ".join(["a=group:BUNDLE"] + [mid for mid in line.split(" ")[1:] if mid in bundled])
        lines.append(line)
    return "\r\n".join(lines)


# ---------------------------------------------------------------- WebSocket (RFC 6455)


class WebSocket:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.reader, self.writer = reader, writer
        self.lock = asyncio.Lock()

    async def receive(self) -> str | None:
        """The next text message, or None when the peer closed."""
        parts: list[bytes] = []
        while True:
            head = await self.reader.readexactly(2)
            fin, opcode = head[0] & 0x80, head[0] & 0x0F
            length = head[1] & 0x7F
            if length == 126:
                (length,) = struct.unpack("!H", await self.reader.readexactly(2))
            elif length == 127:
                (length,) = struct.unpack("!Q", await self.reader.readexactly(8))
            if length > MAX_FRAME:
                return None
            mask = await self.reader.readexactly(4) if head[1] & 0x80 else b"\0\0\0\0"
            data = bytes(b ^ mask[i % 4] for i, b in enumerate(await self.reader.readexactly(length)))
            if opcode == 8:
                return None
            if opcode == 9:
                await self._frame(0xA, data)
                continue
            if opcode in (1, 0):
                parts.append(data)
                if fin:
                    return b"".join(parts).decode()

    async def send(self, message: dict) -> None:
        await self._frame(0x1, json.dumps(message).encode())

    async def _frame(self, opcode: int, data: bytes) -> None:
        n = len(data)
        head = bytes([0x80 | opcode]) + (bytes([n]) if n < 126 else bytes([126]) + struct.pack("!H", n)
                                         if n < 65536 else bytes([127]) + struct.pack("!Q", n))
        async with self.lock:
            self.writer.write(head + data)
            await self.writer.drain()


# ---------------------------------------------------------------- forwarded media


class Gate:
    """What the mock sends a subscriber for one published track: not the publisher's media
    (decoding and re-encoding it costs too much CPU) but a cheap synthetic stand-in of the
    same kind (silence; a 160x120 grey picture), under the publisher's track id. Frames pass
    only while the gate is open: mute pauses it, unpublish and leave close it."""

    def __init__(self, kind: str, track_id: str):
        from aiortc.mediastreams import AudioStreamTrack, VideoStreamTrack
        from av import VideoFrame

        gate = self
        base = AudioStreamTrack if kind == "audio" else VideoStreamTrack

        class Synthetic(base):
            async def recv(self):
                while True:
                    if kind == "audio":
                        frame = await super().recv()
                    else:
                        pts, time_base = await self.next_timestamp()
                        frame = VideoFrame(width=160, height=120, format="yuv420p")
                        for plane in frame.planes:
                            plane.update(b"\x80" * plane.buffer_size)
                        frame.pts, frame.time_base = pts, time_base
                    if gate.open:
                        return frame

        self.open = True
        self.track = Synthetic()
        self.track._id = track_id


# ---------------------------------------------------------------- rooms and connections


class Connection:
    ids = itertools.count(1)

    def __init__(self, server: "Server", ws: WebSocket):
        self.server, self.ws = server, ws
        self.room: str | None = None
        self.identity = self.name = ""
        self.perms: list[str] = []
        self.in_call = False
        self.pid = ""
        self.pc = None
        self.published: dict[str, dict] = {}  # kind -> {kind, trackId, mid, muted}
        self.received_from: dict[str, list] = {}  # publisher pid -> transceivers sending its tracks here
        self.gates: dict[str, list[Gate]] = {}  # kind -> gates toward subscribers
        self.forwarded: set[tuple[str, str]] = set()  # (publisher pid, kind) this one receives
        self.server_offer_pending = False
        self.negotiation = asyncio.Lock()
        self.renegotiate_again = False
        self.glared = False

    async def reply(self, request: dict, message: dict) -> None:
        message = {"v": 1, **message}
        print(f"mock: {self.pid or '-'} <- {message['type']} {message.get('code', '')}", flush=True)
        if "id" in request:
            message["inReplyTo"] = request["id"]
        await self.ws.send(message)

    async def error(self, request: dict, code: str, text: str) -> None:
        await self.reply(request, {"type": "error", "code": code, "message": text})

    def participant(self) -> dict:
        return {"participantId": self.pid, "identity": self.identity, "name": self.name,
                "tracks": list(self.published.values())}

    async def handle(self, m: dict) -> None:
        kind = m.get("type")
        if m.get("v") not in (1, 2):  # docs/signalling.md: v2 only adds messages (no resume here)
            return await self.error(m, "unsupported_version", "v must be 1 or 2")
        if kind == "join":
            return await self.join(m)
        if kind == "ping":
            return await self.reply(m, {"type": "pong"})
        if not self.in_call:
            return await self.error(m, "not_joined", f"{kind} needs the call")
        if kind == "publish":
            if m["kind"] in self.published:
                return await self.error(m, "already_published", m["kind"])
            self.published[m["kind"]] = {"kind": m["kind"], "trackId": m["trackId"], "mid": m["mid"], "muted": False}
            if self.server.glare and not self.glared and self.pc is not None and self.pc.remoteDescription is not None:
                # --glare: once per connection, a server offer crosses the client's coming
                # offer (which gets `glare`).
                self.glared = True
                await self.server_offer(lambda: True)
            event = {"type": "trackPublished", "participantId": self.pid, **self.published[m["kind"]]}
            await self.reply(m, event)
            await self.server.broadcast(self.room, event, skip=self, in_call_only=True)
        elif kind == "unpublish":
            track = self.published.pop(m["kind"], None)
            if track is None:
                return await self.error(m, "not_published", m["kind"])
            for gate in self.gates.pop(m["kind"], []):
                gate.open = False
            await self.server.broadcast(self.room, {"type": "trackUnpublished", "participantId": self.pid,
                                                    "kind": m["kind"], "trackId": track["trackId"]}, in_call_only=True)
        elif kind == "mute":
            track = self.published.get(m["kind"])
            if track is None:
                return await self.error(m, "not_published", m["kind"])
            track["muted"] = bool(m["muted"])
            for gate in self.gates.get(m["kind"], []):
                gate.open = not track["muted"]
            await self.server.broadcast(self.room, {"type": "muteChanged", "participantId": self.pid,
                                                    "kind": m["kind"], "muted": track["muted"]}, in_call_only=True)
        elif kind == "offer":
            if self.server_offer_pending:
                return await self.error(m, "glare", "server offer outstanding")
            await self.client_offer(m)
        elif kind == "answer":
            if not self.server_offer_pending:
                return await self.error(m, "out_of_order", "no server offer outstanding")
            from aiortc import RTCSessionDescription

            await self.pc.setRemoteDescription(RTCSessionDescription(m["sdp"], "answer"))
            self.server_offer_pending = False
            if self.renegotiate_again:
                self.renegotiate_again = False
                await self.server_offer()
        elif kind == "candidate":
            from aiortc.sdp import candidate_from_sdp

            text = m["candidate"].removeprefix("candidate:")
            if self.pc is not None and text:
                candidate = candidate_from_sdp(text)
                candidate.sdpMid, candidate.sdpMLineIndex = m.get("sdpMid"), m.get("sdpMLineIndex")
                if candidate.ip in ("127.0.0.1",):
                    await self.pc.addIceCandidate(candidate)
        elif kind == "endOfCandidates":
            pass
        elif kind == "maxLayer":
            pass  # the mock forwards what it gets, one layer: a subscriber's wish changes nothing
        elif kind == "leave":
            await self.leave()
        else:
            await self.error(m, "bad_request", f"unknown type {kind!r}")

    async def join(self, m: dict) -> None:
        claims = read_token(m.get("token"))
        if claims is None:
            return await self.error(m, "unauthorized", "bad token")
        if claims["room"] != m.get("room"):
            return await self.error(m, "wrong_room", "token for another room")
        media = m.get("media", True)
        if media and self.in_call:
            return await self.error(m, "already_joined", "already in the call")
        self.room, self.identity, self.name, self.perms = claims["room"], claims["sub"], claims["name"], claims["perms"]
        self.server.rooms.setdefault(self.room, set()).add(self)
        if media:
            self.in_call = True
            self.pid = f"p{next(Connection.ids)}"
            self.published = {}
        others = [c.participant() for c in self.server.rooms[self.room] if c.in_call and c is not self] if media else []
        await self.reply(m, {"type": "joined", "participantId": self.pid, "room": self.room, "identity": self.identity,
                             "name": self.name, "media": media, "permissions": self.perms, "participants": others,
                             "presence": self.server.presence(self.room)})
        if media:
            await self.server.broadcast(self.room, {"type": "participantJoined", "participant": self.participant()},
                                        skip=self, in_call_only=True)
        await self.server.broadcast(self.room, {"type": "presence", **self.server.presence(self.room)})

    async def client_offer(self, m: dict) -> None:
        from aiortc import RTCSessionDescription

        import webrtc_peers

        async with self.negotiation:
            if self.pc is None:
                self.pc = webrtc_peers.new_aiortc_pc()
            await self.pc.setRemoteDescription(RTCSessionDescription(m["sdp"], "offer"))
            await self.pc.setLocalDescription(await self.pc.createAnswer())
            await self.reply(m, {"type": "answer", "sdp": answer_rejections(self.pc.localDescription.sdp, m["sdp"])})
        await self.server.sync(self.room)

    def forward(self, publisher: "Connection", kind: str) -> bool:
        """Adds a sendonly m-section for the publisher's `kind` track; False if already there."""
        published = publisher.published.get(kind)
        if published is None or self.pc is None or (publisher.pid, kind) in self.forwarded:
            return False
        self.forwarded.add((publisher.pid, kind))
        gate = Gate("audio" if kind == "audio" else "video", published["trackId"])
        gate.open = not published["muted"]
        publisher.gates.setdefault(kind, []).append(gate)
        transceiver = self.pc.addTransceiver(gate.track, direction="sendonly")
        transceiver.sender._stream_id = publisher.pid  # msid: the participant id
        gate.transceiver = transceiver
        self.received_from.setdefault(publisher.pid, []).append(transceiver)
        return True

    async def server_offer(self, change=None) -> None:
        """Offers (again); `change()`, run under the negotiation lock so that it never lands
        between a client offer and its answer, alters the transceivers and says whether
        anything changed."""
        async with self.negotiation:
            if self.pc is None or (change is not None and not change()):
                return
            if self.server_offer_pending:
                self.renegotiate_again = True
                return
            self.server_offer_pending = True
            await self.pc.setLocalDescription(await self.pc.createOffer())
            # aiortc renumbers RTP header extensions in its re-offers (Chromium refuses that):
            # the mock offers none.
            sdp = "".join(line for line in self.pc.localDescription.sdp.splitlines(keepends=True)
                          if not line.startswith("a=extmap:"))
            print(f"mock: {self.pid} <- offer (server)", flush=True)
            await self.ws.send({"v": 1, "type": "offer", "sdp": sdp})

    async def leave(self) -> None:
        if not self.in_call:
            return
        self.in_call = False
        for gates in self.gates.values():
            for gate in gates:
                gate.open = False
        self.gates = {}
        self.published = {}
        self.forwarded = set()
        self.received_from = {}
        if self.pc is not None:
            await self.pc.close()
            self.pc = None
        await self.server.broadcast(self.room, {"type": "participantLeft", "participantId": self.pid}, in_call_only=True)
        await self.server.drop(self.room, self)
        await self.server.broadcast(self.room, {"type": "presence", **self.server.presence(self.room)})


class Server:
    def __init__(self, web: pathlib.Path, glare: bool = False):
        self.web = web
        self.glare = glare
        self.rooms: dict[str, set[Connection]] = {}

    async def sync(self, room: str) -> None:
        """Every subscriber with a peer connection gets every other participant's published
        tracks (the server offers when tracks come)."""
        for sub in list(self.rooms.get(room, ())):
            if not sub.in_call or sub.pc is None or "subscribe" not in sub.perms:
                continue

            def add_tracks(sub=sub) -> bool:
                if sub.pc is None or sub.pc.remoteDescription is None:
                    return False  # its first offer is still being answered: sync runs again after
                pairs = [(pub, kind) for pub in list(self.rooms.get(room, ())) if pub is not sub and pub.in_call
                         for kind in list(pub.published)]
                return any([sub.forward(pub, kind) for pub, kind in pairs])

            await sub.server_offer(add_tracks)

    async def drop(self, room: str, publisher: "Connection") -> None:
        """The publisher left: its m-sections at every subscriber become inactive."""
        for sub in list(self.rooms.get(room, ())):
            transceivers = sub.received_from.pop(publisher.pid, [])
            sub.forwarded = {f for f in sub.forwarded if f[0] != publisher.pid}
            if transceivers and sub.pc is not None:

                def deactivate(transceivers=transceivers) -> bool:
                    for transceiver in transceivers:
                        transceiver.direction = "inactive"  # aiortc offers stopped ones unchanged
                    return True

                try:
                    await sub.server_offer(deactivate)
                except Exception as error:  # noqa: BLE001 - the subscriber may be closing too
                    print(f"mock: renegotiation toward {sub.pid} failed: {error!r}", flush=True)

    def presence(self, room: str) -> dict:
        members: dict[str, dict] = {}
        for c in self.rooms.get(room, ()):
            member = members.setdefault(c.identity, {"identity": c.identity, "name": c.name, "inCall": False})
            member["inCall"] = member["inCall"] or c.in_call
        return {"room": room, "members": sorted(members.values(), key=lambda m: (m["name"], m["identity"]))}

    async def broadcast(self, room: str, message: dict, skip=None, in_call_only=False) -> None:
        for c in list(self.rooms.get(room, ())):
            if c is skip or (in_call_only and not c.in_call):
                continue
            try:
                await c.ws.send({"v": 1, **message})
            except ConnectionError:
                pass

    async def http(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
            method, path, _ = request[0].split(" ", 2)
            headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in request[1:] if ":" in line)}
            path = path.split("?", 1)[0]
            if path == "/health":
                return self.respond(writer, 200, "application/json", b'{"status":"ok","mock":"calls"}')
            if path == "/call/ws" and headers.get("upgrade", "").lower() == "websocket":
                return await self.websocket(reader, writer, headers)
            if path.startswith("/call/assets/"):
                name = path.removeprefix("/call/assets/")
                file = self.web / name
                if "/" in name or not file.is_file():
                    return self.respond(writer, 404, "text/plain", b"not found")
                kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
                if name.endswith(".js"):
                    kind = "text/javascript"
                return self.respond(writer, 200, kind + "; charset=utf-8", file.read_bytes())
            if path.startswith("/call/") and path.count("/") == 2:
                return self.respond(writer, 200, "text/html; charset=utf-8", (self.web / "index.html").read_bytes())
            self.respond(writer, 404, "text/plain", b"not found")
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            writer.close()

    def respond(self, writer, status: int, kind: str, body: bytes) -> None:
        writer.write(f"HTTP/1.1 {status} X\r\nContent-Type: {kind}\r\nContent-Length: {len(body)}\r\n"
                     f"Cache-Control: no-store\r\nConnection: close\r\n\r\n".encode() + body)
        writer.close()

    async def websocket(self, reader, writer, headers) -> None:
        accept = base64.b64encode(hashlib.sha1((headers["sec-websocket-key"] + WS_GUID).encode()).digest()).decode()
        writer.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      f"Sec-WebSocket-Accept: {accept}\r\n\r\n").encode())
        await writer.drain()
        ws = WebSocket(reader, writer)
        conn = Connection(self, ws)
        try:
            while (text := await ws.receive()) is not None:
                try:
                    message = json.loads(text)
                except ValueError:
                    await conn.error({}, "bad_request", "not JSON")
                    continue
                print(f"mock: {conn.pid or '-'} -> {message.get('type')}", flush=True)
                try:
                    await conn.handle(message)
                except (KeyError, TypeError) as e:
                    await conn.error(message, "bad_request", f"field {e}")
                except Exception:  # noqa: BLE001 - a mock: report and go on
                    traceback.print_exc()
                    await conn.error(message, "internal", "mock failure")
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            await conn.leave()
            if conn.room is not None:
                self.rooms.get(conn.room, set()).discard(conn)
                await self.broadcast(conn.room, {"type": "presence", **self.presence(conn.room)})
            writer.close()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=18090)
    parser.add_argument("--web", default=str(HERE.parent.parent / "web" / "call"))
    parser.add_argument("--glare", action="store_true",
                        help="offer to a client that publishes, so that its offer meets error glare")
    args, _ = parser.parse_known_args()
    sys.path.insert(0, str(HERE.parent))  # tools/, for webrtc_peers
    import webrtc_peers

    webrtc_peers.use_host_address_for_aioice()
    server = Server(pathlib.Path(args.web), glare=args.glare)
    listener = await asyncio.start_server(server.http, args.host, args.port)
    print(f"mock calls on http://{args.host}:{args.port}", flush=True)
    async with listener:
        await listener.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
