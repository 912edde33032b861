#include "flows/dispense/plan_text.hpp"

#include <array>
#include <charconv>

namespace kiosk::flows::dispense {
namespace {

// Splits "a:b:c;d:e:f" into triples of non-negative integers.
std::optional<std::vector<std::array<std::int64_t, 3>>> triples(std::string_view text) {
  std::vector<std::array<std::int64_t, 3>> out;
  while (!text.empty()) {
    auto end = text.find(';');
    std::string_view item = text.substr(0, end);
    std::array<std::int64_t, 3> t{};
    for (int i = 0; i < 3; ++i) {
      auto colon = i < 2 ? item.find(':') : item.size();
      if (colon == std::string_view::npos) return std::nullopt;
      std::string_view num = item.substr(0, colon);
      auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), t[i]);
      if (num.empty() || ec != std::errc() || p != num.data() + num.size() || t[i] < 0)
        return std::nullopt;
      item.remove_prefix(std::min(colon + 1, item.size()));
    }
    out.push_back(t);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
    if (text.empty()) return std::nullopt;
  }
  return out;
}

constexpr std::int64_t kMaxCount = 1'000'000;

}  // namespace

std::string takes_to_text(const std::vector<CassetteTake>& takes) {
  std::string out;
  for (const auto& t : takes) {
    if (!out.empty()) out += ';';
    out +=
        std::to_string(t.index) + ':' + std::to_string(t.kzt.value) + ':' + std::to_string(t.count);
  }
  return out;
}

std::optional<std::vector<CassetteTake>> takes_from_text(std::string_view text) {
  auto ts = triples(text);
  if (!ts) return std::nullopt;
  std::vector<CassetteTake> out;
  for (auto& t : *ts) {
    if (t[0] > 1000 || t[2] > kMaxCount) return std::nullopt;
    out.push_back(CassetteTake{static_cast<int>(t[0]), Kzt{t[1]}, static_cast<int>(t[2])});
  }
  return out;
}

std::string moves_to_text(const std::vector<CassetteMove>& moves) {
  std::string out;
  for (const auto& m : moves) {
    if (!out.empty()) out += ';';
    out += std::to_string(m.index) + ':' + std::to_string(m.delivered) + ':' +
           std::to_string(m.rejected);
  }
  return out;
}

std::optional<std::vector<CassetteMove>> moves_from_text(std::string_view text) {
  auto ts = triples(text);
  if (!ts) return std::nullopt;
  std::vector<CassetteMove> out;
  for (auto& t : *ts) {
    if (t[0] > 1000 || t[1] > kMaxCount || t[2] > kMaxCount) return std::nullopt;
    out.push_back(
        CassetteMove{static_cast<int>(t[0]), static_cast<int>(t[1]), static_cast<int>(t[2])});
  }
  return out;
}

}  // namespace kiosk::flows::dispense
