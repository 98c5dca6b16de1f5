// The call page's DOM: participant tiles (name, camera video, speaking indicator, mute icon,
// a pin button on others' tiles), the large stage (a shared screen or a pinned camera), the
// room's presence list, device pickers, controls, and the aria-live announcer for joins and
// leaves. No call logic here: a pin press is handed to the session (setPinHandler).

function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) { node.setAttribute(name, value); }
  if (text) { node.textContent = text; }
  return node;
}

export class CallView {
  #tiles = new Map(); // participantId -> {root, video, audio, name, mute, camera, pin}
  #byId = (id) => document.getElementById(id);
  #pinHandler = null; // (participantId or null to unpin) => void, from the session
  #stagePinned = null; // the participant whose camera the stage shows, if any

  constructor() {
    this.controls = {
      join: this.#byId("join-button"),
      mute: this.#byId("mute-button"),
      camera: this.#byId("camera-button"),
      screen: this.#byId("screen-button"),
      leave: this.#byId("leave-button"),
      microphone: this.#byId("microphone-select"),
      cameraDevice: this.#byId("camera-select"),
    };
  }

  setRoom(room) {
    this.#byId("room-name").textContent = room;
    document.title = `${room} · Beep call`;
  }

  setStatus(text) { this.#byId("status").textContent = text; }

  /** Shows an error in the alert region (screen readers read it at once). */
  showError(text) { this.#byId("error").textContent = text; }

  /** A polite announcement (joins, leaves, shares) for screen readers. */
  announce(text) {
    const announcer = this.#byId("announcer");
    announcer.textContent = "";
    // A fresh text node after a tick so repeated identical messages are announced again.
    setTimeout(() => { announcer.textContent = text; }, 50);
  }

  /** Which controls are usable: phase is "watching", "joining", "joined" or "closed". */
  setPhase(phase, { canShare = true } = {}) {
    const joined = phase === "joined";
    this.controls.join.hidden = joined;
    this.controls.join.disabled = phase !== "watching";
    for (const button of [this.controls.mute, this.controls.camera, this.controls.leave]) { button.disabled = !joined; }
    this.controls.screen.disabled = !joined || !canShare;
    document.body.dataset.phase = phase;
  }

  setMuteButton(kind, muted, available) {
    const button = kind === "audio" ? this.controls.mute : this.controls.camera;
    // The label says what a press does (no aria-pressed as well: one signal, not two).
    button.classList.toggle("active", muted);
    button.textContent = kind === "audio" ? (muted ? "Unmute" : "Mute") : (muted ? "Camera on" : "Camera off");
    button.disabled = !available;
  }

  setSharing(sharing) {
    this.controls.screen.classList.toggle("active", sharing);
    this.controls.screen.textContent = sharing ? "Stop sharing" : "Share screen";
  }

  /** Fills the microphone and camera pickers, keeping the current choice when still present. */
  setDevices(devices) {
    for (const [kind, select, noun] of [["audio", this.controls.microphone, "Microphone"], ["video", this.controls.cameraDevice, "Camera"]]) {
      const current = select.value;
      select.replaceChildren();
      const mine = devices.filter((d) => d.kind === kind);
      mine.forEach((d, index) => {
        select.append(element("option", { value: d.deviceId }, d.label || `${noun} ${index + 1}`));
      });
      if (mine.length === 0) { select.append(element("option", { value: "" }, `No ${noun.toLowerCase()} found`)); }
      if (mine.some((d) => d.deviceId === current)) { select.value = current; }
      select.disabled = mine.length === 0;
    }
  }

  /** The presence list: everyone in the room, in the call or not (docs/signalling.md Member). */
  setPresence(members) {
    const list = this.#byId("presence");
    list.replaceChildren();
    for (const member of members) {
      const item = element("li", { "data-identity": member.identity }, member.name || member.identity);
      if (member.inCall) { item.append(" ", element("span", { class: "badge" }, "in call")); }
      list.append(item);
    }
    this.#byId("presence-count").textContent = String(members.length);
  }

  /** Who handles a pin press: `handler(participantId)` toggles that pin, `handler(null)` unpins. */
  setPinHandler(handler) { this.#pinHandler = handler; }

  /**
   * Creates (or renames) the tile of a participant; the local one is labelled "(you)". Others'
   * tiles get a pin button labelled `pinLabel` (a native toggle button over the whole tile, so
   * a click anywhere on it, Enter and Space all pin, and aria-pressed tells the state).
   */
  ensureTile(participantId, name, isLocal, pinLabel = null) {
    let tile = this.#tiles.get(participantId);
    if (tile === undefined) {
      const root = element("li", { class: "tile", "data-participant-id": participantId });
      const video = element("video", { autoplay: "", playsinline: "", "aria-hidden": "true" });
      video.muted = true; // sound plays through the tile's <audio>; the local preview stays silent
      const placeholder = element("div", { class: "no-video", "aria-hidden": "true" });
      const caption = element("p", { class: "caption" });
      const nameNode = element("span", { class: "name" });
      const mute = element("span", { class: "mute-icon", role: "img", "aria-label": "microphone muted", hidden: "" }, "🔇");
      const camera = element("span", { class: "camera-icon", role: "img", "aria-label": "camera off", hidden: "" }, "📷");
      caption.append(nameNode, mute, camera);
      const audio = element("audio", { autoplay: "" });
      root.append(video, placeholder, caption, audio);
      this.#byId("tiles").append(root);
      tile = { root, video, placeholder, audio, name: nameNode, mute, camera, pin: null };
      this.#tiles.set(participantId, tile);
    }
    if (!isLocal && tile.pin === null) { tile.pin = this.#pinButton(participantId, tile.root); }
    if (tile.pin !== null && pinLabel !== null) { tile.pin.setAttribute("aria-label", pinLabel); tile.pin.title = pinLabel; }
    const label = isLocal ? `${name} (you)` : name;
    if (isLocal) { tile.root.dataset.local = "true"; }
    tile.name.textContent = label;
    tile.placeholder.textContent = (name || "?").slice(0, 1).toUpperCase();
    tile.root.setAttribute("aria-label", label);
    return tile;
  }

  #pinButton(participantId, root) {
    const button = element("button", { type: "button", class: "pin-button", "aria-pressed": "false" });
    button.addEventListener("click", () => { this.#pinHandler?.(participantId); });
    root.append(button);
    return button;
  }

  /** Marks the pinned participant's tile (aria-pressed; null: nobody is pinned). */
  setPinned(participantId) {
    for (const [id, tile] of this.#tiles) {
      const pinned = id === participantId;
      tile.root.classList.toggle("pinned", pinned);
      tile.pin?.setAttribute("aria-pressed", String(pinned));
    }
  }

  /** The <video> of a participant's tile (null without a tile). */
  tileVideo(participantId) { return this.#tiles.get(participantId)?.video ?? null; }

  /** The stage's <video>. */
  get stageVideo() { return this.#byId("stage-video"); }

  removeTile(participantId) {
    this.#tiles.get(participantId)?.root.remove();
    this.#tiles.delete(participantId);
  }

  clearTiles() {
    for (const id of [...this.#tiles.keys()]) { this.removeTile(id); }
    this.setStage(null);
  }

  /** Shows a camera track in the tile (null: the initial letter instead). */
  setTileVideo(participantId, track) {
    const tile = this.#tiles.get(participantId);
    if (tile === undefined) { return; }
    tile.video.srcObject = track === null ? null : new MediaStream([track]);
    tile.root.classList.toggle("has-video", track !== null);
  }

  /** Plays a remote audio track through the tile's <audio> element. */
  setTileAudio(participantId, track) {
    const tile = this.#tiles.get(participantId);
    if (tile === undefined) { return; }
    tile.audio.srcObject = track === null ? null : new MediaStream([track]);
    if (track !== null) { tile.audio.play().catch(() => { /* autoplay refused until a click; the join click allows it */ }); }
  }

  setTileMuted(participantId, kind, muted) {
    const tile = this.#tiles.get(participantId);
    if (tile === undefined) { return; }
    const icon = kind === "audio" ? tile.mute : tile.camera;
    icon.hidden = !muted;
    tile.root.dataset[kind === "audio" ? "audioMuted" : "videoMuted"] = String(muted);
  }

  /** The active speaker's tile gets the speaking ring (participantId null: nobody). */
  setSpeaking(participantId) {
    for (const [id, tile] of this.#tiles) {
      const speaking = id === participantId;
      tile.root.classList.toggle("speaking", speaking);
      tile.root.dataset.speaking = String(speaking);
    }
  }

  /**
   * What the stage shows large: null hides it; otherwise `track` with `caption`, and for a
   * pinned camera `pinnedId` with the label of the stage's unpin button (`unpinLabel`).
   */
  setStage(content) {
    const stage = this.#byId("stage");
    const video = this.stageVideo;
    const track = content?.track ?? null;
    stage.hidden = track === null;
    // The same track again keeps its MediaStream: no blank frame when only the caption changes.
    if (video.srcObject?.getVideoTracks()[0] !== track) { video.srcObject = track === null ? null : new MediaStream([track]); }
    this.#byId("stage-caption").textContent = content?.caption ?? "";
    this.#stagePinned = content?.pinnedId ?? null;
    const unpin = this.#unpinButton();
    unpin.hidden = this.#stagePinned === null;
    unpin.textContent = content?.unpinLabel ?? "";
    document.body.classList.toggle("has-stage", track !== null);
  }

  /** The stage's "back to the tiles" button, made on first use (both pages share this view). */
  #unpinButton() {
    let button = this.#byId("stage-unpin");
    if (button === null) {
      button = element("button", { type: "button", id: "stage-unpin", class: "stage-unpin", hidden: "" });
      button.addEventListener("click", () => {
        const pinned = this.#stagePinned;
        this.#pinHandler?.(null);
        // The button hides with the stage: focus goes back to the tile that was pinned.
        if (pinned !== null) { this.#tiles.get(pinned)?.pin?.focus(); }
      });
      this.#byId("stage").append(button);
    }
    return button;
  }
}
