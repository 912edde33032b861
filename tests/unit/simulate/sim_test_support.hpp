// The sim kiosk's config and run options, shared by the simulation's test files.
#pragma once

#include <cstdint>

#include "kiosk/config/kiosk_config.hpp"
#include "kiosk/simulate/simulation.hpp"

namespace kiosk::simulate::test {

inline const kiosk::app::KioskConfig& sim_config() {
  static const auto c = *kiosk::app::load_config_file(kiosk::app::default_sim_config_path());
  return c;
}

inline SimOptions options(std::uint64_t seed, std::int64_t sessions) {
  SimOptions o;
  o.seed = seed;
  o.sessions = sessions;
  return o;
}

}  // namespace kiosk::simulate::test
