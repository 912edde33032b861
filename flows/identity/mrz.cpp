#include "flows/identity/mrz.hpp"

#include <algorithm>

#include "flows/identity/check_digit.hpp"
#include "flows/identity/iin.hpp"
#include "flows/identity/mrz_grammar.hpp"

namespace kiosk::flows::identity {
namespace {

using std::chrono::year_month_day;

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string trim_fillers(std::string_view s) {
  while (!s.empty() && s.back() == '<') s.remove_suffix(1);
  return std::string(s);
}

// '<' runs become single spaces, leading and trailing fillers dropped.
std::string name_part(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '<') {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

void split_name(std::string_view field, MrzRecord& r) {
  auto sep = field.find("<<");
  if (sep == std::string_view::npos) {
    r.primary_identifier = name_part(field);
    return;
  }
  r.primary_identifier = name_part(field.substr(0, sep));
  r.secondary_identifier = name_part(field.substr(sep + 2));
}

bool digit_matches(std::string_view field, char digit) {
  auto c = mrz_check_digit(field);
  return c && digit == static_cast<char>('0' + *c);
}

std::optional<year_month_day> make_date(int year, std::string_view yymmdd) {
  year_month_day d{
      std::chrono::year(year),
      std::chrono::month(static_cast<unsigned>((yymmdd[2] - '0') * 10 + yymmdd[3] - '0')),
      std::chrono::day(static_cast<unsigned>((yymmdd[4] - '0') * 10 + yymmdd[5] - '0'))};
  if (!d.ok()) return std::nullopt;
  return d;
}

void add(MrzRecord& r, std::string name, bool passed) {
  r.checks.push_back({std::move(name), passed});
}

void check_iin(MrzRecord& r, std::string_view iin) {
  r.iin = std::string(iin);
  auto info = read_iin(iin);
  add(r, "iin_check_digit", info.check_digit_ok && info.birth_date.has_value());
  add(r, "iin_birth_date", info.birth_date && r.birth_date && *info.birth_date == *r.birth_date);
  add(r, "iin_sex", info.sex != '<' && info.sex == r.sex);
}

bool all_of_class(std::string_view s, CharClass cls) {
  return std::all_of(s.begin(), s.end(), [cls](char c) { return char_allowed(cls, c); });
}

// Letters, then only fillers ("ERIKSSON<<ANNA<MARIA<<<": '<' inside a name is allowed, digits
// are not); a name starts with a letter.
bool name_grammar(std::string_view s) {
  return !s.empty() && s.front() != '<' && all_of_class(s, CharClass::Alpha);
}

// A document number: letters and digits, then only fillers.
bool number_grammar(std::string_view s) {
  auto end = s.find('<');
  if (end == 0) return false;
  if (end == std::string_view::npos) end = s.size();
  return all_of_class(s.substr(0, end), CharClass::AlphaNum) &&
         std::all_of(s.begin() + static_cast<std::ptrdiff_t>(end), s.end(),
                     [](char c) { return c == '<'; });
}

// ICAO 9303 grammar of every field, before any check digit is trusted (see mrz_grammar.hpp).
void check_grammar(MrzRecord& r, const MrzRules& rules) {
  const auto& l = r.lines;
  const bool td1 = r.format == MrzFormat::TD1;
  std::string_view nl = l[1];
  std::vector<std::string_view> digits;  // dates and the check digits that must be digits
  if (td1)
    digits = {nl.substr(0, 7), nl.substr(8, 7), nl.substr(29, 1)};
  else
    digits = {nl.substr(9, 1), nl.substr(13, 7), nl.substr(21, 7), nl.substr(nl.size() - 1, 1)};
  bool numeric = std::all_of(digits.begin(), digits.end(),
                             [](std::string_view s) { return all_of_class(s, CharClass::Digit); });
  if (td1) numeric = numeric && char_allowed(CharClass::DigitOrFiller, l[0][14]);
  if (r.format == MrzFormat::TD3)
    numeric = numeric && char_allowed(CharClass::DigitOrFiller, l[1][42]);
  add(r, "numeric_fields_digits", numeric);
  add(r, "codes_letters",
      all_of_class(r.document_code, CharClass::Alpha) && r.document_code.front() != '<' &&
          all_of_class(r.issuing_state, CharClass::Alpha) &&
          all_of_class(r.nationality, CharClass::Alpha));
  std::string_view names = td1 ? std::string_view(l[2]) : std::string_view(l[0]).substr(5);
  add(r, "name_letters", name_grammar(names));
  add(r, "issuing_state_known", icao_code_known(r.issuing_state, rules.accept_specimen));
  add(r, "nationality_known", icao_code_known(r.nationality, rules.accept_specimen));
  std::string_view number_field =
      td1 ? std::string_view(l[0]).substr(5, 9) : std::string_view(l[1]).substr(0, 9);
  bool number_ok =
      td1 && l[0][14] == '<' && l[0][13] != '<'
          ? all_of_class(r.document_number, CharClass::AlphaNum) && !r.document_number.empty()
          : number_grammar(number_field);
  add(r, "document_number_grammar", number_ok);
  auto issuer = rules.issuers.find(r.issuing_state);
  if (issuer == rules.issuers.end()) return;
  const IssuerRules& ir = issuer->second;
  const std::string& pattern = r.format == MrzFormat::TD3 ? ir.passport_number : ir.card_number;
  if (!pattern.empty())
    add(r, "document_number_pattern", matches_pattern(r.document_number, pattern));
  if (r.format == MrzFormat::TD3 && !ir.personal_number.empty())
    add(r, "personal_number_pattern", matches_pattern(r.optional_data, ir.personal_number));
}

void parse_td1(const std::vector<std::string>& l, MrzRecord& r) {
  r.document_code = l[0].substr(0, 2);
  r.issuing_state = l[0].substr(2, 3);
  std::string_view opt1 = std::string_view(l[0]).substr(15, 15);
  if (l[0][14] == '<' && l[0][13] != '<') {
    // Long document number: the rest of it and its check digit start optional data 1.
    auto end = opt1.find('<');
    std::string_view tail = opt1.substr(0, end);
    std::string number = trim_fillers(std::string_view(l[0]).substr(5, 9));
    if (tail.size() >= 2) {
      number += tail.substr(0, tail.size() - 1);
      add(r, "document_number_check", digit_matches(number, tail.back()));
    } else {
      add(r, "document_number_check", false);
    }
    r.document_number = number;
    r.optional_data = trim_fillers(end == std::string_view::npos ? "" : opt1.substr(end));
    while (!r.optional_data.empty() && r.optional_data.front() == '<') r.optional_data.erase(0, 1);
  } else {
    r.document_number = trim_fillers(std::string_view(l[0]).substr(5, 9));
    add(r, "document_number_check", digit_matches(std::string_view(l[0]).substr(5, 9), l[0][14]));
    r.optional_data = trim_fillers(opt1);
  }
  r.birth_date_raw = l[1].substr(0, 6);
  add(r, "birth_date_check", digit_matches(r.birth_date_raw, l[1][6]));
  r.sex = l[1][7];
  r.expiry_date_raw = l[1].substr(8, 6);
  add(r, "expiry_date_check", digit_matches(r.expiry_date_raw, l[1][14]));
  r.nationality = l[1].substr(15, 3);
  r.optional_data_2 = trim_fillers(std::string_view(l[1]).substr(18, 11));
  std::string composite =
      l[0].substr(5, 25) + l[1].substr(0, 7) + l[1].substr(8, 7) + l[1].substr(18, 11);
  add(r, "composite_check", digit_matches(composite, l[1][29]));
  split_name(l[2], r);
}

void parse_td2_td3(const std::vector<std::string>& l, MrzRecord& r, int n) {
  r.document_code = l[0].substr(0, 2);
  r.issuing_state = l[0].substr(2, 3);
  split_name(std::string_view(l[0]).substr(5), r);
  const std::string& b = l[1];
  r.document_number = trim_fillers(std::string_view(b).substr(0, 9));
  add(r, "document_number_check", digit_matches(std::string_view(b).substr(0, 9), b[9]));
  r.nationality = b.substr(10, 3);
  r.birth_date_raw = b.substr(13, 6);
  add(r, "birth_date_check", digit_matches(r.birth_date_raw, b[19]));
  r.sex = b[20];
  r.expiry_date_raw = b.substr(21, 6);
  add(r, "expiry_date_check", digit_matches(r.expiry_date_raw, b[27]));
  if (n == 44) {
    std::string_view personal = std::string_view(b).substr(28, 14);
    r.optional_data = trim_fillers(personal);
    bool all_filler = r.optional_data.empty();
    bool ok = digit_matches(personal, b[42]) || (all_filler && (b[42] == '<' || b[42] == '0'));
    add(r, "optional_data_check", ok);
    std::string composite = b.substr(0, 10) + b.substr(13, 7) + b.substr(21, 22);
    add(r, "composite_check", digit_matches(composite, b[43]));
  } else {
    r.optional_data = trim_fillers(std::string_view(b).substr(28, 7));
    std::string composite = b.substr(0, 10) + b.substr(13, 7) + b.substr(21, 14);
    add(r, "composite_check", digit_matches(composite, b[35]));
  }
}

}  // namespace

bool MrzRecord::all_passed() const {
  return !checks.empty() &&
         std::all_of(checks.begin(), checks.end(), [](const MrzCheck& c) { return c.passed; });
}

const MrzCheck* MrzRecord::check(std::string_view name) const {
  for (const auto& c : checks)
    if (c.name == name) return &c;
  return nullptr;
}

std::optional<year_month_day> resolve_birth_date(std::string_view yymmdd, year_month_day today) {
  if (yymmdd.size() != 6 || !is_digits(yymmdd)) return std::nullopt;
  int yy = (yymmdd[0] - '0') * 10 + yymmdd[1] - '0';
  int century = static_cast<int>(today.year()) / 100 * 100;
  for (int c = century; c >= century - 200; c -= 100) {
    auto d = make_date(c + yy, yymmdd);
    if (!d) {
      // 29 February exists only in some centuries: try the one before.
      continue;
    }
    if (std::chrono::sys_days(*d) <= std::chrono::sys_days(today)) return d;
  }
  return std::nullopt;
}

std::optional<year_month_day> resolve_expiry_date(std::string_view yymmdd, year_month_day today) {
  if (yymmdd.size() != 6 || !is_digits(yymmdd)) return std::nullopt;
  int yy = (yymmdd[0] - '0') * 10 + yymmdd[1] - '0';
  int now = static_cast<int>(today.year());
  int year = now / 100 * 100 + yy;
  if (year < now - 50) year += 100;
  if (year > now + 49) year -= 100;
  return make_date(year, yymmdd);
}

std::expected<MrzRecord, MrzError> parse_mrz(std::span<const std::string> lines,
                                             year_month_day today) {
  return parse_mrz(lines, today, default_mrz_rules());
}

std::expected<MrzRecord, MrzError> parse_mrz(std::span<const std::string> lines,
                                             year_month_day today, const MrzRules& rules) {
  if (lines.empty() || lines.size() > 3)
    return std::unexpected(MrzError{"bad_shape", "an MRZ has 2 or 3 lines"});
  const int length = static_cast<int>(lines[0].size());
  for (const auto& l : lines)
    if (static_cast<int>(l.size()) != length)
      return std::unexpected(MrzError{"bad_shape", "MRZ lines differ in length"});
  auto format = mrz_format_for(static_cast<int>(lines.size()), length);
  if (!format)
    return std::unexpected(MrzError{"bad_shape", "not a TD1 (3x30), TD2 (2x36) or TD3 (2x44) MRZ"});
  for (const auto& l : lines)
    for (char c : l)
      if (!mrz_char_value(c))
        return std::unexpected(MrzError{"bad_character", "only A-Z, 0-9 and < are allowed"});

  MrzRecord r;
  r.format = *format;
  r.lines.assign(lines.begin(), lines.end());
  if (*format == MrzFormat::TD1)
    parse_td1(r.lines, r);
  else
    parse_td2_td3(r.lines, r, length);

  char kind = r.document_code[0];
  bool code_ok =
      *format == MrzFormat::TD3 ? kind == 'P' : (kind == 'I' || kind == 'A' || kind == 'C');
  add(r, "document_code_valid", code_ok);
  add(r, "sex_valid", r.sex == 'M' || r.sex == 'F' || r.sex == 'X' || r.sex == '<');

  r.birth_date = resolve_birth_date(r.birth_date_raw, today);
  r.expiry_date = resolve_expiry_date(r.expiry_date_raw, today);
  auto days = [](year_month_day d) { return std::chrono::sys_days(d); };
  add(r, "birth_date_valid", r.birth_date && days(*r.birth_date) < days(today));
  add(r, "expiry_date_valid", r.expiry_date.has_value());
  add(r, "not_expired", r.expiry_date && days(*r.expiry_date) >= days(today));
  add(r, "name_present", !r.primary_identifier.empty());

  check_grammar(r, rules);
  auto issuer = rules.issuers.find(r.issuing_state);
  const bool iin_personal = issuer != rules.issuers.end() && issuer->second.iin_in_personal_number;
  if (r.issuing_state == "KAZ" || iin_personal) {
    if (*format == MrzFormat::TD1 && r.issuing_state == "KAZ") {
      // The IIN is printed at the start of optional data 1 (columns 16-27).
      std::string_view opt1 = std::string_view(r.lines[0]).substr(15, 12);
      check_iin(r, opt1);
      if (!is_digits(opt1)) r.iin.reset();
    } else if (*format == MrzFormat::TD3 && iin_personal && !r.optional_data.empty()) {
      // Kazakh passport: a personal number is the IIN (UNVERIFIED placement); one that is not
      // 12 digits fails personal_number_pattern and the IIN checks.
      check_iin(r, r.optional_data);
      if (!is_digits(r.optional_data)) r.iin.reset();
    }
  }
  return r;
}

std::expected<MrzRecord, MrzError> parse_mrz_text(std::string_view text, year_month_day today) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t' || line.front() == '\r'))
      line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
      line.remove_suffix(1);
    if (!line.empty()) lines.emplace_back(line);
    pos = end + 1;
  }
  return parse_mrz(lines, today);
}

