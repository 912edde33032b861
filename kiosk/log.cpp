#include "kiosk/log.hpp"

#include <cstdio>
#include <mutex>

namespace kiosk::app {
namespace {
LogLevel g_min = LogLevel::Info;
std::mutex g_mu;

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

void append_value(std::string& out, const std::string& v) {
  bool quote = v.empty() || v.find_first_of(" \"=\t\n") != std::string::npos;
  if (!quote) {
    out += v;
    return;
  }
  out += '"';
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    out += (c == '\n' || c == '\t') ? ' ' : c;
  }
  out += '"';
}
}  // namespace

void set_log_level(LogLevel min) { g_min = min; }

void log_event(LogLevel level, std::string_view event,
               std::initializer_list<std::pair<std::string_view, std::string>> fields) {
  if (level < g_min) return;
  std::string line = "level=";
  line += name(level);
  line += " event=";
  line += event;
  for (const auto& [k, v] : fields) {
    line += ' ';
    line += k;
    line += '=';
    append_value(line, v);
  }
  line += '\n';
  std::lock_guard lock(g_mu);
  std::fputs(line.c_str(), stderr);
}

}  // namespace kiosk::app
