// Sending messages reliably: every send gets a nonce (docs/api.md: a repeated nonce answers
// the first message instead of a second one), so a send that failed on the network, a 5xx or
// a 429 is retried with the same nonce — with backoff, Retry-After honoured — until it lands
// or 5 attempts are spent; then the message shows "not sent" with a retry button.

import { api } from "./api.js";

const DELAYS_MS = [0, 1000, 2000, 4000, 8000];
const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

/** A nonce: ≤ 64 printable ASCII bytes (docs/messages.md). */
export function newNonce() {
  return typeof crypto.randomUUID === "function" ? crypto.randomUUID()
    : [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function retryable(error) {
  return error.code === "network" || error.status >= 500 || error.status === 429;
}

/**
 * Sends {content, replyToId, nonce} to a channel; resolves the Message, rejects with the
 * last error when it cannot be sent (a 4xx other than 429 is not retried).
 */
export async function sendMessage(channelId, { content, replyToId, nonce }) {
  let lastError = null;
  for (const [attempt, delay] of DELAYS_MS.entries()) {
    const wait = lastError?.retryAfter != null ? lastError.retryAfter * 1000 : delay;
    if (attempt > 0) { await sleep(wait); }
    try {
      const body = { content, nonce };
      if (replyToId !== null && replyToId !== undefined) { body.replyToId = replyToId; }
      return await api("POST", `/channels/${channelId}/messages`, { body });
    } catch (error) {
      lastError = error;
      if (!retryable(error)) { throw error; }
    }
  }
  throw lastError;
}
