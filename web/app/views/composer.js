// The message composer: a textarea (Enter sends, Shift+Enter is a new line), a markdown
// preview, the reply banner, and @user / #channel autocomplete (a listbox driven with the
// arrow keys, Enter/Tab to pick, Escape to close). Typing notifications are throttled.

import { h, uid } from "../dom.js";
import { t } from "../i18n.js";
import { store, knownUser, displayName } from "../store.js";
import { renderContent } from "../content.js";

const MAX_LENGTH = 4000;

/** The word being typed at the caret when it starts with @ or #: {trigger, query, start}. */
export function tokenAtCaret(text, caret) {
  const before = text.slice(0, caret);
  const found = /(^|[\s(])([@#])([\w.-]{0,32})$/u.exec(before);
  if (found === null) { return null; }
  return { trigger: found[2], query: found[3].toLowerCase(), start: caret - found[3].length - 1 };
}

export class Composer {
  /** options: {serverId, channel, onSend(content, replyToId), onTyping(), lookup(id)} */
  constructor(options) {
    this.options = options;
    this.replyTo = null;
    const inputId = uid("composer");
    const listId = uid("suggestions");
    this.input = h("textarea", {
      id: inputId, rows: "1", maxlength: String(MAX_LENGTH), "data-testid": "composer-input", class: "composer-input",
      placeholder: t("composer.placeholder", { channel: options.channel.name }), "aria-autocomplete": "list",
      "aria-controls": listId, "aria-expanded": "false", autocomplete: "off",
    });
    this.suggestions = h("ul", { id: listId, role: "listbox", class: "suggestions", hidden: true, "data-testid": "mention-suggestions", "aria-label": t("composer.suggestions") });
    this.preview = h("div", { class: "composer-preview content", hidden: true, "data-testid": "composer-preview", "aria-live": "polite" });
    this.previewToggle = h("button", { type: "button", class: "secondary", "aria-pressed": "false", "data-testid": "composer-preview-toggle", onclick: () => this.togglePreview() }, t("composer.preview"));
    this.send = h("button", { type: "submit", class: "primary", "data-testid": "composer-send" }, t("composer.send"));
    this.replyBanner = h("div", { class: "reply-banner", hidden: true, "data-testid": "reply-banner" });
    this.form = h("form", { class: "composer", "aria-label": t("composer.label") },
      this.replyBanner,
      h("label", { for: inputId, class: "visually-hidden" }, t("composer.label")),
      h("div", { class: "composer-row" }, this.input, this.previewToggle, this.send),
      this.suggestions, this.preview);
    this.active = -1;
    this.matches = [];
    this.lastTyping = 0;
    this.form.addEventListener("submit", (event) => { event.preventDefault(); this.submit(); });
    this.input.addEventListener("keydown", (event) => this.keydown(event));
    this.input.addEventListener("input", () => this.changed());
    this.input.addEventListener("blur", () => setTimeout(() => this.closeSuggestions(), 150));
  }

  focus() { this.input.focus(); }

  setReply(message) {
    this.replyTo = message;
    if (message === null) { this.replyBanner.hidden = true; this.replyBanner.replaceChildren(); return; }
    this.replyBanner.replaceChildren(
      h("span", {}, t("composer.replyingTo", { name: displayName(message.authorId) })),
      h("button", { type: "button", class: "link", "data-testid": "reply-cancel", onclick: () => { this.setReply(null); this.focus(); } }, t("common.cancel")));
    this.replyBanner.hidden = false;
    this.focus();
  }

  submit() {
    const content = this.input.value.trim();
    if (content === "") { return; }
    this.options.onSend(content, this.replyTo?.id ?? null);
    this.input.value = "";
    this.setReply(null);
    this.closeSuggestions();
    if (!this.preview.hidden) { this.renderPreview(); }
    this.autosize();
  }

  togglePreview() {
    const show = this.preview.hidden;
    this.preview.hidden = !show;
    this.previewToggle.setAttribute("aria-pressed", show ? "true" : "false");
    if (show) { this.renderPreview(); }
  }

  renderPreview() {
    this.preview.replaceChildren(this.input.value.trim() === "" ? h("p", { class: "hint" }, t("composer.previewEmpty"))
      : renderContent({ content: this.input.value }, this.options.serverId));
  }

  autosize() {
    this.input.style.height = "auto";
    this.input.style.height = `${Math.min(this.input.scrollHeight, 240)}px`;
  }

  changed() {
    this.autosize();
    if (!this.preview.hidden) { this.renderPreview(); }
    const now = Date.now();
    if (this.input.value !== "" && now - this.lastTyping > 5000) { this.lastTyping = now; this.options.onTyping(); }
    this.suggest();
  }

  keydown(event) {
    if (!this.suggestions.hidden && this.matches.length > 0) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        this.highlight((this.active + (event.key === "ArrowDown" ? 1 : this.matches.length - 1)) % this.matches.length);
        return;
      }
      const chosen = this.matches[this.active < 0 ? 0 : this.active];
      const typed = this.token === undefined ? "" : `${this.token.trigger}${this.token.query}`;
      // Enter on a name already typed in full sends the message instead of picking it again.
      const complete = chosen !== undefined && chosen.insert.toLowerCase() === typed;
      if (event.key === "Tab" || (event.key === "Enter" && !complete)) { event.preventDefault(); this.pick(this.active < 0 ? 0 : this.active); return; }
      if (event.key === "Escape") { event.preventDefault(); this.closeSuggestions(); return; }
    }
    if (event.key === "Escape" && this.replyTo !== null) { this.setReply(null); return; }
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { event.preventDefault(); this.submit(); }
  }

  candidates(token) {
    if (token.trigger === "@") {
      const members = [...(store.members.get(this.options.serverId)?.keys() ?? [])].map(knownUser).filter((u) => u !== null);
      return members.filter((u) => u.username.toLowerCase().startsWith(token.query) || `${u.firstName} ${u.lastName}`.toLowerCase().includes(token.query))
        .slice(0, 8).map((u) => ({ insert: `@${u.username}`, label: `@${u.username}`, detail: `${u.firstName} ${u.lastName}`, key: u.id }));
    }
    const channels = (store.channels.get(this.options.serverId) ?? []).filter((c) => c.kind === "text");
    return channels.map((c) => c.name.toLowerCase().replace(/\s+/g, "-")).filter((name) => name.startsWith(token.query))
      .slice(0, 8).map((name) => ({ insert: `#${name}`, label: `#${name}`, detail: "", key: name }));
  }

  suggest() {
    const token = tokenAtCaret(this.input.value, this.input.selectionStart ?? this.input.value.length);
    if (token === null) { this.closeSuggestions(); return; }
    this.token = token;
    this.matches = this.candidates(token);
    if (this.matches.length === 0) { this.closeSuggestions(); return; }
    this.suggestions.replaceChildren(...this.matches.map((m, index) => h("li", {
      role: "option", id: `${this.suggestions.id}-${index}`, "aria-selected": "false", "data-testid": "mention-suggestion", "data-value": m.insert,
      onmousedown: (event) => { event.preventDefault(); this.pick(index); },
    }, h("span", { class: "suggestion-label" }, m.label), m.detail ? h("span", { class: "suggestion-detail" }, ` ${m.detail}`) : null)));
    this.suggestions.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    this.highlight(0);
  }

  highlight(index) {
    this.active = index;
    [...this.suggestions.children].forEach((node, i) => node.setAttribute("aria-selected", i === index ? "true" : "false"));
    this.input.setAttribute("aria-activedescendant", `${this.suggestions.id}-${index}`);
  }

  pick(index) {
    const match = this.matches[index];
    if (match === undefined || this.token === undefined) { return; }
    const value = this.input.value;
    const caret = this.input.selectionStart ?? value.length;
    const insert = `${match.insert} `;
    this.input.value = value.slice(0, this.token.start) + insert + value.slice(caret);
    const position = this.token.start + insert.length;
    this.input.setSelectionRange(position, position);
    this.closeSuggestions();
    this.input.focus();
  }

  closeSuggestions() {
    this.suggestions.hidden = true;
    this.matches = [];
    this.active = -1;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  }
}
