#!/usr/bin/env python3
"""Presence and typing across two `beep` processes on one PostgreSQL (docs/events.md, "Presence").

A watcher connects to process A, another member of the same server to process B only. Checks:
the watcher sees the remote member go online (a `presence.updated` from B's connection) and
A's members list shows them online; typing from B reaches the watcher at A; after B is killed
(SIGKILL: it publishes nothing itself), the watcher sees the remote member go offline within
the presence lease (default 15 s, renewed every 5 s, so at most 20 s; the bound checked is
30 s) and A's members list shows them offline. Then B starts again, the member connects to it
(online again) and B is stopped gracefully (SIGTERM): it ends its leases as it stops, so the
member goes offline at A within 8 s (before any lease could run out). Prints how long each
offline took. Bounded: about a minute. Everything runs on loopback; the processes live in a temporary directory.

Both processes run with BEEP_PRESENCE_FAN_OUT_MEMBERS=1, so the three-member server is large
(docs/events.md, "Presence"): the watcher gets the remote member's presence only because it
watches the server's member list (`watchMembers`), and a third member connected to A without
watching it gets none of it.

Usage: presence_across.py --beep .build/debug/beep --database-url postgres://...?search_path=<fresh schema>
"""

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time

import websockets

from beepproc import BeepProcess, channel_id, request, run_and_exit, seed_users

OFFLINE_BOUND_SECONDS = 30
GRACEFUL_OFFLINE_BOUND_SECONDS = 8


def log(*parts):
    print("presence-across:", *parts, file=sys.stderr, flush=True)


