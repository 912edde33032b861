#include "sim/camera/sample_payloads.hpp"

#include <array>

namespace kiosk::sim {
namespace {

struct Sample {
  std::string_view asset_id, valid, broken;
};

// Each broken payload differs from the valid one by a checksum-breaking edit: the last bech32 or
// base58 character changed, or one EIP-55 letter's case flipped.
constexpr std::array<Sample, 6> kSamples = {{
    {"BTC/bitcoin",
     "bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4?amount=0.0005&label=Kiosk%20Astana",
     "bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5?amount=0.0005&label=Kiosk%20Astana"},
    {"LTC/litecoin", "litecoin:LVuDpNCSSj6pQ7t9Pv6d6sUkLKoqDEVUnJ",
     "litecoin:LVuDpNCSSj6pQ7t9Pv6d6sUkLKoqDEVUnK"},
    {"ETH/ethereum", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
     "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"},
    {"USDT/tron", "TLeUZDGLWnyiJVFcp3m3M1782uBsGWa8uf", "TLeUZDGLWnyiJVFcp3m3M1782uBsGWa8ug"},
    {"USDT/ethereum",
     "ethereum:0xdAC17F958D2ee523a2206206994597C13D831ec7@1/transfer?address="
     "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359&uint256=2.5e6",
     "ethereum:0xdAC17F958D2ee523a2206206994597C13D831ec7@1/transfer?address="
     "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d35A&uint256=2.5e6"},
    {"BTC/lightning",
     "lightning:LNBC25M1PVJLUEZPP5QQQSYQCYQ5RQWZQFQQQSYQCYQ5RQWZQFQQQSYQCYQ5RQWZQFQYPQDQ5VDHKVEN"
     "9V5SXYETPDEESSP5ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYGS9Q5SQQQQQQQQQQQQQQQPQSQ"
     "67GYE39HFG3ZD8RGC80K32TVY9XK2XUNWM5LZEXNVPX6FD77EN8QAQ424DXGT56CAG2DPT359K3SSYHETKTKPQH24JQ"
     "NJYW6UQD08SGPTQ44QU",
     "lightning:LNBC25M1PVJLUEZPP5QQQSYQCYQ5RQWZQFQQQSYQCYQ5RQWZQFQQQSYQCYQ5RQWZQFQYPQDQ5VDHKVEN"
     "9V5SXYETPDEESSP5ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYGS9Q5SQQQQQQQQQQQQQQQPQSQ"
     "67GYE39HFG3ZD8RGC80K32TVY9XK2XUNWM5LZEXNVPX6FD77EN8QAQ424DXGT56CAG2DPT359K3SSYHETKTKPQH24JQ"
     "NJYW6UQD08SGPTQ44QP"},
}};

}  // namespace

std::string sample_payload(std::string_view asset_id, bool valid) {
  for (const auto& s : kSamples) {
    if (s.asset_id == asset_id) return std::string(valid ? s.valid : s.broken);
  }
  return {};
}

}  // namespace kiosk::sim
