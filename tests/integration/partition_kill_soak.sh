#!/usr/bin/env bash
# Randomised partition + kill soak. The exchange simulator runs out of process; in each round a
# kiosk (`kiosk run --sim --scenario`) serves a few cash-in sessions while the exchange is
# partitioned, slowed, dropped or answered with junk at random points, and the kiosk is killed
# with SIGKILL at a random moment (or left to finish). Then the faults heal and a last kiosk
# drains its outbox and syncs its journal. Checked at the end:
#   * every purchase in the kiosk's journal was applied by the exchange exactly once, for the
#     credited amount, and the exchange applied nothing else;
#   * the journal chain verifies (`kiosk verify-journal`);
#   * the journal copy the exchange holds (`/sim/journal`) is the kiosk's journal, row for row;
#   * the offline cap and the per-transaction offline limit (config) were never exceeded;
#   * no kiosk process crashed on its own.
# The kiosk runs without the compliance section here: identification has its own scenarios
# (tests/scenarios/cash_in_kyc*.json), and reading an ID card on every session would only slow the
# rounds (under the sanitizers, past the kills).
# Seeded: SOAK_SEED=N replays the same plan (fault timing still depends on the machine's pace);
# SOAK_ROUNDS=N sets the number of rounds. A failure prints the seed.
BIN=$1 SRC=$2
source "$(dirname "$0")/lib/common.sh"
SEED=${SOAK_SEED:-7301}
ROUNDS=${SOAK_ROUNDS:-6}
KIOSK=sim-ast-001
CAP=30000 OFFLINE_MAX_TX=20000
echo "seed $SEED, $ROUNDS rounds (replay: SOAK_SEED=$SEED SOAK_ROUNDS=$ROUNDS)"
pid=""
soak_fail() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
  fail "seed $SEED: $*"
}

start_exchange --seed "$SEED"
db="$WORK/soak.db"
config="$WORK/soak-config.json"
jq --arg cfg "$(realpath "$SRC/config")" --argjson cap $CAP --argjson max $OFFLINE_MAX_TX \
  '.exchange.secret_file = $cfg + "/sim-secret.txt" | .operator.command_public_key_file = $cfg + "/sim-operator-command.pub" | .offline.cap_kzt = $cap | .offline.max_tx_kzt = $max
   | del(.compliance)' \
  "$SRC/config/sim.json" >"$config"

