// BIP173 and BIP350 test vectors, every one of them.
#include "flows/wallet/bech32.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "test_hex.hpp"

using namespace kiosk::flows::wallet;

namespace {

std::vector<std::string> valid_bech32() {
  return {
      "A12UEL5L",
      "a12uel5l",
      "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
      "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
      "11" + std::string(82, 'q') + "c8247j",
      "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
      "?1ezyfcl"};
}

std::vector<std::string> valid_bech32m() {
  return {
      "A1LQFN3A",
      "a1lqfn3a",
      "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6",
      "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
      "11" + std::string(83, 'l') + "udsr8",
      "split1checkupstagehandshakeupstreamerranterredcaperredlc445v",
      "?1v759aa"};
}

}  // namespace

TEST_CASE("BIP173 valid bech32 strings decode as bech32 and re-encode") {
  for (const auto& s : valid_bech32()) {
    CAPTURE(s);
    auto d = bech32_decode(s);
    REQUIRE(d);
    CHECK(d->encoding == Bech32Encoding::Bech32);
    std::string lower = s;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    CHECK(bech32_encode(d->hrp, d->data, Bech32Encoding::Bech32) == lower);
  }
}

TEST_CASE("BIP350 valid bech32m strings decode as bech32m, never as bech32") {
  for (const auto& s : valid_bech32m()) {
    CAPTURE(s);
    auto d = bech32_decode(s);
    REQUIRE(d);
    CHECK(d->encoding == Bech32Encoding::Bech32m);
  }
  for (const auto& s : valid_bech32()) {
    CHECK(bech32_decode(s)->encoding != Bech32Encoding::Bech32m);
  }
}

TEST_CASE("BIP173 invalid bech32 strings are refused for the stated reason") {
  struct V {
    std::string text;
    Bech32Error why;
  };
  for (const V& v : std::vector<V>{
           {std::string("\x20") + "1nwldj5", Bech32Error::BadHrpChar},
           {std::string("\x7f") + "1axkwrx", Bech32Error::BadHrpChar},
           {std::string("\x80") + "1eym55h", Bech32Error::BadHrpChar},
           {"an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio"
            "1569pvx",
            Bech32Error::TooLong},
           {"pzry9x0s0muk", Bech32Error::NoSeparator},
           {"1pzry9x0s0muk", Bech32Error::EmptyHrp},
           {"x1b4n0q5v", Bech32Error::BadDataChar},
           {"li1dgmt3", Bech32Error::ShortChecksum},
           {std::string("de1lg7wt") + "\xff", Bech32Error::BadHrpChar},
           {"A1G7SGD8", Bech32Error::BadChecksum},
           {"10a06t8", Bech32Error::EmptyHrp},
           {"1qzzfhee", Bech32Error::EmptyHrp},
       }) {
    CAPTURE(v.text);
    auto d = bech32_decode(v.text);
    REQUIRE_FALSE(d);
    CHECK(d.error() == v.why);
  }
}

TEST_CASE("BIP350 invalid bech32m strings are refused") {
  std::vector<std::string> bad = {
      std::string("\x20") + "1xj0phk",
      std::string("\x7f") + "1g6xzxy",
      std::string("\x80") + "1vctc34",
      "an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4",
      "qyrz8wqd2c9m",
      "1qyrz8wqd2c9m",
      "y1b0jsk6g",
      "lt1igcx5c0",
      "in1muywd",
      "mm1crxm3i",
      "au1s5cgom",
      "M1VUXWEZ",
      "16plkw9",
      "1p2gdwpf"};
  for (const auto& s : bad) {
    CAPTURE(s);
    CHECK_FALSE(bech32_decode(s));
  }
}