class Watcher:
    """An events connection that keeps every event it receives."""

    def __init__(self, port, token, watch=None):
        self.port, self.token, self.watch = port, token, watch
        self.events = []
        self.ready = asyncio.Event()
        self.task = None

    async def run(self):
        async with websockets.connect(f"ws://127.0.0.1:{self.port}/api/v1/events", open_timeout=5) as ws:
            await ws.send(json.dumps({"op": "identify", "token": self.token}))
            heartbeat = asyncio.create_task(self.heartbeats(ws))
            try:
                async for text in ws:
                    frame = json.loads(text)
                    if frame.get("op") == "ready":
                        if self.watch is None:
                            self.ready.set()
                        else:
                            await ws.send(json.dumps({"op": "watchMembers", "serverId": self.watch}))
                    elif frame.get("op") == "watching" and frame.get("serverId") == self.watch:
                        self.ready.set()
                    elif frame.get("op") == "watchRefused":
                        log(f"watchMembers refused: {frame}")
                    elif frame.get("op") == "event":
                        self.events.append(frame)
            finally:
                heartbeat.cancel()

    async def heartbeats(self, ws):
        seq = 0
        while True:
            await asyncio.sleep(10)
            await ws.send(json.dumps({"op": "heartbeat", "seq": seq}))

    def start(self):
        self.task = asyncio.create_task(self.run())

    async def wait_ready(self):
        await asyncio.wait_for(self.ready.wait(), 10)

    async def wait_for(self, predicate, seconds, nth=1):
        """The `nth` event (from the start) matching `predicate`, within `seconds`, else None."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = [e for e in self.events if predicate(e)]
            if len(found) >= nth:
                return found[nth - 1]
            if self.task.done():
                return None
            await asyncio.sleep(0.05)
        return None

    async def stop(self):
        self.task.cancel()
        await asyncio.gather(self.task, return_exceptions=True)


def presence(user, status):
    return lambda e: e["type"] == "presence.updated" and e["data"]["userId"] == user and e["data"]["status"] == status


def member_online(port, token, server, user):
    _, body = request(port, "GET", f"/api/v1/servers/{server}/members", None, token)
    return next((m["online"] for m in body["items"] if m["userId"] == user), None)


class Run:
    def __init__(self, args):
        self.args = args
        self.workdir = tempfile.mkdtemp(prefix="beep-presence-")
        self.env = dict(os.environ, BEEP_DATABASE_URL=args.database_url, BEEP_LOG_LEVEL="warning",
                        BEEP_PRESENCE_FAN_OUT_MEMBERS="1")
        base = args.port
        self.a = BeepProcess(args.beep, self.workdir, 1, base, f"{base + 100}-{base + 101}", self.env)
        self.b = BeepProcess(args.beep, self.workdir, 2, base + 1, f"{base + 102}-{base + 103}", self.env)
        self.processes = [self.a, self.b]
        self.failures = []

    def expect(self, ok, what):
        log(("ok: " if ok else "FAILED: ") + what)
        if not ok:
            self.failures.append(what)

    async def main(self):
        tokens = await asyncio.to_thread(seed_users, self.args.beep, self.workdir, self.env, ["pwatch", "premote", "pother"], [
            {"name": "Presence", "visibility": "public", "owner": "pwatch", "members": ["premote", "pother"],
             "channels": [{"name": "talk", "kind": "text"}]}])
        for p in self.processes:
            p.start()
        for p in self.processes:
            await p.wait_healthy()
        watch_token, remote_token = tokens["pwatch"], tokens["premote"]
        _, me = await asyncio.to_thread(request, self.b.port, "GET", "/api/v1/users/me", None, remote_token)
        remote = me["id"]
        channel, server = await asyncio.to_thread(channel_id, self.a.port, watch_token, "Presence", "talk")

        watcher = Watcher(self.a.port, watch_token, watch=server)
        watcher.start()
        await watcher.wait_ready()
        bystander = Watcher(self.a.port, tokens["pother"])  # a member not showing the list
        bystander.start()
        await bystander.wait_ready()
        remote_conn = Watcher(self.b.port, remote_token)
        remote_conn.start()
        await remote_conn.wait_ready()
        try:
            online = await watcher.wait_for(presence(remote, "online"), 10)
            self.expect(online is not None, "a client of A sees a user connected only to B go online")
            listed = await asyncio.to_thread(member_online, self.a.port, watch_token, server, remote)
            self.expect(listed is True, "A's members list shows the user connected to B as online")

            status, _ = await asyncio.to_thread(request, self.b.port, "POST", f"/api/v1/channels/{channel}/typing",
                                                {}, remote_token)
            self.expect(status in (200, 204), f"typing through B accepted (HTTP {status})")
            typing = await watcher.wait_for(lambda e: e["type"] == "typing.started" and e["data"]["userId"] == remote, 10)
            self.expect(typing is not None, "typing from B reaches the client of A")

            killed = time.monotonic()
            self.b.kill()
            offline = await watcher.wait_for(presence(remote, "offline"), OFFLINE_BOUND_SECONDS)
            took = time.monotonic() - killed
            self.expect(offline is not None, f"after SIGKILL of B the user goes offline at A within "
                                             f"{OFFLINE_BOUND_SECONDS} s (waited {took:.1f} s)")
            listed = await asyncio.to_thread(member_online, self.a.port, watch_token, server, remote)
            self.expect(listed is False, "A's members list shows the user offline after B died")
            await remote_conn.stop()

            self.b.start()
            await self.b.wait_healthy()
            remote_conn = Watcher(self.b.port, remote_token)
            remote_conn.start()
            await remote_conn.wait_ready()
            again = await watcher.wait_for(presence(remote, "online"), 10, nth=2)
            self.expect(again is not None, "the user connected to the restarted B is online again at A")
            stopped = time.monotonic()
            await asyncio.to_thread(self.b.stop)
            gone = await watcher.wait_for(presence(remote, "offline"), GRACEFUL_OFFLINE_BOUND_SECONDS, nth=2)
            graceful = time.monotonic() - stopped
            self.expect(gone is not None, f"after SIGTERM of B the user goes offline at A within "
                                          f"{GRACEFUL_OFFLINE_BOUND_SECONDS} s (waited {graceful:.1f} s)")
            seen = [e["data"]["status"] for e in watcher.events
                    if e["type"] == "presence.updated" and e["data"]["userId"] == remote]
            self.expect(seen == ["online", "offline", "online", "offline"],
                        f"the user's presence changed once per change ({seen})")
            heard = [e for e in bystander.events if e["type"] == "presence.updated" and e["data"]["userId"] == remote]
            self.expect(heard == [], f"a member of the large server not watching its list heard none of it ({len(heard)})")
            if offline is not None and gone is not None:
                print(f"presence-across: offline at A {took:.1f} s after SIGKILL of B (lease 15 s), "
                      f"{graceful:.1f} s after SIGTERM (process stop included)")
        finally:
            await remote_conn.stop()
            await watcher.stop()
            await bystander.stop()
        ok = not self.failures
        print(("1 passed, 0 failed" if ok else "0 passed, 1 failed") +
              ": presence and typing across two beep processes, offline after a kill")
        return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--beep", required=True)
    parser.add_argument("--database-url", required=True, help="postgres:// URL with ?search_path=<fresh schema>")
    parser.add_argument("--port", type=int, default=18280, help="HTTP ports PORT and PORT+1; media from PORT+100")
    args = parser.parse_args()
    run_and_exit(Run(args), "presence-across")


if __name__ == "__main__":
    main()
