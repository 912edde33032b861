#!/usr/bin/env bash
# Issue 15's "Done when", as one walk: from the exchange simulator an operator takes `kiosk run
# --sim` into maintenance, refills, runs a test dispense (notes into the reject tray: the
# cassette book and the simulated device agree), reconciles and brings it back; each step is
# journaled under the command's id and each result is posted exactly once. Then the technician's
# `kiosk ctl test-dispense`, and every destructive or money-moving command refused `busy` while a
# customer is in a session (signed commands and ctl alike).
BIN=$1 SRC=$2
source "$(dirname "$0")/lib/common.sh"
command -v jq >/dev/null && command -v sqlite3 >/dev/null && command -v curl >/dev/null || exit 77

KPID=""
trap '[ -n "$KPID" ] && kill "$KPID" 2>/dev/null; cleanup' EXIT
start_exchange
DB="$WORK/k.db"
SOCK="$WORK/kiosk-ctl.sock"
"$BIN/kiosk" run --sim --db "$DB" --exchange "$EX_URL" --port 0 >"$WORK/kiosk.out" 2>"$WORK/kiosk.log" &
KPID=$!
PORT=""
for _ in $(seq 1 300); do
  PORT=$(grep -o 'ui=http://127.0.0.1:[0-9]*' "$WORK/kiosk.log" 2>/dev/null | head -1 | sed 's/.*://' || true)
  [ -n "$PORT" ] && grep -q 'event=operator.commands_started' "$WORK/kiosk.log" && break
  kill -0 "$KPID" 2>/dev/null || fail "the kiosk exited"
  sleep 0.05
done
[ -n "$PORT" ] || fail "the kiosk did not start"

post() { curl -fsS -X POST -H 'Content-Type: application/json' -d "$2" "$EX_URL$1"; }
sign() { post /sim/commands/sign "$1" | jq -r .id; }
results_for() { curl -fsS "$EX_URL/sim/commands/results" | jq -c --arg id "$1" '[.results[] | select(.id == $id)]'; }
expect() {  # expect ID STATUS [REASON]: prints the one result posted for ID
  local r
  for _ in $(seq 1 300); do
    r=$(results_for "$1")
    [ "$(echo "$r" | jq length)" -ge 1 ] && break
    sleep 0.05
  done
  r=$(echo "$r" | jq -c '.[0]')
  [ "$(echo "$r" | jq -r .status)" = "$2" ] || fail "$1: $r, not $2"
  [ -z "${3:-}" ] || [ "$(echo "$r" | jq -r .reason)" = "$3" ] || fail "$1: $r, not $3"
  echo "$r"
}
rows() { sqlite3 "$DB" "SELECT COUNT(*) FROM journal WHERE type='$1' AND payload LIKE '%$2%'"; }
ctl() { "$BIN/kiosk" ctl --socket "$SOCK" "$@" --json || true; }
IDS=()

# 1. The walk: maintenance, refill, test dispense, reconcile, back in service.
not_yet=$(sign '{"name": "test_dispense", "args": {"cassette": 0, "count": 1}}')
expect "$not_yet" refused busy >/dev/null  # maintenance only
id=$(sign '{"name": "enter_maintenance"}'); IDS+=("$id")
expect "$id" executed >/dev/null
[ "$(rows kiosk.mode_changed "\"by\":\"operator:$id\"")" = 1 ] || fail "maintenance not journaled"
id=$(sign '{"name": "refill", "args": {"cassettes": [{"kzt": 20000, "count": 40}, {"kzt": 10000, "count": 80},
  {"kzt": 5000, "count": 90}, {"kzt": 2000, "count": 100}]}}'); IDS+=("$id")
