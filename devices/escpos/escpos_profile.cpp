#include "devices/escpos/escpos_profile.hpp"

namespace kiosk::devices {

std::expected<void, std::string> check_profile(const EscPosProfile& p) {
  if (p.columns < 16 || p.columns > 96) {
    return std::unexpected(
        "printer columns must be 16..96 (42 for 80 mm paper, 32 for 58 mm), got " +
        std::to_string(p.columns));
  }
  if (p.qr_module_size < 1 || p.qr_module_size > 16) {
    return std::unexpected("printer QR module size must be 1..16 dots, got " +
                           std::to_string(p.qr_module_size));
  }
  for (unsigned char c : p.tenge_text) {
    if (c < 0x20 || c >= 0x7F) return std::unexpected("printer tenge text must be plain ASCII");
  }
  for (const GlyphByte& g : p.extra_glyphs) {
    if (g.byte < 0x20 || g.byte == 0x7F) {
      return std::unexpected("printer extra glyph byte " + std::to_string(g.byte) +
                             " is a control byte");
    }
  }
  for (std::uint8_t n : p.status_queries) {
    if (n < 1 || n > 4) {
      return std::unexpected("printer status queries must be DLE EOT 1..4, got " +
                             std::to_string(n));
    }
  }
  if (p.status_timeout.count() <= 0) return std::unexpected("printer status timeout must be > 0");
  return {};
}

}  // namespace kiosk::devices
