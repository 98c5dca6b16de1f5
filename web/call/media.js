// Media of one call: the local microphone/camera/screen tracks and the one RTCPeerConnection
// (BUNDLE) to the SFU, negotiated both ways as docs/signalling.md describes. The page is the
// polite peer of W3C "perfect negotiation": a server offer that collides with ours wins, ours
// is rolled back and sent again afterwards. All negotiation steps run one at a time.

/** getUserMedia constraints for one kind; an empty deviceId means the browser's default. */
function constraintsFor(kind, deviceId) {
  if (kind === "audio") {
    return { audio: deviceId ? { deviceId: { exact: deviceId } } : true };
  }
  // 960x540: the three simulcast layers (CAMERA_ENCODINGS) are 240x135, 480x270 and 960x540
  // (browsers send three layers from 960x540 up).
  const video = { width: { ideal: 960 }, height: { ideal: 540 } };
  if (deviceId) { video.deviceId = { exact: deviceId }; }
  return { video };
}

/**
 * The camera's simulcast encodings (RFC 8853 via W3C webrtc-pc sendEncodings; rids RFC 8851),
 * lowest first: the SFU forwards to each subscriber the one its bandwidth allows
 * (docs/bandwidth-estimation.md). Screen shares stay single-layer.
 */
export const CAMERA_ENCODINGS = [
  { rid: "q", scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: "h", scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: "f", scaleResolutionDownBy: 1, maxBitrate: 1_200_000 },
];

/**
 * The track id the sender signalled for an m-section (`a=msid:<streamId> <trackId>`, RFC 8830
 * §2): browsers give received MediaStreamTracks ids of their own (W3C webrtc-pc), so the
 * SDP is where the publisher's trackId (docs/signalling.md trackPublished) can be read.
 */
export function signalledTrackId(sdp, mid) {
  if (typeof sdp !== "string" || mid === null) { return null; }
  for (const section of sdp.split(/\r?\nm=/).slice(1)) {
    const lines = section.split(/\r?\n/);
    if (!lines.includes(`a=mid:${mid}`)) { continue; }
    const msid = lines.find((line) => line.startsWith("a=msid:"));
    const parts = msid === undefined ? [] : msid.slice("a=msid:".length).trim().split(/\s+/);
    return parts.length >= 2 ? parts[1] : null;
  }
  return null;
}

/** The browser's microphones and cameras: [{kind: "audio"|"video", deviceId, label}]. */
export async function listDevices() {
  const devices = await navigator.mediaDevices.enumerateDevices();
  const found = [];
  for (const d of devices) {
    if (d.kind === "audioinput") { found.push({ kind: "audio", deviceId: d.deviceId, label: d.label }); }
    if (d.kind === "videoinput") { found.push({ kind: "video", deviceId: d.deviceId, label: d.label }); }
  }
  return found;
}

/** Relay modes of `?relay=`: which TURN URI (RFC 7065 §3) each one keeps. */
const RELAY_MATCHERS = {
  udp: (url) => url.startsWith("turn:") && !/[?&]transport=tcp\b/i.test(url),
  tcp: (url) => url.startsWith("turn:") && /[?&]transport=tcp\b/i.test(url),
  tls: (url) => url.startsWith("turns:"),
};

/**
 * The RTCConfiguration for the `iceServers` of `joined` (docs/signalling.md): all of them,
 * or with `relay` ("udp" | "tcp" | "tls") only the TURN URLs of that transport and
 * iceTransportPolicy "relay" (W3C webrtc-pc §4.2.1), so media goes through Beep's TURN only.
 */
export function rtcConfiguration(iceServers, relay) {
  const base = { bundlePolicy: "max-bundle", rtcpMuxPolicy: "require" };
  const servers = (Array.isArray(iceServers) ? iceServers : []).map((s) => ({
    urls: Array.isArray(s.urls) ? s.urls : [s.urls], username: s.username, credential: s.credential,
  }));
  if (relay === null || relay === undefined || relay === "") {
    return { ...base, iceServers: servers, iceTransportPolicy: "all" };
  }
  const matches = RELAY_MATCHERS[relay];
  if (matches === undefined) { throw new Error(`relay=${relay}: want udp, tcp or tls`); }
  const kept = servers.map((s) => ({ ...s, urls: s.urls.filter(matches) })).filter((s) => s.urls.length > 0);
  if (kept.length === 0) { throw new Error(`relay=${relay}: the server sent no TURN URL for ${relay}`); }
  return { ...base, iceServers: kept, iceTransportPolicy: "relay" };
}

