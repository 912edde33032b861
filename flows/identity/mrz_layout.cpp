#include "flows/identity/mrz_layout.hpp"

#include "flows/identity/mrz_grammar.hpp"

namespace kiosk::flows::identity {

MrzShape mrz_shape(MrzFormat format) {
  switch (format) {
    case MrzFormat::TD1:
      return {3, 30};
    case MrzFormat::TD2:
      return {2, 36};
    case MrzFormat::TD3:
      return {2, 44};
  }
  return {0, 0};
}

std::optional<MrzFormat> mrz_format_for(int lines, int length) {
  for (auto f : {MrzFormat::TD1, MrzFormat::TD2, MrzFormat::TD3}) {
    auto s = mrz_shape(f);
    if (s.lines == lines && s.length == length) return f;
  }
  return std::nullopt;
}

std::string_view to_string(MrzFormat format) {
  switch (format) {
    case MrzFormat::TD1:
      return "TD1";
    case MrzFormat::TD2:
      return "TD2";
    case MrzFormat::TD3:
      return "TD3";
  }
  return "?";
}

bool char_allowed(CharClass cls, char c) {
  bool digit = c >= '0' && c <= '9';
  bool letter = c >= 'A' && c <= 'Z';
  switch (cls) {
    case CharClass::Digit:
      return digit;
    case CharClass::Alpha:
      return letter || c == '<';
    case CharClass::AlphaNum:
      return digit || letter || c == '<';
    case CharClass::Sex:
      return c == 'M' || c == 'F' || c == 'X' || c == '<';
    case CharClass::DigitOrFiller:
      return digit || c == '<';
  }
  return false;
}

namespace {

void fill(std::vector<CharClass>& v, int from, int to, CharClass cls) {
  for (int i = from; i < to; ++i) v[static_cast<std::size_t>(i)] = cls;
}

// The classes an issuer's pattern pins (mrz_grammar), written from `at`.
void apply(std::vector<CharClass>& v, int at, const std::string& pattern, int width) {
  auto cls = pattern_classes(pattern, width);
  for (std::size_t i = 0; i < cls.size(); ++i) v[static_cast<std::size_t>(at) + i] = cls[i];
}

}  // namespace

std::vector<CharClass> mrz_char_classes(MrzFormat format, std::string_view issuing_state) {
  auto shape = mrz_shape(format);
  std::vector<CharClass> v(static_cast<std::size_t>(shape.lines * shape.length),
                           CharClass::AlphaNum);
  using C = CharClass;
  if (format == MrzFormat::TD1) {
    fill(v, 0, 5, C::Alpha);
    fill(v, 5, 14, C::AlphaNum);
    fill(v, 14, 15, C::DigitOrFiller);
    fill(v, 15, 30, C::AlphaNum);
    // Kazakh ID card: a 9-digit document number and the IIN in columns 16-27.
    if (issuing_state == "KAZ") fill(v, 15, 27, C::Digit);
    auto issuer = default_mrz_rules().issuers.find(issuing_state);
    if (issuer != default_mrz_rules().issuers.end()) apply(v, 5, issuer->second.card_number, 9);
    const int l2 = 30;
    fill(v, l2 + 0, l2 + 7, C::Digit);
    fill(v, l2 + 7, l2 + 8, C::Sex);
    fill(v, l2 + 8, l2 + 15, C::Digit);
    fill(v, l2 + 15, l2 + 18, C::Alpha);
    fill(v, l2 + 18, l2 + 29, C::AlphaNum);
    fill(v, l2 + 29, l2 + 30, C::Digit);
    fill(v, 60, 90, C::Alpha);
    return v;
  }
  const int n = shape.length;
  fill(v, 0, n, C::Alpha);  // document code, issuing state, name
  fill(v, n + 0, n + 9, C::AlphaNum);
  fill(v, n + 9, n + 10, C::Digit);
  fill(v, n + 10, n + 13, C::Alpha);
  fill(v, n + 13, n + 20, C::Digit);
  fill(v, n + 20, n + 21, C::Sex);
  fill(v, n + 21, n + 28, C::Digit);
  if (format == MrzFormat::TD3) {
    fill(v, n + 28, n + 42, C::AlphaNum);
    fill(v, n + 42, n + 43, C::DigitOrFiller);
    fill(v, n + 43, n + 44, C::Digit);
    auto issuer = default_mrz_rules().issuers.find(issuing_state);
    if (issuer != default_mrz_rules().issuers.end()) {
      apply(v, n, issuer->second.passport_number, 9);
      apply(v, n + 28, issuer->second.personal_number, 14);
    }
  } else {
    fill(v, n + 28, n + 35, C::AlphaNum);
    fill(v, n + 35, n + 36, C::Digit);
  }
  return v;
}

std::vector<CheckedField> mrz_checked_fields(MrzFormat format) {
  if (format == MrzFormat::TD1) {
    return {{"document_number", {{5, 14}}, 14},
            {"birth_date", {{30, 36}}, 36},
            {"expiry_date", {{38, 44}}, 44},
            {"composite", {{5, 30}, {30, 37}, {38, 45}, {48, 59}}, 59}};
  }
  const int n = mrz_shape(format).length;
  std::vector<CheckedField> v{{"document_number", {{n, n + 9}}, n + 9},
                              {"birth_date", {{n + 13, n + 19}}, n + 19},
                              {"expiry_date", {{n + 21, n + 27}}, n + 27}};
  if (format == MrzFormat::TD3) {
    v.push_back({"optional_data", {{n + 28, n + 42}}, n + 42});
    v.push_back({"composite", {{n, n + 10}, {n + 13, n + 20}, {n + 21, n + 43}}, n + 43});
  } else {
    v.push_back({"composite", {{n, n + 10}, {n + 13, n + 20}, {n + 21, n + 35}}, n + 35});
  }
  return v;
}

}  // namespace kiosk::flows::identity
