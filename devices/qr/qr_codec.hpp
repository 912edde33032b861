// QR decoding (camera frames -> payload texts) and encoding (payload -> module matrix), behind a
// thin adapter over ZXing-C++ 1.4 (Debian 12 libzxing-dev). Every ZXing call lives in
// zxing_adapter.cpp: its API changes across versions (DecodeHints -> ReaderOptions in 2.2,
// Result -> Barcode in 2.3, DecodeHints.h gone in 3.0), so moving past 1.4 touches one file.
//
// Thread-safety: the functions are reentrant (no shared state); call them from any thread.
#pragma once

#include <array>
#include <expected>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace kiosk::devices {

struct QrDecodeResult {
  std::string text;                  // the payload as UTF-8
  std::array<cv::Point, 4> corners;  // top-left, top-right, bottom-right, bottom-left, in the
                                     // coordinates of the frame passed in
};

struct QrDecodeOptions {
  int max_side = 1920;       // larger frames are downscaled to this longest side first
  int fast_side = 640;       // cheap first pass on a copy this size, no "try harder" (0 = skip)
  bool full_pass = true;     // then the code's region (or the whole frame) with try-harder
  bool try_inverted = true;  // the same passes on the inverted image (dark-mode screens)
  // Expensive passes only where the finder probe sees a likely code, on that region, then a
  // sharpened retry. Off by default: bench-qr measured it slower than the plain order for the
  // same decode rate (devices/qr/README.md).
  bool probe_first = false;
  bool sharpen_retry = true;  // with probe_first: the region again, sharpened (soft focus)
  // When every pass missed: the region with a QR's texture (devices/qr/code_texture.hpp),
  // upscaled and sharpened, both polarities. Costs about 1 ms on a frame without a code.
  bool rescue = true;
  double rescue_upscale = 1.5;  // factor for the rescued region...
  int rescue_max_side = 1280;   // ...kept to this longest side at most (pixels)
  // Then, in that region, finder patterns repainted where two seen ones put the third (a
  // finger over one; devices/qr/finder_repair.hpp): this many painted images at most, 0 = off.
  int repair_finders = 16;
  // In the rescue: a dark or flat frame (fewer than `flat_spread` grey levels between its 1st
  // and 99th percentile) stretched to full range, and the code's region contrast normalised,
  // thresholded by a local mean and deblurred (devices/qr/contrast_variants.hpp).
  bool enhance = true;
  int flat_spread = 120;
  int max_symbols = 4;  // codes reported per frame at most
  // Where to look first, in the caller's frame coordinates (e.g. where the previous frame's
  // code was); empty = nowhere in particular.
  cv::Rect hint;
};

// Any frame OpenCV can hold: 8-bit gray, BGR or BGRA (16-bit is scaled down). An empty or
// unsupported frame gives no results. Passes stop at the first one that finds a code; a text
// found twice is reported once. The passes and what they cost are in devices/qr/README.md.
std::vector<QrDecodeResult> decode_qr(const cv::Mat& frame, const QrDecodeOptions& options = {});

// Encodes `payload` (UTF-8) as a QR code: one pixel per module, 0 = dark, 255 = light, no quiet
// zone. ecc_percent picks the level: <=7 L, <=15 M, <=25 Q, else H. Errors (payload too long
// for any version) come back as text.
std::expected<cv::Mat, std::string> encode_qr(const std::string& payload, int ecc_percent = 15);

}  // namespace kiosk::devices