export class CallMedia {
  #signalling;
  #hooks;
  #pc = null;
  #chain = Promise.resolve();
  #needOffer = false;
  #sentDescription = false;
  #pendingCandidates = [];
  #sending = new Map(); // kind -> {transceiver, track, trackId, publishedMid, enabled}
  #remote = new Map(); // transceiver -> {participantId, track}
  #closed = false;
  #configuration = rtcConfiguration([], null);

  /**
   * hooks: onRemoteTrack({participantId, trackId, track}), onRemoteTrackEnded(track),
   * onLocalTracks(), onError(error), selectedDevice(kind) -> deviceId ("" for the default).
   */
  constructor(signalling, hooks) {
    this.#signalling = signalling;
    this.#hooks = hooks;
  }

  get peerConnection() { return this.#pc; }

  /**
   * Sets the ICE servers from `joined` (and the relay mode) before the peer connection
   * exists; throws when `relay` is asked for and no matching TURN URL came.
   */
  configureIce(iceServers, relay) {
    this.#configuration = rtcConfiguration(iceServers, relay);
  }

  /** Whether a track of this kind is being sent (true also while the camera is off). */
  sends(kind) { return this.#sending.has(kind); }

  /** The current local track of a kind (null when none, e.g. camera off). */
  localTrack(kind) { return this.#sending.get(kind)?.track ?? null; }

  /**
   * Captures the allowed kinds (permissions from `joined`) and offers them. A device that
   * fails (missing, refused) is left out and reported through onError; the call goes on.
   */
  async start({ audioDeviceId, videoDeviceId, permissions }) {
    this.#ensurePeerConnection();
    const wanted = [];
    if (permissions.includes("publishAudio")) { wanted.push(["audio", audioDeviceId]); }
    if (permissions.includes("publishVideo")) { wanted.push(["video", videoDeviceId]); }
    for (const [kind, deviceId] of wanted) {
      try {
        const stream = await navigator.mediaDevices.getUserMedia(constraintsFor(kind, deviceId));
        this.#addSending(kind, stream.getTracks()[0], stream);
      } catch (error) {
        this.#hooks.onError(new Error(`${kind === "audio" ? "microphone" : "camera"} unavailable: ${error.message}`));
      }
    }
    this.#hooks.onLocalTracks();
    await this.#enqueue(() => this.#offer());
  }

  /** Answers a server offer (docs/signalling.md: the server offers when tracks come or go). */
  handleServerOffer(sdp) {
    return this.#enqueue(() => this.#answer(sdp));
  }

  /** Applies a trickled server candidate (rare: the SFU is ICE-lite). */
  async handleServerCandidate(message) {
    if (this.#pc === null) { return; }
    try {
      await this.#pc.addIceCandidate({
        candidate: message.candidate, sdpMid: message.sdpMid ?? null, sdpMLineIndex: message.sdpMLineIndex ?? null,
      });
    } catch (error) {
      this.#hooks.onError(new Error(`server candidate refused: ${error.message}`));
    }
  }

  /** Mute (audio) or camera off (video) is local first, then announced. */
  async setMuted(kind, muted) {
    const entry = this.#sending.get(kind);
    if (entry === undefined) { throw new Error(`no ${kind} track to ${muted ? "mute" : "unmute"}`); }
    if (kind === "video") {
      await this.#setCameraLive(entry, !muted);
    } else if (entry.track !== null) {
      entry.track.enabled = !muted;
    }
    entry.muted = muted;
    this.#hooks.onLocalTracks();
    // Broadcast back as muteChanged; a track not yet published is announced muted by #offer.
    if (entry.publishedMid !== null) { this.#signalling.send("mute", { kind, muted }); }
  }

  /** Switches the microphone or camera without renegotiation (RTCRtpSender.replaceTrack). */
  async switchDevice(kind, deviceId) {
    const entry = this.#sending.get(kind);
    if (entry === undefined || (kind === "video" && entry.muted)) { return; } // used when the camera goes on
    const stream = await navigator.mediaDevices.getUserMedia(constraintsFor(kind, deviceId));
    const track = stream.getTracks()[0];
    track.enabled = !entry.muted;
    await entry.transceiver.sender.replaceTrack(track);
    entry.track?.stop();
    entry.track = track;
    this.#hooks.onLocalTracks();
  }

  /** Starts sharing a screen (getDisplayMedia) as kind `screen`; renegotiates. */
  async startScreen() {
    if (this.#sending.has("screen")) { return; }
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    const track = stream.getVideoTracks()[0];
    track.addEventListener("ended", () => { this.stopScreen().catch((error) => this.#hooks.onError(error)); });
    this.#addSending("screen", track, stream);
    this.#hooks.onLocalTracks();
    await this.#enqueue(() => this.#offer());
  }

  /** Stops the screen share: unpublish `screen`, stop its transceiver, renegotiate. */
  async stopScreen() {
    const entry = this.#sending.get("screen");
    if (entry === undefined) { return; }
    this.#sending.delete("screen");
    entry.track?.stop();
    this.#hooks.onLocalTracks();
    await this.#enqueue(async () => {
      if (entry.publishedMid !== null) { this.#signalling.send("unpublish", { kind: "screen" }); }
      entry.transceiver.stop();
      await this.#offer();
    });
  }

  /** Per remote receiver and per local sender, the counters of getStats() that tests read. */
  async stats() {
    const result = { connectionState: this.#pc?.connectionState ?? "new", inbound: [], outbound: [] };
    if (this.#pc === null) { return result; }
    for (const [transceiver, remote] of this.#remote) {
      const report = await transceiver.receiver.getStats();
      for (const s of report.values()) {
        if (s.type !== "inbound-rtp") { continue; }
        result.inbound.push({
          participantId: remote.participantId, trackId: remote.trackId, kind: s.kind, mid: transceiver.mid,
          ssrc: s.ssrc, packetsReceived: s.packetsReceived ?? 0, bytesReceived: s.bytesReceived ?? 0,
          framesDecoded: s.framesDecoded ?? 0, readyState: remote.track.readyState,
          frameWidth: s.frameWidth ?? 0, frameHeight: s.frameHeight ?? 0,
          freezeCount: s.freezeCount ?? 0, totalFreezesDuration: s.totalFreezesDuration ?? 0,
          framesDropped: s.framesDropped ?? 0, keyFramesDecoded: s.keyFramesDecoded ?? 0,
          packetsLost: s.packetsLost ?? 0, nackCount: s.nackCount ?? 0, pliCount: s.pliCount ?? 0,
        });
      }
    }
    for (const [kind, entry] of this.#sending) {
      const report = await entry.transceiver.sender.getStats();
      for (const s of report.values()) {
        if (s.type !== "outbound-rtp") { continue; }
        result.outbound.push({
          kind, ssrc: s.ssrc, rid: s.rid ?? null, packetsSent: s.packetsSent ?? 0, framesEncoded: s.framesEncoded ?? 0,
          frameWidth: s.frameWidth ?? 0, frameHeight: s.frameHeight ?? 0,
          qualityLimitationReason: s.qualityLimitationReason ?? null,
        });
      }
    }
    result.iceTransportPolicy = this.#configuration.iceTransportPolicy;
    result.selectedPair = await this.#selectedPair();
    return result;
  }

  /**
   * The selected ICE candidate pair (W3C webrtc-stats RTCTransportStats.selectedCandidatePairId):
   * local and remote candidate type, protocol and, for a relay candidate, relayProtocol (the
   * transport to the TURN server). Null before ICE selects one.
   */
  async #selectedPair() {
    const report = await this.#pc.getStats();
    const transport = [...report.values()].find((s) => s.type === "transport" && s.selectedCandidatePairId);
    const pair = transport === undefined ? undefined : report.get(transport.selectedCandidatePairId);
    if (pair === undefined) { return null; }
    const describe = (id) => {
      const c = report.get(id);
      return c === undefined ? null : {
        candidateType: c.candidateType, protocol: c.protocol, relayProtocol: c.relayProtocol ?? null,
        address: c.address ?? c.ip ?? null, port: c.port ?? null, url: c.url ?? null,
      };
    };
    return {
      state: pair.state, nominated: Boolean(pair.nominated), bytesSent: pair.bytesSent ?? 0, bytesReceived: pair.bytesReceived ?? 0,
      local: describe(pair.localCandidateId), remote: describe(pair.remoteCandidateId),
    };
  }

  /**
   * ICE restart (RFC 8445 §9; docs/signalling.md "Resuming"): restartIce() puts a new
   * ice-ufrag/ice-pwd in our next offer; resolves once the server's answer is applied.
   * Tracks are not renegotiated.
   */
  async restartIce() {
    if (this.#pc === null) { throw new Error("no peer connection to restart"); }
    await this.#enqueue(async () => {
      this.#pc.restartIce();
      await this.#offer();
    });
  }

  /**
   * After the signalling socket was resumed: an offer whose answer died with the old socket
   * is rolled back and sent again, candidates gathered meanwhile are sent, and ICE restarts
   * when the connection broke (the network changed).
   */
  async afterResume() {
    await this.#enqueue(async () => {
      const pc = this.#pc;
      if (pc === null) { return; }
      if (pc.signalingState === "have-local-offer") {
        await pc.setLocalDescription({ type: "rollback" });
        this.#needOffer = true;
      }
      this.#flushCandidates();
      if (pc.iceConnectionState === "failed" || pc.iceConnectionState === "disconnected") {
        pc.restartIce();
        this.#needOffer = true;
      }
      if (this.#needOffer) { await this.#offer(); }
    });
  }

  /** The ICE transport as getStats() shows it: state, local ufrag, selected pair and port. */
  async transportStats() {
    const pc = this.#pc;
    if (pc === null) { return null; }
    const report = await pc.getStats();
    let transport = null;
    for (const s of report.values()) { if (s.type === "transport") { transport = s; } }
    const pair = transport?.selectedCandidatePairId ? report.get(transport.selectedCandidatePairId) : undefined;
    const local = pair ? report.get(pair.localCandidateId) : undefined;
    return {
      iceState: transport?.iceState ?? pc.iceConnectionState,
      localUfrag: transport?.iceLocalUsernameFragment ?? null,
      descriptionUfrag: /a=ice-ufrag:(\S+)/.exec(pc.localDescription?.sdp ?? "")?.[1] ?? null,
      selectedPairId: transport?.selectedCandidatePairId ?? null,
      localPort: local?.port ?? null,
      pairBytesReceived: pair?.bytesReceived ?? 0,
    };
  }

  /** Leaves: stops every local track and closes the peer connection. */
  close() {
    this.#closed = true;
    for (const entry of this.#sending.values()) { entry.track?.stop(); }
    this.#sending.clear();
    for (const remote of this.#remote.values()) { this.#hooks.onRemoteTrackEnded(remote.track); }
    this.#remote.clear();
    this.#pc?.close();
    this.#pc = null;
  }

  // ---------------------------------------------------------------- negotiation

  /** The peer connection, created on first use (a server offer may come before start()). */
  #ensurePeerConnection() {
    if (this.#pc === null) {
      // The SFU is ICE-lite with its candidates in its SDP; Beep's TURN servers (from
      // `joined`) add relay candidates for networks that block UDP to the media ports.
      this.#pc = new RTCPeerConnection(this.#configuration);
      this.#pc.addEventListener("icecandidate", (event) => this.#onCandidate(event.candidate));
      this.#pc.addEventListener("track", (event) => this.#onTrack(event));
    }
    return this.#pc;
  }

  #enqueue(task) {
    const run = this.#chain.then(() => (this.#closed ? undefined : task()));
    this.#chain = run.catch((error) => this.#hooks.onError(error));
    return run;
  }

  /** Our offer: announce unpublished tracks with their mids, then `offer`, then the answer. */
  async #offer() {
    const pc = this.#pc;
    this.#needOffer = false;
    await pc.setLocalDescription(await pc.createOffer());
    const refused = [];
    for (const [kind, entry] of this.#sending) {
      const mid = entry.transceiver.mid;
      if (mid === null || entry.publishedMid === mid) { continue; }
      // A rollback (glare) can leave a published mid stale: publish again under the new one.
      if (entry.publishedMid !== null) { this.#signalling.send("unpublish", { kind }); }
      try {
        await this.#signalling.request("publish", { kind, trackId: entry.trackId, mid });
      } catch (error) {
        if (!this.#signalling.isOpen) { throw error; }
        this.#hooks.onError(error); // e.g. forbidden_kind: the call goes on without this track
        refused.push(kind);
        continue;
      }
      entry.publishedMid = mid;
      if (entry.muted) { this.#signalling.send("mute", { kind, muted: true }); }
    }
    if (refused.length > 0) {
      // Offer again without the refused tracks (their transceivers stopped).
      await pc.setLocalDescription({ type: "rollback" });
      for (const kind of refused) {
        const entry = this.#sending.get(kind);
        this.#sending.delete(kind);
        entry?.track?.stop();
        entry?.transceiver.stop();
      }
      this.#hooks.onLocalTracks();
      await this.#offer();
      return;
    }
    let reply;
    try {
      const sent = this.#signalling.request("offer", { sdp: pc.localDescription.sdp });
      this.#sentDescription = true;
      this.#flushCandidates();
      reply = await sent;
    } catch (error) {
      if (error.code === "glare") {
        // The server's offer is already on its way: roll back, answer it, offer again after.
        if (pc.signalingState === "have-local-offer") { await pc.setLocalDescription({ type: "rollback" }); }
        this.#needOffer = true;
        return;
      }
      throw error;
    }
    await pc.setRemoteDescription({ type: "answer", sdp: reply.sdp });
    this.#checkRemoteTracks();
  }

  /** The server's offer: roll back ours if it collides (we are polite), answer, re-offer. */
  async #answer(sdp) {
    const pc = this.#ensurePeerConnection();
    if (pc.signalingState !== "stable") {
      await pc.setLocalDescription({ type: "rollback" });
      this.#needOffer = true;
    }
    await pc.setRemoteDescription({ type: "offer", sdp });
    await pc.setLocalDescription(await pc.createAnswer());
    this.#signalling.send("answer", { sdp: pc.localDescription.sdp });
    this.#sentDescription = true;
    this.#flushCandidates();
    this.#checkRemoteTracks();
    if (this.#needOffer) { this.#enqueue(() => this.#offer()); }
  }

  #onCandidate(candidate) {
    const message = candidate === null || candidate.candidate === ""
      ? null
      : { candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex };
    if (candidate !== null && message === null) { return; } // per-m-line end marker; BUNDLE sends one
    this.#pendingCandidates.push(message);
    if (this.#sentDescription) { this.#flushCandidates(); }
  }

  #flushCandidates() {
    if (!this.#signalling.isOpen) { return; }
    for (const message of this.#pendingCandidates.splice(0)) {
      if (message === null) { this.#signalling.send("endOfCandidates"); } else { this.#signalling.send("candidate", message); }
    }
  }

  // ---------------------------------------------------------------- tracks

  #addSending(kind, track, stream) {
    const init = { direction: "sendonly", streams: [stream] };
    if (kind === "video") { init.sendEncodings = CAMERA_ENCODINGS.map((e) => ({ ...e })); }
    const transceiver = this.#pc.addTransceiver(track, init);
    if (kind === "video") { this.#keepResolution(transceiver.sender); }
    // The msid Chromium/Firefox put in the SDP keeps this id even after replaceTrack.
    this.#sending.set(kind, { transceiver, track, trackId: track.id, publishedMid: null, muted: false });
  }

  /**
   * Under CPU load, lower the frame rate rather than the resolution (W3C webrtc-pc
   * degradationPreference): each simulcast layer keeps its size, so a subscriber's layer
   * is what decides the picture it gets. Best effort: a browser that refuses keeps its default.
   */
  async #keepResolution(sender) {
    try {
      const parameters = sender.getParameters();
      parameters.degradationPreference = "maintain-resolution";
      await sender.setParameters(parameters);
    } catch (error) {
      console.warn(`degradationPreference not applied: ${error}`);
    }
  }

  async #setCameraLive(entry, live) {
    if (live && entry.track === null) {
      const deviceId = this.#hooks.selectedDevice("video");
      const stream = await navigator.mediaDevices.getUserMedia(constraintsFor("video", deviceId));
      entry.track = stream.getVideoTracks()[0];
      await entry.transceiver.sender.replaceTrack(entry.track);
    } else if (!live && entry.track !== null) {
      // Camera off releases the device (its light goes off); the sender sends nothing.
      await entry.transceiver.sender.replaceTrack(null);
      entry.track.stop();
      entry.track = null;
    }
  }

  #onTrack(event) {
    // The stream id is the publishing participant's id (docs/signalling.md, msid).
    const participantId = event.streams[0]?.id ?? "";
    const track = event.track;
    const trackId = signalledTrackId(this.#pc.remoteDescription?.sdp, event.transceiver.mid) ?? track.id;
    this.#remote.set(event.transceiver, { participantId, trackId, track });
    track.addEventListener("ended", () => this.#hooks.onRemoteTrackEnded(track));
    event.streams[0]?.addEventListener("removetrack", (e) => {
      if (e.track === track) { this.#hooks.onRemoteTrackEnded(track); }
    });
    this.#hooks.onRemoteTrack({ participantId, trackId, track });
  }

  /** After a negotiation: receivers whose m-section the server stopped or made inactive end. */
  #checkRemoteTracks() {
    for (const [transceiver, remote] of this.#remote) {
      const direction = transceiver.currentDirection;
      if (direction === "recvonly" || direction === "sendrecv") { continue; }
      this.#remote.delete(transceiver);
      this.#hooks.onRemoteTrackEnded(remote.track);
    }
  }
}
