#!/usr/bin/env bash
# `make package`'s .deb unpacks (dpkg -x) into a scratch root and runs from there: the unpacked
# kiosk finds its UI and sim config beside itself (../share/kiosk), accepts the shipped Astana and
# Almaty configs (`check-config`, with key files as a technician makes them) and plays a scenario
# on the sim config (`run --sim --scenario`). The units pass `systemd-analyze verify` where the
# machine has it. The binary is the build's own (no rebuild); CPack only strips and archives it.
BIN=$1 SRC=$2
source "$(dirname "$0")/lib/common.sh"
BUILD=$(cd "$BIN/.." && pwd)
command -v dpkg-deb >/dev/null || { echo "package SKIPPED: no dpkg-deb"; exit 77; }

(cd "$WORK" && cpack -G DEB --config "$BUILD/CPackConfig.cmake" -B "$WORK/pkg") >"$WORK/cpack.log" 2>&1 ||
  fail "cpack failed"
deb=$(ls "$WORK"/pkg/kiosk_*.deb 2>/dev/null | head -1 || true)
[ -n "$deb" ] || fail "no .deb in $WORK/pkg"

# Control data: dependencies, maintainer scripts, conffiles.
dpkg-deb -f "$deb" Depends >"$WORK/depends.txt"
for dep in libopencv libzxing libusb-1.0 libsqlite3 libssl fonts-ocr-b opencv-data cage chromium adduser; do
  grep -q "$dep" "$WORK/depends.txt" || fail "Depends lacks $dep: $(cat "$WORK/depends.txt")"
done
dpkg-deb -e "$deb" "$WORK/control"
for f in postinst prerm postrm conffiles; do [ -f "$WORK/control/$f" ] || fail "no $f in the package"; done
grep -qx /etc/kiosk/astana.json "$WORK/control/conffiles" || fail "astana.json is not a conffile"
grep -q 'adduser --system' "$WORK/control/postinst" || fail "postinst does not create the kiosk user"

ROOT="$WORK/root"
dpkg -x "$deb" "$ROOT"
for f in usr/bin/kiosk usr/lib/kiosk/kiosk_capture.so usr/share/kiosk/www/index.html usr/share/kiosk/config/sim.json \
  etc/kiosk/astana.json etc/kiosk/almaty.json etc/udev/rules.d/70-kiosk.rules \
  lib/systemd/system/kiosk.service lib/systemd/system/kiosk-browser.service; do
  [ -e "$ROOT/$f" ] || fail "the package lacks /$f"
done
grep -q 'MODE="0666"' "$ROOT/etc/udev/rules.d/70-kiosk.rules" && fail "a udev rule grants 0666"

# Key files as the runbook makes them (root:kiosk 0640 there; the owner's group here).
key() { printf '%s\n' "$2" >"$ROOT/etc/kiosk/$1"; chmod 0640 "$ROOT/etc/kiosk/$1"; }
key exchange-secret.key "$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
key pseudonym.key "$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
key seal.key "$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
openssl genpkey -algorithm ed25519 2>/dev/null | openssl pkey -pubout >"$ROOT/etc/kiosk/operator-command.pub"
for city in astana almaty; do
  "$ROOT/usr/bin/kiosk" check-config "$ROOT/etc/kiosk/$city.json" >"$WORK/check-$city.log" 2>&1 ||
    fail "check-config refused the shipped $city.json: $(cat "$WORK/check-$city.log")"
done
chmod 0644 "$ROOT/etc/kiosk/seal.key"
"$ROOT/usr/bin/kiosk" check-config "$ROOT/etc/kiosk/astana.json" >"$WORK/check-exposed.log" 2>&1 &&
  fail "check-config accepted a seal key readable by others"

# The unpacked binary on its own sim config and UI.
set +e
(cd "$WORK" && "$ROOT/usr/bin/kiosk" run --sim --db "$WORK/pkg.db" \
  --scenario "$SRC/tests/scenarios/cash_in_basic.json") >"$WORK/run.out" 2>"$WORK/run.log"
