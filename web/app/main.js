// The web client's entry module: language, session, the events stream and the routes.
// docs/web-client.md describes the whole client.

import { h, mount, focusFirst } from "./dom.js";
import { t, setLanguage, initialLanguage, onLanguageChange, currentLanguage } from "./i18n.js";
import { get } from "./api.js";
import { isSignedIn, onSessionChange, clearSession } from "./session.js";
import { startRouter, navigate, paths, match } from "./router.js";
import { EventStream } from "./events.js";
import { store, emit, applyEvent, loadServers, loadMembers, channelById } from "./store.js";
import { renderSignIn, renderSignUp } from "./views/auth.js";
import { Shell } from "./views/shell.js";
import { TextChannelView } from "./views/text-channel.js";
import { renderPins, renderSearch } from "./views/side-panels.js";
import { renderDiscover, renderCreateServer, renderInvite } from "./views/servers.js";
import { renderUserSettings } from "./views/user-settings.js";
import { renderServerSettings } from "./views/server-settings.js";
import { VoiceDock } from "./views/voice.js";

const root = document.getElementById("app");
const stream = new EventStream();
const voice = new VoiceDock(document.getElementById("call-panel"));
let shell = null;
let view = null; // the open TextChannelView
let pendingPath = null; // where to go after signing in (e.g. an invite link)

stream.addEventListener("event", (event) => applyEvent(event.detail));
stream.addEventListener("state", (event) => { store.connection = event.detail; emit("connection", event.detail); });
stream.addEventListener("resync", () => { loadServers().catch(() => {}); emit("resync"); });
stream.addEventListener("signed-out", () => signedOut());
// The member list now receives its server's presence: re-read its online flags once.
stream.addEventListener("watching", (event) => { loadMembers(event.detail).catch(() => {}); });

function signedOut() {
  stream.stop();
  voice.leave();
  store.me = null;
  shell?.dispose();
  shell = null;
  view?.dispose();
  view = null;
  navigate("/login", { replace: true });
}

onSessionChange((session) => { if (session === null && store.me !== null) { signedOut(); } });

async function signedIn() {
  try {
    store.me = await get("/users/me");
  } catch {
    clearSession();
    navigate("/login", { replace: true });
    return;
  }
  if (store.me.language !== currentLanguage()) { setLanguage(store.me.language); }
  store.users.set(store.me.id, store.me);
  await loadServers().catch(() => {});
  stream.start();
  const target = pendingPath ?? location.pathname;
  pendingPath = null;
  navigate(["/login", "/signup"].includes(target) ? "/" : target, { replace: true });
}

function ensureShell() {
  if (shell === null) { shell = new Shell(root, { callPresence: (channelId) => voice.presenceOf(channelId), watchMembers: (serverId) => stream.watchMembers(serverId) }); }
  return shell;
}

function closeView() {
  view?.dispose();
  view = null;
}

/** The first text channel of a server (or the first channel). */
function defaultChannel(serverId) {
  const channels = store.channels.get(serverId) ?? [];
  return channels.find((c) => c.kind === "text") ?? channels.find((c) => c.kind !== "folder") ?? null;
}

let generation = 0;

async function route(target) {
  generation += 1;
  const mine = generation;
  await routeTo(target, () => mine !== generation);
}

/** Renders a route; `stale()` turns true when a newer navigation started meanwhile. */
async function routeTo({ name, params }, stale) {
  if (!isSignedIn()) {
    closeView();
    shell = null;
    if (name !== "login" && name !== "signup") { pendingPath = location.pathname; }
    document.title = t(name === "signup" ? "auth.signUpTitle" : "auth.signInTitle") + " · Beep";
    const onSignedIn = () => { signedIn(); };
    if (name === "signup") { history.replaceState(null, "", "/signup"); renderSignUp(root, { onSignedIn }); } else {
      history.replaceState(null, "", "/login");
      renderSignIn(root, { onSignedIn });
    }
    return;
  }
  if (store.me === null) { await signedIn(); return; }
  if (name === "login" || name === "signup") { navigate("/", { replace: true }); return; }
  const s = ensureShell();
  closeView();
  s.closePanel();
  voice.setExpanded(false);
  switch (name) {
    case "home": {
      const first = [...store.servers.values()].sort((a, b) => a.name.localeCompare(b.name))[0];
      if (first !== undefined) { navigate(paths.server(first.id), { replace: true }); return; }
      navigate("/discover", { replace: true });
      return;
    }
    case "discover": await s.showServer(null); s.title = t("discover.title"); renderDiscover(s.main); return;
    case "newServer": await s.showServer(null); s.title = t("server.createTitle"); renderCreateServer(s.main); return;
    case "invite": await s.showServer(null); s.title = t("invite.title"); renderInvite(s.main, params[0]); return;
    case "settings": await s.showServer(null); s.title = t("settings.title"); renderUserSettings(s.main, { onSignedOut: signedOut }); return;
    case "serverSettings":
      if (!store.servers.has(params[0])) { navigate("/", { replace: true }); return; }
      await s.showServer(params[0]);
      s.title = t("admin.title");
      renderServerSettings(s.main, params[0]);
      return;
    case "server": {
      if (!store.servers.has(params[0])) { navigate("/", { replace: true }); return; }
      await s.showServer(params[0]);
      const channel = defaultChannel(params[0]);
      if (channel !== null) { navigate(paths.channel(params[0], channel.id), { replace: true }); return; }
      mount(s.main, h("section", { class: "page" }, h("h1", {}, store.servers.get(params[0]).name), h("p", {}, t("channels.none"))));
      return;
    }
    case "channel": {
      const [serverId, channelId] = params;
      if (!store.servers.has(serverId)) { navigate("/", { replace: true }); return; }
      await s.showServer(serverId, channelId);
      if (stale()) { return; }
      const channel = channelById(channelId);
      if (channel === null || channel.serverId !== serverId) { navigate(paths.server(serverId), { replace: true }); return; }
      s.title = `${channel.kind === "voice" ? "🔊" : "#"}${channel.name}`;
      if (channel.kind === "voice") {
        mount(s.main, h("h1", { class: "visually-hidden", tabindex: "-1" }, channel.name));
        voice.show(serverId, channel);
        voice.setExpanded(true);
        return;
      }
      closeView();
      view = new TextChannelView(s.main, {
        serverId, channel,
        openPanel: (kind) => s.showPanel((container, onClose) => (kind === "pins"
          ? renderPins(container, { serverId, channel, onClose })
          : renderSearch(container, { serverId, channel, onClose }))),
      });
      await view.start();
      return;
    }
    default:
      navigate("/", { replace: true });
  }
}


/** Test hooks (no tokens in them): the events stream's state, a simulated blip, and a session
 *  lost while the stream was down (suspend, then resume into `invalidSession` and a re-sync). */
window.beepApp = {
  connection: () => stream.snapshot(),
  dropEvents: () => stream.dropForTest(),
  suspendEvents: () => stream.suspendForTest(),
  resumeLostSession: () => stream.resumeForTest(),
  call: () => voice.snapshot(),
};

setLanguage(initialLanguage());
startRouter(route);
focusFirst(root);

// A language change re-renders the current page in the new language.
onLanguageChange(() => {
  shell?.dispose();
  shell = null;
  voice.relabel();
  route(match(location.pathname));
});
