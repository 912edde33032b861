// The cash-in (buy crypto with banknotes) customer flow as a pure state machine:
//
//   Welcome -> ChooseAsset -> ScanWallet -> InsertNotes -> Processing -> Done -> Welcome
//
// With identification configured (Policy::kyc; the Kazakhstan default) the customer is known
// before any cash moves:
//
//   ScanWallet -> Identify (consent) -> ScanDocument -> CheckingCustomer -> InsertNotes
//                                                          InsertNotes <-> Selfie (raise the tier)
//
// The session's limit is the tightest of the kiosk's, the offline policy's, the person's
// headroom (daily, monthly, AFSA retail cap; compliance/limits) and the tier reached (a document
// covers up to `selfie_above`; a selfie, taken before the first note, up to `review_above`). The
// escrow decision returns every note that would cross it.
//
// `handle(event, now)` returns the effects the shell must carry out, in order. No clocks, I/O or
// threads: the shell (kiosk/) feeds touches, scanned payloads, validator reports, printer results
// and ticks, and renders `view()` on the screen. Every state but Welcome has a deadline.
//
// The money rules (tested one by one in tests/unit/flows/cash_in_*):
//  * A note is stacked only if the session's limit, the offline policy and the quote's age allow it
//    (`decide_escrow`); otherwise it is returned.
//  * Credit is booked at the validator's credit point (Stacked), never at escrow.
//  * Cash already credited is never lost: cancel, timeout or a device fault with credit > 0 buys
//    crypto for what was inserted; a note whose fate is unknown (fault during escrow) is journaled
//    as unresolved and the customer is told the amount and the transaction id.
//  * A validator that powers up with a bill in its stacker right after STACK was sent for the
//    escrowed note has stacked THAT note: it is credited (journaled with `source` power_up); after
//    the session ended on the fault, it is journaled as `cash_in.credit_recovered` for that note.
//    Only a power-up note the kiosk had not told to stack stays a late / unattributed credit.
//  * A validator fault before any cash was taken (choosing, scanning, identifying) ends the
//    session at once with "validator_unavailable"; no session opens while buying is not offered.
#pragma once

#include <functional>
#include <optional>

#include "flows/cash_in/cash_in_types.hpp"
#include "flows/compliance/kyc_gate.hpp"

namespace kiosk::flows::cash_in {

enum class Screen {
  Welcome,
  ChooseAsset,
  ScanWallet,
  Identify,
  ScanDocument,
  CheckingCustomer,
  Selfie,
  InsertNotes,
  Processing,
  Done,
  SessionEnded
};
const char* to_string(Screen s);

enum class EndReason { None, Completed, Cancelled, Timeout, DeviceFault };
const char* to_string(EndReason r);

struct Session {
  std::string tx_id;
  std::string lang = "en";
  std::optional<AssetOffer> asset;  // with the quote locked when the wallet is accepted
  bool offline = false;             // sold on the offline policy
  Instant quote_received_at{};      // when the locked quote reached the kiosk
  Kzt limit{};                      // the most this session may take
  std::string address;
  std::vector<std::string> wallet_warnings;
  std::optional<Atoms> qr_amount;
  Kzt credited{};
  std::map<std::int64_t, int> notes;
  std::optional<Kzt> escrow;             // note held in escrow
  bool stacking = false;                 // STACK sent, waiting for the credit
  bool returning = false;                // RETURN sent, waiting for the note to come back
  bool end_requested = false;            // cancel/timeout arrived while a note was moving
  Kzt unresolved{};                      // a note whose fate is unknown after a fault
  bool unresolved_was_stacking = false;  // ... and STACK had been sent for it
  std::optional<Atoms> crypto;           // set when the purchase is queued
  Kzt fee{};
  EndReason end = EndReason::None;
  bool receipt_printed = false;
  std::string message;  // a message key for the customer ("" = none)
  // Identification (Policy::kyc):
  compliance::Person person;
  std::string limit_binding;  // what sets `limit`: "transaction", "daily", "tier", ...
};

using WalletResolver = std::function<std::expected<WalletCheck, WalletRefusal>(
    std::string_view payload, const std::string& asset_id)>;
using TxIdSource = std::function<std::string()>;

class CashInFlow {
 public:
  CashInFlow(Policy policy, WalletResolver resolve_wallet, TxIdSource new_tx_id);

