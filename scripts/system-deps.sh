#!/usr/bin/env bash
# System packages the project needs: Chromium (browser tests) and Noto CJK fonts (chart images
# with Chinese glyphs). Installs only what is missing; needs root (or sudo) to install.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
  || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
if [ "${1:-}" = "--fonts-only" ]; then
  need=("${need[@]/chromium}")
fi
pkgs=()
for p in "${need[@]}"; do [ -n "$p" ] && pkgs+=("$p"); done
[ ${#pkgs[@]} -eq 0 ] && exit 0
echo "installing system packages: ${pkgs[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "error: need root to install ${pkgs[*]} (apt-get install -y ${pkgs[*]})" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${pkgs[@]}" fontconfig >/dev/null
