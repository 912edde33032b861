// WCH CH340 / CH341 on the wire (facts: shared/reference/cash-devices.md 6.3, after Linux
// ch341.c): the prescaler/divisor register value for a baud rate and the line control register.
#pragma once

#include <cstdint>
#include <expected>
#include <string>

#include "devices/tty_transport.hpp"

namespace kiosk::devices::usb::ch341 {

inline constexpr std::uint8_t kReadVersion = 0x5F;  // vendor IN, 2 bytes
inline constexpr std::uint8_t kReadReg = 0x95;      // vendor IN
inline constexpr std::uint8_t kWriteReg = 0x9A;     // vendor OUT, wValue = reg2 << 8 | reg1
inline constexpr std::uint8_t kSerialInit = 0xA1;   // vendor OUT
inline constexpr std::uint8_t kModemCtrl = 0xA4;    // vendor OUT, wValue = ~mcr
inline constexpr std::uint16_t kRegBaud = 0x1312;   // divisor (13) and prescaler (12) registers
inline constexpr std::uint16_t kRegLcr = 0x2518;    // LCR2 (25) and LCR (18)
inline constexpr std::uint8_t kMcrDtr = 0x20, kMcrRts = 0x40;

// The value written to registers 13:12 for `baud`: (0x100 - div) << 8 | fact << 2 | ps, where
// baud = 48 MHz / (2^(12 - 3 ps - fact) * div), the divisor whose rate is closer, and the lower
// base clock when the divisor is even. Bit 7 (no 32-byte buffering) is set when `chip_version`
// is above 0x27. Error outside 47..2 000 000 baud.
std::expected<std::uint16_t, std::string> baud_register(unsigned baud, std::uint8_t chip_version);

// The rate a register value gives (bit 7 ignored), for logs and tests.
unsigned baud_of_register(std::uint16_t reg);

// LCR: RX 80 | TX 40 | data bits - 5 | parity enable 08 | even 10 | 2 stop 04.
// 8N1 = C3, 8E1 = DB, 8N2 = C7.
std::expected<std::uint8_t, std::string> line_control(const SerialSettings& s);

}  // namespace kiosk::devices::usb::ch341
