// The seeded random source every synthetic scene draws its look from (sizes, tilts, light,
// faces): std::mt19937 with the standard distributions, so the same seed gives the same frame.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>

namespace kiosk::sim {

struct SceneRng {
  std::mt19937 gen;
  explicit SceneRng(std::uint32_t seed) : gen(seed) {}
  double uniform(double lo, double hi) { return std::uniform_real_distribution<>(lo, hi)(gen); }
  int integer(int lo, int hi) { return std::uniform_int_distribution<>(lo, hi)(gen); }
  bool chance(double p) { return uniform(0, 1) < p; }
  template <class T, std::size_t N>
  const T& pick(const T (&a)[N]) {
    return a[static_cast<std::size_t>(integer(0, N - 1))];
  }
};

}  // namespace kiosk::sim
