#include "devices/usb/cdc_acm_wire.hpp"

namespace kiosk::devices::usb::cdc {

std::expected<LineCoding, std::string> line_coding(const SerialSettings& s) {
  if (s.baud == 0) return std::unexpected("baud 0");
  if (s.data_bits < 5 || s.data_bits > 8)
    return std::unexpected("unsupported data bits " + std::to_string(s.data_bits));
  if (s.stop_bits != 1 && s.stop_bits != 2)
    return std::unexpected("unsupported stop bits " + std::to_string(s.stop_bits));
  LineCoding c{};
  for (int i = 0; i < 4; ++i) c[i] = static_cast<std::uint8_t>(s.baud >> (8 * i));
  c[4] = s.stop_bits == 2 ? 2 : 0;
  c[5] = s.parity == SerialSettings::Parity::Odd    ? 1
         : s.parity == SerialSettings::Parity::Even ? 2
                                                    : 0;
  c[6] = static_cast<std::uint8_t>(s.data_bits);
  return c;
}

std::expected<SerialSettings, std::string> parse_line_coding(ByteView b) {
  if (b.size() != 7)
    return std::unexpected("line coding is 7 bytes, got " + std::to_string(b.size()));
  SerialSettings s;
  s.baud = b[0] | b[1] << 8 | b[2] << 16 | static_cast<unsigned>(b[3]) << 24;
  if (b[4] == 0)
    s.stop_bits = 1;
  else if (b[4] == 2)
    s.stop_bits = 2;
  else
    return std::unexpected("unsupported bCharFormat " + std::to_string(b[4]));
  if (b[5] == 0)
    s.parity = SerialSettings::Parity::None;
  else if (b[5] == 1)
    s.parity = SerialSettings::Parity::Odd;
  else if (b[5] == 2)
    s.parity = SerialSettings::Parity::Even;
  else
    return std::unexpected("unsupported bParityType " + std::to_string(b[5]));
  s.data_bits = b[6];
  return s;
}

}  // namespace kiosk::devices::usb::cdc
