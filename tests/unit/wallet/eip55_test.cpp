#include "flows/wallet/eip55.hpp"

#include <doctest/doctest.h>

#include "test_hex.hpp"

using namespace kiosk::flows::wallet;

TEST_CASE("EIP-55 checksummed vectors pass and re-encode to themselves") {
  for (const char* a :
       {"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
        "0xdAC17F958D2ee523a2206206994597C13D831ec7"}) {
    CAPTURE(a);
    auto e = eip55_decode(a);
    REQUIRE(e);
    CHECK(e->input_case == Eip55Case::Checksummed);
    CHECK(e->checksummed == a);
    CHECK(eip55_encode(e->bytes) == a);
  }
}

TEST_CASE("all-uppercase and all-lowercase vectors pass, flagged as carrying no checksum") {
  for (const char* a : {"0x52908400098527886E0F7030069857D2E4169EE7",
                        "0x8617E340B3D01FA5F11F306F4090FD50E238070D"}) {
    CAPTURE(a);
    auto e = eip55_decode(a);
    REQUIRE(e);
    CHECK(e->input_case == Eip55Case::AllUpper);
  }
  for (const char* a : {"0xde709f2102306220921060314715629080e2fb77",
                        "0x27b1fdb04752bbc536007a920d24acb045561c26"}) {
    CAPTURE(a);
    auto e = eip55_decode(a);
    REQUIRE(e);
    CHECK(e->input_case == Eip55Case::AllLower);
  }
  // The checksummed form of a lowercase input is computed, not copied.
  CHECK(eip55_decode("0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359")->checksummed ==
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359");
  CHECK(to_hex(eip55_decode("0xdAC17F958D2ee523a2206206994597C13D831ec7")->bytes) ==
        "dac17f958d2ee523a2206206994597c13d831ec7");
}

TEST_CASE("mixed case with a wrong checksum and malformed strings are refused") {
  CHECK(eip55_decode("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD").error() ==
        Eip55Error::BadChecksum);
  CHECK(eip55_decode("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA").error() == Eip55Error::BadLength);
  CHECK(eip55_decode("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed00").error() ==
        Eip55Error::BadLength);
  CHECK(eip55_decode("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg").error() == Eip55Error::BadChar);
  CHECK(eip55_decode("").error() == Eip55Error::BadLength);
}
