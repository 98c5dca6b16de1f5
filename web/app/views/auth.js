// Sign in (with the second factor when the account has 2FA) and sign up (names, username,
// email, password, optional picture) — docs/api.md "Users and authentication".

import { h, field, mount, focusFirst } from "../dom.js";
import { t, currentLanguage, setLanguage, LANGUAGES } from "../i18n.js";
import { api } from "../api.js";
import { saveTokens } from "../session.js";
import { errorRegion, busy } from "./ui.js";

function languagePicker() {
  const { field: wrapper, input } = field(t("settings.language"), { "data-testid": "auth-language" }, "select");
  for (const { code, name } of LANGUAGES) {
    input.append(h("option", { value: code, selected: code === currentLanguage() }, name));
  }
  input.addEventListener("change", () => setLanguage(input.value));
  return wrapper;
}

function authLayout(title, ...content) {
  return h("main", { id: "main", class: "auth-page" },
    h("div", { class: "auth-card" },
      h("p", { class: "brand", "aria-hidden": "true" }, "Beep"),
      h("h1", {}, title), ...content, languagePicker()));
}

/** The sign-in page; `onSignedIn()` runs once tokens are stored. */
export function renderSignIn(root, { onSignedIn }) {
  const email = field(t("auth.email"), { type: "email", name: "email", autocomplete: "email", required: true, "data-testid": "signin-email", autofocus: true });
  const password = field(t("auth.password"), { type: "password", name: "password", autocomplete: "current-password", required: true, "data-testid": "signin-password" });
  const error = errorRegion("signin-error");
  const submit = h("button", { type: "submit", class: "primary", "data-testid": "signin-submit" }, t("auth.signIn"));
  const form = h("form", { class: "stack", novalidate: true }, email.field, password.field, error.node, submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    error.clear();
    busy(submit, async () => {
      try {
        const result = await api("POST", "/auth/sign-in", { auth: false, body: { email: email.input.value.trim(), password: password.input.value } });
        if (result.status === "two_factor_required") { renderTwoFactor(root, result.challenge, { onSignedIn }); return; }
        saveTokens(result.tokens);
        onSignedIn();
      } catch (failure) {
        error.show(failure.status === 401 ? t("auth.wrongCredentials") : failure);
      }
    });
  });
  mount(root, authLayout(t("auth.signInTitle"), form,
    h("p", {}, t("auth.noAccount"), " ", h("a", { href: "/signup" + location.search, "data-route": true, "data-testid": "goto-signup" }, t("auth.signUp")))));
  focusFirst(root);
}

/** The second step of a sign-in with 2FA: a TOTP code or a recovery code. */
export function renderTwoFactor(root, challenge, { onSignedIn }) {
  const code = field(t("auth.totpCode"), { inputmode: "numeric", autocomplete: "one-time-code", pattern: "[0-9]{6}", maxlength: "6", "data-testid": "twofactor-code", autofocus: true });
  const recovery = field(t("auth.recoveryCode"), { autocomplete: "off", "data-testid": "twofactor-recovery" });
  const error = errorRegion("twofactor-error");
  const submit = h("button", { type: "submit", class: "primary", "data-testid": "twofactor-submit" }, t("auth.verify"));
  const form = h("form", { class: "stack", novalidate: true }, h("p", {}, t("auth.twoFactorHelp")), code.field,
    h("details", {}, h("summary", {}, t("auth.useRecovery")), recovery.field), error.node, submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    error.clear();
    const body = recovery.input.value.trim() !== "" ? { challenge, recoveryCode: recovery.input.value.trim() } : { challenge, code: code.input.value.trim() };
    busy(submit, async () => {
      try {
        const result = await api("POST", "/auth/sign-in/two-factor", { auth: false, body });
        saveTokens(result.tokens);
        onSignedIn();
      } catch (failure) {
        error.show(failure.status === 401 ? t("auth.wrongCode") : failure);
      }
    });
  });
  mount(root, authLayout(t("auth.twoFactorTitle"), form));
  focusFirst(root);
}

/** The sign-up page. The picture (optional) is uploaded right after the account exists. */
export function renderSignUp(root, { onSignedIn }) {
  const firstName = field(t("auth.firstName"), { name: "firstName", autocomplete: "given-name", required: true, maxlength: "64", "data-testid": "signup-first-name", autofocus: true });
  const lastName = field(t("auth.lastName"), { name: "lastName", autocomplete: "family-name", required: true, maxlength: "64", "data-testid": "signup-last-name" });
  const username = field(t("auth.username"), { name: "username", autocomplete: "username", required: true, maxlength: "32", pattern: "[A-Za-z0-9_.]{2,32}", "data-testid": "signup-username" });
  const email = field(t("auth.email"), { type: "email", name: "email", autocomplete: "email", required: true, "data-testid": "signup-email" });
  const password = field(t("auth.password"), { type: "password", name: "password", autocomplete: "new-password", required: true, minlength: "8", maxlength: "128", "data-testid": "signup-password", "aria-describedby": "password-hint" });
  const picture = field(t("auth.picture"), { type: "file", accept: "image/png,image/jpeg,image/webp,image/gif", "data-testid": "signup-picture" });
  const error = errorRegion("signup-error");
  const submit = h("button", { type: "submit", class: "primary", "data-testid": "signup-submit" }, t("auth.createAccount"));
  const form = h("form", { class: "stack", novalidate: true },
    h("div", { class: "row" }, firstName.field, lastName.field), username.field, email.field, password.field,
    h("p", { id: "password-hint", class: "hint" }, t("auth.passwordHint")), picture.field, error.node, submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    error.clear();
    busy(submit, async () => {
      try {
        const result = await api("POST", "/auth/sign-up", { auth: false, body: {
          firstName: firstName.input.value.trim(), lastName: lastName.input.value.trim(), username: username.input.value.trim(),
          email: email.input.value.trim(), password: password.input.value, language: currentLanguage(),
        } });
        saveTokens(result.tokens);
        const file = picture.input.files?.[0];
        if (file !== undefined) {
          await api("PUT", "/users/me/picture", { body: file }).catch(() => { /* the account exists; the picture can be set in settings */ });
        }
        onSignedIn();
      } catch (failure) {
        if (failure.status === 409) { error.show(failure.field === "email" ? t("auth.emailTaken") : t("auth.usernameTaken")); return; }
        error.show(failure.field !== null && failure.field !== undefined ? t("auth.invalidField", { field: t(`auth.field.${failure.field}`) }) : failure);
      }
    });
  });
  mount(root, authLayout(t("auth.signUpTitle"), form,
    h("p", {}, t("auth.haveAccount"), " ", h("a", { href: "/login" + location.search, "data-route": true, "data-testid": "goto-signin" }, t("auth.signIn")))));
  focusFirst(root);
}
