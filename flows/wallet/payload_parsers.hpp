// Internal to flows/wallet: one parser per payload family, each judging the payload against one
// chosen asset. parse_wallet() picks the family and tries the chosen asset, then the accepted
// ones.
#pragma once

#include <expected>
#include <string_view>

#include "flows/wallet/chains.hpp"
#include "flows/wallet/parse_wallet.hpp"
#include "flows/wallet/uri.hpp"

namespace kiosk::flows::wallet {

using WalletResult = std::expected<WalletTarget, WalletError>;

struct ParseTarget {
  const AssetSpec& spec;
  bool allow_testnet;
};

// bitcoin: and litecoin: (BIP21 / BIP321); `scheme_chain` is the chain the scheme names.
WalletResult parse_bip21(const PaymentUri& uri, Chain scheme_chain, const ParseTarget& target);
// ethereum: (EIP-681).
WalletResult parse_eip681(const PaymentUri& uri, const ParseTarget& target);
// A BOLT11 invoice, an LNURL (bech32 or LUD-17 URL) or a BOLT12 string, without "lightning:".
WalletResult parse_lightning(std::string_view text, const ParseTarget& target);
// A plain address (also behind the nonstandard "tron:" prefix).
WalletResult parse_plain_address(std::string_view text, const ParseTarget& target);

// True for BOLT11/BOLT12/LNURL-looking text ("lnbc..", "lno1..", "lnurl1..", any case).
bool looks_like_lightning(std::string_view text);

}  // namespace kiosk::flows::wallet
