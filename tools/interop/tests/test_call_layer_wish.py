"""Issue 5, "a small tile asks for low": the call page asks the SFU for the simulcast layer its
tiles need (signalling `maxLayer`, docs/signalling.md 2.2; web/call/layers.js).

A Chromium publisher P sends its camera in three layers (q/h/f, 240/480/960 px wide) through
Beep to a Chromium subscriber S on loopback, with no bandwidth limit:

- P's tile at S is small (under 300 device px wide): S's page sends `maxLayer q`, and while it
  shows P only there S is forwarded q (/admin/stats `rooms[].adaptation[].layers[]`
  targetLayer and currentLayer) and decodes P's q width, for HOLD_S.
- S pins P's tile to the stage with the keyboard (Enter on the tile's pin button, aria-pressed):
  the stage is wide (STAGE_VIEWPORT), the page lifts its cap (`maxLayer null`), and S moves
  above q and decodes P's h or f width within UP_DEADLINE_S.
- S unpins with the stage's button (focus returns to P's tile): the page asks for q again and
  S is forwarded q and decodes P's q width within DOWN_DEADLINE_S, and stays there for HOLD_S
  although its bandwidth estimate would allow more. Without the page's request nothing
  would bring a subscriber with a free path back down, so this step tests the wish.
- S's signalling socket drops and the page resumes; a click on P's tile pins it again and S
  moves above q: wishes still go out after a resume.
- P shares a screen: it takes S's stage and S asks q of P's camera; the share ends: the pinned
  camera is back on the stage and the cap lifts.

S turns its camera off and mutes (only P encodes, on a shared machine). Every failed step
raises InteropError naming it, never a skip. Page helpers from call_pages.py; stats and frame
helpers from test_call_simulcast.py.
"""

from __future__ import annotations

import asyncio
import json
import time

import pytest

import call_pages as cp
import support
import test_call_simulcast as sc
import web_pages
from support import InteropError

ROOM = "r-layer-wish"
HOLD_S = 6.0  # how long S must stay on q while P's camera shows only in a small tile
UP_DEADLINE_S = 25.0  # pinned → S forwarded above q (the estimate may still have to climb)
DOWN_DEADLINE_S = 8.0  # unpinned → S forwarded q (a request applies at the next key frame)


@pytest.fixture(scope="module", autouse=True)
def call_server():
    with cp.serving_calls() as url:
        yield url


def consumer_layers(subscriber: str, publisher: str) -> tuple[dict, dict, dict]:
    """(targetLayer, currentLayer) of the subscriber's consumer of the publisher's camera, and
    the subscriber's whole adaptation entry; a layer is {} when paused or not chosen yet."""
    entry = sc.adaptation_of(subscriber, ROOM)
    layers = [layer for layer in entry.get("layers", [])
              if sc.raw_id(layer["publisher"]) == publisher and layer["kind"] == "video"]
    if not layers:
        raise InteropError(f"/admin/stats has no video consumer of {publisher} for {subscriber}: {sc.brief(entry)}")
    return layers[0].get("targetLayer") or {}, layers[0].get("currentLayer") or {}, entry


async def wait_forwarded(s: cp.Participant, publisher: str, predicate, what: str, timeout: float) -> float:
    """Until predicate(target spatial, current spatial) holds in /admin/stats; returns the seconds."""
    started = time.monotonic()
    seen: tuple = ()
    while time.monotonic() - started < timeout:
        target, current, entry = await asyncio.to_thread(consumer_layers, s.pid, publisher)
        seen = (target, current, entry.get("targetBitrate"))
        if predicate(target.get("spatial"), current.get("spatial")):
            support.log(f"{s.name}: {what} after {time.monotonic() - started:.1f} s: target {target}, current {current}")
            return time.monotonic() - started
        await asyncio.sleep(0.2)
    raise InteropError(f"{s.name}: not {what} within {timeout} s; (target, current, estimate) {seen}; "
                       f"recent decisions: {json.dumps(entry.get('recentDecisions'))[:1500]}")


async def hold_on_q(s: cp.Participant, publisher: str, why: str) -> int:
    """For HOLD_S, every /admin/stats sample has S's consumer of P targeting and forwarding q;
    returns S's highest bandwidth estimate meanwhile."""
    deadline = time.monotonic() + HOLD_S
    highest_estimate = 0
    while time.monotonic() < deadline:
        target, current, entry = await asyncio.to_thread(consumer_layers, s.pid, publisher)
        highest_estimate = max(highest_estimate, entry.get("targetBitrate") or 0)
        if target.get("spatial") != 0 or current.get("spatial", 0) != 0:
            raise InteropError(f"{s.name}: left q ({why}): target {target}, current {current}; {sc.brief(entry)}")
        await asyncio.sleep(0.25)
    support.log(f"{s.name}: stayed on q for {HOLD_S} s ({why}); estimate up to {highest_estimate} bit/s")
    return highest_estimate


