#include "devices/usb/usb_bridge.hpp"

#include <array>
#include <cstdio>
#include <utility>

namespace kiosk::devices::usb {
namespace {

constexpr std::array<std::pair<UsbBridge, std::string_view>, 5> kNames{{
    {UsbBridge::Ftdi, "ftdi"},
    {UsbBridge::Ch340, "ch340"},
    {UsbBridge::Pl2303, "pl2303"},
    {UsbBridge::CdcAcm, "cdc_acm"},
    {UsbBridge::Printer, "printer"},
}};

std::string hex(unsigned v, int width) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%0*X", width, v);
  return buf;
}

}  // namespace

std::string_view bridge_name(UsbBridge b) {
  for (const auto& [bridge, name] : kNames)
    if (bridge == b) return name;
  return "?";
}

std::optional<UsbBridge> parse_bridge(std::string_view name) {
  for (const auto& [bridge, n] : kNames)
    if (n == name) return bridge;
  return std::nullopt;
}

std::string ControlRequest::describe() const {
  std::string s =
      hex(request_type, 2) + " " + hex(request, 2) + " " + hex(value, 4) + " " + hex(index, 4);
  if (is_in()) return s + " in " + std::to_string(in_length);
  if (data.empty()) return s;
  s += " [";
  for (std::size_t i = 0; i < data.size(); ++i) s += (i ? " " : "") + hex(data[i], 2);
  return s + "]";
}

std::string UsbMatch::describe() const {
  std::string s = format_usb_id(vid) + ":" + format_usb_id(pid);
  if (!serial.empty()) s += " serial " + serial;
  return s;
}

std::optional<std::uint16_t> parse_usb_id(std::string_view hex4) {
  if (hex4.size() != 4) return std::nullopt;
  unsigned v = 0;
  for (char c : hex4) {
    v <<= 4;
    if (c >= '0' && c <= '9')
      v |= static_cast<unsigned>(c - '0');
    else if (c >= 'a' && c <= 'f')
      v |= static_cast<unsigned>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      v |= static_cast<unsigned>(c - 'A' + 10);
    else
      return std::nullopt;
  }
  return static_cast<std::uint16_t>(v);
}

std::string format_usb_id(std::uint16_t id) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04x", id);
  return buf;
}

}  // namespace kiosk::devices::usb
