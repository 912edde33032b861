#include "flows/cash_out/redeem_flow.hpp"

#include "flows/cash_out/cash_out_receipt.hpp"
#include "flows/dispense/plan_text.hpp"
#include "flows/receipt_words.hpp"

namespace kiosk::flows::cash_out {

const char* to_string(RedeemFlow::Screen s) {
  using S = RedeemFlow::Screen;
  switch (s) {
    case S::Idle:
      return "idle";
    case S::Identify:
      return "identify";
    case S::ScanDocument:
      return "scan_document";
    case S::CheckingCustomer:
      return "checking_customer";
    case S::ScanCode:
      return "scan_code";
    case S::LookingUp:
      return "looking_up";
    case S::Dispensing:
      return "dispensing";
    case S::Printing:
      return "printing";
    case S::Done:
      return "done";
    case S::Ended:
      return "ended";
  }
  return "unknown";
}

bool plausible_redeem_code(std::string_view code) {
  if (code.size() < 4 || code.size() > 64) return false;
  for (char c : code) {
    bool ok =
        (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-';
    if (!ok) return false;
  }
  return true;
}

RedeemFlow::RedeemFlow(Policy policy, std::function<std::string()> new_tx_id)
    : policy_(std::move(policy)), new_tx_id_(std::move(new_tx_id)) {}

std::vector<Effect> RedeemFlow::handle(const Event& e, Instant now) {
  Fx fx;
  std::visit(
      [&](const auto& ev) {
        using T = std::decay_t<decltype(ev)>;
        if constexpr (std::is_same_v<T, Touch>) on_touch(ev, now, fx);
        if constexpr (std::is_same_v<T, Tick>) on_tick(now, fx);
        if constexpr (std::is_same_v<T, CodeScanned>) on_code(ev, now, fx);
        if constexpr (std::is_same_v<T, RedeemStatus>) on_status(ev, now, fx);
        if constexpr (std::is_same_v<T, LookupFailed>) {
          if (screen_ == Screen::LookingUp) end("needs_exchange", now, fx);
        }
        if constexpr (std::is_same_v<T, DispenseFinished>) on_dispensed(ev, now, fx);
        if constexpr (std::is_same_v<T, ReceiptDone>) on_receipt(ev, now, fx);
        if constexpr (std::is_same_v<T, DocumentChecked>) on_document(ev, now, fx);
        if constexpr (std::is_same_v<T, CustomerStanding>) on_standing(ev, now, fx);
      },
      e);
  return fx;
}

void RedeemFlow::go(Screen s, std::optional<Millis> timeout, Instant now) {
  screen_ = s;
  deadline_ = timeout ? std::optional<Instant>(now + *timeout) : std::nullopt;
}

void RedeemFlow::reset() {
  s_ = RedeemSession{};
  go(Screen::Idle, std::nullopt, Instant{});
}

void RedeemFlow::on_touch(const Touch& t, Instant now, Fx& fx) {
  switch (screen_) {
    case Screen::Idle:
      if (t.action != "redeem" || !available_) return;
      if (!t.value.empty()) s_.lang = t.value;
      if (!online_) return end("needs_exchange", now, fx);
      if (!policy_.kyc) return go(Screen::ScanCode, policy_.timeouts.scan_code, now);
      s_.tx_id = new_tx_id_();
      return go(Screen::Identify, policy_.timeouts.identify, now);
    case Screen::Identify:
      if (t.action == "consent") {
        fx.push_back(Journal{compliance::consent_given(s_.person, *policy_.kyc, gate(), now)});
        return go(Screen::ScanDocument, policy_.timeouts.scan_document, now);
      }
      if (t.action == "cancel") abandon(fx);
      return;
    case Screen::ScanDocument:
    case Screen::CheckingCustomer:
    case Screen::ScanCode:
    case Screen::LookingUp:
      if (t.action == "cancel") abandon(fx);
      return;
    case Screen::Dispensing:
    case Screen::Printing:
      return;
    case Screen::Done:
    case Screen::Ended:
      if (t.action == "finish") reset();
      return;
  }
}

void RedeemFlow::on_code(const CodeScanned& c, Instant now, Fx& fx) {
  if (screen_ != Screen::ScanCode) return;
  if (!plausible_redeem_code(c.code)) {
    s_.message = "bad_code";
    deadline_ = now + policy_.timeouts.scan_code;
    return;
  }
  s_.code = c.code;
  s_.message.clear();
  fx.push_back(LookUpRedeem{c.code, s_.person.ref});
  go(Screen::LookingUp, policy_.timeouts.lookup, now);
}

void RedeemFlow::on_document(const DocumentChecked& d, Instant now, Fx& fx) {
  if (screen_ != Screen::ScanDocument) return;
  auto step = compliance::on_document(s_.person, d, gate());
  compliance::append_step<Journal>(step, fx);
  s_.message = step.message;
  if (step.kind == compliance::GateStep::Kind::LookUp)
    return go(Screen::CheckingCustomer, policy_.timeouts.checking_customer, now);
  deadline_ = now + policy_.timeouts.scan_document;
}

// Blocked or rejected people are refused; the usage does not matter here (the order was within
// the person's limits when it was made and counts in them already).
void RedeemFlow::on_standing(const CustomerStanding& c, Instant now, Fx& fx) {
  if (screen_ != Screen::CheckingCustomer) return;
  auto step = compliance::on_standing(s_.person, c, *policy_.kyc, policy_.max_tx, gate());
  compliance::append_step<Journal>(step, fx);
  if (step.kind == compliance::GateStep::Kind::Refused) return end(step.message, now, fx);
  go(Screen::ScanCode, policy_.timeouts.scan_code, now);
}

void RedeemFlow::on_status(const RedeemStatus& st, Instant now, Fx& fx) {
  if (screen_ != Screen::LookingUp) return;
  s_.status = st;
  if (s_.tx_id.empty()) s_.tx_id = new_tx_id_();
  fx.push_back(Journal{record(rec::kRedeemLookedUp)
                           .set("found", st.found)
                           .set("order_id", st.order_id)
                           .set("state", std::string(to_string(st.state)))
                           .set("fiat_kzt", st.fiat.value)
                           .set("dispensed_here", st.dispensed_here)});
  if (!st.found) {
    // A mistyped code costs a retype, not a new identification; a few tries, then the session ends.
    if (++s_.codes_not_found >= kRedeemCodeTries) return end("unknown_code", now, fx);
    s_.status.reset();
    s_.code.clear();
    s_.message = "unknown_code";
    return go(Screen::ScanCode, policy_.timeouts.scan_code, now);
  }
  if (st.other_person) {
    fx.push_back(Journal{record("redeem.other_person").set("person", s_.person.ref)});
    return end("redeem_other_person", now, fx);
  }
  if (st.dispensed_here || st.state == DepositState::Dispensed)
    return end("already_dispensed", now, fx);
  if (st.state == DepositState::Expired) return end("order_expired", now, fx);
  DepositStatus d{st.state, st.received_atoms, st.confirmations};
  if (!deposit_ready(st.crypto_atoms, st.required_confirmations, d, policy_.min_confirmations))
    return end("not_confirmed", now, fx);
  if (!available_) {  // the dispenser cannot pay now: the code stays good for later
    fx.push_back(Journal{record(rec::kDispenseRefused)
                             .set("order_id", st.order_id)
                             .set("reason", std::string("unavailable"))});
    return end("cannot_dispense_now", now, fx);
  }
  auto plan = dispense::plan_dispense(cassettes_, st.fiat, policy_.limits);
  if (!plan) {
    fx.push_back(Journal{record(rec::kDispenseRefused)
                             .set("order_id", st.order_id)
                             .set("reason", std::string(dispense::to_string(plan.error().kind)))});
    return end("cannot_dispense_now", now, fx);
  }
  s_.plan = *plan;
  s_.dispense_sent = true;
  last_dispense_tx_ = s_.tx_id;
  fx.push_back(Dispense{intent_record(s_.tx_id, st.order_id, *plan, "redeem"), st.order_id, *plan});
  go(Screen::Dispensing, policy_.timeouts.dispensing, now);
}

void RedeemFlow::on_dispensed(const DispenseFinished& d, Instant now, Fx& fx) {
  if (screen_ != Screen::Dispensing || !s_.plan) {
    fx.push_back(Journal{Record{last_dispense_tx_, rec::kLateDispenseResult, {}}
                             .set("result", std::string(to_string(d.result)))
                             .set("moves", dispense::moves_to_text(d.moves))
                             .set("error", d.error)});
    return;
  }
  Settlement st = settle(*s_.plan, d, cassettes_);
  s_.settlement = st;
  for (auto& e : settlement_effects(s_.tx_id, s_.status->order_id, st, false)) fx.push_back(e);
  s_.message = st.result == DispenseFinished::Result::Complete  ? ""
               : st.result == DispenseFinished::Result::Partial ? "partial_dispense"
                                                                : "dispense_unknown";
  fx.push_back(PrintReceipt{build_redeem_receipt(s_, policy_)});
  go(Screen::Printing, policy_.timeouts.receipt, now);
}

void RedeemFlow::on_receipt(const ReceiptDone& r, Instant now, Fx& fx) {
  if (screen_ != Screen::Printing) return;
  s_.receipt_printed = r.printed;
  if (r.printed)
    fx.push_back(Journal{record(rec::kReceiptPrinted)});
  else
    fx.push_back(Journal{record(rec::kReceiptFailed).set("error", r.error)});
  fx.push_back(Journal{record(rec::kClosed).set("reason", std::string("redeemed"))});
  go(Screen::Done, policy_.timeouts.done, now);
}

// Leaves before any cash moved: journaled as closed once the session has an id.
void RedeemFlow::abandon(Fx& fx) {
  if (!s_.tx_id.empty())
    fx.push_back(Journal{record(rec::kClosed).set("reason", std::string("cancelled"))});
  reset();
}

void RedeemFlow::end(std::string message, Instant now, Fx& fx) {
  s_.message = std::move(message);
  if (!s_.tx_id.empty()) fx.push_back(Journal{record(rec::kClosed).set("reason", s_.message)});
  go(Screen::Ended, policy_.timeouts.ended, now);
}

void RedeemFlow::on_tick(Instant now, Fx& fx) {
  if (!deadline_ || now < *deadline_) return;
  switch (screen_) {
    case Screen::Idle:
      deadline_.reset();
      return;
    case Screen::Identify:
    case Screen::ScanDocument:
    case Screen::ScanCode:
      return abandon(fx);
    case Screen::Done:
    case Screen::Ended:
      return reset();
    case Screen::CheckingCustomer:
      return end("identification_unavailable", now, fx);
    case Screen::LookingUp:
      return end("needs_exchange", now, fx);
    case Screen::Dispensing:
      return on_dispensed(DispenseFinished{DispenseFinished::Result::Unknown, {}, "no_answer"}, now,
                          fx);
    case Screen::Printing:
      return on_receipt(ReceiptDone{false, "printer_timeout"}, now, fx);
  }
}

Receipt build_redeem_receipt(const RedeemSession& s, const Policy& p) {
  const ReceiptWords& w = receipt_words(s.lang);
  Receipt r;
  r.lang = s.lang;
  r.operator_name = p.operator_name;
  r.operator_info = p.operator_info;
  r.title = std::string(w.redeem);
  r.lines.push_back(ReceiptLine{std::string(w.transaction), s.tx_id, ReceiptLine::Style::Normal});
  if (s.status)
    r.lines.push_back(
        ReceiptLine{std::string(w.asset), s.status->asset_id, ReceiptLine::Style::Normal});
  if (s.settlement) add_settlement_lines(r, *s.settlement, s.status ? s.status->order_id : "");
  if (!p.receipt_qr_prefix.empty()) r.qr_payload = p.receipt_qr_prefix + s.tx_id;
  return r;
}

}  // namespace kiosk::flows::cash_out
