#!/usr/bin/env bash
# A real kiosk (`kiosk run --config`, no --sim) refuses what only a simulation may use, and
# `kiosk check-config` names each problem; the exchange simulator reads its secret file by the one
# key-file rule (offline_queue/key_file.hpp).
BIN=$1 SRC=$2
source "$(dirname "$0")/lib/common.sh"

# The sim config with a loopback exchange: before, `run --config` dereferenced a null pointer on its
# "sim" validator (no --sim, no simulator).
cp "$SRC"/config/sim-*.txt "$WORK/"
chmod 0600 "$WORK"/sim-*.txt
jq '.exchange.url = "http://127.0.0.1:9" | .storage.db_path = "kiosk.db"' "$SRC/config/sim.json" \
  >"$WORK/kiosk.json"
set +e
(cd "$WORK" && "$BIN/kiosk" run --config "$WORK/kiosk.json" --port 0) >"$WORK/run.out" 2>"$WORK/run.log"
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "kiosk run --config on sim devices exited $rc, not 1"
grep -q 'devices.validator.transport.type: "sim" is for simulation only' "$WORK/run.log" ||
  fail "kiosk run did not name the sim validator"

# check-config names each problem; with --sim the same file is fine.
chmod 0644 "$WORK/sim-secret.txt"
set +e
"$BIN/kiosk" check-config "$WORK/kiosk.json" >"$WORK/check.log" 2>&1
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "check-config accepted a sim config for a real kiosk"
for want in '$.devices.printer.transport.type: "sim"' '$.devices.camera.type: "sim"' \
  '$.devices.dispenser.transport.type: "sim"' '$.exchange.secret_file: ' 'readable by others'; do
  grep -qF "$want" "$WORK/check.log" || fail "check-config did not name: $want"
done
"$BIN/kiosk" check-config --sim "$WORK/kiosk.json" >"$WORK/check-sim.log" 2>&1 ||
  fail "check-config --sim refused the sim config"

# The exchange simulator refuses a secret file the kiosk would read differently (it used to trim a
# trailing tab the kiosk kept); it exits at once instead of serving.
printf 'sim-secret-0123456789-abcdefghijkl\t\n' >"$WORK/tab-secret.txt"
set +e
timeout 20 "$BIN/kiosk" exchange-sim --port 0 --secret-file "$WORK/tab-secret.txt" \
  >"$WORK/exsim.out" 2>"$WORK/exsim.log"
rc=$?
set -e
[ "$rc" -eq 2 ] || fail "exchange-sim exited $rc on a secret file with a tab, not 2"
grep -q 'a tab' "$WORK/exsim.log" || fail "exchange-sim did not say why"
echo "production safety: ok"
