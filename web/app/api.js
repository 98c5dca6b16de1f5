// The HTTP API client (docs/api.md): JSON in and out, the bearer token, one refresh and retry
// on 401, typed errors. Paths are relative to /api/v1.

import { accessToken, refresh, clearSession } from "./session.js";

/** A refused request: HTTP status, the API's `code`, `message` and `field`. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.code = body?.code ?? (status === 0 ? "network" : "http");
    this.field = body?.field ?? null;
    this.retryAfter = null;
  }
}

async function send(method, path, body, token, extraHeaders) {
  const headers = { ...extraHeaders };
  if (token !== null) { headers.Authorization = `Bearer ${token}`; }
  let payload;
  if (body instanceof Blob) { payload = body; } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  try {
    return await fetch(`/api/v1${path}`, { method, headers, body: payload, cache: "no-store" });
  } catch {
    throw new ApiError(0, { code: "network", message: "network" });
  }
}

/**
 * Calls the API. `auth: false` for sign-up/sign-in. Resolves the decoded JSON (null for 204);
 * rejects with ApiError. `blob: true` resolves the body as a Blob (pictures). A 401 refreshes the tokens once and retries; a second 401 signs out.
 */
export async function api(method, path, { body, auth = true, headers = {}, blob = false } = {}) {
  let response = await send(method, path, body, auth ? accessToken() : null, headers);
  if (response.status === 401 && auth) {
    const token = await refresh().catch(() => null);
    if (token === null) { clearSession(); throw new ApiError(401, { code: "unauthorized", message: "signed out" }); }
    response = await send(method, path, body, token, headers);
  }
  if (response.status === 204) { return null; }
  if (blob && response.ok) { return response.blob(); }
  let decoded = null;
  const text = await response.text();
  if (text !== "") { try { decoded = JSON.parse(text); } catch { decoded = null; } }
  if (!response.ok) {
    const error = new ApiError(response.status, decoded);
    const retry = Number(response.headers.get("Retry-After"));
    if (Number.isFinite(retry) && retry > 0) { error.retryAfter = retry; }
    throw error;
  }
  return decoded;
}

export const get = (path) => api("GET", path);
export const post = (path, body) => api("POST", path, { body });
export const patch = (path, body) => api("PATCH", path, { body });
export const put = (path, body) => api("PUT", path, { body });
export const del = (path) => api("DELETE", path);

/** Every page of a paged list (`{items, nextCursor}`), at most `maxPages`. */
export async function getAll(path, maxPages = 20) {
  const items = [];
  let cursor = null;
  for (let page = 0; page < maxPages; page += 1) {
    const separator = path.includes("?") ? "&" : "?";
    const result = await get(`${path}${separator}limit=100${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`);
    items.push(...(result.items ?? []));
    cursor = result.nextCursor ?? null;
    if (cursor === null) { break; }
  }
  return items;
}