# A small LCG in this shell (not $RANDOM: a $(...) subshell would not advance it for the parent).
STATE=$SEED
rnd() { STATE=$(((STATE * 1103515245 + 12345) % 2147483648)); R=$(((STATE >> 8) % $1)); }  # R in [0, $1)
pick() { local a=("$@"); rnd ${#a[@]}; P=${a[R]}; }
chance() { rnd 100; [ "$R" -lt "$1" ]; }  # chance PERCENT
ms() { echo "$(($1 / 1000)).$(printf '%03d' $(($1 % 1000)))"; }

# One customer session appended to STEPS: language, asset, wallet QR, 1-3 notes, confirm, back
# to the welcome screen. Notes over the offline limit come back; a session without credit is
# cancelled.
session() {
  pick BTC/bitcoin USDT/tron ETH/ethereum LTC/litecoin
  STEPS+="{\"wait_ready\": true, \"timeout_ms\": 8000}, {\"tap\": \"choose_language\", \"value\": \"en\"},
    {\"tap\": \"choose_asset\", \"value\": \"$P\"}, {\"show_qr\": {\"asset\": \"$P\", \"valid\": true}},
    {\"wait_screen\": \"insert_notes\", \"timeout_ms\": 8000}"
  rnd 3
  for _ in $(seq 0 "$R"); do
    pick 500 1000 2000 5000 10000
    STEPS+=", {\"insert_note\": $P, \"timeout_ms\": 4000}, {\"wait_ms\": 700}"
  done
  STEPS+=', {"tap": "confirm"}, {"wait_ms": 2000}, {"tap": "cancel"}, {"wait_ms": 300},
    {"tap": "finish"}, {"wait_ms": 300}'
}

# Faults for a round: mostly healthy with some noise; $1 says whether it starts partitioned.
noise() {
  local e d j l
  pick 0 0 0.1 0.2; e=$P
  pick 0 0 0.1; d=$P
  pick 0 0 0.1 0.2; j=$P
  pick 0 0 50 300; l=$P
  FAULTS="{\"partitioned\": $1, \"error_rate\": $e, \"drop_rate\": $d, \"junk_rate\": $j, \"latency_ms\": $l}"
}

kills=0 partitions=0
for round in $(seq 1 "$ROUNDS"); do
  rnd 2
  sessions=$((R + 1))
  STEPS=""
  for s in $(seq 1 $sessions); do
    [ "$s" -gt 1 ] && STEPS+=", "
    session
  done
  echo "{\"name\": \"soak-$round\", \"steps\": [$STEPS]}" >"$WORK/round-$round.json"
  # The first round starts healthy so the kiosk has rates to fall back on offline.
  start_partitioned=false
  [ "$round" -gt 1 ] && chance 35 && start_partitioned=true
  $start_partitioned && partitions=$((partitions + 1))
  noise $start_partitioned
  exchange_faults "$FAULTS"
  rnd 6000
  toggle_at=$((500 + R)) # ms after start: flip the partition
  rnd $((sessions * 6000))
  kill_at=$((1000 + R)) # ms after start: SIGKILL (if this round kills)
  do_kill=false
  chance 70 && do_kill=true
  "$BIN/kiosk" run --sim --config "$config" --db "$db" --exchange "$EX_URL" \
    --scenario "$WORK/round-$round.json" >"$WORK/round-$round.out" 2>"$WORK/round-$round.log" &
  pid=$!
  t=0 toggled=false killed=false
  while kill -0 "$pid" 2>/dev/null; do
    sleep 0.1
    t=$((t + 100))
    if ! $toggled && [ $t -ge $toggle_at ]; then
      toggled=true
      now_partitioned=true
      $start_partitioned && now_partitioned=false
      $now_partitioned && partitions=$((partitions + 1))
      exchange_faults "{\"partitioned\": $now_partitioned}"
    fi
    if $do_kill && ! $killed && [ $t -ge $kill_at ]; then
      kill -9 "$pid" 2>/dev/null && killed=true
    fi
    [ $t -ge 60000 ] && soak_fail "round $round: the kiosk did not finish within 60 s"
  done
  set +e
  wait "$pid" 2>/dev/null
  rc=$?
  set -e
  if $killed; then
    [ "$rc" -eq 137 ] || soak_fail "round $round: killed kiosk exited $rc"
    kills=$((kills + 1))
  else
    # 0: every step done; 3: a step timed out (e.g. offline over the cap): both are normal ends.
    [ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] || soak_fail "round $round: the kiosk exited $rc (crash?)"
  fi
  echo "round $round: $sessions sessions, start partitioned $start_partitioned, toggle at $(ms $toggle_at) s," \
    "$($killed && echo "killed at $(ms $kill_at) s" || echo "ran to the end (rc $rc)")"
done

# Heal, then a last kiosk drains the outbox and syncs the journal.
exchange_faults '{"partitioned": false, "error_rate": 0, "drop_rate": 0, "junk_rate": 0, "latency_ms": 0}'
echo '{"name": "heal", "steps": [{"wait_outbox_empty": true, "timeout_ms": 40000},
  {"wait_journal_synced": true, "timeout_ms": 40000}]}' >"$WORK/heal.json"
run_scenario heal "$db" "$WORK/heal.json"
[ "$RC" -eq 0 ] || soak_fail "the healed kiosk did not drain and sync ($RC): $SUMMARY"
echo "$SUMMARY" | jq -e '.invariants.journal_chain and .invariants.no_double_purchase
                         and .invariants.purchases_match_credits' >/dev/null ||
  soak_fail "invariants broken: $SUMMARY"

# 1. Exactly once: the kiosk's purchases vs what the exchange applied.
sqlite3 "$db" "SELECT tx_id, json_extract(payload, '$.fiat_kzt') FROM journal
               WHERE type = 'cash_in.purchase_queued'" | tr '|' ' ' | sort >"$WORK/kiosk-purchases"
applied_cash_ins | sort >"$WORK/exchange-applied"
purchases=$(wc -l <"$WORK/kiosk-purchases")
[ "$purchases" -ge 1 ] || soak_fail "no purchase was made in $ROUNDS rounds"
diff "$WORK/kiosk-purchases" "$WORK/exchange-applied" >"$WORK/purchases.diff" ||
  soak_fail "purchases differ from what the exchange applied: $(cat "$WORK/purchases.diff")"
dups=$(cut -d' ' -f1 "$WORK/exchange-applied" | uniq -d | wc -l)
[ "$dups" -eq 0 ] || soak_fail "$dups transactions applied more than once"
failed=$(sqlite3 "$db" "SELECT COUNT(*) FROM outbox WHERE state != 'delivered'")
[ "$failed" -eq 0 ] || soak_fail "$failed outbox requests not delivered"
# Every credited note was bought: per tx, credited == purchased.
unbought=$(sqlite3 "$db" "SELECT c.tx_id FROM (SELECT tx_id, SUM(json_extract(payload, '$.kzt')) k
  FROM journal WHERE type = 'cash_in.note_credited' GROUP BY tx_id) c
  LEFT JOIN (SELECT tx_id, json_extract(payload, '$.fiat_kzt') f FROM journal
  WHERE type = 'cash_in.purchase_queued') p ON p.tx_id = c.tx_id WHERE p.f IS NULL OR p.f != c.k")
[ -z "$unbought" ] || soak_fail "credited cash not bought exactly: $unbought"

# 2. The chain verifies.
"$BIN/kiosk" verify-journal "$db" >"$WORK/verify.json" || soak_fail "verify-journal: $(cat "$WORK/verify.json")"

# 3. The exchange's copy of the journal is the kiosk's journal.
"$BIN/kiosk" export-journal "$db" | jq -c '[.seq, .hash, .prev_hash]' >"$WORK/kiosk-journal"
curl -fsS "$EX_URL/sim/journal?kiosk=$KIOSK" | jq -c '.rows[] | [.seq, .hash, .prev_hash]' >"$WORK/exchange-journal"
rows=$(wc -l <"$WORK/kiosk-journal")
diff "$WORK/kiosk-journal" "$WORK/exchange-journal" >/dev/null ||
  soak_fail "the exchange's journal ($(wc -l <"$WORK/exchange-journal") rows) differs from the kiosk's ($rows rows)"

# 4. The offline cap: when each offline purchase was queued, the fiat not yet acknowledged by the
#    exchange (itself included) stayed within the cap; each offline purchase within its limit.
read -r offline worst biggest < <(sqlite3 -separator ' ' "$db" "
  WITH ci AS (SELECT id, created_at_ms c, finished_at_ms f, json_extract(body, '$.fiat_kzt') kzt,
                     json_extract(body, '$.offline') off FROM outbox WHERE path = '/v1/cash-in')
  SELECT COUNT(*), COALESCE(MAX(e), 0), COALESCE(MAX(kzt), 0) FROM (
    SELECT o.kzt, (SELECT SUM(r.kzt) FROM ci r WHERE r.id <= o.id AND (r.f IS NULL OR r.f > o.c)) e
    FROM ci o WHERE o.off = 1)")
[ "$worst" -le "$CAP" ] || soak_fail "offline exposure reached $worst KZT, over the cap of $CAP"
[ "$biggest" -le "$OFFLINE_MAX_TX" ] || soak_fail "an offline purchase of $biggest KZT, over $OFFLINE_MAX_TX"

echo "ok: $purchases purchases applied exactly once; $rows journal rows verified and synced;" \
  "$offline offline purchases, peak offline exposure $worst of $CAP KZT; $kills kills, $partitions partitions"
echo "1 passed, 0 failed"
