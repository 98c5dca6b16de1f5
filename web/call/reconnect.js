// Resuming a participant after its signalling WebSocket dropped (docs/signalling.md,
// "Resuming"): open a new socket and send `resume` with the secret of the last `joined`,
// retrying with backoff while the network is away, until the server answers or refuses.

import { SignallingError } from "./signalling.js";

const BACKOFF_MS = [0, 250, 500, 1000, 2000, 4000];
/** The server's default grace period; past it a resume can only be refused. */
const GIVE_UP_AFTER_MS = 30000;

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

/**
 * Reconnects `signalling` to `url` and resumes `participantId` in `room` with `secret`.
 * Resolves with the `joined` reply (resumed: true); rejects with the server's refusal
 * (`resume_refused`, `wrong_room`) or once the grace period must be over.
 */
export async function resumeSession(signalling, url, { room, participantId, secret }) {
  const started = performance.now();
  for (let attempt = 0; ; attempt += 1) {
    await sleep(BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)]);
    if (performance.now() - started > GIVE_UP_AFTER_MS) {
      throw new SignallingError("resume_refused", "the grace period is over: join again");
    }
    try {
      await signalling.connect(url);
    } catch {
      continue; // the network is still away: try again
    }
    try {
      return await signalling.request("resume", { room, participantId, secret });
    } catch (error) {
      if (error.code === "closed" || error.code === "timeout") { continue; }
      throw error; // refused: a new resume would be refused too
    }
  }
}
