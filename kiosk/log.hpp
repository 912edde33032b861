// One line per event on stderr, `level=info component=kiosk event=... key=value`, for journald;
// the format is offline_queue/log_line's, shared by the whole kiosk.
// Values with spaces are quoted. Never log personal data, secrets, full addresses or IINs: mask
// them first (flows/wallet's mask_address).
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace kiosk::app {

enum class LogLevel { Debug, Info, Warn, Error };

void log_event(LogLevel level, std::string_view event,
               std::initializer_list<std::pair<std::string_view, std::string>> fields = {});

}  // namespace kiosk::app
