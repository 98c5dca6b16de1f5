// One call session: the signalling WebSocket (docs/signalling.md), the media and the view
// of one room, as the call page (call.js) and the web client's voice channels (web/app)
// both use it. The join token is given by the caller and only ever sent inside `join`;
// it is never logged or stored.

import { SignallingClient } from "./signalling.js";
import { CallMedia, listDevices } from "./media.js";
import { createState, findPublished, logEvent, participantFrom, snapshot } from "./state.js";
import { resumeSession } from "./reconnect.js";
import { showQuality, showReconnecting } from "./health.js";
import { LayerWishes } from "./layers.js";

/** The session's status and announcement texts (English); callers may pass their own. */
export const ENGLISH_TEXT = {
  joined: "{name} joined the call",
  left: "{name} left the call",
  sharing: "{name} is sharing a screen",
  youShare: "You are sharing your screen",
  pin: "Show {name} large",
  pinned: "{name}'s camera",
  unpin: "Back to the tiles",
  stoppedSharing: "{name} stopped sharing",
  reconnecting: "{name} is reconnecting",
  removed: "Removed from the call ({reason}): join again",
  disconnected: "Disconnected. Reload the link to come back.",
  joining: "Joining…",
  inCall: "In the call as {name}",
  notInCall: "Not in the call",
  connectionLost: "Connection lost, reconnecting…",
  youLeft: "You left the call",
  insecure: "This page needs HTTPS (or localhost) for the microphone and camera.",
  noRoom: "No room in the link (/call/ROOM).",
  noToken: "No join token in the link (#token=…).",
  couldNotEnter: "Could not enter the room",
};

/**
 * A call session for `room` with `token`, shown in `view` (a CallView, ui.js), signalling
 * at `url`. `relayMode`: "udp" | "tcp" | "tls" | null (media.js rtcConfiguration);
 * `autoJoin`: enter the call with media as soon as the room is entered; `text(key, params)`
 * gives the status texts (default: ENGLISH_TEXT). Returns the session's API
 * (`start()` connects; the rest is window.beepCall's, README.md).
 */
