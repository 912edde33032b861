#include "flows/wallet/base58check.hpp"

#include <doctest/doctest.h>

#include "test_hex.hpp"

using namespace kiosk::flows::wallet;

namespace {
const char* kHash160 = "751e76e8199196d454941c45d1b3a323f1433bd6";  // pubkey of private key 1

std::string version_and_payload(const char* addr) {
  auto raw = base58check_decode(addr);
  REQUIRE(raw);
  return to_hex(*raw);
}
}  // namespace

TEST_CASE("one hash160 under every version byte in the reference") {
  struct V {
    const char* address;
    const char* version;
  };
  for (V v : {V{"1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH", "00"},
              V{"mrCDrCybB6J1vRfbwM5hemdJz73FwDBC8r", "6f"},
              V{"3CNHUhP3uyB9EUtRLsmvFUmvGdjGdkTxJw", "05"},
              V{"2N3vVYSK5XRgVSGWy21PnsRmBUywSQNdCsf", "c4"},
              V{"LVuDpNCSSj6pQ7t9Pv6d6sUkLKoqDEVUnJ", "30"},
              V{"MJaRnao1s62a2zAKSkmG582KbLKianqb7v", "32"},
              V{"TLeUZDGLWnyiJVFcp3m3M1782uBsGWa8uf", "41"}}) {
    CAPTURE(v.address);
    CHECK(version_and_payload(v.address) == std::string(v.version) + kHash160);
  }
}

TEST_CASE("well-known addresses decode; TRON contracts match their hex form") {
  CHECK(version_and_payload("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2").starts_with("0077bff20c"));
  CHECK(version_and_payload("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2").ends_with("839a"));
  for (const char* a :
       {"3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "mk2QpYatsKicvFVuTAQLBryyccRXMUaGHP",
        "1RustyRX2oai4EYYDpQGWvEL62BBGqN9T", "3EktnHQD7RiAE6uzMj2ZifT9YgRrkSgzQX"}) {
    CAPTURE(a);
    auto raw = base58check_decode(a);
    REQUIRE(raw);
    CHECK(raw->size() == 21);
  }
  CHECK(version_and_payload("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t") ==
        "41a614f803b6fd780986a42c78ec9c7f77e6ded13c");
  CHECK(version_and_payload("TEkxiTehnzSmSe2XqrBj4w32RUN966rdz8") ==
        "413487b63d30b5b2c87fb7ffa8bcfade38eaac1abe");
  CHECK(version_and_payload("T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb") == "41" + std::string(40, '0'));
}

TEST_CASE("encoding is the inverse of decoding, leading zero bytes included") {
  for (const char* a : {"1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH", "TLeUZDGLWnyiJVFcp3m3M1782uBsGWa8uf",
                        "2N3vVYSK5XRgVSGWy21PnsRmBUywSQNdCsf"}) {
    auto raw = base58check_decode(a);
    REQUIRE(raw);
    CHECK(base58check_encode(*raw) == a);
  }
  std::vector<std::uint8_t> zeros = {0, 0, 0, 1};
  CHECK(base58_encode(zeros) == "1112");
  CHECK(*base58_decode("1112") == zeros);
}

TEST_CASE("broken base58 is refused with the reason") {
  CHECK(base58check_decode("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3").error() ==
        Base58Error::BadChecksum);
  CHECK(base58check_decode("0BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2").error() == Base58Error::BadChar);
  CHECK(base58check_decode("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVNl").error() == Base58Error::BadChar);
  CHECK(base58check_decode("").error() == Base58Error::Empty);
  CHECK(base58check_decode("1111").error() == Base58Error::TooShort);
  CHECK(base58check_decode(std::string(200, '2')).error() == Base58Error::TooLong);
  // The BIP21 example address fails its checksum on purpose (reference §1.1).
  CHECK(base58check_decode("175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W").error() ==
        Base58Error::BadChecksum);
}
