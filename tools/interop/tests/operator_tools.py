"""The operator's tools in the interop tests: `beep-stats` (next to the beep binary) against the
media node's admin API (INTEROP_SFU_ADMIN_URL, token BEEP_ADMIN_TOKEN from run.sh), its --watch
view captured in a pseudo-terminal, and beep's audit log (data/audit.log in beep's working
directory). Every failure raises InteropError, never a skip."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import time

import pytest

import support
from support import InteropError


@pytest.fixture(autouse=True)
def needs_real_beep() -> None:
    """Under run.sh --mock (a harness self-check) there is no calls service or admin API."""
    support.skip_under_mock("calls service or admin API")


def beep_stats_binary() -> str:
    beep = os.environ.get("INTEROP_BEEP", "")
    path = os.path.join(os.path.dirname(beep), "beep-stats") if beep else ""
    if not path or not os.access(path, os.X_OK):
        raise InteropError(f"beep-stats {path!r} missing next to INTEROP_BEEP (swift build --product beep-stats)")
    return path


def admin_url() -> str:
    url = os.environ.get("INTEROP_SFU_ADMIN_URL", "")
    if not url.startswith("http://127.0.0.1:"):
        raise InteropError(f"INTEROP_SFU_ADMIN_URL {url!r} is not a loopback URL (run through tools/interop/run.sh)")
    return url


def tuning_url() -> str:
    """beep's own admin API: the tuning endpoints live where signalling runs (both SFU modes)."""
    return support.beep_url()


def admin_json(path: str, url: str | None = None) -> dict:
    """GET a JSON admin document with the run's token."""
    status, body = support.http_request("GET", (url or admin_url()) + path,
                                        headers={"Authorization": f"Bearer {admin_token()}"})
    if status != 200:
        raise InteropError(f"GET {path} answered {status}")
    return json.loads(body)


def admin_token() -> str:
    token = os.environ.get("BEEP_ADMIN_TOKEN", "")
    if not token:
        raise InteropError("BEEP_ADMIN_TOKEN is not set (run.sh exports one per run)")
    return token


def beep_stats(args: list[str], url: str | None = None, timeout: float = 30,
               token: str | None = None) -> subprocess.CompletedProcess:
    """Runs beep-stats with the run's admin token (or `token`); returns the finished process."""
    command = [beep_stats_binary(), *args, "--url", url or admin_url()]
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False,
                              env=dict(os.environ, BEEP_ADMIN_TOKEN=token or admin_token()))
    except subprocess.TimeoutExpired:
        raise InteropError(f"beep-stats {' '.join(args)} did not exit within {timeout} s") from None


def stats_json(room: str | None = None, interval: float = 1.0, url: str | None = None) -> dict:
    """One `beep-stats --json` report (rates over `interval` seconds) of the media node, or of `url`."""
    args = ["--json", "--interval", str(interval)] + (["--room", room] if room else [])
    done = beep_stats(args, url=url)
    if done.returncode != 0:
        raise InteropError(f"beep-stats --json exited {done.returncode}: {done.stderr.strip()[:500]}")
    try:
        return json.loads(done.stdout)
    except ValueError:
        raise InteropError(f"beep-stats --json printed no JSON: {done.stdout[:500]!r}") from None


def change(args: list[str]) -> str:
    """A tuning subcommand (against beep's admin API) that must succeed; returns its stdout."""
    done = beep_stats(args, url=tuning_url())
    if done.returncode != 0:
        raise InteropError(f"beep-stats {' '.join(args)} exited {done.returncode}: {done.stderr.strip()[:500]}")
    return done.stdout


def watch_screen(room: str, refreshes: int = 2, columns: int = 160, rows: int = 50, timeout: float = 30) -> str:
    """Runs `beep-stats --watch` in a pseudo-terminal until it has refreshed `refreshes` times
    and returns the last screen it drew (the text after the last clear-screen sequence)."""
    master, slave = pty.openpty()
    os.set_blocking(master, False)
    env = dict(os.environ, BEEP_ADMIN_TOKEN=admin_token(), TERM="xterm", COLUMNS=str(columns), LINES=str(rows))
    process = subprocess.Popen([beep_stats_binary(), "--watch", "--count", str(refreshes), "--room", room,
                                "--url", admin_url()], stdin=slave, stdout=slave, stderr=slave, env=env,
                               close_fds=True)
    os.close(slave)
    output = b""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    chunk = b""
                if chunk:
                    output += chunk
                    continue
            if process.poll() is not None:
                break
        else:
            process.kill()
            raise InteropError(f"beep-stats --watch did not finish {refreshes} refreshes within {timeout} s; "
                               f"output {output[-1000:]!r}")
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
    if process.returncode != 0:
        raise InteropError(f"beep-stats --watch exited {process.returncode}: {output[-1000:]!r}")
    text = output.decode("utf-8", errors="replace")
    clear = "\x1b[H\x1b[2J"
    if text.count(clear) < refreshes:
        raise InteropError(f"beep-stats --watch drew {text.count(clear)} screens in the terminal, want {refreshes}: "
                           f"{text[-1000:]!r}")
    return text.rsplit(clear, 1)[1]


def audit_log() -> list[dict]:
    """The audit lines beep wrote (data/audit.log in beep's working directory)."""
    pid = os.environ.get("INTEROP_BEEP_PID", "")
    path = f"/proc/{pid}/cwd/data/audit.log"
    try:
        with open(path, encoding="utf-8") as file:
            text = file.read()
    except OSError as error:
        raise InteropError(f"cannot read beep's audit log {path}: {error}") from None
    if admin_token() in text:
        raise InteropError("the admin token appears in the audit log")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def wait_participants(room: str, count: int, timeout: float = 20) -> list[str]:
    """Polls `beep-stats --json` until `room` has `count` participants with media; their ids."""
    deadline = time.monotonic() + timeout
    seen: list[str] = []
    while time.monotonic() < deadline:
        report = stats_json(room=room, interval=0.2)
        seen = [p["id"] for r in report["rooms"] if r["room"] == room for p in r["participants"]]
        if len(seen) == count:
            return seen
        time.sleep(0.3)
    raise InteropError(f"room {room}: {len(seen)} participants {seen} in beep-stats after {timeout} s, want {count}")
