#!/usr/bin/env bash
# bench-mrz on the project's synthetic camera plus frames from the independent Pillow generator
# (bench/mrz/gen/render_frames.py), generated here into BUILD/mrz-frames (not committed).
# Usage: bench/mrz/run_independent.sh [BUILD_DIR] [HELDOUT_COUNT] [DEV_COUNT] [bench-mrz args...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-build}"
heldout="${2:-150}"
dev="${3:-30}"
shift $(($# < 3 ? $# : 3))
frames="$build/mrz-frames"
gen() {  # split count empty-frames
  local dir="$frames/$1-$2"
  if [ ! -f "$dir/manifest.jsonl" ]; then
    /usr/bin/python3 "$here/gen/render_frames.py" "$dir.tmp" --split "$1" --count "$2" --empty "$3"
    rm -rf "$dir" && mv "$dir.tmp" "$dir"
  fi
}
gen dev "$dev" 3
gen heldout "$heldout" 15
exec "$build/bin/bench-mrz" --independent "$frames/dev-$dev" --independent "$frames/heldout-$heldout" "$@"
