// The simulation's one source of chance: SplitMix64, written out here so that a seed means the same
// run on every standard library (std::*_distribution is not specified bit for bit). Every draw of
// the run (customers, faults, crash points, tx id suffixes) comes from a SimRng forked off the
// seed.
#pragma once

#include <cstdint>
#include <vector>

namespace kiosk::simulate {

class SimRng {
 public:
  explicit SimRng(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n); 0 when n is 0.
  std::uint64_t below(std::uint64_t n) { return n ? next() % n : 0; }
  // Uniform in [lo, hi].
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo + 1)));
  }
  // True with probability p (0..1).
  bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[below(v.size())];
  }
  // An independent stream for one part of the run (so adding draws in one part does not shift
  // the others).
  SimRng fork(std::uint64_t salt) { return SimRng(next() ^ (salt * 0xD1B54A32D192ED03ULL)); }

 private:
  std::uint64_t state_;
};

}  // namespace kiosk::simulate
