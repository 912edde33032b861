#include "kiosk/cassette_arg.hpp"

#include <charconv>

namespace kiosk::app {
namespace {

template <class T>
bool parse_int(std::string_view s, T& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

bool parse_cassettes(std::string_view s, std::vector<flows::dispense::Cassette>& out) {
  int index = 0;
  while (!s.empty()) {
    auto comma = s.find(',');
    std::string_view item = s.substr(0, comma);
    auto colon = item.find(':');
    if (colon == std::string_view::npos) return false;
    std::int64_t kzt = 0;
    int count = 0;
    if (!parse_int(item.substr(0, colon), kzt) || !parse_int(item.substr(colon + 1), count))
      return false;
    if (kzt <= 0 || count < 0) return false;
    out.push_back(flows::dispense::Cassette{index++, flows::Kzt{kzt}, count});
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
    if (s.empty()) return false;
  }
  return !out.empty();
}

}  // namespace kiosk::app
