#!/usr/bin/env bash
# Observability against `kiosk run --sim` (README "Watching a kiosk"): after a purchase and a
# restart the journal-derived counters still count it; a heartbeat reaches the
# exchange simulator (GET /sim/heartbeats) in the v1 form; /metrics is Prometheus text carrying
# the named families; /healthz is 200 in service and 503 with the reason once the validator is
# unplugged (the console's WebSocket action); `kiosk ctl status --json` answers over a socket of
# mode 0660, and another user is refused (by the file mode, and by the server's SO_PEERCRED check
# when the mode is opened up).
BIN=$1 SRC=$2
source "$(dirname "$0")/lib/common.sh"
command -v curl >/dev/null && command -v jq >/dev/null || { echo "skip: needs curl and jq"; exit 77; }
start_exchange

# A purchase on this database first (a scenario, then the kiosk stops): the counters of /metrics
# and the heartbeat's cash box come from the journal, so they survive the restart.
run_scenario basic "$WORK/k.db" "$SRC/tests/scenarios/cash_in_basic.json"
[ "$RC" -eq 0 ] || fail "the cash-in scenario failed ($RC): $SUMMARY"
paid=$(echo "$SUMMARY" | jq '.fiat_in_kzt')

KPID=""
trap '[ -n "$KPID" ] && kill "$KPID" 2>/dev/null; cleanup' EXIT
"$BIN/kiosk" run --sim --port 0 --db "$WORK/k.db" --exchange "$EX_URL" \
  >"$WORK/kiosk.out" 2>"$WORK/kiosk.log" &
KPID=$!
PORT=""
for _ in $(seq 1 300); do
  PORT=$(grep -o 'ui=http://127.0.0.1:[0-9]*' "$WORK/kiosk.log" 2>/dev/null | head -1 | sed 's/.*://' || true)
  [ -n "$PORT" ] && break
  kill -0 "$KPID" 2>/dev/null || fail "the kiosk exited"
  sleep 0.05
done
[ -n "$PORT" ] || fail "the kiosk did not start"
UI="http://127.0.0.1:$PORT"
SOCK="$WORK/kiosk-ctl.sock"

# wait_for DESCRIPTION COMMAND...: up to 15 s
wait_for() {
  local what=$1
  shift
  for _ in $(seq 1 150); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  fail "timed out waiting for $what"
}

# 1. /healthz: 200 "ok" once in service.
healthz_ok() { [ "$(curl -s -o /dev/null -w '%{http_code}' "$UI/healthz")" = 200 ] && [ "$(curl -s "$UI/healthz")" = ok ]; }
wait_for "/healthz 200 in service" healthz_ok

# 2. A heartbeat in the v1 form reaches the simulator (sim config: every 2 s).
heartbeat_seen() { curl -fsS "$EX_URL/sim/heartbeats" | jq -e '.kiosks[] | select(.kiosk_id == "sim-ast-001") | .valid' >/dev/null; }
wait_for "a heartbeat at the exchange" heartbeat_seen
hb=$(curl -fsS "$EX_URL/sim/heartbeats" | jq -c '.kiosks[] | select(.kiosk_id == "sim-ast-001") | .heartbeat')
echo "$hb" | jq -e '(.mode | type) == "string" and (.devices.validator.state | type) == "string"
  and (.cassettes | length) == 4 and (.outbox.depth | type) == "number"
  and (.journal.head_seq >= 1) and (.software_version | length) > 0 and (.uptime_s >= 0)' >/dev/null ||
  fail "heartbeat lacks fields: $hb"
body=$(curl -fsS "$EX_URL/sim/requests" | jq -r '[.requests[] | select(.target == "/v1/heartbeat")] | last | .body')
echo "ok: heartbeat reached the simulator ($(printf %s "$body" | wc -c) bytes)"

# 3. /metrics: the exposition format, the named families.
metrics=$(curl -fsS -D "$WORK/metrics.headers" "$UI/metrics")
grep -qi '^content-type: text/plain; version=0.0.4' "$WORK/metrics.headers" || fail "metrics content type"
bad=$(printf '%s\n' "$metrics" | grep -vE '^# (HELP|TYPE) kiosk_[a-z_]+ ' |
  grep -vE '^kiosk_[a-zA-Z0-9_]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? (-?[0-9.e+-]+|\+Inf|NaN)$' || true)
[ -z "$bad" ] || fail "metrics lines not in the exposition format: $bad"
for family in kiosk_transactions_total kiosk_fiat_in_kzt_total kiosk_fiat_out_kzt_total \
  kiosk_notes_accepted_total kiosk_notes_rejected_total kiosk_device_errors_total \
  kiosk_outbox_depth kiosk_outbox_oldest_age_seconds kiosk_journal_rows kiosk_qr_decode_seconds \
  kiosk_mode; do
  printf '%s\n' "$metrics" | grep -q "^# TYPE $family " || fail "metrics lack $family"
done
printf '%s\n' "$metrics" | grep -qx 'kiosk_mode{mode="in_service"} 1' || fail "metrics mode is not in_service"
printf '%s\n' "$metrics" | grep -qx 'kiosk_transactions_total{flow="cash_in"} 1' ||
  fail "metrics do not count the purchase made before the restart"
printf '%s\n' "$metrics" | grep -qx "kiosk_fiat_in_kzt_total{flow=\"cash_in\"} $paid" ||
  fail "metrics do not carry the $paid KZT taken in"
echo "$hb" | jq -e --argjson paid "$paid" '.cash_box.kzt == $paid' >/dev/null ||
  fail "the heartbeat's cash box is not the $paid KZT taken in: $hb"
echo "ok: /metrics ($(printf '%s\n' "$metrics" | grep -c '^# TYPE') families)"

