// User settings: profile (names, username, email), picture, password, language, two-factor
// authentication (QR code, recovery codes), sessions, sign out here / everywhere.

import { h, mount, field, focusFirst } from "../dom.js";
import { t, LANGUAGES, currentLanguage, setLanguage, formatDateTime } from "../i18n.js";
import { api, get, post, patch, put } from "../api.js";
import { clearSession } from "../session.js";
import { store, emit } from "../store.js";
import { errorRegion, busy, avatar } from "./ui.js";

function section(title, testid, ...content) {
  const id = `${testid}-heading`;
  return h("section", { class: "settings-section", "aria-labelledby": id, "data-testid": testid }, h("h2", { id }, title), ...content);
}

function status(testid) { return h("p", { role: "status", class: "hint", "data-testid": testid }); }

function profileSection() {
  const me = store.me;
  const first = field(t("auth.firstName"), { value: me.firstName, "data-testid": "profile-first-name", autocomplete: "given-name" });
  const last = field(t("auth.lastName"), { value: me.lastName, "data-testid": "profile-last-name", autocomplete: "family-name" });
  const username = field(t("auth.username"), { value: me.username, "data-testid": "profile-username", autocomplete: "username" });
  const email = field(t("auth.email"), { type: "email", value: me.email, "data-testid": "profile-email", autocomplete: "email" });
  const current = field(t("settings.currentPasswordForEmail"), { type: "password", "data-testid": "profile-current-password", autocomplete: "current-password" });
  const error = errorRegion("profile-error");
  const done = status("profile-status");
  const save = h("button", { type: "submit", class: "primary", "data-testid": "profile-save" }, t("common.save"));
  const form = h("form", { class: "stack" }, h("div", { class: "row" }, first.field, last.field), username.field, email.field, current.field, error.node, done, save);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    error.clear();
    done.textContent = "";
    const body = { firstName: first.input.value.trim(), lastName: last.input.value.trim(), username: username.input.value.trim() };
    if (email.input.value.trim() !== store.me.email) { body.email = email.input.value.trim(); body.currentPassword = current.input.value; }
    busy(save, async () => {
      try {
        store.me = await patch("/users/me", body);
        store.users.set(store.me.id, store.me);
        emit("me");
        emit("users", store.me.id);
        current.input.value = "";
        done.textContent = t("settings.saved");
      } catch (failure) { error.show(failure.status === 409 ? t(failure.field === "email" ? "auth.emailTaken" : "auth.usernameTaken") : failure); }
    });
  });
  return section(t("settings.profile"), "settings-profile", form);
}

function pictureSection() {
  const preview = h("div", {}, avatar(store.me, "lg"));
  const input = field(t("settings.pictureChoose"), { type: "file", accept: "image/png,image/jpeg,image/webp,image/gif", "data-testid": "picture-input" });
  const error = errorRegion("picture-error");
  const remove = h("button", { type: "button", class: "secondary", "data-testid": "picture-remove" }, t("settings.pictureRemove"));
  const refresh = (profile) => { store.me = profile; store.users.set(profile.id, profile); preview.replaceChildren(avatar(profile, "lg")); emit("me"); };
  input.input.addEventListener("change", async () => {
    const file = input.input.files?.[0];
    if (file === undefined) { return; }
    error.clear();
    try { refresh(await api("PUT", "/users/me/picture", { body: file })); } catch (failure) { error.show(failure.status === 413 ? t("settings.pictureTooLarge") : failure); }
  });
  remove.addEventListener("click", () => busy(remove, async () => {
    try { await api("DELETE", "/users/me/picture"); refresh(await get("/users/me")); } catch (failure) { error.show(failure); }
  }));
  return section(t("settings.picture"), "settings-picture", preview, input.field, remove, error.node);
}

function passwordSection() {
  const current = field(t("settings.currentPassword"), { type: "password", autocomplete: "current-password", "data-testid": "password-current" });
  const next = field(t("settings.newPassword"), { type: "password", autocomplete: "new-password", minlength: "8", "data-testid": "password-new" });
  const error = errorRegion("password-error");
  const done = status("password-status");
  const save = h("button", { type: "submit", class: "primary", "data-testid": "password-save" }, t("settings.changePassword"));
  const form = h("form", { class: "stack" }, current.field, next.field, h("p", { class: "hint" }, t("auth.passwordHint")), error.node, done, save);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    error.clear();
    busy(save, async () => {
      try {
        await put("/users/me/password", { currentPassword: current.input.value, newPassword: next.input.value });
        current.input.value = "";
        next.input.value = "";
        done.textContent = t("settings.passwordChanged");
      } catch (failure) { error.show(failure.status === 403 ? t("settings.wrongPassword") : failure); }
    });
  });
  return section(t("settings.password"), "settings-password", form);
}

function languageSection() {
  const select = field(t("settings.language"), { "data-testid": "language-select" }, "select");
  for (const { code, name } of LANGUAGES) { select.input.append(h("option", { value: code, selected: code === currentLanguage(), lang: code }, name)); }
  select.input.addEventListener("change", async () => {
    const code = select.input.value;
    try { store.me = await patch("/users/me", { language: code }); } catch { /* kept locally anyway */ }
    setLanguage(code);
  });
  return section(t("settings.language"), "settings-language", select.field);
}

