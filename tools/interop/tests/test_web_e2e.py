"""Issue 10, Must show "Browser end-to-end": the web client served by beep, two people in
headless Chromium (a browser context each, fake camera and microphone), everything through
the UI:

1. both sign up; Alice creates a server, then in its settings a folder with a text and a voice
   channel in it, and invites Bob with a link, which Bob opens and accepts;
2. they chat in real time: markdown is rendered, Bob's mention is highlighted for Bob (not for
   Alice), Alice's edit and Bob's delete are seen by both, Alice's pin is seen by Bob; Bob's
   events session is lost while Alice sends, and his re-sync (from the last message position
   he holds) shows her message; meanwhile Alice's member list shows Bob offline, then online,
   through its member-list watch (run.sh makes every server of more than one member large);
3. both join the voice channel and each receives the other's audio (inbound-rtp audio
   packetsReceived rising, read from the page's RTCPeerConnection, hooked before any script);
4. Bob switches to French and the UI is in French (<html lang>, strings from i18n/fr.js);
5. a reload keeps Bob signed in, on the same page, in French.

Screenshots of the main screens go to the artifacts folder (web_pages.artifacts_dir(), printed
in the summary). Every failed step raises InteropError, never a skip.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import time

import pytest

import call_pages
import support
import web_pages
from support import InteropError

PASSWORD = "e2e-" + secrets.token_hex(8)
SUFFIX = secrets.token_hex(3)
FOLDER, TEXT, VOICE = "Hangout", "chat", "Lounge"
AUDIO_DEADLINE_S = 30.0

# Before any page script: every RTCPeerConnection the page makes, for getStats.
PC_HOOK = """
(() => {
  const Native = window.RTCPeerConnection;
  if (!Native) return;
  const made = [];
  window.RTCPeerConnection = class extends Native {
    constructor(...args) { super(...args); made.push(this); }
  };
  window.__inboundAudioPackets = async () => {
    let total = 0;
    for (const pc of made) {
      if (pc.connectionState === 'closed') continue;
      for (const s of (await pc.getStats()).values()) {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') total += s.packetsReceived ?? 0;
      }
    }
    return total;
  };
})();
"""


@pytest.mark.timeout(300)
def test_two_people_chat_call_and_switch_language() -> None:
    web_pages.skip_under_mock()
    asyncio.run(scenario())


class Person:
    def __init__(self, client: web_pages.ClientPage, username: str, first: str, last: str):
        self.client, self.username, self.first, self.last = client, username, first, last
        self.page = client.page

    @property
    def email(self) -> str:
        return f"{self.username}@example.test"


async def scenario() -> None:
    artifacts = web_pages.artifacts_dir()
    support.summary(f"web e2e: screenshots in {artifacts}")
    async with call_pages.chromium() as browser:
        alice = await person(browser, f"alice_{SUFFIX}", "Alice", "Martin")
        bob = await person(browser, f"bob_{SUFFIX}", "Bob", "Durand")
        try:
            await sign_up(alice, screenshot="01-sign-up")
            await sign_up(bob)
            server_id = await create_server_and_channels(alice)
            await invite(alice, bob, server_id)
            await chat(alice, bob)
            await voice(alice, bob)
            await french_and_reload(bob)
        finally:
            for p in (alice, bob):
                if p.client.errors:
                    support.log(f"{p.client.name} page errors: {p.client.errors[:5]}")
        errors = alice.client.errors + bob.client.errors
        assert not errors, f"uncaught page errors: {errors[:5]}"
        hits = await alice.client.trap_hits() + await bob.client.trap_hits()
        assert not hits, f"the XSS trap fired: {hits}"


async def person(browser, username: str, first: str, last: str) -> Person:
    client = await web_pages.open_client(browser, first)
    await client.context.add_init_script(PC_HOOK)
    await client.context.grant_permissions(["microphone", "camera"], origin=support.beep_url())
    return Person(client, username, first, last)


async def sign_up(p: Person, screenshot: str | None = None) -> None:
    c = p.client
    await c.goto("/signup")
    await c.wait_for('[data-testid="signup-first-name"]', "showing the sign-up form")
    await c.fill("signup-first-name", p.first)
    await c.fill("signup-last-name", p.last)
    await c.fill("signup-username", p.username)
    await c.fill("signup-email", p.email)
    await c.fill("signup-password", PASSWORD)
    if screenshot:
        await c.screenshot(screenshot)
    await c.click("signup-submit")
    await c.wait_for('[data-testid="server-rail"]', "signed in after sign-up")


async def create_server_and_channels(alice: Person) -> str:
    c = alice.client
    await c.click("create-server")
    await c.fill("server-name-input", f"Beep Club {SUFFIX}")
    await c.click("create-server-submit")
    await c.wait_for('[data-testid="text-channel"]', "in the new server's first channel")
    match = re.search(r"/servers/(\d+)", alice.page.url)
    if not match:
        raise InteropError(f"Alice: not on a server page after creating it: {alice.page.url}")
    server_id = match.group(1)
    await c.click("server-settings-link")
    await c.wait_for('[data-testid="server-settings"]', "in the server settings")
    await c.click("admin-tab-channels")
    for name, kind, parent in ((FOLDER, "folder", None), (TEXT, "text", FOLDER), (VOICE, "voice", FOLDER)):
        await c.wait_for('[data-testid="admin-channel-name"]', "showing the channel form")
        await c.fill("admin-channel-name", name)
        await support.step("Alice: channel kind", alice.page.get_by_test_id("admin-channel-kind").select_option(kind), 10)
        if parent is not None:
            await support.step("Alice: channel folder",
                               alice.page.get_by_test_id("admin-channel-parent").select_option(label=parent), 10)
        await c.click("admin-channel-create")
        await c.wait_for(f'[data-testid="admin-channel"][data-channel-name="{name}"]', f"{kind} {name} created")
    tree = f'[data-testid="folder"][data-folder-name="{FOLDER}"]'
    await c.wait_for(f'{tree} [data-testid="channel-link"][data-channel-name="{TEXT}"][data-kind="text"]', "text channel in the folder")
    await c.wait_for(f'{tree} [data-testid="channel-link"][data-channel-name="{VOICE}"][data-kind="voice"]', "voice channel in the folder")
    await c.screenshot("02-server-settings-channels")
    return server_id


async def invite(alice: Person, bob: Person, server_id: str) -> None:
    c = alice.client
    await c.click("invite-open")
    await c.click("invite-generate")
    await c.wait_js("() => document.querySelector('[data-testid=\"invite-link\"]')?.value.includes('/invite/')", "invite link made")
    link = await alice.page.get_by_test_id("invite-link").input_value()
    if not link.startswith(support.beep_url() + "/invite/"):
        raise InteropError(f"invite link {link!r} is not {support.beep_url()}/invite/CODE")
    await c.click("invite-dialog-close")
    await support.step("Bob: open the invite link", bob.page.goto(link), 30)
    await bob.client.wait_for('[data-testid="invite-accept"]', "shown the invite")
    await bob.client.click("invite-accept")
    await bob.client.wait_for(f'[data-testid="folder"][data-folder-name="{FOLDER}"]', "in Alice's server after accepting")
    if f"/servers/{server_id}" not in bob.page.url:
        raise InteropError(f"Bob: not in server {server_id} after accepting: {bob.page.url}")


def message_with(text: str) -> str:
    return f'[data-testid="message-list"] [data-testid="message"]:has-text("{text}")'


async def send(p: Person, content: str) -> None:
    await p.client.fill("composer-input", content)
    await p.client.click("composer-send")


async def chat(alice: Person, bob: Person) -> None:
    for p in (alice, bob):
        await p.client.click(f'[data-testid="channel-link"][data-channel-name="{TEXT}"]')
        await p.client.wait_for('[data-testid="text-channel"]', f"in #{TEXT}")
        await p.client.wait_js("() => document.querySelector('[data-testid=\"connection-state\"]')?.dataset.state === 'connected'",
                               "events connected")
    # Markdown and a mention of Bob, live.
    first = f"m1-{SUFFIX}"
    await send(alice, f"Hello @{bob.username}, this is **bold**, *italic*, `code` and https://example.org {first}")
    rendered = f'{message_with(first)} [data-testid="message-content"]'
    for p in (alice, bob):
        await p.client.wait_for(f"{rendered} strong", f"{p.first} sees Alice's message with **bold** rendered")
        await p.client.wait_for(f"{rendered} em", f"{p.first} sees *italic* rendered")
        await p.client.wait_for(f"{rendered} code", f"{p.first} sees `code` rendered")
        await p.client.wait_for(f'{rendered} a[href="https://example.org/"]', f"{p.first} sees the link")
    await bob.client.wait_for(f'{message_with(first)}[data-mentions-me="true"] {"[data-testid=message-content]"} .mention.mention-me',
                              "Bob sees his mention highlighted")
    if await alice.page.locator(f'{message_with(first)}[data-mentions-me="true"]').count() != 0 or \
            await alice.page.locator(f"{rendered} .mention-me").count() != 0:
        raise InteropError("Alice sees Bob's mention highlighted as if it were hers")

    # Bob answers; Alice edits her message; Bob deletes his; Alice pins hers.
    second = f"m2-{SUFFIX}"
    await send(bob, f"~~typo~~ hi @{alice.username} {second}")
    for p in (alice, bob):
        await p.client.wait_for(f'{message_with(second)} del', f"{p.first} sees Bob's answer with ~~strike~~")
    await alice.client.wait_for(f'{message_with(second)}[data-mentions-me="true"]', "Alice sees Bob's mention of her highlighted")
    blocks = f"m3-{SUFFIX}"
    await send(alice, f"> a quote {blocks}\n\n- first item\n- second item\n\n```\nlet sum = a + b; // <b>not bold</b>\n```")
    for p in (alice, bob):
        rendered = f'{message_with(blocks)} [data-testid="message-content"]'
        await p.client.wait_for(f"{rendered} blockquote", f"{p.first} sees the > quote")
        await p.client.wait_for(f"{rendered} ul > li:nth-child(2)", f"{p.first} sees the list")
        await p.client.wait_for(f'{rendered} pre code:has-text("<b>not bold</b>")', f"{p.first} sees the code block escaped")
    await bob.client.screenshot("03-chat-mention-highlighted")

    edited = f"m1e-{SUFFIX}"
    item = alice.page.locator(message_with(first))
    await item.hover()
    await support.step("Alice: edit", item.get_by_test_id("message-edit").click(), 10)
    await support.step("Alice: edit text", alice.page.get_by_test_id("edit-input").fill(f"Hello @{bob.username}, **edited** {edited}"), 10)
    await alice.client.click("edit-save")
    for p in (alice, bob):
        await p.client.wait_for(f'{message_with(edited)} [data-testid="message-edited"]', f"{p.first} sees the edit")
        await p.client.wait_for(f'{message_with(edited)} strong:has-text("edited")', f"{p.first} sees the edited markdown")
    if await bob.page.locator(message_with(first + " ")).count() != 0:
        raise InteropError("Bob still sees the text before the edit")

    item = bob.page.locator(message_with(second))
    await item.hover()
    await support.step("Bob: delete", item.get_by_test_id("message-delete").click(), 10)
    await bob.client.click("confirm-ok")
    for p in (alice, bob):
        await p.client.wait_for(message_with(second), f"{p.first} sees Bob's message deleted", state="detached")

    item = alice.page.locator(message_with(edited))
    await item.hover()
    await support.step("Alice: pin", item.get_by_test_id("message-pin").click(), 10)
    for p in (alice, bob):
        await p.client.wait_for(f'{message_with(edited)}[data-pinned="true"] [data-testid="message-pinned"]', f"{p.first} sees the pin")
    await alice.client.screenshot("04-chat-edited-pinned")
    await lost_session_resync(alice, bob)


async def lost_session_resync(alice: Person, bob: Person) -> None:
    """Bob's events stream is down while Alice sends, and his session is gone when it comes
    back (as after a restart of his process): `invalidSession`, a new session, then the re-sync
    of the channel shows what he missed."""
    missed = f"m4-{SUFFIX}"
    await support.step("Bob: events down", bob.page.evaluate("window.beepApp.suspendEvents()"), 10)
    # run.sh makes every server of more than one member large (BEEP_PRESENCE_FAN_OUT_MEMBERS=1):
    # Alice sees Bob's presence only because her client watches the member list it shows.
    bob_member = f'[data-testid="members-panel"] [data-testid="member"][data-username="{bob.username}"]'
    await alice.client.wait_for(f'{bob_member}[data-online="false"]', "Alice's member list shows Bob offline", timeout=10)
    await send(alice, f"while Bob was away {missed}")
    await alice.client.wait_for(f'{message_with(missed)}:not(.pending)', "Alice's message is stored")
    await asyncio.sleep(1)
    if await bob.page.locator(message_with(missed)).count() != 0:
        raise InteropError("Bob got Alice's message while his events stream was down")
    await support.step("Bob: events back, session lost", bob.page.evaluate("window.beepApp.resumeLostSession()"), 10)
    await bob.client.wait_js("() => document.querySelector('[data-testid=\"connection-state\"]')?.dataset.state === 'connected'",
                             "events connected again")
    await bob.client.wait_for(message_with(missed), "Bob sees the message sent while he was away (re-sync)")
    await alice.client.wait_for(f'{bob_member}[data-online="true"]', "Alice's member list shows Bob online again", timeout=10)
    if await bob.page.locator(message_with(missed)).count() != 1:
        raise InteropError("Bob sees Alice's missed message more than once after the re-sync")


async def inbound_audio(p: Person) -> int:
    return await p.page.evaluate("window.__inboundAudioPackets ? window.__inboundAudioPackets() : -1")


async def voice(alice: Person, bob: Person) -> None:
    for p in (alice, bob):
        await p.client.click(f'[data-testid="channel-link"][data-channel-name="{VOICE}"]')
        await p.client.wait_for('[data-testid="call-panel"]', f"{p.first} sees the call panel")
        await p.client.wait_js("() => !document.querySelector('[data-testid=\"call-join\"]').disabled", f"{p.first} may join")
        await p.client.click("call-join")
        await p.client.wait_js("() => window.beepApp.call().joined === true", f"{p.first} joined the call", timeout=20)
    deadline = time.monotonic() + AUDIO_DEADLINE_S
    counts = {}
    for p in (alice, bob):
        while True:
            first = await inbound_audio(p)
            if first > 0:
                break
            if time.monotonic() > deadline:
                raise InteropError(f"{p.first}: no inbound audio packet within {AUDIO_DEADLINE_S}s "
                                   f"(call state {await p.page.evaluate('JSON.stringify(window.beepApp.call()).slice(0, 1500)')})")
            await asyncio.sleep(0.25)
        counts[p.first] = first
    await asyncio.sleep(1.5)
    for p in (alice, bob):
        later = await inbound_audio(p)
        if later <= counts[p.first]:
            raise InteropError(f"{p.first}: inbound audio packets did not rise over 1.5 s ({counts[p.first]} → {later})")
        support.summary(f"web e2e: {p.first} receives the other's audio ({counts[p.first]} → {later} packets over 1.5 s)")
    for p in (alice, bob):
        await check_pin_label(p, web_pages.catalogue("en"))
    await alice.client.screenshot("05-voice-call")


PIN_BUTTON_JS = """() => {
  const tile = document.querySelector('#tiles .tile:not([data-local])');
  const button = tile?.querySelector('.pin-button');
  return button ? { name: tile.querySelector('.name').textContent, label: button.getAttribute('aria-label'),
                    pressed: button.getAttribute('aria-pressed') } : null;
}"""


async def check_pin_label(p: Person, catalogue: dict) -> None:
    """The other participant's tile in p's call panel has its pin button (web/call/ui.js),
    labelled in p's language (call.pin) and not pressed."""
    found = await p.page.evaluate(PIN_BUTTON_JS)
    want = None if found is None else catalogue["call.pin"].replace("{name}", found["name"])
    if found is None or found["label"] != want or found["pressed"] != "false":
        raise InteropError(f"{p.first}: the other's tile pin button is {found}, want label {want!r}, not pressed")


