// Clocks and statistics for bench-devices: the calling thread's CPU time, steady wall time, and
// median / p99 of a sample set.
#pragma once

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <vector>

namespace kiosk::bench {

// Nanoseconds of CPU the calling thread has used (CLOCK_THREAD_CPUTIME_ID).
inline std::int64_t thread_cpu_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

inline std::int64_t wall_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// The median cost of one bracket (two reads) of `clock`, measured now; subtracted from each
// bracketed call so the clock's own cost is not charged to the code under test.
template <class Clock>
std::int64_t bracket_overhead_ns(Clock clock) {
  std::vector<std::int64_t> v;
  v.reserve(2001);
  for (int i = 0; i < 2001; ++i) {
    const std::int64_t a = clock();
    const std::int64_t b = clock();
    v.push_back(b - a);
  }
  std::nth_element(v.begin(), v.begin() + 1000, v.end());
  return v[1000];
}

struct Summary {
  double median = 0;
  double p99 = 0;
  std::size_t n = 0;
};

// Median and p99 (nearest rank) of `v`, divided by `scale` (1000: ns -> µs).
inline Summary summarize(std::vector<std::int64_t> v, double scale = 1000.0) {
  Summary s;
  s.n = v.size();
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  s.median = static_cast<double>(v[v.size() / 2]) / scale;
  const std::size_t r = std::min(v.size() - 1, (v.size() * 99 + 99) / 100 - 1);
  s.p99 = static_cast<double>(v[r]) / scale;
  return s;
}

}  // namespace kiosk::bench
