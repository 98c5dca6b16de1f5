#!/usr/bin/env python3
"""First load of the web client's shell, cold and warm cache, in headless Chromium.

Measures, for the signed-out shell (GET / → the sign-in page, which loads every module the
client needs to start): the time from navigation start to the sign-in form in the document
("ready", a MutationObserver installed before any page script), to the load event, and the
bytes transferred over the network (Resource Timing transferSize of the document and every
resource; a revalidated 304 counts its headers), the number of requests, and the shell's
decoded size (cold). Cold: a fresh browser context (empty HTTP
cache). Warm: the same URL again in that context.

Reference, side by side in the same run, alternating with Beep: the same files served by
Python's standard-library static server (http.server: Last-Modified/If-Modified-Since, no
compression), so the figures read as a ratio to a plain static server on the same machine.

Runs inside a fresh loopback-only network namespace (re-executes itself under `unshare -n`;
needs root), starts `beep` (from a temporary directory, so its data goes there) and the
reference server on 127.0.0.1, and prints a markdown table; `--markdown FILE` appends it to
FILE (docs/performance.md).

Usage: tools/bench/web-first-load.py [--beep .build/debug/beep] [--runs 10] [--markdown docs/performance.md]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import functools
import http.server
import os
import pathlib
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
WEB = ROOT / "web"
CHROMIUM = "/usr/bin/chromium"
sys.path.insert(0, str(ROOT / "tools"))
import webrtc_peers as peers  # noqa: E402

READY_SELECTOR = '[data-testid="signin-email"]'
# Before any page script: when the sign-in form first appears (performance.now(), ms since
# navigation start).
READY_SCRIPT = """
(() => {
  const selector = %r;
  const mark = () => { if (window.__ready === undefined && document.querySelector(selector)) window.__ready = performance.now(); };
  new MutationObserver(mark).observe(document, { childList: true, subtree: true });
})();
""" % READY_SELECTOR
MEASURE_SCRIPT = """
() => {
  const navigation = performance.getEntriesByType('navigation')[0];
  const resources = performance.getEntriesByType('resource');
  const transferred = navigation.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0);
  const body = navigation.decodedBodySize + resources.reduce((sum, r) => sum + r.decodedBodySize, 0);
  return { ready: window.__ready ?? null, load: navigation.loadEventEnd, transferred, body,
           requests: 1 + resources.length };
}
"""


def fail(message: str) -> None:
    print(f"web-first-load: ERROR: {message}", file=sys.stderr)
    sys.exit(1)


def in_loopback_namespace() -> bool:
    return sorted(name for _, name in socket.if_nameindex()) == ["lo"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ReferenceHandler(http.server.SimpleHTTPRequestHandler):
    """web/ as Beep lays it out: /app/* and /call/assets/*; any other path is the shell."""

    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0]
        if path.startswith("/app/"):
            return str(WEB / "app" / path[len("/app/"):])
        if path.startswith("/call/assets/"):
            return str(WEB / "call" / path[len("/call/assets/"):])
        return str(WEB / "app" / "index.html")

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, *args) -> None:
        pass


ReferenceHandler.extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                                   ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}


def start_beep(binary: str, port: int, workdir: str) -> subprocess.Popen:
    log = open(os.path.join(workdir, "beep.log"), "wb")  # noqa: SIM115 - closed with the process
    env = dict(os.environ)
    env.setdefault("BEEP_CALL_TOKEN_KEY", base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode())
    process = subprocess.Popen([binary, "--host", "127.0.0.1", "--port", str(port), "--web-root", str(WEB),
                                "--media-host", "127.0.0.1", "--media-ports", "8801-8810"],
                               cwd=workdir, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            fail(f"beep exited: {pathlib.Path(workdir, 'beep.log').read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1):
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    fail("beep did not answer /health within 20 s")
    raise AssertionError  # unreachable


async def measure(browser, url: str) -> tuple[dict, dict]:
    """(cold, warm) figures of one fresh context loading `url` twice."""
    context = await browser.new_context()
    try:
        await context.add_init_script(READY_SCRIPT)
        page = await context.new_page()
        figures = []
        for _ in range(2):
            await asyncio.wait_for(page.goto(url, wait_until="load"), 30)
            await asyncio.wait_for(page.wait_for_selector(READY_SELECTOR), 30)
            await page.wait_for_timeout(200)  # late module fetches settle into Resource Timing
            figures.append(await page.evaluate(MEASURE_SCRIPT))
            await page.goto("about:blank")
        return figures[0], figures[1]
    finally:
        await context.close()


async def run(runs: int, beep_url: str, reference_url: str) -> dict:
    from playwright.async_api import async_playwright

    results: dict = {"beep": {"cold": [], "warm": []}, "reference": {"cold": [], "warm": []}}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=peers.CHROMIUM_FLAGS)
        try:
            await measure(browser, beep_url + "/")  # one unmeasured load of each (disk cache of the files)
            await measure(browser, reference_url + "/")
            for _ in range(runs):
                for name, url in (("beep", beep_url), ("reference", reference_url)):
                    cold, warm = await measure(browser, url + "/")
                    results[name]["cold"].append(cold)
                    results[name]["warm"].append(warm)
        finally:
            await browser.close()
    return results


def summarise(samples: list[dict], key: str) -> str:
    values = [s[key] for s in samples if s[key] is not None]
    if not values:
        return "n/a"
    if key in ("transferred", "body"):
        return f"{statistics.median(values) / 1024:.1f} KiB"
    return f"{statistics.median(values):.0f} ms ({min(values):.0f}-{max(values):.0f})"


def table(results: dict, runs: int, binary: str) -> str:
    load = os.getloadavg()
    lines = [
        "",
        "## Web client: first load of the shell (cold and warm cache)",
        "",
        f"`tools/bench/web-first-load.py --beep {binary} --runs {runs}`, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: "
        f"headless Debian Chromium, loopback only, {os.cpu_count()} cores shared with other work "
        f"(load average {load[0]:.1f}), {platform.machine()}; `{binary}` is the build measured (a debug build is slower "
        "to serve than release). The shell is `GET /` signed out, ready when the sign-in form is in the document; "
        "median (min-max) of the runs. Reference: the same files from Python's stdlib static server "
        "(no compression, Last-Modified revalidation), alternating with Beep in the same run.",
        "",
        "| server | cache | ready | load event | transferred | requests | shell size (decoded) |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in ("beep", "reference"):
        for cache in ("cold", "warm"):
            samples = results[name][cache]
            requests = statistics.median(s["requests"] for s in samples)
            size = summarise(samples, "body") if cache == "cold" else ""
            lines.append(f"| {name} | {cache} | {summarise(samples, 'ready')} | {summarise(samples, 'load')} | "
                         f"{summarise(samples, 'transferred')} | {requests:.0f} | {size} |")
    ready = {name: statistics.median(s["ready"] for s in results[name]["cold"] if s["ready"] is not None) for name in results}
    lines += ["", f"Cold ready time, Beep / reference: {ready['beep'] / ready['reference']:.2f}.", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--beep", default=str(ROOT / ".build" / "debug" / "beep"))
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--markdown", help="append the table to this file")
    args = parser.parse_args()
    if not 1 <= args.runs <= 100:
        fail("--runs is 1-100")
    if not os.access(args.beep, os.X_OK):
        fail(f"{args.beep} is not an executable beep (swift build --product beep)")
    if not os.access(CHROMIUM, os.X_OK):
        fail(f"{CHROMIUM} missing (apt-get install chromium)")
    if not in_loopback_namespace():
        if os.geteuid() != 0:
            fail("needs root to create a loopback-only network namespace (unshare -n)")
        inner = "ip link set lo up && exec \"$0\" \"$@\""
        os.execvp("timeout", ["timeout", "600", "unshare", "-n", "sh", "-c", inner, sys.executable, *sys.argv])
    workdir = tempfile.mkdtemp(prefix="beep-web-first-load-")
    beep_port, reference_port = free_port(), free_port()
    handler = functools.partial(ReferenceHandler, directory=str(WEB))
    reference = http.server.ThreadingHTTPServer(("127.0.0.1", reference_port), handler)
    threading.Thread(target=reference.serve_forever, daemon=True).start()
    beep = start_beep(os.path.abspath(args.beep), beep_port, workdir)
    try:
        results = asyncio.run(run(args.runs, f"http://127.0.0.1:{beep_port}", f"http://127.0.0.1:{reference_port}"))
    finally:
        beep.send_signal(2)
        try:
            beep.wait(timeout=10)
        except subprocess.TimeoutExpired:
            beep.kill()
        reference.shutdown()
        shutil.rmtree(workdir, ignore_errors=True)
    text = table(results, args.runs, os.path.relpath(args.beep, ROOT) if args.beep.startswith(str(ROOT)) else args.beep)
    print(text)
    if args.markdown:
        with open(args.markdown, "a", encoding="utf-8") as out:
            out.write(text)


if __name__ == "__main__":
    main()
