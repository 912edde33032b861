// Fuzz target: parse_wallet under several option sets. The first input byte picks a mode so that
// even the plain random driver (tests/fuzz/driver.cpp) reaches deep into each parser:
//  * even: a prefix ("bitcoin:", "lnbc", ...) followed by the remaining bytes;
//  * odd:  a valid payload, edited by the remaining bytes taken as (position, new byte) pairs.
// Checks that a success always carries an address and a known asset, and that nothing crashes.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "flows/wallet/parse_wallet.hpp"

namespace {

constexpr std::string_view kPrefixes[] = {
    "",
    "bitcoin:",
    "BITCOIN:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4?",
    "litecoin:",
    "ethereum:",
    "ethereum:0xdAC17F958D2ee523a2206206994597C13D831ec7/transfer?",
    "lightning:",
    "lnbc",
    "lnurl1",
    "tron:",
    "bc1",
    "0x",
    "bitcoin:?lightning=",
    "https://x.example/?lightning=",
    "lnurlw://",
    "T"};

constexpr std::string_view kValid[] = {
    "bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4?amount=0.0005&label=Kiosk%20Astana",
    "BITCOIN:BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4?AMOUNT=0.0005",
    "bitcoin:bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
    "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",
    "litecoin:LVuDpNCSSj6pQ7t9Pv6d6sUkLKoqDEVUnJ?amount=1.5",
    "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9",
    "TLeUZDGLWnyiJVFcp3m3M1782uBsGWa8uf",
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "ethereum:0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359?value=2.014e18",
    "ethereum:0xdAC17F958D2ee523a2206206994597C13D831ec7@1/transfer?address="
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359&uint256=2.5e6",
    "lightning:lnbc2500u1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxx"
    "atsyp3k7enxv4jsxqzpuaztrnwngzn3kdzw5hydlzf03qdgm2hdq27cqv3agm2awhz5se903vruatfhq77w3ls4evs"
    "3ch9zw97j25emudupq63nyw24cg27h2rspfj9srp",
    "LNURL1DP68GURN8GHJ7UM9WFMXJCM99E3K7MF0V9CXJ0M385EKVCENXC6R2C35XVUKXEFCV5MKVV34X5EKZD3EV56N"
    "YD3HXQURZEPEXEJXXEPNXSCRVWFNV9NXZCN9XQ6XYEFHVGCXXCMYXYMNSERXFQ5FNS",
};

void require(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kiosk::flows;
  if (size == 0) return 0;
  std::string payload;
  if (data[0] % 2 == 0) {
    payload = kPrefixes[(data[0] / 2) % std::size(kPrefixes)];
    payload.append(reinterpret_cast<const char*>(data + 1), size - 1);
  } else {
    payload = kValid[(data[0] / 2) % std::size(kValid)];
    for (std::size_t i = 1; i + 1 < size; i += 2) {
      if (payload.empty()) break;
      std::size_t at = data[i] % (payload.size() + 1);
      if (data[i + 1] == 0) {
        payload.erase(at == payload.size() ? at - 1 : at, 1);  // delete
      } else if (at == payload.size()) {
        payload += static_cast<char>(data[i + 1]);  // append
      } else {
        payload[at] = static_cast<char>(data[i + 1]);  // replace
      }
    }
  }
  static const WalletParseOptions kOptions[] = {
      {"BTC", "bitcoin", false, {}},
      {"BTC", "bitcoin", true, {"BTC/lightning"}},
      {"BTC", "lightning", true, {}},
      {"LTC", "litecoin", false, {}},
      {"ETH", "ethereum", false, {"USDT/ethereum"}},
      {"USDT", "ethereum", true, {}},
      {"USDT", "tron", false, {"USDT/ethereum"}},
  };
  for (const auto& o : kOptions) {
    auto t = parse_wallet(payload, o);
    if (t) {
      require(!t->address.empty());
      require(!t->asset.empty() && !t->network.empty() && !t->kind.empty());
      require(mask_address(t->address).size() <= 6 + 3 + 4);
    } else {
      require(!t.error().code.empty() && !t.error().message.empty());
    }
  }
  (void)mask_address(payload);
  return 0;
}