# 4. kiosk ctl over the socket: status answers; the socket is 0660.
[ -S "$SOCK" ] || fail "no ctl socket at $SOCK"
[ "$(stat -c %a "$SOCK")" = 660 ] || fail "ctl socket mode $(stat -c %a "$SOCK"), not 660"
status=$("$BIN/kiosk" ctl --socket "$SOCK" status --json) || fail "ctl status failed: $status"
echo "$status" | jq -e '.ok and .result.mode == "in_service" and .result.kiosk_id == "sim-ast-001"' >/dev/null ||
  fail "ctl status: $status"
"$BIN/kiosk" ctl --socket "$SOCK" devices | grep -q '^validator: ok' || fail "ctl devices"
"$BIN/kiosk" ctl --socket "$SOCK" cassettes --json | jq -e '.result.cassettes | length == 4' >/dev/null ||
  fail "ctl cassettes"
"$BIN/kiosk" ctl --socket "$SOCK" journal tail 3 --json | jq -e '.result.rows | length == 3' >/dev/null ||
  fail "ctl journal tail"
# Maintenance on site: journaled, /healthz 503 with the mode, and back.
"$BIN/kiosk" ctl --socket "$SOCK" maintenance on --json | jq -e '.ok and .result.mode == "maintenance"' >/dev/null ||
  fail "ctl maintenance on"
[ "$(curl -s -o "$WORK/healthz-m.json" -w '%{http_code}' "$UI/healthz")" = 503 ] &&
  jq -e '.mode == "maintenance" and .reason == "maintenance"' "$WORK/healthz-m.json" >/dev/null ||
  fail "/healthz in maintenance: $(cat "$WORK/healthz-m.json")"
"$BIN/kiosk" ctl --socket "$SOCK" journal tail 5 --json |
  jq -e '[.result.rows[] | select(.type == "kiosk.mode_changed")] | length >= 1' >/dev/null ||
  fail "maintenance not journaled"
"$BIN/kiosk" ctl --socket "$SOCK" maintenance off --json | jq -e '.ok and .result.mode == "in_service"' >/dev/null ||
  fail "ctl maintenance off"
{ "$BIN/kiosk" ctl --socket "$SOCK" maintenance off --json || true; } | jq -e '.ok == false and .error == "not_in_maintenance"' >/dev/null ||
  fail "ctl maintenance off twice should say not_in_maintenance"
wait_for "/healthz 200 after maintenance" healthz_ok
echo "ok: kiosk ctl status/devices/cassettes/journal tail/maintenance"

# 5. Another user is refused: by the mode (cannot connect), then by the peer check.
if [ "$(id -u)" -eq 0 ] && setpriv --reuid=nobody --regid=nogroup --clear-groups "$BIN/kiosk" help >/dev/null 2>&1; then
  as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$BIN/kiosk" ctl --socket "$SOCK" status --json; }
  chmod 0711 "$WORK"
  if out=$(as_nobody 2>&1); then fail "nobody used the 0660 socket: $out"; fi
  echo "$out" | grep -q 'Permission denied' || fail "nobody was not stopped by the socket's mode: $out"
  chmod 0666 "$SOCK"
  out=$(as_nobody 2>&1) && fail "the server answered nobody: $out"
  echo "$out" | jq -e '.ok == false and .error == "forbidden"' >/dev/null ||
    fail "nobody was not refused by the peer check: $out"
  chmod 0660 "$SOCK"
  grep -q 'event=ctl.refused' "$WORK/kiosk.log" || fail "the refusal was not logged"
  echo "ok: another user is refused"
else
  echo "note: cannot run the kiosk binary as nobody here: the other-user check is left to the unit test"
fi

# 6. Unplug the validator through the console's WebSocket: /healthz 503 with the reason.
sim_action() {  # one masked (zero key) text frame on /ws/sim
  local payload=$1 len
  len=$(printf %s "$payload" | wc -c)
  exec 3<>"/dev/tcp/127.0.0.1/$PORT"
  printf 'GET /ws/sim HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nOrigin: http://127.0.0.1:%s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n' "$PORT" "$PORT" >&3
  local line
  IFS= read -r -t 5 line <&3 || true
  case "$line" in *101*) ;; *) exec 3>&-; fail "websocket upgrade refused: $line" ;; esac
  printf "\\x81\\x$(printf %02x $((len + 128)))\\x00\\x00\\x00\\x00%s" "$payload" >&3
  sleep 0.3
  exec 3>&-
}
sim_action '{"type":"sim","action":"unplug","device":"validator"}'
healthz_down() {
  [ "$(curl -s -o "$WORK/healthz.json" -w '%{http_code}' "$UI/healthz")" = 503 ] &&
    jq -e '.mode == "out_of_service" and .reason == "validator_link_lost"' "$WORK/healthz.json"
}
wait_for "/healthz 503 with the validator unplugged" healthz_down
curl -fsS "$UI/metrics" | grep -qx 'kiosk_device_errors_total{device="validator",kind="validator_link_lost"} 1' ||
  fail "metrics do not count the validator's link loss"
"$BIN/kiosk" ctl --socket "$SOCK" status --json | jq -e '.result.mode == "out_of_service"' >/dev/null ||
  fail "ctl status does not say out of service"
hb_down() { curl -fsS "$EX_URL/sim/heartbeats" | jq -e '.kiosks[0].heartbeat | .mode == "out_of_service" and .devices.validator.state == "fault"'; }
wait_for "a heartbeat saying out of service" hb_down
echo "ok: /healthz 503 $(cat "$WORK/healthz.json")"
sim_action '{"type":"sim","action":"replug","device":"validator"}'
wait_for "/healthz 200 after the validator is back" healthz_ok
echo "ok: back in service"
