// A text channel: the history (newest at the bottom, older pages loaded when scrolling up or
// with "load older"), live changes from the events stream, the composer, replies, inline
// edit, delete, pins; the typing indicator under the list.

import { h, mount } from "../dom.js";
import { t } from "../i18n.js";
import { api, get } from "../api.js";
import { store, onChange, markRead, typingIn, displayName, loadUser } from "../store.js";
import { Composer } from "./composer.js";
import { messageItem } from "./message-item.js";
import { errorRegion, confirmDialog, compareIds } from "./ui.js";
import { newNonce, sendMessage } from "../outbox.js";
import { markdownReady } from "../content.js";

const PAGE = 50;
// A re-sync reads at most this many pages of 100 missed messages; past that it shows the newest page.
const RESYNC_PAGES = 10;

export class TextChannelView {
  constructor(container, { serverId, channel, openPanel }) {
    this.serverId = serverId;
    this.channel = channel;
    this.messages = new Map(); // id -> Message
    this.pending = new Map(); // nonce -> {message, state}
    this.hasMore = true;
    this.loading = false;
    this.permissions = new Set();
    this.disposers = [];
    this.typingEnabled = true;
    this.error = errorRegion("channel-error");
    this.list = h("ol", { class: "messages", "data-testid": "message-list", "aria-label": t("messages.history", { channel: channel.name }) });
    this.loadOlder = h("button", { type: "button", class: "link load-older", "data-testid": "load-older", onclick: () => this.older() }, t("messages.loadOlder"));
    this.scroller = h("div", { class: "scroller", tabindex: "0", role: "log", "aria-live": "polite", "aria-relevant": "additions" }, this.loadOlder, this.list);
    this.typing = h("p", { class: "typing", "data-testid": "typing-indicator", "aria-live": "polite" });
    this.composer = new Composer({
      serverId, channel, lookup: (id) => this.messages.get(id) ?? null,
      onSend: (content, replyToId) => this.send(content, replyToId),
      onTyping: () => this.sendTyping(),
    });
    const header = h("header", { class: "channel-header" },
      h("h1", { "data-testid": "channel-title" }, h("span", { "aria-hidden": "true" }, "# "), channel.name),
      channel.topic ? h("p", { class: "topic" }, channel.topic) : null,
      h("div", { class: "header-actions" },
        h("button", { type: "button", class: "secondary", "data-testid": "open-pins", onclick: () => openPanel("pins") }, "📌 ", t("pins.title")),
        h("button", { type: "button", class: "secondary", "data-testid": "open-search", onclick: () => openPanel("search") }, "⌕ ", t("search.title"))));
    mount(container, h("section", { class: "text-channel", "aria-labelledby": "channel-title-id", "data-testid": "text-channel", "data-channel-id": channel.id },
      header, this.error.node, this.scroller, this.typing, this.composer.form));
    header.querySelector("h1").id = "channel-title-id";
    this.observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) { this.older(); }
    }, { root: this.scroller, rootMargin: "200px 0px 0px 0px" });
    this.observer.observe(this.loadOlder);
    this.disposers.push(onChange("message", (event) => this.onEvent(event)));
    this.disposers.push(onChange("users", () => this.refreshNames()));
    this.disposers.push(onChange("typing", (channelId) => { if (channelId === channel.id) { this.showTyping(); } }));
    this.disposers.push(onChange("resync", () => this.resync()));
    this.typingTimer = setInterval(() => this.showTyping(), 2000);
    this.scroller.addEventListener("scroll", () => { if (this.atBottom()) { markRead(channel.id); } });
    // Up/Down move between messages (each is focusable), Tab reaches its actions.
    this.scroller.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowUp" && event.key !== "ArrowDown") { return; }
      if (event.target.closest("textarea, input, select") !== null) { return; }
      const items = [...this.list.querySelectorAll(".message")];
      if (items.length === 0) { return; }
      const current = items.indexOf(event.target.closest(".message"));
      const next = current < 0 ? items.length - 1 : Math.max(0, Math.min(items.length - 1, current + (event.key === "ArrowDown" ? 1 : -1)));
      event.preventDefault();
      items[next].focus();
    });
  }

  async start() {
    store.activeChannelId = this.channel.id;
    markRead(this.channel.id);
    get(`/channels/${this.channel.id}/permissions`).then((r) => { this.permissions = new Set(r.permissions ?? []); this.rerenderAll(); }).catch(() => {});
    await markdownReady();
    await this.reload();
    this.composer.focus();
  }

  dispose() {
    if (store.activeChannelId === this.channel.id) { store.activeChannelId = null; }
    this.observer.disconnect();
    clearInterval(this.typingTimer);
    for (const dispose of this.disposers) { dispose(); }
  }

  // ---------------------------------------------------------------- history

  async reload() {
    try {
      const page = await get(`/channels/${this.channel.id}/messages?limit=${PAGE}`);
      const items = page.items ?? [];
      const newest = items.length === 0 ? null : items[items.length - 1].id;
      // Live events that came while the page loaded are newer than it: keep them.
      const live = [...this.messages.values()].filter((m) => newest === null || compareIds(m.id, newest) > 0);
      this.messages.clear();
      for (const m of [...items, ...live]) { this.messages.set(m.id, m); loadUser(m.authorId); }
      this.hasMore = (page.items ?? []).length === PAGE;
      this.rerenderAll();
      this.scrollToBottom();
    } catch (error) { this.error.show(error); }
  }

  // After missed events (docs/events.md, "Re-sync"): the newest page again (edits and
  // deletions made meanwhile; older pages are dropped and read again on scrolling up), then every message committed after the last position held, in
  // commit order, whatever its id (a send whose id was drawn early can commit late). Called once
  // the new events session is ready, so what commits later arrives as an event.
  async resync() {
    const since = [...this.messages.values()].reduce((high, m) => Math.max(high, m.position ?? 0), 0);
    if (since === 0) { await this.reload(); return; }
    try {
      const latest = (await get(`/channels/${this.channel.id}/messages?limit=${PAGE}`)).items ?? [];
      const present = new Set(latest.map((m) => m.id));
      const newest = latest.length === 0 ? null : latest[latest.length - 1].id;
      for (const id of [...this.messages.keys()]) {
        // Deleted within the newest page's span, or older than it: messages older than the page
        // may have been edited or deleted meanwhile and no event said so, so they go too and
        // scrolling up reads them again.
        const inOrBelowPage = newest === null || compareIds(id, newest) <= 0;
        if (inOrBelowPage && !present.has(id)) { this.messages.delete(id); }
      }
      if (latest.length > 0) { this.hasMore = latest.length === PAGE; }
      const missed = [];
      for (let after = since, pages = 0; ; pages += 1) {
        if (pages === RESYNC_PAGES) { await this.reload(); return; }
        const items = (await get(`/channels/${this.channel.id}/messages?afterPosition=${after}&limit=100`)).items ?? [];
        missed.push(...items);
        if (items.length < 100) { break; }
        after = items[items.length - 1].position;
      }
      for (const m of [...latest, ...missed]) { this.messages.set(m.id, m); loadUser(m.authorId); }
      this.rerenderAll();
      this.scrollToBottom();
    } catch (error) { this.error.show(error); }
  }

  async older() {
    if (this.loading || !this.hasMore || this.messages.size === 0) { return; }
    this.loading = true;
    const oldest = [...this.messages.keys()].sort(compareIds)[0];
    try {
      const page = await get(`/channels/${this.channel.id}/messages?before=${oldest}&limit=${PAGE}`);
      const before = this.scroller.scrollHeight;
      for (const m of page.items ?? []) { this.messages.set(m.id, m); loadUser(m.authorId); }
      this.hasMore = (page.items ?? []).length === PAGE;
      this.rerenderAll();
      this.scroller.scrollTop += this.scroller.scrollHeight - before; // keep the reader's place
    } catch (error) { this.error.show(error); } finally { this.loading = false; }
  }

  atBottom() { return this.scroller.scrollHeight - this.scroller.scrollTop - this.scroller.clientHeight < 40; }

  scrollToBottom() { this.scroller.scrollTop = this.scroller.scrollHeight; }

  // ---------------------------------------------------------------- rendering

  actions() {
    const canManage = this.permissions.has("manage_messages") || this.permissions.has("administrator");
    return {
      canManage,
      onReply: (m) => this.composer.setReply(m),
      onEdit: (m) => this.edit(m),
      onDelete: (m) => this.remove(m),
      onPin: canManage ? (m) => this.togglePin(m) : null,
    };
  }

  item(message, pending = null) {
    return messageItem(message, { serverId: this.serverId, lookup: (id) => this.messages.get(id) ?? null, actions: this.actions(), pending });
  }

  rerenderAll() {
    const sorted = [...this.messages.values()].sort((a, b) => compareIds(a.id, b.id));
    const pending = [...this.pending.values()].map((p) => this.item(p.message, { state: p.state, onRetry: () => this.retry(p.message.nonce) }));
    this.list.replaceChildren(...sorted.map((m) => this.item(m)), ...pending);
    this.loadOlder.hidden = !this.hasMore;
    if (sorted.length === 0 && pending.length === 0) { this.list.append(h("li", { class: "empty" }, t("messages.empty", { channel: this.channel.name }))); }
  }

  refreshNames() {
    clearTimeout(this.namesTimer);
    this.namesTimer = setTimeout(() => {
      const keep = this.atBottom();
      const focused = document.activeElement?.closest?.(".message")?.dataset.messageId;
      if (this.list.querySelector(".edit-form") !== null) { return; }
      this.rerenderAll();
      if (keep) { this.scrollToBottom(); }
      if (focused) { this.list.querySelector(`[data-message-id="${CSS.escape(focused)}"]`)?.focus(); }
    }, 100);
  }

  replace(message) {
    const node = this.list.querySelector(`.message[data-message-id="${CSS.escape(message.id)}"]`);
    if (node !== null) { node.replaceWith(this.item(message)); return true; }
    return false;
  }

  // ---------------------------------------------------------------- live events

  onEvent({ type, data }) {
    if (data.channelId !== this.channel.id) { return; }
    const keep = this.atBottom();
    if (type === "message.created") {
      if (data.nonce && this.pending.has(data.nonce) && data.authorId === store.me?.id) { this.pending.delete(data.nonce); }
      if (this.messages.has(data.id)) { return; }
      this.messages.set(data.id, data);
      loadUser(data.authorId);
      this.rerenderAll();
      if (keep || data.authorId === store.me?.id) { this.scrollToBottom(); }
      if (!document.hidden && this.atBottom()) { markRead(this.channel.id); }
    } else if (type === "message.deleted") {
      if (this.messages.delete(data.id)) {
        this.list.querySelector(`.message[data-message-id="${CSS.escape(data.id)}"]`)?.remove();
      }
    } else if (this.messages.has(data.id)) {
      this.messages.set(data.id, data);
      const node = this.list.querySelector(`.message[data-message-id="${CSS.escape(data.id)}"]`);
      if (node?.querySelector(".edit-form") === null) { this.replace(data); } // an open edit is not overwritten
    }
    if (keep) { this.scrollToBottom(); }
  }

  // ---------------------------------------------------------------- actions

  send(content, replyToId) {
    const nonce = newNonce();
    const message = { id: "", nonce, content, replyToId, authorId: store.me.id, createdAt: new Date().toISOString(), mentions: [], channelId: this.channel.id };
    this.pending.set(nonce, { message, state: "sending" });
    this.rerenderAll();
    this.scrollToBottom();
    this.deliver(nonce);
  }

  async deliver(nonce) {
    const entry = this.pending.get(nonce);
    if (entry === undefined) { return; }
    try {
      const sent = await sendMessage(this.channel.id, entry.message);
      this.pending.delete(nonce);
      if (!this.messages.has(sent.id)) { this.messages.set(sent.id, sent); }
      this.rerenderAll();
      this.scrollToBottom();
    } catch (error) {
      entry.state = "failed";
      this.error.show(error);
      this.rerenderAll();
    }
  }

  retry(nonce) {
    const entry = this.pending.get(nonce);
    if (entry === undefined) { return; }
    entry.state = "sending";
    this.error.clear();
    this.rerenderAll();
    this.deliver(nonce);
  }

  edit(message) {
    const node = this.list.querySelector(`.message[data-message-id="${CSS.escape(message.id)}"]`);
    const content = node?.querySelector(".content");
    if (content === null || content === undefined) { return; }
    const input = h("textarea", { class: "edit-input", "data-testid": "edit-input", "aria-label": t("messages.editLabel"), rows: "3" });
    input.value = message.content;
    const save = h("button", { type: "submit", class: "primary", "data-testid": "edit-save" }, t("common.save"));
    const cancel = h("button", { type: "button", class: "secondary", "data-testid": "edit-cancel" }, t("common.cancel"));
    const form = h("form", { class: "edit-form" }, input, h("div", { class: "dialog-buttons" }, cancel, save));
    const close = () => { this.replace(this.messages.get(message.id) ?? message); node?.focus(); };
    cancel.addEventListener("click", close);
    input.addEventListener("keydown", (event) => {
      if (event.key === "Escape") { event.preventDefault(); close(); }
      if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (text === "" || text === message.content) { close(); return; }
      try {
        const updated = await api("PATCH", `/channels/${this.channel.id}/messages/${message.id}`, { body: { content: text } });
        this.messages.set(updated.id, updated);
        this.replace(updated);
      } catch (error) { this.error.show(error); }
    });
    content.replaceWith(form);
    input.focus();
  }

  async remove(message) {
    const ok = await confirmDialog(t("messages.deleteTitle"), t("messages.deleteConfirm"), t("messages.delete"));
    if (!ok) { return; }
    try {
      await api("DELETE", `/channels/${this.channel.id}/messages/${message.id}`);
      this.messages.delete(message.id);
      this.list.querySelector(`.message[data-message-id="${CSS.escape(message.id)}"]`)?.remove();
    } catch (error) { this.error.show(error); }
  }

  async togglePin(message) {
    try {
      if (message.pinned) {
        await api("DELETE", `/channels/${this.channel.id}/pins/${message.id}`);
        this.messages.set(message.id, { ...message, pinned: false });
      } else {
        this.messages.set(message.id, await api("PUT", `/channels/${this.channel.id}/pins/${message.id}`));
      }
      this.replace(this.messages.get(message.id));
    } catch (error) { this.error.show(error); }
  }

  /** Tells others we are typing; a server without the route (404/405) is not asked again. */
  sendTyping() {
    if (!this.typingEnabled) { return; }
    api("POST", `/channels/${this.channel.id}/typing`).catch((error) => {
      if (error.status === 404 || error.status === 405) { this.typingEnabled = false; }
    });
  }

  showTyping() {
    const names = typingIn(this.channel.id).map(displayName);
    this.typing.textContent = names.length === 0 ? "" : names.length === 1 ? t("typing.one", { name: names[0] })
      : names.length <= 3 ? t("typing.some", { names: names.join(", ") }) : t("typing.many");
  }
}
