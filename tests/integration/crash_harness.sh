#!/usr/bin/env bash
# Crash harness on the real process: `kiosk run --sim` serves one or two customers a round who
# move money (cash-in with one to three notes, cash-out paid by the dispenser) while a seeded
# driver sends SIGKILL at a random moment, then restarts it on the same database, until
# CRASH_KILLS kills landed (default 30). The
# exchange simulator runs out of process (it must outlive the kills) and confirms deposits by
# itself. Then a last kiosk heals: it must return to service, drain its outbox and sync its
# journal. Checked on the real database and at the exchange:
#   * the journal chain verifies (`kiosk verify-journal`), and the exchange's copy equals it;
#   * cash-in: every credited note was bought, exactly once, for what was credited (no double
#     purchase), and the exchange applied exactly the kiosk's purchases, each once;
#   * cash-out: no order has more than one dispense intent (nothing dispensed twice), every intent
#     has exactly one result, what a result delivered is within its plan, and its report was
#     applied at the exchange exactly once for the delivered amount;
#   * every outbox entry was delivered; the kiosk returned to service (ready for a customer);
#   * a round that was not killed reports no broken invariant (its own cash conservation: notes
#     its validator stacked == notes credited, notes its dispenser delivered == journaled).
# CRASH_SEED=N replays the same plan of sessions and kill moments (their effect still depends on
# the machine's pace). The last line is one JSON object: seed, kills, restarts, sessions, ...,
# violations (a list); the exit code is non-zero when it is not empty.
BIN=$1 SRC=$2
source "$(dirname "$0")/lib/common.sh"
SEED=${CRASH_SEED:-1601}
KILLS=${CRASH_KILLS:-30}
MAX_KILL_MS=${CRASH_MAX_KILL_MS:-6000}  # kill moments: [150, MAX_KILL_MS) ms after start
started=$(date +%s)
echo "crash harness: seed $SEED, $KILLS kills (replay: CRASH_SEED=$SEED CRASH_KILLS=$KILLS)"

start_exchange --seed "$SEED"
curl -fsS -X POST -H 'Content-Type: application/json' \
  -d '{"seen_after_ms": 200, "confirm_after_ms": 500}' "$EX_URL/sim/deposits/timing" >/dev/null
db="$WORK/kiosk.db"
config="$WORK/config.json"
# Without identification (its own scenarios cover it): reading an ID card per session would
# only slow the rounds.
jq --arg cfg "$(realpath "$SRC/config")" '.exchange.secret_file = $cfg + "/sim-secret.txt" | .operator.command_public_key_file = $cfg + "/sim-operator-command.pub" | del(.compliance)' \
  "$SRC/config/sim.json" >"$config"

