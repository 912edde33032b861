#!/usr/bin/env bash
# `make soak`: the long runs, one step after another, each with its own heading and result line.
#   1. crash harness: `kiosk run --sim` killed SOAK_KILLS times (default 300) at seeded random
#      moments and restarted on the same files, then the invariants on the real database
#      (tests/integration/crash_harness.sh; SOAK_SEED picks the seed).
# (The deterministic whole-kiosk simulation adds its step here.)
# Usage: scripts/soak.sh BUILD_DIR. Exit code non-zero if a step failed; every step runs.
set -uo pipefail

cd "$(dirname "$0")/.."
BUILD=${1:-build}
failed=0

step() {  # step NAME COMMAND...
  local name=$1
  shift
  echo "== soak step: $name"
  local start=$(date +%s)
  if "$@"; then
    echo "== soak step: $name: ok ($(($(date +%s) - start)) s)"
  else
    echo "== soak step: $name: FAILED ($(($(date +%s) - start)) s)"
    failed=1
  fi
}

step "crash harness (${SOAK_KILLS:-300} kills)" \
  env CRASH_KILLS="${SOAK_KILLS:-300}" CRASH_SEED="${SOAK_SEED:-1601}" \
  bash tests/integration/crash_harness.sh "$BUILD/bin" "$(pwd)"

exit $failed
