// ICAO 9303 field grammar, applied by parse_mrz beside the check digits: a wrong read whose
// check digits happen to pass (three O/0, S/5, Z/2 swaps cancel modulo 10) still breaks the
// grammar of its fields. Numeric fields are digits, names and codes letters and '<', the states
// are ICAO codes, and an issuer's document numbers follow its patterns (configurable: Kazakh
// patterns are UNVERIFIED against physical documents, see README). Pure.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "flows/identity/mrz_layout.hpp"

namespace kiosk::flows::identity {

// A pattern is one or more alternatives separated by '|'; in an alternative 'A' is a letter,
// '9' a digit, 'X' a letter or digit, anything else itself. The value (fillers removed) must
// match one alternative in full; an empty alternative admits an empty value.
bool matches_pattern(std::string_view value, std::string_view pattern);

struct IssuerRules {
  std::string passport_number;          // TD3 document number; empty: any
  std::string card_number;              // TD1/TD2 document number; empty: any
  std::string personal_number;          // TD3 personal number; empty: any
  bool iin_in_personal_number = false;  // TD3: a personal number, when present, is an IIN
};

struct MrzRules {
  std::map<std::string, IssuerRules, std::less<>> issuers;  // by issuing state as printed
  bool accept_specimen = true;  // "UTO", ICAO's specimen state (the reference vectors)
};

// KAZ: passport "N" + 8 digits, ID card 9 digits, passport personal number empty or a 12-digit
// IIN. All three UNVERIFIED against physical documents (reference wallet-id-kz.md §2.4).
const MrzRules& default_mrz_rules();

// ISO 3166-1 alpha-3 plus ICAO's own codes (D<<, GBD..., UNO, XXA...) as printed (padded with
// '<' to 3 characters).
bool icao_code_known(std::string_view code, bool accept_specimen = true);

// The character classes of an issuer's pattern, when it has one alternative of `width` or less
// characters: letters for 'A', digits for '9', digit-or-filler past a shorter alternative; empty
// when the pattern does not pin classes.
std::vector<CharClass> pattern_classes(std::string_view pattern, int width);

}  // namespace kiosk::flows::identity
