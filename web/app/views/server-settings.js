// Server administration (docs/api.md "Communities", docs/permissions.md): overview (name,
// description, visibility, delete), channels (create text/voice/folder, rename, move, delete,
// private access by role), roles (create, colour, permissions, order, delete), members
// (assign roles, kick, ban), bans and invites. Controls the caller may not use are not shown;
// the server decides in any case and its refusals are shown.

import { h, mount, field, uid } from "../dom.js";
import { t, formatDateTime } from "../i18n.js";
import { get, post, patch, put, del } from "../api.js";
import { store, loadServers, loadChannels, loadRoles, loadMembers, displayName, knownUser, emit } from "../store.js";
import { can, isOwner, PERMISSION_NAMES } from "../permissions.js";
import { navigate } from "../router.js";
import { errorRegion, busy, confirmDialog } from "./ui.js";

const TABS = [["overview", "manage_server"], ["channels", "manage_channels"], ["roles", "manage_roles"], ["members", null], ["bans", "ban_members"], ["invites", "manage_server"]];

export function renderServerSettings(container, serverId) {
  const tabs = TABS.filter(([, needs]) => needs === null || can(serverId, needs));
  const panel = h("div", { role: "tabpanel", class: "stack", tabindex: "0" });
  const error = errorRegion("admin-error");
  const buttons = tabs.map(([name]) => h("button", { type: "button", role: "tab", id: `tab-${name}`, "aria-selected": "false", "aria-controls": "admin-panel", tabindex: "-1", "data-testid": `admin-tab-${name}` }, t(`admin.tab.${name}`)));
  panel.id = "admin-panel";
  const select = (index) => {
    buttons.forEach((b, i) => { b.setAttribute("aria-selected", i === index ? "true" : "false"); b.tabIndex = i === index ? 0 : -1; });
    panel.setAttribute("aria-labelledby", buttons[index].id);
    error.clear();
    RENDERERS[tabs[index][0]](panel, serverId, error);
  };
  buttons.forEach((button, index) => {
    button.addEventListener("click", () => select(index));
    button.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") { return; }
      const next = (index + (event.key === "ArrowRight" ? 1 : buttons.length - 1)) % buttons.length;
      buttons[next].focus();
      select(next);
    });
  });
  mount(container, h("div", { class: "page", "data-testid": "server-settings" },
    h("h1", {}, t("admin.titleFor", { server: store.servers.get(serverId)?.name ?? "" })),
    h("div", { role: "tablist", class: "tabs", "aria-label": t("admin.title") }, ...buttons), error.node, panel));
  select(0);
}

// ---------------------------------------------------------------- overview

function overview(panel, serverId, error) {
  const server = store.servers.get(serverId);
  const name = field(t("server.name"), { value: server.name, maxlength: "100", "data-testid": "admin-server-name" });
  const description = field(t("server.description"), { maxlength: "1000", rows: "3", "data-testid": "admin-server-description" }, "textarea");
  description.input.value = server.description ?? "";
  const visibility = field(t("server.visibility"), { "data-testid": "admin-server-visibility" }, "select");
  visibility.input.append(h("option", { value: "private", selected: server.visibility === "private" }, t("server.private")),
    h("option", { value: "public", selected: server.visibility === "public" }, t("server.public")));
  const saved = h("p", { role: "status", class: "hint" });
  const save = h("button", { type: "submit", class: "primary", "data-testid": "admin-server-save" }, t("common.save"));
  const form = h("form", { class: "stack" }, name.field, description.field, visibility.field,
    h("p", { class: "hint" }, t("admin.pictureNote")), saved, save);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(save, async () => {
      try {
        const updated = await patch(`/servers/${serverId}`, { name: name.input.value.trim(), description: description.input.value.trim(), visibility: visibility.input.value });
        store.servers.set(serverId, updated);
        emit("servers");
        saved.textContent = t("settings.saved");
      } catch (failure) { error.show(failure); }
    });
  });
  const danger = [];
  if (isOwner(serverId)) {
    const remove = h("button", { type: "button", class: "danger", "data-testid": "admin-server-delete" }, t("admin.deleteServer"));
    remove.addEventListener("click", async () => {
      if (!(await confirmDialog(t("admin.deleteServer"), t("admin.deleteServerConfirm", { server: server.name }), t("admin.delete")))) { return; }
      try { await del(`/servers/${serverId}`); await loadServers(); navigate("/"); } catch (failure) { error.show(failure); }
    });
    danger.push(h("section", { class: "settings-section" }, h("h2", {}, t("admin.dangerZone")), remove));
  } else {
    const leave = h("button", { type: "button", class: "danger", "data-testid": "admin-server-leave" }, t("admin.leaveServer"));
    leave.addEventListener("click", async () => {
      if (!(await confirmDialog(t("admin.leaveServer"), t("admin.leaveServerConfirm", { server: server.name }), t("admin.leave")))) { return; }
      try { await post(`/servers/${serverId}/leave`); await loadServers(); navigate("/"); } catch (failure) { error.show(failure); }
    });
    danger.push(h("section", { class: "settings-section" }, h("h2", {}, t("admin.dangerZone")), leave));
  }
  mount(panel, h("section", { class: "settings-section" }, form), ...danger);
}

