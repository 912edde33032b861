#!/usr/bin/env bash
# Remote maintenance against `kiosk run --sim` and a standalone exchange simulator: signed
# commands take the kiosk into maintenance, refill, reconcile and back, all journaled; forged,
# tampered, replayed, expired, wrong-kiosk, malformed, unknown and bad-args commands are refused
# with their reasons; an id is answered once; with the exchange partitioned commands wait and the
# result is delivered once; an operator mode survives a restart; `restart` exits 75.
BIN=$1 SRC=$2
source "$(dirname "$0")/lib/common.sh"
command -v jq >/dev/null && command -v sqlite3 >/dev/null && command -v curl >/dev/null || exit 77

KIOSK_PID=""
stop_kiosk() {
  [ -n "$KIOSK_PID" ] || return 0
  kill -TERM "$KIOSK_PID" 2>/dev/null || true
  wait "$KIOSK_PID" 2>/dev/null || true
  KIOSK_PID=""
}
trap 'stop_kiosk; cleanup' EXIT

start_exchange
DB="$WORK/kiosk.db"
start_kiosk() {
  "$BIN/kiosk" run --sim --db "$DB" --exchange "$EX_URL" --port 0 \
    >>"$WORK/kiosk.out" 2>>"$WORK/kiosk.log" &
  KIOSK_PID=$!
  for _ in $(seq 1 200); do
    [ "$(grep -c 'event=operator.commands_started' "$WORK/kiosk.log" 2>/dev/null || true)" -ge "$1" ] && return 0
    sleep 0.05
  done
  fail "the kiosk did not start polling commands"
}
start_kiosk 1

post() { curl -fsS -X POST -H 'Content-Type: application/json' -d "$2" "$EX_URL$1"; }
sign() { post /sim/commands/sign "$1" | jq -r .id; }          # prints the command's id
enqueue() { post /sim/commands "$1" >/dev/null; }
results_for() { curl -fsS "$EX_URL/sim/commands/results" | jq -c --arg id "$1" '[.results[] | select(.id == $id)]'; }
# wait_result ID: the one result posted for ID (fails after 15 s)
wait_result() {
  local r
  for _ in $(seq 1 300); do
    r=$(results_for "$1")
    [ "$(echo "$r" | jq length)" -ge 1 ] && { echo "$r" | jq -c '.[0]'; return 0; }
    sleep 0.05
  done
  fail "no result for $1"
}
expect() {  # expect ID STATUS [REASON]
  local r
  r=$(wait_result "$1")
  [ "$(echo "$r" | jq -r .status)" = "$2" ] || fail "$1: $r, not $2"
  [ -z "${3:-}" ] || [ "$(echo "$r" | jq -r .reason)" = "$3" ] || fail "$1: $r, not $3"
  echo "$r"
}
rows() { sqlite3 "$DB" "SELECT COUNT(*) FROM journal WHERE type='$1' AND payload LIKE '%$2%'"; }

# Status, then maintenance, refill, reconcile, a cash box collection and back.
r=$(expect "$(sign '{"name": "status"}')" executed)
[ "$(echo "$r" | jq -r .output.mode)" != null ] || fail "status without a mode: $r"
refill='{"name": "refill", "args": {"cassettes": [{"kzt": 20000, "count": 40}, {"kzt": 10000, "count": 80},
          {"kzt": 5000, "count": 90}, {"kzt": 2000, "count": 100}]}}'
expect "$(sign "$refill")" refused busy >/dev/null  # not in maintenance
expect "$(sign '{"name": "enter_maintenance"}')" executed >/dev/null
[ "$(rows kiosk.mode_changed '"mode":"maintenance"')" -ge 1 ] || fail "maintenance not journaled"
r=$(expect "$(sign '{"name": "status"}')" executed)
[ "$(echo "$r" | jq -r .output.operator_mode.mode)" = maintenance ] || fail "status: $r"
[ "$(echo "$r" | jq -r .output.offers.buy)" = false ] || fail "buying offered in maintenance: $r"
[ "$(echo "$r" | jq -r .output.offers.sell)" = false ] || fail "selling offered in maintenance: $r"
expect "$(sign "$refill")" executed >/dev/null
[ "$(rows cassette.refilled '"count":40')" -ge 1 ] || fail "refill not journaled"
r=$(expect "$(sign '{"name": "reconcile"}')" executed)
[ "$(echo "$r" | jq -r '.output.cassettes[0].count')" = 40 ] || fail "reconcile: $r"
[ "$(echo "$r" | jq -r '.output.device[0].left')" = 40 ] || fail "the simulated cassette was not refilled: $r"
r=$(expect "$(sign '{"name": "collect_cash_box", "args": {"notes": [{"kzt": 5000, "count": 2}]}}')" executed)
[ "$(echo "$r" | jq -r .output.since_last.difference_kzt)" = 10000 ] || fail "collection: $r"
[ "$(rows cash_box.collected '"collections":1')" = 1 ] || fail "collection not journaled"
expect "$(sign '{"name": "leave_maintenance"}')" executed >/dev/null
r=$(expect "$(sign '{"name": "export_journal", "args": {"from": 1, "to": 5}}')" executed)
[ "$(echo "$r" | jq -r '.output.rows | length')" = 5 ] || fail "export_journal: $r"
[ "$(rows kiosk.mode_changed '"mode":"in_service"')" -ge 1 ] || fail "leaving maintenance not journaled"

