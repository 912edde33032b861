// Lightning payloads: BOLT11 invoices and LNURL (LUD-01 bech32, LUD-17 schemes). Recognition and
// structural checks only: the invoice signature is not verified (that needs secp256k1) and
// expiry is not judged here (no clock in flows/; timestamp and expiry are returned).
//
// BOLT11: bech32 without the 90-character limit. HRP = "ln" + currency (bc, tb, bcrt, tbs) +
// optional amount + multiplier (m 1e-3, u 1e-6, n 1e-9, p 1e-12 BTC; a 'p' amount must end in 0,
// i.e. whole millisatoshi). Data: 35-bit timestamp (7 chars), tagged fields (type, 10-bit
// length, data), then a 65-byte signature (104 chars). Tags read here: d (13) description,
// x (6) expiry, p (1) payment hash.
// LNURL: bech32 with HRP "lnurl" wrapping an https URL (or http to a .onion host).
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "flows/money.hpp"

namespace kiosk::flows::wallet {

struct LightningError {
  std::string code;  // WalletError codes: bad_checksum, mixed_case, bad_address, bad_amount
  std::string message;
};

struct Bolt11Invoice {
  std::string normalised;  // lowercase
  std::string network;     // "bitcoin", "testnet", "regtest", "signet"
  bool testnet = false;
  std::optional<Atoms> amount_msat;
  std::uint64_t timestamp = 0;          // seconds since the Unix epoch
  std::uint64_t expiry_seconds = 3600;  // default when there is no x field
  std::string description;              // cleaned for display; empty if only a hash was given
  bool has_payment_hash = false;
};

inline constexpr std::size_t kMaxLightningChars = 4000;

std::expected<Bolt11Invoice, LightningError> read_bolt11(std::string_view text);

struct Lnurl {
  std::string normalised;  // bech32 form, lowercase ("lnurl1..."), or the LUD-17 URL as given
  std::string url;         // the https (or .onion http) URL
};

// "lnurl1..." (any case).
std::expected<Lnurl, LightningError> read_lnurl_bech32(std::string_view text);
// LUD-17: "lnurlp://", "lnurlw://", "lnurlc://", "keyauth://" -> https (http for .onion).
std::expected<Lnurl, LightningError> read_lnurl_scheme(std::string_view text);

}  // namespace kiosk::flows::wallet