// ---------------------------------------------------------------- channels

function folderOptions(serverId, selected) {
  const folders = (store.channels.get(serverId) ?? []).filter((c) => c.kind === "folder");
  return [h("option", { value: "" }, t("admin.noFolder")), ...folders.map((f) => h("option", { value: f.id, selected: f.id === selected }, f.name))];
}

function isPrivate(channel, serverId) {
  return (channel.overwrites ?? []).some((o) => o.type === "role" && o.targetId === serverId && o.deny.includes("view_channel"));
}

async function setPrivate(channel, serverId, value) {
  if (value) {
    await put(`/channels/${channel.id}/overwrites/role/${serverId}`, { deny: ["view_channel"] });
    await put(`/channels/${channel.id}/overwrites/member/${store.me.id}`, { allow: ["view_channel"] }).catch(() => {});
  } else {
    await del(`/channels/${channel.id}/overwrites/role/${serverId}`);
  }
}

function channelAccess(channel, serverId, error, refresh) {
  const roles = (store.roles.get(serverId) ?? []).filter((r) => !r.isEveryone);
  const privateBox = h("input", { type: "checkbox", checked: isPrivate(channel, serverId), "data-testid": "admin-channel-private" });
  privateBox.addEventListener("change", async () => {
    try { await setPrivate(channel, serverId, privateBox.checked); await refresh(); } catch (failure) { error.show(failure); privateBox.checked = !privateBox.checked; }
  });
  const roleBoxes = roles.map((role) => {
    const allowed = (channel.overwrites ?? []).some((o) => o.type === "role" && o.targetId === role.id && o.allow.includes("view_channel"));
    const box = h("input", { type: "checkbox", checked: allowed, "data-testid": "admin-channel-role-access", "data-role-name": role.name });
    box.addEventListener("change", async () => {
      try {
        if (box.checked) { await put(`/channels/${channel.id}/overwrites/role/${role.id}`, { allow: ["view_channel"] }); } else { await del(`/channels/${channel.id}/overwrites/role/${role.id}`); }
        await refresh();
      } catch (failure) { error.show(failure); box.checked = !box.checked; }
    });
    return h("label", { class: "check" }, box, t("admin.roleCanView", { role: role.name }));
  });
  return h("details", {}, h("summary", {}, t("admin.access")),
    h("label", { class: "check" }, privateBox, t("admin.private")), ...(isPrivate(channel, serverId) ? roleBoxes : []));
}