  std::vector<Effect> handle(const Event& e, Instant now);
  void set_market(Market m) { market_ = std::move(m); }
  // Whether a new purchase may start (validator ready, no cash-in fault); the shell decides.
  void set_available(bool available, std::string reason);
  // Whether selling is offered now (the cash-out station): the welcome screen leads to the
  // choice screen when buying or selling is offered; buying itself needs set_available(true).
  void set_sell_offered(bool offered) { sell_offered_ = offered; }
  // A customer could start a purchase now: available, with usable rates.
  bool buy_open(Instant now) const;
  bool sell_offered() const { return sell_offered_; }

  Screen screen() const { return screen_; }
  const Session& session() const { return s_; }
  const Market& market() const { return market_; }
  const Policy& policy() const { return policy_; }
  bool available() const { return available_; }
  const std::string& unavailable_reason() const { return unavailable_reason_; }
  std::optional<Instant> deadline() const { return deadline_; }
  // Offers that may be sold now (fresh rates, or offline within the policy).
  std::vector<AssetOffer> sellable(Instant now) const;
  // Largest amount this session could still accept, and the notes that fit in it.
  Kzt room() const;
  std::vector<Kzt> notes_that_fit() const;
  // Whether a selfie now would raise the session's limit (offered on the insert screen).
  bool can_raise_tier() const;

 private:
  using Fx = std::vector<Effect>;
  void on_touch(const Touch& t, Instant now, Fx& fx);
  void on_wallet(const WalletScanned& w, Instant now, Fx& fx);
  void on_note(const NoteEvent& n, Instant now, Fx& fx);
  void on_tick(Instant now, Fx& fx);
  void on_receipt(const ReceiptDone& r, Instant now, Fx& fx);
  void on_document(const DocumentChecked& d, Instant now, Fx& fx);
  void on_standing(const CustomerStanding& c, Instant now, Fx& fx);
  void on_selfie(const SelfieChecked& c, Instant now, Fx& fx);
  void set_limit(Kzt base);
  compliance::GateContext gate() const { return {s_.tx_id, "cash_in", s_.lang}; }
  void abandon(EndReason why, std::string message, Instant now, Fx& fx);

  void on_escrowed(Kzt note, Instant now, Fx& fx);
  void on_stacked(Kzt note, Instant now, Fx& fx, const char* source = nullptr);
  void on_power_up_in_stacker(Kzt note, Instant now, Fx& fx);
  void on_fault(const NoteEvent& n, Instant now, Fx& fx);
  void open_session(Instant now, Fx& fx);
  void end_session(EndReason why, Instant now, Fx& fx);
  void purchase(Instant now, Fx& fx);
  void go(Screen s, std::optional<Millis> timeout, Instant now);
  void reset();
  Record record(std::string type) const { return Record{s_.tx_id, std::move(type), {}}; }

  Policy policy_;
  WalletResolver resolve_wallet_;
  TxIdSource new_tx_id_;
  Market market_;
  bool available_ = false;
  bool sell_offered_ = false;
  std::string unavailable_reason_ = "starting";
  Screen screen_ = Screen::Welcome;
  std::optional<Instant> deadline_;
  Session s_;
};

// The escrow decision for one note, as a pure function: Accept or Return with a reason key.
struct EscrowDecision {
  bool accept = false;
  std::string
      reason;  // "" when accepted; else "note_not_accepted", "note_over_limit", "quote_expired"
};
EscrowDecision decide_escrow(const Session& s, Kzt note, const Policy& p, const Market& m,
                             Instant now);

// The session's limit from the policy and the link state.
Kzt session_limit(const Policy& p, const Market& m, bool offline);

// Whether rates may be used now: online within max_rate_age, or offline within the offline policy.
bool rates_usable(const Policy& p, const Market& m, Instant now);

}  // namespace kiosk::flows::cash_in
