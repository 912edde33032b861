// Validation of a text message a browser sent over a WebSocket. Pure.
//
// A message is accepted when it is at most kMaxClientMessageBytes of UTF-8 JSON whose top level is
// an object with a string "type". Everything else is refused with a short reason for the log; the
// server drops it and keeps the connection.
#pragma once

#include <cstddef>
#include <expected>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace kiosk::ui {

inline constexpr std::size_t kMaxClientMessageBytes = 64 * 1024;

struct MessageRefusal {
  std::string reason;  // "oversized", "invalid_json", "not_object", "no_type"
};

std::expected<nlohmann::json, MessageRefusal> parse_client_message(std::string_view text);

}  // namespace kiosk::ui
