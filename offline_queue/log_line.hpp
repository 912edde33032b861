// One log line, key=value, on stderr: "level=warn component=outbox_pump event=retry key=v ...".
// Values holding spaces, quotes or '=' are quoted. Never pass personal data or secrets.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace kiosk::oq {

using LogField = std::pair<std::string_view, std::string>;

void log_line(std::string_view level, std::string_view component, std::string_view event,
              std::initializer_list<LogField> fields = {});

// Silences (true) or restores log_line for the whole process: the whole-kiosk simulation runs
// thousands of sessions a second and reports through its own summary.
void set_log_quiet(bool quiet);

// The text that log_line writes (without the newline); for tests.
std::string format_log_line(std::string_view level, std::string_view component,
                            std::string_view event, std::initializer_list<LogField> fields);

}  // namespace kiosk::oq