function channels(panel, serverId, error) {
  const refresh = async () => { await loadChannels(serverId); channels(panel, serverId, error); };
  const name = field(t("admin.channelName"), { required: true, maxlength: "100", "data-testid": "admin-channel-name" });
  const kind = field(t("admin.channelKind"), { "data-testid": "admin-channel-kind" }, "select");
  kind.input.append(h("option", { value: "text" }, t("channels.text")), h("option", { value: "voice" }, t("channels.voice")), h("option", { value: "folder" }, t("channels.folder")));
  const parent = field(t("admin.folder"), { "data-testid": "admin-channel-parent" }, "select");
  parent.input.append(...folderOptions(serverId, null));
  const privateId = uid("private");
  const privateBox = h("input", { type: "checkbox", id: privateId, "data-testid": "admin-channel-create-private" });
  kind.input.addEventListener("change", () => { parent.input.disabled = kind.input.value === "folder"; });
  const create = h("button", { type: "submit", class: "primary", "data-testid": "admin-channel-create" }, t("admin.createChannel"));
  const form = h("form", { class: "row" }, name.field, kind.field, parent.field, h("label", { class: "check", for: privateId }, privateBox, t("admin.private")), create);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const body = { name: name.input.value.trim(), kind: kind.input.value, private: privateBox.checked };
    if (kind.input.value !== "folder" && parent.input.value !== "") { body.parentId = parent.input.value; }
    busy(create, async () => {
      try { await post(`/servers/${serverId}/channels`, body); await refresh(); panel.querySelector("[data-testid=admin-channel-name]")?.focus(); } catch (failure) { error.show(failure); }
    });
  });
  const list = (store.channels.get(serverId) ?? []).map((channel) => {
    const rename = h("input", { value: channel.name, "aria-label": t("admin.renameLabel", { channel: channel.name }), "data-testid": "admin-channel-rename", class: "grow" });
    const saveName = h("button", { type: "button", class: "secondary", "data-testid": "admin-channel-rename-save" }, t("admin.rename"));
    saveName.addEventListener("click", () => busy(saveName, async () => { try { await patch(`/channels/${channel.id}`, { name: rename.value.trim() }); await refresh(); } catch (failure) { error.show(failure); } }));
    const move = (delta) => async () => { try { await patch(`/channels/${channel.id}`, { position: Math.max(0, channel.position + delta) }); await refresh(); } catch (failure) { error.show(failure); } };
    const up = h("button", { type: "button", class: "icon-button", "aria-label": t("admin.moveUp", { name: channel.name }), "data-testid": "admin-channel-up", onclick: move(-1) }, "↑");
    const down = h("button", { type: "button", class: "icon-button", "aria-label": t("admin.moveDown", { name: channel.name }), "data-testid": "admin-channel-down", onclick: move(1) }, "↓");
    let folderSelect = null;
    if (channel.kind !== "folder") {
      folderSelect = h("select", { "aria-label": t("admin.folderOf", { channel: channel.name }), "data-testid": "admin-channel-folder" }, ...folderOptions(serverId, channel.parentId ?? null));
      folderSelect.addEventListener("change", async () => { try { await patch(`/channels/${channel.id}`, { parentId: folderSelect.value === "" ? null : folderSelect.value }); await refresh(); } catch (failure) { error.show(failure); } });
    }
    const remove = h("button", { type: "button", class: "danger", "data-testid": "admin-channel-delete" }, t("admin.delete"));
    remove.addEventListener("click", async () => {
      if (!(await confirmDialog(t("admin.deleteChannel"), t(channel.kind === "folder" ? "admin.deleteFolderConfirm" : "admin.deleteChannelConfirm", { channel: channel.name }), t("admin.delete")))) { return; }
      try { await del(`/channels/${channel.id}`); await refresh(); } catch (failure) { error.show(failure); }
    });
    return h("li", { "data-testid": "admin-channel", "data-channel-name": channel.name, "data-kind": channel.kind },
      h("span", { "aria-hidden": "true" }, channel.kind === "voice" ? "🔊" : channel.kind === "folder" ? "📁" : "#"),
      rename, saveName, up, down, folderSelect, remove, channelAccess(channel, serverId, error, refresh));
  });
  mount(panel, h("section", { class: "settings-section" }, h("h2", {}, t("admin.createChannel")), form),
    h("section", { class: "settings-section" }, h("h2", {}, t("admin.tab.channels")), h("ul", { class: "admin-list", "data-testid": "admin-channel-list" }, ...list)));
}

// ---------------------------------------------------------------- roles

function colourHex(colour) { return `#${(colour ?? 0).toString(16).padStart(6, "0")}`; }

