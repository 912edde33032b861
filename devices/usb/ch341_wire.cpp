#include "devices/usb/ch341_wire.hpp"

namespace kiosk::devices::usb::ch341 {
namespace {

constexpr std::uint64_t kClock = 48'000'000;

constexpr std::uint64_t clock_divider(unsigned ps, unsigned fact) {
  return std::uint64_t{1} << (12 - 3 * ps - fact);
}
// The lowest rate each prescaler reaches with fact = 1 and a divisor below 512.
constexpr std::uint64_t min_rate(unsigned ps) { return kClock / (clock_divider(ps, 1) * 512); }

}  // namespace

std::expected<std::uint16_t, std::string> baud_register(unsigned baud, std::uint8_t chip_version) {
  if (baud < 47 || baud > 2'000'000)
    return std::unexpected("baud " + std::to_string(baud) + " out of range for CH340/CH341");
  // The highest base clock (fact 1) whose divisor stays below 512.
  int ps = 3;
  while (ps >= 0 && baud <= min_rate(static_cast<unsigned>(ps))) --ps;
  if (ps < 0) return std::unexpected("baud " + std::to_string(baud) + " too low for CH340/CH341");
  unsigned fact = 1;
  std::uint64_t clk_div = clock_divider(static_cast<unsigned>(ps), fact);
  std::uint64_t div = kClock / (clk_div * baud);
  if (div < 9 || div > 255) {  // halve the base clock
    div /= 2;
    clk_div *= 2;
    fact = 0;
  }
  if (div < 2) return std::unexpected("baud " + std::to_string(baud) + " too high for CH340/CH341");
  // The next divisor when its rate is closer (scaled by 16 against rounding at low rates).
  if (16 * kClock / (clk_div * div) - 16 * baud >= 16 * baud - 16 * kClock / (clk_div * (div + 1)))
    ++div;
  if (fact == 1 && div % 2 == 0) {  // an even divisor: the lower base clock does the same
    div /= 2;
    fact = 0;
  }
  auto reg = static_cast<std::uint16_t>((0x100 - div) << 8 | fact << 2 | static_cast<unsigned>(ps));
  if (chip_version > 0x27) reg |= 0x80;
  return reg;
}

unsigned baud_of_register(std::uint16_t reg) {
  const unsigned ps = reg & 0x03;
  const unsigned fact = (reg >> 2) & 0x01;
  const unsigned div = 0x100 - (reg >> 8);
  if (div == 0) return 0;
  return static_cast<unsigned>(kClock / (clock_divider(ps, fact) * div));
}

std::expected<std::uint8_t, std::string> line_control(const SerialSettings& s) {
  if (s.data_bits < 5 || s.data_bits > 8)
    return std::unexpected("unsupported data bits " + std::to_string(s.data_bits));
  if (s.stop_bits != 1 && s.stop_bits != 2)
    return std::unexpected("unsupported stop bits " + std::to_string(s.stop_bits));
  unsigned lcr = 0x80 | 0x40 | (s.data_bits - 5);
  if (s.parity != SerialSettings::Parity::None) lcr |= 0x08;
  if (s.parity == SerialSettings::Parity::Even) lcr |= 0x10;
  if (s.stop_bits == 2) lcr |= 0x04;
  return static_cast<std::uint8_t>(lcr);
}

}  // namespace kiosk::devices::usb::ch341
