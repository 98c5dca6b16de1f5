// The WebSocket client of the Beep signalling protocol, version 2 (docs/signalling.md).
// One JSON object per text frame; every message carries `v: 2`; requests carry a client-chosen
// `id` that the server echoes as `inReplyTo` in its direct reply. `connect` may be called again
// after a close: the page resumes its participant on the new socket (reconnect.js).

export const PROTOCOL_VERSION = 2;
export const MAX_FRAME_BYTES = 65536; // the server's cap (docs/signalling.md)
const REQUEST_TIMEOUT_MS = 15000;

/** A refused request: the server's `error` message (code and message), or a local failure. */
export class SignallingError extends Error {
  constructor(code, message) {
    super(`${code}: ${message}`);
    this.name = "SignallingError";
    this.code = code;
  }
}

/** The `/call/ws` URL on the page's own origin (ws: for http:, wss: for https:). */
export function signallingUrl(location) {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/call/ws`;
}

export class SignallingClient extends EventTarget {
  #socket = null;
  #nextId = 1;
  #pending = new Map(); // id -> {resolve, reject, timer, expect}

  /** Opens the WebSocket; resolves once it is open. */
  connect(url) {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      this.#socket = socket;
      socket.addEventListener("open", () => resolve(), { once: true });
      socket.addEventListener("error", () => reject(new SignallingError("connection", "WebSocket failed")), { once: true });
      socket.addEventListener("message", (event) => { if (this.#socket === socket) { this.#receive(event.data); } });
      socket.addEventListener("close", (event) => {
        if (this.#socket !== socket) { return; } // an older socket, already replaced
        this.#failPending(new SignallingError("closed", `WebSocket closed (${event.code})`));
        this.dispatchEvent(new CustomEvent("close", { detail: { code: event.code, reason: event.reason } }));
      });
    });
  }

  get isOpen() {
    return this.#socket !== null && this.#socket.readyState === WebSocket.OPEN;
  }

  /**
   * Sends a message that has no direct reply (candidate, answer, mute, unpublish, leave).
   * It still carries an id, so that an `error` refusing it names it; such an error arrives
   * as a "message" event like any other.
   */
  send(type, fields = {}) {
    const id = String(this.#nextId++);
    this.#write({ v: PROTOCOL_VERSION, id, type, ...fields });
    return id;
  }

  /**
   * Sends a request and resolves with the server's direct reply (the message whose
   * `inReplyTo` is this request's id); rejects with SignallingError on an `error` reply.
   */
  request(type, fields = {}) {
    const id = String(this.#nextId++);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new SignallingError("timeout", `no reply to ${type} within ${REQUEST_TIMEOUT_MS} ms`));
      }, REQUEST_TIMEOUT_MS);
      this.#pending.set(id, { resolve, reject, timer });
      try {
        this.#write({ v: PROTOCOL_VERSION, id, type, ...fields });
      } catch (error) {
        clearTimeout(timer);
        this.#pending.delete(id);
        reject(error);
      }
    });
  }

  close() {
    if (this.#socket !== null) { this.#socket.close(1000, "bye"); }
  }

  /** Test hook: closes the socket as a network drop would look to the page (code 4000). */
  dropForTest() {
    if (this.#socket !== null) { this.#socket.close(4000, "dropped by test"); }
  }

  #write(message) {
    if (!this.isOpen) { throw new SignallingError("closed", `cannot send ${message.type}: not connected`); }
    const text = JSON.stringify(message);
    if (new TextEncoder().encode(text).length > MAX_FRAME_BYTES) {
      throw new SignallingError("too_large", `${message.type} exceeds ${MAX_FRAME_BYTES} bytes`);
    }
    this.#socket.send(text);
  }

  #receive(data) {
    let message;
    try { message = JSON.parse(data); } catch {
      this.dispatchEvent(new CustomEvent("protocol-error", { detail: "server sent a frame that is not JSON" }));
      return;
    }
    if (message === null || typeof message !== "object" || typeof message.type !== "string") {
      this.dispatchEvent(new CustomEvent("protocol-error", { detail: "server sent a message without a type" }));
      return;
    }
    const waiter = typeof message.inReplyTo === "string" ? this.#pending.get(message.inReplyTo) : undefined;
    if (waiter !== undefined) {
      this.#pending.delete(message.inReplyTo);
      clearTimeout(waiter.timer);
      if (message.type === "error") {
        // The requester handles its refusal (e.g. glare); it is not an event for everyone.
        waiter.reject(new SignallingError(String(message.code), String(message.message ?? "")));
        return;
      }
      waiter.resolve(message);
    }
    // Every message is also an event: a broadcast (e.g. trackPublished) may double as a reply.
    this.dispatchEvent(new CustomEvent("message", { detail: message }));
  }

  #failPending(error) {
    for (const { reject, timer } of this.#pending.values()) {
      clearTimeout(timer);
      reject(error);
    }
    this.#pending.clear();
  }
}
