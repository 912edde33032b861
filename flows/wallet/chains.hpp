// What the kiosk knows about each chain and asset: address version bytes, bech32 prefixes,
// decimals, token contracts, EVM chain ids. Facts from shared/reference/wallet-id-kz.md §1.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace kiosk::flows::wallet {

enum class Chain { Bitcoin, Litecoin, Ethereum, Tron, Lightning };
std::string_view chain_name(Chain c);  // "Bitcoin", "Litecoin", "Ethereum", "TRON", "Lightning"

struct AssetSpec {
  std::string_view asset;    // "USDT"
  std::string_view network;  // "tron"
  std::string_view display;  // "USDT on TRON (TRC-20)"
  Chain chain;
  int decimals;                     // of the atoms WalletTarget::amount is counted in
  std::string_view token_contract;  // empty for the native coin
};

std::span<const AssetSpec> known_assets();
// Case-insensitive on both parts.
const AssetSpec* find_asset(std::string_view asset, std::string_view network);
// "BTC/lightning" form.
const AssetSpec* find_asset(std::string_view asset_slash_network);

// Base58Check version bytes (one byte) and what they mean. 0x05 is both BTC and LTC P2SH.
struct Base58Version {
  std::uint8_t version;
  Chain chain;
  bool testnet;
  std::string_view type;  // "p2pkh", "p2sh", "tron"
};
std::span<const Base58Version> base58_versions();

// Segwit human-readable prefixes: bc/tb/bcrt, ltc/tltc/rltc.
struct SegwitHrp {
  std::string_view hrp;
  Chain chain;
  bool testnet;  // testnet, signet and regtest alike
};
std::span<const SegwitHrp> segwit_hrps();

// EVM chain ids: 1 is Ethereum mainnet; a few testnets; a few other chains named for messages.
struct EvmChainId {
  std::uint64_t id;
  std::string_view name;
  bool ethereum_testnet;  // true: an Ethereum testnet; false with id != 1: another chain
};
std::optional<EvmChainId> find_evm_chain(std::uint64_t id);

// Token contracts the kiosk knows, for "wrong token" messages and destination checks.
struct KnownToken {
  Chain chain;
  std::string_view symbol;    // "USDT"
  std::string_view contract;  // EIP-55 or base58 form
};
std::span<const KnownToken> known_tokens();

std::string ascii_lower(std::string_view s);
std::string ascii_upper(std::string_view s);

}  // namespace kiosk::flows::wallet
