#include "flows/cash_out/cash_out_flow.hpp"

#include <algorithm>
#include <charconv>

#include "flows/cash_out/cash_out_receipt.hpp"
#include "flows/dispense/payable.hpp"
#include "flows/dispense/plan_text.hpp"

namespace kiosk::flows::cash_out {

const char* to_string(Screen s) {
  switch (s) {
    case Screen::Welcome:
      return "welcome";
    case Screen::ChooseAsset:
      return "choose_asset";
    case Screen::Identify:
      return "identify";
    case Screen::ScanDocument:
      return "scan_document";
    case Screen::CheckingCustomer:
      return "checking_customer";
    case Screen::Selfie:
      return "selfie";
    case Screen::ChooseAmount:
      return "choose_amount";
    case Screen::CreatingOrder:
      return "creating_order";
    case Screen::AwaitingDeposit:
      return "awaiting_deposit";
    case Screen::Dispensing:
      return "dispensing";
    case Screen::Printing:
      return "printing";
    case Screen::Done:
      return "done";
    case Screen::SessionEnded:
      return "session_ended";
  }
  return "unknown";
}

const char* to_string(EndReason r) {
  switch (r) {
    case EndReason::None:
      return "none";
    case EndReason::Completed:
      return "completed";
    case EndReason::Cancelled:
      return "cancelled";
    case EndReason::Timeout:
      return "timeout";
    case EndReason::Refused:
      return "refused";
    case EndReason::NeedsExchange:
      return "needs_exchange";
    case EndReason::Expired:
      return "expired";
  }
  return "unknown";
}

CashOutFlow::CashOutFlow(Policy policy, TxIdSource new_tx_id)
    : policy_(std::move(policy)), new_tx_id_(std::move(new_tx_id)) {}

void CashOutFlow::set_available(bool available, std::string reason) {
  available_ = available;
  unavailable_reason_ = available ? "" : std::move(reason);
}

std::vector<AssetOffer> CashOutFlow::sellable(Instant now) const {
  if (!market_.online || !market_.received_at) return {};
  if (now - *market_.received_at > policy_.max_rate_age) return {};
  return market_.offers;
}

std::vector<Kzt> CashOutFlow::payable_amounts() const {
  Kzt most = s_.person.who ? s_.limit : policy_.max_tx;
  return dispense::payable_amounts(cassettes_, policy_.limits, policy_.min_amount, most,
                                   policy_.amount_step);
}

bool CashOutFlow::pays_any_amount() const {
  return !dispense::payable_amounts(cassettes_, policy_.limits, policy_.min_amount, policy_.max_tx,
                                    policy_.amount_step)
              .empty();
}

bool CashOutFlow::can_raise_tier() const {
  return policy_.kyc && screen_ == Screen::ChooseAmount &&
         compliance::selfie_raises_limit(*policy_.kyc, s_.person);
}

std::optional<Millis> CashOutFlow::countdown(Instant now) const {
  if (screen_ != Screen::AwaitingDeposit || !s_.deposit_deadline) return std::nullopt;
  return std::max(*s_.deposit_deadline - now, Millis{0});
}

Atoms CashOutFlow::estimate_atoms(Kzt amount) const {
  if (!s_.asset) return 0;
  Kzt gross = amount + fee_for(amount, policy_.fee_bps);
  return crypto_for_fiat(gross, s_.asset->sell, s_.asset->decimals).value_or(0);
}

std::vector<Effect> CashOutFlow::handle(const Event& e, Instant now) {
  Fx fx;
  std::visit(
      [&](const auto& ev) {
        using T = std::decay_t<decltype(ev)>;
        if constexpr (std::is_same_v<T, Touch>) on_touch(ev, now, fx);
        if constexpr (std::is_same_v<T, Tick>) on_tick(now, fx);
        if constexpr (std::is_same_v<T, OrderCreated>) on_order_created(ev, now, fx);
        if constexpr (std::is_same_v<T, OrderFailed>) on_order_failed(ev, now, fx);
        if constexpr (std::is_same_v<T, DepositStatus>) on_deposit(ev, now, fx);
        if constexpr (std::is_same_v<T, DispenseFinished>) on_dispensed(ev, now, fx);
        if constexpr (std::is_same_v<T, ReceiptDone>) on_receipt(ev, now, fx);
        if constexpr (std::is_same_v<T, DocumentChecked>) on_document(ev, now, fx);
        if constexpr (std::is_same_v<T, CustomerStanding>) on_standing(ev, now, fx);
        if constexpr (std::is_same_v<T, SelfieChecked>) on_selfie(ev, now, fx);
        if constexpr (std::is_same_v<T, DispenserDown>) on_dispenser_down(now, fx);
      },
      e);
  return fx;
}

void CashOutFlow::on_dispenser_down(Instant now, Fx& fx) {
  switch (screen_) {
    case Screen::ChooseAsset:
    case Screen::Identify:
    case Screen::ScanDocument:
    case Screen::CheckingCustomer:
    case Screen::Selfie:
    case Screen::ChooseAmount:  // no order yet: nothing to pay, end now
      return end(EndReason::Refused, "dispenser_unavailable", now, fx);
    case Screen::CreatingOrder:
    case Screen::AwaitingDeposit:  // the order stands: a settled deposit gets the redeem code
      s_.message = "dispenser_unavailable";
      return;
    default:
      return;
  }
}

void CashOutFlow::go(Screen s, std::optional<Millis> timeout, Instant now) {
  screen_ = s;
  deadline_ = timeout ? std::optional<Instant>(now + *timeout) : std::nullopt;
}

void CashOutFlow::reset() {
  s_ = Session{};
  go(Screen::Welcome, std::nullopt, Instant{});
}

void CashOutFlow::on_touch(const Touch& t, Instant now, Fx& fx) {
  const auto& to = policy_.timeouts;
  switch (screen_) {
    case Screen::Welcome: {
      auto& langs = policy_.languages;
      if (t.action != "choose_language" || !available_) return;
      if (std::find(langs.begin(), langs.end(), t.value) == langs.end()) return;
      s_.lang = t.value;
      if (sellable(now).empty()) return end(EndReason::NeedsExchange, "needs_exchange", now, fx);
      go(Screen::ChooseAsset, to.choose_asset, now);
      return;
    }
    case Screen::ChooseAsset:
      if (t.action == "cancel") return reset();
      if (t.action != "choose_asset") return;
      for (const auto& o : sellable(now)) {
        if (o.id != t.value) continue;
        s_.asset = o;
        // No cash, no identification: the customer is not asked for a document in vain.
        if (payable_amounts().empty()) return end(EndReason::Refused, "no_cash", now, fx);
        s_.message.clear();
        if (!policy_.kyc) return offer_amounts(now, fx);
        s_.tx_id = new_tx_id_();
        return go(Screen::Identify, to.identify, now);
      }
      return;
    case Screen::Identify:
      if (t.action == "consent") {
        fx.push_back(Journal{compliance::consent_given(s_.person, *policy_.kyc, gate(), now)});
        return go(Screen::ScanDocument, to.scan_document, now);
      }
      if (t.action == "continue_anonymous" &&
          compliance::go_anonymous(s_.person, *policy_.kyc, policy_.max_tx, gate()))
        return offer_amounts(now, fx);
      if (t.action == "cancel") abandon(fx);
      return;
    case Screen::ScanDocument:
    case Screen::CheckingCustomer:
      if (t.action == "cancel") abandon(fx);
      return;
    case Screen::Selfie:
      if (t.action == "cancel") {
        s_.message.clear();
        go(Screen::ChooseAmount, to.choose_amount, now);
      }
      return;
    case Screen::ChooseAmount:
      if (t.action == "cancel") return abandon(fx);
      if (t.action == "take_selfie" && can_raise_tier()) {
        s_.message.clear();
        return go(Screen::Selfie, to.selfie, now);
      }
      if (t.action == "choose_amount") choose_amount(t.value, now, fx);
      return;
    case Screen::CreatingOrder:
      if (t.action == "cancel") end(EndReason::Cancelled, "cancelled", now, fx);
      return;
    case Screen::AwaitingDeposit:
      if (t.action == "cancel") give_up(EndReason::Cancelled, "redeem_code_printed", now, fx);
      return;
    case Screen::Dispensing:  // the notes are moving: nothing the customer does changes that
    case Screen::Printing:
      return;
    case Screen::Done:
    case Screen::SessionEnded:
      if (t.action == "finish") reset();
      return;
  }
}

void CashOutFlow::choose_amount(const std::string& value, Instant now, Fx& fx) {
  std::int64_t kzt = 0;
  auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), kzt);
  bool parsed = ec == std::errc() && p == value.data() + value.size();
  // Re-checked against the cassettes now: they may have changed since the list was shown.
  s_.amounts = payable_amounts();
  if (!parsed || std::find(s_.amounts.begin(), s_.amounts.end(), Kzt{kzt}) == s_.amounts.end()) {
    s_.message = "amount_not_payable";
    deadline_ = now + policy_.timeouts.choose_amount;
    return;
  }
  s_.amount = Kzt{kzt};
  s_.message.clear();
  if (s_.tx_id.empty()) s_.tx_id = new_tx_id_();
  const AssetOffer& a = *s_.asset;
  Record opened = record(rec::kSessionOpened)
                      .set("asset", a.id)
                      .set("fiat_kzt", s_.amount.value)
                      .set("rate", a.sell.to_string())
                      .set("rate_as_of", market_.as_of)
                      .set("lang", s_.lang);
  if (policy_.kyc)
    opened.set("person", s_.person.ref)
        .set("tier", std::string(compliance::to_string(s_.person.tier)))
        .set("limit_kzt", s_.limit.value)
        .set("limit_binding", s_.limit_binding);
  fx.push_back(Journal{std::move(opened)});
  create_order(now, fx);
}

