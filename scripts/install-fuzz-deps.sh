#!/usr/bin/env bash
# What `make fuzz` needs beyond scripts/install-deps.sh: clang 14 and its runtime (libFuzzer,
# ASan, UBSan), from Debian 12. Idempotent: installs only what is missing; sudo when not root.
# `make test` does not need these.
set -euo pipefail

scripts_dir=$(dirname "$0")
"$scripts_dir/install-deps.sh"

PACKAGES=(clang-14 libclang-rt-14-dev)
missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-fuzz-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
