// The signed-in session: the token pair of docs/api.md. Kept in localStorage so that a
// reload (or a new tab) stays signed in; refreshes are serialised across tabs with the Web
// Locks API, because refresh tokens are single-use and a reused one revokes the session.
// Why localStorage and not a cookie: see docs/web-client.md, "Tokens".

const KEY = "beep.session";
const LOCK = "beep.refresh";
let current = read();
const listeners = new Set();

function read() {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? "null");
    if (parsed !== null && typeof parsed.accessToken === "string" && typeof parsed.refreshToken === "string") { return parsed; }
  } catch { /* corrupt: signed out */ }
  return null;
}

function write(value) {
  current = value;
  try {
    if (value === null) { localStorage.removeItem(KEY); } else { localStorage.setItem(KEY, JSON.stringify(value)); }
  } catch { /* storage unavailable: this page only */ }
  for (const listener of listeners) { listener(value); }
}

/** Stores a TokenPair ({accessToken, refreshToken, expiresIn}). */
export function saveTokens(pair) {
  write({ accessToken: pair.accessToken, refreshToken: pair.refreshToken, expiresAt: Date.now() + (pair.expiresIn ?? 900) * 1000 });
}

export function clearSession() { write(null); }

export function isSignedIn() { return current !== null; }

export function accessToken() { return current?.accessToken ?? null; }

/** Called with the new session (or null) when it changes in this tab. */
export function onSessionChange(listener) { listeners.add(listener); }

// Another tab signed out or refreshed: follow it.
window.addEventListener("storage", (event) => {
  if (event.key !== KEY) { return; }
  current = read();
  for (const listener of listeners) { listener(current); }
});

async function withLock(work) {
  if (navigator.locks?.request !== undefined) { return navigator.locks.request(LOCK, work); }
  return work();
}

/**
 * A fresh access token: refreshes with the stored refresh token (one tab at a time; when
 * another tab already rotated it, its new pair is used). Resolves null when signed out.
 */
export async function refresh() {
  const used = current?.refreshToken ?? null;
  return withLock(async () => {
    const stored = read();
    if (stored === null) { write(null); return null; }
    if (stored.refreshToken !== used) { current = stored; return stored.accessToken; }
    const response = await fetch("/api/v1/auth/refresh", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ refreshToken: stored.refreshToken }),
    });
    if (response.status === 401) { write(null); return null; }
    if (!response.ok) { throw new Error(`refresh failed: ${response.status}`); }
    saveTokens(await response.json());
    return current.accessToken;
  });
}
