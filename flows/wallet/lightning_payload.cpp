// Lightning payloads judged against the chosen asset; plain addresses too.
#include "flows/wallet/address.hpp"
#include "flows/wallet/lightning.hpp"
#include "flows/wallet/payload_parsers.hpp"

namespace kiosk::flows::wallet {
namespace {

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && ascii_lower(text.substr(0, prefix.size())) == prefix;
}

bool is_bolt12(std::string_view text) {
  return starts_with_ci(text, "lno1") || starts_with_ci(text, "lni1") ||
         starts_with_ci(text, "lnr1");
}

bool is_lnurl_scheme(std::string_view text) {
  return starts_with_ci(text, "lnurlp://") || starts_with_ci(text, "lnurlw://") ||
         starts_with_ci(text, "lnurlc://") || starts_with_ci(text, "keyauth://");
}

WalletError from(const LightningError& e) { return wallet_error(e.code, e.message); }

}  // namespace

bool looks_like_lightning(std::string_view text) {
  return is_bolt12(text) || is_lnurl_scheme(text) || starts_with_ci(text, "lnurl1") ||
         starts_with_ci(text, "lnbc") || starts_with_ci(text, "lntb");
}

WalletResult parse_lightning(std::string_view text, const ParseTarget& target) {
  const AssetSpec& spec = target.spec;
  if (is_bolt12(text)) {
    return std::unexpected(wallet_error(
        "bolt12_unsupported",
        "This is a Lightning offer (BOLT12), which this kiosk cannot pay yet. Please show a "
        "Lightning invoice (BOLT11) or an on-chain address."));
  }
  if (spec.chain != Chain::Lightning) {
    if (spec.chain == Chain::Bitcoin) {
      return std::unexpected(wallet_error(
          "lightning_not_accepted",
          "This is a Lightning payment request; this kiosk sends BTC on-chain. Please show an "
          "on-chain Bitcoin address."));
    }
    return std::unexpected(wrong_chain_error("a Bitcoin Lightning payment request", spec));
  }
  WalletTarget out;
  out.asset = std::string(spec.asset);
  out.network = std::string(spec.network);
  if (starts_with_ci(text, "lnurl1") || is_lnurl_scheme(text)) {
    auto lnurl = is_lnurl_scheme(text) ? read_lnurl_scheme(text) : read_lnurl_bech32(text);
    if (!lnurl) return std::unexpected(from(lnurl.error()));
    out.kind = "lnurl";
    out.address = std::move(lnurl->normalised);
    out.url = std::move(lnurl->url);
    return out;
  }
  auto inv = read_bolt11(text);
  if (!inv) return std::unexpected(from(inv.error()));
  if (inv->testnet) {
    if (!target.allow_testnet) return std::unexpected(testnet_error());
    out.warnings.push_back("testnet");
  }
  out.kind = "bolt11";
  out.address = std::move(inv->normalised);
  out.amount = inv->amount_msat;
  out.message = std::move(inv->description);
  if (out.amount) out.warnings.push_back("amount_in_qr");
  return out;
}

WalletResult parse_plain_address(std::string_view text, const ParseTarget& target) {
  WalletTarget out;
  auto m = address_for_asset(text, target.spec, target.allow_testnet, out.warnings);
  if (!m) return std::unexpected(m.error());
  out.asset = std::string(target.spec.asset);
  out.network = std::string(target.spec.network);
  out.address = std::move(m->normalised);
  out.kind = "address";
  return out;
}

}  // namespace kiosk::flows::wallet
