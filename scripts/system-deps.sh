#!/usr/bin/env bash
# System packages the project needs: Chromium (browser tests, and printing report pages to PDF
# for the PDF tests), Noto CJK fonts (chart images and printed pages with Chinese glyphs),
# LibreOffice Writer (reading old Word .doc/.wps files; makes the .doc fixture) and
# poppler-utils (pdftoppm: rasterising pages into the scanned-PDF test fixtures).
# The OCR engine is a Python package (rapidocr-onnxruntime, pinned in requirements.lock, with
# its models inside): nothing to install here for it.
# Installs only what is missing; needs root (or sudo) to install.
# --fonts-only: only the fonts (what `make site` needs).
set -euo pipefail
need=()
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
if [ "${1:-}" != "--fonts-only" ]; then
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
    || need+=(chromium)
  command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
fi
[ ${#need[@]} -eq 0 ] && exit 0
echo "installing system packages: ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "error: need root to install ${need[*]} (apt-get install -y ${need[*]})" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
  "${need[@]}" fontconfig >/dev/null
