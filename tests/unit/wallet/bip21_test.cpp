// bitcoin: and litecoin: URIs (BIP21 / BIP321).
#include <doctest/doctest.h>

#include "flows/wallet/parse_wallet.hpp"
#include "lightning_vectors.hpp"

using namespace kiosk::flows;

namespace {

const WalletParseOptions kBtc{"BTC", "bitcoin", false, {}};
const WalletParseOptions kLtc{"LTC", "litecoin", false, {}};

std::string code_of(std::string_view payload, const WalletParseOptions& o = kBtc) {
  auto t = parse_wallet(payload, o);
  return t ? "ok" : t.error().code;
}

}  // namespace

TEST_CASE("reference URI: amount exact in satoshi, label percent-decoded") {
  auto t = parse_wallet(
      "bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4?amount=0.0005&label=Kiosk%20Astana",
      kBtc);
  REQUIRE(t);
  CHECK(t->kind == "bip21");
  CHECK(t->address == "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4");
  CHECK(t->amount == Atoms{50'000});
  CHECK(t->label == "Kiosk Astana");
  CHECK(t->warnings == std::vector<std::string>{"amount_in_qr"});
}

TEST_CASE("BIP321: uppercase scheme and keys; the uppercase AMOUNT counts") {
  auto t = parse_wallet("BITCOIN:BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4?AMOUNT=0.0005", kBtc);
  REQUIRE(t);
  CHECK(t->address == "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4");
  CHECK(t->amount == Atoms{50'000});
  auto taproot =
      parse_wallet("bitcoin:bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", kBtc);
  REQUIRE(taproot);
  CHECK_FALSE(taproot->amount);
  CHECK(taproot->warnings.empty());
  auto b = parse_wallet(
      "bitcoin:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2?amount=20.3&label=Luke-Jr&message=Donation%"
      "20for%20project%20xyz",
      kBtc);
  REQUIRE(b);
  CHECK(b->amount == Atoms{2'030'000'000});
  CHECK(b->label == "Luke-Jr");
  CHECK(b->message == "Donation for project xyz");
  // "bitcoin://" is a common mistake, tolerated.
  CHECK(parse_wallet("bitcoin://1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", kBtc)->address ==
        "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2");
  CHECK(parse_wallet("bitcoin:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2?amount=50", kBtc)->amount ==
        Atoms{5'000'000'000});
  CHECK(parse_wallet("bitcoin:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2?amount=50.00", kBtc)->amount ==
        Atoms{5'000'000'000});
}

TEST_CASE("unknown req- parameters refuse the whole URI; other unknown keys are ignored") {
  CHECK(code_of("bitcoin:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2?req-foo=1") == "unsupported_param");
  CHECK(code_of("bitcoin:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2?REQ-FOO=1") == "unsupported_param");
  CHECK(code_of("bitcoin:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2?req-pop=callback%3a") ==
        "unsupported_param");
  auto t = parse_wallet(
      "bitcoin:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2?foo=bar&&somethingyoudontunde"
      "rstand=50",
      kBtc);
  REQUIRE(t);
  CHECK(t->warnings == std::vector<std::string>{"ignored_params"});
}

TEST_CASE("bad amounts, duplicate keys and bad encodings are refused") {
  const std::string a = "bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4?";
  CHECK(code_of(a + "amount=50,000.00") == "bad_amount");
  CHECK(code_of(a + "amount=0.000000001") == "bad_amount");
  CHECK(code_of(a + "amount=-1") == "bad_amount");
  CHECK(code_of(a + "amount=1e-3") == "bad_amount");
  CHECK(code_of(a + "amount=") == "bad_amount");
  CHECK(code_of(a + "amount=1&amount=1") == "duplicate_param");
  CHECK(code_of(a + "label=a&LABEL=b") == "duplicate_param");
  CHECK(code_of(a + "message=a&message=b") == "duplicate_param");
  CHECK(code_of(a + "pop=x:&pop=y:") == "duplicate_param");
  CHECK(code_of(a + "label=%ZZ") == "bad_encoding");
  CHECK(code_of(a + "label=%4") == "bad_encoding");
  // Control characters and invalid UTF-8 in text never reach a screen.
  auto t = parse_wallet(a + "label=a%0Ab%FFc", kBtc);
  REQUIRE(t);
  CHECK(t->label ==
        "a b\xEF\xBF\xBD"
        "c");
}

TEST_CASE("the BIP examples' own addresses fail their checksums: syntax only") {
  CHECK(code_of("bitcoin:175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W?amount=50&label=Luke-Jr") ==
        "bad_checksum");
  CHECK(code_of("BITCOIN:BC1QUFGY354J3KMVUCH987XE4S40836X3H0LG8F5NQ") != "ok");
}

TEST_CASE("BIP321 network keys carry the address when the path is empty") {
  auto t = parse_wallet(
      "BITCOIN:?BC=BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4&BC="
      "BC1P0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQZK5JJ0",
      kBtc);
  REQUIRE(t);
  CHECK(t->address == "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4");
  // A testnet address under bc= makes the URI invalid.
  CHECK(code_of("bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4?bc=tb1qw508d6qejxtdg4y5r3zarv"
                "ary0c5xw7kxpjzsx") == "bad_address");
  // tb= only counts when testnet is allowed.
  CHECK(code_of("bitcoin:?tb=tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx") == "testnet");
  CHECK(code_of("bitcoin:?tb=tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",
                {"BTC", "bitcoin", true, {}}) == "ok");
  CHECK(code_of("bitcoin:tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx") == "testnet");
  CHECK(code_of("bitcoin:") == "no_address");
  CHECK(code_of("bitcoin:?amount=1") == "no_address");
  CHECK(code_of("bitcoin:?sp=sp1qqgste7k9hx0qftg6qmwlkqtwuy6cycyavzmzj85c6qdfhjdpdjtdgqjuexzk6"
                "murw56suy3e0rd2cgqvycxttddwsvgxe2usfpxumr70xc9pkqwv") ==
        "unsupported_payment_method");
}

TEST_CASE("lightning= in a bitcoin: URI: on-chain wins when BTC on-chain is chosen") {
  std::string unified = std::string(
                            "bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4?amount=0."
                            "025&lightning=") +
                        bolt11::kCoffee25mUpper;
  auto onchain = parse_wallet(unified, kBtc);
  REQUIRE(onchain);
  CHECK(onchain->kind == "bip21");
  CHECK(onchain->amount == Atoms{2'500'000});
  CHECK(onchain->warnings == std::vector<std::string>{"amount_in_qr", "lightning_ignored"});

  WalletParseOptions ln{"BTC", "lightning", false, {}};
  auto invoice = parse_wallet(unified, ln);
  REQUIRE(invoice);
  CHECK(invoice->kind == "bolt11");
  CHECK(invoice->amount == Atoms{2'500'000'000});  // msat; agrees with amount=0.025
  CHECK(invoice->warnings == std::vector<std::string>{"amount_in_qr"});

  std::string lightning_only = std::string("bitcoin:?lightning=") + bolt11::kCoffee2500u;
  CHECK(code_of(lightning_only) == "lightning_not_accepted");
  auto accepted = parse_wallet(lightning_only, {"BTC", "bitcoin", false, {"BTC/lightning"}});
  REQUIRE(accepted);
  CHECK(accepted->kind == "bolt11");
  CHECK(code_of("bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", ln) == "wrong_chain");

  auto mismatch =
      parse_wallet(std::string("bitcoin:?amount=1&lightning=") + bolt11::kCoffee2500u, ln);
  REQUIRE(mismatch);
  CHECK(mismatch->warnings == std::vector<std::string>{"amount_in_qr", "amount_mismatch"});
}

TEST_CASE("litecoin: URIs, and schemes that name another chain") {
  auto t = parse_wallet("litecoin:LVuDpNCSSj6pQ7t9Pv6d6sUkLKoqDEVUnJ?amount=1.5&label=Shop", kLtc);
  REQUIRE(t);
  CHECK(t->asset == "LTC");
  CHECK(t->amount == Atoms{150'000'000});
  CHECK(t->label == "Shop");
  CHECK(parse_wallet("LITECOIN:LTC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KGMN4N9", kLtc)->address ==
        "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9");

  auto wrong_scheme = parse_wallet("litecoin:3CNHUhP3uyB9EUtRLsmvFUmvGdjGdkTxJw", kBtc);
  REQUIRE_FALSE(wrong_scheme);
  CHECK(wrong_scheme.error().code == "wrong_chain");
  CHECK(wrong_scheme.error().message.find("Litecoin") != std::string::npos);
  CHECK(code_of("bitcoin:3CNHUhP3uyB9EUtRLsmvFUmvGdjGdkTxJw", kLtc) == "wrong_chain");
  CHECK(code_of("bitcoin:LVuDpNCSSj6pQ7t9Pv6d6sUkLKoqDEVUnJ") == "wrong_chain");
  CHECK(code_of("bitcoin:3CNHUhP3uyB9EUtRLsmvFUmvGdjGdkTxJw") == "ok");
  CHECK(code_of("bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
                {"ETH", "ethereum", false, {}}) == "wrong_chain");
}