function roles(panel, serverId, error) {
  const refresh = async () => { await loadRoles(serverId); roles(panel, serverId, error); };
  const name = field(t("admin.roleName"), { required: true, maxlength: "100", "data-testid": "admin-role-name" });
  const colour = field(t("admin.roleColour"), { type: "color", value: "#7c9cff", "data-testid": "admin-role-colour" });
  const create = h("button", { type: "submit", class: "primary", "data-testid": "admin-role-create" }, t("admin.createRole"));
  const form = h("form", { class: "row" }, name.field, colour.field, create);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(create, async () => {
      try { await post(`/servers/${serverId}/roles`, { name: name.input.value.trim(), colour: parseInt(colour.input.value.slice(1), 16), permissions: [] }); await refresh(); } catch (failure) { error.show(failure); }
    });
  });
  const all = [...(store.roles.get(serverId) ?? [])].sort((a, b) => b.position - a.position);
  const items = all.map((role) => {
    const roleName = h("input", { value: role.isEveryone ? "@everyone" : role.name, disabled: role.isEveryone, class: "grow", "aria-label": t("admin.roleName"), "data-testid": "admin-role-rename" });
    const roleColour = h("input", { type: "color", value: colourHex(role.colour), "aria-label": t("admin.roleColourOf", { role: role.name }), "data-testid": "admin-role-colour-edit" });
    const grid = h("fieldset", { class: "permission-grid" }, h("legend", {}, t("admin.permissions")),
      ...PERMISSION_NAMES.map((p) => h("label", {}, h("input", { type: "checkbox", value: p, checked: role.permissions.includes(p), "data-testid": "admin-role-permission", "data-permission": p }), t(`perm.${p}`))));
    const save = h("button", { type: "button", class: "primary", "data-testid": "admin-role-save" }, t("common.save"));
    save.addEventListener("click", () => busy(save, async () => {
      const body = { colour: parseInt(roleColour.value.slice(1), 16), permissions: [...grid.querySelectorAll("input:checked")].map((i) => i.value) };
      if (!role.isEveryone) { body.name = roleName.value.trim(); }
      try { await patch(`/servers/${serverId}/roles/${role.id}`, body); await refresh(); } catch (failure) { error.show(failure); }
    }));
    const move = (delta) => async () => { try { await patch(`/servers/${serverId}/roles/${role.id}`, { position: role.position + delta }); await refresh(); } catch (failure) { error.show(failure); } };
    const controls = role.isEveryone ? [] : [
      h("button", { type: "button", class: "icon-button", "aria-label": t("admin.moveUp", { name: role.name }), "data-testid": "admin-role-up", onclick: move(1) }, "↑"),
      h("button", { type: "button", class: "icon-button", "aria-label": t("admin.moveDown", { name: role.name }), "data-testid": "admin-role-down", onclick: move(-1) }, "↓"),
      h("button", { type: "button", class: "danger", "data-testid": "admin-role-delete", onclick: async () => {
        if (!(await confirmDialog(t("admin.deleteRole"), t("admin.deleteRoleConfirm", { role: role.name }), t("admin.delete")))) { return; }
        try { await del(`/servers/${serverId}/roles/${role.id}`); await refresh(); } catch (failure) { error.show(failure); }
      } }, t("admin.delete")),
    ];
    return h("li", { "data-testid": "admin-role", "data-role-name": role.name },
      h("span", { class: "colour-swatch", "aria-hidden": "true" }), roleName, roleColour, ...controls,
      h("details", { class: "grow" }, h("summary", {}, t("admin.permissions")), grid, save));
  });
  mount(panel, h("section", { class: "settings-section" }, h("h2", {}, t("admin.createRole")), form),
    h("section", { class: "settings-section" }, h("h2", {}, t("admin.tab.roles")), h("p", { class: "hint" }, t("admin.rolesOrder")),
      h("ul", { class: "admin-list", "data-testid": "admin-role-list" }, ...items)));
  all.forEach((role, index) => { const swatch = panel.querySelectorAll(".colour-swatch")[index]; if (swatch) { swatch.style.background = colourHex(role.colour); } });
}

// ---------------------------------------------------------------- members, bans, invites

