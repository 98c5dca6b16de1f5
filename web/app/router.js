// Client-side routes on the History API. Paths (all served index.html by beep):
//   /login  /signup  /discover  /new-server  /settings
//   /servers/:serverId  /servers/:serverId/channels/:channelId  /servers/:serverId/settings
//   /invite/:code
// Same-origin <a href> clicks to client pages are handled in the page; the back button works.

const ROUTES = [
  ["login", /^\/login\/?$/],
  ["signup", /^\/signup\/?$/],
  ["discover", /^\/discover\/?$/],
  ["newServer", /^\/new-server\/?$/],
  ["settings", /^\/settings\/?$/],
  ["serverSettings", /^\/servers\/(\d+)\/settings\/?$/],
  ["channel", /^\/servers\/(\d+)\/channels\/(\d+)\/?$/],
  ["server", /^\/servers\/(\d+)\/?$/],
  ["invite", /^\/invite\/([A-Za-z0-9_-]{1,64})\/?$/],
  ["home", /^\/?$/],
];

let handler = () => {};

/** {name, params: [...]} for a path; unknown paths are "home". */
export function match(pathname) {
  for (const [name, pattern] of ROUTES) {
    const found = pattern.exec(pathname);
    if (found !== null) { return { name, params: found.slice(1) }; }
  }
  return { name: "home", params: [] };
}

/** Goes to `path` (pushes a history entry unless `replace`) and renders it. */
export function navigate(path, { replace = false } = {}) {
  if (path !== location.pathname + location.search) {
    if (replace) { history.replaceState(null, "", path); } else { history.pushState(null, "", path); }
  }
  handler(match(location.pathname));
}

export function startRouter(onRoute) {
  handler = onRoute;
  window.addEventListener("popstate", () => handler(match(location.pathname)));
  document.addEventListener("click", (event) => {
    const link = event.target.closest?.("a[href]");
    if (link === null || link === undefined || event.defaultPrevented || event.button !== 0) { return; }
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || link.target === "_blank") { return; }
    const url = new URL(link.href, location.href);
    // Same-origin links to the client's own pages (menus, #channel links in messages).
    if (url.origin !== location.origin || link.hasAttribute("download") || url.pathname.startsWith("/api/") || url.pathname.startsWith("/call/")) { return; }
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
  handler(match(location.pathname));
}

export const paths = {
  channel: (serverId, channelId) => `/servers/${serverId}/channels/${channelId}`,
  server: (serverId) => `/servers/${serverId}`,
  serverSettings: (serverId) => `/servers/${serverId}/settings`,
  invite: (code) => `/invite/${code}`,
};
