// Text conversion between the receipt model (UTF-8) and a CP866 printer (one byte per character),
// with the Kazakh letters and the tenge sign handled as the profile says. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "devices/escpos/escpos_profile.hpp"
#include "devices/transport.hpp"

namespace kiosk::devices {

class Cp866Text {
 public:
  explicit Cp866Text(const EscPosProfile& profile);
  Cp866Text(KazakhLetters kazakh, std::vector<GlyphByte> extra_glyphs, std::string tenge_text);

  // UTF-8 -> printer bytes, one byte per printed column. Never fails: invalid UTF-8 and characters
  // the printer cannot show become '?'; control characters become '?' too (text can never inject a
  // command) except TAB, which becomes a space.
  Bytes encode(std::string_view utf8) const;

  // One printer byte (0x20..0xFF) -> UTF-8, as this printer would print it. Control bytes and DEL
  // give "?".
  std::string decode(std::uint8_t byte) const;

 private:
  void encode_code_point(char32_t cp, Bytes& out) const;

  KazakhLetters kazakh_;
  std::string tenge_text_;
  std::unordered_map<char32_t, std::uint8_t> to_byte_;  // extra glyphs, then bytes 0x80..0xFF
  char32_t glyph_[256];                                 // what each byte prints ('?': control)
};

// Decodes one code point from `in` at `pos`, advancing `pos`; returns U+FFFD for invalid input
// (bad lead or continuation byte, overlong form, surrogate, > U+10FFFF) and advances one byte.
char32_t next_code_point(std::string_view in, std::size_t& pos);
// Appends the UTF-8 form of `cp` to `out`.
void append_utf8(std::string& out, char32_t cp);

}  // namespace kiosk::devices
