// How long QR decodes take: a fixed-bucket histogram in seconds (Prometheus-style upper bounds),
// filled by the QR scanner's decoder thread and read through QrScanner::stats().
#pragma once

#include <array>
#include <cstdint>

namespace kiosk::devices {

struct DecodeTimes {
  static constexpr std::array<double, 8> kBoundsS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0};
  std::array<std::uint64_t, kBoundsS.size()> in_bucket{};  // not cumulative; above 1 s: only count
  std::uint64_t count = 0;
  double sum_s = 0;

  void add(double seconds) {
    ++count;
    sum_s += seconds;
    for (std::size_t i = 0; i < kBoundsS.size(); ++i)
      if (seconds <= kBoundsS[i]) {
        ++in_bucket[i];
        return;
      }
  }
};

}  // namespace kiosk::devices
