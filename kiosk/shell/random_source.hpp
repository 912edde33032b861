// Where the shells get randomness (transaction id suffixes, nonces): one injectable source. The
// runtime uses the operating system's entropy; the whole-kiosk simulation a source seeded from its
// run seed, so a run replays exactly.
#pragma once

#include <cstdint>
#include <functional>

namespace kiosk::app {

using RandomSource = std::function<std::uint64_t()>;

// std::random_device seeds a 64-bit Mersenne Twister once (the production behaviour).
RandomSource system_random_source();
// The same sequence for the same seed, on every machine.
RandomSource seeded_random_source(std::uint64_t seed);

}  // namespace kiosk::app
