// ICAO 9303 MRZ layouts (reference wallet-id-kz.md §2.2): line counts and lengths, which
// characters each position may hold, and which positions each check digit covers. Shared by the
// parser (flows/identity/mrz.cpp) and the reader (devices/id), which uses the character classes
// to settle ambiguous glyphs. Positions are 0-based offsets into the lines joined without
// separators (line * length + column).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kiosk::flows::identity {

enum class MrzFormat : std::uint8_t { TD1, TD2, TD3 };

struct MrzShape {
  int lines;
  int length;
};

MrzShape mrz_shape(MrzFormat format);
std::optional<MrzFormat> mrz_format_for(int lines, int length);
std::string_view to_string(MrzFormat format);  // "TD1", "TD2", "TD3"

enum class CharClass : std::uint8_t {
  Digit,          // 0-9
  Alpha,          // A-Z or '<'
  AlphaNum,       // A-Z, 0-9 or '<'
  Sex,            // M, F, X or '<'
  DigitOrFiller,  // 0-9 or '<'
};

bool char_allowed(CharClass cls, char c);

// One class per position. `issuing_state` narrows the classes where the layout depends on it:
// "KAZ" on a TD1 makes optional data columns 16-27 (the IIN) digits; an issuer with patterns in
// default_mrz_rules() (mrz_grammar.hpp) pins its document number and TD3 personal number (KAZ:
// "N" + 8 digits, 9 digits on the card, a 12-digit IIN or nothing).
std::vector<CharClass> mrz_char_classes(MrzFormat format, std::string_view issuing_state = {});

// A check digit and the positions it covers (half-open ranges), as laid out in the standard
// case (a TD1 document number longer than 9 characters moves its check digit; mrz.cpp handles
// that).
struct CheckedField {
  std::string name;  // "document_number", "birth_date", "expiry_date", "optional_data",
                     // "composite"
  std::vector<std::pair<int, int>> covered;
  int digit;
};

std::vector<CheckedField> mrz_checked_fields(MrzFormat format);

}  // namespace kiosk::flows::identity
