"""web/app/markdown.js in headless Chromium: each case renders markdown in a page served on
127.0.0.1 under the client's CSP (web_pages.HARNESS_CSP) and compares the fragment's
serialisation with the expected HTML, written by hand from the rules in docs/web-client.md
("Markdown") and the server's mention/tag syntax (docs/messages.md)."""

from __future__ import annotations

import asyncio
import contextlib
import re

import pytest

import call_pages
import support
import web_pages
import xss_payloads
from support import InteropError

A = 'rel="noopener noreferrer nofollow" target="_blank"'
ME = {"me": "alice"}
DIRECTORY = {
    "users": {"alice": {"id": "11", "displayName": "Alice A"}, "bob": {"id": "12"}},
    "channels": {"general": {"id": "21", "href": "/servers/1/channels/21"},
                 "evil": {"id": "22", "href": "javascript:alert(1)"},
                 "off-site": {"id": "23", "href": "//evil.example/x"}},
}

# (name, markdown, options, expected innerHTML)
CASES = [
    ("plain text", "hello", {}, "<p>hello</p>"),
    ("paragraphs", "one\n\ntwo", {}, "<p>one</p><p>two</p>"),
    ("line breaks", "one\ntwo\r\nthree", {}, "<p>one<br>two<br>three</p>"),
    ("bold", "a **b** c", {}, "<p>a <strong>b</strong> c</p>"),
    ("italic star", "*i*", {}, "<p><em>i</em></p>"),
    ("italic underscore", "_i_ snake_case_name", {}, "<p><em>i</em> snake_case_name</p>"),
    ("bold italic", "***x***", {}, "<p><em><strong>x</strong></em></p>"),
    ("nested", "**bold *and italic***", {}, "<p><strong>bold <em>and italic</em></strong></p>"),
    ("strike", "~~gone~~ ~one~", {}, "<p><del>gone</del> ~one~</p>"),
    ("strong inside em", "*a **b** c*", {}, "<p><em>a <strong>b</strong> c</em></p>"),
    ("left-over stars", "***a**", {}, "<p>*<strong>a</strong></p>"),
    ("mixed characters do not pair", "*a_", {}, "<p>*a_</p>"),
    ("emphasis across a line break", "**a\nb**", {}, "<p><strong>a<br>b</strong></p>"),
    ("unclosed emphasis", "**open and * star", {}, "<p>**open and * star</p>"),
    ("spaced stars", "2 * 3 * 4", {}, "<p>2 * 3 * 4</p>"),
    ("code span", "run `rm -rf *` now", {}, "<p>run <code>rm -rf *</code> now</p>"),
    ("code span keeps html", "`<b>x</b>`", {}, "<p><code>&lt;b&gt;x&lt;/b&gt;</code></p>"),
    ("double backticks", "``a ` b``", {}, "<p><code>a ` b</code></p>"),
    ("unclosed backtick", "a ` b", {}, "<p>a ` b</p>"),
    ("fenced code", "```js\nlet a = '<script>';\n**no**\n```\nafter", {},
     '<pre><code data-language="js">let a = \'&lt;script&gt;\';\n**no**</code></pre><p>after</p>'),
    ("unclosed fence", "```\ncode\nmore", {}, "<pre><code>code\nmore</code></pre>"),
    ("tilde fence", "~~~\n`x`\n~~~", {}, "<pre><code>`x`</code></pre>"),
    ("quote", "> quoted **b**\n> two\nout", {}, "<blockquote><p>quoted <strong>b</strong><br>two</p></blockquote><p>out</p>"),
    ("nested quote", "> > deep", {}, "<blockquote><blockquote><p>deep</p></blockquote></blockquote>"),
    ("bullet list", "- one\n- *two*", {}, "<ul><li>one</li><li><em>two</em></li></ul>"),
    ("ordered list", "3. c\n4. d", {}, '<ol start="3"><li>c</li><li>d</li></ol>'),
    ("nested list", "- a\n  - b\n- c", {}, "<ul><li><p>a</p><ul><li>b</li></ul></li><li>c</li></ul>"),
    ("list after paragraph", "intro\n- x", {}, "<p>intro</p><ul><li>x</li></ul>"),
    ("link", "[site](https://example.org/a?b=1)", {}, f'<p><a href="https://example.org/a?b=1" {A}>site</a></p>'),
    ("link with emphasis", "[**b**](http://example.org)", {}, f'<p><a href="http://example.org/" {A}><strong>b</strong></a></p>'),
    ("link with title", '[t](https://example.org "title")', {}, f'<p><a href="https://example.org/" {A}>t</a></p>'),
    ("mailto link", "[mail](mailto:a@example.org)", {}, f'<p><a href="mailto:a@example.org" {A}>mail</a></p>'),
    ("javascript link is text", "[x](javascript:alert(1))", {}, "<p>[x](javascript:alert(1))</p>"),
    ("data link is text", "[x](data:text/html,hi)", {}, "<p>[x](data:text/html,hi)</p>"),
    ("relative link is text", "[x](/settings)", {}, "<p>[x](/settings)</p>"),
    ("entity link is text", "[x](&#106;avascript:alert(1))", {}, "<p>[x](&amp;#106;avascript:alert(1))</p>"),
    ("image is a link", "![cat](https://example.org/cat.png)", {},
     f'<p><a href="https://example.org/cat.png" {A} class="image-link">cat</a></p>'),
    ("image without alt", "![](https://example.org/c.png)", {},
     f'<p><a href="https://example.org/c.png" {A} class="image-link">https://example.org/c.png</a></p>'),
    ("bare url", "see https://example.org/x_(y). ok", {}, f'<p>see <a href="https://example.org/x_(y)" {A}>https://example.org/x_(y)</a>. ok</p>'),
    ("bare url in parens", "(http://example.org)", {}, f'<p>(<a href="http://example.org/" {A}>http://example.org</a>)</p>'),
    ("angle url", "<https://example.org>", {}, f'<p><a href="https://example.org/" {A}>https://example.org</a></p>'),
    ("bare mailto", "mailto:x@example.org", {}, f'<p><a href="mailto:x@example.org" {A}>mailto:x@example.org</a></p>'),
    ("no bare javascript", "javascript:alert(1)", {}, "<p>javascript:alert(1)</p>"),
    ("raw html is text", "<img src=x onerror=alert(1)>", {}, "<p>&lt;img src=x onerror=alert(1)&gt;</p>"),
    ("escapes", r"\*not\* \`x\` \@bob \#general", {}, "<p>*not* `x` @bob #general</p>"),
    ("mention", "hi @bob!", {}, '<p>hi <span class="mention" data-username="bob">@bob</span>!</p>'),
    ("mention of me", "@Alice look", ME, '<p><span class="mention mention-me" data-username="alice">@Alice</span> look</p>'),
    ("resolved mentions", "@alice @bob @nobody", {**DIRECTORY, **ME},
     '<p><span class="mention mention-me" data-username="alice" data-user-id="11" title="Alice A">@alice</span> '
     '<span class="mention" data-username="bob" data-user-id="12">@bob</span> @nobody</p>'),
    ("mention trailing dot", "ping @bob.", {}, '<p>ping <span class="mention" data-username="bob">@bob</span>.</p>'),
    ("email is no mention", "mail@example.org", {}, "<p>mail@example.org</p>"),
    ("short name is no mention", "@a", {}, "<p>@a</p>"),
    ("everyone", "@everyone @here", {"meFunction": ["everyone"]},
     '<p><span class="mention mention-everyone mention-me" data-username="everyone">@everyone</span> '
     '<span class="mention mention-everyone" data-username="here">@here</span></p>'),
    ("mention in code", "`@bob` and `#general`", {}, "<p><code>@bob</code> and <code>#general</code></p>"),
    ("channel unresolved", "#general", {}, '<p><span class="channel-ref" data-channel-name="general">#general</span></p>'),
    ("channel resolved", "go #General, #nope", DIRECTORY,
     '<p>go <a href="/servers/1/channels/21" class="channel-ref" data-channel-name="general" data-channel-id="21">#General</a>, #nope</p>'),
    ("channel with unsafe href", "#evil #off-site", DIRECTORY,
     '<p><span class="channel-ref" data-channel-name="evil" data-channel-id="22">#evil</span> '
     '<span class="channel-ref" data-channel-name="off-site" data-channel-id="23">#off-site</span></p>'),
    ("hash in word", "C# and a#b", {}, "<p>C# and a#b</p>"),
    ("heading marker is text", "# Title", {}, "<p># Title</p>"),
    ("empty", "", {}, ""),
    ("fence with backtick info is text", "``` a`b\nx", {}, "<p>``` a`b<br>x</p>"),
    ("fence language word", "```python extra words\nprint(1)\n```", {}, '<pre><code data-language="python">print(1)</code></pre>'),
]

