#include "kiosk/shell/random_source.hpp"

#include <memory>
#include <random>

namespace kiosk::app {

RandomSource system_random_source() { return seeded_random_source(std::random_device{}()); }

RandomSource seeded_random_source(std::uint64_t seed) {
  auto rng = std::make_shared<std::mt19937_64>(seed);
  return [rng] { return (*rng)(); };
}

}  // namespace kiosk::app
