// The shell around the pure cash-out and redeem flows (flows/cash_out/): feeds the active flow its
// events with the time and carries out its effects in order, money first.
//
//  * Journal before act: a Journal effect is appended before the next effect runs; if it cannot
//    be written nothing more moves money and cash-out is suspended.
//  * The exchange: orders are created and watched directly (cash-out needs the exchange now); a
//    settled deposit is CLAIMED at the exchange before the flow hears "confirmed", so an order or
//    redeem code pays out at most once whichever kiosk asks; a claim is made only when the
//    cassettes can pay the order (the same planner the flow uses) and the dispenser, asked right
//    then, reports no fault, so no claim is left unpaid.
//  * Dispense: the flow's intent row, then the DispenseExecutor's batch rows around each command.
//  * ReportDispensed: the journal row and the outbox request in one transaction.
//  * Identification: LookUpCustomer and SubmitKyc go to the identification desk (ports).
//
// Only one of the two flows is active at a time; the runtime chooses it.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>

#include "flows/cash_out/cash_out_flow.hpp"
#include "flows/cash_out/redeem_flow.hpp"
#include "kiosk/shell/cash_out_exchange.hpp"
#include "kiosk/shell/dispense_executor.hpp"
#include "kiosk/shell/shell_clock.hpp"
#include "kiosk/shell/shell_scheduler.hpp"
#include "offline_queue/store.hpp"

namespace kiosk::app {

struct CashOutPorts {
  DispenseCommand dispense;
  std::function<void(const flows::Receipt&, std::function<void(bool, std::string)>)> print;
  std::function<void(const nlohmann::json&)> show;
  std::function<void()> outbox_kick;
  std::function<void(const std::string& reason)> suspend;  // cash-out out of service
  // Asks the dispenser for its state now and answers whether it can pay (no fault, link up). Made
  // right before every claim: an order is never claimed for a dispenser that cannot pay it. Empty:
  // no check (tests of the shell alone).
  std::function<void(std::function<void(bool)>)> check_dispenser;
  // Identification (the compliance section): the person's standing, the KYC submission.
  std::function<void(const flows::compliance::CustomerIdentity&,
                     std::function<void(flows::compliance::CustomerStanding)>)>
      look_up_customer;
  std::function<void(const flows::compliance::SubmitKyc&)> submit_kyc;
};

class CashOutShell {
 public:
  enum class Active { None, CashOut, Redeem };

  // Waits (the order poll, a retry) go through `scheduler`: the io_context's timers in the
  // runtime, the event queue in `kiosk simulate`.
  CashOutShell(ShellScheduler scheduler, flows::cash_out::CashOutFlow& cash_out,
               flows::cash_out::RedeemFlow& redeem, oq::Store& store, CashOutExchange& exchange,
               CashOutPorts ports, ShellClock clock);
  CashOutShell(boost::asio::io_context& io, flows::cash_out::CashOutFlow& cash_out,
               flows::cash_out::RedeemFlow& redeem, oq::Store& store, CashOutExchange& exchange,
               CashOutPorts ports, ShellClock clock)
      : CashOutShell(asio_scheduler(io), cash_out, redeem, store, exchange, std::move(ports),
                     std::move(clock)) {}
  ~CashOutShell();

  // The cassettes as counted now (the runtime's cassette book): for the flows' plans and claims.
  void set_cassettes(std::vector<flows::dispense::Cassette> cassettes);
  // Starts a session in `lang`: the cash-out flow (choose asset) or the redeem flow (enter code).
  void start(Active which, const std::string& lang);
  void handle(const flows::cash_out::Event& e);
  void touch(const std::string& action, const std::string& value);  // from the customer screen
  // Whether the redeem flow waits for a code: the camera reads the receipt's QR then, and only
  // then.
  bool wants_redeem_code() const;
  // A QR the camera read while wants_redeem_code(): the code as if typed (ignored otherwise).
  void code_scanned(const std::string& text);
  void run_effects(const std::vector<flows::cash_out::Effect>& fx);
  void render();

  Active active() const { return active_; }
  // The active flow's screen for scenarios and the console: "sell.awaiting_deposit",
  // "redeem.scan_code", or "none".
  std::string screen_name() const;
  bool dispensing() const { return executor_.busy(); }
  bool journal_failed() const { return journal_failed_; }
  const std::string& typed_code() const { return typed_code_; }

 private:
  bool journal(const flows::Record& r);
  struct ClaimAnswer {
    bool granted = false;
    std::string code;  // the refusal, e.g. "already_claimed"
  };
  bool report(const flows::cash_out::ReportDispensed& r);
  void create_order(const flows::cash_out::CreateOrder& c, int attempt);
  void watch(const std::string& order_id);
  void poll_order();
  void on_order_view(const oq::OrderView& v);
  void look_up(const flows::cash_out::LookUpRedeem& l);
  void look_up_customer(const flows::compliance::CustomerIdentity& who);
  void dispense(const flows::cash_out::Dispense& d, bool stopped);
  void print(const flows::Receipt& r);
  bool payable_now(flows::Kzt amount) const;
  // `then(true)` when the dispenser answers that it can pay now (ports_.check_dispenser).
  void check_dispenser(std::function<void(bool)> then);
  bool dispensed_here(const std::string& order_id);
  // Claims the order; `then` gets the answer, or nullopt when the exchange did not answer.
  void claim_then(const oq::OrderView& v, const std::string& key,
                  std::function<void(std::optional<ClaimAnswer>)> then);
  void update_active();
  std::string session_tx() const;

  ShellScheduler scheduler_;
  flows::cash_out::CashOutFlow& cash_out_;
  flows::cash_out::RedeemFlow& redeem_;
  oq::Store& store_;
  CashOutExchange& exchange_;
  CashOutPorts ports_;
  ShellClock clock_;
  DispenseExecutor executor_;
  std::uint64_t poll_gen_ = 0;  // a poll wait runs only if no later wait or stop replaced it
  Active active_ = Active::None;
  std::string lang_ = "ru";
  std::vector<flows::dispense::Cassette> cassettes_;
  std::string watched_order_;
  std::string claim_key_;
  flows::Kzt last_planned_{};  // of the last dispense result row, for the exchange report
  bool poll_in_flight_ = false;
  bool journal_failed_ = false;
  std::string typed_code_;
  nlohmann::json last_screen_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

// The on-screen keypad's 10 characters as a redeem code: "R-ABCDE-FGHJK".
std::string redeem_code_from_keys(const std::string& keys);

}  // namespace kiosk::app
