#!/usr/bin/env python3
"""Messages and events figures for docs/performance.md (`make bench-events`).

Phases (each starts its own `beep`, on loopback, in a temporary directory):
  latency     send -> delivered, p50/p99, with 1, 100 and 1000 subscribers connected to a channel
  throughput  sustained acknowledged messages/s, beside the raw insert rate of the same database
              measured in the same run (same table shape, single-row transactions)
  memory      RSS of `beep` with 1000 and 5000 idle identified WebSockets; the slope per connection
  search      newest-first search over 1 000 000 messages (bulk-inserted, not through the API),
              a common and a rare term
Dialects: sqlite (the embedded default) and postgres (BEEP_DATABASE_URL; the events outbox path).

Usage: events_bench.py --beep .build/debug/beep --database-url postgres://...?search_path=S
                       [--phases latency,throughput,memory,search] [--dialects sqlite,postgres]
Prints a markdown table per phase with the machine's load average before and after.
"""

import argparse
import asyncio
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import websockets

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "events"))
from beepproc import BeepProcess, channel_id, request, seed_users  # noqa: E402

PORT = 18380
MEDIA = "18480-18481"


def log(*parts):
    print("events-bench:", *parts, file=sys.stderr, flush=True)


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = min(len(ordered) - 1, max(0, int(round(p / 100 * (len(ordered) - 1)))))
    return ordered[k]


