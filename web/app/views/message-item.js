// One message in a channel's history: author (role colour), time, the replied-to message
// quoted, the content (safe markdown), "edited" and "pinned" marks, and its actions
// (reply, edit, delete, pin) as buttons reachable by keyboard.

import { h } from "../dom.js";
import { t, formatDateTime, formatTime } from "../i18n.js";
import { store, displayName, knownUser, memberColour } from "../store.js";
import { renderContent } from "../content.js";
import { avatar } from "./ui.js";

function isToday(iso) {
  const date = new Date(iso);
  const now = new Date();
  return date.toDateString() === now.toDateString();
}

/** A short quote of the replied-to message (or "deleted message"). */
function replyQuote(message, lookup) {
  const original = lookup(message.replyToId);
  const text = original === null ? t("messages.replyUnavailable") : original.content.slice(0, 120);
  return h("blockquote", { class: "reply-quote", "data-testid": "reply-quote", "data-reply-to": message.replyToId },
    original === null ? null : h("span", { class: "reply-author" }, `@${knownUser(original.authorId)?.username ?? displayName(original.authorId)} `),
    h("span", { class: "reply-text" }, text));
}

/**
 * The <li> of a message. `actions`: {onReply, onEdit, onDelete, onPin} (each may be
 * absent when not allowed); `lookup(id)` finds another loaded message; `pending`: the
 * send is in flight or failed ({state: "sending"|"failed", onRetry}).
 */
export function messageItem(message, { serverId, lookup, actions, pending = null }) {
  const mine = message.authorId === store.me?.id;
  const mentionsMe = (message.mentions ?? []).includes(store.me?.id) || message.mentionsEveryone === true;
  const author = h("span", { class: "author", "data-testid": "message-author" }, displayName(message.authorId));
  const colour = memberColour(serverId, message.authorId);
  if (colour !== null) { author.style.color = colour; }
  const time = h("time", { datetime: message.createdAt, title: formatDateTime(message.createdAt) },
    isToday(message.createdAt) ? formatTime(message.createdAt) : formatDateTime(message.createdAt));
  const body = h("div", { class: "content", "data-testid": "message-content" });
  body.append(renderContent(message, serverId));
  const buttons = h("div", { class: "message-actions", role: "group", "aria-label": t("messages.actions") });
  const button = (key, testid, handler) => h("button", { type: "button", class: "action", "data-testid": testid, onclick: () => handler(message) }, t(key));
  if (pending === null) {
    if (actions.onReply) { buttons.append(button("messages.reply", "message-reply", actions.onReply)); }
    if (actions.onEdit && mine) { buttons.append(button("messages.edit", "message-edit", actions.onEdit)); }
    if (actions.onPin) { buttons.append(button(message.pinned ? "messages.unpin" : "messages.pin", message.pinned ? "message-unpin" : "message-pin", actions.onPin)); }
    if (actions.onDelete && (mine || actions.canManage)) { buttons.append(button("messages.delete", "message-delete", actions.onDelete)); }
  }
  const status = pending === null ? null : h("p", { class: `send-state ${pending.state}`, role: pending.state === "failed" ? "alert" : "status", "data-testid": "message-send-state" },
    pending.state === "failed" ? t("messages.sendFailed") : t("messages.sending"),
    pending.state === "failed" ? h("button", { type: "button", class: "link", "data-testid": "message-retry", onclick: pending.onRetry }, t("messages.retry")) : null);
  return h("li", {
    class: `message ${mentionsMe ? "mentions-me" : ""} ${pending !== null ? "pending" : ""}`, tabindex: "-1",
    "data-testid": "message", "data-message-id": message.id ?? "", "data-nonce": message.nonce ?? "",
    "data-author-id": message.authorId, "data-mentions-me": mentionsMe ? "true" : "false", "data-pinned": message.pinned ? "true" : "false",
  },
  avatar(knownUser(message.authorId), "md"),
  h("div", { class: "message-main" },
    message.replyToId ? replyQuote(message, lookup) : null,
    h("p", { class: "message-meta" }, author, " ", time,
      message.editedAt ? h("span", { class: "edited", "data-testid": "message-edited", title: formatDateTime(message.editedAt) }, ` ${t("messages.edited")}`) : null,
      message.pinned ? h("span", { class: "pinned-mark", "data-testid": "message-pinned" }, ` 📌 ${t("messages.pinned")}`) : null),
    body, status),
  buttons);
}
