// Message content → DOM, through the safe markdown renderer (markdown.js, no HTML strings).
// Until that module loads (or if it fails to), content shows as plain text.

import { store, knownUser, loadUser, channelById } from "./store.js";
import { paths } from "./router.js";

let renderer = null;
const ready = import("./markdown.js").then((module) => { renderer = module.renderMarkdown ?? null; }).catch(() => { renderer = null; });

/** Resolves once the renderer is loaded (or known to be missing). */
export function markdownReady() { return ready; }

function usersByName() {
  const map = new Map();
  for (const user of store.users.values()) {
    if (user !== null && !(user instanceof Promise)) { map.set(user.username.toLowerCase(), user); }
  }
  return map;
}

/**
 * The rendered content of a message (a DocumentFragment). `message` may be a draft
 * ({content} only) for the composer's preview.
 */
export function renderContent(message, serverId) {
  const source = message.content ?? "";
  if (renderer === null) {
    const fragment = document.createDocumentFragment();
    fragment.append(document.createTextNode(source));
    return fragment;
  }
  const me = store.me;
  const names = usersByName();
  for (const id of message.mentions ?? []) { if (knownUser(id) === null) { loadUser(id); } }
  return renderer(source, {
    // Lowercased mention names; @everyone/@here count only when the server resolved them.
    mentionsMe: (name) => me !== null && typeof name === "string" && (name.toLowerCase() === me.username.toLowerCase()
      || ((name === "everyone" || name === "here") && message.mentionsEveryone === true)),
    resolveUser: (username) => {
      const user = names.get(String(username).toLowerCase());
      return user === undefined ? null : { id: user.id, username: user.username, name: `${user.firstName} ${user.lastName}`.trim() };
    },
    resolveChannel: (name) => {
      const wanted = String(name).toLowerCase();
      const channel = (store.channels.get(serverId) ?? []).find((c) => c.name.toLowerCase().replace(/\s+/g, "-") === wanted)
        ?? (message.channelTags ?? []).map(channelById).find((c) => c !== null && c.name.toLowerCase() === wanted);
      return channel === undefined || channel === null ? null : { id: channel.id, name: channel.name, href: paths.channel(channel.serverId, channel.id) };
    },
  });
}
