// bitcoin: and litecoin: URIs. BIP21 grammar, BIP321 rules: keys case-insensitive, unknown req-
// keys refuse the whole URI, label/message/amount/pop at most once, the address may be empty
// when lightning=, lno=, sp= or a network key (bc=, tb=, ltc=...) carries the instruction.
#include <algorithm>

#include "flows/wallet/address.hpp"
#include "flows/wallet/amount_text.hpp"
#include "flows/wallet/lightning.hpp"
#include "flows/wallet/payload_parsers.hpp"

namespace kiosk::flows::wallet {
namespace {

constexpr int kBip21Decimals = 8;  // BTC and LTC amounts are decimal whole coins, 8 places

struct Bip21Fields {
  std::optional<Atoms> amount;
  std::string label, message, lightning;
  bool has_lno = false, has_other_method = false, ignored = false;
  std::vector<std::pair<std::string, bool>> network_addresses;  // (address, key is testnet)
};

const SegwitHrp* network_key(std::string_view key, Chain chain) {
  for (const auto& h : segwit_hrps()) {
    if (h.chain == chain && h.hrp == key) return &h;
  }
  return nullptr;
}

std::expected<Bip21Fields, WalletError> read_fields(const PaymentUri& uri, Chain chain) {
  Bip21Fields f;
  std::vector<std::string> seen_once;
  for (const auto& p : uri.params) {
    if (p.key == "amount" || p.key == "label" || p.key == "message" || p.key == "pop" ||
        p.key == "req-pop") {
      std::string base = p.key == "req-pop" ? "pop" : p.key;
      if (std::find(seen_once.begin(), seen_once.end(), base) != seen_once.end()) {
        return std::unexpected(
            wallet_error("duplicate_param", "The payment request gives '" + base + "' twice."));
      }
      seen_once.push_back(base);
    }
    if (p.key.starts_with("req-")) {
      return std::unexpected(
          wallet_error("unsupported_param",
                       "The payment request requires a feature this kiosk does not "
                       "support (" +
                           clean_display_text(p.key, 40) + ")."));
    }
    if (p.key == "amount") {
      auto a = parse_decimal_amount(p.value, kBip21Decimals);
      if (!a) {
        return std::unexpected(wallet_error(
            "bad_amount", "The amount in the payment request is invalid: " + a.error() + "."));
      }
      f.amount = *a;
    } else if (p.key == "label") {
      f.label = clean_display_text(p.value);
    } else if (p.key == "message") {
      f.message = clean_display_text(p.value);
    } else if (p.key == "lightning") {
      if (f.lightning.empty()) f.lightning = p.value;
    } else if (p.key == "lno") {
      f.has_lno = true;
    } else if (p.key == "sp" || p.key == "pay") {
      f.has_other_method = true;
    } else if (const SegwitHrp* h = network_key(p.key, chain)) {
      f.network_addresses.emplace_back(p.value, h->testnet);
    } else if (p.key != "pop") {
      f.ignored = true;
    }
  }
  return f;
}

WalletResult lightning_from_bip21(const Bip21Fields& f, const ParseTarget& target) {
  if (f.lightning.empty()) {
    if (f.has_lno) return parse_lightning("lno1", target);  // the polite BOLT12 refusal
    return std::unexpected(wrong_chain_error("an on-chain Bitcoin payment request", target.spec));
  }
  auto out = parse_lightning(f.lightning, target);
  if (!out) return out;
  if (out->label.empty()) out->label = f.label;
  if (out->message.empty()) out->message = f.message;
  if (f.amount && out->amount && *f.amount * 1000 != *out->amount) {
    out->warnings.push_back("amount_mismatch");
  }
  return out;
}

}  // namespace

WalletResult parse_bip21(const PaymentUri& uri, Chain scheme_chain, const ParseTarget& target) {
  const AssetSpec& spec = target.spec;
  std::string request = "a " + std::string(chain_name(scheme_chain)) + " payment request";
  bool lightning_ok = spec.chain == Chain::Lightning && scheme_chain == Chain::Bitcoin;
  if (spec.chain != scheme_chain && !lightning_ok) {
    return std::unexpected(wrong_chain_error(request, spec));
  }
  auto fields = read_fields(uri, scheme_chain);
  if (!fields) return std::unexpected(fields.error());
  if (spec.chain == Chain::Lightning) return lightning_from_bip21(*fields, target);

  std::string address = uri.path;
  if (address.empty()) {
    for (const auto& [candidate, testnet_key] : fields->network_addresses) {
      if (testnet_key && !target.allow_testnet) continue;
      address = candidate;
      break;
    }
  }
  if (address.empty()) {
    if (!fields->lightning.empty()) return parse_lightning(fields->lightning, target);
    if (fields->has_lno) return parse_lightning("lno1", target);
    if (fields->has_other_method) {
      return std::unexpected(wallet_error(
          "unsupported_payment_method",
          "This payment request uses a method this kiosk does not support (silent payments or "
          "BIP351). Please show a plain address."));
    }
    if (!fields->network_addresses.empty()) return std::unexpected(testnet_error());
    return std::unexpected(wallet_error("no_address", "The payment request holds no address."));
  }

  WalletTarget out;
  auto m = address_for_asset(address, spec, target.allow_testnet, out.warnings);
  if (!m) return std::unexpected(m.error());
  for (const auto& [candidate, testnet_key] : fields->network_addresses) {
    std::vector<std::string> ignored;
    auto check = address_for_asset(candidate, spec, true, ignored);
    if (!testnet_key && check && check->testnet) {
      return std::unexpected(wallet_error(
          "bad_address", "The payment request lists a test-network address as a real one."));
    }
  }
  out.asset = std::string(spec.asset);
  out.network = std::string(spec.network);
  out.address = std::move(m->normalised);
  out.kind = "bip21";
  out.amount = fields->amount;
  out.label = std::move(fields->label);
  out.message = std::move(fields->message);
  if (out.amount) out.warnings.push_back("amount_in_qr");
  if (!fields->lightning.empty()) out.warnings.push_back("lightning_ignored");
  if (fields->ignored) out.warnings.push_back("ignored_params");
  return out;
}

}  // namespace kiosk::flows::wallet
