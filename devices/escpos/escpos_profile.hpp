// What differs between ESC/POS printer models and paper widths, in one value the config fills in.
// Everything here that the reference marks UNVERIFIED (code page numbers, Kazakh glyphs, the tenge
// sign, the meaning of DLE EOT 2 and 3 bits) is an option, not a constant.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <vector>

#include "flows/time.hpp"

namespace kiosk::devices {

// How the Kazakh-specific Cyrillic letters (Ә Ғ Қ Ң Ө Ұ Ү Һ and their lower case) reach the paper.
// Plain CP866 has none of them.
enum class KazakhLetters {
  Transliterate,  // default: the nearest Russian letter (Ә->А, Ғ->Г, Қ->К, Ң->Н, Ө->О, Ұ/Ү->У,
                  // Һ->Х)
  CustomB0,  // Custom (VKP80 ...) Kazakh CP866 variant: Ә ә Ғ ғ Қ қ Ң ң Ө ө Ұ ұ Ү ү Һ һ = B0..BF
};

enum class CutMode { None, Partial, Full };

// QR error-correction level as sent in GS ( k ... 45 n.
enum class QrErrorCorrection : std::uint8_t { L = 0x30, M = 0x31, Q = 0x32, H = 0x33 };

// A model-specific glyph: printing `code_point` sends `byte` (consulted before the code page).
struct GlyphByte {
  char32_t code_point;
  std::uint8_t byte;
};

struct EscPosProfile {
  int columns = 42;             // font A characters per line: 42 on 80 mm paper, 32 on 58 mm
  std::uint8_t code_page = 17;  // ESC t n that selects CP866 (17 on Epson; check the model)
  KazakhLetters kazakh = KazakhLetters::Transliterate;
  std::vector<GlyphByte> extra_glyphs;  // e.g. {U'₸', 0x..} on a model known to have the sign
  std::string tenge_text = "KZT";       // printed for ₸ unless extra_glyphs maps U+20B8
  int qr_module_size = 6;               // dots per QR module, 1..16
  QrErrorCorrection qr_error_correction = QrErrorCorrection::M;
  CutMode cut = CutMode::Partial;
  std::uint8_t cut_feed = 3;                             // n in GS V 66 n / GS V 65 n
  std::vector<std::uint8_t> status_queries = {1, 2, 4};  // DLE EOT n asked before each print
  Millis status_timeout{500};                            // per DLE EOT query

  static EscPosProfile paper_80mm() { return {}; }
  static EscPosProfile paper_58mm() {
    EscPosProfile p;
    p.columns = 32;
    p.qr_module_size = 5;
    return p;
  }
};

// Checks a profile from the config; the error is a sentence for the technician.
std::expected<void, std::string> check_profile(const EscPosProfile& profile);

}  // namespace kiosk::devices
