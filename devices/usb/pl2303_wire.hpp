// Prolific PL2303 (01/HX types, not HXN/G) on the wire (facts: shared/reference/cash-devices.md
// 6.4, after Linux pl2303.c): vendor register reads/writes for the start-up sequence; line
// settings are the CDC-ACM requests (cdc_acm_wire.hpp).
#pragma once

#include <cstdint>
#include <vector>

#include "devices/usb/usb_bridge.hpp"

namespace kiosk::devices::usb::pl2303 {

inline constexpr std::uint8_t kVendorRequest = 0x01;  // C0 read (1 byte) / 40 write

ControlRequest read_register(std::uint16_t reg);
ControlRequest write_register(std::uint16_t reg, std::uint16_t value);

// The vendor start-up sequence for the HX type, then the upstream pipe resets done on open:
// read 8484, write 0404=0, read 8484, read 8383, read 8484, write 0404=1, read 8484, read 8383,
// write 0000=1, write 0001=0, write 0002=44, write 0008=0, write 0009=0.
std::vector<ControlRequest> hx_startup();

}  // namespace kiosk::devices::usb::pl2303
