#include "devices/escpos/cp866_text.hpp"

#include <utility>

namespace kiosk::devices {

namespace {

// CP866 (IBM 866), bytes 0x80..0xFF.
constexpr char32_t kCp866High[128] = {
    // 0x80: А..П
    0x0410, 0x0411, 0x0412, 0x0413, 0x0414, 0x0415, 0x0416, 0x0417, 0x0418, 0x0419, 0x041A, 0x041B,
    0x041C, 0x041D, 0x041E, 0x041F,
    // 0x90: Р..Я
    0x0420, 0x0421, 0x0422, 0x0423, 0x0424, 0x0425, 0x0426, 0x0427, 0x0428, 0x0429, 0x042A, 0x042B,
    0x042C, 0x042D, 0x042E, 0x042F,
    // 0xA0: а..п
    0x0430, 0x0431, 0x0432, 0x0433, 0x0434, 0x0435, 0x0436, 0x0437, 0x0438, 0x0439, 0x043A, 0x043B,
    0x043C, 0x043D, 0x043E, 0x043F,
    // 0xB0..0xDF: shades and box drawing
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556, 0x2555, 0x2563, 0x2551, 0x2557,
    0x255D, 0x255C, 0x255B, 0x2510, 0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F,
    0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567, 0x2568, 0x2564, 0x2565, 0x2559,
    0x2558, 0x2552, 0x2553, 0x256B, 0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,
    // 0xE0: р..я
    0x0440, 0x0441, 0x0442, 0x0443, 0x0444, 0x0445, 0x0446, 0x0447, 0x0448, 0x0449, 0x044A, 0x044B,
    0x044C, 0x044D, 0x044E, 0x044F,
    // 0xF0: Ё ё Є є Ї ї Ў ў ° ∙ · √ № ¤ ■ NBSP
    0x0401, 0x0451, 0x0404, 0x0454, 0x0407, 0x0457, 0x040E, 0x045E, 0x00B0, 0x2219, 0x00B7, 0x221A,
    0x2116, 0x00A4, 0x25A0, 0x00A0};

// The Kazakh letters in the order of the Custom variant (B0..BF), and their transliteration.
constexpr char32_t kKazakh[16] = {0x04D8, 0x04D9, 0x0492, 0x0493, 0x049A, 0x049B, 0x04A2, 0x04A3,
                                  0x04E8, 0x04E9, 0x04B0, 0x04B1, 0x04AE, 0x04AF, 0x04BA, 0x04BB};
constexpr char32_t kKazakhNearest[16] = {
    0x0410, 0x0430,  // Ә ә -> А а
    0x0413, 0x0433,  // Ғ ғ -> Г г
    0x041A, 0x043A,  // Қ қ -> К к
    0x041D, 0x043D,  // Ң ң -> Н н
    0x041E, 0x043E,  // Ө ө -> О о
    0x0423, 0x0443,  // Ұ ұ -> У у
    0x0423, 0x0443,  // Ү ү -> У у
    0x0425, 0x0445,  // Һ һ -> Х х
};
constexpr std::uint8_t kKazakhFirstByte = 0xB0;
constexpr char32_t kTenge = 0x20B8;
constexpr char32_t kReplacement = 0xFFFD;

// Characters outside CP866 that have an obvious ASCII stand-in.
const char* ascii_stand_in(char32_t cp) {
  switch (cp) {
    case 0x0406:
      return "I";  // Kazakh/Ukrainian І
    case 0x0456:
      return "i";  // і
    case 0x2007:   // figure space
    case 0x2009:   // thin space
    case 0x202F:   // narrow no-break space
      return " ";
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
      return "-";
    case 0x2018:
    case 0x2019:
    case 0x201A:
      return "'";
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x00AB:
    case 0x00BB:
      return "\"";
    case 0x2026:
      return "...";
    default:
      return nullptr;
  }
}

}  // namespace

char32_t next_code_point(std::string_view in, std::size_t& pos) {
  auto b = [&](std::size_t i) { return static_cast<unsigned char>(in[i]); };
  unsigned char lead = b(pos);
  int extra = 0;
  char32_t cp = 0;
  if (lead < 0x80) {
    ++pos;
    return lead;
  }
  if (lead >= 0xC2 && lead <= 0xDF) {
    extra = 1;
    cp = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    extra = 2;
    cp = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    extra = 3;
    cp = lead & 0x07;
  }
  if (extra == 0 || pos + extra >= in.size()) {  // bad lead byte, or the sequence is cut short
    ++pos;
    return kReplacement;
  }
  for (int i = 1; i <= extra; ++i) {
    unsigned char c = b(pos + i);
    if ((c & 0xC0) != 0x80) {
      ++pos;
      return kReplacement;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  static constexpr char32_t kMin[4] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++pos;
    return kReplacement;
  }
  pos += extra + 1;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = kReplacement;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

Cp866Text::Cp866Text(const EscPosProfile& profile)
    : Cp866Text(profile.kazakh, profile.extra_glyphs, profile.tenge_text) {}

Cp866Text::Cp866Text(KazakhLetters kazakh, std::vector<GlyphByte> extra_glyphs,
                     std::string tenge_text)
    : kazakh_(kazakh), tenge_text_(std::move(tenge_text)) {
  for (int b = 0; b < 256; ++b) {
    if (b < 0x20 || b == 0x7F) {
      glyph_[b] = '?';
    } else if (b < 0x80) {
      glyph_[b] = static_cast<char32_t>(b);
    } else {
      glyph_[b] = kCp866High[b - 0x80];
    }
  }
  if (kazakh_ == KazakhLetters::CustomB0) {
    for (int i = 0; i < 16; ++i) glyph_[kKazakhFirstByte + i] = kKazakh[i];
  }
  // Extra glyphs win over the code page: they replace what their byte showed, and are inserted
  // into the reverse map first (emplace keeps the first).
  for (const GlyphByte& g : extra_glyphs) {
    if (g.byte < 0x20 || g.byte == 0x7F) continue;  // never map text onto a control byte
    glyph_[g.byte] = g.code_point;
    to_byte_.emplace(g.code_point, g.byte);
  }
  for (int b = 0x80; b < 256; ++b) to_byte_.emplace(glyph_[b], static_cast<std::uint8_t>(b));
}

void Cp866Text::encode_code_point(char32_t cp, Bytes& out) const {
  if (auto it = to_byte_.find(cp); it != to_byte_.end()) {
    out.push_back(it->second);
    return;
  }
  if (cp == U'\t') {
    out.push_back(' ');
    return;
  }
  if (cp >= 0x20 && cp < 0x7F && glyph_[cp] == cp) {
    out.push_back(static_cast<std::uint8_t>(cp));
    return;
  }
  if (cp == kTenge) {
    for (unsigned char c : tenge_text_) {
      // The replacement text is meant to be ASCII; anything else in it prints as '?'.
      out.push_back(c >= 0x20 && c < 0x7F ? c : '?');
    }
    return;
  }
  for (int i = 0; i < 16; ++i) {
    if (cp == kKazakh[i]) {
      encode_code_point(kKazakhNearest[i], out);
      return;
    }
  }
  if (const char* s = ascii_stand_in(cp)) {
    for (; *s; ++s) out.push_back(static_cast<std::uint8_t>(*s));
    return;
  }
  out.push_back('?');
}

Bytes Cp866Text::encode(std::string_view utf8) const {
  Bytes out;
  out.reserve(utf8.size());
  std::size_t pos = 0;
  while (pos < utf8.size()) encode_code_point(next_code_point(utf8, pos), out);
  return out;
}

std::string Cp866Text::decode(std::uint8_t byte) const {
  std::string out;
  append_utf8(out, glyph_[byte]);
  return out;
}

}  // namespace kiosk::devices