rc=$?
set -e
[ "$rc" -eq 0 ] || fail "the unpacked kiosk exited $rc: $(tail -1 "$WORK/run.out")"
grep -q "config=$ROOT/usr/share/kiosk/config/sim.json" "$WORK/run.log" ||
  fail "the unpacked kiosk did not use its own sim config"
grep -q "www=$ROOT/usr/share/kiosk/www" "$WORK/run.log" || fail "the unpacked kiosk did not use its own UI"
tail -1 "$WORK/run.out" | jq -e '.ok' >/dev/null || fail "scenario not ok: $(tail -1 "$WORK/run.out")"

# An upgrade backs the stopped kiosk's database up (three newest kept); an older binary refuses a
# database a newer one migrated, and says what to do.
STATE="$WORK/state"
mkdir -p "$STATE"
cp "$WORK/pkg.db" "$STATE/kiosk.db"
for v in 1.0.1 1.0.2 1.0.3 1.0.4; do
  KIOSK_STATE_DIR="$STATE" KIOSK_OWNER="$(id -un):$(id -gn)" sh "$WORK/control/prerm" upgrade "$v" ||
    fail "prerm upgrade $v failed"
  sleep 0.01
done
[ -f "$STATE/backup/before-1.0.4/kiosk.db" ] || fail "no backup before the upgrade to 1.0.4"
[ "$(ls "$STATE/backup" | wc -l)" -eq 3 ] || fail "backups not pruned to three: $(ls "$STATE/backup")"
[ -e "$STATE/backup/before-1.0.1" ] && fail "the oldest backup was kept"
cmp -s "$STATE/kiosk.db" "$STATE/backup/before-1.0.4/kiosk.db" || fail "the backup differs"
newer=$(($(sqlite3 "$STATE/kiosk.db" 'PRAGMA user_version') + 1))
sqlite3 "$STATE/kiosk.db" "PRAGMA user_version = $newer"
set +e
"$ROOT/usr/bin/kiosk" verify-journal "$STATE/kiosk.db" >"$WORK/downgrade.out" 2>&1
rc=$?
set -e
[ "$rc" -ne 0 ] || fail "an older kiosk opened a newer database"
grep -q "is newer than this software" "$WORK/downgrade.out" ||
  fail "the downgrade refusal does not say why: $(cat "$WORK/downgrade.out")"
grep -q "restore the database copy taken before the upgrade" "$WORK/downgrade.out" ||
  fail "the downgrade refusal does not say what to do: $(cat "$WORK/downgrade.out")"
cp -p "$STATE/backup/before-1.0.4/kiosk.db" "$STATE/kiosk.db"
"$ROOT/usr/bin/kiosk" verify-journal "$STATE/kiosk.db" >"$WORK/restored.out" 2>&1 ||
  fail "the restored backup does not verify: $(cat "$WORK/restored.out")"

# The units as installed, with ExecStart pointing into the scratch root (and cage, when the machine
# has none, replaced by /bin/true: verify checks that each command exists).
if command -v systemd-analyze >/dev/null; then
  mkdir -p "$WORK/units"
  cage=/usr/bin/cage
  [ -x "$cage" ] || cage=/bin/true
  for u in kiosk kiosk-browser; do
    sed -e "s|/usr/bin/kiosk|$ROOT/usr/bin/kiosk|g" -e "s|/usr/bin/cage|$cage|" \
      "$ROOT/lib/systemd/system/$u.service" >"$WORK/units/$u.service"
  done
  systemd-analyze verify --man=no "$WORK/units/kiosk.service" "$WORK/units/kiosk-browser.service" \
    >"$WORK/verify.log" 2>&1 || fail "systemd-analyze verify: $(cat "$WORK/verify.log")"
else
  echo "systemd-analyze not available: units not verified"
fi
echo "package: ok ($(basename "$deb"))"