class Bench:
    def __init__(self, args):
        self.args = args
        self.rows = []

    def environment(self, dialect, workdir):
        env = dict(os.environ, BEEP_LOG_LEVEL="warning")
        env.pop("BEEP_DATABASE_URL", None)
        if dialect == "postgres":
            env["BEEP_DATABASE_URL"] = self.args.database_url
        return env

    def psql(self, sql):
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", self.args.base_url, "-c", sql], check=True,
                       stdout=subprocess.DEVNULL)

    def reset(self, dialect, workdir):
        if dialect == "postgres":
            self.psql(f"DROP SCHEMA IF EXISTS {self.args.schema} CASCADE; CREATE SCHEMA {self.args.schema}")
        shutil.rmtree(os.path.join(workdir, "data"), ignore_errors=True)

    async def start(self, dialect, workdir):
        process = BeepProcess(self.args.beep, workdir, 1, PORT, MEDIA, self.environment(dialect, workdir))
        process.start()
        await process.wait_healthy()
        return process

    # MARK: latency and throughput

    async def seeded(self, dialect, users):
        workdir = tempfile.mkdtemp(prefix=f"beep-bench-{dialect}-")
        self.reset(dialect, workdir)
        names = [f"bench{i:04d}" for i in range(users)]
        started = time.monotonic()
        tokens = await asyncio.to_thread(seed_users, self.args.beep, workdir, self.environment(dialect, workdir), names,
                                         [{"name": "Bench", "visibility": "public", "owner": names[0],
                                           "members": names[1:], "channels": [{"name": "bench", "kind": "text"}]}])
        log(f"{dialect}: seeded {users} users in {time.monotonic() - started:.0f} s")
        return workdir, names, tokens

    async def latency(self, dialect):
        workdir, names, tokens = await self.seeded(dialect, 1000)
        process = await self.start(dialect, workdir)
        try:
            channel, _ = await asyncio.to_thread(channel_id, PORT, tokens[names[0]], "Bench", "bench")
            for subscribers in (1, 100, 1000):
                before = load()
                p50, p99, count = await self.latency_run(tokens, names, channel, subscribers, dialect)
                self.rows.append(("latency", dialect, f"{subscribers} subscribers", f"p50 {p50:.1f} ms, p99 {p99:.1f} ms",
                                  f"{count} deliveries timed", f"{before} -> {load()}"))
                log(self.rows[-1])
        finally:
            process.stop()
            shutil.rmtree(workdir, ignore_errors=True)

    async def latency_run(self, tokens, names, channel, subscribers, dialect, messages=60, rate=5.0):
        """`subscribers` users connected; up to 20 of them (spread out) time every delivery; the
        others read and drop. Senders are members not connected, each under the send limit."""
        sent = {}
        latencies = []
        probes = set(range(0, subscribers, max(1, subscribers // 20)))
        stop = asyncio.Event()
        ready = 0
        frames = 0

        async def subscriber(i):
            nonlocal ready, frames
            async with websockets.connect(f"ws://127.0.0.1:{PORT}/api/v1/events", max_queue=None) as ws:
                await ws.send(json.dumps({"op": "identify", "token": tokens[names[i]]}))
                ready_frame = json.loads(await ws.recv())
                ready += 1

                async def heartbeats():
                    # docs/events.md "Heartbeats": a silent connection is closed (4009); the
                    # presence storm of 1000 clients coming online outlasts one interval.
                    while True:
                        await asyncio.sleep(ready_frame.get("heartbeatMs", 30000) / 2000)
                        await ws.send(json.dumps({"op": "heartbeat", "seq": 0}))

                beating = asyncio.create_task(heartbeats())
                while not stop.is_set():
                    try:
                        text = await asyncio.wait_for(ws.recv(), 1)
                    except asyncio.TimeoutError:
                        continue
                    if '"heartbeatAck"' in text:
                        continue
                    frames += 1
                    if i in probes:
                        now = time.monotonic()
                        frame = json.loads(text)
                        if frame.get("type") == "message.created":
                            nonce = frame["data"].get("nonce")
                            if nonce in sent:
                                latencies.append((now - sent[nonce]) * 1000)
                beating.cancel()

        tasks = [asyncio.create_task(subscriber(i)) for i in range(subscribers)]
        for _ in range(600):
            if ready == subscribers:
                break
            await asyncio.sleep(0.1)
        # Everyone coming online tells everyone else (presence): with 1000 members that is about
        # half a million presence frames. Let that storm pass before timing messages, and say
        # how long it took (a figure of its own).
        started, last_count, quiet_since = time.monotonic(), -1, time.monotonic()
        while time.monotonic() - started < 300 and time.monotonic() - quiet_since < 2:
            if frames != last_count:
                last_count, quiet_since = frames, time.monotonic()
            await asyncio.sleep(0.2)
        log(f"{subscribers} subscribers online: {frames} frames (presence) settled in "
            f"{time.monotonic() - started - 2:.1f} s")
        self.rows.append(("presence storm", dialect, f"{subscribers} clients coming online", f"{frames} frames",
                          f"settled in {time.monotonic() - started - 2:.1f} s"))
        frames = 0
        senders = names[-20:]
        loop = asyncio.get_running_loop()
        for k in range(messages):
            author = senders[k % len(senders)]
            nonce = f"lat-{subscribers}-{k}"

            def send(author=author, nonce=nonce):
                sent[nonce] = time.monotonic()
                request(PORT, "POST", f"/api/v1/channels/{channel}/messages", {"content": f"latency {k}", "nonce": nonce},
                        tokens[author])

            await loop.run_in_executor(None, send)
            await asyncio.sleep(1 / rate)
        await asyncio.sleep(3)
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        log(f"{subscribers} subscribers: {frames} frames while the {messages} messages were timed")
        return percentile(latencies, 50), percentile(latencies, 99), len(latencies)

    async def throughput(self, dialect):
        workdir, names, tokens = await self.seeded(dialect, 1000)
        process = await self.start(dialect, workdir)
        try:
            channel, server = await asyncio.to_thread(channel_id, PORT, tokens[names[0]], "Bench", "bench")
            before = load()
            acked = await asyncio.to_thread(self.send_flood, tokens, names, channel, 20.0)
            api_rate = acked / 20.0
        finally:
            process.stop()
        raw_rate = await asyncio.to_thread(self.raw_inserts, dialect, workdir, channel, server, 20.0)
        self.rows.append(("throughput", dialect, "acknowledged sends/s (64 senders, 1000 users)",
                          f"{api_rate:.0f}/s vs raw insert {raw_rate:.0f}/s", f"ratio {api_rate / raw_rate:.3f}",
                          f"{before} -> {load()}"))
        log(self.rows[-1])
        shutil.rmtree(workdir, ignore_errors=True)

    def send_flood(self, tokens, names, channel, seconds):
        """64 threads send for `seconds`, each rotating over its own users (each under 1/s)."""
        deadline = time.monotonic() + seconds
        count, failed = [0], [0]
        lock = threading.Lock()

        def worker(w):
            mine = names[w::64]
            n = 0
            while time.monotonic() < deadline:
                author = mine[n % len(mine)]
                n += 1
                try:
                    status, _ = request(PORT, "POST", f"/api/v1/channels/{channel}/messages",
                                        {"content": f"flood {w} {n}", "nonce": f"f-{w}-{n}"}, tokens[author],
                                        "127.0.0.1", 60)
                except OSError:
                    with lock:
                        failed[0] += 1
                    continue
                if status in (200, 201):
                    with lock:
                        count[0] += 1

        with ThreadPoolExecutor(max_workers=64) as pool:
            list(pool.map(worker, range(64)))
        if failed[0]:
            log(f"{failed[0]} sends failed (timeout or connection error)")
        return count[0]

    def raw_inserts(self, dialect, workdir, channel, server, seconds):
        """Single-row insert transactions into a copy of the messages table (indexes and search
        index included), for `seconds`, as fast as the database takes them."""
        if dialect == "sqlite":
            path = os.path.join(workdir, "data", "beep.sqlite")
            db = sqlite3.connect(path, isolation_level=None)
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute("CREATE TABLE raw_messages AS SELECT * FROM messages WHERE 0")
            db.execute("CREATE INDEX raw_order ON raw_messages (channel_id, id)")
            db.execute("CREATE VIRTUAL TABLE raw_fts USING fts5(content, tokenize = 'unicode61')")
            deadline, n = time.monotonic() + seconds, 0
            while time.monotonic() < deadline:
                n += 1
                db.execute("BEGIN IMMEDIATE")
                db.execute("INSERT INTO raw_messages (id, channel_id, server_id, author_id, content, mentions_everyone, "
                           "has_link, created_at) VALUES (?, ?, ?, 1, ?, 0, 0, ?)",
                           (n, int(channel), int(server), f"raw insert {n}", n))
                db.execute("INSERT INTO raw_fts (rowid, content) VALUES (?, ?)", (n, f"raw insert {n}"))
                db.execute("COMMIT")
            db.close()
            return n / seconds
        schema = self.args.schema
        self.psql(f"CREATE TABLE {schema}.raw_messages (LIKE {schema}.messages INCLUDING ALL); "
                  f"CREATE SEQUENCE {schema}.raw_ids")
        script = os.path.join(workdir, "raw.sql")
        with open(script, "w") as f:
            # position: unique per channel like the real one (messages_position_order).
            f.write(f"INSERT INTO {schema}.raw_messages (id, channel_id, server_id, author_id, content, mentions_everyone, "
                    f"has_link, created_at, position) VALUES (nextval('{schema}.raw_ids'), {channel}, {server}, 1, "
                    f"'raw insert ' || random(), false, false, 0, nextval('{schema}.raw_ids'));\n")
        out = subprocess.run(["pgbench", "-n", "-c", "8", "-j", "2", "-T", str(int(seconds)), "-f", script,
                              self.args.base_url], capture_output=True, text=True, check=True)
        for line in out.stdout.splitlines():
            if line.startswith("tps = "):
                return float(line.split()[2])
        raise RuntimeError(f"pgbench printed no tps: {out.stdout}")

    # MARK: memory

    async def memory(self, dialect):
        workdir, names, tokens = await self.seeded(dialect, 1)
        process = await self.start(dialect, workdir)
        sockets = []
        try:
            token = tokens[names[0]]
            before = load()
            points = {}
            for target in (1000, 5000):
                while len(sockets) < target:
                    batch = []
                    for _ in range(min(200, target - len(sockets))):
                        batch.append(self.open_identified(token))
                    sockets += await asyncio.gather(*batch)
                await asyncio.sleep(3)
                points[target] = rss_kib(process.pid)
                log(f"{dialect}: {target} connections, RSS {points[target]} KiB")
            slope = (points[5000] - points[1000]) * 1024 / 4000
            self.rows.append(("memory", dialect, "RSS per idle identified WebSocket (1k -> 5k)",
                              f"{slope / 1024:.1f} KiB/connection",
                              f"RSS {points[1000] // 1024} MiB at 1k, {points[5000] // 1024} MiB at 5k",
                              f"{before} -> {load()}"))
            log(self.rows[-1])
        finally:
            await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)
            process.stop()
            shutil.rmtree(workdir, ignore_errors=True)

    async def open_identified(self, token):
        ws = await websockets.connect(f"ws://127.0.0.1:{PORT}/api/v1/events", open_timeout=30, ping_interval=None)
        await ws.send(json.dumps({"op": "identify", "token": token}))
        await ws.recv()
        return ws

    # MARK: search

    async def search(self, dialect, rows=1_000_000):
        workdir, names, tokens = await self.seeded(dialect, 1)
        # One start creates the schema and finds the channel; rows go in with beep stopped.
        process = await self.start(dialect, workdir)
        channel, server = await asyncio.to_thread(channel_id, PORT, tokens[names[0]], "Bench", "bench")
        _, me = await asyncio.to_thread(request, PORT, "GET", "/api/v1/users/me", None, tokens[names[0]])
        process.stop()
        started = time.monotonic()
        await asyncio.to_thread(self.bulk_insert, dialect, workdir, int(channel), int(server), int(me["id"]), rows)
        log(f"{dialect}: bulk-inserted {rows} messages in {time.monotonic() - started:.0f} s")
        process = await self.start(dialect, workdir)
        try:
            for label, term in (("common term (every 2nd message)", "hello"), ("rare term (every 10 000th)", "zephyrine")):
                before = load()
                timings = []
                for _ in range(30):
                    t0 = time.monotonic()
                    status, body = await asyncio.to_thread(
                        request, PORT, "GET", f"/api/v1/channels/{channel}/messages-search?q={term}&limit=25",
                        None, tokens[names[0]], "127.0.0.1", 60)
                    timings.append((time.monotonic() - t0) * 1000)
                    if status != 200 or not body["items"]:
                        raise RuntimeError(f"search {term}: {status} {str(body)[:200]}")
                self.rows.append(("search", dialect, f"newest first over {rows:,} messages, {label}",
                                  f"p50 {percentile(timings, 50):.1f} ms, p99 {percentile(timings, 99):.1f} ms",
                                  f"{len(timings)} queries, 25 results", f"{before} -> {load()}"))
                log(self.rows[-1])
        finally:
            process.stop()
            shutil.rmtree(workdir, ignore_errors=True)

    def bulk_insert(self, dialect, workdir, channel, server, author, rows):
        """Messages `1...rows` (ids below any real snowflake): every 2nd holds "hello", every
        10 000th "zephyrine", each one of 20 filler words."""
        words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo",
                 "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"]
        if dialect == "sqlite":
            db = sqlite3.connect(os.path.join(workdir, "data", "beep.sqlite"), isolation_level=None)
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("BEGIN")

            def content(g):
                return (f"message {g} {words[g % 20]}" + (" hello" if g % 2 == 0 else "")
                        + (" zephyrine" if g % 10000 == 0 else ""))

            db.executemany("INSERT INTO messages (id, channel_id, server_id, author_id, content, mentions_everyone, "
                           "has_link, created_at, position) VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?)",
                           ((g, channel, server, author, content(g), g, g) for g in range(1, rows + 1)))
            db.execute("INSERT INTO messages_channel_positions (channel_id, last_position) VALUES (?, ?)",
                       (channel, rows))
            db.executemany("INSERT INTO messages_fts (rowid, content) VALUES (?, ?)",
                           ((g, content(g)) for g in range(1, rows + 1)))
            db.execute("COMMIT")
            db.close()
            return
        array = "ARRAY[" + ",".join(f"'{w}'" for w in words) + "]"
        self.psql(f"INSERT INTO {self.args.schema}.messages (id, channel_id, server_id, author_id, content, "
                  f"mentions_everyone, has_link, created_at, position) SELECT g, {channel}, {server}, {author}, "
                  f"'message ' || g || ' ' || ({array})[1 + g % 20] || CASE WHEN g % 2 = 0 THEN ' hello' ELSE '' END "
                  f"|| CASE WHEN g % 10000 = 0 THEN ' zephyrine' ELSE '' END, false, false, g, g "
                  f"FROM generate_series(1, {rows}) AS g; "
                  f"INSERT INTO {self.args.schema}.messages_channel_positions (channel_id, last_position) "
                  f"VALUES ({channel}, {rows}); ANALYZE {self.args.schema}.messages")

    def report(self):
        lines = ["| figure | database | case | result | detail | load average (1/5/15 min) before -> after |",
                 "|---|---|---|---|---|---|"]
        lines += [f"| {' | '.join(row)} |" for row in self.rows]
        return "\n".join(lines)


async def run(args):
    bench = Bench(args)
    for phase in args.phases.split(","):
        for dialect in args.dialects.split(","):
            log(f"phase {phase} on {dialect} (load {load()})")
            await getattr(bench, phase)(dialect)
    return bench.report()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--beep", required=True)
    parser.add_argument("--base-url", required=True, help="the cluster's postgres:// URL (no search_path)")
    parser.add_argument("--schema", required=True, help="a schema this run may drop and create")
    parser.add_argument("--phases", default="latency,throughput,memory,search")
    parser.add_argument("--dialects", default="sqlite,postgres")
    args = parser.parse_args()
    joiner = "&" if "?" in args.base_url else "?"
    args.database_url = f"{args.base_url}{joiner}search_path={args.schema}"
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 65536)), hard))
    asyncio.get_event_loop_policy()
    print(f"machine: {os.cpu_count()} cores, load {load()}, beep {args.beep}")
    print(asyncio.run(run(args)))


if __name__ == "__main__":
    main()
