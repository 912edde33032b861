#include "flows/wallet/lightning.hpp"

#include <doctest/doctest.h>

#include "flows/wallet/bech32.hpp"
#include "flows/wallet/parse_wallet.hpp"
#include "lightning_vectors.hpp"

using namespace kiosk::flows;
using namespace kiosk::flows::wallet;

namespace {
WalletParseOptions lightning() { return {"BTC", "lightning", false, {}}; }
}  // namespace

TEST_CASE("BOLT11 examples: amount from the HRP multiplier, in millisatoshi") {
  struct V {
    const char* invoice;
    std::optional<Atoms> msat;
  };
  for (V v :
       {V{bolt11::kDonation, std::nullopt}, V{bolt11::kCoffee2500u, Atoms{250'000'000}},
        V{bolt11::kNonsense2500u, Atoms{250'000'000}}, V{bolt11::kCoffee25m, Atoms{2'500'000'000}},
        V{bolt11::kCoffee25mUpper, Atoms{2'500'000'000}}, V{bolt11::kPico, Atoms{967'878'534}},
        V{bolt11::kP2wshFallback, Atoms{2'000'000'000}},
        V{bolt11::kUnrecoverableSignature, Atoms{250'000'000}}}) {
    std::string invoice = v.invoice;
    CAPTURE(invoice);
    auto inv = read_bolt11(invoice);
    REQUIRE(inv);
    CHECK(inv->network == "bitcoin");
    CHECK_FALSE(inv->testnet);
    CHECK(inv->amount_msat == v.msat);
    CHECK(inv->timestamp > 1'496'000'000);
  }
  auto coffee = read_bolt11(bolt11::kCoffee2500u);
  CHECK(coffee->description == "1 cup coffee");
  CHECK(coffee->expiry_seconds == 60);
  CHECK(coffee->timestamp == 1'496'314'658);
  CHECK(read_bolt11(bolt11::kNonsense2500u)->description == "ナンセンス 1杯");
  CHECK(read_bolt11(bolt11::kCoffee25m)->expiry_seconds == 3600);
  CHECK(read_bolt11(bolt11::kPico)->expiry_seconds == 604'800);
  CHECK(read_bolt11(bolt11::kCoffee25mUpper)->normalised == bolt11::kCoffee25m);
  auto testnet = read_bolt11(bolt11::kTestnet20m);
  REQUIRE(testnet);
  CHECK(testnet->testnet);
  CHECK(testnet->network == "testnet");
}

TEST_CASE("BOLT11 invalid examples are refused") {
  struct V {
    const char* invoice;
    const char* code;
  };
  for (V v : {V{bolt11::kBadChecksum, "bad_checksum"}, V{bolt11::kMixedCase, "mixed_case"},
              V{bolt11::kTooShort, "bad_address"}, V{bolt11::kBadMultiplier, "bad_amount"},
              V{bolt11::kSubMillisatoshi, "bad_amount"}}) {
    std::string invoice = v.invoice;
    CAPTURE(invoice);
    auto inv = read_bolt11(invoice);
    REQUIRE_FALSE(inv);
    CHECK(inv.error().code == v.code);
    auto parsed = parse_wallet(invoice, lightning());
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().code == v.code);
  }
  auto no_separator = parse_wallet(bolt11::kNoSeparator, lightning());
  REQUIRE_FALSE(no_separator);
  CHECK(no_separator.error().code == "unrecognised");
}

TEST_CASE("parse_wallet pays BOLT11 only when Lightning is chosen or accepted") {
  auto t = parse_wallet(std::string("lightning:") + bolt11::kCoffee25mUpper, lightning());
  REQUIRE(t);
  CHECK(t->kind == "bolt11");
  CHECK(t->asset == "BTC");
  CHECK(t->network == "lightning");
  CHECK(t->address == bolt11::kCoffee25m);
  CHECK(t->amount == Atoms{2'500'000'000});
  CHECK(t->message == "coffee beans");

  auto bare = parse_wallet(bolt11::kCoffee2500u, lightning());
  REQUIRE(bare);
  CHECK(bare->amount == Atoms{250'000'000});

  auto onchain_only = parse_wallet(bolt11::kCoffee2500u, {"BTC", "bitcoin", false, {}});
  REQUIRE_FALSE(onchain_only);
  CHECK(onchain_only.error().code == "lightning_not_accepted");

  auto accepted = parse_wallet(bolt11::kCoffee2500u, {"BTC", "bitcoin", false, {"BTC/lightning"}});
  REQUIRE(accepted);
  CHECK(accepted->network == "lightning");

  auto eth = parse_wallet(bolt11::kCoffee2500u, {"ETH", "ethereum", false, {}});
  REQUIRE_FALSE(eth);
  CHECK(eth.error().code == "wrong_chain");
  CHECK(eth.error().message.find("Lightning") != std::string::npos);

  auto testnet = parse_wallet(bolt11::kTestnet20m, lightning());
  REQUIRE_FALSE(testnet);
  CHECK(testnet.error().code == "testnet");
  // The accepted asset's sharper refusal wins over the chosen asset's "not accepted".
  auto testnet_accepted =
      parse_wallet(bolt11::kTestnet20m, {"BTC", "bitcoin", false, {"BTC/lightning"}});
  CHECK(testnet_accepted.error().code == "testnet");
  auto allowed = parse_wallet(bolt11::kTestnet20m, {"BTC", "lightning", true, {}});
  REQUIRE(allowed);
  CHECK(allowed->warnings == std::vector<std::string>{"testnet", "amount_in_qr"});
}

TEST_CASE("LNURL: bech32 form, lightning: prefix, LUD-17 schemes and the https fallback") {
  auto l = read_lnurl_bech32(bolt11::kLnurl);
  REQUIRE(l);
  CHECK(l->url == bolt11::kLnurlUrl);
  for (std::string payload :
       {std::string(bolt11::kLnurl), std::string("lightning:") + bolt11::kLnurl,
        std::string("https://service.com/pay?lightning=") + bolt11::kLnurl}) {
    CAPTURE(payload);
    auto t = parse_wallet(payload, lightning());
    REQUIRE(t);
    CHECK(t->kind == "lnurl");
    CHECK(t->url == bolt11::kLnurlUrl);
  }
  auto w = parse_wallet("lnurlw://service.com/api?q=1", lightning());
  REQUIRE(w);
  CHECK(w->url == "https://service.com/api?q=1");
  auto onion = parse_wallet("keyauth://abcdef.onion/auth", lightning());
  REQUIRE(onion);
  CHECK(onion->url == "http://abcdef.onion/auth");
  auto onchain = parse_wallet(bolt11::kLnurl, {"BTC", "bitcoin", false, {}});
  CHECK(onchain.error().code == "lightning_not_accepted");
  // An LNURL wrapping a plain http URL is refused; an https one built the same way passes.
  auto wrap = [](std::string url) {
    std::vector<std::uint8_t> bytes(url.begin(), url.end());
    return bech32_encode("lnurl", *convert_bits(bytes, 8, 5, true), Bech32Encoding::Bech32);
  };
  auto http = parse_wallet(wrap("http://example.com/lnurl"), lightning());
  REQUIRE_FALSE(http);
  CHECK(http.error().code == "bad_address");
  CHECK(parse_wallet(wrap("https://example.com/lnurl"), lightning())->url ==
        "https://example.com/lnurl");
}

TEST_CASE("BOLT12 offers are refused politely whatever the asset") {
  for (const char* payload : {"lno1pg257enxv4ezqcneype82um50ynhxgrwdajx283qfwdpl28qqmc78ymlvhmxcsyw"
                              "dk5wrjnj36jryg488qwlrnzyjczs",
                              "LIGHTNING:LNO1PG257ENXV4EZQCNEYPE82UM50YNHXGRWDAJX",
                              "bitcoin:?lno=lno1pg257enxv4ezqcneype"}) {
    for (const char* asset : {"BTC/bitcoin", "BTC/lightning"}) {
      std::string a = asset;
      WalletParseOptions o{a.substr(0, 3), a.substr(4), false, {}};
      auto t = parse_wallet(payload, o);
      REQUIRE_FALSE(t);
      CHECK(t.error().code == "bolt12_unsupported");
    }
  }
}
