// The call page: /call/ROOM#token=… (served by beep). On load it connects the signalling
// WebSocket (docs/signalling.md) and enters the room as a watcher (presence only); "Join call"
// enters the call with media (`#token=…&join=1` joins at once). The token is read from the
// fragment, removed from the address bar, and only ever sent inside `join` messages; it is
// never logged or stored. The session itself (signalling, media, view) is session.js, which
// the web client's voice channels use too.

import { signallingUrl } from "./signalling.js";
import { CallView } from "./ui.js";
import { createCallSession } from "./session.js";

/** The room is the last path segment of /call/ROOM. */
function roomFromPath(pathname) {
  const segments = pathname.split("/").filter((s) => s !== "");
  try { return decodeURIComponent(segments[segments.length - 1] ?? ""); } catch { return ""; }
}

/** {token, autoJoin} from the fragment `#token=…[&join=1]`. */
function readFragment(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const token = params.get("token");
  if (token !== null) {
    // Out of the address bar, history and screenshots; kept only in the session.
    history.replaceState(null, "", location.pathname + location.search);
  }
  return { token, autoJoin: params.get("join") === "1" };
}

const fragment = readFragment(location.hash);
const session = createCallSession({
  view: new CallView(),
  room: roomFromPath(location.pathname),
  token: fragment.token,
  url: signallingUrl(location),
  // `?relay=udp|tcp|tls`: media only through Beep's TURN over that transport (iceTransportPolicy relay).
  relayMode: new URLSearchParams(location.search).get("relay"),
  autoJoin: fragment.autoJoin,
});

// The debug object for tests (README.md): no token and no SDP in it.
const { start, close, ...debug } = session;
window.beepCall = debug;

start();