async def french_and_reload(bob: Person) -> None:
    fr, en = web_pages.catalogue("fr"), web_pages.catalogue("en")
    c = bob.client
    await c.click("user-settings-link")
    await c.wait_for('[data-testid="language-select"]', "in the user settings")
    await support.step("Bob: choose French", bob.page.get_by_test_id("language-select").select_option("fr"), 10)
    await c.wait_js("() => document.documentElement.lang === 'fr'", "UI in French (<html lang>)")
    await check_french(bob, fr, en, "settings.title")
    await check_pin_label(bob, fr)  # the docked call's tiles follow the language
    await c.screenshot("06-settings-in-french")
    # Back to the text channel, in French; then a reload keeps everything.
    await c.click("server-link")
    await c.click(f'[data-testid="channel-link"][data-channel-name="{TEXT}"]')
    await c.wait_for('[data-testid="text-channel"]', f"in #{TEXT}")
    await check_french(bob, fr, en, "composer.send")
    where = bob.page.url
    await support.step("Bob: reload", bob.page.reload(), 30)
    await c.wait_for('[data-testid="text-channel"]', "back in the channel after the reload")
    if await bob.page.locator('[data-testid="signin-email"]').count() != 0:
        raise InteropError("Bob: the reload signed him out")
    if bob.page.url != where:
        raise InteropError(f"Bob: the reload moved him from {where} to {bob.page.url}")
    await c.wait_js("() => document.documentElement.lang === 'fr'", "still French after the reload")
    await check_french(bob, fr, en, "composer.send")
    await c.screenshot("07-channel-in-french-after-reload")


async def check_french(p: Person, fr: dict, en: dict, key: str) -> None:
    if key not in fr or key not in en or fr[key] == en[key]:
        raise InteropError(f"i18n key {key!r}: no distinct French string (fr {fr.get(key)!r}, en {en.get(key)!r})")
    text = await p.page.locator("body").inner_text()
    if fr[key] not in text:
        raise InteropError(f"{p.first}: the page does not show {key} in French ({fr[key]!r}); it shows: {text[:500]!r}")
    if en[key] in text and en[key] not in fr[key]:
        raise InteropError(f"{p.first}: the page still shows {key} in English ({en[key]!r})")
