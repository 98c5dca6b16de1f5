// Strings and formats per language (EN/FR). Catalogues are flat objects of key -> template
// (`{name}` placeholders) in i18n/en.js and i18n/fr.js; dates and numbers go through Intl
// in the current language.

import en from "./i18n/en.js";
import fr from "./i18n/fr.js";

const catalogues = { en, fr };
const STORAGE_KEY = "beep.language";
let language = "en";
const listeners = new Set();

/** The languages offered: [{code, name}] (each name in its own language). */
export const LANGUAGES = [{ code: "en", name: "English" }, { code: "fr", name: "Français" }];

/** The string for `key` in the current language, placeholders filled from `params`. */
export function t(key, params = {}) {
  const template = catalogues[language][key] ?? catalogues.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

export function currentLanguage() { return language; }

/** Sets the language (kept across reloads), updates <html lang> and tells listeners. */
export function setLanguage(code) {
  if (!Object.hasOwn(catalogues, code)) { return; }
  language = code;
  document.documentElement.lang = code;
  try { localStorage.setItem(STORAGE_KEY, code); } catch { /* private mode: this page only */ }
  for (const listener of listeners) { listener(code); }
}

/** The stored language, else the browser's if we have it, else English. */
export function initialLanguage() {
  let stored = null;
  try { stored = localStorage.getItem(STORAGE_KEY); } catch { /* none */ }
  if (stored !== null && Object.hasOwn(catalogues, stored)) { return stored; }
  const browser = (navigator.language ?? "en").slice(0, 2);
  return Object.hasOwn(catalogues, browser) ? browser : "en";
}

export function onLanguageChange(listener) { listeners.add(listener); }

/** A date-time (ISO string) in the current language: "29 Nov 2026, 10:04". */
export function formatDateTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) { return ""; }
  return new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" }).format(date);
}

/** A time only ("10:04") for messages of today. */
export function formatTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) { return ""; }
  return new Intl.DateTimeFormat(language, { timeStyle: "short" }).format(date);
}

export function formatNumber(value) {
  return new Intl.NumberFormat(language).format(value);
}
