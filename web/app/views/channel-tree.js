// The channel tree of a server: folders (collapsible, remembered per folder) holding text
// and voice channels, top-level channels; unread and mention markers; who is in each voice
// channel. Channels visible inside a hidden folder are listed at the top level
// (docs/permissions.md, "Folders").

import { h, mount } from "../dom.js";
import { t } from "../i18n.js";
import { store, displayName } from "../store.js";
import { paths } from "../router.js";

const COLLAPSED_KEY = "beep.collapsed";

function collapsed() {
  try { return new Set(JSON.parse(localStorage.getItem(COLLAPSED_KEY) ?? "[]")); } catch { return new Set(); }
}

function setCollapsed(folderId, value) {
  const set = collapsed();
  if (value) { set.add(folderId); } else { set.delete(folderId); }
  try { localStorage.setItem(COLLAPSED_KEY, JSON.stringify([...set])); } catch { /* this page only */ }
}

function channelLink(serverId, channel, activeChannelId, voiceNames) {
  const unread = store.unread.has(channel.id);
  const mentioned = store.mentioned.has(channel.id);
  const icon = channel.kind === "voice" ? "🔊" : "#";
  const kindLabel = channel.kind === "voice" ? t("channels.voice") : t("channels.text");
  const label = [`${channel.name} (${kindLabel})`, unread ? t("rail.unread") : null, mentioned ? t("rail.mentioned") : null].filter(Boolean).join(", ");
  const link = h("a", {
    href: paths.channel(serverId, channel.id), "data-route": true, class: `channel-link ${unread ? "unread" : ""}`,
    "aria-label": label, "aria-current": channel.id === activeChannelId ? "page" : null,
    "data-testid": "channel-link", "data-channel-id": channel.id, "data-channel-name": channel.name, "data-kind": channel.kind,
    "data-unread": unread ? "true" : "false",
  }, h("span", { class: "channel-icon", "aria-hidden": "true" }, icon), h("span", { class: "channel-name" }, channel.name),
  mentioned ? h("span", { class: "mention-badge", "aria-hidden": "true" }, "@") : null);
  const item = h("li", { class: "channel" }, link);
  if (channel.kind === "voice" && voiceNames.length > 0) {
    item.append(h("ul", { class: "voice-members", "aria-label": t("channels.inCall"), "data-testid": "voice-members" },
      ...voiceNames.map((name) => h("li", {}, name))));
  }
  return item;
}

/** Names of the people in a voice channel: from the events stream, or the call's presence. */
function voiceNamesOf(channelId, callPresence) {
  const fromEvents = store.voice.get(channelId);
  if (Array.isArray(fromEvents)) { return fromEvents.map((p) => p.name ?? (p.userId !== undefined ? displayName(p.userId) : p.identity ?? "?")); }
  const fromCall = callPresence(channelId);
  return fromCall.map((m) => m.name || m.identity);
}

export function renderChannelTree(container, serverId, activeChannelId, { callPresence = () => [] } = {}) {
  const channels = store.channels.get(serverId) ?? [];
  const folders = channels.filter((c) => c.kind === "folder");
  const folderIds = new Set(folders.map((f) => f.id));
  const closed = collapsed();
  const tree = h("ul", { class: "channel-tree", "data-testid": "channel-tree" });
  // The API lists channels in display order, each folder followed by its channels.
  for (const item of channels) {
    const inFolder = item.parentId !== undefined && item.parentId !== null && folderIds.has(item.parentId);
    if (item.kind !== "folder") {
      if (!inFolder) { tree.append(channelLink(serverId, item, activeChannelId, voiceNamesOf(item.id, callPresence))); }
      continue;
    }
    const folder = item;
    const isClosed = closed.has(folder.id);
    const listId = `folder-${folder.id}`;
    const children = channels.filter((c) => c.parentId === folder.id && c.kind !== "folder");
    const toggle = h("button", {
      type: "button", class: "folder-toggle", "aria-expanded": isClosed ? "false" : "true", "aria-controls": listId,
      "data-testid": "folder-toggle", "data-folder-id": folder.id, "data-folder-name": folder.name,
    }, h("span", { class: "chevron", "aria-hidden": "true" }, isClosed ? "▸" : "▾"), folder.name);
    const list = h("ul", { id: listId, hidden: isClosed }, ...children.map((c) => channelLink(serverId, c, activeChannelId, voiceNamesOf(c.id, callPresence))));
    toggle.addEventListener("click", () => {
      const nowClosed = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", nowClosed ? "false" : "true");
      toggle.firstChild.textContent = nowClosed ? "▸" : "▾";
      list.hidden = nowClosed;
      setCollapsed(folder.id, nowClosed);
    });
    tree.append(h("li", { class: "folder", "data-testid": "folder", "data-folder-name": folder.name }, toggle, list));
  }
  mount(container, tree);
}