STATE=$SEED
rnd() { STATE=$(((STATE * 1103515245 + 12345) % 2147483648)); R=$(((STATE >> 8) % $1)); }
pick() { local a=("$@"); rnd ${#a[@]}; P=${a[R]}; }

cash_in_session() {
  pick BTC/bitcoin USDT/tron ETH/ethereum LTC/litecoin
  STEPS+="{\"wait_ready\": true, \"timeout_ms\": 8000}, {\"tap\": \"choose_language\", \"value\": \"en\"},
    {\"tap\": \"choose_asset\", \"value\": \"$P\"}, {\"show_qr\": {\"asset\": \"$P\", \"valid\": true}},
    {\"wait_screen\": \"insert_notes\", \"timeout_ms\": 5000}"
  rnd 3
  for _ in $(seq 0 "$R"); do
    pick 500 1000 2000 5000 10000
    STEPS+=", {\"insert_note\": $P, \"timeout_ms\": 4000}, {\"wait_ms\": 300}"
  done
  STEPS+=', {"tap": "confirm"}, {"wait_screen": "done", "timeout_ms": 5000}, {"tap": "finish"},
    {"wait_screen": "welcome", "timeout_ms": 5000}'
}
cash_out_session() {
  pick 2000 5000 17000 37000 60000
  STEPS+="{\"wait_ready\": true, \"timeout_ms\": 8000}, {\"wait_cash_out\": true, \"timeout_ms\": 3000},
    {\"tap\": \"choose_language\", \"value\": \"en\"}, {\"tap\": \"start_cash_out\"},
    {\"tap\": \"choose_asset\", \"value\": \"BTC/bitcoin\"},
    {\"wait_screen\": \"sell.choose_amount\", \"timeout_ms\": 5000},
    {\"tap\": \"choose_amount\", \"value\": \"$P\"}, {\"wait_screen\": \"sell.awaiting_deposit\"},
    {\"wait_screen\": \"sell.done\", \"timeout_ms\": 10000}, {\"tap\": \"finish\"},
    {\"wait_screen\": \"welcome\", \"timeout_ms\": 5000}"
}

violations=()
violation() {
  violations+=("$1")
  echo "VIOLATION: $1" >&2
}

kills=0 restarts=0 rounds=0 planned_sessions=0
max_rounds=$((KILLS * 3 + 5))
while [ "$kills" -lt "$KILLS" ] && [ "$rounds" -lt "$max_rounds" ]; do
  rounds=$((rounds + 1))
  rnd 2
  n=$((R + 1))
  STEPS=""
  for s in $(seq 1 $n); do
    [ "$s" -gt 1 ] && STEPS+=", "
    rnd 3
    if [ "$R" -eq 0 ]; then cash_out_session; else cash_in_session; fi
  done
  planned_sessions=$((planned_sessions + n))
  echo "{\"name\": \"crash-$rounds\", \"steps\": [$STEPS]}" >"$WORK/round.json"
  rnd $((MAX_KILL_MS - 150))
  kill_ms=$((150 + R))
  "$BIN/kiosk" run --sim --config "$config" --db "$db" --exchange "$EX_URL" \
    --scenario "$WORK/round.json" >"$WORK/round.out" 2>"$WORK/round.log" &
  pid=$!
  [ "$rounds" -gt 1 ] && restarts=$((restarts + 1))
  sleep "$((kill_ms / 1000)).$(printf '%03d' $((kill_ms % 1000)))"
  killed=false
  kill -9 "$pid" 2>/dev/null && killed=true
  set +e
  wait "$pid" 2>/dev/null
  rc=$?
  set -e
  if $killed && [ "$rc" -eq 137 ]; then
    kills=$((kills + 1))
  else
    # Ended before its kill: 0 (every step done) or 3 (a step timed out, e.g. cash-out suspended
    # for the operator after an earlier kill mid-dispense); anything else is a crash of its own.
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
      violation "round $rounds: the kiosk exited $rc on its own"
      cp "$WORK/round.log" "$WORK/crashed-$rounds.log"
    fi
    broken=$(tail -1 "$WORK/round.out" | jq -c '.broken // []' 2>/dev/null || echo '"no summary"')
    [ "$broken" = "[]" ] || violation "round $rounds: invariants broken: $broken"
  fi
done
[ "$kills" -eq "$KILLS" ] || violation "only $kills of $KILLS kills landed in $rounds rounds"

# Heal: a last kiosk returns to service, drains the outbox and syncs the journal.
echo '{"name": "heal", "steps": [{"wait_ready": true, "timeout_ms": 20000},
  {"wait_outbox_empty": true, "timeout_ms": 40000},
  {"wait_journal_synced": true, "timeout_ms": 40000}, {"wait_ready": true}]}' >"$WORK/heal.json"
run_scenario heal "$db" "$WORK/heal.json"
restarts=$((restarts + 1))
[ "$RC" -eq 0 ] || violation "the healed kiosk did not return to service, drain and sync ($RC)"
broken=$(echo "$SUMMARY" | jq -c '.broken // ["no summary"]' 2>/dev/null || echo '["no summary"]')
[ "$broken" = "[]" ] || violation "heal summary: invariants broken: $broken"

q() { sqlite3 "$db" "$1"; }
# The chain, and the exchange's copy of it.
"$BIN/kiosk" verify-journal "$db" >"$WORK/verify.json" || violation "verify-journal: $(cat "$WORK/verify.json")"
"$BIN/kiosk" export-journal "$db" | jq -c '[.seq, .hash, .prev_hash]' >"$WORK/kiosk-journal"
curl -fsS "$EX_URL/sim/journal?kiosk=sim-ast-001" | jq -c '.rows[] | [.seq, .hash, .prev_hash]' \
  >"$WORK/exchange-journal"
cmp -s "$WORK/kiosk-journal" "$WORK/exchange-journal" ||
  violation "the exchange's journal ($(wc -l <"$WORK/exchange-journal") rows) differs from the kiosk's ($(wc -l <"$WORK/kiosk-journal"))"

# Cash-in: exactly once, for what was credited.
q "SELECT tx_id, json_extract(payload, '$.fiat_kzt') FROM journal WHERE type = 'cash_in.purchase_queued'" |
  tr '|' ' ' | sort >"$WORK/kiosk-purchases"
applied_cash_ins | sort >"$WORK/exchange-applied"
cmp -s "$WORK/kiosk-purchases" "$WORK/exchange-applied" ||
  violation "purchases differ from what the exchange applied: $(diff "$WORK/kiosk-purchases" "$WORK/exchange-applied" | head -5 | tr '\n' ' ')"
dup=$(cut -d' ' -f1 "$WORK/kiosk-purchases" | uniq -d | head -3 | tr '\n' ' ')
[ -z "$dup" ] || violation "double purchase: $dup"
unbought=$(q "SELECT c.tx_id FROM (SELECT tx_id, SUM(json_extract(payload, '$.kzt')) k FROM journal
  WHERE type = 'cash_in.note_credited' GROUP BY tx_id) c LEFT JOIN (SELECT tx_id,
  json_extract(payload, '$.fiat_kzt') f FROM journal WHERE type = 'cash_in.purchase_queued') p
  ON p.tx_id = c.tx_id WHERE p.f IS NULL OR p.f != c.k" | head -3 | tr '\n' ' ')
[ -z "$unbought" ] || violation "credited cash not bought exactly: $unbought"

# Cash-out: one intent per order, one result per intent, within the plan, reported once.
twice=$(q "SELECT json_extract(payload, '$.order_id') o FROM journal WHERE type = 'cash_out.dispense_intent'
  GROUP BY o HAVING COUNT(*) > 1" | head -3 | tr '\n' ' ')
[ -z "$twice" ] || violation "orders with more than one dispense intent: $twice"
unsettled=$(q "SELECT i.tx_id FROM journal i WHERE i.type = 'cash_out.dispense_intent' AND
  (SELECT COUNT(*) FROM journal r WHERE r.tx_id = i.tx_id AND r.type = 'cash_out.dispense_result') != 1" |
  head -3 | tr '\n' ' ')
[ -z "$unsettled" ] || violation "dispense intents without exactly one result: $unsettled"
over=$(q "SELECT tx_id FROM journal WHERE type = 'cash_out.dispense_result' AND
  json_extract(payload, '$.fiat_kzt') > json_extract(payload, '$.planned_kzt')" | head -3 | tr '\n' ' ')
[ -z "$over" ] || violation "delivered more than planned: $over"
q "SELECT tx_id, json_extract(payload, '$.fiat_kzt') FROM journal WHERE type = 'cash_out.dispense_result'" |
  tr '|' ' ' | sort >"$WORK/kiosk-dispensed"
curl -fsS "$EX_URL/sim/requests" | jq -r '.requests[] | select((.target | endswith("/dispensed"))
  and .status == 200 and (.replay | not)) | (.body | fromjson) | "\(.tx_id) \(.fiat_kzt)"' |
  sort >"$WORK/exchange-dispensed"
cmp -s "$WORK/kiosk-dispensed" "$WORK/exchange-dispensed" ||
  violation "dispense reports differ from what the exchange applied: $(diff "$WORK/kiosk-dispensed" "$WORK/exchange-dispensed" | head -5 | tr '\n' ' ')"

undelivered=$(q "SELECT COUNT(*) FROM outbox WHERE state != 'delivered'")
[ "$undelivered" -eq 0 ] || violation "$undelivered outbox entries not delivered"

sessions=$(q "SELECT COUNT(*) FROM journal WHERE type IN ('cash_in.session_opened', 'cash_out.session_opened')")
purchases=$(wc -l <"$WORK/kiosk-purchases")
dispenses=$(wc -l <"$WORK/kiosk-dispensed")
recovered=$(q "SELECT COUNT(*) FROM journal WHERE (type = 'cash_in.purchase_queued' AND json_extract(payload, '$.end') = 'recovered')
  OR (type = 'cash_out.dispense_result' AND json_extract(payload, '$.recovered'))")
rows=$(wc -l <"$WORK/kiosk-journal")
elapsed=$(($(date +%s) - started))
viol_json=$(printf '%s\n' "${violations[@]}" | jq -R . | jq -sc 'map(select(. != ""))')
jq -nc --argjson seed "$SEED" --argjson kills "$kills" --argjson restarts "$restarts" \
  --argjson rounds "$rounds" --argjson sessions "$sessions" --argjson planned "$planned_sessions" \
  --argjson purchases "$purchases" --argjson dispenses "$dispenses" --argjson recovered "$recovered" \
  --argjson rows "$rows" --argjson seconds "$elapsed" --argjson violations "$viol_json" \
  '{seed: $seed, kills: $kills, restarts: $restarts, rounds: $rounds, sessions: $sessions,
    sessions_planned: $planned, purchases: $purchases, dispenses: $dispenses,
    recovered: $recovered, journal_rows: $rows, seconds: $seconds, violations: $violations}'
[ ${#violations[@]} -eq 0 ] || fail "seed $SEED: ${#violations[@]} violations"
