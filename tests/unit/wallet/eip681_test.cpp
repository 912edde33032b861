// ethereum: URIs (EIP-681).
#include <doctest/doctest.h>

#include "flows/wallet/parse_wallet.hpp"

using namespace kiosk::flows;

namespace {

const WalletParseOptions kEth{"ETH", "ethereum", false, {}};
const WalletParseOptions kUsdt{"USDT", "ethereum", false, {}};

std::string code_of(std::string_view payload, const WalletParseOptions& o) {
  auto t = parse_wallet(payload, o);
  return t ? "ok" : t.error().code;
}

const std::string kKioskUsdt =
    "ethereum:0xdAC17F958D2ee523a2206206994597C13D831ec7@1/transfer?address="
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359&uint256=2.5e6";

}  // namespace

TEST_CASE("native ETH with a value in scientific notation") {
  auto t = parse_wallet("ethereum:0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359?value=2.014e18", kEth);
  REQUIRE(t);
  CHECK(t->kind == "eip681");
  CHECK(t->address == "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359");
  CHECK(t->amount == Atoms{2'014'000'000'000'000'000ULL});
  CHECK(t->warnings == std::vector<std::string>{"amount_in_qr"});
  auto lower = parse_wallet("ethereum:pay-0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359@1", kEth);
  REQUIRE(lower);
  CHECK(lower->address == "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359");
  CHECK(lower->warnings == std::vector<std::string>{"lowercase_eip55"});
  // EIP-681's own example mixes case without matching EIP-55: refused like any bad checksum.
  CHECK(code_of("ethereum:0xfb6916095ca1df60bb79Ce92ce3ea74c37c5d359?value=2.014e18", kEth) ==
        "bad_checksum");
}

TEST_CASE("the kiosk's USDT example: contract checked, recipient and amount read") {
  auto t = parse_wallet(kKioskUsdt, kUsdt);
  REQUIRE(t);
  CHECK(t->asset == "USDT");
  CHECK(t->network == "ethereum");
  CHECK(t->kind == "erc20_transfer");
  CHECK(t->address == "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359");
  CHECK(t->amount == Atoms{2'500'000});
  // The same QR with the contract in lowercase is still USDT.
  auto lower_contract = parse_wallet(
      "ethereum:0xdac17f958d2ee523a2206206994597c13d831ec7/transfer?address="
      "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359&uint256=1",
      kUsdt);
  REQUIRE(lower_contract);
  CHECK(lower_contract->amount == Atoms{1});
}

TEST_CASE("wrong tokens are refused, naming the token") {
  auto eth = parse_wallet(kKioskUsdt, kEth);
  REQUIRE_FALSE(eth);
  CHECK(eth.error().code == "wrong_token");
  CHECK(eth.error().message.find("USDT") != std::string::npos);
  const std::string other =
      "ethereum:0x89205a3a3b2a69de6dbf7f01ed13b2108b2c43e7/transfer?address="
      "0x8e23ee67d1332ad560396262c48ffbb01f93d052&uint256=1";
  CHECK(code_of(other, kUsdt) == "wrong_token");
  CHECK(code_of(other, kEth) == "wrong_token");
  CHECK(code_of("ethereum:0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359?value=1e18", kUsdt) ==
        "wrong_token");
  // A native request without a value is just an address: fine for USDT on Ethereum.
  auto plain = parse_wallet("ethereum:0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", kUsdt);
  REQUIRE(plain);
  CHECK(plain->kind == "eip681");
  CHECK_FALSE(plain->amount);
  // Accepting ETH as well lets the native request through as ETH.
  auto accepted = parse_wallet("ethereum:0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359?value=1e18",
                               {"USDT", "ethereum", false, {"ETH/ethereum"}});
  REQUIRE(accepted);
  CHECK(accepted->asset == "ETH");
}

TEST_CASE("chain ids: mainnet only, testnets when allowed, other chains named") {
  const std::string addr = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359";
  auto bsc = parse_wallet("ethereum:" + addr + "@56?value=1", kEth);
  REQUIRE_FALSE(bsc);
  CHECK(bsc.error().code == "wrong_chain");
  CHECK(bsc.error().message.find("BNB Smart Chain") != std::string::npos);
  CHECK(code_of("ethereum:" + addr + "@137", kUsdt) == "wrong_chain");
  CHECK(code_of("ethereum:" + addr + "@999999", kEth) == "wrong_chain");
  CHECK(code_of("ethereum:" + addr + "@11155111", kEth) == "testnet");
  auto sepolia = parse_wallet("ethereum:" + addr + "@11155111", {"ETH", "ethereum", true, {}});
  REQUIRE(sepolia);
  CHECK(sepolia->warnings == std::vector<std::string>{"testnet"});
  CHECK(code_of("ethereum:" + addr + "@", kEth) == "bad_address");
  CHECK(code_of("ethereum:" + addr + "@1x", kEth) == "bad_address");
  CHECK(code_of("ethereum:" + addr, {"USDT", "tron", false, {}}) == "wrong_chain");
  CHECK(code_of("ethereum:" + addr, {"BTC", "bitcoin", false, {}}) == "wrong_chain");
}

TEST_CASE("malformed EIP-681 requests") {
  const std::string addr = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359";
  CHECK(code_of("ethereum:vitalik.eth?value=1", kEth) == "ens_unsupported");
  CHECK(code_of("ethereum:" + addr + "/approve?address=" + addr + "&uint256=1", kUsdt) ==
        "unsupported_function");
  CHECK(code_of("ethereum:0xdAC17F958D2ee523a2206206994597C13D831ec7/transfer?uint256=1", kUsdt) ==
        "no_address");
  CHECK(code_of("ethereum:" + addr + "?value=1.5", kEth) == "bad_amount");
  CHECK(code_of("ethereum:" + addr + "?value=-1", kEth) == "bad_amount");
  CHECK(code_of("ethereum:" + addr + "?gas=abc", kEth) == "bad_amount");
  CHECK(code_of("ethereum:0xdAC17F958D2ee523a2206206994597C13D831ec7/transfer?address="
                "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d35A&uint256=1",
                kUsdt) == "bad_checksum");
  CHECK(code_of("ethereum:0xdAC17F958D2ee523a2206206994597C13D831ec7/transfer?address="
                "0xdAC17F958D2ee523a2206206994597C13D831ec7&uint256=1",
                kUsdt) == "contract_address");
  CHECK(code_of("ethereum:0xdAC17F958D2ee523a2206206994597C13D831ec7?value=1", kEth) ==
        "contract_address");
  CHECK(code_of("ethereum:" + addr + "?value=1e40", kEth) == "bad_amount");
  auto extra = parse_wallet("ethereum:" + addr + "?value=1&gasPrice=2.1e10&foo=bar", kEth);
  REQUIRE(extra);
  CHECK(extra->warnings == std::vector<std::string>{"ignored_params", "amount_in_qr"});
}
