// Simulated time: one monotonic instant that only the event queue moves (it jumps to the next
// event), and the wall clock derived from it (Unix ms at the run's start + elapsed). The shells
// get it as a ShellClock, exactly where the runtime hands them steady_clock and system_clock.
#pragma once

#include <cstdint>

#include "flows/time.hpp"
#include "kiosk/shell/shell_clock.hpp"

namespace kiosk::simulate {

struct VirtualClock {
  Instant now{0};
  std::int64_t epoch_ms = 0;  // wall time at now == 0

  std::int64_t wall_ms() const { return epoch_ms + now.count(); }
  // Binds to this object: it must outlive every shell given the clock.
  app::ShellClock shell_clock() {
    return app::ShellClock{[this] { return now; }, [this] { return wall_ms(); }};
  }
};

}  // namespace kiosk::simulate
