#!/usr/bin/env bash
# Kill during a dispense: the kiosk dies (SIGKILL) at each step of a payout, is restarted on the same
# database, and must end each payout exactly once, never dispensing again:
#   before_batch_intent  nothing was sent: settled as nothing delivered (partial, whole shortfall)
#   after_batch_intent   the command may have gone out: unknown, cash-out suspended for the operator
#   after_command        the dispenser is counting: unknown, suspended
#   after_response       the notes are out, the result row is not: unknown, suspended
#   after_batch_result   the batch result is journaled: settled as complete
# (The in-process dispenser simulator dies with the kiosk and forgets its last dispense, so the
# restarted kiosk cannot settle from the device here; tests/unit/cashout covers that path.)
# In every case: one dispense intent, one result (recovered), one report applied at the exchange.
BIN=$1 SRC=$2
source "$(dirname "$0")/lib/common.sh"
start_exchange
# Every deposit arrives and confirms by itself shortly after its order is created.
curl -fsS -X POST -H 'Content-Type: application/json' \
  -d '{"seen_after_ms": 200, "confirm_after_ms": 600}' "$EX_URL/sim/deposits/timing" >/dev/null

start_steps='{"wait_ready": true, "timeout_ms": 15000}, {"wait_cash_out": true, "timeout_ms": 15000},
  {"tap": "choose_language", "value": "en"}, {"tap": "start_cash_out"},
  {"tap": "choose_asset", "value": "BTC/bitcoin"}, {"wait_screen": "sell.identify"},
  {"tap": "consent"}, {"wait_screen": "sell.scan_document"},
  {"show_id": {"kind": "id_card", "seed": 54}},
  {"wait_screen": "sell.choose_amount", "timeout_ms": 30000},
  {"tap": "choose_amount", "value": "37000"}, {"wait_screen": "sell.awaiting_deposit"}'
resume='{"name": "resume", "steps": [{"wait_ready": true, "timeout_ms": 15000},
  {"wait_ms": 1500}, {"wait_outbox_empty": true, "timeout_ms": 20000}]}'
echo "$resume" >"$WORK/resume.json"

# kill_point POINT EXPECTED_RESULT EXPECTED_FIAT SUSPENDED(true|false)
kill_point() {
  local point=$1 want=$2 fiat=$3 suspended=$4
  local db="$WORK/$point.db"
  echo "{\"name\": \"$point\", \"steps\": [$start_steps, {\"arm_crash\": \"$point\"},
    {\"wait_screen\": \"sell.done\", \"timeout_ms\": 20000}]}" \
    >"$WORK/$point.json"
  run_scenario "$point-crash" "$db" "$WORK/$point.json"
  [ "$RC" -eq 137 ] || fail "$point: expected the kiosk killed (137), got $RC: $SUMMARY"
  run_scenario "$point-resume" "$db" "$WORK/resume.json"
  echo "$SUMMARY" | jq -e '.invariants.journal_chain and .invariants.no_double_dispense' >/dev/null ||
    fail "$point: invariants broken after restart: $SUMMARY"
  local tx
  tx=$(sqlite3 "$db" "SELECT tx_id FROM journal WHERE type='cash_out.dispense_intent' LIMIT 1")
  [ -n "$tx" ] || fail "$point: no dispense intent in the journal"
  local intents results result
  intents=$(sqlite3 "$db" "SELECT COUNT(*) FROM journal WHERE tx_id='$tx' AND type='cash_out.dispense_intent'")
  results=$(sqlite3 "$db" "SELECT COUNT(*) FROM journal WHERE tx_id='$tx' AND type='cash_out.dispense_result'")
  [ "$intents" -eq 1 ] || fail "$point: $intents dispense intents"
  [ "$results" -eq 1 ] || fail "$point: $results dispense results"
  result=$(sqlite3 "$db" "SELECT json_extract(payload, '$.result') || ' ' || json_extract(payload, '$.fiat_kzt')
                          FROM journal WHERE tx_id='$tx' AND type='cash_out.dispense_result'")
  [ "$result" = "$want $fiat" ] || fail "$point: result '$result', expected '$want $fiat'"
  local reports
  reports=$(curl -fsS "$EX_URL/sim/requests" | jq --arg tx "$tx" '[.requests[]
      | select((.target | endswith("/dispensed")) and .status == 200 and (.replay | not))
      | select((.body | fromjson).tx_id == $tx)] | length')
  [ "$reports" -eq 1 ] || fail "$point: the exchange applied $reports dispense reports"
  local susp
  susp=$(echo "$SUMMARY" | jq '.cash_out.suspended != null')
  [ "$susp" = "$suspended" ] || fail "$point: cash-out suspended=$susp, expected $suspended: $SUMMARY"
  echo "ok: $point ($want, $fiat KZT, suspended=$susp)"
}

kill_point before_batch_intent partial 0 false
kill_point after_batch_intent unknown 0 true
kill_point after_command unknown 0 true
kill_point after_response unknown 0 true
kill_point after_batch_result complete 37000 false
echo "5 passed, 0 failed"