async function members(panel, serverId, error) {
  await Promise.all([loadMembers(serverId), loadRoles(serverId)]).catch((failure) => error.show(failure));
  const refresh = async () => { await loadMembers(serverId); members(panel, serverId, error); };
  const assignable = (store.roles.get(serverId) ?? []).filter((r) => !r.isEveryone);
  const owner = store.servers.get(serverId)?.ownerId;
  const items = [...(store.members.get(serverId)?.values() ?? [])].map((member) => {
    const user = knownUser(member.userId);
    const roleBoxes = can(serverId, "manage_roles") ? assignable.map((role) => {
      const box = h("input", { type: "checkbox", checked: member.roleIds.includes(role.id), "data-testid": "admin-member-role", "data-role-name": role.name });
      box.addEventListener("change", async () => {
        try {
          if (box.checked) { await put(`/servers/${serverId}/members/${member.userId}/roles/${role.id}`); } else { await del(`/servers/${serverId}/members/${member.userId}/roles/${role.id}`); }
          await loadMembers(serverId);
        } catch (failure) { error.show(failure); box.checked = !box.checked; }
      });
      return h("label", { class: "check" }, box, role.name);
    }) : [];
    const actions = [];
    if (member.userId !== owner && member.userId !== store.me.id) {
      if (can(serverId, "kick_members")) {
        actions.push(h("button", { type: "button", class: "secondary", "data-testid": "admin-member-kick", onclick: async () => {
          if (!(await confirmDialog(t("admin.kick"), t("admin.kickConfirm", { name: displayName(member.userId) }), t("admin.kick")))) { return; }
          try { await del(`/servers/${serverId}/members/${member.userId}`); await refresh(); } catch (failure) { error.show(failure); }
        } }, t("admin.kick")));
      }
      if (can(serverId, "ban_members")) {
        actions.push(h("button", { type: "button", class: "danger", "data-testid": "admin-member-ban", onclick: async () => {
          if (!(await confirmDialog(t("admin.ban"), t("admin.banConfirm", { name: displayName(member.userId) }), t("admin.ban")))) { return; }
          try { await put(`/servers/${serverId}/bans/${member.userId}`, { reason: "" }); await refresh(); } catch (failure) { error.show(failure); }
        } }, t("admin.ban")));
      }
    }
    return h("li", { "data-testid": "admin-member", "data-username": user?.username ?? "" },
      h("span", { class: "grow" }, displayName(member.userId), user ? h("span", { class: "hint" }, ` @${user.username}`) : null),
      ...roleBoxes, ...actions);
  });
  mount(panel, h("section", { class: "settings-section" }, h("h2", {}, t("admin.tab.members")), h("ul", { class: "admin-list", "data-testid": "admin-member-list" }, ...items)));
}

async function bans(panel, serverId, error) {
  try {
    const result = await get(`/servers/${serverId}/bans`);
    const items = (result.items ?? []).map((ban) => h("li", { "data-testid": "admin-ban" },
      h("span", { class: "grow" }, displayName(ban.userId), " ", h("span", { class: "hint" }, formatDateTime(ban.createdAt))),
      h("button", { type: "button", class: "secondary", "data-testid": "admin-unban", onclick: async () => {
        try { await del(`/servers/${serverId}/bans/${ban.userId}`); bans(panel, serverId, error); } catch (failure) { error.show(failure); }
      } }, t("admin.unban"))));
    mount(panel, h("section", { class: "settings-section" }, h("h2", {}, t("admin.tab.bans")),
      h("ul", { class: "admin-list" }, ...(items.length === 0 ? [h("li", { class: "empty" }, t("admin.noBans"))] : items))));
  } catch (failure) { error.show(failure); }
}

async function invites(panel, serverId, error) {
  try {
    const result = await get(`/servers/${serverId}/invites`);
    const items = (result.items ?? []).filter((i) => !i.revoked).map((invite) => h("li", { "data-testid": "admin-invite" },
      h("code", { class: "grow" }, invite.code),
      h("span", { class: "hint" }, t("admin.inviteUses", { uses: invite.uses, max: invite.maxUses || "∞" })),
      invite.expiresAt ? h("span", { class: "hint" }, formatDateTime(invite.expiresAt)) : null,
      h("button", { type: "button", class: "danger", "data-testid": "admin-invite-revoke", onclick: async () => {
        try { await del(`/invites/${encodeURIComponent(invite.code)}`); invites(panel, serverId, error); } catch (failure) { error.show(failure); }
      } }, t("admin.revoke"))));
    mount(panel, h("section", { class: "settings-section" }, h("h2", {}, t("admin.tab.invites")),
      h("ul", { class: "admin-list" }, ...(items.length === 0 ? [h("li", { class: "empty" }, t("admin.noInvites"))] : items))));
  } catch (failure) { error.show(failure); }
}

const RENDERERS = { overview, channels, roles, members, bans, invites };