namespace {

std::expected<std::string, MrzError> field(std::string_view value, std::size_t width,
                                           bool truncate = false) {
  std::string s(value);
  std::replace(s.begin(), s.end(), ' ', '<');
  for (char c : s)
    if (!mrz_char_value(c))
      return std::unexpected(MrzError{"bad_character", "only A-Z, 0-9, < and space"});
  if (s.size() > width) {
    if (!truncate) return std::unexpected(MrzError{"too_long", "a field does not fit"});
    s.resize(width);
  }
  s.resize(width, '<');
  return s;
}

char digit_of(std::string_view s) { return static_cast<char>('0' + *mrz_check_digit(s)); }

}  // namespace

std::expected<std::vector<std::string>, MrzError> compose_mrz(const MrzFields& f) {
  auto shape = mrz_shape(f.format);
  const std::size_t n = static_cast<std::size_t>(shape.length);
  std::string name = f.primary_identifier;
  if (!f.secondary_identifier.empty()) name += "<<" + f.secondary_identifier;
  auto code = field(f.document_code, 2);
  auto state = field(f.issuing_state, 3);
  auto nat = field(f.nationality, 3);
  auto birth = field(f.birth_date, 6);
  auto expiry = field(f.expiry_date, 6);
  for (auto* e : {&code, &state, &nat, &birth, &expiry})
    if (!*e) return std::unexpected(e->error());
  std::string sex(1, f.sex);
  if (f.format == MrzFormat::TD1) {
    std::string number_part, opt1_source = f.optional_data;
    if (f.document_number.size() > 9) {
      auto nine = field(std::string_view(f.document_number).substr(0, 9), 9);
      if (!nine) return std::unexpected(nine.error());
      number_part = *nine + "<";
      opt1_source = f.document_number.substr(9) + std::string(1, digit_of(f.document_number)) +
                    "<" + f.optional_data;
    } else {
      auto nine = field(f.document_number, 9);
      if (!nine) return std::unexpected(nine.error());
      number_part = *nine + digit_of(*nine);
    }
    auto opt1 = field(opt1_source, 15);
    auto opt2 = field(f.optional_data_2, 11);
    auto names = field(name, 30, true);
    for (auto* e : {&opt1, &opt2, &names})
      if (!*e) return std::unexpected(e->error());
    std::string l1 = *code + *state + number_part + *opt1;
    std::string l2 = *birth + digit_of(*birth) + sex + *expiry + digit_of(*expiry) + *nat + *opt2;
    l2 += digit_of(l1.substr(5, 25) + l2.substr(0, 7) + l2.substr(8, 7) + l2.substr(18, 11));
    return std::vector<std::string>{l1, l2, *names};
  }
  auto names = field(name, n - 5, true);
  auto number = field(f.document_number, 9);
  auto opt = field(f.optional_data, f.format == MrzFormat::TD3 ? 14 : 7);
  for (auto* e : {&names, &number, &opt})
    if (!*e) return std::unexpected(e->error());
  std::string l1 = *code + *state + *names;
  std::string l2 = *number + digit_of(*number) + *nat + *birth + digit_of(*birth) + sex + *expiry +
                   digit_of(*expiry) + *opt;
  if (f.format == MrzFormat::TD3) {
    l2 += f.optional_data.empty() ? '<' : digit_of(*opt);
    l2 += digit_of(l2.substr(0, 10) + l2.substr(13, 7) + l2.substr(21, 22));
  } else {
    l2 += digit_of(l2.substr(0, 10) + l2.substr(13, 7) + l2.substr(21, 14));
  }
  return std::vector<std::string>{l1, l2};
}

}  // namespace kiosk::flows::identity
