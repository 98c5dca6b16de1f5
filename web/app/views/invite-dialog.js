// "Invite people": creates an invite (expiry and use limit), shows its link and copies it.

import { h, field } from "../dom.js";
import { t } from "../i18n.js";
import { post } from "../api.js";
import { paths } from "../router.js";
import { modal, errorRegion, busy, copyText } from "./ui.js";

const AGES = [["0", "invite.never"], ["3600", "invite.hour"], ["86400", "invite.day"], ["604800", "invite.week"]];

export function openInviteDialog(serverId) {
  const age = field(t("invite.expires"), { "data-testid": "invite-max-age" }, "select");
  for (const [value, key] of AGES) { age.input.append(h("option", { value, selected: value === "604800" }, t(key))); }
  const uses = field(t("invite.maxUses"), { type: "number", min: "0", max: "1000", value: "0", "data-testid": "invite-max-uses" });
  const link = h("input", { type: "text", readonly: true, class: "invite-link", "data-testid": "invite-link", "aria-label": t("invite.link") });
  const copy = h("button", { type: "button", class: "secondary", "data-testid": "invite-copy", disabled: true }, t("invite.copy"));
  const copied = h("span", { role: "status", class: "hint" });
  const error = errorRegion("invite-create-error");
  const create = h("button", { type: "button", class: "primary", "data-testid": "invite-generate" }, t("invite.generate"));
  create.addEventListener("click", () => busy(create, async () => {
    error.clear();
    try {
      const invite = await post(`/servers/${serverId}/invites`, { maxAge: Number(age.input.value), maxUses: Number(uses.input.value) || 0 });
      link.value = `${location.origin}${paths.invite(invite.code)}`;
      link.dataset.code = invite.code;
      copy.disabled = false;
      link.select();
    } catch (failure) { error.show(failure); }
  }));
  copy.addEventListener("click", async () => { copied.textContent = (await copyText(link.value)) ? t("invite.copied") : t("invite.copyFailed"); });
  modal(t("invite.createTitle"), "invite-dialog", h("div", { class: "stack" }, h("div", { class: "row" }, age.field, uses.field), create,
    h("div", { class: "row" }, link, copy), copied, error.node));
  create.focus();
}
