// EIP-55 mixed-case checksum for 20-byte EVM addresses.
//
// Rule: h = Keccak-256 of the 40 lowercase hex digits as ASCII (no "0x"); hex letter i is written
// uppercase when nibble i of h is >= 8. An all-lowercase or all-uppercase address carries no
// checksum: accepted, with a warning the caller shows. Mixed case that does not match is refused.
#pragma once

#include <array>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace kiosk::flows::wallet {

enum class Eip55Error {
  BadLength,    // not "0x" (or "0X", as in all-uppercase QR codes) + 40 characters
  BadChar,      // not a hex digit
  BadChecksum,  // mixed case that does not match the checksum
};
std::string_view to_string(Eip55Error e);

enum class Eip55Case { Checksummed, AllLower, AllUpper };

struct EvmAddress {
  std::array<std::uint8_t, 20> bytes{};
  std::string checksummed;  // "0x" + EIP-55 form
  Eip55Case input_case = Eip55Case::Checksummed;
};

std::expected<EvmAddress, Eip55Error> eip55_decode(std::string_view text);
// "0x" + the EIP-55 form of the 20 bytes.
std::string eip55_encode(const std::array<std::uint8_t, 20>& bytes);

}  // namespace kiosk::flows::wallet
