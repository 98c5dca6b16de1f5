// Connection health on the tiles (docs/signalling.md, "Resuming" and "Connection quality"):
// a participant whose signalling socket dropped shows "reconnecting…"; every participant's
// connection quality (good / fair / poor) shows as a small signal-bars badge.

const QUALITY_LABELS = { good: "good connection", fair: "fair connection", poor: "poor connection" };
const QUALITY_BARS = { good: "▂▄▆", fair: "▂▄", poor: "▂" };

function caption(participantId) {
  return document.querySelector(`.tile[data-participant-id="${CSS.escape(participantId)}"] .caption`);
}

function badge(participantId, className) {
  const parent = caption(participantId);
  if (parent === null) { return null; }
  let node = parent.querySelector(`.${className}`);
  if (node === null) {
    node = document.createElement("span");
    node.className = className;
    parent.append(node);
  }
  return node;
}

/** Shows a participant's connection quality (`good`, `fair` or `poor`). */
export function showQuality(participantId, quality) {
  const node = badge(participantId, "quality");
  if (node === null || !Object.hasOwn(QUALITY_LABELS, quality)) { return; }
  node.textContent = QUALITY_BARS[quality];
  node.dataset.quality = quality;
  node.setAttribute("role", "img");
  node.setAttribute("aria-label", QUALITY_LABELS[quality]);
  node.title = QUALITY_LABELS[quality];
  node.closest(".tile")?.setAttribute("data-quality", quality);
}

/** Marks a participant's tile as reconnecting (its socket dropped) or connected again. */
export function showReconnecting(participantId, reconnecting) {
  const node = badge(participantId, "reconnecting");
  if (node === null) { return; }
  node.textContent = reconnecting ? "reconnecting…" : "";
  node.hidden = !reconnecting;
  node.closest(".tile")?.toggleAttribute("data-reconnecting", reconnecting);
}