void CashOutFlow::set_limit() {
  s_.limit = policy_.max_tx;
  s_.limit_binding = "transaction";
  if (!policy_.kyc || !s_.person.who) return;
  auto l = compliance::person_limit(*policy_.kyc, s_.person, policy_.max_tx);
  s_.limit = l.amount;
  s_.limit_binding = l.binding;
}

// The amounts the cassettes can pay within the person's limit; none left ends the session.
void CashOutFlow::offer_amounts(Instant now, Fx& fx) {
  set_limit();
  s_.amounts = payable_amounts();
  if (s_.amounts.empty()) {
    bool by_limit = s_.person.who && s_.limit < policy_.max_tx;
    return end(EndReason::Refused, by_limit ? "limit_reached" : "no_cash", now, fx);
  }
  go(Screen::ChooseAmount, policy_.timeouts.choose_amount, now);
}

void CashOutFlow::on_document(const DocumentChecked& d, Instant now, Fx& fx) {
  if (screen_ != Screen::ScanDocument) return;
  auto step = compliance::on_document(s_.person, d, gate());
  compliance::append_step<Journal>(step, fx);
  s_.message = step.message;
  if (step.kind == compliance::GateStep::Kind::LookUp)
    return go(Screen::CheckingCustomer, policy_.timeouts.checking_customer, now);
  deadline_ = now + policy_.timeouts.scan_document;
}

