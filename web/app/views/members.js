// The members panel: online first, then offline; names in their top role's colour.

import { h, mount } from "../dom.js";
import { t, formatNumber } from "../i18n.js";
import { store, displayName, knownUser, memberColour } from "../store.js";
import { avatar } from "./ui.js";

export function renderMembers(container, serverId) {
  const members = [...(store.members.get(serverId)?.values() ?? [])];
  const byName = (a, b) => displayName(a.userId).localeCompare(displayName(b.userId));
  const online = members.filter((m) => m.online).sort(byName);
  const offline = members.filter((m) => !m.online).sort(byName);
  const group = (title, list, state) => [
    h("h3", { class: "members-heading" }, `${title} — ${formatNumber(list.length)}`),
    h("ul", { class: "member-list" }, ...list.map((m) => {
      const user = knownUser(m.userId);
      const name = h("span", { class: "member-name" }, displayName(m.userId));
      const colour = memberColour(serverId, m.userId);
      if (colour !== null) { name.style.color = colour; }
      return h("li", { class: `member ${state}`, "data-testid": "member", "data-user-id": m.userId, "data-username": user?.username ?? "", "data-online": m.online ? "true" : "false" },
        h("span", { class: "presence-wrap" }, avatar(user, "sm"), h("span", { class: `presence-dot ${state}`, role: "img", "aria-label": t(`members.${state}`) })),
        name, store.servers.get(serverId)?.ownerId === m.userId ? h("span", { class: "owner-badge", title: t("members.owner"), "aria-label": t("members.owner") }, "♛") : null);
    })),
  ];
  mount(container, h("h2", { class: "visually-hidden" }, t("members.title")), ...group(t("members.online"), online, "online"), ...group(t("members.offline"), offline, "offline"));
}
