// Time in the pure cores: a monotonic instant in milliseconds from an arbitrary origin.
// Cores never read a clock; the runtime (steady_clock) and the simulator (virtual time) pass `now`.
#pragma once

#include <chrono>

namespace kiosk {

using Millis = std::chrono::milliseconds;
using Instant = std::chrono::milliseconds;  // since an arbitrary origin; compare, never print

}  // namespace kiosk
