// The `--cassettes KZT:COUNT[,KZT:COUNT...]` argument of `kiosk plan-dispense` and
// `kiosk refill-cassettes`: cassettes numbered 0, 1, ... in the order given.
#pragma once

#include <string_view>
#include <vector>

#include "flows/dispense/dispense_plan.hpp"

namespace kiosk::app {

bool parse_cassettes(std::string_view s, std::vector<flows::dispense::Cassette>& out);

}  // namespace kiosk::app
