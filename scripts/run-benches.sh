#!/usr/bin/env bash
# Runs every benchmark in build/bin/bench-*, then bench-ui (the customer screen in Debian's
# headless Chromium, bench/ui/bench_ui.mjs, against the UI fixture server); each prints one JSON
# object as its last line.
set -euo pipefail
BUILD_DIR=${1:-build}
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
status=0
for b in "$BUILD_DIR"/bin/bench-*; do
  [ -x "$b" ] || continue
  echo "== $(basename "$b")"
  "$b" || status=1
done
if [ -x "$BUILD_DIR/bin/ui_fixture_server" ]; then
  echo "== bench-ui"
  bash "$ROOT/scripts/install-browser-test-deps.sh"
  node "$ROOT/bench/ui/bench_ui.mjs" "$BUILD_DIR/bin/ui_fixture_server" || status=1
fi
exit $status
