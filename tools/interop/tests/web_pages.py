"""Shared helpers of the web client tests (test_web_markdown.py, test_web_xss.py,
test_web_e2e.py): a static page server with the client's CSP for the markdown harness, the web
client's API driven over HTTP (sign-up, servers, channels, messages), and the artifacts folder
for screenshots.

Every failed step raises InteropError naming the step, never a skip.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import re
import pathlib
import tempfile
import urllib.parse

import support
from support import InteropError

REPO = support.HERE.parent.parent.parent
WEB_APP = REPO / "web" / "app"
# The CSP of the static harness pages: what Beep sends for the client (script-src 'self', no
# inline script, no eval), so the renderer is tested under the same rules.
HARNESS_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
               "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


@contextlib.contextmanager
def static_server(files: dict[str, tuple[str, bytes]]):
    """Serves `files` (path → (content type, body)) at http://127.0.0.1:PORT with HARNESS_CSP
    and nosniff; other paths are 404. Yields the base URL (no trailing slash)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            path = urllib.parse.urlsplit(self.path).path
            found = files.get(path)
            status, content_type, body = (200, *found) if found else (404, "text/plain", b"not found")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Security-Policy", HARNESS_CSP)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    with support.peers.serve_in_background(Handler) as base:
        yield base


def markdown_harness_files() -> dict[str, tuple[str, bytes]]:
    """The markdown harness page, its module and web/app/markdown.js."""
    renderer = WEB_APP / "markdown.js"
    if not renderer.is_file():
        raise InteropError(f"{renderer} missing")
    js = "text/javascript; charset=utf-8"
    return {
        "/": ("text/html; charset=utf-8", (support.HERE / "markdown_page.html").read_bytes()),
        "/markdown_harness.js": (js, (support.HERE / "markdown_harness.js").read_bytes()),
        "/markdown.js": (js, renderer.read_bytes()),
    }


# ---------------------------------------------------------------- the real Beep


def skip_under_mock() -> None:
    """run.sh --mock (INTEROP_MOCK=1) is a harness self-check with an aiortc stand-in that has
    no API and serves no client: the client tests are skipped there (and only there)."""
    support.skip_under_mock("web client or API")


# ---------------------------------------------------------------- catalogues


def catalogue(language: str) -> dict[str, str]:
    """The flat key → string catalogue of web/app/i18n/LANGUAGE.js (simple "key": "value" lines)."""
    path = WEB_APP / "i18n" / f"{language}.js"
    if not path.is_file():
        raise InteropError(f"{path} missing")
    pairs = re.findall(r'^\s*"([\w.]+)"\s*:\s*"((?:[^"\\]|\\.)*)"', path.read_text(), re.MULTILINE)
    return {key: value.replace('\\"', '"') for key, value in pairs}


# ---------------------------------------------------------------- artifacts


def artifacts_dir() -> pathlib.Path:
    """Where screenshots go: INTEROP_ARTIFACTS, else /tmp/beep-web-artifacts (printed in the
    summary so the run shows it)."""
    path = pathlib.Path(os.environ.get("INTEROP_ARTIFACTS") or os.path.join(tempfile.gettempdir(), "beep-web-artifacts"))
    path.mkdir(parents=True, exist_ok=True)
    return path


# ---------------------------------------------------------------- the API


class Api:
    """One signed-in user of Beep's HTTP API (docs/api.md)."""

    def __init__(self, base: str, access: str = "", refresh: str = "", user: dict | None = None):
        self.base, self.access, self.refresh, self.user = base, access, refresh, user or {}

    def call(self, method: str, path: str, body: dict | None = None, want: tuple[int, ...] = (200, 201, 204)) -> dict:
        headers = {"Authorization": f"Bearer {self.access}"} if self.access else {}
        data = None if body is None else json.dumps(body).encode()
        if data is not None:
            headers["Content-Type"] = "application/json"
        status, reply = support.http_request(method, self.base + path, data, headers)
        if status not in want:
            raise InteropError(f"{method} {path}: HTTP {status}: {reply[:400]!r}")
        if not reply:
            return {}
        try:
            return json.loads(reply)
        except ValueError:
            raise InteropError(f"{method} {path}: not JSON: {reply[:200]!r}") from None

    @classmethod
    def sign_up(cls, base: str, username: str, first: str, last: str, password: str, language: str = "en") -> "Api":
        api = cls(base)
        answer = api.call("POST", "/api/v1/auth/sign-up", {
            "firstName": first, "lastName": last, "username": username,
            "email": f"{username}@example.test", "password": password, "language": language})
        tokens = answer.get("tokens") or {}
        api.access, api.refresh, api.user = tokens.get("accessToken", ""), tokens.get("refreshToken", ""), answer.get("user") or {}
        if not api.access:
            raise InteropError(f"sign-up {username}: no access token in {str(answer)[:300]}")
        return api


