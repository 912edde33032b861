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
    case Screen::ChooseAmount:
      return "choose_amount";
    case Screen::Compliance:
      return "compliance";
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
  return dispense::payable_amounts(cassettes_, policy_.limits, policy_.min_amount, policy_.max_tx,
                                   policy_.amount_step);
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
        if constexpr (std::is_same_v<T, ComplianceDecided>) on_compliance(ev, now, fx);
        if constexpr (std::is_same_v<T, OrderCreated>) on_order_created(ev, now, fx);
        if constexpr (std::is_same_v<T, OrderFailed>) on_order_failed(ev, now, fx);
        if constexpr (std::is_same_v<T, DepositStatus>) on_deposit(ev, now, fx);
        if constexpr (std::is_same_v<T, DispenseFinished>) on_dispensed(ev, now, fx);
        if constexpr (std::is_same_v<T, ReceiptDone>) on_receipt(ev, now, fx);
      },
      e);
  return fx;
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
        s_.amounts = payable_amounts();
        if (s_.amounts.empty()) return end(EndReason::Refused, "no_cash", now, fx);
        s_.message.clear();
        go(Screen::ChooseAmount, to.choose_amount, now);
      }
      return;
    case Screen::ChooseAmount:
      if (t.action == "cancel") return reset();
      if (t.action == "choose_amount") choose_amount(t.value, now, fx);
      return;
    case Screen::Compliance:
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
  s_.tx_id = new_tx_id_();
  const AssetOffer& a = *s_.asset;
  fx.push_back(Journal{record(rec::kSessionOpened)
                           .set("asset", a.id)
                           .set("fiat_kzt", s_.amount.value)
                           .set("rate", a.sell.to_string())
                           .set("rate_as_of", market_.as_of)
                           .set("lang", s_.lang)});
  if (!policy_.compliance_gate) return create_order(now, fx);
  fx.push_back(CheckCompliance{s_.tx_id, a.id, s_.amount});
  go(Screen::Compliance, policy_.timeouts.compliance, now);
}

void CashOutFlow::on_compliance(const ComplianceDecided& c, Instant now, Fx& fx) {
  if (screen_ != Screen::Compliance) return;
  if (!c.allowed) {
    fx.push_back(Journal{record("cash_out.compliance_refused").set("reason", c.reason)});
    return end(EndReason::Refused, "compliance_refused", now, fx);
  }
  create_order(now, fx);
}

void CashOutFlow::create_order(Instant now, Fx& fx) {
  Record r =
      record(rec::kOrderRequested).set("asset", s_.asset->id).set("fiat_kzt", s_.amount.value);
  fx.push_back(CreateOrder{std::move(r), s_.tx_id, s_.asset->id, s_.amount});
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
    case DepositState::Waiting:
      s_.message.clear();
      return;
    case DepositState::Seen:
      s_.message = "deposit_seen";
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
    case Screen::ChooseAmount:
    case Screen::Done:
    case Screen::SessionEnded:
      return reset();
    case Screen::Compliance:
      return end(EndReason::Timeout, "compliance_timeout", now, fx);
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