TEST_CASE("BIP350 valid segwit addresses give the listed scriptPubKeys") {
  struct V {
    const char* address;
    const char* script;
  };
  for (V v : {
           V{"BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
             "0014751e76e8199196d454941c45d1b3a323f1433bd6"},
           V{"tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
             "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262"},
           V{"bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
             "5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd"
             "6"},
           V{"BC1SW50QGDZ25J", "6002751e"},
           V{"bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", "5210751e76e8199196d454941c45d1b3a323"},
           V{"tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy",
             "0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433"},
           V{"tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c",
             "5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433"},
           V{"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
             "512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"},
           // BIP173 v0 examples, still valid.
           V{"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
             "0014751e76e8199196d454941c45d1b3a323f1433bd6"},
           V{"bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3",
             "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262"},
       }) {
    CAPTURE(v.address);
    auto a = segwit_decode(v.address);
    REQUIRE(a);
    CHECK(to_hex(segwit_script_pubkey(*a)) == v.script);
    std::string lower = v.address;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    CHECK(segwit_encode(a->hrp, a->version, a->program) == lower);
    CHECK(a->normalised == lower);
  }
  auto tb = segwit_decode("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx");
  REQUIRE(tb);
  CHECK(tb->hrp == "tb");
  auto ltc = segwit_decode("ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9");
  REQUIRE(ltc);
  CHECK(ltc->hrp == "ltc");
  CHECK(to_hex(ltc->program) == "751e76e8199196d454941c45d1b3a323f1433bd6");
}

TEST_CASE("BIP350 invalid segwit addresses are refused for the stated reason") {
  struct V {
    const char* address;
    SegwitError why;
  };
  for (V v : {
           V{"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",
             SegwitError::WrongEncoding},
           V{"tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf",
             SegwitError::WrongEncoding},
           V{"BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL",
             SegwitError::WrongEncoding},
           V{"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", SegwitError::WrongEncoding},
           V{"tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47",
             SegwitError::WrongEncoding},
           V{"bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4",
             SegwitError::Malformed},
           V{"BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R",
             SegwitError::BadVersion},
           V{"bc1pw5dgrnzv", SegwitError::BadProgramLength},
           V{"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav",
             SegwitError::BadProgramLength},
           V{"BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P", SegwitError::BadV0Length},
           V{"tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq",
             SegwitError::MixedCase},
           V{"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf",
             SegwitError::BadPadding},
           V{"tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j",
             SegwitError::BadPadding},
           V{"bc1gmk9yu", SegwitError::EmptyData},
           // BIP173's list (with bech32 for v1+ now also invalid under BIP350).
           V{"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", SegwitError::BadChecksum},
           V{"BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2", SegwitError::BadVersion},
           V{"bc1rw5uspcuh", SegwitError::BadProgramLength},
           V{"bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90",
             SegwitError::BadProgramLength},
           V{"tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7",
             SegwitError::MixedCase},
           V{"bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du", SegwitError::BadPadding},
           V{"tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv",
             SegwitError::BadPadding},
           V{"bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx",
             SegwitError::WrongEncoding},
           V{"BC1SW50QA3JX3S", SegwitError::WrongEncoding},
           V{"bc1zw508d6qejxtdg4y5r3zarvaryvg6kdaj", SegwitError::WrongEncoding},
       }) {
    std::string address = v.address;
    CAPTURE(address);
    auto a = segwit_decode(address);
    REQUIRE_FALSE(a);
    CHECK(a.error() == v.why);
  }
  // Invalid HRPs decode as segwit (any HRP) but no chain knows them: see parse_wallet tests.
  CHECK(segwit_decode("tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut")->hrp ==
        "tc");
  CHECK(segwit_decode("tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty")->hrp == "tc");
}

TEST_CASE("convert_bits regroups and polices padding") {
  std::vector<std::uint8_t> bytes = {0xff, 0x00, 0x10};
  auto five = convert_bits(bytes, 8, 5, true);
  REQUIRE(five);
  auto back = convert_bits(*five, 5, 8, false);
  REQUIRE(back);
  CHECK(*back == bytes);
  std::vector<std::uint8_t> too_wide = {32};
  CHECK_FALSE(convert_bits(too_wide, 5, 8, false));
}
