#include "devices/usb/ftdi_wire.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace kiosk::devices::usb::ftdi {
namespace {

constexpr std::uint64_t kClock8 = 24'000'000;  // 3 MHz base in 1/8 divisor units
// The fractional eighths 0..7 are coded in bits 14..16 in this order.
constexpr std::array<std::uint32_t, 8> kFracCode{0, 3, 2, 4, 1, 5, 6, 7};
constexpr std::uint64_t kMaxDivisor8 = (0x3FFFu << 3) | 7u;  // 14-bit integer part

std::uint64_t distance(std::uint64_t a, std::uint64_t b) { return a > b ? a - b : b - a; }

}  // namespace

std::expected<BaudDivisor, std::string> baud_divisor(unsigned baud) {
  if (baud < 184 || baud > 3'000'000)
    return std::unexpected("baud " + std::to_string(baud) + " out of range for FTDI");
  // The two candidate divisors around the exact one; keep the one whose rate is closer.
  std::uint64_t d = kClock8 / baud;
  if (distance(kClock8 / d, baud) > distance(kClock8 / (d + 1), baud)) ++d;
  // Divisors between 1 and 2 do not exist: only 1 (3 Mbaud), 1.5 (2 Mbaud) and 2.
  if (d < 16) d = d < 10 ? 8 : d < 14 ? 12 : 16;
  d = std::min(d, kMaxDivisor8);
  std::uint32_t encoded = 0;
  if (d == 8)
    encoded = 0;  // special value: 3 Mbaud
  else if (d == 12)
    encoded = 1;  // special value: 2 Mbaud
  else
    encoded = static_cast<std::uint32_t>(d >> 3) | kFracCode[d & 7] << 14;
  BaudDivisor out;
  out.value = static_cast<std::uint16_t>(encoded & 0xFFFF);
  out.index = static_cast<std::uint16_t>(encoded >> 16);
  out.actual = static_cast<unsigned>((kClock8 + d / 2) / d);
  return out;
}

std::expected<std::uint16_t, std::string> line_value(const SerialSettings& s) {
  if (s.data_bits != 7 && s.data_bits != 8)
    return std::unexpected("FTDI supports 7 or 8 data bits, not " + std::to_string(s.data_bits));
  std::uint16_t parity = 0;
  switch (s.parity) {
    case SerialSettings::Parity::None:
      parity = 0;
      break;
    case SerialSettings::Parity::Odd:
      parity = 1;
      break;
    case SerialSettings::Parity::Even:
      parity = 2;
      break;
  }
  std::uint16_t stop = 0;
  if (s.stop_bits == 2)
    stop = 2;
  else if (s.stop_bits != 1)
    return std::unexpected("unsupported stop bits " + std::to_string(s.stop_bits));
  return static_cast<std::uint16_t>(s.data_bits | parity << 8 | stop << 11);
}

Bytes strip_status(ByteView transfer, std::size_t max_packet_size, PacketStatus* last) {
  Bytes out;
  if (max_packet_size <= kStatusBytes) return out;
  out.reserve(transfer.size());
  for (std::size_t at = 0; at < transfer.size(); at += max_packet_size) {
    const std::size_t len = std::min(max_packet_size, transfer.size() - at);
    if (len >= kStatusBytes && last) *last = PacketStatus{transfer[at], transfer[at + 1]};
    if (len <= kStatusBytes) continue;  // only the status bytes (or a truncated header)
    out.insert(out.end(), transfer.begin() + static_cast<std::ptrdiff_t>(at + kStatusBytes),
               transfer.begin() + static_cast<std::ptrdiff_t>(at + len));
  }
  return out;
}

}  // namespace kiosk::devices::usb::ftdi
