// The wall clock, injected. Persisted times (journal at_ms, outbox schedule) and the X-Timestamp
// header are Unix time, which the steady clock cannot give; everything that needs it takes a
// WallClockMs so tests and the simulation supply their own.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

namespace kiosk::oq {

// Milliseconds since the Unix epoch.
using WallClockMs = std::function<std::int64_t()>;

inline WallClockMs system_wall_clock_ms() {
  return [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
}

}  // namespace kiosk::oq
