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
#pragma once

#include <boost/asio/io_context.hpp>
#include <expected>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>

#include "devices/dispenser_runner.hpp"
#include "flows/cash_in/cash_in_types.hpp"
#include "kiosk/config/kiosk_config.hpp"
#include "kiosk/shell/cash_out_shell.hpp"
#include "offline_queue/rates_message.hpp"

namespace kiosk::app {

struct CashOutStationPorts {
  std::function<void(const nlohmann::json&)> show;
  std::function<void(const flows::Receipt&, std::function<void(bool, std::string)>)> print;
  std::function<void()> outbox_kick;
  std::function<void(std::string)> console_log;  // the simulator console, may be empty
  // Identification (compliance section; empty without it): the identity desk's look-up and KYC.
  decltype(CashOutPorts::look_up_customer) look_up_customer;
  decltype(CashOutPorts::submit_kyc) submit_kyc;
};

class CashOutStation {
 public:
  CashOutStation(boost::asio::io_context& io, const KioskConfig& config, oq::Store& store,
                 oq::ExchangeClient& client, ShellClock clock, CashOutStationPorts ports);
  ~CashOutStation();

  std::expected<void, std::string> start(std::unique_ptr<devices::Transport> link);
  void stop();
  void replace_transport(std::unique_ptr<devices::Transport> link);

  void set_rates(const std::optional<oq::RatesSnapshot>& rates,
                 const flows::cash_in::Market& cash_in_market);
  // Whether a customer may start a cash-out or redeem now.
  bool offered() const;
  void start_session(CashOutShell::Active which, const std::string& lang);
  bool active() const { return shell_->active() != CashOutShell::Active::None; }
  void touch(const std::string& action, const std::string& value);
  void tick();
  // A document read, a selfie judged: for the cash-out session's identification screens.
  void identification(const flows::compliance::IdentificationEvent& e);
  void render() { shell_->render(); }

  CashOutShell& shell() { return *shell_; }
  const flows::cash_out::CashOutFlow& flow() const { return *cash_out_; }
  const flows::cash_out::RedeemFlow& redeem() const { return *redeem_; }
  bool suspended() const { return !suspended_reason_.empty(); }
  const std::string& suspended_reason() const { return suspended_reason_; }
  std::size_t recovered() const { return recovered_; }
  bool dispenser_ready() const { return dispenser_ready_; }
  nlohmann::json state() const;  // cassettes and status, for the simulator console

 private:
  void on_dispenser_event(const devices::DispenserEvent& e);
  void recover(const std::optional<devices::DispenseOutcome>& last);
  void reload_cassettes();
  void refresh_availability();
  void suspend(const std::string& reason);

  boost::asio::io_context& io_;
  const KioskConfig& config_;
  oq::Store& store_;
  ShellClock clock_;
  CashOutStationPorts ports_;
  std::unique_ptr<CashOutExchange> exchange_;
  std::unique_ptr<flows::cash_out::CashOutFlow> cash_out_;
  std::unique_ptr<flows::cash_out::RedeemFlow> redeem_;
  std::unique_ptr<CashOutShell> shell_;
  std::unique_ptr<devices::DispenserRunner> dispenser_;
  std::vector<flows::dispense::Cassette> cassettes_;
  std::function<void(const devices::DispenseOutcome&)> dispense_done_;
  bool dispenser_ready_ = false;
  bool recovery_pending_ = true;
  bool online_ = false;
  std::size_t recovered_ = 0;
  std::string suspended_reason_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace kiosk::app
