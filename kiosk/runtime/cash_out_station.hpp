// Cash-out and redeem, wired: the dispenser (a Puloon LCDM driver on its runner), the two pure
// flows, their shell, the cassette counts from the journal, and crash recovery. The runtime
// forwards touches, ticks and rates; the station says whether cash-out can be offered.
//
//   dispenser runner --Ready/LastDispense--> recovery --> available
//   flows --effects--> CashOutShell --> exchange (orders, claims), dispenser, printer, store
//
// Recovery at start-up: payouts with an intent and no result are settled from the dispenser's
// own "last dispense" answer (flows/cash_out/cash_out_recovery.hpp), never by dispensing again;
// an unknown outcome suspends cash-out until an operator counts the cassettes.
//
// Dispenser health (cash_out_station_dispenser.cpp): any fault takes cash-out (and redeem) out of
// service at once, journaled (`cash_out.dispenser_fault` / `cash_out.dispenser_ok`) with its
// reason, and a session in progress is told (DispenserDown): a jam or a note left in the path, a
// device error, a missing cassette or reject tray (from every STATUS, the periodic one included),
// `kPickupErrorsInARow` pick-up errors in a row, the link lost. Recovery: a PURGE once per fault
// (every LCDM model has it), then STATUS: back in service only when it is clean; pick-up errors
// and a lost link clear when the device is re-initialised (Ready); pick-up errors also when the
// cassettes are refilled or the operator puts the kiosk back in service (clear_pickup_errors).
// Right before every claim the dispenser is asked for its STATUS (`check_dispenser`). A dispense
// whose response was lost is settled from the device's LAST STATUS where the model has it
// (kiosk/shell/last_dispense_check), and only otherwise reported unknown (which suspends cash-out).
#pragma once

#include <boost/asio/io_context.hpp>
#include <expected>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>

#include "devices/dispenser_port.hpp"
#include "devices/dispenser_runner.hpp"
#include "devices/lcdm/lcdm_driver.hpp"
#include "flows/cash_in/cash_in_types.hpp"
#include "kiosk/config/kiosk_config.hpp"
#include "kiosk/shell/cash_out_shell.hpp"
#include "kiosk/shell/last_dispense_check.hpp"
#include "kiosk/shell/random_source.hpp"
#include "offline_queue/rates_message.hpp"

namespace kiosk::app {

struct CashOutStationPorts {
  std::function<void(const nlohmann::json&)> show;
  std::function<void(const flows::Receipt&, std::function<void(bool, std::string)>)> print;
  std::function<void()> outbox_kick;
  std::function<void(std::string)> console_log;  // the simulator console, may be empty
  // Whether cash-out may be available changed (a fault, its end, recovery): the runtime
  // journals what is offered at once, not at its next tick. May be empty.
  std::function<void()> availability_changed;
  // Identification (compliance section; empty without it): the identity desk's look-up and KYC.
  decltype(CashOutPorts::look_up_customer) look_up_customer;
  decltype(CashOutPorts::submit_kyc) submit_kyc;
};

// Where the station's waits, exchange calls and transaction ids come from: the io_context, the
// ExchangeClient and the system's randomness in the runtime; the event queue, the simulated
// network and the seed in `kiosk simulate`.
struct CashOutStationEnv {
  ShellScheduler scheduler;
  CashOutExchange::Send send;
  RandomSource random = system_random_source();
};

// The LCDM driver's settings for the configured dispenser (model, cassettes).
std::expected<devices::lcdm::LcdmDriverConfig, std::string> lcdm_driver_config(
    const KioskConfig& config);

class CashOutStation {
 public:
  CashOutStation(boost::asio::io_context& io, const KioskConfig& config, oq::Store& store,
                 oq::ExchangeClient& client, ShellClock clock, CashOutStationPorts ports);
  CashOutStation(CashOutStationEnv env, const KioskConfig& config, oq::Store& store,
                 ShellClock clock, CashOutStationPorts ports);
  ~CashOutStation();

  // The LCDM driver in a DispenserRunner over `link` (needs the io_context constructor).
  std::expected<void, std::string> start(std::unique_ptr<devices::Transport> link);
  // Any dispenser that speaks DispenserPort (the simulation's).
  std::expected<void, std::string> start(std::unique_ptr<devices::DispenserPort> dispenser);
  void stop();
  void replace_transport(std::unique_ptr<devices::Transport> link);

  void set_rates(const std::optional<oq::RatesSnapshot>& rates,
                 const flows::cash_in::Market& cash_in_market);
  // Whether a customer may start a cash-out or redeem now.
  bool offered() const;
  void start_session(CashOutShell::Active which, const std::string& lang);
  bool active() const { return shell_->active() != CashOutShell::Active::None; }
  void touch(const std::string& action, const std::string& value);
  bool wants_redeem_code() const { return shell_->wants_redeem_code(); }
  void code_scanned(const std::string& text) { shell_->code_scanned(text); }
  void tick();
  // A document read, a selfie judged: for the cash-out session's identification screens.
  void identification(const flows::compliance::IdentificationEvent& e);
  void render() { shell_->render(); }

