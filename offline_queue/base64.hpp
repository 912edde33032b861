// Base64 (RFC 4648, standard alphabet, padded) for images in the KYC body (OpenSSL).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kiosk::oq {

std::string base64_encode(std::string_view bytes);
// Strict: only the standard alphabet, length a multiple of 4, padding only at the end, zero bits
// under the padding (the one canonical text of the bytes).
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace kiosk::oq
