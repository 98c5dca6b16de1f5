// The events stream client (docs/events.md): one WebSocket to /api/v1/events; identify, then
// resume with the last processed seq after a drop (backoff 0.5 s … 15 s); heartbeats every
// heartbeatMs; `invalidSession` → identify afresh, and once the new session is ready the app
// re-reads what it shows (re-sync: what committed since then is in the new session); close 4001 → refresh the token first; 4010 → another tab took the session: stop.
// Events are handed out in seq order, each once; a duplicate or old seq is dropped.
// `watchMembers(serverId)` names the server whose member list the app shows: sent now when
// connected, and again after every `ready`/`resumed`; the server's `watching` answer is
// dispatched as a "watching" event (the app then re-reads that list's online flags), since in
// large servers presence only reaches connections watching the list (docs/events.md, "Presence").

import { accessToken, refresh } from "./session.js";

const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15000];

export class EventStream extends EventTarget {
  #socket = null;
  #session = null;
  #seq = 0;
  #resyncOnReady = false;
  #heartbeat = null;
  #attempt = 0;
  #stopped = true;
  #retryTimer = null;
  #watchedServer = null;
  /** "connecting" | "connected" | "reconnecting" | "offline" | "stopped" */
  state = "stopped";

  start() {
    if (!this.#stopped) { return; }
    this.#stopped = false;
    this.#open();
    window.addEventListener("online", this.#wake);
  }

  stop() {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    this.#stopHeartbeat();
    window.removeEventListener("online", this.#wake);
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000, "bye");
    this.#session = null;
    this.#seq = 0;
    this.#watchedServer = null;
    this.#setState("stopped");
  }

  /** Shows `serverId`'s member list (null: none): its members' presence must reach this tab. */
  watchMembers(serverId) {
    if (serverId === this.#watchedServer) { return; }
    this.#watchedServer = serverId;
    if (this.state === "connected") { this.#sendWatch(this.#socket); }
  }

  #sendWatch(socket) {
    if (socket?.readyState === WebSocket.OPEN) { socket.send(JSON.stringify({ op: "watchMembers", serverId: this.#watchedServer })); }
  }

  /** Test hook: drops the socket as a network blip would; the stream resumes by itself. */
  dropForTest() { this.#socket?.close(4000, "dropped by test"); }

  /** Test hook: the socket goes down and stays down until `resumeForTest()`. */
  suspendForTest() {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    this.#socket?.close(4000, "suspended by test");
    this.#setState("reconnecting");
  }

  /** Test hook: reconnects resuming a session no server holds (as after a restart), so the
   *  server answers `invalidSession` and the app re-syncs. */
  resumeForTest() {
    if (!this.#stopped || this.#session === null) { return; }
    this.#session = `${this.#session}-forgotten`;
    this.#stopped = false;
    this.#open();
  }

  /** What tests read: {state, session?, seq}. */
  snapshot() { return { state: this.state, resumable: this.#session !== null, seq: this.#seq }; }

  #wake = () => {
    if (this.#socket === null && !this.#stopped) { clearTimeout(this.#retryTimer); this.#attempt = 0; this.#open(); }
  };

  #setState(state) {
    if (this.state === state) { return; }
    this.state = state;
    this.dispatchEvent(new CustomEvent("state", { detail: state }));
  }

  #open() {
    if (this.#stopped) { return; }
    const token = accessToken();
    if (token === null) { this.#setState("offline"); return; }
    this.#setState(this.#session === null && this.#attempt === 0 ? "connecting" : "reconnecting");
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(`${scheme}//${location.host}/api/v1/events`);
    this.#socket = socket;
    socket.addEventListener("open", () => {
      if (this.#session !== null) {
        socket.send(JSON.stringify({ op: "resume", token, session: this.#session, seq: this.#seq }));
      } else {
        socket.send(JSON.stringify({ op: "identify", token }));
      }
    });
    socket.addEventListener("message", (event) => { if (this.#socket === socket) { this.#receive(socket, event.data); } });
    socket.addEventListener("close", (event) => { if (this.#socket === socket) { this.#closed(event.code); } });
  }

  #receive(socket, data) {
    let frame;
    try { frame = JSON.parse(data); } catch { return; }
    if (frame === null || typeof frame !== "object") { return; }
    switch (frame.op) {
      case "ready":
        this.#session = frame.session;
        this.#seq = 0;
        this.#connected(socket, frame.heartbeatMs);
        if (this.#resyncOnReady) {
          // Events from here on come through this session: re-read what was missed before it.
          this.#resyncOnReady = false;
          this.dispatchEvent(new CustomEvent("resync"));
        }
        break;
      case "resumed":
        this.#session = frame.session;
        this.#connected(socket, frame.heartbeatMs);
        break;
      case "invalidSession": {
        // The missed events are gone: a fresh session, then a re-read over HTTP once it is ready.
        this.#session = null;
        this.#seq = 0;
        this.#resyncOnReady = true;
        const token = accessToken();
        if (token !== null) { socket.send(JSON.stringify({ op: "identify", token })); }
        break;
      }
      case "event":
        if (typeof frame.seq !== "number" || frame.seq <= this.#seq) { return; }
        this.#seq = frame.seq;
        this.dispatchEvent(new CustomEvent("event", { detail: { type: frame.type, data: frame.data ?? {} } }));
        break;
      case "watching":
        if (typeof frame.serverId === "string" && frame.serverId === this.#watchedServer) {
          this.dispatchEvent(new CustomEvent("watching", { detail: frame.serverId }));
        }
        break;
      default:
        break; // heartbeatAck, watchRefused (no list to keep live) and future ops
    }
  }

  #connected(socket, heartbeatMs) {
    this.#attempt = 0;
    this.#setState("connected");
    if (this.#watchedServer !== null) { this.#sendWatch(socket); }
    this.#stopHeartbeat();
    const interval = Number.isFinite(heartbeatMs) && heartbeatMs > 1000 ? heartbeatMs : 30000;
    this.#heartbeat = setInterval(() => {
      if (socket.readyState === WebSocket.OPEN) { socket.send(JSON.stringify({ op: "heartbeat", seq: this.#seq })); }
    }, interval);
  }

  #stopHeartbeat() { clearInterval(this.#heartbeat); this.#heartbeat = null; }

  async #closed(code) {
    this.#socket = null;
    this.#stopHeartbeat();
    if (this.#stopped) { return; }
    if (code === 4010) { this.#setState("stopped"); this.#stopped = true; return; }
    if (code === 4001) {
      const token = await refresh().catch(() => null);
      if (token === null) { this.#setState("offline"); this.dispatchEvent(new CustomEvent("signed-out")); return; }
    }
    this.#setState("reconnecting");
    const delay = BACKOFF_MS[Math.min(this.#attempt, BACKOFF_MS.length - 1)];
    this.#attempt += 1;
    this.#retryTimer = setTimeout(() => this.#open(), delay);
  }
}
