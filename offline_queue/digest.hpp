// SHA-256 and HMAC-SHA256 as lower-case hex (OpenSSL), and a constant-time comparison.
#pragma once

#include <string>
#include <string_view>

namespace kiosk::oq {

std::string to_hex(std::string_view bytes);
std::string sha256_hex(std::string_view data);
std::string hmac_sha256_hex(std::string_view key, std::string_view data);
// Equal content, in time that depends only on the lengths (for signatures).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace kiosk::oq
