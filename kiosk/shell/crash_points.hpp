// Named crash points for the kill tests (tests/integration/kill_dispense.sh): a scenario arms one
// with {"arm_crash": "after_batch_intent"} and the process dies there as with kill -9, so each step
// of a dispense can be cut exactly. Unarmed (always, outside scenarios) a point costs one string
// compare.
#pragma once

#include <string>
#include <string_view>

namespace kiosk::app {

void arm_crash_point(std::string name);
void crash_point(std::string_view name);

}  // namespace kiosk::app