r=$(expect "$id" executed)
[ "$(echo "$r" | jq -r .output.by)" = "operator:$id" ] || fail "refill without its actor: $r"
[ "$(rows cassette.refilled "\"by\":\"operator:$id\"")" = 1 ] || fail "refill not journaled"
id=$(sign '{"name": "test_dispense", "args": {"cassette": 1, "count": 3}}'); IDS+=("$id")
r=$(expect "$id" executed)
echo "$r" | jq -e '.output.moved_to_reject_tray == 3 and .output.result == "complete"' >/dev/null ||
  fail "test dispense: $r"
[ "$(rows maintenance.test_dispense_started "\"by\":\"operator:$id\"")" = 1 ] || fail "test dispense not journaled"
[ "$(rows maintenance.test_dispensed "\"by\":\"operator:$id\"")" = 3 ] || fail "test notes not journaled"
id=$(sign '{"name": "test_print"}'); IDS+=("$id")
r=$(expect "$id" executed)
echo "$r" | jq -e '.output.printed and .output.kiosk_id == "sim-ast-001" and (.output.version | length) > 0
  and (.output.time | endswith("UTC"))' >/dev/null || fail "test print: $r"
[ "$(rows maintenance.test_printed "\"by\":\"operator:$id\"")" = 1 ] || fail "test print not journaled"
id=$(sign '{"name": "reconcile"}'); IDS+=("$id")
r=$(expect "$id" executed)
echo "$r" | jq -e '.output.cassettes[1].count == 77 and .output.device[1].left == 77
  and .output.reject.notes == 3 and .output.cassettes[0].count == 40' >/dev/null ||
  fail "the book and the device disagree after the test dispense: $r"
id=$(sign '{"name": "set_config", "args": {"fees": {"cash_in_bps": 250}, "cash_in": {"timeouts_s": {"insert_notes": 120}}}}'); IDS+=("$id")
r=$(expect "$id" executed)
echo "$r" | jq -e '.output.version == 1 and .output.old["/fees/cash_in_bps"] == 300
  and .output.new["/fees/cash_in_bps"] == 250 and (.output.restart_required | index("/fees/cash_in_bps")) != null' \
  >/dev/null || fail "set_config: $r"
[ "$(rows config.changed "\"by\":\"operator:$id\"")" = 1 ] || fail "set_config not journaled"
r=$(expect "$(sign '{"name": "set_config", "args": {"fees": {"cash_in_bps": 90000}}}')" refused bad_args)
echo "$r" | jq -e '.output.problems | length > 0' >/dev/null || fail "set_config out of range: $r"
expect "$(sign '{"name": "set_config", "args": {"exchange": {"url": "http://example.org"}}}')" refused bad_args >/dev/null
id=$(sign '{"name": "leave_maintenance"}'); IDS+=("$id")
r=$(expect "$id" executed)
[ "$(echo "$r" | jq -r .output.mode.mode)" = in_service ] || fail "not back in service: $r"
[ "$(rows kiosk.mode_changed "\"by\":\"operator:$id\"")" = 1 ] || fail "leaving not journaled"
sleep 2.5  # several polls: nothing is answered twice
for id in "${IDS[@]}"; do
  [ "$(results_for "$id" | jq length)" = 1 ] || fail "$id answered $(results_for "$id" | jq length) times"
done
echo "ok: maintenance, refill, test dispense, reconcile, back; each journaled and answered once"

# 2. The technician on site: kiosk ctl test-dispense (maintenance only).
ctl test-dispense --cassette 0 | jq -e '.ok == false and .error == "busy"' >/dev/null ||
  fail "ctl test-dispense outside maintenance"
ctl test-dispense --cassette 0 --count 9 | jq -e '.error == "bad_request"' >/dev/null ||
  fail "ctl test-dispense --count 9 accepted"
ctl maintenance on | jq -e .ok >/dev/null || fail "ctl maintenance on"
r=$(ctl test-dispense --cassette 0 --count 2)
echo "$r" | jq -e '.ok and .result.moved_to_reject_tray == 2 and .result.by == "ctl"' >/dev/null ||
  fail "ctl test-dispense: $r"
