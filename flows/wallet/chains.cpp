#include "flows/wallet/chains.hpp"

#include <array>

namespace kiosk::flows::wallet {
namespace {

constexpr std::array<AssetSpec, 6> kAssets = {{
    {"BTC", "bitcoin", "BTC (Bitcoin)", Chain::Bitcoin, 8, ""},
    {"BTC", "lightning", "BTC over Lightning", Chain::Lightning, 11, ""},  // atoms = millisatoshi
    {"LTC", "litecoin", "LTC (Litecoin)", Chain::Litecoin, 8, ""},
    {"ETH", "ethereum", "ETH (Ethereum)", Chain::Ethereum, 18, ""},
    {"USDT", "ethereum", "USDT on Ethereum (ERC-20)", Chain::Ethereum, 6,
     "0xdAC17F958D2ee523a2206206994597C13D831ec7"},
    {"USDT", "tron", "USDT on TRON (TRC-20)", Chain::Tron, 6, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"},
}};

constexpr std::array<Base58Version, 11> kBase58 = {{
    {0x00, Chain::Bitcoin, false, "p2pkh"},
    {0x05, Chain::Bitcoin, false, "p2sh"},
    {0x6f, Chain::Bitcoin, true, "p2pkh"},
    {0xc4, Chain::Bitcoin, true, "p2sh"},
    {0x30, Chain::Litecoin, false, "p2pkh"},
    {0x32, Chain::Litecoin, false, "p2sh"},
    {0x05, Chain::Litecoin, false, "p2sh"},  // legacy P2SH, shared with Bitcoin
    {0x6f, Chain::Litecoin, true, "p2pkh"},
    {0xc4, Chain::Litecoin, true, "p2sh"},
    {0x3a, Chain::Litecoin, true, "p2sh"},
    {0x41, Chain::Tron, false, "tron"},
}};

constexpr std::array<SegwitHrp, 6> kHrps = {{
    {"bc", Chain::Bitcoin, false},
    {"tb", Chain::Bitcoin, true},
    {"bcrt", Chain::Bitcoin, true},
    {"ltc", Chain::Litecoin, false},
    {"tltc", Chain::Litecoin, true},
    {"rltc", Chain::Litecoin, true},
}};

constexpr std::array<EvmChainId, 17> kEvmChains = {{
    {1, "Ethereum", false},
    {3, "Ropsten (Ethereum testnet)", true},
    {4, "Rinkeby (Ethereum testnet)", true},
    {5, "Goerli (Ethereum testnet)", true},
    {42, "Kovan (Ethereum testnet)", true},
    {17000, "Holesky (Ethereum testnet)", true},
    {11155111, "Sepolia (Ethereum testnet)", true},
    {10, "OP Mainnet", false},
    {56, "BNB Smart Chain", false},
    {100, "Gnosis", false},
    {137, "Polygon", false},
    {250, "Fantom", false},
    {324, "zkSync Era", false},
    {8453, "Base", false},
    {42161, "Arbitrum One", false},
    {43114, "Avalanche C-Chain", false},
    {59144, "Linea", false},
}};

constexpr std::array<KnownToken, 3> kTokens = {{
    {Chain::Ethereum, "USDT", "0xdAC17F958D2ee523a2206206994597C13D831ec7"},
    {Chain::Tron, "USDT", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"},
    {Chain::Tron, "USDC", "TEkxiTehnzSmSe2XqrBj4w32RUN966rdz8"},
}};

bool iequals(std::string_view a, std::string_view b) { return ascii_lower(a) == ascii_lower(b); }

}  // namespace

std::string_view chain_name(Chain c) {
  switch (c) {
    case Chain::Bitcoin:
      return "Bitcoin";
    case Chain::Litecoin:
      return "Litecoin";
    case Chain::Ethereum:
      return "Ethereum";
    case Chain::Tron:
      return "TRON";
    case Chain::Lightning:
      return "Lightning";
  }
  return "unknown";
}

std::span<const AssetSpec> known_assets() { return kAssets; }

const AssetSpec* find_asset(std::string_view asset, std::string_view network) {
  for (const auto& a : kAssets) {
    if (iequals(a.asset, asset) && iequals(a.network, network)) return &a;
  }
  return nullptr;
}

const AssetSpec* find_asset(std::string_view asset_slash_network) {
  auto slash = asset_slash_network.find('/');
  if (slash == std::string_view::npos) return nullptr;
  return find_asset(asset_slash_network.substr(0, slash), asset_slash_network.substr(slash + 1));
}

std::span<const Base58Version> base58_versions() { return kBase58; }
std::span<const SegwitHrp> segwit_hrps() { return kHrps; }
std::span<const KnownToken> known_tokens() { return kTokens; }

std::optional<EvmChainId> find_evm_chain(std::uint64_t id) {
  for (const auto& c : kEvmChains) {
    if (c.id == id) return c;
  }
  return std::nullopt;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string ascii_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

}  // namespace kiosk::flows::wallet
