#include "kiosk/shell/cash_out_presenter.hpp"

#include <map>

#include "kiosk/shell/qr_svg.hpp"
#include "kiosk/shell/screen_presenter.hpp"

namespace kiosk::app {
namespace {

using nlohmann::json;
using namespace flows;
using namespace flows::cash_out;

json frame(const std::string& screen, const std::string& lang, std::optional<Instant> deadline,
           Instant now, json data) {
  json dl = deadline ? json(std::max<std::int64_t>(0, (*deadline - now).count() + 999) / 1000)
                     : json(nullptr);
  return {{"type", "screen"},
          {"screen", screen},
          {"lang", lang},
          {"deadline_s", dl},
          {"data", std::move(data)}};
}

json asset_json(const AssetOffer& a) {
  return {
      {"id", a.id}, {"name", a.name}, {"symbol", a.symbol}, {"price_kzt", format_rate_kzt(a.sell)}};
}

std::string crypto_text(Atoms atoms, const AssetOffer& a) {
  return atoms_to_units(atoms, a.decimals) + " " + a.symbol;
}

json message_or_null(const std::string& m) { return m.empty() ? json(nullptr) : json(m); }

// The identification's end messages are shown under the headline; the others are the headline.
json kyc_end_message(const std::string& m) {
  bool kyc = m == "customer_refused" || m == "limit_reached" || m == "identification_unavailable" ||
             m == "redeem_other_person";
  return kyc ? json(m) : json(nullptr);
}

json done_data(const Settlement& st, const std::string& tx_id, bool printed,
               const std::string& receipt_prefix) {
  return {{"result", to_string(st.result)},
          {"delivered_kzt", format_kzt(st.delivered_kzt)},
          {"shortfall_kzt", st.shortfall > Kzt{0} ? json(format_kzt(st.shortfall)) : json(nullptr)},
          {"tx_id", tx_id},
          {"receipt_printed", printed},
          {"receipt_qr_svg", receipt_qr(receipt_prefix, tx_id)}};
}

// A few round amounts the cassettes can pay (the keypad takes any other): the customer picks from
// six buttons, not from every payable thousand.
json preset_amounts(const std::vector<Kzt>& payable) {
  static constexpr std::int64_t kRound[] = {5'000,   10'000,  20'000,  50'000,   100'000,
                                            150'000, 200'000, 500'000, 1'000'000};
  std::vector<Kzt> picked;
  for (auto r : kRound)
    if (std::find(payable.begin(), payable.end(), Kzt{r}) != payable.end())
      picked.push_back(Kzt{r});
  if (picked.size() > 6) picked.erase(picked.begin(), picked.end() - 6);
  if (picked.size() < 3 && !payable.empty()) {
    for (Kzt k : {payable.front(), payable[payable.size() / 2], payable.back()})
      if (std::find(picked.begin(), picked.end(), k) == picked.end()) picked.push_back(k);
    std::sort(picked.begin(), picked.end(), [](Kzt a, Kzt b) { return a.value < b.value; });
  }
  json out = json::array();
  for (Kzt k : picked) out.push_back({{"kzt", k.value}, {"text", format_kzt(k)}});
  return out;
}

// Messages the deposit screen's status line already says are not repeated under it.
json deposit_message(const std::string& m) {
  return m.empty() || m == "deposit_seen" ? json(nullptr) : json(m);
}

const char* deposit_status(const Session& s) {
  if (s.deposit.state == DepositState::Confirmed) return "confirming";
  if (s.deposit.state == DepositState::Seen) return "seen";
  return "waiting";
}

// The end screen's headline (ui/www/cash_out_screens.js ENDED_REASONS) from the flow's message.
std::string ended_reason(const std::string& message, bool redeem_code_printed) {
  if (redeem_code_printed) return "redeem_later";
  static const std::map<std::string, std::string> kReasons = {
      {"needs_exchange", "offline"},
      {"order_expired", "expired"},
      {"already_dispensed", "already_paid"},
      {"customer_refused", "not_served"},
      {"order_refused", "refused"},
      {"no_cash", "unavailable"},
      {"cannot_dispense_now", "unavailable"},
      {"dispenser_unavailable", "unavailable"},
      {"identification_unavailable", "unavailable"},
      {"unknown_code", "unknown_code"},
      {"bad_code", "unknown_code"},
      {"not_confirmed", "not_confirmed"},
      {"timeout", "timeout"},
      {"limit_reached", "limit"},
      {"redeem_other_person", "not_served"}};
  auto it = kReasons.find(message);
  return it == kReasons.end() ? "cancelled" : it->second;
}

}  // namespace

json present_cash_out(const CashOutFlow& flow, const std::string& lang, Instant now) {
  const Session& s = flow.session();
  std::string l = s.lang.empty() ? lang : s.lang;
  switch (flow.screen()) {
    case Screen::Welcome:
      return frame("sell_wait", l, std::nullopt, now, json::object());
    case Screen::ChooseAsset: {
      json assets = json::array();
      for (const auto& a : flow.sellable(now)) assets.push_back(asset_json(a));
      return frame("sell_asset", l, flow.deadline(), now, {{"assets", assets}});
    }
    case Screen::Identify:
      return frame("identify", l, flow.deadline(), now, kyc_consent_data(*flow.policy().kyc));
    case Screen::ScanDocument:
    case Screen::Selfie:
      return frame(flow.screen() == Screen::Selfie ? "selfie" : "scan_document", l, flow.deadline(),
                   now, {{"error", message_or_null(s.message)}});
    case Screen::CheckingCustomer:
      return frame("checking_customer", l, flow.deadline(), now, json::object());
    case Screen::ChooseAmount: {
      json amounts = json::array();
      for (Kzt k : s.amounts) amounts.push_back({{"kzt", k.value}, {"text", format_kzt(k)}});
      return frame(
          "sell_amount", l, flow.deadline(), now,
          {{"asset", asset_json(*s.asset)},
           {"amounts", amounts},
           {"presets", preset_amounts(s.amounts)},
           {"min_kzt", s.amounts.empty() ? json(nullptr) : json(format_kzt(s.amounts.front()))},
           {"max_payable_kzt",
            s.amounts.empty() ? json(nullptr) : json(format_kzt(s.amounts.back()))},
           {"max_kzt", s.person.who ? json(format_kzt(s.limit)) : json(nullptr)},
           {"limit_binding", s.limit_binding},
           {"can_take_selfie", flow.can_raise_tier()},
           {"message", message_or_null(s.message)}});
    }
    case Screen::CreatingOrder:
      return frame("sell_wait", l, flow.deadline(), now, {{"message", "creating_order"}});
    case Screen::AwaitingDeposit: {
      const Order& o = *s.order;
      auto svg = qr_svg(o.payment_uri);
      return frame(
          "sell_deposit", l, flow.deadline(), now,
          {{"asset", asset_json(*s.asset)},
           {"fiat_kzt", format_kzt(s.amount)},
           {"crypto", crypto_text(o.crypto_atoms, *s.asset)},
           {"address", o.deposit_address},
           {"qr_svg", svg ? json(*svg) : json(nullptr)},
           {"status", deposit_status(s)},
           {"confirmations", s.deposit.confirmations},
           {"required_confirmations", o.required_confirmations},
           {"redeem_code", s.deposit.state == DepositState::Seen ? json(true) : json(nullptr)},
           {"message", deposit_message(s.message)}});
    }
    case Screen::Dispensing:
      return frame("sell_wait", l, std::nullopt, now, {{"message", "dispensing"}});
    case Screen::Printing:
      return frame("sell_wait", l, std::nullopt, now, {{"message", "printing"}});
    case Screen::Done:
      if (!s.settlement) return frame("sell_wait", l, flow.deadline(), now, json::object());
      return frame(
          "sell_done", l, flow.deadline(), now,
          done_data(*s.settlement, s.tx_id, s.receipt_printed, flow.policy().receipt_qr_prefix));
    case Screen::SessionEnded:
      return frame("sell_ended", l, flow.deadline(), now,
                   {{"reason", ended_reason(s.message, s.redeem_code_printed)},
                    {"redeem_code",
                     s.redeem_code_printed && s.order ? json(s.order->redeem_code) : json(nullptr)},
                    {"payment_seen", s.deposit.state != DepositState::Waiting},
                    {"message", kyc_end_message(s.message)}});
  }
  return frame("sell_wait", l, std::nullopt, now, json::object());
}

json present_redeem(const RedeemFlow& flow, const std::string& lang, const std::string& typed,
                    Instant now) {
  const RedeemSession& s = flow.session();
  using S = RedeemFlow::Screen;
  switch (flow.screen()) {
    case S::Identify:
      return frame("identify", lang, flow.deadline(), now, kyc_consent_data(*flow.policy().kyc));
    case S::ScanDocument:
      return frame("scan_document", lang, flow.deadline(), now,
                   {{"error", message_or_null(s.message)}});
    case S::CheckingCustomer:
      return frame("checking_customer", lang, flow.deadline(), now, json::object());
    case S::Idle:
    case S::LookingUp:
      return frame("sell_wait", lang, flow.deadline(), now, {{"message", "checking_code"}});
    case S::ScanCode: {
      std::string shown = "R-" + typed.substr(0, 5);
      if (typed.size() > 5) shown += "-" + typed.substr(5);
      return frame("redeem_enter", lang, flow.deadline(), now,
                   {{"code", shown},
                    {"can_submit", typed.size() == 10},
                    {"message", message_or_null(s.message)}});
    }
    case S::Dispensing:
      return frame("sell_wait", lang, std::nullopt, now, {{"message", "dispensing"}});
    case S::Printing:
      return frame("sell_wait", lang, std::nullopt, now, {{"message", "printing"}});
    case S::Done:
      if (!s.settlement) return frame("sell_wait", lang, flow.deadline(), now, json::object());
      return frame(
          "sell_done", lang, flow.deadline(), now,
          done_data(*s.settlement, s.tx_id, s.receipt_printed, flow.policy().receipt_qr_prefix));
    case S::Ended:
      return frame("sell_ended", lang, flow.deadline(), now,
                   {{"reason", ended_reason(s.message, false)},
                    {"redeem_code", nullptr},
                    {"message", kyc_end_message(s.message)}});
  }
  return frame("sell_wait", lang, std::nullopt, now, json::object());
}

}  // namespace kiosk::app