"$BIN/kiosk" ctl --socket "$SOCK" cassettes --json |
  jq -e '.result.cassettes[0].count == 38 and .result.reject_tray_notes == 5' >/dev/null ||
  fail "ctl cassettes after the test dispense: $("$BIN/kiosk" ctl --socket "$SOCK" cassettes --json)"
ctl maintenance off | jq -e .ok >/dev/null || fail "ctl maintenance off"
echo "ok: kiosk ctl test-dispense"

# 3. A customer in a session: every destructive or money-moving command is refused busy.
for _ in $(seq 1 150); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/healthz")" = 200 ] && break
  sleep 0.1
done
exec 3<>"/dev/tcp/127.0.0.1/$PORT"
printf 'GET /ws HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nOrigin: http://127.0.0.1:%s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n' "$PORT" "$PORT" >&3
IFS= read -r -t 5 line <&3 || true
case "$line" in *101*) ;; *) fail "websocket upgrade refused: $line" ;; esac
payload='{"type":"action","action":"choose_language","value":"en"}'
printf "\\x81\\x$(printf %02x $(( ${#payload} + 128 )))\\x00\\x00\\x00\\x00%s" "$payload" >&3
in_session() { ctl status | jq -e '.result.in_session == true or .result.customer_in_session == true' >/dev/null; }
for _ in $(seq 1 100); do in_session && break; sleep 0.05; done
in_session || fail "no customer session: $(ctl status)"
for cmd in '{"name": "refill", "args": {"cassettes": [{"kzt": 20000, "count": 1}]}}' \
  '{"name": "test_dispense", "args": {"cassette": 0}}' \
  '{"name": "collect_cash_box", "args": {"notes": [{"kzt": 5000, "count": 1}]}}' \
  '{"name": "lift_cash_out_suspension", "args": {"note": "counted"}}' \
  '{"name": "set_config", "args": {"fees": {"cash_in_bps": 100}}}' \
  '{"name": "test_print"}' '{"name": "restart"}'; do
  r=$(expect "$(sign "$cmd")" refused busy)
  [ "$(echo "$r" | jq -r .reason)" = busy ] || fail "$cmd during a session: $r"
done
ctl refill --cassettes 20000:1,10000:1,5000:1,2000:1 | jq -e '.error == "busy"' >/dev/null ||
  fail "ctl refill during a session"
ctl test-dispense --cassette 0 | jq -e '.error == "busy"' >/dev/null || fail "ctl test-dispense during a session"
kill -0 "$KPID" || fail "the kiosk restarted mid-session"
[ "$(rows maintenance.test_dispense_started '"by":"operator:')" = 1 ] || fail "a test dispense ran mid-session"
exec 3>&-
echo "ok: destructive commands refused busy during a session"

# 4. The config change survives a restart (kept in the database; the file is untouched).
sum_before=$(md5sum "$SRC/config/sim.json")
kill -TERM "$KPID"
wait "$KPID" 2>/dev/null || true
"$BIN/kiosk" run --sim --db "$DB" --exchange "$EX_URL" --port 0 >>"$WORK/kiosk.out" 2>>"$WORK/kiosk.log" &
KPID=$!
for _ in $(seq 1 300); do
  [ "$(grep -c 'event=operator.commands_started' "$WORK/kiosk.log")" -ge 2 ] && break
  sleep 0.05
done
r=$(expect "$(sign '{"name": "set_config", "args": {"fees": {"cash_in_bps": 200}}}')" executed)
echo "$r" | jq -e '.output.version == 2 and .output.old["/fees/cash_in_bps"] == 250' >/dev/null ||
  fail "the config change did not survive the restart: $r"
[ "$(md5sum "$SRC/config/sim.json")" = "$sum_before" ] || fail "the config file was rewritten"
echo "ok: set_config versioned, journaled and kept across a restart"
"$BIN/kiosk" verify-journal "$DB" >/dev/null || fail "journal chain broken"
echo "maintenance walkthrough: ok"
