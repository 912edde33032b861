// Hex text <-> bytes for the SSP tests ("7F 80 01 11 65 82").
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "devices/transport.hpp"

namespace ssp_test {

inline kiosk::devices::Bytes hex(std::string_view text) {
  kiosk::devices::Bytes out;
  int hi = -1;
  for (char c : text) {
    int v = -1;
    if (c >= '0' && c <= '9') v = c - '0';
    if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    if (v < 0) continue;
    if (hi < 0) {
      hi = v;
    } else {
      out.push_back(static_cast<std::uint8_t>(hi << 4 | v));
      hi = -1;
    }
  }
  return out;
}

inline std::string to_hex(kiosk::devices::ByteView bytes) {
  std::string s;
  char buf[4];
  for (auto b : bytes) {
    std::snprintf(buf, sizeof buf, "%02X ", b);
    s += buf;
  }
  if (!s.empty()) s.pop_back();
  return s;
}

}  // namespace ssp_test
