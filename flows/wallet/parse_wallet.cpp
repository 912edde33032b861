// The dispatcher: trim, pick the payload family by scheme or shape, judge it against the chosen
// asset, then against each accepted asset if the chosen one does not fit.
#include "flows/wallet/parse_wallet.hpp"

#include <algorithm>
#include <array>

#include "flows/wallet/address.hpp"
#include "flows/wallet/chains.hpp"
#include "flows/wallet/payload_parsers.hpp"
#include "flows/wallet/uri.hpp"

namespace kiosk::flows {
namespace {

using namespace wallet;

constexpr std::size_t kMaxPayloadChars = 8192;

std::string_view trim(std::string_view s) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

// Schemes of coins the kiosk does not sell: named in the refusal.
std::string other_coin(std::string_view scheme) {
  constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kOthers = {{
      {"bitcoincash", "Bitcoin Cash"},
      {"dogecoin", "Dogecoin"},
      {"dash", "Dash"},
      {"monero", "Monero"},
      {"solana", "Solana"},
      {"ton", "TON"},
      {"zcash", "Zcash"},
      {"ripple", "XRP"},
  }};
  for (const auto& [s, name] : kOthers) {
    if (s == scheme) return std::string(name);
  }
  return {};
}

WalletResult parse_for(std::string_view text, const ParseTarget& target) {
  std::string scheme = uri_scheme(text);
  if (scheme.empty()) {
    if (looks_like_lightning(text)) return parse_lightning(text, target);
    return parse_plain_address(text, target);
  }
  if (scheme == "lnurlp" || scheme == "lnurlw" || scheme == "lnurlc" || scheme == "keyauth") {
    return parse_lightning(text, target);
  }
  std::string_view rest = text.substr(scheme.size() + 1);
  if (scheme == "lightning") {
    if (rest.starts_with("//")) rest.remove_prefix(2);  // "lightning://" is wrong but common
    return parse_lightning(rest, target);
  }
  // "bitcoin://addr" is wrong but some wallets write it; the payload has no authority part.
  std::string without_slashes;
  if (rest.starts_with("//") && scheme != "http" && scheme != "https") {
    without_slashes = scheme + ":" + std::string(rest.substr(2));
    text = without_slashes;
  }
  auto uri = split_payment_uri(text);
  if (!uri)
    return std::unexpected(
        wallet_error("bad_encoding", "The QR code is malformed: " + uri.error() + "."));
  if (scheme == "bitcoin") return parse_bip21(*uri, Chain::Bitcoin, target);
  if (scheme == "litecoin") return parse_bip21(*uri, Chain::Litecoin, target);
  if (scheme == "ethereum") return parse_eip681(*uri, target);
  if (scheme == "tron") {
    auto out = parse_plain_address(uri->path, target);
    if (out) {
      out->warnings.push_back("nonstandard_tron_uri");
      if (!uri->params.empty()) out->warnings.push_back("ignored_params");
    }
    return out;
  }
  if (scheme == "https" || scheme == "http") {
    for (const auto& p : uri->params) {
      if (p.key == "lightning") return parse_lightning(p.value, target);
    }
    return std::unexpected(
        wallet_error("unrecognised", "This is a web link, not a wallet address."));
  }
  if (auto coin = other_coin(scheme); !coin.empty()) {
    return std::unexpected(wrong_chain_error("a " + coin + " payment request", target.spec));
  }
  return std::unexpected(wallet_error("unrecognised", "This QR code is not a wallet address (" +
                                                          clean_display_text(scheme, 20) +
                                                          ": links are not supported)."));
}

// Errors that mean "not for this asset" rather than "broken": another accepted asset may fit.
bool try_next_asset(const WalletError& e) {
  return e.code == "wrong_chain" || e.code == "lightning_not_accepted" || e.code == "wrong_token" ||
         e.code == "no_address";
}

void dedupe(std::vector<std::string>& warnings) {
  std::vector<std::string> out;
  for (auto& w : warnings) {
    if (std::find(out.begin(), out.end(), w) == out.end()) out.push_back(std::move(w));
  }
  warnings = std::move(out);
}

}  // namespace

std::expected<WalletTarget, WalletError> parse_wallet(std::string_view payload,
                                                      const WalletParseOptions& options) {
  const AssetSpec* chosen = find_asset(options.asset, options.network);
  if (chosen == nullptr) {
    return std::unexpected(wallet_error(
        "unsupported_asset", "The kiosk does not sell " + clean_display_text(options.asset, 16) +
                                 " on " + clean_display_text(options.network, 16) + "."));
  }
  std::string_view text = trim(payload);
  if (text.empty()) return std::unexpected(wallet_error("empty", "Nothing was scanned."));
  if (text.size() > kMaxPayloadChars) {
    return std::unexpected(wallet_error("too_long", "The QR code holds too much text."));
  }
  std::vector<const AssetSpec*> candidates{chosen};
  for (const auto& a : options.accepted_assets) {
    const AssetSpec* spec = find_asset(a);
    if (spec && std::find(candidates.begin(), candidates.end(), spec) == candidates.end()) {
      candidates.push_back(spec);
    }
  }
  WalletResult first_error = std::unexpected(WalletError{});
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    auto result = parse_for(text, ParseTarget{*candidates[i], options.allow_testnet});
    if (result) {
      dedupe(result->warnings);
      return result;
    }
    // The chosen asset's refusal stands, unless the payload belongs to an accepted asset and
    // is broken there (a testnet invoice, a bad checksum): that says more.
    if (i == 0) first_error = result;
    if (!try_next_asset(result.error())) return i == 0 ? first_error : result;
  }
  return first_error;
}

std::string mask_address(std::string_view address) {
  std::string safe;
  for (char c : address) {
    auto u = static_cast<unsigned char>(c);
    safe += (u >= 0x21 && u <= 0x7e) ? c : '?';
  }
  if (safe.size() <= 12) return safe.substr(0, 2) + "\u2026";
  return safe.substr(0, 6) + "\u2026" + safe.substr(safe.size() - 4);
}

}  // namespace kiosk::flows
