// Base58 and Base58Check (legacy Bitcoin/Litecoin addresses, TRON addresses).
//
// Wire format: base58(version || payload || checksum4), checksum4 = first 4 bytes of
// SHA-256(SHA-256(version || payload)). Alphabet "123456789ABCDEFGHJKLMNPQRSTUVWXYZabc
// defghijkmnopqrstuvwxyz" (no 0 O I l); each leading '1' is one leading 0x00 byte.
// Case is significant: never change the case of a base58 string.
#pragma once

#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::flows::wallet {

enum class Base58Error {
  Empty,
  TooLong,      // longer than kMaxBase58Chars: no address is, and decoding is quadratic
  BadChar,      // a character outside the alphabet (0, O, I, l, punctuation, non-ASCII)
  TooShort,     // fewer than 5 bytes: no room for a version and a checksum
  BadChecksum,  // the last 4 bytes do not match the double SHA-256
};
std::string_view to_string(Base58Error e);

inline constexpr std::size_t kMaxBase58Chars = 128;

std::expected<std::vector<std::uint8_t>, Base58Error> base58_decode(std::string_view text);
std::string base58_encode(std::span<const std::uint8_t> bytes);

// Decodes and verifies the checksum; returns version || payload (checksum stripped).
std::expected<std::vector<std::uint8_t>, Base58Error> base58check_decode(std::string_view text);
// Appends the checksum to version || payload and encodes.
std::string base58check_encode(std::span<const std::uint8_t> version_and_payload);

}  // namespace kiosk::flows::wallet
