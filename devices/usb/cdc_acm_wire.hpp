// CDC-ACM class requests (facts: shared/reference/cash-devices.md 6.2), shared by PL2303.
#pragma once

#include <array>
#include <cstdint>
#include <expected>
#include <string>

#include "devices/transport.hpp"
#include "devices/tty_transport.hpp"

namespace kiosk::devices::usb::cdc {

inline constexpr std::uint8_t kSetLineCoding = 0x20;        // 21, 7 bytes OUT
inline constexpr std::uint8_t kGetLineCoding = 0x21;        // A1, 7 bytes IN
inline constexpr std::uint8_t kSetControlLineState = 0x22;  // 21, wValue DTR 1 | RTS 2
inline constexpr std::uint8_t kSendBreak = 0x23;
inline constexpr std::uint16_t kDtr = 0x01, kRts = 0x02;

using LineCoding = std::array<std::uint8_t, 7>;

// dwDTERate (u32 LE), bCharFormat (0 = 1 stop, 2 = 2 stop), bParityType (0 N, 1 O, 2 E),
// bDataBits. 9600 8N1 = 80 25 00 00 00 00 08.
std::expected<LineCoding, std::string> line_coding(const SerialSettings& s);
// The other way (what a device was told), for the device models in tests and diagnostics.
std::expected<SerialSettings, std::string> parse_line_coding(ByteView bytes);

}  // namespace kiosk::devices::usb::cdc
