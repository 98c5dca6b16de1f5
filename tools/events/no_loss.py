#!/usr/bin/env python3
"""No loss, no duplicates: messages and events across two `beep` processes on one PostgreSQL.

50 WebSocket clients (10 per channel, 5 channels, each channel in a server of its own) send
and receive for a bounded time against two `beep` processes sharing one PostgreSQL schema;
half way through, one process is killed (SIGKILL) and started again. Its clients reconnect
to whichever process is up and `resume`, or re-sync through the history API when the session
is gone (docs/events.md). Senders retry an unacknowledged send with the same nonce on the
other process (idempotent send, docs/messages.md).

Checked like Jepsen's total-queue: every acknowledged message delivered exactly once to every
member of its channel (lost / duplicated), nothing delivered that was never acknowledged or to
a non-member (unexpected); and order: per channel, every pair of members saw the events they
both received in the same order, and each sender's messages arrived in the order it sent them.
Positions too: every channel's acknowledged messages hold the positions 1...N, each once (a send
retried on the other process took none), and every delivery carries its message's position.
Prints the counts; exits 1 unless all are 0 (and no session skipped a `seq`). The checker first
proves on made-up histories that it counts each kind of anomaly.

Usage: no_loss.py --beep .build/debug/beep --database-url postgres://... [--seconds 40]
Everything runs on loopback; the processes live in a temporary directory removed at the end.
"""

import argparse
import asyncio
import http.client
import json
import os
import random
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import websockets

from beepproc import BeepProcess, channel_id, request, run_and_exit, seed_users

CHANNELS = 5
PER_CHANNEL = 10


def log(*parts):
    print("no-loss:", *parts, file=sys.stderr, flush=True)


