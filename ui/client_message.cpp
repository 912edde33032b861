#include "ui/client_message.hpp"

namespace kiosk::ui {

std::expected<nlohmann::json, MessageRefusal> parse_client_message(std::string_view text) {
  if (text.size() > kMaxClientMessageBytes) return std::unexpected(MessageRefusal{"oversized"});
  // No exceptions: a parse failure yields a "discarded" value. Comments are not allowed.
  auto msg = nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (msg.is_discarded()) return std::unexpected(MessageRefusal{"invalid_json"});
  if (!msg.is_object()) return std::unexpected(MessageRefusal{"not_object"});
  const auto type = msg.find("type");
  if (type == msg.end() || !type->is_string()) return std::unexpected(MessageRefusal{"no_type"});
  return msg;
}

}  // namespace kiosk::ui