async def wait_width_above_q(s: cp.Participant, p: cp.Participant) -> int:
    """Until S decodes P's camera at the width of P's h or f encoding; returns that width."""
    deadline = time.monotonic() + sc.FRAME_SIZE_DEADLINE_S
    seen = None
    while time.monotonic() < deadline:
        widths = await sc.publisher_widths(p)
        entry = await sc.inbound_video(s, p.pid)
        seen = (entry["frameWidth"], widths)
        if entry["frameWidth"] in (widths.get("h"), widths.get("f")) and entry["frameWidth"] != widths.get("q"):
            support.log(f"{s.name}: decodes {entry['frameWidth']} px wide (P's encodings {widths})")
            return entry["frameWidth"]
        await asyncio.sleep(0.2)
    raise InteropError(f"{s.name}: decoded width never matched P's h or f encoding: (width, P's widths) {seen}")


async def tile_width(s: cp.Participant, publisher: str) -> float:
    return await s.page.evaluate(
        "(pid) => document.querySelector(`.tile[data-participant-id=\"${CSS.escape(pid)}\"] video`)"
        ".getBoundingClientRect().width * window.devicePixelRatio", publisher)


async def screenshot(s: cp.Participant, name: str) -> None:
    """Saves S's page for a look at the tiles and the stage (web_pages.artifacts_dir)."""
    path = web_pages.artifacts_dir() / f"{name}.png"
    await support.step(f"{s.name}: screenshot {name}", s.page.screenshot(path=str(path)), 20)
    support.log(f"{s.name}: screenshot {path}")


async def layer_wish_call() -> dict:
    async with cp.chromium() as browser:
        p = await cp.open_page(browser, "P", "p", room=ROOM)
        s = await cp.open_page(browser, "S", "s", room=ROOM, viewport=cp.STAGE_VIEWPORT)
        for person in (p, s):
            await cp.join_call(person)
        await s.click("#camera-button")
        await s.click("#mute-button")
        await cp.wait_media_flowing(s, [(p.pid, "video")], "P's camera")
        widths = await sc.publisher_widths(p)
        if sorted(widths) != ["f", "h", "q"]:
            raise InteropError(f"P does not send three simulcast encodings q/h/f: outbound {widths}")

        small = await tile_width(s, p.pid)
        support.log(f"S: P's tile is {small:.0f} device px wide; P's encodings {widths}")
        await cp.wait_wish(s, p.pid, "q", f"tile {small:.0f} device px wide")
        await wait_forwarded(s, p.pid, lambda target, current: target == 0 and current == 0, "forwarded q (small tile)", 10)
        await hold_on_q(s, p.pid, "small tile")
        small_width = await sc.wait_frame_width(s, p, "q")
        await screenshot(s, "call-tiles")

        await cp.pin_to_stage(s, p.pid, keyboard=True)
        stage = await cp.stage_width(s)
        up_s = await wait_forwarded(s, p.pid, lambda target, current: (current or 0) >= 1,
                                    "forwarded above q (pinned to the stage)", UP_DEADLINE_S)
        large_width = await wait_width_above_q(s, p)
        await screenshot(s, "call-pinned")

        await cp.unpin_from_stage(s, p.pid)
        down_s = await wait_forwarded(s, p.pid, lambda target, current: target == 0 and current == 0,
                                      "forwarded q again (unpinned)", DOWN_DEADLINE_S)
        back_width = await sc.wait_frame_width(s, p, "q")
        estimate = await hold_on_q(s, p.pid, "unpinned, small tile again")

        # After a dropped socket and a resume, wishes still go out: a click pins P again.
        await support.step("S: drop the signalling socket", s.page.evaluate("window.beepCall.dropSignalling()"), 10)
        await cp.wait_until(s, "resumed", lambda snap: snap["resumes"] >= 1 and snap["signalling"] == "connected", 20)
        await cp.pin_to_stage(s, p.pid)
        await wait_forwarded(s, p.pid, lambda target, current: (current or 0) >= 1,
                             "forwarded above q (pinned again after a resume)", UP_DEADLINE_S)

        # A screen share takes the stage (the camera's wish drops to q); when it ends the
        # pinned camera comes back and the wish lifts again.
        await p.click("#screen-button")
        await cp.wait_until(s, "showing P's screen", lambda snap: any(
            r["participantId"] == p.pid and r["kind"] == "screen" and not r["ended"] for r in snap["remoteTracks"]), 20)
        await cp.wait_wish(s, p.pid, "q", "P's screen on the stage")
        await p.click("#screen-button")
        await cp.wait_wish(s, p.pid, None, "P's camera back on the stage after the share")
        caption = await s.page.locator("#stage-caption").text_content()
        if "camera" not in (caption or ""):
            raise InteropError(f"S: after P's share the stage caption is {caption!r}, want P's camera")
        cp.check_no_page_errors([p, s])
    return {"tile_px": round(small), "stage_px": round(stage), "decoded_small": small_width,
            "decoded_pinned": large_width, "decoded_unpinned": back_width, "up_s": round(up_s, 1),
            "down_s": round(down_s, 1), "estimate_unpinned_bps": estimate, "publisher_widths": widths}