void CashOutFlow::on_standing(const CustomerStanding& c, Instant now, Fx& fx) {
  if (screen_ != Screen::CheckingCustomer) return;
  if (!c.usage_from_exchange) {  // other kiosks' cash-outs are unknown: no amount is safe
    fx.push_back(Journal{record("cash_out.usage_unavailable")});
    return end(EndReason::NeedsExchange, "needs_exchange", now, fx);
  }
  auto step = compliance::on_standing(s_.person, c, *policy_.kyc, policy_.max_tx, gate());
  compliance::append_step<Journal>(step, fx);
  if (step.kind == compliance::GateStep::Kind::Refused)
    return end(EndReason::Refused, step.message, now, fx);
  if (step.kind == compliance::GateStep::Kind::Identified) offer_amounts(now, fx);
}

void CashOutFlow::on_selfie(const SelfieChecked& c, Instant now, Fx& fx) {
  if (screen_ != Screen::Selfie) return;
  auto step = compliance::on_selfie(s_.person, c, *policy_.kyc, gate());
  s_.message = step.message;
  if (step.kind != compliance::GateStep::Kind::TierRaised) {
    deadline_ = now + policy_.timeouts.selfie;
    return;
  }
  set_limit();
  step.journal.push_back(compliance::tier_raised(gate(), s_.person, s_.limit, s_.limit_binding));
  compliance::append_step<Journal>(step, fx);
  s_.amounts = payable_amounts();
  go(Screen::ChooseAmount, policy_.timeouts.choose_amount, now);
}

void CashOutFlow::create_order(Instant now, Fx& fx) {
  Record r =
      record(rec::kOrderRequested).set("asset", s_.asset->id).set("fiat_kzt", s_.amount.value);
  fx.push_back(CreateOrder{std::move(r), s_.tx_id, s_.asset->id, s_.amount, s_.person.ref});
  go(Screen::CreatingOrder, policy_.timeouts.creating_order, now);
}

