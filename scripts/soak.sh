#!/usr/bin/env bash
# `make soak`: the long runs, one step after another, each with its own heading and result line.
#   1. crash harness: `kiosk run --sim` killed SOAK_KILLS times (default 300) at seeded random
#      moments and restarted on the same files, then the invariants on the real database
#      (tests/integration/crash_harness.sh; SOAK_SEED picks the seed).
#   2. deterministic simulation: `kiosk simulate` over SOAK_SIM_SEEDS seeds (default 40) of
#      SOAK_SIM_SESSIONS sessions each (default 2500): 100,000 sessions, every fault kind, crashes;
#      the last line of its output is the totals (sessions, faults by kind, crashes, violations).
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

sim_totals() {
  "$BUILD/bin/kiosk" simulate --seed "${SOAK_SIM_SEED:-1}" --seeds "${SOAK_SIM_SEEDS:-40}" \
    --sessions "${SOAK_SIM_SESSIONS:-2500}" >"$BUILD/soak-simulate.jsonl" || return 1
  tail -1 "$BUILD/soak-simulate.jsonl"
}
step "deterministic simulation (${SOAK_SIM_SEEDS:-40} seeds x ${SOAK_SIM_SESSIONS:-2500} sessions)" \
  sim_totals

exit $failed
