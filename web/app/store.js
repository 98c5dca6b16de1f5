// What the client knows, as plain data, and the event handlers that keep it current. Views
// subscribe with `onChange(topic, fn)` and re-render what they show; no view talks to the
// events stream directly.

import { get, getAll } from "./api.js";

export const store = {
  me: null, // UserProfile
  servers: new Map(), // id -> Server
  channels: new Map(), // serverId -> [Channel] (display order)
  members: new Map(), // serverId -> Map userId -> Member
  roles: new Map(), // serverId -> [Role]
  users: new Map(), // userId -> PublicUser (or a Promise while loading)
  unread: new Map(), // channelId -> serverId, channels with messages not seen
  mentioned: new Map(), // channelId -> serverId, channels where I was mentioned
  lastRead: new Map(), // channelId -> last seen message id
  typing: new Map(), // channelId -> Map userId -> expiry (ms)
  voice: new Map(), // channelId -> [{userId|identity, name}] (voice-room participants, from events)
  activeChannelId: null,
  connection: "stopped",
};

const listeners = new Map(); // topic -> Set(fn)

export function onChange(topic, fn) {
  if (!listeners.has(topic)) { listeners.set(topic, new Set()); }
  listeners.get(topic).add(fn);
  return () => listeners.get(topic)?.delete(fn);
}

export function emit(topic, detail) {
  for (const fn of [...(listeners.get(topic) ?? [])]) {
    try { fn(detail); } catch (error) { console.error(error); }
  }
}

// ------------------------------------------------------------------ loading

export async function loadServers() {
  const result = await get("/me/servers");
  store.servers.clear();
  for (const server of result.items ?? []) { store.servers.set(server.id, server); }
  emit("servers");
}

export async function loadChannels(serverId) {
  const result = await get(`/servers/${serverId}/channels`);
  store.channels.set(serverId, result.items ?? []);
  emit("channels", serverId);
  return store.channels.get(serverId);
}

export async function loadMembers(serverId) {
  const items = await getAll(`/servers/${serverId}/members`);
  store.members.set(serverId, new Map(items.map((m) => [m.userId, m])));
  for (const m of items) { loadUser(m.userId); }
  emit("members", serverId);
}

export async function loadRoles(serverId) {
  const result = await get(`/servers/${serverId}/roles`);
  store.roles.set(serverId, result.items ?? []);
  emit("roles", serverId);
}

/** The public profile of a user (cached); emits "users" when it arrives. */
export function loadUser(userId) {
  if (store.users.has(userId)) { return store.users.get(userId); }
  const pending = get(`/users/${userId}`).then((user) => {
    store.users.set(userId, user);
    emit("users", userId);
    return user;
  }).catch(() => { store.users.delete(userId); return null; });
  store.users.set(userId, pending);
  return pending;
}

/** A user known now (not a promise), or null. */
export function knownUser(userId) {
  const user = store.users.get(userId);
  return user !== undefined && !(user instanceof Promise) ? user : null;
}

export function displayName(userId) {
  const user = knownUser(userId);
  if (user === null) { return "…"; }
  return `${user.firstName} ${user.lastName}`.trim() || user.username;
}

export function channelById(channelId) {
  for (const list of store.channels.values()) {
    const found = list.find((c) => c.id === channelId);
    if (found !== undefined) { return found; }
  }
  return null;
}

/** The highest-positioned coloured role of a member, for name colours. */
export function memberColour(serverId, userId) {
  const member = store.members.get(serverId)?.get(userId);
  const roles = store.roles.get(serverId) ?? [];
  if (member === undefined) { return null; }
  const held = roles.filter((r) => member.roleIds.includes(r.id) && r.colour > 0).sort((a, b) => b.position - a.position);
  return held.length === 0 ? null : `#${held[0].colour.toString(16).padStart(6, "0")}`;
}

// ------------------------------------------------------------------ events

function upsertChannel(channel) {
  const list = store.channels.get(channel.serverId);
  if (list === undefined) { return; }
  // Order is decided by the server; re-read it to keep folder order exact.
  loadChannels(channel.serverId).catch(() => {});
}

