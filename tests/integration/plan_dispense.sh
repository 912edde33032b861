#!/usr/bin/env bash
# `kiosk plan-dispense`: a plan greedy would miss, batches under the per-command limit, each refusal
# with exit 1 and its error code, and usage errors with exit 2.
set -euo pipefail
BIN=$1
K="$BIN/kiosk"
ERR=$(mktemp)
trap 'rm -f "$ERR"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

out=$("$K" plan-dispense --cassettes 5000:10,2000:3,1000:0 --amount 26000)
echo "$out" | jq -e '.amount_kzt == 26000 and .total_notes == 7
  and .notes == [{"kzt":5000,"count":4},{"kzt":2000,"count":3}]
  and (.batches | length) == 1' >/dev/null || fail "26000: $out"

out=$("$K" plan-dispense --cassettes 5000:10,2000:3 --amount 6000)
echo "$out" | jq -e '.notes == [{"kzt":2000,"count":3}]' >/dev/null || fail "6000 (greedy fails): $out"

out=$("$K" plan-dispense --cassettes 5000:10,2000:10 --amount 40000 --per-command 3)
echo "$out" | jq -e '.total_notes == 8 and (.batches | length) == 3
  and ([.batches[].notes] | max) <= 3 and ([.batches[].notes] | add) == 8' >/dev/null ||
  fail "batches: $out"

refused() {  # refused EXPECTED_ERROR ARGS...
  local want=$1 rc=0
  shift
  out=$("$K" plan-dispense "$@") || rc=$?
  [ "$rc" -eq 1 ] || fail "exit $rc for $*: $out"
  echo "$out" | jq -e --arg e "$want" '.error == $e and (.message | length) > 0' >/dev/null ||
    fail "wanted $want for $*: $out"
}
refused not_multiple --cassettes 5000:10,2000:3 --amount 1500
refused not_enough_cash --cassettes 5000:1,2000:1 --amount 10000
refused no_combination --cassettes 5000:1,2000:1 --amount 4000
refused too_many_notes --cassettes 5000:10,2000:3 --amount 26000 --max-notes 6

for args in "" "--amount 1000" "--cassettes 5000:1" "--cassettes 5000 --amount 5000" \
  "--cassettes 5000:x --amount 5000" "--cassettes 5000:1, --amount 5000" \
  "--cassettes 5000:1 --amount -5" "--cassettes 5000:1 --amount 5000 --per-command 0" \
  "--cassettes 5000:1 --amount 5000 --bogus 1" "--cassettes 5000:1 --amount"; do
  rc=0
  # shellcheck disable=SC2086
  "$K" plan-dispense $args >/dev/null 2>"$ERR" || rc=$?
  [ "$rc" -eq 2 ] || fail "exit $rc (want 2) for: $args"
  grep -q usage "$ERR" || fail "no usage on stderr for: $args"
done
echo "1 passed, 0 failed"
