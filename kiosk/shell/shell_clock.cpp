#include "kiosk/shell/shell_clock.hpp"

#include <chrono>

namespace kiosk::app {

ShellClock system_shell_clock() {
  return ShellClock{
      [] {
        return std::chrono::duration_cast<Instant>(
            std::chrono::steady_clock::now().time_since_epoch());
      },
      [] {
        return static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                             std::chrono::system_clock::now().time_since_epoch())
                                             .count());
      }};
}

}  // namespace kiosk::app
