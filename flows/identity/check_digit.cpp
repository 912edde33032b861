#include "flows/identity/check_digit.hpp"

#include <array>

namespace kiosk::flows::identity {

std::optional<int> mrz_char_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  if (c == '<') return 0;
  return std::nullopt;
}

std::optional<int> mrz_check_digit(std::string_view field) {
  constexpr std::array<int, 3> kWeights{7, 3, 1};
  int sum = 0;
  for (std::size_t i = 0; i < field.size(); ++i) {
    auto v = mrz_char_value(field[i]);
    if (!v) return std::nullopt;
    sum += *v * kWeights[i % 3];
  }
  return sum % 10;
}

std::optional<int> iin_check_digit(std::string_view first11) {
  if (first11.size() != 11) return std::nullopt;
  for (char c : first11)
    if (c < '0' || c > '9') return std::nullopt;
  constexpr std::array<int, 11> kPass2{3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2};
  int sum = 0;
  for (int i = 0; i < 11; ++i) sum += (first11[i] - '0') * (i + 1);
  int c = sum % 11;
  if (c != 10) return c;
  sum = 0;
  for (int i = 0; i < 11; ++i) sum += (first11[i] - '0') * kPass2[i];
  c = sum % 11;
  if (c != 10) return c;
  return std::nullopt;
}

}  // namespace kiosk::flows::identity
