#!/usr/bin/env bash
# The auditor's tools on a real journal: verify-journal passes on a kiosk's database, export-journal
# writes the rows as JSON lines, and a row tampered with behind the store's back is found at its seq.
BIN=$1 SRC=$2
source "$(dirname "$0")/lib/common.sh"
db="$WORK/k.db"
"$BIN/kiosk" run --sim --db "$db" --scenario "$SRC/tests/scenarios/cash_in_basic.json" >"$WORK/run.out" 2>"$WORK/run.log" ||
  fail "the scenario did not complete"
"$BIN/kiosk" verify-journal "$db" | jq -e '.ok and .rows_checked >= 8' >/dev/null || fail "a fresh journal does not verify"
lines=$("$BIN/kiosk" export-journal "$db" --from 2 --to 5 | wc -l)
[ "$lines" -eq 4 ] || fail "export-journal --from 2 --to 5 gave $lines lines"
"$BIN/kiosk" export-journal "$db" | jq -e -s 'length >= 8 and .[0].seq == 1 and (.[1].prev_hash == .[0].hash)' >/dev/null ||
  fail "export-journal rows do not chain"
# Tamper: change the amount of the first credited note (dropping the store's append-only guard).
sqlite3 "$db" "SELECT name FROM sqlite_master WHERE type='trigger'" | while read -r t; do sqlite3 "$db" "DROP TRIGGER $t"; done
seq=$(sqlite3 "$db" "SELECT seq FROM journal WHERE type='cash_in.note_credited' ORDER BY seq LIMIT 1")
sqlite3 "$db" "UPDATE journal SET payload = replace(payload, '5000', '50000') WHERE seq = $seq"
set +e
out=$("$BIN/kiosk" verify-journal "$db")
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "verify-journal exit $rc on a tampered journal: $out"
echo "$out" | jq -e --argjson s "$seq" '(.ok | not) and .first_bad_seq == $s' >/dev/null ||
  fail "tampering at seq $seq not reported there: $out"
echo "ok: tampered row $seq detected"
echo "1 passed, 0 failed"
