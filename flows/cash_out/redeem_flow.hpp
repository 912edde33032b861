// The redeem flow: a customer whose deposit was not confirmed in time comes back with the redeem
// code printed by the cash-out flow and collects the cash.
//
//   Idle -> ScanCode -> LookingUp -> Dispensing -> Printing -> Done
//   (any) -> Ended, with a message key: unknown_code, already_dispensed, order_expired,
//            not_confirmed, cannot_dispense_now, needs_exchange, bad_code, customer_refused,
//            redeem_other_person
//
// With identification configured (Policy::kyc) the person collecting the cash is identified
// first, with the cash-out flow's steps (flows/compliance/kyc_gate, no selfie: the amount was
// within the person's limits when the order was made):
//
//   Idle -> Identify -> ScanDocument -> CheckingCustomer -> ScanCode -> ...
//
// and an order made for another identified person is not paid (nor claimed) here.
//
// The exchange is the authority on the order (LookUpRedeem -> RedeemStatus); the shell also checks
// its own journal for a dispense intent of the same order (`RedeemStatus::dispensed_here`), so one
// code dispenses at most once here even before the exchange has heard of the dispense. Dispense is
// emitted only on `deposit_ready` and at most once per session; after it, nothing but the device's
// answer or the dispensing deadline (unknown) moves on.
#pragma once

#include <functional>

#include "flows/cash_out/cash_out_types.hpp"
#include "flows/cash_out/payout.hpp"

namespace kiosk::flows::cash_out {

struct RedeemSession {
  std::string tx_id;
  std::string lang = "ru";
  std::string code;
  std::optional<RedeemStatus> status;
  std::optional<dispense::DispensePlan> plan;
  bool dispense_sent = false;
  std::optional<Settlement> settlement;
  bool receipt_printed = false;
  std::string message;
  compliance::Person person;  // who collects (Policy::kyc)
  int codes_not_found = 0;    // codes the exchange did not know: a mistyped one is typed again
};

// Codes the exchange does not know before the session ends (the identified customer retypes).
inline constexpr int kRedeemCodeTries = 3;

class RedeemFlow {
 public:
  enum class Screen {
    Idle,
    Identify,
    ScanDocument,
    CheckingCustomer,
    ScanCode,
    LookingUp,
    Dispensing,
    Printing,
    Done,
    Ended
  };

  RedeemFlow(Policy policy, std::function<std::string()> new_tx_id);

  std::vector<Effect> handle(const Event& e, Instant now);
  void set_online(bool online) { online_ = online; }
  void set_cassettes(std::vector<dispense::Cassette> c) { cassettes_ = std::move(c); }
  void set_available(bool available) { available_ = available; }

  Screen screen() const { return screen_; }
  const RedeemSession& session() const { return s_; }
  std::optional<Instant> deadline() const { return deadline_; }
  const Policy& policy() const { return policy_; }

 private:
  using Fx = std::vector<Effect>;
  void on_touch(const Touch& t, Instant now, Fx& fx);
  void on_code(const CodeScanned& c, Instant now, Fx& fx);
  void on_status(const RedeemStatus& st, Instant now, Fx& fx);
  void on_document(const DocumentChecked& d, Instant now, Fx& fx);
  void on_standing(const CustomerStanding& c, Instant now, Fx& fx);
  compliance::GateContext gate() const { return {s_.tx_id, "redeem", s_.lang}; }
  void on_dispensed(const DispenseFinished& d, Instant now, Fx& fx);
  void on_receipt(const ReceiptDone& r, Instant now, Fx& fx);
  void on_tick(Instant now, Fx& fx);
  void end(std::string message, Instant now, Fx& fx);
  void abandon(Fx& fx);
  void go(Screen s, std::optional<Millis> timeout, Instant now);
  void reset();
  Record record(std::string type) const { return Record{s_.tx_id, std::move(type), {}}; }

  Policy policy_;
  std::function<std::string()> new_tx_id_;
  std::vector<dispense::Cassette> cassettes_;
  bool online_ = false;
  bool available_ = false;
  Screen screen_ = Screen::Idle;
  std::optional<Instant> deadline_;
  RedeemSession s_;
  std::string last_dispense_tx_;  // names a device answer that arrives after its session
};

const char* to_string(RedeemFlow::Screen s);

// A redeem code as typed or scanned: 4..64 characters of [A-Za-z0-9-].
bool plausible_redeem_code(std::string_view code);

Receipt build_redeem_receipt(const RedeemSession& s, const Policy& p);

}  // namespace kiosk::flows::cash_out