@pytest.mark.timeout(240)
def test_small_tile_asks_for_low_and_the_stage_for_more() -> None:
    support.skip_under_mock("simulcast forwarding or /admin/stats")
    support.require_loopback_only_namespace()
    figure = asyncio.run(layer_wish_call())
    support.summary(
        f"layer wish: P's tile {figure['tile_px']} px → q ({figure['decoded_small']} px decoded); pinned to a "
        f"{figure['stage_px']} px stage → {figure['decoded_pinned']} px after {figure['up_s']} s; unpinned → q "
        f"after {figure['down_s']} s ({figure['decoded_unpinned']} px) with an estimate up to "
        f"{figure['estimate_unpinned_bps'] // 1000} kbit/s")


# ---------------------------------------------------------------- layers.js on its own

# Runs in a call page (served by Beep): LayerWishes with a recording send(), on <div>s whose
# CSS width the script sets; returns what was sent at each step.
LAYER_WISHES_JS = """async () => {
  const { LayerWishes, layerForWidth, WISH_DEBOUNCE_MS } = await import("/call/assets/layers.js");
  // Two frames: the ResizeObserver has reported every change made before; then the debounce.
  const frame = () => new Promise(requestAnimationFrame);
  const settle = async () => {
    await frame(); await frame();
    await new Promise((resolve) => { setTimeout(resolve, WISH_DEBOUNCE_MS + 100); });
  };
  const sent = [];
  let allowed = false;
  const wishes = new LayerWishes({
    send: (participantId, layer) => { sent.push([participantId, layer]); return `m${sent.length}`; },
    canSend: () => allowed,
  });
  const box = (width) => {
    const node = document.createElement("div");
    node.style.cssText = `width: ${width}px; height: 10px`;
    document.body.append(node);
    return node;
  };
  const steps = {};
  const note = (name) => { steps[name] = sent.splice(0); };
  steps.thresholds = [300, 301, 600, 601].map((px) => layerForWidth(px));
  const tile = box(200);
  wishes.watch(tile, "a");
  await settle(); note("not allowed yet");
  allowed = true;
  wishes.refresh("a");
  await settle(); note("allowed: small tile");
  tile.style.width = "400px"; await frame();
  tile.style.width = "900px"; await frame();
  tile.style.width = "500px";
  await settle(); note("three resizes within the debounce");
  tile.style.width = "550px";
  await settle(); note("same layer again");
  const stage = box(1000);
  wishes.watch(stage, "a");
  await settle(); note("also on a wide stage");
  stage.style.display = "none";
  await settle(); note("stage hidden");
  wishes.watch(stage, null);
  tile.style.width = "100px";
  await settle(); note("stage shows another, tile small");
  wishes.resendAll();
  await settle(); note("resend all");
  steps.refusedOurs = wishes.refused("m1");
  steps.refusedOther = wishes.refused("x");
  wishes.refresh("a");
  await settle(); note("after a refusal");
  steps.snapshot = wishes.sentWishes();
  wishes.forget("a");
  tile.style.width = "700px";
  await settle(); note("forgotten");
  return steps;
}"""

EXPECTED_STEPS = {
    "thresholds": ["q", "h", "h", None],
    "not allowed yet": [],
    "allowed: small tile": [["a", "q"]],
    "three resizes within the debounce": [["a", "h"]],
    "same layer again": [],
    "also on a wide stage": [["a", None]],
    "stage hidden": [["a", "h"]],
    "stage shows another, tile small": [["a", "q"]],
    "resend all": [["a", "q"]],
    "refusedOurs": True,
    "refusedOther": False,
    "after a refusal": [["a", "q"]],
    "snapshot": {"a": "q"},
    "forgotten": [],
}


async def layer_wishes_steps() -> dict:
    async with cp.chromium() as browser:
        page = await cp.open_page(browser, "W", "w", room=ROOM + "-unit")
        steps = await support.step("W: run LayerWishes", page.page.evaluate(LAYER_WISHES_JS), 20)
        cp.check_no_page_errors([page])
    return steps


def test_layer_wishes_thresholds_debounce_and_resend() -> None:
    support.require_loopback_only_namespace()
    steps = asyncio.run(layer_wishes_steps())
    wrong = {name: (steps.get(name), want) for name, want in EXPECTED_STEPS.items() if steps.get(name) != want}
    if wrong:
        raise InteropError(f"web/call/layers.js LayerWishes: (got, want) per step: {json.dumps(wrong)}")
