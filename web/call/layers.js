// Which simulcast layer this page wants of each remote camera (signalling `maxLayer`,
// docs/signalling.md revision 2.2). The SFU never forwards this subscriber a higher layer than
// it asked for, so a small tile does not download and decode the 960-px picture it shows at
// 240 px, and the bandwidth goes to the camera shown large. The wish follows the rendered size
// of every element showing that camera (its tile, and the stage while it is pinned there): the
// largest one decides. docs/bandwidth-estimation.md ("The subscriber's request") has the rule.

/**
 * Up to this many device pixels wide, the q layer is enough: it is 240 px wide (a quarter of
 * the 960-px camera, media.js CAMERA_ENCODINGS), and a 1.25× upscale stays sharp enough.
 */
export const LOW_LAYER_MAX_WIDTH_PX = 300;
/** Up to this many device pixels wide, the h layer (480 px) is enough; wider asks for no cap (f). */
export const MEDIUM_LAYER_MAX_WIDTH_PX = 600;
/** A resize settles this long before its wish is sent: dragging a window sends one message, not fifty. */
export const WISH_DEBOUNCE_MS = 250;
/** How many sent `maxLayer` ids are remembered to recognise the server's refusal of one. */
const REMEMBERED_REQUESTS = 64;

/** Layers from the smallest to no cap at all (null: the SFU may send the highest, f). */
const LAYER_ORDER = ["q", "h", null];

/** The layer an element `devicePixels` wide needs: "q", "h", or null (no cap). */
export function layerForWidth(devicePixels) {
  if (devicePixels <= LOW_LAYER_MAX_WIDTH_PX) { return "q"; }
  if (devicePixels <= MEDIUM_LAYER_MAX_WIDTH_PX) { return "h"; }
  return null;
}

/** The largest of some layers (each "q", "h" or null). */
function largestLayer(layers) {
  return layers.reduce((largest, layer) => (LAYER_ORDER.indexOf(layer) > LAYER_ORDER.indexOf(largest) ? layer : largest), "q");
}

/**
 * Watches the <video> elements showing remote cameras and sends each camera's wish when it
 * changes. `send(participantId, layer)` sends `maxLayer` and returns its message id;
 * `canSend(participantId)` says whether a wish may go out now (in the call, connected, and that
 * participant publishes a camera). A wish that cannot go out waits for `refresh`/`resendAll`.
 */
export class LayerWishes {
  #send;
  #canSend;
  #elements = new Map(); // <video> -> {participantId, layer}
  #sent = new Map(); // participantId -> the layer last sent
  #timers = new Map(); // participantId -> pending debounce timeout
  #requests = new Map(); // maxLayer message id -> participantId (oldest first)
  #observer;

  constructor({ send, canSend }) {
    this.#send = send;
    this.#canSend = canSend;
    this.#observer = new ResizeObserver((entries) => { this.#onResize(entries); });
  }

  /** `element` now shows `participantId`'s camera (null: it shows none of them any more). */
  watch(element, participantId) {
    const known = this.#elements.get(element);
    if (known?.participantId === participantId) { return; }
    if (known !== undefined) {
      this.#elements.delete(element);
      this.#observer.unobserve(element);
      this.#schedule(known.participantId);
    }
    if (participantId === null) { return; }
    // q until the first measurement: nothing is shown large before it is laid out.
    this.#elements.set(element, { participantId, layer: "q" });
    this.#observer.observe(element); // reports the current size at once
    this.#schedule(participantId);
  }

  /** The participant left: its elements, pending wish and last sent wish are dropped. */
  forget(participantId) {
    for (const [element, watched] of this.#elements) {
      if (watched.participantId === participantId) { this.#elements.delete(element); this.#observer.unobserve(element); }
    }
    clearTimeout(this.#timers.get(participantId));
    this.#timers.delete(participantId);
    this.#sent.delete(participantId);
  }

  /** Sends the participant's wish if it differs from the last one sent (e.g. it just published its camera). */
  refresh(participantId) { this.#schedule(participantId); }

  /** Sends every current wish again (after a resume: the server may have lost or kept them). */
  resendAll() {
    this.#sent.clear();
    for (const participantId of this.#watchedParticipants()) { this.#schedule(participantId); }
  }

  /** Whether the server's error `inReplyTo` refused one of our wishes; that wish counts as unsent. */
  refused(messageId) {
    const participantId = this.#requests.get(messageId);
    if (participantId === undefined) { return false; }
    this.#requests.delete(messageId);
    this.#sent.delete(participantId);
    return true;
  }

  /** Left the call: nothing is watched or sent any more. */
  reset() {
    this.#observer.disconnect();
    for (const timer of this.#timers.values()) { clearTimeout(timer); }
    this.#elements.clear();
    this.#sent.clear();
    this.#timers.clear();
    this.#requests.clear();
  }

  /** {participantId: layer} as last sent (null: no cap), for the page's snapshot. */
  sentWishes() { return Object.fromEntries(this.#sent); }

  #onResize(entries) {
    for (const entry of entries) {
      const watched = this.#elements.get(entry.target);
      if (watched === undefined) { continue; }
      // A hidden element (display: none, or detached) measures 0 wide and so wishes q. The
      // pixel ratio is read at each resize: a zoom resizes too; a move to a screen of another
      // density alone is not seen until the next resize.
      watched.layer = layerForWidth(entry.contentRect.width * window.devicePixelRatio);
      this.#schedule(watched.participantId);
    }
  }

  #watchedParticipants() {
    return new Set([...this.#elements.values()].map((watched) => watched.participantId));
  }

  #schedule(participantId) {
    clearTimeout(this.#timers.get(participantId));
    this.#timers.set(participantId, setTimeout(() => {
      this.#timers.delete(participantId);
      this.#flush(participantId);
    }, WISH_DEBOUNCE_MS));
  }

  #flush(participantId) {
    const layers = [...this.#elements.values()].filter((w) => w.participantId === participantId).map((w) => w.layer);
    if (layers.length === 0 || !this.#canSend(participantId)) { return; }
    const wish = largestLayer(layers);
    if (this.#sent.has(participantId) && this.#sent.get(participantId) === wish) { return; }
    const messageId = this.#send(participantId, wish);
    this.#sent.set(participantId, wish);
    this.#requests.set(messageId, participantId);
    if (this.#requests.size > REMEMBERED_REQUESTS) { this.#requests.delete(this.#requests.keys().next().value); }
  }
}