/** Shows a QR code SVG from the API through a blob: URL in an <img> (no script can run there). */
function qrImage(svg) {
  const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
  return h("img", { src: url, class: "qr", alt: t("twofa.qrAlt"), "data-testid": "twofa-qr" });
}

function recoveryList(codes) {
  return h("div", { class: "stack" }, h("p", {}, t("twofa.recoveryHelp")),
    h("ul", { class: "recovery-codes", "data-testid": "twofa-recovery-codes" }, ...codes.map((c) => h("li", {}, c))));
}

function twoFactorSection() {
  const body = h("div", { class: "stack" });
  const error = errorRegion("twofa-error");
  const render = () => {
    if (store.me.twoFactorEnabled) {
      const password = field(t("settings.currentPassword"), { type: "password", "data-testid": "twofa-disable-password" });
      const code = field(t("auth.totpCode"), { inputmode: "numeric", maxlength: "6", "data-testid": "twofa-disable-code" });
      const disable = h("button", { type: "button", class: "danger", "data-testid": "twofa-disable" }, t("twofa.disable"));
      const regen = h("button", { type: "button", class: "secondary", "data-testid": "twofa-regenerate" }, t("twofa.regenerate"));
      const codes = h("div");
      disable.addEventListener("click", () => busy(disable, async () => {
        error.clear();
        try {
          await post("/auth/two-factor/disable", { password: password.input.value, code: code.input.value.trim() });
          store.me = await get("/users/me");
          render();
        } catch (failure) { error.show(failure.status === 403 ? t("twofa.wrong") : failure); }
      }));
      regen.addEventListener("click", () => busy(regen, async () => {
        error.clear();
        try { codes.replaceChildren(recoveryList((await post("/auth/two-factor/recovery-codes", { code: code.input.value.trim() })).recoveryCodes)); } catch (failure) { error.show(failure.status === 403 ? t("twofa.wrong") : failure); }
      }));
      mount(body, h("p", { "data-testid": "twofa-state" }, t("twofa.on")), password.field, code.field, h("div", { class: "row" }, disable, regen), codes);
      return;
    }
    const start = h("button", { type: "button", class: "primary", "data-testid": "twofa-setup" }, t("twofa.setup"));
    start.addEventListener("click", () => busy(start, async () => {
      error.clear();
      try {
        const setup = await post("/auth/two-factor/setup");
        const code = field(t("auth.totpCode"), { inputmode: "numeric", maxlength: "6", autocomplete: "one-time-code", "data-testid": "twofa-enable-code" });
        const enable = h("button", { type: "submit", class: "primary", "data-testid": "twofa-enable" }, t("twofa.enable"));
        const form = h("form", { class: "stack" },
          h("p", {}, t("twofa.scan")),
          setup.qrCodeSVG ? qrImage(setup.qrCodeSVG) : h("p", {}, t("twofa.noQr")),
          h("p", {}, t("twofa.secret"), " ", h("code", { "data-testid": "twofa-secret" }, setup.secret)),
          code.field, enable);
        form.addEventListener("submit", (event) => {
          event.preventDefault();
          busy(enable, async () => {
            error.clear();
            try {
              const result = await post("/auth/two-factor/enable", { code: code.input.value.trim() });
              store.me = await get("/users/me");
              mount(body, h("p", { "data-testid": "twofa-state" }, t("twofa.on")), recoveryList(result.recoveryCodes));
            } catch (failure) { error.show(failure.status === 400 ? t("twofa.wrong") : failure); }
          });
        });
        mount(body, form);
        code.input.focus();
      } catch (failure) { error.show(failure); }
    }));
    mount(body, h("p", { "data-testid": "twofa-state" }, t("twofa.off")), start);
  };
  render();
  return section(t("twofa.title"), "settings-twofa", body, error.node);
}

function sessionsSection({ onSignedOut }) {
  const list = h("ul", { class: "admin-list", "data-testid": "sessions-list" });
  get("/auth/sessions").then((result) => {
    list.replaceChildren(...(result.sessions ?? []).map((s) => h("li", { "data-testid": "session" },
      h("span", { class: "grow" }, s.userAgent || t("settings.unknownDevice")),
      h("span", { class: "hint" }, t("settings.lastUsed", { when: formatDateTime(s.lastUsedAt) })),
      s.current ? h("strong", {}, t("settings.thisDevice")) : null)));
  }).catch(() => {});
  const signOut = h("button", { type: "button", class: "secondary", "data-testid": "sign-out" }, t("settings.signOut"));
  const everywhere = h("button", { type: "button", class: "danger", "data-testid": "sign-out-everywhere" }, t("settings.signOutEverywhere"));
  const leave = (path) => async () => {
    try { await post(path); } catch { /* signed out on this side regardless */ }
    clearSession();
    onSignedOut();
  };
  signOut.addEventListener("click", () => busy(signOut, leave("/auth/sign-out")));
  everywhere.addEventListener("click", () => busy(everywhere, leave("/auth/sign-out-everywhere")));
  return section(t("settings.sessions"), "settings-sessions", list, h("div", { class: "row" }, signOut, everywhere));
}

export function renderUserSettings(container, { onSignedOut }) {
  mount(container, h("div", { class: "page narrow" }, h("h1", {}, t("settings.title")),
    languageSection(), profileSection(), pictureSection(), passwordSection(), twoFactorSection(), sessionsSection({ onSignedOut })));
  focusFirst(container);
}
