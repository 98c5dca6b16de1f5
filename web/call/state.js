// What the call page knows, as plain data: the room, this connection, the participants in the
// call and their published tracks, the presence list, the received tracks, local mute states
// and the last error. window.beepCall (debug.js) exposes a JSON snapshot of it for tests.

const EVENT_LOG_LENGTH = 100;

export function createState(room) {
  return {
    phase: "connecting", // connecting | watching | joining | joined | closed
    room,
    self: null, // {participantId, identity, name, permissions} once in the call
    participants: new Map(), // participantId -> {participantId, identity, name, tracks: Map kind -> Track}
    departed: new Set(), // participantIds that left the call (their late tracks are not shown)
    presence: [], // [{identity, name, inCall}]
    remoteTracks: new Map(), // signalled trackId -> {participantId, kind, trackId, track, ended}
    local: { audio: false, video: false, audioMuted: false, videoMuted: false, sharing: false },
    activeSpeaker: null,
    pinned: null, // the remote participant whose camera is pinned to the stage, if any
    lastError: null, // {code, message}
    events: [], // [{at, type, participantId}] the last EVENT_LOG_LENGTH server events
    marks: { firstRemoteFrame: null, joinRequested: null, joined: null },
    signalling: "connected", // connected | reconnecting (our own socket, docs/signalling.md "Resuming")
    resumes: 0, // how many times this page resumed its participant
    connections: {}, // participantId -> "reconnecting" | "connected" (others' sockets)
    quality: {}, // participantId -> good | fair | poor (connectionQuality)
  };
}

/** Records a server event (type and participant only: never SDP or tokens). */
export function logEvent(state, message) {
  state.events.push({ at: Math.round(performance.now()), type: message.type, participantId: message.participantId ?? message.participant?.participantId ?? null });
  if (state.events.length > EVENT_LOG_LENGTH) { state.events.shift(); }
}

/** A participant from the protocol's Participant shape. */
export function participantFrom(shape) {
  const tracks = new Map();
  for (const t of shape.tracks ?? []) { tracks.set(t.kind, { kind: t.kind, trackId: t.trackId, mid: t.mid, muted: Boolean(t.muted) }); }
  return { participantId: shape.participantId, identity: shape.identity, name: shape.name, tracks };
}

/** Which participant published the track with this id, and as which kind. */
export function findPublished(state, trackId) {
  for (const p of state.participants.values()) {
    for (const t of p.tracks.values()) {
      if (t.trackId === trackId) { return { participantId: p.participantId, kind: t.kind, muted: t.muted }; }
    }
  }
  return null;
}

/** A JSON-safe copy for tests (window.beepCall.snapshot()). */
export function snapshot(state) {
  return {
    phase: state.phase,
    joined: state.phase === "joined",
    room: state.room,
    self: state.self,
    participants: [...state.participants.values()].map((p) => ({
      participantId: p.participantId, identity: p.identity, name: p.name, tracks: [...p.tracks.values()],
    })),
    presence: state.presence,
    remoteTracks: [...state.remoteTracks.values()].map((r) => ({
      participantId: r.participantId, kind: r.kind, trackId: r.trackId,
      readyState: r.track.readyState, receiving: !r.track.muted, ended: r.ended,
    })),
    local: { ...state.local },
    activeSpeaker: state.activeSpeaker,
    pinned: state.pinned,
    lastError: state.lastError,
    events: state.events.slice(),
    marks: { ...state.marks },
    signalling: state.signalling,
    resumes: state.resumes,
    departed: [...state.departed],
    connections: { ...state.connections },
    quality: { ...state.quality },
  };
}
