#include "kiosk/shell/crash_points.hpp"

#include <csignal>

#include "kiosk/log.hpp"

namespace kiosk::app {
namespace {
std::string& armed() {
  static std::string name;
  return name;
}
}  // namespace

void arm_crash_point(std::string name) { armed() = std::move(name); }

void crash_point(std::string_view name) {
  if (armed().empty() || armed() != name) return;
  log_event(LogLevel::Warn, "crash_point", {{"at", std::string(name)}});
  std::raise(SIGKILL);
}

}  // namespace kiosk::app