void CashOutFlow::on_order_created(const OrderCreated& e, Instant now, Fx& fx) {
  if (screen_ != Screen::CreatingOrder) return;  // too late: the customer never saw an address
  const Order& o = e.order;
  if (o.order_id.empty() || o.deposit_address.empty() || o.redeem_code.empty() ||
      o.crypto_atoms == 0 || o.required_confirmations < 0) {
    return on_order_failed(OrderFailed{false, "bad_order", "incomplete order"}, now, fx);
  }
  s_.order = o;
  fx.push_back(Journal{record(rec::kOrderCreated)
                           .set("order_id", o.order_id)
                           .set("redeem_code", o.redeem_code)
                           .set("crypto_atoms", atoms_to_string(o.crypto_atoms))
                           .set("required_confirmations", std::int64_t{o.required_confirmations})
                           .set("deposit_address", o.deposit_address)
                           .set("expires_at", o.expires_at)
                           .set("fiat_kzt", s_.amount.value)});
  fx.push_back(WatchOrder{o.order_id});
  Millis wait = std::min(std::max(e.expires_in, Millis{0}), policy_.timeouts.deposit_wait);
  go(Screen::AwaitingDeposit, wait, now);
  s_.deposit_deadline = deadline_;
}

void CashOutFlow::on_order_failed(const OrderFailed& e, Instant now, Fx& fx) {
  if (screen_ != Screen::CreatingOrder) return;
  fx.push_back(Journal{record("cash_out.order_failed")
                           .set("code", e.code)
                           .set("offline", e.offline)
                           .set("message", e.message)});
  if (e.offline) return end(EndReason::NeedsExchange, "needs_exchange", now, fx);
  end(EndReason::Refused, "order_refused", now, fx);
}

void CashOutFlow::on_deposit(const DepositStatus& d, Instant now, Fx& fx) {
  if (screen_ != Screen::AwaitingDeposit || !s_.order || s_.dispense_sent) return;
  s_.deposit = d;
  switch (d.state) {
    case DepositState::Waiting:  // while the dispenser is down the customer keeps being told
      s_.message = available_ ? "" : "dispenser_unavailable";
      return;
    case DepositState::Seen:
      s_.message = available_ ? "deposit_seen" : "dispenser_unavailable";
      return;
    case DepositState::Confirmed:
      if (deposit_ready(s_.order->crypto_atoms, s_.order->required_confirmations, d,
                        policy_.min_confirmations))
        return dispense(now, fx);
      s_.message = d.received_atoms < s_.order->crypto_atoms ? "deposit_short" : "deposit_seen";
      return;
    case DepositState::Expired:
      fx.push_back(Journal{record("cash_out.order_expired")
                               .set("received_atoms", atoms_to_string(d.received_atoms))});
      if (d.received_atoms > 0)  // something arrived: the customer keeps the code as a reference
        return give_up(EndReason::Expired, "order_expired", now, fx);
      fx.push_back(StopWatching{});
      return end(EndReason::Expired, "order_expired", now, fx);
    case DepositState::Dispensed:  // paid elsewhere (a redeem at another kiosk): never here too
      fx.push_back(StopWatching{});
      fx.push_back(Journal{record("cash_out.already_dispensed")});
      return end(EndReason::Refused, "already_dispensed", now, fx);
  }
}

void CashOutFlow::dispense(Instant now, Fx& fx) {
  if (s_.dispense_sent) return;
  if (!available_) {  // the dispenser cannot pay now (fault, suspended): never try it
    fx.push_back(Journal{record(rec::kDispenseRefused)
                             .set("order_id", s_.order->order_id)
                             .set("reason", "unavailable:" + unavailable_reason_)});
    return give_up(EndReason::Refused, "cannot_dispense_now", now, fx);
  }
  auto plan = dispense::plan_dispense(cassettes_, s_.amount, policy_.limits);
  if (!plan) {  // the deposit is safe at the exchange: the customer redeems once refilled
    fx.push_back(Journal{record(rec::kDispenseRefused)
                             .set("order_id", s_.order->order_id)
                             .set("reason", std::string(dispense::to_string(plan.error().kind)))});
    return give_up(EndReason::Refused, "cannot_dispense_now", now, fx);
  }
  s_.plan = *plan;
  s_.dispense_sent = true;
  s_.message.clear();
  last_dispense_tx_ = s_.tx_id;
  fx.push_back(StopWatching{});
  fx.push_back(Dispense{intent_record(s_.tx_id, s_.order->order_id, *plan, "cash_out"),
                        s_.order->order_id, *plan});
  go(Screen::Dispensing, policy_.timeouts.dispensing, now);
}

