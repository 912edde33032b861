#include "offline_queue/log_line.hpp"

#include <atomic>
#include <cstdio>

namespace kiosk::oq {
namespace {

void append_value(std::string& out, std::string_view v) {
  bool quote = v.empty() || v.find_first_of(" \"=\t\r\n") != std::string_view::npos;
  if (!quote) {
    out.append(v);
    return;
  }
  out.push_back('"');
  for (char c : v) {
    if (c == '"' || c == '\\') out.push_back('\\');
    if (c == '\n' || c == '\r' || c == '\t')
      out.push_back(' ');
    else
      out.push_back(c);
  }
  out.push_back('"');
}

}  // namespace

std::string format_log_line(std::string_view level, std::string_view component,
                            std::string_view event, std::initializer_list<LogField> fields) {
  std::string out = "level=";
  out.append(level).append(" component=").append(component).append(" event=").append(event);
  for (const auto& [k, v] : fields) {
    out.push_back(' ');
    out.append(k).push_back('=');
    append_value(out, v);
  }
  return out;
}

namespace {
std::atomic<bool> g_quiet{false};
}  // namespace

void set_log_quiet(bool quiet) { g_quiet = quiet; }

void log_line(std::string_view level, std::string_view component, std::string_view event,
              std::initializer_list<LogField> fields) {
  if (g_quiet) return;
  std::string line = format_log_line(level, component, event, fields);
  line.push_back('\n');
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace kiosk::oq
