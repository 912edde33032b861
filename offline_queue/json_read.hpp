// Typed, non-throwing field access for the exchange messages (internal to offline_queue and sim).
#pragma once

#include <cstdint>
#include <expected>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

// Assigns the value of an std::expected to `lhs`, or returns its error from the enclosing function.
#define KIOSK_TRY_ASSIGN(lhs, expr)                              \
  do {                                                           \
    auto kiosk_tmp_ = (expr);                                    \
    if (!kiosk_tmp_) return std::unexpected(kiosk_tmp_.error()); \
    lhs = std::move(*kiosk_tmp_);                                \
  } while (0)

namespace kiosk::oq {

struct MessageError {
  std::string what;
};

namespace json_read {

// Compact JSON text for the wire: invalid UTF-8 in a string is replaced, never thrown.
inline std::string dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

inline std::expected<nlohmann::json, MessageError> parse_object(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return std::unexpected(MessageError{"not valid JSON"});
  if (!j.is_object()) return std::unexpected(MessageError{"not a JSON object"});
  return j;
}

inline const nlohmann::json* field(const nlohmann::json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

inline std::expected<std::string, MessageError> string(const nlohmann::json& obj,
                                                       std::string_view key,
                                                       bool allow_empty = false) {
  const nlohmann::json* f = field(obj, key);
  if (f == nullptr || !f->is_string())
    return std::unexpected(MessageError{"'" + std::string(key) + "' must be a string"});
  std::string s = f->get<std::string>();
  if (s.empty() && !allow_empty)
    return std::unexpected(MessageError{"'" + std::string(key) + "' must not be empty"});
  return s;
}

inline std::expected<std::int64_t, MessageError> int64(const nlohmann::json& obj,
                                                       std::string_view key) {
  const nlohmann::json* f = field(obj, key);
  if (f != nullptr && f->is_number_unsigned()) {
    auto u = f->get<std::uint64_t>();
    if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return static_cast<std::int64_t>(u);
  } else if (f != nullptr && f->is_number_integer()) {
    return f->get<std::int64_t>();
  }
  return std::unexpected(MessageError{"'" + std::string(key) + "' must be an integer"});
}

inline std::expected<bool, MessageError> boolean(const nlohmann::json& obj, std::string_view key) {
  const nlohmann::json* f = field(obj, key);
  if (f == nullptr || !f->is_boolean())
    return std::unexpected(MessageError{"'" + std::string(key) + "' must be true or false"});
  return f->get<bool>();
}

}  // namespace json_read
}  // namespace kiosk::oq