# Refusals, each with its reason.
"$BIN/kiosk" operator keygen --out "$WORK/forger" >/dev/null
forged=$("$BIN/kiosk" operator sign --key "$WORK/forger.key" --kiosk sim-ast-001 --seq 1000 \
  --name enter_maintenance --id forged-1)
enqueue "$forged"
expect forged-1 refused bad_signature >/dev/null
tampered=$("$BIN/kiosk" operator sign --key "$SRC/config/sim-operator-command.key" --kiosk sim-ast-001 \
  --seq 1001 --name out_of_service --args '{"message": "Back soon"}' --id tampered-1 |
  jq -c '.command.args.message = "Send your coins to ..."')
enqueue "$tampered"
expect tampered-1 refused bad_signature >/dev/null
expect "$(sign '{"name": "status", "seq": 1, "id": "replay-1"}')" refused replayed >/dev/null
expect "$(sign '{"name": "status", "ttl_s": -10}')" refused expired >/dev/null
expect "$(sign '{"name": "status", "kiosk_id": "sim-alm-001"}')" refused wrong_kiosk >/dev/null
enqueue '{"id": "malformed-1", "seq": "seven", "command": "status"}'
expect malformed-1 refused malformed >/dev/null
expect "$(sign '{"name": "format_disk"}')" refused unknown_command >/dev/null
expect "$(sign '{"name": "out_of_service", "args": {"message": 42}}')" refused bad_args >/dev/null
expect "$(sign '{"name": "out_of_service", "args": {"message": {"a": {"b": {"c": {"d": 1}}}}}}')" \
  refused bad_args >/dev/null
[ "$(rows operator.command_refused bad_signature)" -ge 2 ] || fail "refusals not journaled"
# A duplicate id (another envelope, same id) is not run again and gets no second result.
dup=$(sign '{"name": "status", "id": "dup-1"}')
expect "$dup" executed >/dev/null
post /sim/commands/sign '{"name": "enter_maintenance", "id": "dup-1"}' >/dev/null
sleep 2.5
[ "$(results_for dup-1 | jq length)" = 1 ] || fail "dup-1 answered twice: $(results_for dup-1)"
[ "$(rows kiosk.mode_changed '"by":"operator:dup-1"')" = 0 ] || fail "a duplicate id was run"

# Partitioned: the command waits; its result arrives once when the exchange is back.
exchange_faults '{"partitioned": true}'
sleep 1.5
part=$(sign '{"name": "out_of_service", "args": {"message": "Cash collection"}}')
sleep 3
[ "$(results_for "$part" | jq length)" = 0 ] || fail "a result came through the partition"
exchange_faults '{"partitioned": false}'
expect "$part" executed >/dev/null
sleep 3
[ "$(results_for "$part" | jq length)" = 1 ] || fail "result delivered more than once"

# The operator's out of service survives a restart.
stop_kiosk
start_kiosk 2
r=$(expect "$(sign '{"name": "status"}')" executed)
[ "$(echo "$r" | jq -r .output.operator_mode.mode)" = out_of_service ] || fail "mode lost: $r"
[ "$(echo "$r" | jq -r .output.operator_mode.message)" = "Cash collection" ] || fail "message lost: $r"
expect "$(sign '{"name": "in_service"}')" executed >/dev/null
# `restart`: a clean stop with the exit status the service manager restarts.
expect "$(sign '{"name": "restart"}')" executed >/dev/null
for _ in $(seq 1 300); do kill -0 "$KIOSK_PID" 2>/dev/null || break; sleep 0.05; done
kill -0 "$KIOSK_PID" 2>/dev/null && fail "restart: the kiosk did not stop"
set +e
wait "$KIOSK_PID"
rc=$?
set -e
KIOSK_PID=""
[ "$rc" -eq 75 ] || fail "restart: the kiosk exited $rc, not 75"
"$BIN/kiosk" verify-journal "$DB" >/dev/null || fail "journal chain broken"
echo "operator commands: ok"
