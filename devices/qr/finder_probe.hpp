// A cheap look for QR finder patterns (the 1:1:3:1:1 concentric squares in three corners), so
// the decoder spends its expensive passes only on frames that probably hold a code.
//
// The image is binarised against its local mean, every second row is scanned for five runs in
// the ratio 1:1:3:1:1 (within half a module), and each hit is confirmed by the same ratio down
// its column. Both polarities are looked for: a dark centre (ink on paper, a light screen) and a
// light centre (a dark-mode screen). About 1 ms on a 640x360 image. Pure and reentrant.
#pragma once

#include <opencv2/core.hpp>
#include <vector>

namespace kiosk::devices {

struct FinderCandidate {
  cv::Point2f center;         // in the probed image's pixels
  float module = 0;           // estimated module size, pixels
  bool light_centre = false;  // true: an inverted (dark-mode) code
};

struct FinderProbe {
  std::vector<FinderCandidate> candidates;  // merged: one per pattern (roughly)
  int count(bool light_centre) const;
  // The box around the candidates of one polarity, grown to hold the whole symbol and its quiet
  // zone; empty when fewer than two candidates were seen (the size of the code is then unknown).
  cv::Rect region(bool light_centre, cv::Size image) const;
};

// `gray` must be 8-bit, one channel. min_module: the smallest module (pixels) worth finding.
// min_contrast > 0: a pattern's centre must differ from both rings by that many grey levels
// (drops the hundreds of noise hits a flat, noisy background gives; 0 = no check).
FinderProbe probe_finders(const cv::Mat& gray, float min_module = 1.2f, int min_contrast = 0);

}  // namespace kiosk::devices
