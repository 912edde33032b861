#include "flows/wallet/eip55.hpp"

#include "flows/wallet/hashes.hpp"
#include "flows/wallet/hex_digit.hpp"

namespace kiosk::flows::wallet {
namespace {}  // namespace

std::string_view to_string(Eip55Error e) {
  switch (e) {
    case Eip55Error::BadLength:
      return "an Ethereum address is 0x followed by 40 hex digits";
    case Eip55Error::BadChar:
      return "not a hex digit";
    case Eip55Error::BadChecksum:
      return "EIP-55 checksum mismatch";
  }
  return "unknown";
}

std::string eip55_encode(const std::array<std::uint8_t, 20>& bytes) {
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string lower;
  lower.reserve(40);
  for (std::uint8_t b : bytes) {
    lower += kHex[b >> 4];
    lower += kHex[b & 15];
  }
  Digest32 h = keccak256(lower);
  std::string out = "0x";
  for (std::size_t i = 0; i < 40; ++i) {
    char c = lower[i];
    int nibble = (i % 2 == 0) ? (h[i / 2] >> 4) : (h[i / 2] & 15);
    if (c >= 'a' && nibble >= 8) c = static_cast<char>(c - 'a' + 'A');
    out += c;
  }
  return out;
}

std::expected<EvmAddress, Eip55Error> eip55_decode(std::string_view text) {
  if (text.size() != 42 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) {
    return std::unexpected(Eip55Error::BadLength);
  }
  std::string_view hex = text.substr(2);
  EvmAddress out;
  bool lower = false, upper = false;
  for (std::size_t i = 0; i < 40; ++i) {
    int v = hex_value(hex[i]);
    if (v < 0) return std::unexpected(Eip55Error::BadChar);
    if (hex[i] >= 'a' && hex[i] <= 'f') lower = true;
    if (hex[i] >= 'A' && hex[i] <= 'F') upper = true;
    if (i % 2 == 0) {
      out.bytes[i / 2] = static_cast<std::uint8_t>(v << 4);
    } else {
      out.bytes[i / 2] |= static_cast<std::uint8_t>(v);
    }
  }
  out.checksummed = eip55_encode(out.bytes);
  if (lower && upper) {
    if (out.checksummed.substr(2) != hex) return std::unexpected(Eip55Error::BadChecksum);
    out.input_case = Eip55Case::Checksummed;
  } else if (upper) {
    out.input_case = Eip55Case::AllUpper;
  } else if (lower) {
    out.input_case = Eip55Case::AllLower;
  } else {
    // Digits only: nothing to check, and the checksum would be the same string.
    out.input_case = Eip55Case::Checksummed;
  }
  return out;
}

}  // namespace kiosk::flows::wallet
