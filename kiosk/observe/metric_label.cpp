#include "kiosk/observe/metric_label.hpp"

namespace kiosk::app {

std::string metric_label_code(std::string_view text) {
  constexpr std::size_t kMax = 48;
  std::string out;
  for (char c : text) {
    if (out.size() >= kMax) break;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (keep)
      out.push_back(c);
    else if (!out.empty() && out.back() != '_')
      out.push_back('_');
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out.empty() ? "unknown" : out;
}

}  // namespace kiosk::app