void CashOutFlow::on_dispensed(const DispenseFinished& d, Instant now, Fx& fx) {
  if (screen_ != Screen::Dispensing || !s_.plan) {
    // A device answer after the deadline already settled the session as unknown: kept for the
    // operator, never applied to a session twice.
    fx.push_back(Journal{Record{last_dispense_tx_, rec::kLateDispenseResult, {}}
                             .set("result", std::string(to_string(d.result)))
                             .set("moves", dispense::moves_to_text(d.moves))
                             .set("error", d.error)});
    return;
  }
  Settlement st = settle(*s_.plan, d, cassettes_);
  s_.settlement = st;
  for (auto& e : settlement_effects(s_.tx_id, s_.order->order_id, st, false)) fx.push_back(e);
  s_.end = EndReason::Completed;
  s_.message = st.result == DispenseFinished::Result::Complete  ? ""
               : st.result == DispenseFinished::Result::Partial ? "partial_dispense"
                                                                : "dispense_unknown";
  fx.push_back(PrintReceipt{build_cash_out_receipt(s_, policy_)});
  go(Screen::Printing, policy_.timeouts.receipt, now);
}

void CashOutFlow::give_up(EndReason why, std::string message, Instant now, Fx& fx) {
  if (s_.dispense_sent) return;
  fx.push_back(StopWatching{});
  s_.end = why;
  s_.redeem_code_printed = true;
  fx.push_back(Journal{record(rec::kRedeemCodeIssued)
                           .set("order_id", s_.order->order_id)
                           .set("deposit", std::string(to_string(s_.deposit.state)))
                           .set("reason", std::string(to_string(why)))});
  s_.message = std::move(message);
  fx.push_back(PrintRedeemCode{build_redeem_code_receipt(s_, policy_)});
  go(Screen::Printing, policy_.timeouts.receipt, now);
}

// Leaves before an order exists: journaled as closed once the session has an id.
void CashOutFlow::abandon(Fx& fx) {
  if (!s_.tx_id.empty())
    fx.push_back(Journal{record(rec::kClosed).set("reason", std::string("cancelled"))});
  reset();
}

void CashOutFlow::end(EndReason why, std::string message, Instant now, Fx& fx) {
  s_.end = why;
  s_.message = std::move(message);
  if (!s_.tx_id.empty())
    fx.push_back(Journal{record(rec::kClosed).set("reason", std::string(to_string(why)))});
  go(Screen::SessionEnded, policy_.timeouts.ended, now);
}

void CashOutFlow::on_receipt(const ReceiptDone& r, Instant now, Fx& fx) {
  if (screen_ != Screen::Printing) return;
  s_.receipt_printed = r.printed;
  if (r.printed)
    fx.push_back(Journal{record(rec::kReceiptPrinted)});
  else
    fx.push_back(Journal{record(rec::kReceiptFailed).set("error", r.error)});
  fx.push_back(Journal{record(rec::kClosed).set("reason", std::string(to_string(s_.end)))});
  go(s_.dispense_sent ? Screen::Done : Screen::SessionEnded,
     s_.dispense_sent ? policy_.timeouts.done : policy_.timeouts.ended, now);
}

void CashOutFlow::on_tick(Instant now, Fx& fx) {
  if (!deadline_ || now < *deadline_) return;
  switch (screen_) {
    case Screen::Welcome:
      deadline_.reset();
      return;
    case Screen::ChooseAsset:
    case Screen::Done:
    case Screen::SessionEnded:
      return reset();
    case Screen::Identify:
    case Screen::ScanDocument:
    case Screen::ChooseAmount:
      return abandon(fx);
    case Screen::CheckingCustomer:  // the shell always answers; a lost answer ends politely
      return end(EndReason::Timeout, "identification_unavailable", now, fx);
    case Screen::Selfie:
      s_.message.clear();
      return go(Screen::ChooseAmount, policy_.timeouts.choose_amount, now);
    case Screen::CreatingOrder:
      fx.push_back(Journal{record("cash_out.order_failed").set("code", std::string("timeout"))});
      return end(EndReason::NeedsExchange, "needs_exchange", now, fx);
    case Screen::AwaitingDeposit:
      return give_up(EndReason::Timeout, "redeem_code_printed", now, fx);
    case Screen::Dispensing:  // the device never answered: unknown, never retried
      return on_dispensed(DispenseFinished{DispenseFinished::Result::Unknown, {}, "no_answer"}, now,
                          fx);
    case Screen::Printing:
      return on_receipt(ReceiptDone{false, "printer_timeout"}, now, fx);
  }
}

}  // namespace kiosk::flows::cash_out
