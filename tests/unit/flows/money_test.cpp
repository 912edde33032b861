#include "flows/money.hpp"

#include <doctest/doctest.h>

using namespace kiosk::flows;

TEST_CASE("rate parses exact decimals and refuses junk") {
  auto r = Rate::parse("48231000.25");
  REQUIRE(r);
  CHECK(r->mantissa() == Atoms{4823100025});
  CHECK(r->scale() == 2);
  CHECK(r->to_string() == "48231000.25");
  CHECK(Rate::parse("0.000001")->to_string() == "0.000001");
  for (const char* bad : {"", ".", "1.", ".5", "1.2.3", "-5", "1e5", "0", "0.00", " 1", "abc",
                          "1.1234567890123456789"}) {
    CAPTURE(bad);
    CHECK_FALSE(Rate::parse(bad));
  }
}

TEST_CASE("crypto for fiat rounds down to a whole atom") {
  auto rate = *Rate::parse("48231000.25");  // KZT per BTC
  // 25000 KZT -> 25000 * 1e8 / 48231000.25 = 51833.83... sat -> 51833
  CHECK(*crypto_for_fiat(Kzt{25000}, rate, 8) == Atoms{51833});
  CHECK(*crypto_for_fiat(Kzt{0}, rate, 8) == Atoms{0});
  CHECK_FALSE(crypto_for_fiat(Kzt{-1}, rate, 8));
}

TEST_CASE("18-decimal assets do not overflow") {
  auto rate = *Rate::parse("1.5");  // absurdly cheap ETH: 1.5 KZT per ETH
  auto atoms = crypto_for_fiat(Kzt{10'000'000'000}, rate, 18);  // 10 billion tenge
  REQUIRE(atoms);
  CHECK(atoms_to_string(*atoms) == "6666666666666666666666666666");
  // Beyond 128 bits the result is an error, never a wrapped number.
  auto huge = *Rate::parse("0.000000000000000001");
  CHECK_FALSE(crypto_for_fiat(Kzt{INT64_MAX}, huge, 18));
}

TEST_CASE("fiat for crypto rounds down and reports overflow") {
  auto rate = *Rate::parse("48231000.25");
  CHECK(fiat_for_crypto(Atoms{100'000'000}, rate, 8)->value == 48231000);
  CHECK(fiat_for_crypto(Atoms{1}, rate, 8)->value == 0);
  Atoms big = ~Atoms{0};
  CHECK_FALSE(fiat_for_crypto(big, rate, 8));
}

TEST_CASE("fee is in whole tenge, rounded down, and never overflows") {
  CHECK(fee_for(Kzt{10000}, 250).value == 250);
  CHECK(fee_for(Kzt{999}, 250).value == 24);  // 24.975 -> 24
  CHECK(fee_for(Kzt{0}, 250).value == 0);
  CHECK(fee_for(Kzt{-5}, 250).value == 0);
  CHECK(fee_for(Kzt{INT64_MAX}, 10000).value == INT64_MAX);
}

TEST_CASE("atoms text round trip and unit formatting") {
  CHECK(atoms_to_string(0) == "0");
  Atoms max = ~Atoms{0};
  CHECK(atoms_to_string(max) == "340282366920938463463374607431768211455");
  CHECK(*parse_atoms("340282366920938463463374607431768211455") == max);
  CHECK_FALSE(parse_atoms("340282366920938463463374607431768211456"));
  CHECK_FALSE(parse_atoms("12a"));
  CHECK_FALSE(parse_atoms(""));
  CHECK(atoms_to_units(123450, 8) == "0.0012345");
  CHECK(atoms_to_units(100000000, 8) == "1");
  CHECK(atoms_to_units(0, 6) == "0");
  CHECK(atoms_to_units(1500000, 6) == "1.5");
}

TEST_CASE("tenge are formatted with grouped thousands and the tenge sign") {
  CHECK(format_kzt(Kzt{20000}) == "20 000 \u20B8");
  CHECK(format_kzt(Kzt{500}) == "500 \u20B8");
  CHECK(format_kzt(Kzt{1234567}) == "1 234 567 \u20B8");
  CHECK(format_kzt(Kzt{0}) == "0 \u20B8");
  CHECK(format_kzt(Kzt{-1000}) == "-1 000 \u20B8");
  CHECK(format_kzt(Kzt{INT64_MIN}) == "-9 223 372 036 854 775 808 \u20B8");
}
