#include "kiosk/log.hpp"

#include "offline_queue/log_line.hpp"

namespace kiosk::app {
namespace {
constexpr LogLevel kMinLevel = LogLevel::Info;

const char* name(LogLevel l) {
  switch (l) {
    case LogLevel::Debug:
      return "debug";
    case LogLevel::Info:
      return "info";
    case LogLevel::Warn:
      return "warn";
    case LogLevel::Error:
      return "error";
  }
  return "info";
}
}  // namespace

// One formatter for the whole kiosk: offline_queue's log_line (quoting, one line, stderr).
void log_event(LogLevel level, std::string_view event,
               std::initializer_list<std::pair<std::string_view, std::string>> fields) {
  if (level < kMinLevel) return;
  oq::log_line(name(level), "kiosk", event, fields);
}

}  // namespace kiosk::app
