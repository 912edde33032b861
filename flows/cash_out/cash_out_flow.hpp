// The cash-out (sell crypto for banknotes) customer flow as a pure state machine:
//
//   Welcome -> ChooseAsset -> ChooseAmount -> CreatingOrder -> AwaitingDeposit
//     -> Dispensing -> Printing -> Done
//   (any customer-facing state) -> SessionEnded, with a message key saying why
//
// With identification configured (Policy::kyc; the Kazakhstan default) the customer is known
// before an order is made, with the cash-in flow's steps (flows/compliance/kyc_gate):
//
//   ChooseAsset -> Identify (consent) -> ScanDocument -> CheckingCustomer -> ChooseAmount
//                                                  ChooseAmount <-> Selfie (raise the tier)
//
// The amounts offered are those the cassettes can pay up to the person's limit: the tightest of
// the kiosk's maximum, the person's daily / monthly / retail headroom and the tier reached.
// Cash-out needs the exchange, so a look-up it did not answer ends the session.
//
// `handle(event, now)` returns the effects for the shell, in order; `view()` data is the accessors.
// Every state but Welcome has a deadline; the shell feeds Tick.
//
// The money rules (one test each in tests/unit/cashout/cash_out_flow_test.cpp):
//  * Only amounts the cassettes can pay now are offered and accepted (flows/dispense/payable).
//  * Nothing starts without the exchange: an offline market or a failed order ends the session on
//    a "cash-out needs the exchange" screen before any crypto is asked for.
//  * Nothing is dispensed while cash-out is unavailable (a dispenser fault, suspended): a settled
//    deposit then gets the redeem code. DispenserDown ends a session that has no order yet.
//  * Dispense is emitted only when the exchange reports the deposit confirmed with enough
//    confirmations and at least the crypto asked (`deposit_ready`), at most once per session, and
//    the plan is made from the cassettes' counts at that moment.
//  * Giving up, or the countdown running out, before the dispense prints the redeem code; it
//    never dispenses. After Dispense was emitted nothing (cancel, timeout) can undo it: only the
//    device's answer, or the dispensing deadline (result unknown), moves on.
//  * The customer gets a receipt for what was delivered (partial: the shortfall too; unknown: the
//    operator settles) and the exchange gets the `dispensed` report through the outbox.
#pragma once

#include <functional>
#include <optional>

#include "flows/cash_out/cash_out_types.hpp"
#include "flows/cash_out/payout.hpp"

namespace kiosk::flows::cash_out {

enum class Screen {
  Welcome,
  ChooseAsset,
  Identify,
  ScanDocument,
  CheckingCustomer,
  Selfie,
  ChooseAmount,
  CreatingOrder,
  AwaitingDeposit,
  Dispensing,
  Printing,
  Done,
  SessionEnded,
};
const char* to_string(Screen s);

enum class EndReason { None, Completed, Cancelled, Timeout, Refused, NeedsExchange, Expired };
const char* to_string(EndReason r);

struct Session {
  std::string tx_id;
  std::string lang = "en";
  std::optional<AssetOffer> asset;
  std::vector<Kzt> amounts;  // offered on ChooseAmount
  Kzt amount{};
  // Identification (Policy::kyc):
  compliance::Person person;
  Kzt limit{};                // the largest amount this person may take now
  std::string limit_binding;  // what sets it: "transaction", "daily", "tier", ...
  std::optional<Order> order;
  DepositStatus deposit;
  std::optional<Instant> deposit_deadline;  // the countdown shown on AwaitingDeposit
  std::optional<dispense::DispensePlan> plan;
  bool dispense_sent = false;  // a Dispense effect went out: never again for this session
  std::optional<Settlement> settlement;
  bool redeem_code_printed = false;
  EndReason end = EndReason::None;
  bool receipt_printed = false;
  std::string message;  // a message key for the customer ("" = none)
};

using TxIdSource = std::function<std::string()>;

class CashOutFlow {
 public:
  CashOutFlow(Policy policy, TxIdSource new_tx_id);

  std::vector<Effect> handle(const Event& e, Instant now);
  void set_market(Market m) { market_ = std::move(m); }
  void set_cassettes(std::vector<dispense::Cassette> c) { cassettes_ = std::move(c); }
  // Whether a session may start (dispenser ready, cash-out not suspended); the shell decides.
  void set_available(bool available, std::string reason);

  Screen screen() const { return screen_; }
  const Session& session() const { return s_; }
  const Policy& policy() const { return policy_; }
  bool available() const { return available_; }
  const std::string& unavailable_reason() const { return unavailable_reason_; }
  std::optional<Instant> deadline() const { return deadline_; }
  std::vector<AssetOffer> sellable(Instant now) const;
  // The amounts the cassettes can pay now within the policy's and the person's limits.
  std::vector<Kzt> payable_amounts() const;
  // Whether the cassettes can pay any amount the policy allows: the kiosk's offer, never one
  // person's (a refused customer's limit of 0 must not close selling for the next customer).
  bool pays_any_amount() const;
  // Whether a selfie now would raise the person's limit (offered on ChooseAmount).
  bool can_raise_tier() const;
  // Display estimate of the crypto for `amount` plus the fee (the exchange's order decides).
  Atoms estimate_atoms(Kzt amount) const;
  // Time left to pay, shown on AwaitingDeposit (none on other screens).
  std::optional<Millis> countdown(Instant now) const;

 private:
  using Fx = std::vector<Effect>;
  void on_touch(const Touch& t, Instant now, Fx& fx);
  void on_document(const DocumentChecked& d, Instant now, Fx& fx);
  void on_standing(const CustomerStanding& c, Instant now, Fx& fx);
  void on_selfie(const SelfieChecked& c, Instant now, Fx& fx);
  compliance::GateContext gate() const { return {s_.tx_id, "cash_out", s_.lang}; }
  void set_limit();
  void offer_amounts(Instant now, Fx& fx);
  void on_order_created(const OrderCreated& o, Instant now, Fx& fx);
  void on_order_failed(const OrderFailed& o, Instant now, Fx& fx);
  void on_deposit(const DepositStatus& d, Instant now, Fx& fx);
  void on_dispensed(const DispenseFinished& d, Instant now, Fx& fx);
  void on_receipt(const ReceiptDone& r, Instant now, Fx& fx);
  void on_tick(Instant now, Fx& fx);
  void on_dispenser_down(Instant now, Fx& fx);

  void choose_amount(const std::string& value, Instant now, Fx& fx);
  void create_order(Instant now, Fx& fx);
  void dispense(Instant now, Fx& fx);
  void abandon(Fx& fx);
  void give_up(EndReason why, std::string message, Instant now, Fx& fx);
  void end(EndReason why, std::string message, Instant now, Fx& fx);
  void go(Screen s, std::optional<Millis> timeout, Instant now);
  void reset();
  Record record(std::string type) const { return Record{s_.tx_id, std::move(type), {}}; }

  Policy policy_;
  TxIdSource new_tx_id_;
  Market market_;
  std::vector<dispense::Cassette> cassettes_;
  bool available_ = false;
  std::string unavailable_reason_ = "starting";
  Screen screen_ = Screen::Welcome;
  std::optional<Instant> deadline_;
  Session s_;
  std::string last_dispense_tx_;  // names a device answer that arrives after its session
};

}  // namespace kiosk::flows::cash_out
