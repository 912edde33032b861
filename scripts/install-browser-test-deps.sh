#!/usr/bin/env bash
# Installs what the browser tests need, idempotently: Debian's chromium (never a downloaded browser
# build) and the Node packages pinned in tests/browser/package-lock.json. Uses sudo when not root.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"

need_apt=()
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)

if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "install-browser-test-deps: installing ${need_apt[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >&2
fi

cd "$ROOT/tests/browser"
# npm ci only when node_modules was not installed from this exact lock file.
stamp=node_modules/.lock-sha256
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  # playwright-core never downloads a browser; the variable makes that explicit.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$want" >"$stamp"
fi