function setPresence(userId, online) {
  for (const [serverId, members] of store.members) {
    const member = members.get(userId);
    if (member !== undefined) { member.online = online; emit("members", serverId); }
  }
}

/**
 * Applies one event of docs/events.md to the store. Message events go to "message"
 * listeners (the open channel view); the rest update servers/channels/members. Unknown
 * types are ignored, so the client works whichever events the server publishes.
 */
export function applyEvent({ type, data }) {
  switch (type) {
    case "message.created":
      if (data.channelId !== store.activeChannelId || document.hidden) {
        if (data.authorId !== store.me?.id) {
          store.unread.set(data.channelId, data.serverId);
          if ((data.mentions ?? []).includes(store.me?.id) || data.mentionsEveryone) { store.mentioned.set(data.channelId, data.serverId); }
          emit("unread");
        }
      }
      clearTyping(data.channelId, data.authorId);
      // A new member (member events may not be published): refresh the list.
      if (store.members.has(data.serverId) && !store.members.get(data.serverId).has(data.authorId)) { loadMembers(data.serverId).catch(() => {}); }
      emit("message", { type, data });
      break;
    case "message.updated": case "message.deleted": case "message.pinned": case "message.unpinned":
      emit("message", { type, data });
      break;
    case "typing.started": case "typing.start": case "typing": {
      const channelId = data.channelId;
      const userId = data.userId;
      if (channelId === undefined || userId === undefined || userId === store.me?.id) { break; }
      if (!store.typing.has(channelId)) { store.typing.set(channelId, new Map()); }
      store.typing.get(channelId).set(userId, Date.now() + 8000);
      loadUser(userId);
      emit("typing", channelId);
      break;
    }
    case "presence.updated": case "presence.changed": case "presence":
      if (data.userId !== undefined) { setPresence(data.userId, data.online ?? data.status === "online"); }
      break;
    case "server.updated":
      if (data.id !== undefined && store.servers.has(data.id)) { store.servers.set(data.id, data); emit("servers"); }
      break;
    case "server.deleted":
      store.servers.delete(data.id ?? data.serverId);
      emit("servers");
      break;
    case "channel.created": case "channel.updated":
      upsertChannel(data);
      break;
    case "channel.deleted":
      if (data.serverId !== undefined) { loadChannels(data.serverId).catch(() => {}); }
      break;
    case "member.joined": case "member.added": case "member.updated": case "member.left": case "member.removed":
      if (data.serverId !== undefined) {
        if (data.userId === store.me?.id && type !== "member.joined" && type !== "member.added" && type !== "member.updated") {
          loadServers().catch(() => {});
        } else {
          loadMembers(data.serverId).catch(() => {});
        }
      }
      break;
    case "role.created": case "role.updated": case "role.deleted":
      if (data.serverId !== undefined) { loadRoles(data.serverId).catch(() => {}); }
      break;
    case "voice.participants": case "voice.updated": case "voice.joined": case "voice.left":
      if (data.channelId !== undefined && Array.isArray(data.participants)) {
        store.voice.set(data.channelId, data.participants);
        emit("voice", data.channelId);
      }
      break;
    default:
      break;
  }
}

export function clearTyping(channelId, userId) {
  const map = store.typing.get(channelId);
  if (map?.delete(userId)) { emit("typing", channelId); }
}

/** The users typing now in a channel (expired entries dropped). */
export function typingIn(channelId) {
  const map = store.typing.get(channelId);
  if (map === undefined) { return []; }
  const now = Date.now();
  for (const [userId, until] of map) { if (until < now) { map.delete(userId); } }
  return [...map.keys()];
}

export function markRead(channelId) {
  const wasUnread = store.unread.delete(channelId);
  const wasMentioned = store.mentioned.delete(channelId);
  if (wasUnread || wasMentioned) { emit("unread"); }
}

/** Whether a server has an unread channel (for the server list's marker). */
export function serverUnread(serverId) {
  return {
    unread: [...store.unread.values()].includes(serverId),
    mentioned: [...store.mentioned.values()].includes(serverId),
  };
}
