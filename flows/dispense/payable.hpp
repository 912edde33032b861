// Which amounts the cassettes can pay right now: the cash-out screen offers only these.
// Built on the same exact table as plan_dispense, so every amount listed here plans successfully
// (checked in tests/unit/cashout/payable_test.cpp).
#pragma once

#include <optional>
#include <vector>

#include "flows/dispense/dispense_plan.hpp"

namespace kiosk::flows::dispense {

// Amounts min, min+step, ... <= max that plan_dispense would pay within `limits`. Empty when
// step <= 0, min > max, the cassettes are invalid or the range is beyond the work bound.
std::vector<Kzt> payable_amounts(const std::vector<Cassette>& cassettes,
                                 const DispenseLimits& limits, Kzt min, Kzt max, Kzt step);

// The largest amount <= at_most that plan_dispense would pay (none when nothing is payable).
std::optional<Kzt> largest_payable(const std::vector<Cassette>& cassettes,
                                   const DispenseLimits& limits, Kzt at_most);

// Whether plan_dispense would pay exactly `amount`.
bool is_payable(const std::vector<Cassette>& cassettes, const DispenseLimits& limits, Kzt amount);

}  // namespace kiosk::flows::dispense
