// USB printer class requests and answers (facts: shared/reference/cash-devices.md 5.3).
#pragma once

#include <cstdint>
#include <expected>
#include <map>
#include <string>

#include "devices/receipt_printer.hpp"
#include "devices/transport.hpp"

namespace kiosk::devices::usb::printer_class {

inline constexpr std::uint8_t kGetDeviceId = 0x00;    // A1, wValue config, wIndex iface << 8 | alt
inline constexpr std::uint8_t kGetPortStatus = 0x01;  // A1, wIndex iface, 1 byte
inline constexpr std::uint8_t kSoftReset = 0x02;      // 21, wIndex iface
inline constexpr std::uint8_t kInterfaceClass = 0x07;

// The IEEE 1284 device id: "MFG:EPSON;MDL:TM-T20;CMD:ESC/POS;" split into its keys (upper-cased,
// trimmed). The common long keys are also filed under their short names (MANUFACTURER -> MFG,
// MODEL -> MDL, COMMAND SET -> CMD).
struct DeviceId {
  std::string raw;
  std::map<std::string, std::string> fields;
  std::string manufacturer() const;  // MFG
  std::string model() const;         // MDL
  std::string command_set() const;   // CMD
};

// The GET_DEVICE_ID answer: a 2-byte big-endian length (the length bytes included), then the
// string. A length that does not fit the answer is read little-endian instead (some devices), and
// failing that the whole answer is taken. Error when the answer is shorter than its length field.
std::expected<DeviceId, std::string> parse_device_id(ByteView answer);

// GET_PORT_STATUS: bit 3 = not error, bit 4 = selected, bit 5 = paper empty.
struct PortStatus {
  bool error = false;
  bool selected = true;
  bool paper_empty = false;
  // As the receipt printer contract sees it (online = selected).
  PrinterStatus printer_status() const;
};
PortStatus parse_port_status(std::uint8_t byte);

}  // namespace kiosk::devices::usb::printer_class