class Client:
    """One member: a WebSocket to a process, a sender, and what it received, in order."""

    def __init__(self, index, run):
        self.index, self.run = index, run
        self.group = index // PER_CHANNEL
        self.username = f"load{index:02d}"
        self.source = f"127.0.0.{10 + index}"
        self.token = None
        self.channel = None
        self.received = []          # (message id, how: "event" | "history"), in the order the client saw them
        self.event_ids = set()      # ids seen as events (a second one is a duplicate)
        self.history_ids = set()    # ids read through a re-sync (an event for one is the expected overlap)
        self.duplicates = 0
        self.sent = []              # acknowledged message ids, in send order
        self.session = None
        self.session_process = None  # where the session lives: a reconnect there can resume
        self.ws = None
        self.seq = 0
        self.last_position = 0      # the highest channel position seen (event or history)
        self.resumes = self.resyncs = self.reconnects = 0
        self.seq_gaps = 0

    def process(self, prefer_other=False):
        up = [p for p in self.run.processes if p.up]
        if not up:
            return None
        home = self.run.processes[self.index % len(self.run.processes)]
        if home in up and not prefer_other:
            return home
        return random.choice(up)

    def record_event(self, message):
        message_id = message["id"]
        self.last_position = max(self.last_position, message["position"])
        if message_id in self.event_ids:
            self.duplicates += 1
            return
        self.event_ids.add(message_id)
        if message_id in self.history_ids:
            return  # already read through the re-sync that preceded this session's events
        self.received.append((message_id, "event"))
        self.run.delivered_position(message)

    async def resync(self, process):
        """Reads the channel's history after the last position seen (the re-sync of
        docs/events.md): positions follow commit order, so every message not yet seen is above it;
        what was already seen (an event of the new session read again) is skipped by id."""
        after = self.last_position
        while True:
            path = f"/api/v1/channels/{self.channel}/messages?limit=100&afterPosition={after}"
            status, body = await asyncio.to_thread(request, process.port, "GET", path, None, self.token, self.source)
            if status != 200:
                raise RuntimeError(f"history {status} {body}")
            items = body["items"]
            for item in items:
                if item["id"] not in self.event_ids and item["id"] not in self.history_ids:
                    self.history_ids.add(item["id"])
                    self.received.append((item["id"], "history"))
                    self.run.delivered_position(item)
                self.last_position = max(self.last_position, item["position"])
            if len(items) < 100:
                return
            after = items[-1]["position"]

    async def listen(self, stop):
        first = True
        while not stop.is_set():
            process = self.session_process if self.session_process and self.session_process.up else None
            process = process or self.process(prefer_other=not first)
            if process is None:
                await asyncio.sleep(0.2)
                continue
            try:
                async with websockets.connect(f"ws://127.0.0.1:{process.port}/api/v1/events",
                                              open_timeout=5, close_timeout=1) as ws:
                    self.ws = ws
                    if self.session is None:
                        await ws.send(json.dumps({"op": "identify", "token": self.token}))
                    else:
                        await ws.send(json.dumps({"op": "resume", "token": self.token, "session": self.session,
                                                  "seq": self.seq}))
                    heartbeat = asyncio.create_task(self.heartbeats(ws))
                    try:
                        await self.frames(ws, process, first, stop)
                    finally:
                        heartbeat.cancel()
            except (OSError, websockets.exceptions.WebSocketException, asyncio.TimeoutError):
                pass
            first = False
            if not stop.is_set():
                self.reconnects += 1
                await asyncio.sleep(random.uniform(0.05, 0.3))

    async def heartbeats(self, ws):
        while True:
            await asyncio.sleep(10)
            await ws.send(json.dumps({"op": "heartbeat", "seq": self.seq}))

    async def frames(self, ws, process, first, stop):
        async for text in ws:
            frame = json.loads(text)
            op = frame.get("op")
            if op == "ready":
                self.session, self.seq, self.session_process = frame["session"], 0, process
                if first:
                    self.run.ready.add(self.index)
                else:
                    await self.resync(process)
            elif op == "resumed":
                self.resumes += 1
            elif op == "invalidSession":
                self.resyncs += 1
                self.session, self.session_process = None, None
                # A new session first (its events are kept from now), then the history after
                # the last message seen: nothing falls between the two.
                await ws.send(json.dumps({"op": "identify", "token": self.token}))
            elif op == "event":
                if frame["seq"] != self.seq + 1:
                    self.seq_gaps += 1
                self.seq = frame["seq"]
                if frame["type"] == "message.created":
                    self.record_event(frame["data"])

    async def send_loop(self, stop_sending):
        n = 0
        await asyncio.sleep(random.uniform(0, 1))
        while not stop_sending.is_set():
            n += 1
            nonce = f"{self.username}-{n}"
            content = f"{self.username} message {n}"
            prefer_other = False
            while True:
                process = self.process(prefer_other=prefer_other)
                if process is not None:
                    try:
                        status, body = await asyncio.to_thread(
                            request, process.port, "POST", f"/api/v1/channels/{self.channel}/messages",
                            {"content": content, "nonce": nonce}, self.token, self.source, 5)
                        if status in (200, 201):
                            self.sent.append(body["id"])
                            self.run.acked[body["id"]] = (self.group, self.index)
                            self.run.acked_positions[body["id"]] = (self.group, body["position"])
                            break
                        if status == 429:
                            await asyncio.sleep(1)
                            continue
                        raise RuntimeError(f"send answered {status} {body}")
                    except (OSError, http.client.HTTPException):
                        prefer_other = True  # that process is down: retry the same nonce elsewhere
                await asyncio.sleep(0.1)
            await asyncio.sleep(random.uniform(0.8, 1.2))


def anomalies(acked, clients):
    """Jepsen total-queue style counts over what `clients` (each with `group`, `received` as
    [(message id, "event" | "history")], `duplicates`, `sent`) got, against `acked`
    ({message id: (group, sender index)}): (lost, duplicated, unexpected, out of order)."""
    lost = duplicated = unexpected = order = 0
    by_group = {}
    for mid, (group, _) in acked.items():
        by_group.setdefault(group, set()).add(mid)
    for client in clients:
        expected = by_group.get(client.group, set())
        got = [mid for mid, _ in client.received]
        lost += len(expected - set(got))
        duplicated += client.duplicates + (len(got) - len(set(got)))
        unexpected += len(set(got) - expected)
    groups = sorted({c.group for c in clients})
    # Order 1: per channel, any two members saw the events they both received in one order.
    for g in groups:
        events = [[mid for mid, how in c.received if how == "event"] for c in clients if c.group == g]
        for i in range(len(events)):
            for j in range(i + 1, len(events)):
                common = set(events[i]) & set(events[j])
                if [m for m in events[i] if m in common] != [m for m in events[j] if m in common]:
                    order += 1
    # Order 2: each sender's messages reached every member in the order they were sent.
    for client in clients:
        position = {mid: k for k, (mid, _) in enumerate(client.received)}
        for sender in (c for c in clients if c.group == client.group):
            seen = [position[m] for m in sender.sent if m in position]
            if seen != sorted(seen):
                order += 1
    return lost, duplicated, unexpected, order


