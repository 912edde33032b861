// A journal record as the pure cores see it: an event type and flat typed fields. The shell turns
// it into a canonical JSON journal row (offline_queue/) and back, so cores never depend on a JSON
// or database library.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace kiosk::flows {

using FieldValue = std::variant<std::int64_t, std::string, bool>;

struct Record {
  std::string tx_id;
  std::string type;  // "cash_in.note_credited", ...
  std::vector<std::pair<std::string, FieldValue>> fields;

  Record& set(std::string key, FieldValue v) {
    fields.emplace_back(std::move(key), std::move(v));
    return *this;
  }
  std::optional<std::int64_t> get_int(std::string_view key) const {
    for (auto& [k, v] : fields)
      if (k == key && std::holds_alternative<std::int64_t>(v)) return std::get<std::int64_t>(v);
    return std::nullopt;
  }
  std::optional<std::string> get_string(std::string_view key) const {
    for (auto& [k, v] : fields)
      if (k == key && std::holds_alternative<std::string>(v)) return std::get<std::string>(v);
    return std::nullopt;
  }
  std::optional<bool> get_bool(std::string_view key) const {
    for (auto& [k, v] : fields)
      if (k == key && std::holds_alternative<bool>(v)) return std::get<bool>(v);
    return std::nullopt;
  }
};

}  // namespace kiosk::flows