# ---------------------------------------------------------------- XSS checks in the page

# Runs before any page script (Playwright init script, outside the page's CSP): the trap that
# a payload calls if it ever runs (`__xss`, and alert/confirm/prompt), and a record of CSP
# violations (securitypolicyviolation events).
TRAP_SCRIPT = """
(() => {
  const hits = [];
  const violations = [];
  const trap = (what) => { hits.push(String(what)); };
  Object.defineProperty(window, '__xss', { value: trap, writable: false, configurable: false });
  window.alert = window.confirm = window.prompt = (what) => trap('dialog:' + what);
  window.__xssHits = () => hits.slice();
  window.__cspViolations = () => violations.slice();
  document.addEventListener('securitypolicyviolation', (e) => {
    violations.push({ directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
  }, true);
})();
"""

# `(root) => problems`: every element under root must be one the renderer makes, with only
# the attributes it sets, no on* handler, and every link http:, https: or mailto: (as the
# browser resolved it, so relative app routes count as http:).
INSPECT_SCRIPT = """
(root) => {
  const allowed = new Set(['P', 'BR', 'STRONG', 'EM', 'DEL', 'CODE', 'PRE', 'BLOCKQUOTE', 'UL', 'OL', 'LI', 'A', 'SPAN']);
  const attributes = new Set(['href', 'rel', 'target', 'class', 'title', 'start']);
  const problems = [];
  for (const element of root.querySelectorAll('*')) {
    if (!allowed.has(element.tagName)) problems.push('element <' + element.tagName.toLowerCase() + '>');
    for (const attribute of element.attributes) {
      if (!attributes.has(attribute.name) && !attribute.name.startsWith('data-'))
        problems.push('attribute ' + attribute.name + ' on <' + element.tagName.toLowerCase() + '>');
    }
    if (element.tagName === 'A') {
      let protocol = '';
      try { protocol = new URL(element.href).protocol; } catch { protocol = 'unparsable'; }
      if (!['http:', 'https:', 'mailto:'].includes(protocol)) problems.push('link ' + element.getAttribute('href'));
    }
  }
  return problems;
}
"""


# ---------------------------------------------------------------- the web client in Chromium


