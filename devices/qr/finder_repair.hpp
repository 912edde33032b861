// Repairs a QR symbol whose finder pattern is (partly) under a finger: the data's error
// correction would cope with the finger, but the detector needs all three finder patterns.
//
// The finder probe (with a contrast check) finds the patterns still visible in a crop around the
// code; for each pair of patterns of about the same module size the third is hypothesised where
// a square symbol puts it (the pair on one side: four places; on the diagonal: two), and all
// three are painted as clean 7x7 finder patterns with their light separator, oriented along the
// pair. Each painted image goes to `read` until one decodes. The error correction still decides:
// a wrong hypothesis gives an unreadable symbol, not a wrong payload. Pure and reentrant.
#pragma once

#include <functional>
#include <opencv2/core.hpp>

namespace kiosk::devices {

struct FinderRepairOptions {
  int max_images = 12;    // painted images handed to `read` at most (each costs one decode)
  int min_contrast = 40;  // grey levels between a pattern's centre and its rings
  float min_module = 2.0f;
};

// `crop`: 8-bit gray, dark modules on a light background (invert a dark-mode code first).
// `read` returns true when the painted image decoded. Returns how many images were tried.
int repair_finders(const cv::Mat& crop, const std::function<bool(const cv::Mat&)>& read,
                   const FinderRepairOptions& options = {});

// Paints one finder pattern (dark 7x7 ring, light 5x5 ring, dark 3x3 centre, light separator
// 9x9) centred at `centre`, its sides along the unit vector `axis` and its normal, `module`
// pixels per module.
void paint_finder(cv::Mat& gray, cv::Point2f centre, cv::Point2f axis, float module);

}  // namespace kiosk::devices
