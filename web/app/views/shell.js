// The signed-in layout: server rail | channel sidebar (server header, channel tree, user
// bar with the connection state) | the main view | members (or a side panel). The call
// panel (voice.js) lives outside these regions so a call continues while browsing.

import { h, mount } from "../dom.js";
import { t } from "../i18n.js";
import { store, onChange, loadChannels, loadMembers, loadRoles, displayName } from "../store.js";
import { renderServerRail, enableRovingFocus } from "./server-rail.js";
import { renderChannelTree } from "./channel-tree.js";
import { renderMembers } from "./members.js";
import { avatar } from "./ui.js";
import { can } from "../permissions.js";
import { openInviteDialog } from "./invite-dialog.js";
import { paths } from "../router.js";

export class Shell {
  constructor(root, { callPresence, watchMembers = () => {} }) {
    this.root = root;
    this.serverId = null;
    this.channelId = null;
    this.callPresence = callPresence;
    this.watchMembers = watchMembers; // the events stream's member-list subscription
    this.railList = h("ul", { class: "rail-list" });
    this.serverHeader = h("div", { class: "server-header" });
    this.tree = h("div", { class: "tree-wrap" });
    this.userBar = h("div", { class: "user-bar" });
    this.connection = h("p", { class: "connection", role: "status", "data-testid": "connection-state", "data-state": store.connection });
    this.main = h("main", { id: "main", class: "main", tabindex: "-1" });
    this.aside = h("aside", { class: "members-panel", "aria-label": t("members.title"), "data-testid": "members-panel" });
    this.sidebar = h("nav", { class: "sidebar", "aria-label": t("channels.title") }, this.serverHeader, this.tree, this.connection, this.userBar);
    mount(root, h("div", { class: "app-layout" },
      h("nav", { class: "rail", "aria-label": t("rail.title"), "data-testid": "server-rail" }, this.railList),
      this.sidebar, this.main, this.aside));
    enableRovingFocus(this.railList);
    onChange("servers", () => { this.renderRail(); this.renderServerHeader(); });
    onChange("unread", () => { this.renderRail(); this.renderTree(); });
    onChange("channels", (serverId) => { if (serverId === this.serverId) { this.renderTree(); } });
    onChange("voice", () => this.renderTree());
    onChange("members", (serverId) => { if (serverId === this.serverId) { this.renderMembers(); this.renderServerHeader(); } });
    onChange("roles", (serverId) => { if (serverId === this.serverId) { this.renderServerHeader(); } });
    onChange("users", () => { this.renderMembersSoon(); });
    onChange("me", () => this.renderUserBar());
    onChange("connection", (state) => this.renderConnection(state));
    this.renderRail();
    this.renderUserBar();
    this.renderConnection(store.connection);
    // Members and presence are re-read every minute too, for servers that publish no
    // member/presence events.
    this.membersPoll = setInterval(() => {
      if (this.serverId !== null && !document.hidden && this.root.contains(this.aside)) { loadMembers(this.serverId).catch(() => {}); }
    }, 60000);
  }

  /** Stops the shell's timers (it is being replaced). */
  dispose() { clearInterval(this.membersPoll); }

  /** Shows a server (loads its channels, members and roles once) and marks the channel. */
  async showServer(serverId, channelId = null) {
    const changed = serverId !== this.serverId;
    this.serverId = serverId;
    this.channelId = channelId;
    this.root.querySelector(".app-layout").classList.toggle("no-server", serverId === null);
    this.renderRail();
    this.watchMembers(serverId);
    if (serverId === null) { this.tree.replaceChildren(); this.serverHeader.replaceChildren(); this.aside.replaceChildren(); return; }
    if (changed || !store.channels.has(serverId)) {
      this.renderServerHeader();
      await Promise.all([loadChannels(serverId), loadMembers(serverId).catch(() => {}), loadRoles(serverId).catch(() => {})]);
    }
    this.renderTree();
    this.renderServerHeader();
    if (this.panelCloser === undefined || this.panelCloser === null) { this.renderMembers(); }
  }

  renderRail() { renderServerRail(this.railList, this.serverId); }

  renderTree() {
    if (this.serverId !== null) { renderChannelTree(this.tree, this.serverId, this.channelId, { callPresence: this.callPresence }); }
  }

  renderServerHeader() {
    const server = store.servers.get(this.serverId);
    if (server === undefined) { this.serverHeader.replaceChildren(); return; }
    const admin = can(server.id, "manage_server") || can(server.id, "manage_channels") || can(server.id, "manage_roles")
      || can(server.id, "kick_members") || can(server.id, "ban_members");
    const mayInvite = server.visibility === "public" || can(server.id, "create_invite");
    mount(this.serverHeader,
      h("h2", { class: "server-name", "data-testid": "server-title" }, server.name),
      h("div", { class: "server-actions" },
        mayInvite ? h("button", { type: "button", class: "icon-button", title: t("invite.createTitle"), "aria-label": t("invite.createTitle"), "data-testid": "invite-open", onclick: () => openInviteDialog(server.id) }, "✉") : null,
        admin ? h("a", { href: paths.serverSettings(server.id), "data-route": true, class: "icon-button", title: t("admin.title"), "aria-label": t("admin.title"), "data-testid": "server-settings-link" }, "⚙") : null));
  }

  renderMembers() { if (this.serverId !== null) { renderMembers(this.aside, this.serverId); } }

  renderMembersSoon() {
    clearTimeout(this.membersTimer);
    this.membersTimer = setTimeout(() => { if (this.panelCloser === null || this.panelCloser === undefined) { this.renderMembers(); } this.renderUserBar(); }, 100);
  }

  renderUserBar() {
    const me = store.me;
    if (me === null) { return; }
    mount(this.userBar, avatar(me, "sm"),
      h("span", { class: "me" }, h("span", { class: "me-name", "data-testid": "me-name" }, `${me.firstName} ${me.lastName}`), h("span", { class: "me-username" }, `@${me.username}`)),
      h("a", { href: "/settings", "data-route": true, class: "icon-button", title: t("settings.title"), "aria-label": t("settings.title"), "data-testid": "user-settings-link" }, "⚙"));
  }

  renderConnection(state) {
    this.connection.dataset.state = state;
    this.connection.textContent = state === "connected" ? "" : t(`connection.${state}`);
    this.connection.hidden = state === "connected";
  }

  /** Shows a side panel (pins, search) instead of the members list until `onClose`. */
  showPanel(render) {
    this.panelCloser?.();
    this.aside.setAttribute("aria-label", t("panels.label"));
    this.panelCloser = render(this.aside, () => this.closePanel()) ?? (() => {});
  }

  closePanel() {
    const closer = this.panelCloser;
    this.panelCloser = null;
    closer?.();
    this.aside.setAttribute("aria-label", t("members.title"));
    this.renderMembers();
  }

  set title(text) { document.title = text === "" ? "Beep" : `${text} · Beep`; }
}
