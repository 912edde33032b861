#include "flows/wallet/amount_text.hpp"

#include <doctest/doctest.h>

using namespace kiosk::flows;
using namespace kiosk::flows::wallet;

TEST_CASE("BIP21 decimal amounts become whole atoms exactly") {
  CHECK(*parse_decimal_amount("0.0005", 8) == Atoms{50'000});
  CHECK(*parse_decimal_amount("50", 8) == Atoms{5'000'000'000});
  CHECK(*parse_decimal_amount("50.00", 8) == Atoms{5'000'000'000});
  CHECK(*parse_decimal_amount("0.00000001", 8) == Atoms{1});
  CHECK(*parse_decimal_amount("20999999.99999999", 8) == Atoms{2'099'999'999'999'999});
  // 0.1 + 0.2 style float trouble cannot happen.
  CHECK(*parse_decimal_amount("0.3", 8) == Atoms{30'000'000});
  for (const char* bad :
       {"", ".", "50,000.00", "1e5", "-1", "+1", "0.000000001", "1.2.3", " 1", "abc", "0x10"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_decimal_amount(bad, 8));
  }
  CHECK_FALSE(parse_decimal_amount(std::string(60, '9'), 8));  // beyond 128 bits
}

TEST_CASE("EIP-681 numbers: scientific notation must come out whole") {
  CHECK(*parse_eip681_number("2.014e18") == Atoms{2'014'000'000'000'000'000ULL});
  CHECK(*parse_eip681_number("2.5e6") == Atoms{2'500'000});
  CHECK(*parse_eip681_number("1") == Atoms{1});
  CHECK(*parse_eip681_number("1E3") == Atoms{1000});
  CHECK(*parse_eip681_number("1.50e1") == Atoms{15});
  CHECK(*parse_eip681_number("+7") == Atoms{7});
  CHECK(*parse_eip681_number("0") == Atoms{0});
  CHECK(*parse_eip681_number("1.0") == Atoms{1});
  CHECK(atoms_to_string(*parse_eip681_number("1e30")) == "1" + std::string(30, '0'));
  for (const char* bad :
       {"", "-1", "1.5", "2.0145e3", "e5", "1e", ".", "1.", "0x10", "1e9999", "1 ", "1,5"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_eip681_number(bad));
  }
  CHECK_FALSE(parse_eip681_number("1e39"));  // beyond 128 bits
}
