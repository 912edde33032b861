#include "offline_queue/canonical_json.hpp"

#include <nlohmann/json.hpp>
#include <vector>

namespace kiosk::oq {
namespace {

bool has_float(const nlohmann::json& root) {
  std::vector<const nlohmann::json*> todo{&root};
  while (!todo.empty()) {
    const nlohmann::json* j = todo.back();
    todo.pop_back();
    if (j->is_number_float()) return true;
    if (j->is_structured())
      for (const auto& child : *j) todo.push_back(&child);
  }
  return false;
}

}  // namespace

std::expected<std::string, std::string> canonical_json(std::string_view text) {
  // nlohmann::json keeps object keys in a std::map, so dump() is sorted and compact.
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return std::unexpected("payload is not valid JSON");
  if (has_float(j)) return std::unexpected("payload holds a floating-point number");
  try {
    return j.dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::strict);
  } catch (const nlohmann::json::exception&) {
    return std::unexpected("payload holds invalid UTF-8");
  }
}

}  // namespace kiosk::oq
