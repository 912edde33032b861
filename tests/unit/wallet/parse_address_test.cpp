// Plain addresses through parse_wallet: every valid and invalid vector of the reference, wrong
// chains named, testnet refused unless allowed.
#include <doctest/doctest.h>

#include "flows/wallet/parse_wallet.hpp"

using namespace kiosk::flows;

namespace {

WalletParseOptions opts(std::string asset, std::string network, bool testnet = false) {
  return {std::move(asset), std::move(network), testnet, {}};
}

std::string code_of(std::string_view payload, const WalletParseOptions& o) {
  auto t = parse_wallet(payload, o);
  return t ? "ok" : t.error().code;
}

bool mentions(const std::expected<WalletTarget, WalletError>& t, std::string_view word) {
  return !t && t.error().message.find(word) != std::string::npos;
}

}  // namespace

TEST_CASE("Bitcoin mainnet addresses of every kind are accepted and normalised") {
  struct V {
    const char* in;
    const char* normalised;
  };
  for (V v : {V{"1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"},
              V{"1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH", "1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH"},
              V{"3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"},
              V{"1RustyRX2oai4EYYDpQGWvEL62BBGqN9T", "1RustyRX2oai4EYYDpQGWvEL62BBGqN9T"},
              V{"3EktnHQD7RiAE6uzMj2ZifT9YgRrkSgzQX", "3EktnHQD7RiAE6uzMj2ZifT9YgRrkSgzQX"},
              V{"BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
                "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"},
              V{"bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3",
                "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3"},
              V{"bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
                "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y"},
              V{"BC1SW50QGDZ25J", "bc1sw50qgdz25j"},
              V{"bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs"},
              V{"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
                "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"},
              V{"  bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4\r\n",
                "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"}}) {
    std::string in = v.in;
    CAPTURE(in);
    auto t = parse_wallet(in, opts("BTC", "bitcoin"));
    REQUIRE(t);
    CHECK(t->asset == "BTC");
    CHECK(t->network == "bitcoin");
    CHECK(t->kind == "address");
    CHECK(t->address == v.normalised);
    CHECK_FALSE(t->amount);
    CHECK(t->warnings.empty());
  }
  // Options are case-insensitive.
  CHECK(code_of("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", opts("btc", "Bitcoin")) == "ok");
}

TEST_CASE("testnet addresses are refused unless allowed") {
  for (const char* a :
       {"mrCDrCybB6J1vRfbwM5hemdJz73FwDBC8r", "2N3vVYSK5XRgVSGWy21PnsRmBUywSQNdCsf",
        "mk2QpYatsKicvFVuTAQLBryyccRXMUaGHP", "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",
        "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
        "tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy",
        "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c"}) {
    std::string in = a;
    CAPTURE(in);
    CHECK(code_of(in, opts("BTC", "bitcoin")) == "testnet");
    auto t = parse_wallet(in, opts("BTC", "bitcoin", true));
    REQUIRE(t);
    CHECK(t->warnings == std::vector<std::string>{"testnet"});
  }
}

TEST_CASE("every invalid segwit vector is refused") {
  for (const char* a :
       {"tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut",
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",
        "tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf",
        "BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL",
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",
        "tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47",
        "bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4",
        "BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R",
        "bc1pw5dgrnzv",
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav",
        "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P",
        "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq",
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf",
        "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j",
        "bc1gmk9yu",
        "tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty",
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
        "BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2",
        "bc1rw5uspcuh",
        "bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90",
        "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7",
        "bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du",
        "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv",
        "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx",
        "BC1SW50QA3JX3S",
        "bc1zw508d6qejxtdg4y5r3zarvaryvg6kdaj"}) {
    std::string in = a;
    CAPTURE(in);
    // Allowing testnet must not rescue any of them.
    CHECK(code_of(in, opts("BTC", "bitcoin", true)) != "ok");
  }
  CHECK(code_of("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", opts("BTC", "bitcoin")) ==
        "bad_checksum");
  CHECK(code_of("tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq",
                opts("BTC", "bitcoin", true)) == "mixed_case");
}

TEST_CASE(
    "Litecoin addresses; a 3... address fits Bitcoin and Litecoin, the chosen asset decides") {
  for (const char* a :
       {"LVuDpNCSSj6pQ7t9Pv6d6sUkLKoqDEVUnJ", "MJaRnao1s62a2zAKSkmG582KbLKianqb7v",
        "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9", "3CNHUhP3uyB9EUtRLsmvFUmvGdjGdkTxJw"}) {
    std::string in = a;
    CAPTURE(in);
    auto t = parse_wallet(in, opts("LTC", "litecoin"));
    REQUIRE(t);
    CHECK(t->asset == "LTC");
  }
  auto btc = parse_wallet("3CNHUhP3uyB9EUtRLsmvFUmvGdjGdkTxJw", opts("BTC", "bitcoin"));
  REQUIRE(btc);
  CHECK(btc->asset == "BTC");
  auto eth = parse_wallet("3CNHUhP3uyB9EUtRLsmvFUmvGdjGdkTxJw", opts("ETH", "ethereum"));
  CHECK(mentions(eth, "Bitcoin or Litecoin"));
}

