// Canonical JSON for journal payloads: objects with keys sorted by byte value, no insignificant
// whitespace, strings as UTF-8 with only the escapes JSON requires, integers in plain decimal.
// Floating-point numbers are refused (money never travels as a float), and so is invalid UTF-8.
#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace kiosk::oq {

// The canonical text of `json`, or a reason it is not acceptable.
std::expected<std::string, std::string> canonical_json(std::string_view json);

}  // namespace kiosk::oq
