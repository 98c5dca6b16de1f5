// Small shared pieces of the views: error text for an ApiError, a form's error region,
// a busy button, an avatar (pictures fetched with the bearer token as blob: URLs), a modal.

import { h } from "../dom.js";
import { t } from "../i18n.js";
import { api } from "../api.js";

/** A user-facing message for an error (API code → catalogue key, else its message). */
export function errorText(error) {
  if (error?.code === "network") { return t("error.network"); }
  if (error?.code === "rate_limited") { return t("error.rateLimited", { seconds: error.retryAfter ?? "…" }); }
  const key = `error.${error?.code ?? "unknown"}`;
  const text = t(key);
  return text === key ? (error?.message ?? t("error.unknown")) : text;
}

/** An alert region for a form: `show(error)` / `clear()`. */
export function errorRegion(testid) {
  const node = h("p", { class: "form-error", role: "alert", "data-testid": testid });
  return {
    node,
    show(error) { node.textContent = typeof error === "string" ? error : errorText(error); },
    clear() { node.textContent = ""; },
  };
}

/** Runs `work` with `button` disabled and aria-busy; returns its result. */
export async function busy(button, work) {
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try { return await work(); } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
}

const pictureCache = new Map(); // pictureURL -> Promise<blob: URL | null>

/** An <img> (or initials) for a user; the picture is fetched with the token. */
export function avatar(user, size = "md") {
  const name = user === null ? "?" : `${user.firstName ?? ""} ${user.lastName ?? ""}`.trim() || user.username || "?";
  const node = h("span", { class: `avatar avatar-${size}`, "aria-hidden": "true" }, initials(name));
  const url = user?.pictureURL;
  if (typeof url === "string" && url.startsWith("/api/v1/")) {
    if (!pictureCache.has(url)) { pictureCache.set(url, fetchPicture(url)); }
    pictureCache.get(url).then((blobUrl) => {
      if (blobUrl !== null) { node.replaceChildren(h("img", { src: blobUrl, alt: "" })); }
    });
  }
  return node;
}

async function fetchPicture(url) {
  try {
    const response = await api("GET", url.replace(/^\/api\/v1/, ""), { headers: { Accept: "image/*" }, blob: true });
    return response instanceof Blob ? URL.createObjectURL(response) : null;
  } catch { return null; }
}

function initials(name) {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((part) => part[0].toUpperCase()).join("") || "?";
}

/**
 * A modal dialog (<dialog>, focus trapped by the browser, Escape closes).
 * Returns the dialog; `close()` removes it.
 */
export function modal(title, testid, ...content) {
  const heading = h("h2", { id: `${testid}-title` }, title);
  const close = h("button", { type: "button", class: "icon-button close", "aria-label": t("common.close"), "data-testid": `${testid}-close` }, "×");
  const dialog = h("dialog", { class: "modal", "aria-labelledby": `${testid}-title`, "data-testid": testid },
    h("header", {}, heading, close), ...content);
  close.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}

/** Copies text to the clipboard; resolves true when it worked. */
export async function copyText(text) {
  try { await navigator.clipboard.writeText(text); return true; } catch { return false; }
}

/** A yes/no question in a modal; resolves true when confirmed. */
export function confirmDialog(title, text, confirmLabel) {
  return new Promise((resolve) => {
    let answered = false;
    const ok = h("button", { type: "button", class: "danger", "data-testid": "confirm-ok" }, confirmLabel);
    const cancel = h("button", { type: "button", class: "secondary", "data-testid": "confirm-cancel" }, t("common.cancel"));
    const dialog = modal(title, "confirm-dialog", h("p", {}, text), h("div", { class: "dialog-buttons" }, cancel, ok));
    ok.addEventListener("click", () => { answered = true; dialog.close(); resolve(true); });
    cancel.addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => { if (!answered) { resolve(false); } });
    cancel.focus();
  });
}

/** Compares two snowflake ids (decimal strings) numerically. */
export function compareIds(a, b) {
  if (a.length !== b.length) { return a.length - b.length; }
  return a < b ? -1 : a > b ? 1 : 0;
}
