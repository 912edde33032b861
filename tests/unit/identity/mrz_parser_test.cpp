// ICAO 9303 parsing and checks: every vector of shared/reference/wallet-id-kz.md §2.
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "flows/identity/check_digit.hpp"
#include "flows/identity/iin.hpp"
#include "flows/identity/mrz.hpp"

using namespace kiosk::flows::identity;
using namespace std::chrono;

namespace {

constexpr year_month_day kIn2010{year(2010), month(6), day(1)};
constexpr year_month_day kIn2026{year(2026), month(1), day(15)};

MrzRecord parse(std::vector<std::string> lines, year_month_day today) {
  auto r = parse_mrz(lines, today);
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

TEST_CASE("ICAO check digit unit vectors") {
  CHECK(mrz_check_digit("L898902C3") == 6);
  CHECK(mrz_check_digit("740812") == 2);
  CHECK(mrz_check_digit("120415") == 9);
  CHECK(mrz_check_digit("D23145890") == 7);
  CHECK(mrz_check_digit("123456BB") == 5);
  CHECK(mrz_check_digit("510509") == 2);
  CHECK(mrz_check_digit("AB2134<<<") == 5);
  CHECK(mrz_check_digit(std::string(14, '<')) == 0);
  CHECK(mrz_check_digit("HA672242<658022549601086<<<<<<<<<<<<<<0") == 8);
  CHECK_FALSE(mrz_check_digit("ab").has_value());
}

TEST_CASE("TD3 Utopia specimen, current edition") {
  auto r = parse({"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                  "L898902C36UTO7408122F1204159ZE184226B<<<<<10"},
                 kIn2010);
  CHECK(r.format == MrzFormat::TD3);
  CHECK(failed(r).empty());
  CHECK(r.all_passed());
  CHECK(r.document_code == "P<");
  CHECK(r.issuing_state == "UTO");
  CHECK(r.document_number == "L898902C3");
  CHECK(r.nationality == "UTO");
  CHECK(r.sex == 'F');
  CHECK(r.birth_date == year_month_day{year(1974), month(8), day(12)});
  CHECK(r.expiry_date == year_month_day{year(2012), month(4), day(15)});
  CHECK(r.optional_data == "ZE184226B");
  CHECK(r.primary_identifier == "ERIKSSON");
  CHECK(r.secondary_identifier == "ANNA MARIA");
  CHECK_FALSE(r.iin.has_value());
}

TEST_CASE("TD3 expired specimen fails only not_expired") {
  auto r = parse({"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                  "L898902C36UTO7408122F1204159ZE184226B<<<<<10"},
                 kIn2026);
  CHECK(failed(r) == std::vector<std::string>{"not_expired"});
}

TEST_CASE("TD3 older edition with an 8-character number") {
  auto r = parse({"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                  "L898902C<3UTO6908061F9406236ZE184226B<<<<<14"},
                 year_month_day{year(1990), month(1), day(1)});
  CHECK(failed(r).empty());
  CHECK(r.document_number == "L898902C");
  CHECK(r.birth_date == year_month_day{year(1969), month(8), day(6)});
}

TEST_CASE("TD3 negative: birth date changed breaks its check and the composite") {
  auto r = parse({"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                  "L898902C36UTO7408132F1204159ZE184226B<<<<<10"},
                 kIn2010);
  CHECK_FALSE(passed(r, "birth_date_check"));
  CHECK_FALSE(passed(r, "composite_check"));
  CHECK(passed(r, "document_number_check"));
  CHECK_FALSE(r.all_passed());
}

TEST_CASE("TD2 Utopia specimen") {
  auto r = parse({"I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"},
                 kIn2010);
  CHECK(r.format == MrzFormat::TD2);
  CHECK(failed(r).empty());
  CHECK(r.document_number == "D23145890");
  CHECK(r.secondary_identifier == "ANNA MARIA");
}

TEST_CASE("TD1 Utopia specimen") {
  auto r = parse({"I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6",
                  "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"},
                 kIn2010);
  CHECK(r.format == MrzFormat::TD1);
  CHECK(failed(r).empty());
  CHECK(r.document_number == "D23145890");
  CHECK(r.primary_identifier == "ERIKSSON");
  CHECK(r.secondary_identifier == "ANNA MARIA");
  CHECK(r.optional_data.empty());
}

TEST_CASE("TD1 with a 12-character document number") {
  auto r = parse({"I<UTOD23145890<7349<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6",
                  "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"},
                 kIn2010);
  CHECK(failed(r).empty());
  CHECK(r.document_number == "D23145890734");
  auto bad = parse({"I<UTOD23145890<7348<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6",
                    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"},
                   kIn2010);
  CHECK_FALSE(passed(bad, "document_number_check"));
}

TEST_CASE("Kazakh ID cards: IIN validated and cross-checked") {
  auto a = parse({"IDKAZ0412365878880412401006<<<", "8804123F3104116KAZ<<<<<<<<<<<2",
                  "SEIDAKHMETOVA<<MADINA<<<<<<<<<"},
                 kIn2026);
  CHECK(failed(a).empty());
  CHECK(a.iin == "880412401006");
  CHECK(a.document_number == "041236587");
  CHECK(a.primary_identifier == "SEIDAKHMETOVA");
  CHECK(a.secondary_identifier == "MADINA");
  CHECK(passed(a, "iin_check_digit"));
  CHECK(passed(a, "iin_birth_date"));
  CHECK(passed(a, "iin_sex"));

  auto b = parse({"IDKAZ0123456784900101300811<<<", "9001011M3405156KAZ<<<<<<<<<<<4",
                  "NURLANULY<<ALIKHAN<<<<<<<<<<<<"},
                 kIn2026);
  CHECK(failed(b).empty());
  CHECK(b.iin == "900101300811");
  CHECK(b.birth_date == year_month_day{year(1990), month(1), day(1)});
  CHECK(b.sex == 'M');
}

TEST_CASE("Kazakh ID card: IIN that disagrees with sex or birth date is refused") {
  // Sex changed to M and the check digits recomputed by compose_mrz: only iin_sex fails.
  MrzFields f{MrzFormat::TD1, "ID",     "KAZ", "041236587", "880412401006",  "",
              "KAZ",          "880412", 'M',   "310411",    "SEIDAKHMETOVA", "MADINA"};
  auto lines = compose_mrz(f);
  REQUIRE(lines.has_value());
  CHECK(failed(parse(*lines, kIn2026)) == std::vector<std::string>{"iin_sex"});
  f.sex = 'F';
  f.birth_date = "880413";
  lines = compose_mrz(f);
  REQUIRE(lines.has_value());
  CHECK(failed(parse(*lines, kIn2026)) == std::vector<std::string>{"iin_birth_date"});
  f.birth_date = "880412";
  f.optional_data = "880412401007";  // wrong IIN check digit, still covered by the composite
  lines = compose_mrz(f);
  REQUIRE(lines.has_value());
  CHECK(failed(parse(*lines, kIn2026)) == std::vector<std::string>{"iin_check_digit"});
}

TEST_CASE("compose_mrz reproduces the reference lines") {
  MrzFields kz{MrzFormat::TD1, "ID",     "KAZ", "012345678", "900101300811", "",
               "KAZ",          "900101", 'M',   "340515",    "NURLANULY",    "ALIKHAN"};
  CHECK(compose_mrz(kz) == std::vector<std::string>{"IDKAZ0123456784900101300811<<<",
                                                    "9001011M3405156KAZ<<<<<<<<<<<4",
                                                    "NURLANULY<<ALIKHAN<<<<<<<<<<<<"});
  MrzFields td3{MrzFormat::TD3, "P<",     "UTO", "L898902C3", "ZE184226B", "",
                "UTO",          "740812", 'F',   "120415",    "ERIKSSON",  "ANNA MARIA"};
  CHECK(compose_mrz(td3) ==
        std::vector<std::string>{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                 "L898902C36UTO7408122F1204159ZE184226B<<<<<10"});
  MrzFields td1{MrzFormat::TD1, "I<",     "UTO", "D23145890734", "",         "",
                "UTO",          "740812", 'F',   "120415",       "ERIKSSON", "ANNA MARIA"};
  CHECK(compose_mrz(td1) == std::vector<std::string>{"I<UTOD23145890<7349<<<<<<<<<<<",
                                                     "7408122F1204159UTO<<<<<<<<<<<6",
                                                     "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"});
  MrzFields bad = td3;
  bad.primary_identifier = "ERIKSSÖN";
  CHECK_FALSE(compose_mrz(bad).has_value());
}

TEST_CASE("IIN check digit vectors") {
  CHECK(iin_check_digit("88041240100") == 6);
  CHECK(iin_valid("880412401006"));
  CHECK_FALSE(iin_valid("880412401007"));
  CHECK_FALSE(iin_valid("880412410006"));
  CHECK(iin_check_digit("90010130081") == 1);
  CHECK(iin_valid("900101300811"));
  CHECK_FALSE(iin_check_digit("90010130080").has_value());
  CHECK(read_iin("180440012349").check_digit_ok);  // BIN-shaped
  for (const char* s : {"010203100012", "010203200019", "750615300019", "750615400015",
                        "050917500017", "050917600013"})
    CHECK_MESSAGE(iin_valid(s), s);
  auto m = read_iin("010203100012");
  CHECK(m.sex == 'M');
  CHECK(m.birth_date == year_month_day{year(1801), month(2), day(3)});
  auto f = read_iin("050917600013");
  CHECK(f.sex == 'F');
  CHECK(f.birth_date == year_month_day{year(2005), month(9), day(17)});
  CHECK_FALSE(iin_valid("88041240100"));
  CHECK_FALSE(iin_valid("88041240100A"));
}

TEST_CASE("two-digit years") {
  CHECK(resolve_birth_date("250101", kIn2026) == year_month_day{year(2025), month(1), day(1)});
  CHECK(resolve_birth_date("270101", kIn2026) == year_month_day{year(1927), month(1), day(1)});
  CHECK(resolve_birth_date("260116", kIn2026) == year_month_day{year(1926), month(1), day(16)});
  CHECK(resolve_expiry_date("360101", kIn2026) == year_month_day{year(2036), month(1), day(1)});
  CHECK(resolve_expiry_date("990101", kIn2026) == year_month_day{year(1999), month(1), day(1)});
  CHECK_FALSE(resolve_birth_date("741312", kIn2026).has_value());
  CHECK_FALSE(resolve_expiry_date("120230", kIn2026).has_value());
  CHECK_FALSE(resolve_birth_date("74<812", kIn2026).has_value());
}

TEST_CASE("shape and character errors") {
  CHECK(parse_mrz(std::vector<std::string>{"ABC"}, kIn2026).error().code == "bad_shape");
  CHECK(parse_mrz(std::vector<std::string>{std::string(30, '<'), std::string(29, '<'),
                                           std::string(30, '<')},
                  kIn2026)
            .error()
            .code == "bad_shape");
  CHECK(parse_mrz(std::vector<std::string>{std::string(44, 'a'), std::string(44, '<')}, kIn2026)
            .error()
            .code == "bad_character");
  auto text = parse_mrz_text(
      "  P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\r\n\n"
      "L898902C36UTO7408122F1204159ZE184226B<<<<<10\n",
      kIn2010);
  REQUIRE(text.has_value());
  CHECK(text->all_passed());
}

TEST_CASE("an all-filler MRZ of the right shape parses and fails its checks") {
  auto r = parse({std::string(30, '<'), std::string(30, '<'), std::string(30, '<')}, kIn2026);
  CHECK_FALSE(r.all_passed());
  CHECK_FALSE(passed(r, "document_code_valid"));
  CHECK_FALSE(passed(r, "birth_date_valid"));
  CHECK_FALSE(passed(r, "name_present"));
}