class ClientPage:
    """One person's web client: a browser context of its own (own storage, own fake
    devices) with the XSS trap installed before any script, page errors collected."""

    def __init__(self, name: str, context, page):
        self.name, self.context, self.page = name, context, page
        self.errors: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(f"{name}: uncaught {error}"))
        page.on("console", lambda msg: support.log(f"{name} console {msg.type}: {msg.text}"))

    async def goto(self, path: str):
        response = await support.step(f"{self.name}: load {path}", self.page.goto(support.beep_url() + path), 30)
        if response is None or response.status != 200:
            raise InteropError(f"{self.name}: GET {path}: HTTP {None if response is None else response.status}")
        return response

    async def sign_in(self, email: str, password: str) -> None:
        """Signs in through the sign-in form and waits for the signed-in layout."""
        await self.goto("/login")
        await self.fill("signin-email", email)
        await self.fill("signin-password", password)
        await self.click("signin-submit")
        await self.wait_for('[data-testid="server-rail"]', "signed in")

    async def fill(self, testid: str, value: str) -> None:
        await support.step(f"{self.name}: fill {testid}", self.page.get_by_test_id(testid).fill(value), 10)

    async def click(self, testid_or_selector: str) -> None:
        selector = testid_or_selector if any(c in testid_or_selector for c in "[.#: ") else f'[data-testid="{testid_or_selector}"]'
        await support.step(f"{self.name}: click {selector}", self.page.locator(selector).first.click(), 15)

    async def wait_for(self, selector: str, what: str, timeout: float = 15, state: str = "visible"):
        waiting = self.page.wait_for_selector(selector, state=state, timeout=timeout * 1000)
        return await self.bounded(f"{what} ({selector})", waiting, timeout)

    async def wait_js(self, expression: str, what: str, arg=None, timeout: float = 15):
        return await self.bounded(what, self.page.wait_for_function(expression, arg=arg, timeout=timeout * 1000), timeout)

    async def bounded(self, what: str, waiting, timeout: float):
        """Awaits a Playwright wait; its timeout becomes an InteropError naming `what`."""
        try:
            return await support.step(f"{self.name}: {what}", waiting, timeout + 5)
        except InteropError:
            raise
        except Exception as error:  # noqa: BLE001 - Playwright's TimeoutError
            raise InteropError(f"{self.name}: not {what} within {timeout}s: {str(error)[:300]}") from None

    async def trap_hits(self) -> list[str]:
        return await self.page.evaluate("window.__xssHits()")

    async def csp_violations(self) -> list[dict]:
        return await self.page.evaluate("window.__cspViolations()")

    async def screenshot(self, name: str) -> pathlib.Path:
        path = artifacts_dir() / f"{name}.png"
        await support.step(f"{self.name}: screenshot {name}", self.page.screenshot(path=str(path)), 20)
        return path


async def open_client(browser, name: str, viewport: dict | None = None) -> ClientPage:
    """A new context and page for `name`, the trap installed, nothing loaded yet."""
    context = await browser.new_context(viewport=viewport or {"width": 1280, "height": 800})
    await context.add_init_script(TRAP_SCRIPT)
    page = await context.new_page()
    return ClientPage(name, context, page)


def check_csp_header(headers: dict[str, str]) -> str:
    """The client's Content-Security-Policy: present, scripts only from 'self' (no inline, no
    eval), no plugins, no framing, no <base>. Returns it."""
    csp = headers.get("content-security-policy", "")
    directives = {part.strip().split(" ", 1)[0]: part.strip() for part in csp.split(";") if part.strip()}
    script = directives.get("script-src", directives.get("default-src", ""))
    problems = []
    if "'self'" not in script:
        problems.append("script-src lacks 'self'")
    for bad in ("'unsafe-inline'", "'unsafe-eval'", "data:", "*", "http:", "https:"):
        if bad in script.split():
            problems.append(f"script-src allows {bad}")
    if directives.get("object-src") != "object-src 'none'":
        problems.append("object-src is not 'none'")
    if directives.get("base-uri") != "base-uri 'none'":
        problems.append("base-uri is not 'none'")
    if "frame-ancestors 'none'" not in csp:
        problems.append("frame-ancestors is not 'none'")
    if headers.get("x-content-type-options", "").lower() != "nosniff":
        problems.append("X-Content-Type-Options is not nosniff")
    if problems:
        raise InteropError(f"Content-Security-Policy {csp!r}: " + "; ".join(problems))
    return csp


# An inline script added to the document: CSP (no 'unsafe-inline') must block it, which fires
# a securitypolicyviolation event and leaves the trap silent. Playwright's evaluate itself is
# outside the page's CSP; the <script> element it adds is not.
CSP_PROBE_SCRIPT = """
async () => {
  const before = window.__cspViolations().length;
  const script = document.createElement('script');
  script.textContent = "__xss('csp-probe-inline')";
  document.body.appendChild(script);
  const handler = document.createElement('img');
  handler.setAttribute('onerror', "__xss('csp-probe-handler')");
  handler.src = '/csp-probe-missing.png';
  document.body.appendChild(handler);
  await new Promise((resolve) => setTimeout(resolve, 500));
  script.remove();
  handler.remove();
  return window.__cspViolations().slice(before);
}
"""
