#!/usr/bin/env bash
# Runs the browser tests: $1 = the fixture server binary, $2 = the source tree, $3 (optional) = the
# kiosk binary for the tests against the real `kiosk run --sim`.
# Installs Debian's chromium and the pinned npm packages first if they are missing.
set -euo pipefail
FIXTURE=${1:?usage: run.sh FIXTURE_BINARY [SOURCE_DIR]}
SRC=${2:-$(cd "$(dirname "$0")/../.." && pwd)}
bash "$SRC/scripts/install-browser-test-deps.sh"
cd "$SRC/tests/browser"
export KIOSK_UI_FIXTURE="$FIXTURE"
[ -n "${3:-}" ] && export KIOSK_BIN="$3"
exec node --test --test-concurrency=1 ./*.test.mjs
