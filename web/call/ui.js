// The call page's DOM: participant tiles (name, camera video, speaking indicator, mute icon),
// the large stage for a shared screen, the room's presence list, device pickers, controls,
// and the aria-live announcer for joins and leaves. No call logic here.

function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) { node.setAttribute(name, value); }
  if (text) { node.textContent = text; }
  return node;
}

export class CallView {
  #tiles = new Map(); // participantId -> {root, video, audio, name, mute, camera}
  #byId = (id) => document.getElementById(id);

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

  /** Creates (or renames) the tile of a participant; the local one is labelled "(you)". */
  ensureTile(participantId, name, isLocal) {
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
      tile = { root, video, placeholder, audio, name: nameNode, mute, camera };
      this.#tiles.set(participantId, tile);
    }
    const label = isLocal ? `${name} (you)` : name;
    if (isLocal) { tile.root.dataset.local = "true"; }
    tile.name.textContent = label;
    tile.placeholder.textContent = (name || "?").slice(0, 1).toUpperCase();
    tile.root.setAttribute("aria-label", label);
    return tile;
  }

  removeTile(participantId) {
    this.#tiles.get(participantId)?.root.remove();
    this.#tiles.delete(participantId);
  }

  clearTiles() {
    for (const id of [...this.#tiles.keys()]) { this.removeTile(id); }
    this.setScreen(null, "");
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

  /** Shows a shared screen large (track null hides the stage). */
  setScreen(track, ownerName) {
    const stage = this.#byId("stage");
    const video = this.#byId("stage-video");
    stage.hidden = track === null;
    video.srcObject = track === null ? null : new MediaStream([track]);
    this.#byId("stage-caption").textContent = track === null ? "" : `${ownerName} is sharing a screen`;
    document.body.classList.toggle("has-stage", track !== null);
  }
}
