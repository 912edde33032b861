#!/usr/bin/env bash
# `make fuzz`: coverage-guided fuzzing of every tests/fuzz/*_fuzz.cpp under libFuzzer (clang-14,
# ASan + UBSan), one target after another, each for FUZZ_SECONDS (default 60) from its seed corpus
# (tests/fuzz/corpus/<target>) and its regressions (tests/fuzz/regressions/<target>).
#   FUZZ_SECONDS=N   time per target;  FUZZ_TARGETS="a_fuzz b_fuzz"  only these;
#   FUZZ_BUILD_DIR   (build-fuzz);     FUZZ_JOBS  parallel compile jobs (nproc).
# New inputs go to FUZZ_BUILD_DIR/corpus/<target> (not the tree); a crash's input is written to
# FUZZ_BUILD_DIR/artifacts/<target>/. Per target it prints one line: executions, coverage (cov,
# ft from libFuzzer's last stats), corpus size, crashes; the exit code is non-zero if any crashed.
set -euo pipefail

cd "$(dirname "$0")/.."
SRC=$(pwd)
BUILD=${FUZZ_BUILD_DIR:-build-fuzz}
SECONDS_PER_TARGET=${FUZZ_SECONDS:-60}
JOBS=${FUZZ_JOBS:-$(nproc)}

scripts/install-fuzz-deps.sh

# -O1 with line tables: faster to build than RelWithDebInfo, still readable stack traces.
cmake -S . -B "$BUILD" -DKIOSK_FUZZ=ON -DCMAKE_BUILD_TYPE= \
  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCMAKE_C_FLAGS="-O1 -gline-tables-only" -DCMAKE_CXX_FLAGS="-O1 -gline-tables-only" >/dev/null

if [ -n "${FUZZ_TARGETS:-}" ]; then
  read -r -a targets <<<"$FUZZ_TARGETS"
else
  targets=()
  for f in tests/fuzz/*_fuzz.cpp; do targets+=("$(basename "$f" .cpp)"); done
fi
cmake --build "$BUILD" -j "$JOBS" --target "${targets[@]}"

failed=0
printf '%-26s %10s %8s %8s %7s %7s %s\n' target execs cov ft corpus crashes seconds
for t in "${targets[@]}"; do
  work="$BUILD/corpus/$t"
  artifacts="$BUILD/artifacts/$t"
  log="$BUILD/logs/$t.log"
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  seeds=()
  for d in "tests/fuzz/corpus/$t" "tests/fuzz/regressions/$t"; do [ -d "$d" ] && seeds+=("$d"); done
  start=$(date +%s)
  rc=0
  # Leaks are errors too (ASan's leak check runs at the end of each input that grew memory).
  "$BUILD/bin/$t" "$work" "${seeds[@]}" -max_total_time="$SECONDS_PER_TARGET" \
    -timeout=10 -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" >"$log" 2>&1 || rc=$?
  took=$(($(date +%s) - start))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
  crashes=$(find "$artifacts" -type f -newermt "@$start" | wc -l)
  if [ "$rc" -ne 0 ]; then
    failed=1
    [ "$crashes" -eq 0 ] && crashes=1
  fi
  printf '%-26s %10s %8s %8s %7s %7s %s\n' "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" \
    "${corp:-?}" "$crashes" "$took"
  if [ "$rc" -ne 0 ]; then
    echo "  $t: exit $rc, see $log; inputs in $artifacts/" >&2
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | head -3 | sed 's/^/  /' >&2 || true
  fi
done
exit $failed
