#include "flows/wallet/amount_text.hpp"

namespace kiosk::flows::wallet {
namespace {

constexpr Atoms kMax = ~Atoms{0};
constexpr std::size_t kMaxAmountChars = 80;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool push_digit(Atoms& v, char c) {
  auto d = static_cast<unsigned>(c - '0');
  if (v > kMax / 10 || (v == kMax / 10 && d > kMax % 10)) return false;
  v = v * 10 + d;
  return true;
}

bool scale_up(Atoms& v, int times) {
  for (int i = 0; i < times; ++i) {
    if (v > kMax / 10) return false;
    v *= 10;
  }
  return true;
}

}  // namespace

std::expected<Atoms, std::string> parse_decimal_amount(std::string_view text, int decimals) {
  if (text.empty()) return std::unexpected("empty amount");
  if (text.size() > kMaxAmountChars) return std::unexpected("amount too long");
  Atoms value = 0;
  int fraction = 0;
  bool dot = false, any_digit = false;
  for (char c : text) {
    if (c == '.') {
      if (dot) return std::unexpected("two decimal points");
      dot = true;
      continue;
    }
    if (c == ',') return std::unexpected("commas are not allowed in amounts");
    if (!is_digit(c)) return std::unexpected("not a decimal number");
    any_digit = true;
    if (dot && ++fraction > decimals) {
      return std::unexpected("more than " + std::to_string(decimals) + " decimal places");
    }
    if (!push_digit(value, c)) return std::unexpected("amount too large");
  }
  if (!any_digit) return std::unexpected("not a decimal number");
  if (!scale_up(value, decimals - fraction)) return std::unexpected("amount too large");
  return value;
}

std::expected<Atoms, std::string> parse_eip681_number(std::string_view text) {
  if (text.empty()) return std::unexpected("empty number");
  if (text.size() > kMaxAmountChars) return std::unexpected("number too long");
  std::size_t i = 0;
  if (text[0] == '-') return std::unexpected("negative amount");
  if (text[0] == '+') ++i;
  std::string digits;  // integer digits then fraction digits
  int fraction = 0;
  bool any_int = false;
  while (i < text.size() && is_digit(text[i])) {
    digits += text[i++];
    any_int = true;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    bool any_frac = false;
    while (i < text.size() && is_digit(text[i])) {
      digits += text[i++];
      ++fraction;
      any_frac = true;
    }
    if (!any_frac) return std::unexpected("no digits after the decimal point");
  }
  if (!any_int && fraction == 0) return std::unexpected("not a number");
  int exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && text[i] == '+') ++i;
    if (i == text.size()) return std::unexpected("no exponent digits");
    while (i < text.size() && is_digit(text[i])) {
      exponent = exponent * 10 + (text[i++] - '0');
      if (exponent > 1000) return std::unexpected("exponent too large");
    }
  }
  if (i != text.size()) return std::unexpected("not a number");
  // value = digits * 10^(exponent - fraction); the dropped digits must all be zero.
  int shift = exponent - fraction;
  if (shift < 0) {
    auto drop = static_cast<std::size_t>(-shift);
    if (drop > digits.size()) drop = digits.size();
    for (std::size_t k = digits.size() - drop; k < digits.size(); ++k) {
      if (digits[k] != '0') return std::unexpected("not a whole number of atoms");
    }
    digits.resize(digits.size() - drop);
    shift = 0;
  }
  Atoms value = 0;
  for (char c : digits) {
    if (!push_digit(value, c)) return std::unexpected("amount too large");
  }
  if (value != 0 && !scale_up(value, shift)) return std::unexpected("amount too large");
  return value;
}

}  // namespace kiosk::flows::wallet
