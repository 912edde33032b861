#include "kiosk/simulate/seller.hpp"

namespace kiosk::simulate {

namespace co = flows::cash_out;
using LeaveAt = SellPlan::LeaveAt;
using Pay = SellPlan::Pay;

SellPlan draw_sell_plan(SimRng& rng, std::size_t population,
                        const std::vector<std::string>& assets) {
  SellPlan p;
  p.person = rng.below(population);
  static const std::vector<std::string> langs{"kk", "ru", "en"};
  p.lang = rng.pick(langs);
  p.asset = rng.pick(assets);
  const std::uint64_t pay = rng.below(100);
  p.pay = pay < 70 ? Pay::Full : pay < 80 ? Pay::Under : pay < 90 ? Pay::Unconfirmed : Pay::Never;
  if (rng.chance(0.2)) {
    static const std::vector<LeaveAt> where{LeaveAt::ChooseAsset, LeaveAt::Identify,
                                            LeaveAt::ScanDocument, LeaveAt::ChooseAmount,
                                            LeaveAt::AwaitingDeposit};
    p.leave_at = rng.pick(where);
    p.leave_by_cancel = rng.chance(0.5);
  }
  p.amount_rank = rng.below(4);
  // Most deposits confirm while the customer waits; some only after the countdown ran out.
  p.confirm_after =
      Millis{rng.chance(0.8) ? rng.between(5'000, 300'000) : rng.between(600'000, 3'600'000)};
  if (rng.chance(0.1)) p.think_max = Millis{70000};  // a slow one: meets the screens' timeouts
  return p;
}

std::optional<Millis> Seller::leave(KioskProcess& k, bool here) {
  if (here && plan_.leave_by_cancel) k.touch("cancel");
  return std::nullopt;
}

std::optional<Millis> Seller::wait() {
  return --patience_ > 0 ? std::optional<Millis>(Millis{20000}) : std::nullopt;
}

std::optional<Millis> Seller::start(KioskProcess& k) {
  if (k.flow().screen() != flows::cash_in::Screen::Welcome || !k.station() ||
      !k.station()->offered())
    return wait();
  started_ = true;
  k.touch(plan_.redeem_code.empty() ? "start_cash_out" : "start_redeem", plan_.lang);
  if (!k.selling()) {  // not taken (the kiosk changed its mind): try again later
    started_ = false;
    return wait();
  }
  return Millis{1500};
}

std::optional<Millis> Seller::act(KioskProcess* kiosk, sim::CashOutDesk& desk, std::int64_t now_ms,
                                  SimRng& rng) {
  const Millis think{rng.between(plan_.think_min.count(), plan_.think_max.count())};
  if (!kiosk) return --patience_ > 0 ? std::optional<Millis>(Millis{10000}) : std::nullopt;
  KioskProcess& k = *kiosk;
  if (!started_) return start(k);
  if (!k.selling()) return std::nullopt;  // the session is over (or the kiosk restarted)
  if (!plan_.redeem_code.empty()) return redeem(k, think);
  return sell(k, desk, now_ms, think);
}

std::optional<Millis> Seller::pay(const co::Session& s, sim::CashOutDesk& desk,
                                  std::int64_t now_ms) {
  const std::string& id = s.order->order_id;
  if (!paid_) {
    paid_ = true;
    if (plan_.pay == Pay::Never) return Millis{30000};
    std::optional<flows::Atoms> atoms;
    if (plan_.pay == Pay::Under) atoms = s.order->crypto_atoms * 9 / 10;
    (void)desk.move_deposit(id, sim::CashOutDesk::DepositAction::Seen, atoms, now_ms);
    left_ = DepositLeft{id, s.order->redeem_code, plan_.person, plan_.pay != Pay::Under};
    return plan_.confirm_after;
  }
  if (!confirmed_ && plan_.pay != Pay::Never && plan_.pay != Pay::Unconfirmed) {
    confirmed_ = true;  // the chain confirms what was sent (under-paid: too little)
    std::optional<flows::Atoms> atoms;
    if (plan_.pay == Pay::Under) atoms = s.order->crypto_atoms * 9 / 10;
    (void)desk.move_deposit(id, sim::CashOutDesk::DepositAction::Confirm, atoms, now_ms);
  }
  return Millis{30000};
}

std::optional<Millis> Seller::sell(KioskProcess& k, sim::CashOutDesk& desk, std::int64_t now_ms,
                                   Millis think) {
  const auto& flow = k.station()->flow();
  const auto& s = flow.session();
  switch (flow.screen()) {
    case co::Screen::Welcome:
      return std::nullopt;
    case co::Screen::ChooseAsset:
      if (plan_.leave_at == LeaveAt::ChooseAsset) return leave(k, true);
      k.touch("choose_asset", plan_.asset);
      if (k.selling() && k.station()->flow().screen() == co::Screen::ChooseAsset &&
          --patience_ <= 0)
        return leave(k, true);
      return think;
    case co::Screen::Identify:
      if (plan_.leave_at == LeaveAt::Identify) return leave(k, true);
      k.touch("consent");
      return think;
    case co::Screen::ScanDocument:
      if (plan_.leave_at == LeaveAt::ScanDocument) return leave(k, true);
      if (document_shown_) return --patience_ > 0 ? std::optional<Millis>(think) : leave(k, true);
      document_shown_ = true;
      k.show_document({person_.who, ""});
      return think;
    case co::Screen::Selfie:
      k.show_selfie(true);
      return think;
    case co::Screen::ChooseAmount: {
      if (plan_.leave_at == LeaveAt::ChooseAmount || s.amounts.empty()) return leave(k, true);
      const auto& a = s.amounts[std::min(plan_.amount_rank, s.amounts.size() - 1)];
      k.touch("choose_amount", std::to_string(a.value));
      if (k.selling() && k.station()->flow().screen() == co::Screen::ChooseAmount &&
          --patience_ <= 0)
        return leave(k, true);
      return think;
    }
    case co::Screen::CheckingCustomer:
    case co::Screen::CreatingOrder:
    case co::Screen::Dispensing:
    case co::Screen::Printing:
      return Millis{2000};
    case co::Screen::AwaitingDeposit:
      if (!s.order) return Millis{2000};
      if (plan_.leave_at == LeaveAt::AwaitingDeposit && paid_) {
        if (!left_)
          left_ = DepositLeft{s.order->order_id, s.order->redeem_code, plan_.person, false};
        return leave(k, true);
      }
      return pay(s, desk, now_ms);
    case co::Screen::Done:
    case co::Screen::SessionEnded:
      took_cash_ = s.settlement.has_value();
      if (took_cash_) left_.reset();  // paid out here: nothing to redeem
      k.touch("finish");
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<Millis> Seller::redeem(KioskProcess& k, Millis think) {
  using S = co::RedeemFlow::Screen;
  const auto& r = k.station()->redeem();
  switch (r.screen()) {
    case S::Idle:
      return std::nullopt;
    case S::Identify:
      k.touch("consent");
      return think;
    case S::ScanDocument:
      if (document_shown_) return --patience_ > 0 ? std::optional<Millis>(think) : leave(k, true);
      document_shown_ = true;
      k.show_document({person_.who, ""});
      return think;
    case S::ScanCode:
      if (code_shown_) return --patience_ > 0 ? std::optional<Millis>(think) : leave(k, true);
      code_shown_ = true;
      k.show_redeem_code(plan_.redeem_code);
      return think;
    case S::CheckingCustomer:
    case S::LookingUp:
    case S::Dispensing:
    case S::Printing:
      return Millis{2000};
    case S::Done:
    case S::Ended:
      took_cash_ = r.session().settlement.has_value();
      k.touch("finish");
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace kiosk::simulate
