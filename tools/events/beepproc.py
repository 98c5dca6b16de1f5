"""A `beep` process on loopback and the few HTTP calls the events tools make (no_loss.py and
tools/bench/events_bench.py share them)."""

import asyncio
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys


class BeepProcess:
    """One `beep` process: node id, HTTP port, its own media ports, TURN off."""

    def __init__(self, beep, workdir, node, port, media, env):
        self.beep, self.workdir, self.node, self.port, self.media, self.env = beep, workdir, node, port, media, env
        self.proc = None
        self.logfile = None

    @property
    def pid(self):
        return self.proc.pid

    def start(self):
        self.logfile = open(os.path.join(self.workdir, f"beep-{self.node}.log"), "ab")
        self.proc = subprocess.Popen(
            [self.beep, "--host", "127.0.0.1", "--port", str(self.port), "--media-ports", self.media,
             "--turn-ports", "off", "--node-id", str(self.node)],
            cwd=self.workdir, env=self.env, stdout=self.logfile, stderr=self.logfile)

    def healthy(self):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1)
            conn.request("GET", "/health")
            return conn.getresponse().status == 200
        except OSError:
            return False

    async def wait_healthy(self, seconds=60):
        for _ in range(seconds * 10):
            if self.proc.poll() is not None:
                raise RuntimeError(f"beep node {self.node} exited with {self.proc.returncode}")
            if await asyncio.to_thread(self.healthy):
                return
            await asyncio.sleep(0.1)
        raise RuntimeError(f"beep node {self.node} not healthy on port {self.port}")

    @property
    def up(self):
        return self.proc is not None and self.proc.poll() is None

    def kill(self):
        if self.up:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self):
        if self.up:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.logfile:
            self.logfile.close()


def request(port, method, path, body=None, token=None, source="127.0.0.1", timeout=10):
    """One HTTP request on loopback (from `source`, so sign-in limits count per client)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = conn.getresponse()
    data = response.read()
    return response.status, (json.loads(data) if data else None)




def seed_users(beep, workdir, env, usernames, servers):
    """Creates `usernames` and `servers` with `beep seed demo --load-test`; returns username ->
    access token (sign-up signs each user in)."""
    users = [{"username": name, "firstName": "Load", "lastName": name, "email": f"{name}@load.beep.invalid"}
             for name in usernames]
    path = os.path.join(workdir, "seed.json")
    with open(path, "w") as f:
        json.dump({"users": users, "servers": servers}, f)
    tokens_path = os.path.join(workdir, "tokens.json")
    out = subprocess.run([beep, "seed", "demo", "--file", path, "--load-test", "--tokens-out", tokens_path],
                         cwd=workdir, env=env, capture_output=True, text=True, timeout=1800)
    if out.returncode != 0:
        raise RuntimeError(f"beep seed failed: {out.stderr[-2000:]}")
    with open(tokens_path) as f:
        tokens = json.load(f)
    if len(tokens) != len(usernames):
        raise RuntimeError(f"seed made {len(tokens)} users, expected {len(usernames)}")
    return tokens


def channel_id(port, token, server_name, channel_name, source="127.0.0.1"):
    """The id of `channel_name` in the caller's server `server_name` (and the server's id)."""
    _, body = request(port, "GET", "/api/v1/me/servers", None, token, source)
    server = next(s for s in body["items"] if s["name"] == server_name)
    _, body = request(port, "GET", f"/api/v1/servers/{server['id']}/channels", None, token, source)
    return next(c["id"] for c in body["items"] if c["name"] == channel_name), server["id"]


def run_and_exit(run, tag):
    """Runs `run.main()` (True when its check passed), then stops `run.processes` and removes
    `run.workdir`, keeping it (with the processes' logs) when the check failed; exits 0 only
    when it passed."""
    ok = False
    try:
        ok = asyncio.run(run.main())
    finally:
        for p in run.processes:
            p.stop()
        if ok:
            shutil.rmtree(run.workdir, ignore_errors=True)
        else:
            print(f"{tag}: logs kept in {run.workdir}", file=sys.stderr, flush=True)
    sys.exit(0 if ok else 1)
