// FTDI FT232R / FT-X on the wire (facts: shared/reference/cash-devices.md 6.1): the baud divisor,
// the SET_DATA line value, and the two modem/line status bytes that start every bulk IN packet.
// Pure functions; FT2232/H-series chips (other clock, wIndex layout) are not covered.
#pragma once

#include <cstdint>
#include <expected>
#include <string>

#include "devices/transport.hpp"
#include "devices/tty_transport.hpp"

namespace kiosk::devices::usb::ftdi {

// Vendor OUT requests (bmRequestType 40) and vendor IN requests (C0).
inline constexpr std::uint8_t kReset = 0x00;
inline constexpr std::uint8_t kModemCtrl = 0x01;
inline constexpr std::uint8_t kSetFlowCtrl = 0x02;
inline constexpr std::uint8_t kSetBaudRate = 0x03;
inline constexpr std::uint8_t kSetData = 0x04;
inline constexpr std::uint8_t kGetModemStatus = 0x05;
inline constexpr std::uint8_t kSetLatencyTimer = 0x09;
inline constexpr std::uint8_t kGetLatencyTimer = 0x0A;
// RESET wValue: 0 reset the chip, 1 purge RX, 2 purge TX.
inline constexpr std::uint16_t kResetSio = 0, kPurgeRx = 1, kPurgeTx = 2;
// MODEM_CTRL wValue = mask << 8 | state.
inline constexpr std::uint16_t kDtrHigh = 0x0101, kRtsHigh = 0x0202;

struct BaudDivisor {
  std::uint16_t value = 0;  // wValue of SET_BAUD_RATE
  std::uint16_t index = 0;  // wIndex (bit 16 of the encoded divisor; port 0)
  unsigned actual = 0;      // the rate the chip really runs at
  bool operator==(const BaudDivisor&) const = default;
};

// FT232R/BM/FT-X (3 MHz base clock, 1/8 fractional divisor): the encoded divisor for `baud`, the
// closer of the two neighbouring divisors. Error outside 184..3 000 000 baud.
std::expected<BaudDivisor, std::string> baud_divisor(unsigned baud);

// SET_DATA wValue: data bits (7 or 8), parity (N 0, O 1, E 2) << 8, stop bits (1 -> 0, 2 -> 2)
// << 11. 8N1 = 0008, 8E1 = 0208, 8N2 = 1008.
std::expected<std::uint16_t, std::string> line_value(const SerialSettings& s);

// The two status bytes at the start of every bulk IN packet.
inline constexpr std::size_t kStatusBytes = 2;
struct PacketStatus {
  std::uint8_t modem = 0;  // bit0 always 1, CTS 10, DSR 20, RI 40, DCD 80
  std::uint8_t line = 0;   // DR 01, OE 02, PE 04, FE 08, BI 10, THRE 20, TEMT 40, FIFO error 80
  bool line_error() const { return (line & 0x1E) != 0; }  // overrun, parity, framing, break
};

// The data carried by one bulk IN transfer: the transfer is cut into packets of
// `max_packet_size` (64 full speed, 512 high speed) and the two status bytes at the start of each
// are dropped; a packet holding only them contributes nothing. `last` (when given) receives the
// status of the last packet.
Bytes strip_status(ByteView transfer, std::size_t max_packet_size, PacketStatus* last = nullptr);

}  // namespace kiosk::devices::usb::ftdi
