// ICAO 9303 field grammar before check digits (issue 14): reads whose check digits pass but
// whose fields break the grammar are refused.
#include "flows/identity/mrz_grammar.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "flows/identity/mrz.hpp"

using namespace kiosk::flows::identity;
using namespace std::chrono;

namespace {

constexpr year_month_day kToday{year(2026), month(1), day(15)};

// A Kazakh passport of a woman born 1988-06-20, her IIN as personal number; check digits
// computed by compose_mrz, so they pass whatever the fields hold.
MrzFields kaz_passport() {
  return MrzFields{MrzFormat::TD3, "P<",     "KAZ", "N56324301", "880620484723", "",
                   "KAZ",          "880620", 'F',   "310101",    "ABENOVA",      "AIGERIM"};
}

MrzRecord parse_fields(const MrzFields& f, const MrzRules& rules = default_mrz_rules()) {
  auto lines = compose_mrz(f);
  REQUIRE(lines.has_value());
  auto r = parse_mrz(*lines, kToday, rules);
  REQUIRE(r.has_value());
  return *r;
}

bool passed(const MrzRecord& r, std::string_view name) {
  auto* c = r.check(name);
  REQUIRE_MESSAGE(c != nullptr, name);
  return c->passed;
}

std::vector<std::string> failed(const MrzRecord& r) {
  std::vector<std::string> out;
  for (const auto& c : r.checks)
    if (!c.passed) out.push_back(c.name);
  return out;
}

}  // namespace

TEST_CASE("the true Kazakh passport passes every check, its IIN cross-checked") {
  auto r = parse_fields(kaz_passport());
  CHECK(failed(r).empty());
  CHECK(r.iin == "880620484723");
  CHECK(passed(r, "document_number_pattern"));
  CHECK(passed(r, "personal_number_pattern"));
  CHECK(passed(r, "iin_birth_date"));
}

TEST_CASE("document number NS63Z43O1 (for N56324301) passes its check digit, not the grammar") {
  auto f = kaz_passport();
  f.document_number = "NS63Z43O1";  // S/5, Z/2, O/0 cancel modulo 10
  auto r = parse_fields(f);
  CHECK(passed(r, "document_number_check"));
  CHECK(passed(r, "composite_check"));
  CHECK_FALSE(r.all_passed());
  CHECK(failed(r) == std::vector<std::string>{"document_number_pattern"});
}

TEST_CASE("a Kazakh passport's IIN read as 88Q62O484723 is refused") {
  auto f = kaz_passport();
  f.optional_data = "88Q62O484723";
  auto r = parse_fields(f);
  CHECK(passed(r, "optional_data_check"));
  CHECK(passed(r, "composite_check"));
  CHECK_FALSE(r.all_passed());
  CHECK_FALSE(passed(r, "personal_number_pattern"));
  CHECK_FALSE(passed(r, "iin_check_digit"));
  CHECK_FALSE(r.iin.has_value());
}

TEST_CASE("a Kazakh passport without a personal number passes; a 12-digit non-IIN does not") {
  auto f = kaz_passport();
  f.optional_data = "";
  CHECK(failed(parse_fields(f)).empty());
  f.optional_data = "880620484724";  // wrong IIN check digit, its own MRZ check digit passes
  auto r = parse_fields(f);
  CHECK(failed(r) == std::vector<std::string>{"iin_check_digit"});
}

TEST_CASE("grammar: digits in a name, unknown states, a filler inside a number are refused") {
  MrzFields rus{MrzFormat::TD3, "P<",     "RUS", "721234567", "",       "",
                "RUS",          "740812", 'M',   "320415",    "IVANOV", "PETR"};
  CHECK(failed(parse_fields(rus)).empty());
  auto bad = rus;
  bad.primary_identifier = "IVAN0V";
  CHECK(failed(parse_fields(bad)) == std::vector<std::string>{"name_letters"});
  bad = rus;
  bad.issuing_state = "RU5";
  auto r = parse_fields(bad);
  CHECK_FALSE(passed(r, "codes_letters"));
  CHECK_FALSE(passed(r, "issuing_state_known"));
  bad = rus;
  bad.nationality = "RUX";
  CHECK(failed(parse_fields(bad)) == std::vector<std::string>{"nationality_known"});
  bad = rus;
  bad.document_number = "72<234567";
  CHECK(failed(parse_fields(bad)) == std::vector<std::string>{"document_number_grammar"});
}

TEST_CASE("the Kazakh patterns are configurable") {
  auto f = kaz_passport();
  f.document_number = "NS63Z43O1";
  MrzRules none;  // no issuer patterns: only ICAO's grammar
  CHECK(parse_fields(f, none).all_passed());
  MrzRules other;
  other.issuers["KAZ"].passport_number = "AA9999999";
  f.document_number = "NA1234567";
  CHECK(passed(parse_fields(f, other), "document_number_pattern"));
  CHECK_FALSE(passed(parse_fields(f), "document_number_pattern"));
}

TEST_CASE("matches_pattern, pattern_classes and ICAO codes") {
  CHECK(matches_pattern("N56324301", "A99999999"));
  CHECK_FALSE(matches_pattern("NS63Z43O1", "A99999999"));
  CHECK_FALSE(matches_pattern("N5632430", "A99999999"));
  CHECK(matches_pattern("", "999999999999|"));
  CHECK(matches_pattern("AB1", "AAX|9"));
  CHECK(matches_pattern("7", "AAX|9"));
  CHECK(pattern_classes("A99", 4) == std::vector<CharClass>{CharClass::Alpha, CharClass::Digit,
                                                            CharClass::Digit, CharClass::Alpha});
  CHECK(pattern_classes("AAX|9", 4).empty());
  CHECK(icao_code_known("KAZ"));
  CHECK(icao_code_known("D<<"));
  CHECK(icao_code_known("XXA"));
  CHECK(icao_code_known("UTO"));
  CHECK_FALSE(icao_code_known("UTO", false));
  CHECK_FALSE(icao_code_known("KAX"));
  CHECK_FALSE(icao_code_known("D<D"));
}
