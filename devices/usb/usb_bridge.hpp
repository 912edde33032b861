// The USB chips a kiosk device hides behind, and what configuring one of them means on the wire:
// a list of control requests (pure data, built by bridge_setup.hpp, sent by UsbTransport).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "devices/transport.hpp"

namespace kiosk::devices::usb {

enum class UsbBridge { Ftdi, Ch340, Pl2303, CdcAcm, Printer };

// "ftdi", "ch340", "pl2303", "cdc_acm", "printer" (the config's "bridge" key).
std::string_view bridge_name(UsbBridge b);
std::optional<UsbBridge> parse_bridge(std::string_view name);

// bmRequestType values used by the bridges (USB 2.0 table 9-2).
inline constexpr std::uint8_t kVendorOut = 0x40;
inline constexpr std::uint8_t kVendorIn = 0xC0;
inline constexpr std::uint8_t kClassInterfaceOut = 0x21;
inline constexpr std::uint8_t kClassInterfaceIn = 0xA1;
inline constexpr std::uint8_t kStandardDeviceIn = 0x80;

// One control transfer. OUT requests carry `data` (possibly empty); IN requests (bit 7 of
// request_type) ask for `in_length` bytes, and their answer is only checked for success.
struct ControlRequest {
  std::uint8_t request_type = 0;
  std::uint8_t request = 0;
  std::uint16_t value = 0;
  std::uint16_t index = 0;
  Bytes data;
  std::uint16_t in_length = 0;
  bool is_in() const { return (request_type & 0x80) != 0; }
  bool operator==(const ControlRequest&) const = default;
  // "40 03 4138 0000" (+ " [80 25 00 00 00 00 08]" or " in 2"), for logs and test failures.
  std::string describe() const;
};

// Which device to open: VID:PID, and the serial number when several alike are attached.
struct UsbMatch {
  std::uint16_t vid = 0;
  std::uint16_t pid = 0;
  std::string serial;  // empty: any
  // "0403:6001" or "0403:6001 serial A12345"
  std::string describe() const;
};

// "0403" -> 0x0403. Exactly four hex digits.
std::optional<std::uint16_t> parse_usb_id(std::string_view hex4);
std::string format_usb_id(std::uint16_t id);

}  // namespace kiosk::devices::usb
