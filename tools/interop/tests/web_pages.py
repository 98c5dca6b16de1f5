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
import pathlib
import tempfile
import threading
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

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


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
