# Shared helpers for the integration tests: a standalone exchange simulator and scenario runs.
# Sourced by the tests; $BIN is build/bin, $SRC the source tree.
set -euo pipefail

WORK=$(mktemp -d)
EX_PID=""
cleanup() {
  [ -n "$EX_PID" ] && kill "$EX_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  for f in "$WORK"/*.log; do [ -f "$f" ] && { echo "--- $f" >&2; tail -40 "$f" >&2; }; done
  exit 1
}

# Starts `kiosk exchange-sim` on a free port (extra args go to it, e.g. --seed N); sets EX_URL.
start_exchange() {
  "$BIN/kiosk" exchange-sim --port 0 --kiosk-id sim-ast-001 \
    --secret-file "$SRC/config/sim-secret.txt" "$@" >"$WORK/exchange.out" 2>"$WORK/exchange.log" &
  EX_PID=$!
  local port=""
  for _ in $(seq 1 200); do
    port=$(grep -o 'port=[0-9]*' "$WORK/exchange.log" 2>/dev/null | head -1 | cut -d= -f2 || true)
    [ -n "$port" ] && break
    sleep 0.05
  done
  [ -n "$port" ] || fail "the exchange simulator did not start"
  EX_URL="http://127.0.0.1:$port"
}

exchange_faults() {  # exchange_faults '{"latency_ms": 3000}'
  curl -fsS -X POST -H 'Content-Type: application/json' -d "$1" "$EX_URL/sim/faults" >/dev/null
}

# Cash-in requests the exchange applied (not replays), as "tx fiat" lines.
applied_cash_ins() {
  curl -fsS "$EX_URL/sim/requests" |
    jq -r '.requests[] | select(.target == "/v1/cash-in" and .status == 200 and (.replay | not))
           | (.body | fromjson) as $b | "\($b.tx_id) \($b.fiat_kzt)"'
}

# run_scenario NAME DB FILE: runs a scenario against the standalone exchange; sets RC and SUMMARY.
run_scenario() {
  set +e
  "$BIN/kiosk" run --sim --db "$2" --exchange "$EX_URL" --scenario "$3" >"$WORK/$1.out" 2>"$WORK/$1.log"
  RC=$?
  set -e
  SUMMARY=$(tail -1 "$WORK/$1.out" 2>/dev/null || true)
}
