// A dispense whose response was lost (dropped, or still corrupt after the NAKs) is not settled as
// "unknown" before the dispenser is asked what its last dispense did (LCDM-4000 LAST STATUS; the
// LCDM-1000/2000 have no such command and stay unknown). The device's answer names no command, so
// it is taken for the dispense just sent only when it cannot be an earlier operation's:
//
//  * the device said which operation it did last, and it was a dispense;
//  * what the device did before this dispense is known (its answer to the previous dispense, or
//    a purge / "nothing since power-up" since), and the answer differs from it: had this command
//    never reached the device, LAST STATUS would repeat that earlier operation;
//  * it delivered no more from any cassette than this dispense asked.
//
// Pure; the cash-out station keeps `before` and asks.
#pragma once

#include <optional>
#include <vector>

#include "devices/cash_dispenser.hpp"

namespace kiosk::app {

// What the dispenser's last operation was before the dispense in flight.
struct DeviceBefore {
  bool known = false;                            // false after start-up until asked
  std::optional<devices::DispenseOutcome> last;  // none: not a dispense (purge, power-up)
};

// The outcome of the dispense of `sent` (per cassette) from the device's LAST STATUS `answer`
// (none: the device could not say, or its last operation was no dispense); nullopt when the
// answer cannot be trusted for it. The result is marked `from_last_status`.
std::optional<devices::DispenseOutcome> outcome_from_last_status(
    const std::vector<int>& sent, const DeviceBefore& before,
    const std::optional<devices::DispenseOutcome>& answer);

}  // namespace kiosk::app
