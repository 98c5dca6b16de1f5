#!/usr/bin/env bash
# Installs the Debian packages Beep builds and tests against, once. Idempotent: does nothing
# when every package is already installed. Needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(pkg-config libssl-dev libsrtp2-dev libopus-dev libvpx-dev)
# Extra groups, requested with arguments: `setup-system.sh interop` adds the real test peers,
# `setup-system.sh bench` the reference SFU of `make bench-sfu` (Debian's Janus, docs/performance.md).
for group in "$@"; do
  case "$group" in
    interop) packages+=(chromium python3-venv iproute2 util-linux coturn postgresql fonts-noto-color-emoji) ;;
    bench) packages+=(janus iproute2 util-linux curl) ;;
    *) echo "setup-system: unknown group '$group'" >&2; exit 2 ;;
  esac
done

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "setup-system: installing ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
