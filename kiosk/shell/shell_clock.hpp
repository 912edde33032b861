// The two clocks the shells hand to the cores: monotonic time for timeouts and wall time for
// records. The runtime binds them to steady_clock and system_clock; tests bind them to fakes.
#pragma once

#include <cstdint>
#include <functional>

#include "flows/time.hpp"

namespace kiosk::app {

struct ShellClock {
  std::function<Instant()> now;           // monotonic, for the cores
  std::function<std::int64_t()> wall_ms;  // Unix milliseconds, for journal rows and receipts
};

ShellClock system_shell_clock();

}  // namespace kiosk::app
