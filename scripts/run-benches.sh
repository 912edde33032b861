#!/usr/bin/env bash
# Runs every benchmark in build/bin/bench-*; each prints one JSON object as its last line.
set -euo pipefail
BUILD_DIR=${1:-build}
status=0
for b in "$BUILD_DIR"/bin/bench-*; do
  [ -x "$b" ] || continue
  echo "== $(basename "$b")"
  "$b" || status=1
done
exit $status