export function createCallSession({ view, room, token, url, relayMode = null, autoJoin = false, roomLabel = null, text = null }) {
  const say = (key, params = {}) => {
    const template = (text !== null ? text(key, params) : null) ?? ENGLISH_TEXT[key] ?? key;
    return template.replace(/\{(\w+)\}/g, (whole, name) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
  };
  const signalling = new SignallingClient();
  const state = createState(room);
  let media = null; // CallMedia while in the call
  let resumeSecret = null; // from the last `joined` in the call; only ever sent in `resume`
  // The simulcast layer wished of each remote camera, from the size it is shown at (layers.js).
  const wishes = new LayerWishes({
    send: (participantId, layer) => signalling.send("maxLayer", { participantId, kind: "video", layer }),
    canSend: (participantId) => state.phase === "joined" && state.signalling === "connected" && signalling.isOpen
      && participantId !== state.self?.participantId
      && (state.participants.get(participantId)?.tracks.has("video") ?? false),
  });

  function fail(error) {
    // SignallingError codes are the protocol's strings; DOMExceptions have legacy numeric codes.
    const code = typeof error?.code === "string" ? error.code : (error?.name ?? "client");
    const message = error?.message ?? String(error);
    state.lastError = { code, message };
    view.showError(message);
    console.warn(`beep call: ${message}`); // errors never contain the token
  }

  function setPhase(phase) {
    state.phase = phase;
    // Mobile browsers have no getDisplayMedia: the button stays disabled there.
    const canShare = (state.self?.permissions?.includes("publishScreen") ?? false)
      && typeof navigator.mediaDevices?.getDisplayMedia === "function";
    view.setPhase(phase, { canShare });
  }

  // ---------------------------------------------------------------- presence and participants

  function nameOf(participantId) {
    return state.participants.get(participantId)?.name ?? participantId;
  }

  function addParticipant(participant) {
    state.participants.set(participant.participantId, participant);
    showTile(participant.participantId, participant.name);
    for (const t of participant.tracks.values()) {
      if (t.kind !== "screen") { view.setTileMuted(participant.participantId, t.kind, t.muted); }
    }
  }

  /** Creates or renames a participant's tile; a remote one gets its pin button and its camera watched. */
  function showTile(participantId, name) {
    const isLocal = participantId === state.self?.participantId;
    view.ensureTile(participantId, name, isLocal, isLocal ? null : say("pin", { name }));
    if (!isLocal) { wishes.watch(view.tileVideo(participantId), participantId); }
  }

  function removeParticipant(participantId) {
    state.participants.delete(participantId);
    state.departed.add(participantId);
    wishes.forget(participantId);
    view.removeTile(participantId);
    if (state.pinned === participantId) { setPinned(null); }
    // The server renegotiates the tracks away too; the page does not wait for that.
    for (const remote of state.remoteTracks.values()) {
      if (remote.participantId === participantId) { onRemoteTrackEnded(remote.track); }
    }
  }

  // ---------------------------------------------------------------- remote tracks

  /** Puts a received track where it belongs: tile audio, tile video, or the stage (screen). */
  function place(remote) {
    // A track of someone who already left can still arrive before the server's renegotiation.
    if (remote.ended || state.departed.has(remote.participantId)) { return; }
    showTile(remote.participantId, nameOf(remote.participantId));
    if (remote.kind === "audio") {
      view.setTileAudio(remote.participantId, remote.track);
    } else if (remote.kind === "screen") {
      refreshStage();
    } else {
      view.setTileVideo(remote.participantId, remote.track);
      watchFirstFrame(remote.participantId);
      refreshStage();
    }
  }

  function unplace(remote) {
    if (remote.kind === "audio") { view.setTileAudio(remote.participantId, null); }
    else if (remote.kind === "screen") { refreshStage(); }
    else { view.setTileVideo(remote.participantId, null); refreshStage(); }
  }

  // ---------------------------------------------------------------- the stage

  function liveRemote(kind, participantId = null) {
    return [...state.remoteTracks.values()].find((r) => r.kind === kind && !r.ended
      && (participantId === null || r.participantId === participantId)) ?? null;
  }

  /**
   * What the stage shows. A shared screen takes precedence (ours, then another's): screens
   * carry text that is unreadable small. Otherwise the pinned participant's camera; a pin
   * stays while a screen holds the stage, and its camera comes back when the share ends.
   */
  function refreshStage() {
    const ownScreen = media?.localTrack("screen") ?? null;
    const remoteScreen = liveRemote("screen");
    const pinnedCamera = state.pinned === null ? null : liveRemote("video", state.pinned);
    if (ownScreen !== null) {
      view.setStage({ track: ownScreen, caption: say("youShare") });
    } else if (remoteScreen !== null) {
      view.setStage({ track: remoteScreen.track, caption: say("sharing", { name: nameOf(remoteScreen.participantId) }) });
    } else if (pinnedCamera !== null) {
      const name = nameOf(state.pinned);
      view.setStage({ track: pinnedCamera.track, caption: say("pinned", { name }), pinnedId: state.pinned, unpinLabel: say("unpin") });
    } else {
      view.setStage(null);
    }
    // The stage's size counts toward the pinned camera's layer wish only while it shows it.
    wishes.watch(view.stageVideo, ownScreen === null && remoteScreen === null && pinnedCamera !== null ? state.pinned : null);
  }

  /** Pins a remote participant's camera to the stage (null: unpins). */
  function setPinned(participantId) {
    state.pinned = participantId;
    view.setPinned(participantId);
    refreshStage();
  }

  /** A press on a tile's pin button (or the stage's unpin button, with null). */
  function togglePin(participantId) {
    setPinned(participantId === null || participantId === state.pinned ? null : participantId);
  }
  view.setPinHandler(togglePin);

  /** Join-time figure: performance.now() (ms since page load) of the first remote video frame. */
  function watchFirstFrame(participantId) {
    if (state.marks.firstRemoteFrame !== null) { return; }
    const video = document.querySelector(`.tile[data-participant-id="${CSS.escape(participantId)}"] video`);
    if (video === null || typeof video.requestVideoFrameCallback !== "function") { return; }
    video.requestVideoFrameCallback(() => {
      if (state.marks.firstRemoteFrame === null) { state.marks.firstRemoteFrame = performance.now(); }
    });
  }

  function onRemoteTrack({ participantId, trackId, track }) {
    const published = findPublished(state, trackId);
    const kind = published?.kind ?? (track.kind === "audio" ? "audio" : "video");
    const remote = { participantId: published?.participantId ?? participantId, kind, trackId, track, ended: false };
    state.remoteTracks.set(trackId, remote);
    place(remote);
  }

  function onRemoteTrackEnded(track) {
    // A reused transceiver brings the same track object back under a new trackId.
    const remote = [...state.remoteTracks.values()].find((r) => r.track === track && !r.ended);
    if (remote === undefined) { return; }
    remote.ended = true;
    unplace(remote);
  }

  // ---------------------------------------------------------------- local media

  function selectedDevice(kind) {
    return (kind === "audio" ? view.controls.microphone : view.controls.cameraDevice).value;
  }

  function onLocalTracks() {
    if (media === null || state.self === null) { return; }
    const video = media.localTrack("video");
    const screen = media.localTrack("screen");
    state.local.audio = media.sends("audio");
    state.local.video = media.sends("video");
    state.local.sharing = screen !== null;
    view.setTileVideo(state.self.participantId, video);
    view.setMuteButton("audio", state.local.audioMuted, state.local.audio);
    view.setMuteButton("video", state.local.videoMuted, state.local.video);
    view.setSharing(state.local.sharing);
    refreshStage();
    refreshDevices();
  }

  async function refreshDevices() {
    try { view.setDevices(await listDevices()); } catch (error) { fail(error); }
  }

  // ---------------------------------------------------------------- server messages

  const handlers = {
    presence(message) {
      state.presence = message.members ?? [];
      view.setPresence(state.presence);
    },
    participantJoined(message) {
      const participant = participantFrom(message.participant);
      addParticipant(participant);
      view.announce(say("joined", { name: participant.name }));
    },
    participantLeft(message) {
      const name = nameOf(message.participantId);
      removeParticipant(message.participantId);
      view.announce(say("left", { name }));
    },
    trackPublished(message) {
      const participant = state.participants.get(message.participantId);
      if (participant === undefined) { return; }
      participant.tracks.set(message.kind, { kind: message.kind, trackId: message.trackId, mid: message.mid, muted: Boolean(message.muted) });
      const remote = state.remoteTracks.get(message.trackId);
      if (remote !== undefined && remote.kind !== message.kind) { unplace(remote); remote.kind = message.kind; place(remote); }
      if (message.kind === "screen" && message.participantId !== state.self?.participantId) {
        view.announce(say("sharing", { name: participant.name }));
      }
      if (message.kind === "video") { wishes.refresh(message.participantId); }
    },
    trackUnpublished(message) {
      const participant = state.participants.get(message.participantId);
      participant?.tracks.delete(message.kind);
      const remote = state.remoteTracks.get(message.trackId);
      if (remote !== undefined) { onRemoteTrackEnded(remote.track); }
      if (message.kind === "screen" && participant !== undefined && message.participantId !== state.self?.participantId) {
        view.announce(say("stoppedSharing", { name: participant.name }));
      }
    },
    muteChanged(message) {
      const track = state.participants.get(message.participantId)?.tracks.get(message.kind);
      if (track !== undefined) { track.muted = Boolean(message.muted); }
      if (message.kind !== "screen") { view.setTileMuted(message.participantId, message.kind, Boolean(message.muted)); }
    },
    activeSpeaker(message) {
      state.activeSpeaker = message.participantId ?? null;
      view.setSpeaking(state.activeSpeaker);
    },
    offer(message) {
      if (media !== null) { media.handleServerOffer(message.sdp).catch(fail); }
    },
    candidate(message) {
      if (media !== null) { media.handleServerCandidate(message); }
    },
    participantConnection(message) {
      state.connections[message.participantId] = message.state;
      showReconnecting(message.participantId, message.state === "reconnecting");
      if (message.state === "reconnecting") { view.announce(say("reconnecting", { name: nameOf(message.participantId) })); }
    },
    connectionQuality(message) {
      state.quality[message.participantId] = message.quality;
      showQuality(message.participantId, message.quality);
    },
    removed(message) {
      // The server took us out of the call (media lost); we stay a watcher.
      leaveCall({ tellServer: false });
      view.setStatus(say("removed", { reason: message.reason }));
    },
    error(message) {
      // A wish refused because that camera just went away is no news for the user.
      if (wishes.refused(message.inReplyTo)) { console.warn(`beep call: maxLayer refused: ${message.code}`); return; }
      // Errors that answer a pending request reject that request; the rest show here.
      fail({ code: message.code, message: `${message.code}: ${message.message ?? ""}` });
    },
  };

  signalling.addEventListener("message", (event) => {
    const message = event.detail;
    logEvent(state, message);
    const handler = Object.hasOwn(handlers, message.type) ? handlers[message.type] : undefined;
    if (handler !== undefined) {
      try { handler(message); } catch (error) { fail(error); }
    }
  });
  signalling.addEventListener("protocol-error", (event) => fail({ code: "protocol", message: event.detail }));
  let sessionClosed = false; // close() was called: this session no longer touches the view
  signalling.addEventListener("close", () => {
    if (sessionClosed) { return; }
    if (state.phase === "joined" && resumeSecret !== null && state.signalling === "connected") {
      resumeCall();
      return;
    }
    if (state.signalling === "reconnecting") { return; } // resumeCall's own retries
    if (media !== null) { media.close(); media = null; }
    setPhase("closed");
    view.setStatus(say("disconnected"));
  });

  // ---------------------------------------------------------------- actions

  /** Enters the call with media: `join` with media true, then capture, publish and offer. */
  async function joinCall() {
    if (state.phase !== "watching" || token === null) { return; }
    setPhase("joining");
    view.setStatus(say("joining"));
    view.showError("");
    state.marks.joinRequested = performance.now();
    let enteredCall = false;
    // Created before the reply: the server may offer other participants' tracks right away.
    media = new CallMedia(signalling, {
      onRemoteTrack, onRemoteTrackEnded, onLocalTracks, selectedDevice, onError: fail,
    });
    try {
      const joined = await signalling.request("join", { token, room: state.room, media: true });
      enteredCall = true;
      // Before anything else: a server offer may follow `joined` at once and create the connection.
      media.configureIce(joined.iceServers ?? [], relayMode);
      state.self = { participantId: joined.participantId, identity: joined.identity, name: joined.name, permissions: joined.permissions ?? [] };
      resumeSecret = joined.resumeSecret ?? null;
      state.marks.joined = performance.now();
      state.participants.clear();
      addParticipant({ participantId: joined.participantId, identity: joined.identity, name: joined.name, tracks: new Map() });
      for (const shape of joined.participants ?? []) {
        if (shape.participantId !== joined.participantId) { addParticipant(participantFrom(shape)); }
      }
      if (joined.presence !== undefined) { handlers.presence(joined.presence); }
      setPhase("joined");
      view.setStatus(say("inCall", { name: joined.name }));
      wishes.resendAll(); // tiles measured while joining waited for this phase
      await media.start({
        audioDeviceId: selectedDevice("audio"), videoDeviceId: selectedDevice("video"), permissions: state.self.permissions,
      });
    } catch (error) {
      fail(error);
      if (state.phase === "joining") {
        if (enteredCall && signalling.isOpen) {
          // In the call on the server, but unable to continue here (e.g. no TURN URL for ?relay=).
          try { signalling.send("leave"); } catch { /* the socket closed meanwhile */ }
        }
        media.close();
        media = null;
        setPhase("watching");
        view.setStatus(say("notInCall"));
      }
    }
  }

  /**
   * The signalling socket dropped while in the call: keep the media and the tiles, reconnect
   * and `resume` (docs/signalling.md, "Resuming"), then reconcile what changed meanwhile.
   */
  async function resumeCall() {
    state.signalling = "reconnecting";
    view.setStatus(say("connectionLost"));
    try {
      const joined = await resumeSession(signalling, url, {
        room: state.room, participantId: state.self.participantId, secret: resumeSecret,
      });
      resumeSecret = joined.resumeSecret ?? null;
      state.signalling = "connected";
      state.resumes += 1;
      reconcile(joined);
      wishes.resendAll(); // wishes changed while the socket was away never reached the server
      view.setStatus(say("inCall", { name: joined.name }));
      await media?.afterResume();
    } catch (error) {
      state.signalling = "connected";
      resumeSecret = null;
      fail(error);
      if (media !== null) { media.close(); media = null; }
      setPhase("closed");
      view.setStatus(say("disconnected"));
    }
  }

  /** After a resume: who left or joined while the socket was away, and their tracks. */
  function reconcile(joined) {
    const listed = new Map((joined.participants ?? []).map((shape) => [shape.participantId, shape]));
    for (const id of [...state.participants.keys()]) {
      if (id !== state.self?.participantId && !listed.has(id)) { removeParticipant(id); }
    }
    for (const [id, shape] of listed) {
      const fresh = participantFrom(shape);
      const known = state.participants.get(id);
      if (known === undefined) { addParticipant(fresh); } else { known.tracks = fresh.tracks; addParticipant(known); }
      if (state.connections[id] === "reconnecting") { state.connections[id] = "connected"; showReconnecting(id, false); }
    }
    if (joined.presence !== undefined) { handlers.presence(joined.presence); }
  }

  /** Leaves the call; the page stays a watcher of the room's presence. */
  function leaveCall({ tellServer = true } = {}) {
    if (state.phase !== "joined") { return; }
    resumeSecret = null;
    if (tellServer) {
      try { signalling.send("leave"); } catch (error) { fail(error); }
    }
    media?.close();
    media = null;
    wishes.reset();
    state.pinned = null;
    state.self = null;
    state.participants.clear();
    state.departed.clear();
    state.remoteTracks.clear();
    state.local = { audio: false, video: false, audioMuted: false, videoMuted: false, sharing: false };
    view.clearTiles();
    view.setMuteButton("audio", false, true);
    view.setMuteButton("video", false, true);
    view.setSharing(false);
    setPhase("watching");
    view.setStatus(say("youLeft"));
    view.announce(say("youLeft"));
  }

  async function setMuted(kind, muted) {
    if (media === null) { return; }
    try {
      await media.setMuted(kind, muted);
      if (kind === "audio") { state.local.audioMuted = muted; } else { state.local.videoMuted = muted; }
      view.setTileMuted(state.self.participantId, kind, muted);
      onLocalTracks();
    } catch (error) { fail(error); }
  }

  async function toggleScreen() {
    if (media === null) { return; }
    try {
      if (state.local.sharing) { await media.stopScreen(); } else { await media.startScreen(); }
    } catch (error) { fail(error); }
  }

  async function switchDevice(kind) {
    if (media === null) { return; }
    try { await media.switchDevice(kind, selectedDevice(kind)); } catch (error) { fail(error); }
  }

  // Removed by close(), so that another session can drive the same controls.
  const listening = new AbortController();
  const options = { signal: listening.signal };
  view.controls.join.addEventListener("click", () => { joinCall(); }, options);
  view.controls.leave.addEventListener("click", () => leaveCall(), options);
  view.controls.mute.addEventListener("click", () => setMuted("audio", !state.local.audioMuted), options);
  view.controls.camera.addEventListener("click", () => setMuted("video", !state.local.videoMuted), options);
  view.controls.screen.addEventListener("click", () => { toggleScreen(); }, options);
  view.controls.microphone.addEventListener("change", () => switchDevice("audio"), options);
  view.controls.cameraDevice.addEventListener("change", () => switchDevice("video"), options);
  navigator.mediaDevices?.addEventListener("devicechange", refreshDevices, options);

  // ---------------------------------------------------------------- the session's API (window.beepCall on the call page)

  const api = {
    /** A JSON snapshot of the page's state (no tokens, no SDP), with the layer wishes sent. */
    snapshot: () => ({ ...snapshot(state), layerWishes: wishes.sentWishes() }),
    /** getStats() counters per received track (participantId, kind) and per sent track. */
    stats: async () => (media === null ? { connectionState: "closed", inbound: [], outbound: [] } : media.stats()),
    join: joinCall,
    leave: () => leaveCall(),
    /** Closes the signalling WebSocket as a network drop would; the page resumes by itself. */
    dropSignalling: () => { signalling.dropForTest(); },
    /** The ICE transport as getStats() shows it (state, local ufrag, selected pair). */
    transport: async () => (media === null ? null : media.transportStats()),
    /**
     * Restarts ICE from the page and measures, in ms from the call: the answer applied, the
     * transport on the new credentials (new ufrag or pair), and the first video frame decoded
     * after that switch. Resolves with those figures (null where it did not happen in 10 s).
     */
    restartIce: async () => {
      if (media === null) { throw new Error("not in the call"); }
      const before = await media.transportStats();
      const started = performance.now();
      await media.restartIce();
      const answeredMs = performance.now() - started;
      const after = await media.transportStats();
      let switchedMs = null;
      let framesAtSwitch = 0;
      while (performance.now() - started < 10000) {
        const transport = await media.transportStats();
        const frames = (await media.stats()).inbound.filter((s) => s.kind === "video")
          .reduce((sum, s) => sum + s.framesDecoded, 0);
        const switched = transport.iceState === "connected" && (transport.localUfrag !== null
          ? transport.localUfrag === after.descriptionUfrag
          : transport.selectedPairId !== before.selectedPairId);
        if (switchedMs === null && switched) {
          switchedMs = performance.now() - started;
          framesAtSwitch = frames;
        } else if (switchedMs !== null && frames > framesAtSwitch) {
          return { ms: performance.now() - started, answeredMs, switchedMs, before, after: transport };
        }
        await new Promise((resolve) => { setTimeout(resolve, 20); });
      }
      return { ms: null, answeredMs, switchedMs, before, after: await media.transportStats() };
    },
    setMuted,
    toggleScreen,
  };

  async function start() {
    view.setRoom(roomLabel ?? state.room);
    setPhase("connecting");
    refreshDevices();
    if (!window.isSecureContext || navigator.mediaDevices === undefined) {
      fail({ code: "insecure", message: say("insecure") });
    }
    if (state.room === "") { fail({ code: "no_room", message: say("noRoom") }); return; }
    if (token === null || token === "") { fail({ code: "no_token", message: say("noToken") }); return; }
    try {
      await signalling.connect(url);
      const joined = await signalling.request("join", { token, room: state.room, media: false });
      if (joined.presence !== undefined) { handlers.presence(joined.presence); }
      setPhase("watching");
      view.setStatus(say("notInCall"));
    } catch (error) {
      fail(error);
      setPhase("closed");
      view.setStatus(say("couldNotEnter"));
      return;
    }
    if (autoJoin) { await joinCall(); }
  }

  api.start = start;
  /** Re-renders the texts the session put in the view (the language changed): pin buttons, stage caption. */
  api.relabel = () => {
    for (const participant of state.participants.values()) { showTile(participant.participantId, participant.name); }
    refreshStage();
  };
  /** Leaves the call (if in it) and closes the signalling socket for good. */
  api.close = () => { leaveCall(); sessionClosed = true; listening.abort(); signalling.close(); };
  return api;
}
