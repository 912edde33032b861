#!/usr/bin/env bash
# A kiosk configured with a JCM ID003 validator ("protocol": "id003") runs: the basic cash-in
# scenario headless, the ID003 driver talking to the ID003 simulator over the in-memory link.
BIN=$1 SRC=$2
source "$(dirname "$0")/lib/common.sh"
jq --arg cfg "$(cd "$SRC" && pwd)/config" \
  '.devices.validator.protocol = "id003" | .exchange.secret_file = $cfg + "/sim-secret.txt" | .operator.command_public_key_file = $cfg + "/sim-operator-command.pub"
   | .compliance.pseudonym_key_file = $cfg + "/sim-pseudonym-key.txt"
   | .compliance.seal_key_file = $cfg + "/sim-seal-key.txt"' \
  "$SRC/config/sim.json" >"$WORK/id003.json"
"$BIN/kiosk" check-config --sim "$WORK/id003.json" >"$WORK/check.log" 2>&1 || fail "check-config refused id003"
set +e
"$BIN/kiosk" run --sim --config "$WORK/id003.json" --db "$WORK/id003.db" \
  --scenario "$SRC/tests/scenarios/cash_in_basic.json" >"$WORK/run.out" 2>"$WORK/run.log"
rc=$?
set -e
summary=$(tail -1 "$WORK/run.out")
[ "$rc" -eq 0 ] || fail "kiosk run exited $rc: $summary"
echo "$summary" | jq -e '.ok and .purchases >= 1 and .invariants.cash_conserved == true' >/dev/null ||
  fail "scenario not ok: $summary"
echo "ok: id003 $(echo "$summary" | jq -c '{fiat_in_kzt, purchases, journal_rows}')"
