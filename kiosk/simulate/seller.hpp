// A customer who sells crypto for banknotes, or comes back to redeem a code from an earlier
// receipt, drawn from the seed and acting on the REAL cash-out and redeem flows' screens: picks
// an amount, pays the deposit in full, under-pays, pays and never gets it confirmed, or never
// pays; abandons at any screen (Cancel or walking away); takes the cash. A code printed for a
// deposit that did not settle in time goes home with the customer (`code_kept`) and may come back
// on a later day, also after the kiosk crashed and restarted in between.
#pragma once

#include <optional>
#include <string>

#include "kiosk/simulate/customer.hpp"
#include "sim/exchange/cash_out_desk.hpp"

namespace kiosk::simulate {

struct SellPlan {
  enum class Pay { Full, Under, Unconfirmed, Never };
  enum class LeaveAt { Never, ChooseAsset, Identify, ScanDocument, ChooseAmount, AwaitingDeposit };
  std::size_t person = 0;
  std::string lang = "ru", asset = "BTC/bitcoin";
  std::string redeem_code;  // not empty: a redeem visit with this code
  Pay pay = Pay::Full;
  LeaveAt leave_at = LeaveAt::Never;
  bool leave_by_cancel = true;
  std::size_t amount_rank = 0;  // which offered amount, from the smallest
  Millis confirm_after{60000};  // after paying, until the deposit is confirmed
  Millis think_min{800}, think_max{6000};
};

SellPlan draw_sell_plan(SimRng& rng, std::size_t population,
                        const std::vector<std::string>& assets);

// What happened to the customer's deposit, for the simulation to settle it later (a deposit
// seen but not yet confirmed when the customer left may confirm afterwards).
struct DepositLeft {
  std::string order_id;
  std::string redeem_code;
  std::size_t person = 0;
  bool paid = false;  // the customer sent the full amount
};

class Seller {
 public:
  Seller(SellPlan plan, const Resident& person) : plan_(std::move(plan)), person_(person) {}

  // One look at the screen and one action; nullopt when the customer has left.
  std::optional<Millis> act(KioskProcess* kiosk, sim::CashOutDesk& desk, std::int64_t now_ms,
                            SimRng& rng);

  const SellPlan& plan() const { return plan_; }
  // The order the customer leaves behind without its cash (a redeem code on the receipt).
  const std::optional<DepositLeft>& left_behind() const { return left_; }
  bool took_cash() const { return took_cash_; }

 private:
  std::optional<Millis> start(KioskProcess& k);
  std::optional<Millis> sell(KioskProcess& k, sim::CashOutDesk& desk, std::int64_t now_ms,
                             Millis think);
  std::optional<Millis> redeem(KioskProcess& k, Millis think);
  std::optional<Millis> pay(const flows::cash_out::Session& s, sim::CashOutDesk& desk,
                            std::int64_t now_ms);
  std::optional<Millis> leave(KioskProcess& k, bool here);
  std::optional<Millis> wait();

  SellPlan plan_;
  Resident person_;
  bool started_ = false, document_shown_ = false, code_shown_ = false, paid_ = false;
  bool confirmed_ = false, took_cash_ = false;
  std::optional<DepositLeft> left_;
  int patience_ = 6;
};

}  // namespace kiosk::simulate