# Inputs that are slow for naive parsers (each `[`, backtick or delimiter rescanning the rest):
# they must render within the page step's 10 s bound, keeping their text (markdown punctuation
# and whitespace aside: code spans and emphasis may form).
MARKUP = r"[`*_~\s]"
PATHOLOGICAL = [
    "[" * 4000,
    "[" * 2000 + "`a" * 1000,
    "`" + "a`` " * 1000,
    "*_" * 2000,
    "**a" * 1300,
    "<http://" * 500,
    "@a" * 2000,
    "http://x" + ")" * 2000,
]


@pytest.mark.parametrize("name", [case[0] for case in CASES])
def test_markdown_case(name: str, markdown_page) -> None:
    _, source, options, expected = next(case for case in CASES if case[0] == name)
    got = markdown_page(source, options)
    assert got == expected, f"{name}: {source!r}\n  got      {got}\n  expected {expected}"


@pytest.mark.parametrize("index", range(len(PATHOLOGICAL)))
def test_pathological_input_renders_as_text(index: int, markdown_page) -> None:
    source = PATHOLOGICAL[index]
    got = markdown_page.text(source)
    assert re.sub(MARKUP, "", got) == re.sub(MARKUP, "", source), f"case {index}: the text changed"


def test_safe_link_url(markdown_page) -> None:
    check = markdown_page.safe_url
    for url in ["https://example.org/", "http://127.0.0.1:8080/x", "mailto:a@example.org", "HTTPS://EXAMPLE.ORG"]:
        assert check(url) is not None, url
    for url in ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
                "java\nscript:x", "\x01javascript:x", "vbscript:msgbox", "data:text/html;base64,PHNjcmlwdD4=",
                "file:///etc/passwd", "//example.org", "/relative", "&#106;avascript:x", "blob:https://x/1", ""]:
        assert check(url) is None, url


