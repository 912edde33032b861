#!/usr/bin/env bash
# Plays every scenario in tests/scenarios/ headless with the in-process simulators; each must end
# with ok: every step done and every money invariant holding; both conservation checks must be
# made (true, not "n/a": the simulators are the devices here). A scenario moves money (a purchase
# or a payout) unless it says `"moves_money": false` (a device lost before any note, say).
BIN=$1 SRC=$2
source "$(dirname "$0")/lib/common.sh"
passed=0 failed=0
for f in "$SRC"/tests/scenarios/*.json; do
  name=$(basename "$f" .json)
  set +e
  "$BIN/kiosk" run --sim --db "$WORK/$name.db" --scenario "$f" >"$WORK/$name.out" 2>"$WORK/$name.log"
  rc=$?
  set -e
  summary=$(tail -1 "$WORK/$name.out")
  moves=$(jq '.moves_money != false' "$f")
  if [ "$rc" -eq 0 ] && echo "$summary" | jq -e --argjson moves "$moves" '.ok and ($moves == false or .purchases >= 1 or .cash_out.payouts >= 1) and .invariants.cash_conserved == true and .invariants.cash_out_conserved == true' >/dev/null; then
    echo "ok: $name $(echo "$summary" | jq -c '{fiat_in_kzt, purchases, cash_out, journal_rows}')"
    passed=$((passed + 1))
  else
    echo "FAIL: $name (rc $rc): $summary"
    tail -20 "$WORK/$name.log"
    failed=$((failed + 1))
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
