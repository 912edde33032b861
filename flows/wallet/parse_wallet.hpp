// The wallet QR entry point: what did the customer scan, and may the kiosk send the chosen asset
// there? Pure: no I/O, no clock, no globals. Everything a QR code can hold is untrusted input.
//
// Accepted payloads (see README.md for the rules and the sources):
//   plain addresses   1.. 3.. bc1.. (BTC), L.. M.. 3.. ltc1.. (LTC), 0x.. (ETH, USDT/ethereum),
//                     T.. (USDT/tron)
//   bitcoin:, litecoin:   BIP21 / BIP321 URIs (amount, label, message, lightning=, req-*)
//   ethereum:         EIP-681 native payments and ERC-20 `transfer`
//   lightning:, lnbc.. BOLT11 invoices; LNURL (lnurl1.., lnurlp:// ...). BOLT12 (lno1..) refused.
//   tron:             a bare TRON address behind a nonstandard prefix
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flows/money.hpp"

namespace kiosk::flows {

struct WalletTarget {
  std::string asset, network;   // "BTC", "bitcoin"; "BTC", "lightning"; "USDT", "tron"
  std::string address;          // normalised: bech32 lowercase, EVM EIP-55, base58 as scanned;
                                // the invoice for bolt11, the bech32 LNURL for lnurl
  std::string kind;             // "address","bip21","eip681","erc20_transfer","bolt11","lnurl"
  std::optional<Atoms> amount;  // requested in the QR, in atoms of `asset` on `network`
                                // (satoshi, litoshi, wei, 10^-6 USDT, millisatoshi on lightning)
  std::string label, message;   // percent-decoded, valid UTF-8, control characters removed
  std::string url;              // LNURL: the decoded https URL; empty otherwise
  std::vector<std::string> warnings;  // stable codes, see README.md
};

// `code` is stable (the UI translates by it); `message` is English for a person or a log.
// Codes: empty, too_long, unrecognised, bad_address, bad_checksum, mixed_case, wrong_chain,
// testnet, unsupported_asset, unsupported_param, duplicate_param, bad_amount, bad_encoding,
// no_address, bolt12_unsupported, lightning_not_accepted, unsupported_payment_method,
// wrong_token, unsupported_function, ens_unsupported, contract_address.
struct WalletError {
  std::string code;
  std::string message;
};

struct WalletParseOptions {
  std::string asset;    // "BTC", "LTC", "ETH", "USDT" (case-insensitive)
  std::string network;  // "bitcoin", "litecoin", "ethereum", "tron", "lightning"
  bool allow_testnet = false;
  // Further "ASSET/network" pairs the kiosk would also pay, tried after the chosen one:
  // "BTC/lightning" lets a BTC purchase pay a BOLT11 invoice or LNURL found in the QR.
  std::vector<std::string> accepted_assets;
};

std::expected<WalletTarget, WalletError> parse_wallet(std::string_view payload,
                                                      const WalletParseOptions& options);

// For logs and screens: the first 6 characters, "…", the last 4 ("bc1qw5…f3t4"). Strings of
// 12 characters or fewer show only the first 2. Non-printable bytes become '?'.
std::string mask_address(std::string_view address);

}  // namespace kiosk::flows
