// ICAO 9303 Part 3 check digits and the Kazakh IIN check digit (reference wallet-id-kz.md §2.1,
// §2.5). Pure.
#pragma once

#include <optional>
#include <string_view>

namespace kiosk::flows::identity {

// '0'-'9' -> 0-9, 'A'-'Z' -> 10-35, '<' -> 0; nullopt for anything else.
std::optional<int> mrz_char_value(char c);

// Sum of value x weight (7, 3, 1 repeating) mod 10; nullopt when a character is outside the set.
std::optional<int> mrz_check_digit(std::string_view field);

// The IIN/BIN check digit over the first 11 digits: pass 1 weights 1..11, pass 2 weights
// 3..11,1,2 when pass 1 gives 10. nullopt when both passes give 10 (never issued) or the input
// is not 11 digits.
std::optional<int> iin_check_digit(std::string_view first11);

}  // namespace kiosk::flows::identity