def misnumbered_channels(acked_positions):
    """Channels whose acknowledged messages ({message id: (group, position)}) do not hold the
    positions 1...N each once."""
    by_group = {}
    for group, position in acked_positions.values():
        by_group.setdefault(group, []).append(position)
    return sum(1 for positions in by_group.values() if sorted(positions) != list(range(1, len(positions) + 1)))


def checker_self_test():
    """The checker must see each kind of anomaly: a run it cannot fail proves nothing."""
    def member(group, received, sent=(), duplicates=0):
        return SimpleNamespace(group=group, received=[(m, "event") for m in received], sent=list(sent),
                               duplicates=duplicates)
    acked = {"a": (0, 0), "b": (0, 0), "c": (0, 1)}
    clean = [member(0, ["a", "b", "c"], sent=["a", "b"]), member(0, ["a", "b", "c"], sent=["c"])]
    cases = {
        (0, 0, 0, 0): clean,
        (1, 0, 0, 0): [member(0, ["a", "b"], sent=["a", "b"]), member(0, ["a", "b", "c"], sent=["c"])],
        (0, 1, 0, 0): [member(0, ["a", "b", "c"], sent=["a", "b"], duplicates=1), clean[1]],
        (0, 0, 1, 0): [member(0, ["a", "b", "c", "x"], sent=["a", "b"]), clean[1]],
        (0, 0, 0, 2): [member(0, ["b", "a", "c"], sent=["a", "b"]), clean[1]],
    }
    for expected, clients in cases.items():
        got = anomalies(acked, clients)
        if got != expected:
            raise SystemExit(f"no-loss: checker self-test failed: expected {expected}, counted {got}")
    numbered = {"a": (0, 1), "b": (0, 2), "c": (1, 1)}
    for expected, positions in ((0, numbered), (1, dict(numbered, b=(0, 3))), (1, dict(numbered, b=(0, 1)))):
        if misnumbered_channels(positions) != expected:
            raise SystemExit(f"no-loss: checker self-test failed: positions {positions} not counted as {expected}")


