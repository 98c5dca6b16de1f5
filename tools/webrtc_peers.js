// Browser-side helpers shared by tools/fixtures/page.html and tools/interop/tests/echo_page.html;
// tools/webrtc_peers.py's page server serves this file at /webrtc_peers.js.
"use strict";

// No ICE servers: host candidates only (the tools run in a loopback-only namespace).
function newPc() {
  return new RTCPeerConnection({ iceServers: [], bundlePolicy: "max-bundle" });
}

// Resolves once ICE gathering is complete; rejects after `ms` milliseconds.
function waitGathering(pc, ms) {
  return new Promise((resolve, reject) => {
    if (pc.iceGatheringState === "complete") { resolve(); return; }
    const timer = setTimeout(() => reject(new Error("ICE gathering timed out")), ms);
    pc.addEventListener("icegatheringstatechange", () => {
      if (pc.iceGatheringState === "complete") { clearTimeout(timer); resolve(); }
    });
  });
}

// The fake microphone and camera (Chromium's --use-fake-device-for-media-stream), 320x240.
async function fakeMedia() {
  if (!window.isSecureContext || !navigator.mediaDevices) {
    throw new Error("not a secure context: getUserMedia unavailable");
  }
  return navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240 } });
}
