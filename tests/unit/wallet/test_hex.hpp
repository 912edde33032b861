// Hex helpers for the wallet tests.
#pragma once

#include <cstdint>
#include <span>
#include <string>

inline std::string to_hex(std::span<const std::uint8_t> bytes) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (auto b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}
