// The caller's server-wide permissions, computed from the loaded roles and membership with
// steps 1-3 of docs/permissions.md. Only used to show or hide controls: the server decides.

import { store } from "./store.js";

export function serverPermissions(serverId) {
  const server = store.servers.get(serverId);
  const me = store.me?.id;
  if (server === undefined || me === undefined) { return new Set(); }
  if (server.ownerId === me) { return new Set(["*"]); }
  const roles = store.roles.get(serverId) ?? [];
  const member = store.members.get(serverId)?.get(me);
  const held = new Set();
  for (const role of roles) {
    if (role.isEveryone || (member?.roleIds ?? []).includes(role.id)) { for (const p of role.permissions) { held.add(p); } }
  }
  if (held.has("administrator")) { return new Set(["*"]); }
  return held;
}

/** Whether the caller holds `name` server-wide (owner and administrator hold all). */
export function can(serverId, name) {
  const held = serverPermissions(serverId);
  return held.has("*") || held.has(name);
}

export function isOwner(serverId) {
  return store.servers.get(serverId)?.ownerId === store.me?.id;
}

/** The permission names of docs/permissions.md, in its order. */
export const PERMISSION_NAMES = [
  "create_invite", "kick_members", "ban_members", "administrator", "manage_channels", "manage_server", "stream",
  "view_channel", "send_messages", "manage_messages", "embed_links", "attach_files", "mention_everyone", "connect",
  "speak", "mute_members", "move_members", "manage_roles", "manage_webhooks", "video",
];
