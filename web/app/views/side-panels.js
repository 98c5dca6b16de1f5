// The channel's side panels: pinned messages, and message search (docs/messages.md
// "Search": words, "phrases", from:, mentions:, has:link, pinned:, before:, after:) in this
// channel or the whole server, newest or most relevant first, with "more results".

import { h, mount, field } from "../dom.js";
import { t, formatDateTime } from "../i18n.js";
import { get } from "../api.js";
import { displayName, loadUser, onChange } from "../store.js";
import { renderContent } from "../content.js";
import { errorRegion } from "./ui.js";
import { paths } from "../router.js";

function resultItem(message, serverId, testid) {
  loadUser(message.authorId);
  const body = h("div", { class: "content" });
  body.append(renderContent(message, serverId));
  return h("li", { class: "panel-message", "data-testid": testid, "data-message-id": message.id },
    h("p", { class: "message-meta" }, h("span", { class: "author" }, displayName(message.authorId)), " ",
      h("time", { datetime: message.createdAt }, formatDateTime(message.createdAt))),
    body,
    h("a", { href: paths.channel(serverId, message.channelId), "data-route": true, class: "jump" }, t("search.jump")));
}

function panel(title, testid, onClose, ...content) {
  const heading = h("h2", { id: `${testid}-heading` }, title);
  return h("section", { class: "side-panel", "aria-labelledby": `${testid}-heading`, "data-testid": testid },
    h("header", {}, heading, h("button", { type: "button", class: "icon-button", "aria-label": t("common.close"), "data-testid": `${testid}-close`, onclick: onClose }, "×")),
    ...content);
}

/** The pins of a channel (most recently pinned first), refreshed on pin events. */
export function renderPins(container, { serverId, channel, onClose }) {
  const list = h("ol", { class: "panel-list", "data-testid": "pins-list" });
  const error = errorRegion("pins-error");
  const load = async () => {
    try {
      const result = await get(`/channels/${channel.id}/pins`);
      const items = result.items ?? [];
      list.replaceChildren(...(items.length === 0 ? [h("li", { class: "empty" }, t("pins.empty"))] : items.map((m) => resultItem(m, serverId, "pinned-message"))));
    } catch (failure) { error.show(failure); }
  };
  const stop = onChange("message", ({ type, data }) => {
    if (data.channelId === channel.id && ["message.pinned", "message.unpinned", "message.deleted", "message.updated"].includes(type)) { load(); }
  });
  mount(container, panel(t("pins.titleIn", { channel: channel.name }), "pins-panel", () => { stop(); onClose(); }, error.node, list));
  load();
  return stop;
}

/** The search panel. */
export function renderSearch(container, { serverId, channel, onClose }) {
  const query = field(t("search.query"), { type: "search", "data-testid": "search-input", "aria-describedby": "search-help", autofocus: true });
  const scope = field(t("search.scope"), { "data-testid": "search-scope" }, "select");
  scope.input.append(h("option", { value: "channel" }, t("search.scopeChannel", { channel: channel.name })), h("option", { value: "server" }, t("search.scopeServer")));
  const order = field(t("search.order"), { "data-testid": "search-order" }, "select");
  order.input.append(h("option", { value: "newest" }, t("search.newest")), h("option", { value: "relevance" }, t("search.relevance")));
  const results = h("ol", { class: "panel-list", "data-testid": "search-results", "aria-live": "polite" });
  const more = h("button", { type: "button", class: "link", hidden: true, "data-testid": "search-more" }, t("search.more"));
  const error = errorRegion("search-error");
  const submit = h("button", { type: "submit", class: "primary", "data-testid": "search-submit" }, t("search.submit"));
  let cursor = null;
  const run = async (append) => {
    error.clear();
    const base = scope.input.value === "server" ? `/servers/${serverId}/messages-search` : `/channels/${channel.id}/messages-search`;
    const params = new URLSearchParams({ q: query.input.value, order: order.input.value, limit: "25" });
    if (append && cursor !== null) { params.set("cursor", cursor); }
    try {
      const page = await get(`${base}?${params}`);
      const items = (page.items ?? []).map((m) => resultItem(m, serverId, "search-result"));
      if (append) { results.append(...items); } else {
        results.replaceChildren(...(items.length === 0 ? [h("li", { class: "empty" }, t("search.none"))] : items));
      }
      cursor = page.nextCursor ?? null;
      more.hidden = cursor === null;
    } catch (failure) { error.show(failure); }
  };
  const form = h("form", { class: "stack", role: "search" }, query.field,
    h("p", { id: "search-help", class: "hint" }, t("search.help")), h("div", { class: "row" }, scope.field, order.field), submit);
  form.addEventListener("submit", (event) => { event.preventDefault(); if (query.input.value.trim() !== "") { run(false); } });
  more.addEventListener("click", () => run(true));
  mount(container, panel(t("search.title"), "search-panel", onClose, form, error.node, results, more));
  query.input.focus();
}
