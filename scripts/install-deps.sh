#!/usr/bin/env bash
# Installs the Debian packages the kiosk needs. Idempotent: installs only what is missing.
# Uses sudo when not root. Debian 12 (bookworm) packages only.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config make git
  libboost-dev libboost-system-dev
  libopencv-dev opencv-data
  libzxing-dev
  libzbar-dev  # bench-qr only (a baseline decoder)
  python3-qrcode  # bench-qr only: bench/qr/gen/qr_frames.py, an encoder independent of ZXing's
  python3-pil  # bench-qr and bench-mrz only: the independent frame generators draw with Pillow
  python3-numpy  # bench-qr and bench-mrz only: the generators blur, light and add noise
  libusb-1.0-0-dev
  libsqlite3-dev sqlite3
  nlohmann-json3-dev
  doctest-dev
  libssl-dev
  umockdev libumockdev-dev
  jq
  fonts-ocr-b
  libfreetype-dev
  clang-format
  curl
  file  # make package: CPack finds the ELF files it hands to dpkg-shlibdeps (dpkg-dev)
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