class Run:
    def __init__(self, args):
        self.args = args
        self.workdir = tempfile.mkdtemp(prefix="beep-no-loss-")
        env = dict(os.environ, BEEP_DATABASE_URL=args.database_url, BEEP_LOG_LEVEL="warning")
        self.env = env
        base = args.port
        self.processes = [BeepProcess(args.beep, self.workdir, 1, base, f"{base + 100}-{base + 101}", env),
                          BeepProcess(args.beep, self.workdir, 2, base + 1, f"{base + 102}-{base + 103}", env)]
        self.clients = [Client(i, self) for i in range(CHANNELS * PER_CHANNEL)]
        self.acked = {}
        self.acked_positions = {}   # message id -> (group, position), as the send's answer gave it
        self.delivered_positions = {}  # message id -> the positions deliveries carried
        self.ready = set()

    def seed(self):
        servers = []
        for g in range(CHANNELS):
            names = [c.username for c in self.clients if c.group == g]
            servers.append({"name": f"Load {g}", "visibility": "public", "owner": names[0], "members": names[1:],
                            "channels": [{"name": "load", "kind": "text"}]})
        return seed_users(self.args.beep, self.workdir, self.env, [c.username for c in self.clients], servers)

    async def sign_in(self, client, token):
        """Takes the seed's access token (sign-up signed the user in) and finds the channel."""
        client.token = token
        client.channel, _ = await asyncio.to_thread(channel_id, self.processes[0].port, token, f"Load {client.group}",
                                                    "load", client.source)

    def delivered_position(self, message):
        self.delivered_positions.setdefault(message["id"], set()).add(message["position"])

    def drained(self):
        """Every member holds every acknowledged message of its channel."""
        for client in self.clients:
            have = client.event_ids | client.history_ids
            for mid, (group, _) in list(self.acked.items()):
                if group == client.group and mid not in have:
                    return False
        return True

    async def main(self):
        asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=64))
        tokens = await asyncio.to_thread(self.seed)
        for p in self.processes:
            p.start()
            await p.wait_healthy()
        await asyncio.gather(*(self.sign_in(c, tokens[c.username]) for c in self.clients))
        stop_sending, stop = asyncio.Event(), asyncio.Event()
        listeners = [asyncio.create_task(c.listen(stop)) for c in self.clients]
        for _ in range(200):
            if len(self.ready) == len(self.clients):
                break
            await asyncio.sleep(0.05)
        if len(self.ready) != len(self.clients):
            raise RuntimeError(f"only {len(self.ready)} clients identified")
        started = time.monotonic()
        senders = [asyncio.create_task(c.send_loop(stop_sending)) for c in self.clients]
        seconds = self.args.seconds
        await asyncio.sleep(seconds / 2)
        victim = self.processes[1]
        log(f"t={time.monotonic() - started:.1f}s: killing node {victim.node} (SIGKILL), {len(self.acked)} acked so far")
        victim.kill()
        await asyncio.sleep(2)
        victim.start()
        await victim.wait_healthy()
        log(f"t={time.monotonic() - started:.1f}s: node {victim.node} back")
        await asyncio.sleep(max(0, seconds * 0.75 - (time.monotonic() - started)))
        # Ten clients of the surviving process drop their socket and come back to it: resume.
        dropped = [c for c in self.clients if c.session_process is self.processes[0] and c.ws is not None][:10]
        log(f"t={time.monotonic() - started:.1f}s: {len(dropped)} clients drop their connection and resume")
        await asyncio.gather(*(c.ws.close() for c in dropped), return_exceptions=True)
        await asyncio.sleep(max(0, seconds - (time.monotonic() - started)))
        stop_sending.set()
        await asyncio.gather(*senders)
        for _ in range(300):  # drain: up to 30 s for the last events
            if self.drained():
                break
            await asyncio.sleep(0.1)
        stop.set()
        for task in listeners:
            task.cancel()
        await asyncio.gather(*listeners, return_exceptions=True)
        return self.check(time.monotonic() - started)

    def check(self, elapsed):
        lost, duplicated, unexpected, order = anomalies(self.acked, self.clients)
        deliveries = sum(len(c.received) for c in self.clients)
        print(f"no-loss: {elapsed:.0f} s, {len(self.acked)} acknowledged messages, {deliveries} deliveries; "
              f"resumed {sum(c.resumes for c in self.clients)}, re-synced {sum(c.resyncs for c in self.clients)}, "
              f"reconnects {sum(c.reconnects for c in self.clients)}, seq gaps {sum(c.seq_gaps for c in self.clients)}")
        print(f"no-loss: lost {lost}, duplicated {duplicated}, unexpected {unexpected}, out of order {order}")
        misnumbered = misnumbered_channels(self.acked_positions)
        mismatched = sum(1 for mid, seen in self.delivered_positions.items()
                         if mid in self.acked_positions and seen != {self.acked_positions[mid][1]})
        print(f"no-loss: positions: {misnumbered} channels not numbered 1...N, {mismatched} messages delivered "
              f"with another position than acknowledged")
        gaps = sum(c.seq_gaps for c in self.clients)
        ok = lost == duplicated == unexpected == order == gaps == misnumbered == mismatched == 0 and len(self.acked) > 0
        print(("1 passed, 0 failed" if ok else "0 passed, 1 failed") + ": no loss, no duplicates across two beep "
              "processes with one restarted")
        return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--beep", required=True)
    parser.add_argument("--database-url", required=True, help="postgres:// URL with ?search_path=<fresh schema>")
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--port", type=int, default=18180, help="HTTP ports PORT and PORT+1; media from PORT+100")
    args = parser.parse_args()
    checker_self_test()
    run_and_exit(Run(args), "no-loss")


if __name__ == "__main__":
    main()