TEST_CASE("an address for another chain is refused, naming the chain it belongs to") {
  struct V {
    const char* address;
    const char* asset;
    const char* network;
    const char* chain;
  };
  for (V v : {V{"LVuDpNCSSj6pQ7t9Pv6d6sUkLKoqDEVUnJ", "BTC", "bitcoin", "Litecoin"},
              V{"ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9", "BTC", "bitcoin", "Litecoin"},
              V{"1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "LTC", "litecoin", "Bitcoin"},
              V{"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "LTC", "litecoin", "Bitcoin"},
              V{"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "BTC", "bitcoin", "Ethereum"},
              V{"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "USDT", "tron", "Ethereum"},
              V{"TLeUZDGLWnyiJVFcp3m3M1782uBsGWa8uf", "USDT", "ethereum", "TRON"},
              V{"TLeUZDGLWnyiJVFcp3m3M1782uBsGWa8uf", "BTC", "bitcoin", "TRON"},
              V{"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "ETH", "ethereum",
                "Bitcoin"}}) {
    std::string address = v.address;
    CAPTURE(address);
    auto t = parse_wallet(address, opts(v.asset, v.network));
    REQUIRE_FALSE(t);
    CHECK(t.error().code == "wrong_chain");
    CHECK(mentions(t, v.chain));
  }
  // The message names what the customer chose too.
  auto t = parse_wallet("TLeUZDGLWnyiJVFcp3m3M1782uBsGWa8uf", opts("USDT", "ethereum"));
  CHECK(mentions(t, "USDT on Ethereum"));
}

TEST_CASE("Ethereum addresses: EIP-55 vectors, warnings for no checksum, bad checksum refused") {
  for (const char* a :
       {"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"}) {
    for (const char* asset : {"ETH", "USDT"}) {
      std::string in = a;
      CAPTURE(in);
      auto t = parse_wallet(in, opts(asset, "ethereum"));
      REQUIRE(t);
      CHECK(t->address == in);
      CHECK(t->warnings.empty());
    }
  }
  auto upper = parse_wallet("0x52908400098527886E0F7030069857D2E4169EE7", opts("ETH", "ethereum"));
  REQUIRE(upper);
  CHECK(upper->warnings == std::vector<std::string>{"uppercase_eip55"});
  CHECK(parse_wallet("0x8617E340B3D01FA5F11F306F4090FD50E238070D", opts("ETH", "ethereum")));
  auto lower = parse_wallet("0xde709f2102306220921060314715629080e2fb77", opts("ETH", "ethereum"));
  REQUIRE(lower);
  CHECK(lower->warnings == std::vector<std::string>{"lowercase_eip55"});
  CHECK(lower->address == "0xde709f2102306220921060314715629080e2fb77");  // no letters to case
  CHECK(parse_wallet("0x27b1fdb04752bbc536007a920d24acb045561c26", opts("USDT", "ethereum")));
  CHECK(code_of("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", opts("ETH", "ethereum")) ==
        "bad_checksum");
  CHECK(code_of("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA", opts("ETH", "ethereum")) ==
        "bad_address");
}

TEST_CASE("TRON addresses for USDT/tron; token contracts and burn addresses are no wallets") {
  auto t = parse_wallet("TLeUZDGLWnyiJVFcp3m3M1782uBsGWa8uf", opts("USDT", "tron"));
  REQUIRE(t);
  CHECK(t->network == "tron");
  CHECK(t->address == "TLeUZDGLWnyiJVFcp3m3M1782uBsGWa8uf");
  CHECK(code_of("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", opts("USDT", "tron")) == "contract_address");
  CHECK(code_of("T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb", opts("USDT", "tron")) == "contract_address");
  CHECK(code_of("0xdAC17F958D2ee523a2206206994597C13D831ec7", opts("USDT", "ethereum")) ==
        "contract_address");
  CHECK(code_of("0x0000000000000000000000000000000000000000", opts("ETH", "ethereum")) ==
        "contract_address");
  CHECK(code_of("TLeUZDGLWnyiJVFcp3m3M1782uBsGWa8ug", opts("USDT", "tron")) == "bad_checksum");
  auto prefixed = parse_wallet("tron:TLeUZDGLWnyiJVFcp3m3M1782uBsGWa8uf", opts("USDT", "tron"));
  REQUIRE(prefixed);
  CHECK(prefixed->warnings == std::vector<std::string>{"nonstandard_tron_uri"});
}

TEST_CASE("junk, empty and unknown assets get their own codes") {
  CHECK(code_of("", opts("BTC", "bitcoin")) == "empty");
  CHECK(code_of(" \r\n", opts("BTC", "bitcoin")) == "empty");
  CHECK(code_of("hello world", opts("BTC", "bitcoin")) == "unrecognised");
  CHECK(code_of("https://example.com/", opts("BTC", "bitcoin")) == "unrecognised");
  CHECK(code_of("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3", opts("BTC", "bitcoin")) == "bad_checksum");
  CHECK(code_of("0BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", opts("BTC", "bitcoin")) == "unrecognised");
  CHECK(code_of(std::string(9000, 'a'), opts("BTC", "bitcoin")) == "too_long");
  CHECK(code_of("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", opts("DOGE", "dogecoin")) ==
        "unsupported_asset");
  CHECK(code_of("dogecoin:DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L", opts("BTC", "bitcoin")) ==
        "wrong_chain");
  CHECK(code_of("mailto:someone@example.com", opts("BTC", "bitcoin")) == "unrecognised");
}

TEST_CASE("mask_address shows the first 6 and the last 4 characters only") {
  CHECK(mask_address("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4") == "bc1qw5\u2026f3t4");
  CHECK(mask_address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed") == "0x5aAe\u2026eAed");
  CHECK(mask_address("TLeUZDGLWnyiJVFcp3m3M1782uBsGWa8uf") == "TLeUZD\u2026a8uf");
  CHECK(mask_address("short") == "sh\u2026");
  CHECK(mask_address("") == "\u2026");
  CHECK(mask_address("abcdef\n\xff"
                     "ghijklmnop") == "abcdef\u2026mnop");
  CHECK(mask_address("ab\ncdefghijklmn") == "ab?cde\u2026klmn");
}
