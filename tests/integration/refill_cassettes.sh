#!/usr/bin/env bash
# Cassette refill: after a cash-out, the technician's count is journaled with the reconciliation
# against the journal's book (a missing note shows as a difference), the chain still verifies, and
# bad counts are refused.
BIN=$1 SRC=$2
source "$(dirname "$0")/lib/common.sh"
db="$WORK/refill.db"
"$BIN/kiosk" run --sim --port 0 --db "$db" --scenario "$SRC/tests/scenarios/cash_out_basic.json" \
  >"$WORK/sell.out" 2>"$WORK/sell.log" || fail "the cash-out scenario failed: $(tail -1 "$WORK/sell.out")"
# 37000 = 20000 + 10000 + 5000 + 2000 went out of 50/100/100/100; the technician finds one
# 5000 note fewer than the book says and refills the 20000 cassette.
out=$("$BIN/kiosk" refill-cassettes "$db" --cassettes 20000:100,10000:99,5000:98,2000:99)
echo "$out" | jq -e '.refilled and
  (.reconciliation.cassettes | map({index, expected, counted, difference}) ==
   [{"index":0,"expected":49,"counted":100,"difference":51},
    {"index":1,"expected":99,"counted":99,"difference":0},
    {"index":2,"expected":99,"counted":98,"difference":-1},
    {"index":3,"expected":99,"counted":99,"difference":0}])' >/dev/null ||
  fail "unexpected reconciliation: $out"
n=$(sqlite3 "$db" "SELECT COUNT(*) FROM journal WHERE type='cassette.refilled'")
[ "$n" -eq 2 ] || fail "expected the first-start count and the refill in the journal, got $n"
"$BIN/kiosk" verify-journal "$db" >/dev/null || fail "the journal chain broke"
"$BIN/kiosk" refill-cassettes "$db" --cassettes 20000:x >/dev/null 2>&1 && fail "bad counts accepted"
echo "ok: refill reconciled (-1 x 5000 recorded) and journaled"
