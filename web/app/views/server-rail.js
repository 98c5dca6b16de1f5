// The server list on the left: one button per server (initials; unread dot and mention
// marker), then "create a server" and "discover". Arrow keys move between entries.

import { h, mount } from "../dom.js";
import { t } from "../i18n.js";
import { store, serverUnread } from "../store.js";
import { paths } from "../router.js";

function initials(name) {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join("") || "?";
}

export function renderServerRail(list, activeServerId) {
  const items = [...store.servers.values()].sort((a, b) => a.name.localeCompare(b.name)).map((server) => {
    const { unread, mentioned } = serverUnread(server.id);
    const label = [server.name, unread ? t("rail.unread") : null, mentioned ? t("rail.mentioned") : null].filter(Boolean).join(", ");
    return h("li", {},
      h("a", {
        href: paths.server(server.id), "data-route": true, class: "rail-button", title: server.name, "aria-label": label,
        "aria-current": server.id === activeServerId ? "page" : null, "data-testid": "server-link",
        "data-server-id": server.id, "data-server-name": server.name, "data-unread": unread ? "true" : "false",
      }, initials(server.name), unread ? h("span", { class: mentioned ? "marker mention" : "marker", "aria-hidden": "true" }) : null));
  });
  mount(list,
    ...items,
    h("li", { class: "separator", role: "presentation" }),
    h("li", {}, h("a", { href: "/new-server", "data-route": true, class: "rail-button add", "aria-label": t("rail.createServer"), title: t("rail.createServer"), "data-testid": "create-server" }, "+")),
    h("li", {}, h("a", { href: "/discover", "data-route": true, class: "rail-button discover", "aria-label": t("rail.discover"), title: t("rail.discover"), "data-testid": "discover-servers" }, "⌕")));
}

/** Up/Down arrow keys move focus along the rail's links. */
export function enableRovingFocus(list) {
  list.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") { return; }
    const links = [...list.querySelectorAll("a")];
    const index = links.indexOf(document.activeElement);
    if (index < 0) { return; }
    event.preventDefault();
    const next = links[(index + (event.key === "ArrowDown" ? 1 : links.length - 1)) % links.length];
    next.focus();
  });
}
