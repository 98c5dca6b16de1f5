// Voice channels: the call UI of web/call (session.js drives the signalling and the media,
// ui.js's CallView the tiles) inside the client. The panel (#call-panel in index.html)
// never leaves the page: opening a voice channel expands it over the main view; browsing
// elsewhere docks it small, so a call goes on. Viewing a voice channel without joining
// watches its room (who is in the call); leaving that channel closes the watch.

import { CallView } from "/call/assets/ui.js";
import { createCallSession } from "/call/assets/session.js";
import { signallingUrl } from "/call/assets/signalling.js";
import { t } from "../i18n.js";
import { post } from "../api.js";
import { emit } from "../store.js";
import { navigate, paths } from "../router.js";

/** CallView with the client's language, and presence changes told to the channel tree. */
class ClientCallView extends CallView {
  constructor(onPresence) {
    super();
    this.onPresence = onPresence;
  }

  setRoom(room) { document.getElementById("room-name").textContent = room; }

  setMuteButton(kind, muted, available) {
    super.setMuteButton(kind, muted, available);
    const button = kind === "audio" ? this.controls.mute : this.controls.camera;
    button.textContent = kind === "audio" ? t(muted ? "call.unmute" : "call.mute") : t(muted ? "call.cameraOn" : "call.cameraOff");
    button.setAttribute("aria-pressed", muted ? "true" : "false");
  }

  setSharing(sharing) {
    super.setSharing(sharing);
    this.controls.screen.textContent = t(sharing ? "call.stopSharing" : "call.share");
  }

  setPresence(members) {
    super.setPresence(members);
    for (const badge of document.querySelectorAll("#presence .badge")) { badge.textContent = t("call.inCallBadge"); }
    this.onPresence(members);
  }
}

export class VoiceDock {
  constructor(panel) {
    this.panel = panel;
    this.session = null;
    this.channel = null;
    this.serverId = null;
    this.tokenExpiresAt = 0;
    this.presence = [];
    this.view = new ClientCallView((members) => { this.presence = members; emit("voice", this.channel?.id); });
    document.getElementById("call-expand").addEventListener("click", () => {
      if (this.channel !== null) { navigate(paths.channel(this.serverId, this.channel.id)); }
    });
    // A join with a token about to expire: mint a fresh one first (the join happens then).
    this.view.controls.join.addEventListener("click", (event) => {
      if (this.session !== null && Date.now() > this.tokenExpiresAt - 30000) {
        event.stopImmediatePropagation();
        this.open(this.serverId, this.channel, { autoJoin: true });
      }
    }, { capture: true });
    this.relabel();
  }

  get inCall() { return this.session?.snapshot().joined === true; }

  /** Opens a voice channel: watches its room (or keeps the current call when in one). */
  show(serverId, channel) {
    if (this.channel?.id === channel.id && this.session !== null) { this.panel.hidden = false; return; }
    if (this.inCall) {
      // Stay in the current call; offer to move.
      this.panel.hidden = false;
      this.view.setStatus(t("call.elsewhere", { channel: this.channel.name, other: channel.name }));
      return;
    }
    this.open(serverId, channel, { autoJoin: false });
  }

  async open(serverId, channel, { autoJoin }) {
    this.close();
    this.channel = channel;
    this.serverId = serverId;
    this.panel.hidden = false;
    this.view.showError("");
    this.view.setRoom(channel.name);
    this.view.setStatus(t("call.connecting"));
    try {
      const grant = await post(`/channels/${channel.id}/voice-token`);
      if (this.channel?.id !== channel.id) { return; }
      this.tokenExpiresAt = Date.parse(grant.expiresAt) || Date.now() + 60000;
      this.session = createCallSession({
        view: this.view, room: grant.room, token: grant.token, url: signallingUrl(location), autoJoin, roomLabel: channel.name,
        text: (key) => { const value = t(`call.${key}`); return value === `call.${key}` ? null : value; },
      });
      await this.session.start();
    } catch (error) {
      this.view.showError(error.status === 403 ? t("call.noAccess") : (error.message ?? String(error)));
      this.view.setStatus("");
    }
  }

  /** Expanded over the main view (the voice channel is open) or docked small. */
  setExpanded(expanded) {
    document.body.classList.toggle("call-expanded", expanded && this.session !== null || expanded && this.channel !== null);
    if (!expanded && this.session !== null && !this.inCall) { this.close(); }
  }

  /** Ends the session (leaves the call if in it). */
  close() {
    this.session?.close();
    this.session = null;
    this.channel = null;
    this.presence = [];
    this.panel.hidden = true;
    document.body.classList.remove("call-expanded");
    this.view.clearTiles();
    emit("voice");
  }

  leave() { this.close(); }

  /** Who is in a voice channel's room, as far as this client watches it. */
  presenceOf(channelId) { return this.channel?.id === channelId ? this.presence.filter((m) => m.inCall) : []; }

  /** The call panel's fixed labels in the current language. */
  relabel() {
    const set = (id, key) => { const node = document.getElementById(id); if (node !== null) { node.textContent = t(key); } };
    set("call-label", "call.voice");
    set("call-expand", "call.open");
    set("presence-label", "call.inRoom");
    set("microphone-label", "call.microphone");
    set("camera-label", "call.camera");
    set("join-button", "call.join");
    set("leave-button", "call.leave");
    set("tiles-heading", "call.participants");
    this.panel.querySelector(".controls")?.setAttribute("aria-label", t("call.controls"));
    this.session?.relabel(); // pin buttons and the stage's caption come from the session's texts
    if (!this.inCall) {
      if (this.session !== null) { this.view.setStatus(t("call.notInCall")); }
      set("mute-button", "call.mute");
      set("camera-button", "call.cameraOff");
      set("screen-button", "call.share");
    } else {
      const snapshot = this.session.snapshot();
      const local = snapshot.local;
      this.view.setStatus(t("call.inCall", { name: snapshot.self?.name ?? "" }));
      this.view.setMuteButton("audio", local.audioMuted, local.audio || !this.inCall);
      this.view.setMuteButton("video", local.videoMuted, local.video || !this.inCall);
      this.view.setSharing(local.sharing);
    }
  }

  /** For tests: the call session's snapshot and the channel (no token). */
  snapshot() {
    return this.session === null ? { channelId: null, phase: "none" } : { channelId: this.channel?.id ?? null, ...this.session.snapshot() };
  }
}
