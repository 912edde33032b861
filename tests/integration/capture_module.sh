#!/usr/bin/env bash
# The kiosk binary does not link OpenCV's video I/O (about a hundred libraries, FFmpeg and
# GStreamer among them, ~16 MB of every kiosk's idle memory); the capture module does, and the
# binary loads it only for a V4L2 camera or a video file (devices/qr/capture_module.hpp).
set -euo pipefail
BIN=$1
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
if readelf -d "$BIN/kiosk" | grep -q 'libopencv_videoio'; then fail "kiosk links libopencv_videoio"; fi
MOD="$BIN/../lib/kiosk/kiosk_capture.so"
[ -f "$MOD" ] || fail "no capture module at $MOD"
readelf -d "$MOD" | grep -q 'libopencv_videoio' || fail "the capture module does not link libopencv_videoio"
nm -D --defined-only "$MOD" | grep -qw kiosk_capture_open || fail "the module exports no kiosk_capture_open"
echo "capture_module: ok"