def test_renderer_never_parses_html() -> None:
    """The renderer's source uses no HTML-parsing sink (docs/web-client.md, Markdown)."""
    source = (web_pages.WEB_APP / "markdown.js").read_text()
    code = re.sub(r"//[^\n]*", "", source)
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function(",
                 "createContextualFragment", "setHTML", "DOMParser"):
        assert sink not in code, f"markdown.js uses {sink}"


def test_hostile_payloads_render_inert(markdown_page) -> None:
    """Every payload of xss_payloads.py rendered into the document: the renderer makes only its
    own elements and attributes, links are http/https/mailto, and nothing runs (the trap stays
    silent after the page had time to load and fire whatever was created; every element is
    also hovered and focused)."""
    assert len(xss_payloads.PAYLOADS) >= 50
    for payload in xss_payloads.PAYLOADS:
        markdown_page.append(payload)
    problems = markdown_page.inspect("all")
    markdown_page.poke("all")
    hits = markdown_page.hits()
    assert not hits, f"the trap fired: {hits}"
    assert not problems, "\n".join(problems)
    assert markdown_page.count("#all > div") == len(xss_payloads.PAYLOADS)


class _Page:
    """Renders through the harness page on the fixture's event loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop, page):
        self.loop, self.page = loop, page

    def __call__(self, source: str, options: dict) -> str:
        return self.loop.run_until_complete(
            support.step("render", self.page.evaluate("([s, o]) => window.renderCase(s, o)", [source, options]), 10))

    def text(self, source: str) -> str:
        script = "(s) => { window.renderCase(s, {}); return document.getElementById('out').textContent; }"
        return self.loop.run_until_complete(support.step("render text", self.page.evaluate(script, source), 10))

    def append(self, source: str) -> None:
        self.loop.run_until_complete(support.step("append", self.page.evaluate("(s) => window.appendCase(s)", source), 10))

    def count(self, selector: str) -> int:
        return self.loop.run_until_complete(support.step("count", self.page.locator(selector).count(), 10))

    def inspect(self, box: str) -> list[str]:
        script = f"(id) => [...document.getElementById(id).children].flatMap({web_pages.INSPECT_SCRIPT})"
        return self.loop.run_until_complete(support.step("inspect", self.page.evaluate(script, box), 10))

    def poke(self, box: str) -> None:
        """Waits for loads/errors to settle, hovering and focusing every rendered element."""
        async def run():
            await self.page.wait_for_timeout(300)
            for element in await self.page.query_selector_all(f"#{box} *"):
                await element.hover(timeout=2000, force=True)
                await element.focus()
            await self.page.wait_for_timeout(200)
        self.loop.run_until_complete(support.step("poke", run(), 60))

    def hits(self) -> list[str]:
        return self.loop.run_until_complete(support.step("trap", self.page.evaluate("window.__xssHits()"), 10))

    def safe_url(self, url: str):
        return self.loop.run_until_complete(
            support.step("safeLinkURL", self.page.evaluate("(u) => window.safeLinkURL(u)", url), 10))


async def _open_harness(stack: contextlib.AsyncExitStack, base: str):
    browser = await stack.enter_async_context(call_pages.chromium())
    page = await browser.new_page()
    await page.add_init_script(web_pages.TRAP_SCRIPT)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: support.log(f"markdown page console {msg.type}: {msg.text}"))
    await support.step("load harness", page.goto(base + "/"), 30)
    await support.step("harness ready", page.wait_for_function("window.harnessReady === true"), 10)
    if errors:
        raise InteropError(f"harness page errors: {errors}")
    return page


@pytest.fixture(scope="module")
def markdown_page():
    """One Chromium page with the harness loaded, shared by the cases of this module."""
    loop = asyncio.new_event_loop()
    browsers = contextlib.AsyncExitStack()
    try:
        with web_pages.static_server(web_pages.markdown_harness_files()) as base:
            try:
                yield _Page(loop, loop.run_until_complete(_open_harness(browsers, base)))
            finally:
                loop.run_until_complete(browsers.aclose())
    finally:
        loop.close()
