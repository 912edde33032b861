// Plain on-chain addresses: which chains a string could be an address for, and whether it is
// one for the asset the customer chose. Order of tests (reference §1.8): bech32 prefixes, then
// 0x + 40 hex (EVM, EIP-55), then Base58Check by version byte (TRON 0x41 included).
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flows/wallet/chains.hpp"
#include "flows/wallet/eip55.hpp"
#include "flows/wallet/parse_wallet.hpp"

namespace kiosk::flows::wallet {

struct AddressMatch {
  Chain chain;
  bool testnet = false;
  std::string type;        // "p2pkh","p2sh","p2wpkh","p2wsh","p2tr","witness_v<N>","evm","tron"
  std::string normalised;  // see WalletTarget::address
  std::optional<Eip55Case> eip55_case;  // EVM only
};

// Every chain the text is a valid address for (a "3..." P2SH address matches Bitcoin and
// Litecoin). An error when it looks like an address but fails its checks (bad_checksum,
// mixed_case, bad_address) or looks like nothing we know (unrecognised).
std::expected<std::vector<AddressMatch>, WalletError> classify_address(std::string_view text);

// Checks a plain address for `spec`: right chain (wrong_chain names the chain it belongs to),
// testnet allowed or not, not a token contract or the zero address. Adds warnings
// ("lowercase_eip55", "uppercase_eip55", "testnet") to `warnings`.
std::expected<AddressMatch, WalletError> address_for_asset(std::string_view text,
                                                           const AssetSpec& spec,
                                                           bool allow_testnet,
                                                           std::vector<std::string>& warnings);

// Refusal helpers shared by the URI parsers.
WalletError wallet_error(std::string code, std::string message);
WalletError wrong_chain_error(std::string_view belongs_to, const AssetSpec& chosen);
WalletError testnet_error();

}  // namespace kiosk::flows::wallet
