#include "kiosk/shell/screen_presenter.hpp"

#include <cstdio>

#include "flows/wallet/parse_wallet.hpp"
#include "kiosk/shell/qr_svg.hpp"

namespace kiosk::app {
namespace {

using nlohmann::json;
using namespace flows;
using namespace flows::cash_in;

json asset_json(const AssetOffer& a) {
  return {
      {"id", a.id}, {"name", a.name}, {"symbol", a.symbol}, {"price_kzt", format_rate_kzt(a.buy)}};
}

json message_or_null(const std::string& m) { return m.empty() ? json(nullptr) : json(m); }

// A wallet refusal code (flows/wallet) as a message key the screen translates (ui/www/i18n.js).
json wallet_message(const std::string& code) {
  if (code.empty()) return nullptr;
  if (code == "bad_checksum" || code == "mixed_case") return "bad_checksum";
  if (code == "testnet") return "testnet";
  if (code == "wrong_chain" || code == "unsupported_asset" || code == "wrong_token" ||
      code == "lightning_not_accepted" || code == "bolt12_unsupported" ||
      code == "contract_address" || code == "unsupported_payment_method")
    return "wrong_asset";
  return "invalid_qr";
}

std::string crypto_text(Atoms atoms, const AssetOffer& a) {
  return atoms_to_units(atoms, a.decimals) + " " + a.symbol;
}

// "3 %" or "2.5 %" for a fee in basis points.
std::string fee_percent(int bps) {
  std::string text = std::to_string(bps / 100);
  if (bps % 100) {
    char frac[4];
    std::snprintf(frac, sizeof frac, "%02d", bps % 100);
    std::string f = frac;
    if (f.back() == '0') f.pop_back();
    text += "." + f;
  }
  return text + "\u00A0%";
}

json insert_notes_data(const CashInFlow& flow) {
  const Session& s = flow.session();
  const AssetOffer& a = *s.asset;
  Kzt fee = fee_for(s.credited, flow.policy().fee_bps);
  Atoms crypto =
      s.credited > Kzt{0} ? crypto_for_fiat(s.credited - fee, a.buy, a.decimals).value_or(0) : 0;
  json notes = json::array();
  for (Kzt d : flow.notes_that_fit()) notes.push_back(format_kzt(d));
  // A note over the limit is told with the room left, in tenge the customer can act on.
  json said = message_or_null(s.message);
  if ("note_over_limit" == s.message)
    said = {{"key", "note_over_limit"}, {"params", {{"kzt", format_kzt(flow.room())}}}};
  return {{"asset", asset_json(a)},
          {"address", mask_address(s.address)},
          {"inserted_kzt", format_kzt(s.credited)},
          {"fee_kzt", format_kzt(fee)},
          {"crypto", crypto_text(crypto, a)},
          {"max_kzt", format_kzt(s.limit)},
          {"remaining_kzt", format_kzt(flow.room())},
          // No note fits any more: the customer can only confirm (or cancel, which buys too).
          {"limit_reached", s.credited > Kzt{0} && notes.empty()},
          {"denominations", notes},
          {"offline", s.offline},
          {"note_in_escrow", s.escrow.has_value()},
          {"can_confirm", s.credited > Kzt{0} && !s.escrow && !s.end_requested},
          {"wallet_amount_ignored", s.qr_amount.has_value()},
          {"limit_binding", s.limit_binding},
          {"can_take_selfie", flow.can_raise_tier()},
          // Before the first note: the rate and the fee rule; after it, cancel buys crypto.
          {"rate_kzt", format_rate_kzt(a.buy)},
          {"fee_percent", fee_percent(flow.policy().fee_bps)},
          {"cancel_buys", s.credited > Kzt{0}},
          {"message", said}};
}

}  // namespace

json kyc_consent_data(const flows::compliance::KycSettings& kyc) {
  return {{"consent_version", kyc.consent_version},
          {"anonymous_allowed", kyc.rules.anonymous_allowed},
          {"anonymous_max_kzt", format_kzt(kyc.rules.anonymous_max_tx)}};
}

std::string format_rate_kzt(const Rate& r) {
  // Whole tenge per unit, with two decimals when the rate has a fraction ("520.50 ₸"), rounded
  // down: the screen never shows a better price than the one applied.
  auto hundredths = fiat_for_crypto(100, r, 0);  // floor(rate * 100)
  if (!hundredths) return r.to_string();
  std::int64_t h = hundredths->value;
  std::string text = format_kzt(Kzt{h / 100});
  if (h % 100 == 0) return text;
  char frac[8];
  std::snprintf(frac, sizeof frac, ".%02d", static_cast<int>(h % 100));
  return text.insert(text.size() - std::string(" \u20B8").size(), frac);
}

json receipt_qr(const std::string& prefix, const std::string& tx_id) {
  if (prefix.empty() || tx_id.empty()) return nullptr;
  auto svg = qr_svg(prefix + tx_id);
  return svg ? json(*svg) : json(nullptr);
}

std::string customer_reason(const std::string& code) {
  if (code == "starting" || code == "stopping" || code == "no_rates" || code == "maintenance")
    return code;
  if (code.starts_with("exchange") || code == "offline") return "no_rates";
  if (code == "operator_out_of_service") return "operator";
  return "device";  // a device, the journal or anything else: the customer can do nothing about it
}

json support_json(const std::string& phone, const std::vector<std::string>& nearby_kiosks) {
  return {{"phone", phone.empty() ? json(nullptr) : json(phone)}, {"nearby", nearby_kiosks}};
}

json present_screen(const CashInFlow& flow, Instant now) {
  const Session& s = flow.session();
  json msg = {{"type", "screen"}, {"screen", to_string(flow.screen())}, {"lang", s.lang}};
  auto dl = flow.deadline();
  msg["deadline_s"] =
      dl ? json(std::max<std::int64_t>(0, (*dl - now).count() + 999) / 1000) : json(nullptr);
  json data = json::object();
  switch (flow.screen()) {
    case Screen::Welcome: {
      bool open = flow.buy_open(now) || flow.sell_offered();  // buying and selling: separately
      if (!open) {
        msg["screen"] = "out_of_service";
        data = {
            {"reason", customer_reason(flow.available() ? "no_rates" : flow.unavailable_reason())}};
        break;
      }
      json prices = json::array();  // live buy prices, for the welcome screen's table
      if (flow.available())
        for (const auto& a : flow.sellable(now)) prices.push_back(asset_json(a));
      data = {{"languages", flow.policy().languages}, {"prices", prices}};
      break;
    }
    case Screen::ChooseAsset: {
      json assets = json::array();
      if (flow.available())  // buying is offered only while the validator can take notes
        for (const auto& a : flow.sellable(now)) assets.push_back(asset_json(a));
      data = {{"assets", assets}};
      break;
    }
    case Screen::ScanWallet:
      data = {{"asset", asset_json(*s.asset)}, {"error", wallet_message(s.message)}};
      break;
    case Screen::Identify:
      data = kyc_consent_data(*flow.policy().kyc);
      data["asset"] = asset_json(*s.asset);
      break;
    case Screen::ScanDocument:
    case Screen::Selfie:
      data = {{"error", message_or_null(s.message)}};
      break;
    case Screen::CheckingCustomer:
      break;
    case Screen::InsertNotes:
      data = insert_notes_data(flow);
      break;
    case Screen::Processing:
      data = {{"message", "printing"}};
      break;
    case Screen::Done:
      data = {
          {"tx_id", s.tx_id},
          {"fiat_kzt", format_kzt(s.credited)},
          {"crypto", crypto_text(s.crypto.value_or(0), *s.asset)},
          {"address", mask_address(s.address)},
          {"offline", s.offline},
          {"receipt_printed", s.receipt_printed},
          {"message", s.unresolved > Kzt{0}
                          ? json{{"key", "note_unresolved"},
                                 {"params", {{"kzt", format_kzt(s.unresolved)}, {"tx", s.tx_id}}}}
                          : json(nullptr)},
          {"unresolved_kzt",
           s.unresolved > Kzt{0} ? json(format_kzt(s.unresolved)) : json(nullptr)},
          {"ended_by", to_string(s.end)},
          {"rate_kzt", format_rate_kzt(s.asset->buy)},
          {"fee_kzt", format_kzt(s.fee)},
          {"receipt_qr_svg", receipt_qr(flow.policy().receipt_qr_prefix, s.tx_id)}};
      break;
    case Screen::SessionEnded:
      data = {{"reason", to_string(s.end)},
              {"tx_id", s.tx_id.empty() ? json(nullptr) : json(s.tx_id)},
              {"owed_kzt", s.unresolved > Kzt{0} ? json(format_kzt(s.unresolved)) : json(nullptr)},
              {"receipt_qr_svg", s.unresolved > Kzt{0}
                                     ? receipt_qr(flow.policy().receipt_qr_prefix, s.tx_id)
                                     : json(nullptr)},
              {"message", message_or_null(s.message)}};
      break;
  }
  msg["data"] = data;
  return msg;
}

}  // namespace kiosk::app