  CashOutShell& shell() { return *shell_; }
  const flows::cash_out::CashOutFlow& flow() const { return *cash_out_; }
  const flows::cash_out::RedeemFlow& redeem() const { return *redeem_; }
  bool suspended() const { return !suspended_reason_.empty(); }
  // Operator actions (remote maintenance): the cassettes were refilled (the journal has the new
  // counts); a suspension (an unknown dispense) is lifted once the operator settled it.
  void cassettes_refilled();
  void lift_suspension();
  // The technician or operator dealt with the pick-up errors (refill, in service): the
  // `pickup_errors` fault clears (journaled `cash_out.dispenser_ok`); other faults stay.
  void clear_pickup_errors();
  // Maintenance (kiosk/maintenance/test_dispense): one note from `cassette` into the reject tray.
  // `then` gets the driver's outcome once; refused at once (Partial, "refused: <why>", nothing
  // sent) while a payout, purge, recovery or another test runs, or the dispenser is not ready.
  // The caller journals the outcome in `then`; the station reloads the book afterwards.
  void test_dispense(int cassette, std::function<void(const devices::DispenseOutcome&)> then);
  const std::string& suspended_reason() const { return suspended_reason_; }
  std::size_t recovered() const { return recovered_; }
  bool dispenser_ready() const { return dispenser_ready_; }
  // Why the dispenser must not pay now ("" when it may): "dispenser_fault", "dispenser_link_lost",
  // "pickup_errors"; `dispenser_fault_detail()` says what the device reported.
  const std::string& dispenser_fault() const { return fault_; }
  const std::string& dispenser_fault_detail() const { return fault_detail_; }
  // Why offered() is false ("" when it is true): the flow's reason, "offline" or "no_cash".
  std::string unoffered_reason() const;
  nlohmann::json state() const;  // cassettes and status, for the simulator console
  // Reads the cassette counts from the journal again (after a refill journaled while running).
  void reload_cassettes();

 private:
  void on_dispenser_event(const devices::DispenserEvent& e);
  void recover(const std::optional<devices::DispenseOutcome>& last);
  void refresh_availability();
  void suspend(const std::string& reason);
  // Dispenser health (cash_out_station_dispenser.cpp).
  void on_status(const devices::DispenserStatus& s);
  void set_fault(const std::string& reason, const std::string& detail);
  void clear_fault();
  void try_purge();
  void on_dispense_done(const devices::DispenseOutcome& o);
  void on_test_dispense_done(const devices::DispenseOutcome& o);
  void on_purge_done(const devices::DispenserEvent& e);
  void on_last_dispense(const devices::DispenserEvent& e);
  void finish_dispense(const devices::DispenseOutcome& o);
  void check_dispenser(std::function<void(bool)> then);
  void answer_checks(bool status_seen);  // a STATUS answered (else: no answer, link lost)

  boost::asio::io_context* io_ = nullptr;  // only for start(Transport)
  const KioskConfig& config_;
  oq::Store& store_;
  ShellClock clock_;
  CashOutStationPorts ports_;
  std::unique_ptr<CashOutExchange> exchange_;
  std::unique_ptr<flows::cash_out::CashOutFlow> cash_out_;
  std::unique_ptr<flows::cash_out::RedeemFlow> redeem_;
  std::unique_ptr<CashOutShell> shell_;
  std::unique_ptr<devices::DispenserPort> dispenser_;
  devices::DispenserRunner* runner_ = nullptr;  // dispenser_ when it is one (replace_transport)
  std::vector<flows::dispense::Cassette> cassettes_;
  std::function<void(const devices::DispenseOutcome&)> dispense_done_;
  std::function<void(const devices::DispenseOutcome&)> test_done_;  // a test dispense in flight
  bool dispenser_ready_ = false;
  bool recovery_pending_ = true;
  bool online_ = false;
  std::size_t recovered_ = 0;
  std::string suspended_reason_;
  std::string fault_, fault_detail_;  // dispenser_fault()
  bool purge_tried_ = false;          // once per fault
  bool purging_ = false;
  // A payout did not end cleanly and its STATUS has not answered yet: selling waits for it, so
  // the next customer is not identified for a dispenser about to be found jammed.
  bool checking_after_payout_ = false;
  int pickup_errors_ = 0;                          // in a row
  std::vector<std::function<void(bool)>> checks_;  // waiting for a STATUS answer
  std::vector<int> sent_;                          // the dispense in flight
  std::optional<devices::DispenseOutcome> lost_;   // its Unknown outcome while LAST STATUS is asked
  DeviceBefore before_;                            // the device's operation before it
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace kiosk::app
