// The running kiosk: builds every piece from the config, wires them on one io_context, and keeps
// them in step. Nothing outside kiosk/ knows how things are wired.
//
//   validator runner --events--> supervisor + cash-in shell --effects--> validator, printer, store
//   rates poller --market--> flow          outbox pump --> exchange          UI server <--> shell
//   journal sync --journal rows--> exchange (POST /v1/journal, acked_through kept in the store)
//   QR scanner (own threads, only while the scan screen is up) --payload--> shell
//
// In `--sim` mode a SimWorld supplies the devices' other side, the exchange and the camera.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <expected>
#include <memory>
#include <optional>

#include "devices/device_link.hpp"
#include "devices/escpos/escpos_printer.hpp"
#include "devices/qr/qr_scanner.hpp"
#include "devices/validator_runner.hpp"
#include "flows/cash_in/cash_in_flow.hpp"
#include "kiosk/config/kiosk_config.hpp"
#include "kiosk/maintenance/command_poller.hpp"
#include "kiosk/maintenance/mode_keeper.hpp"
#include "kiosk/maintenance/test_dispense.hpp"
#include "kiosk/observe/observability_shell.hpp"
#include "kiosk/runtime/cash_out_station.hpp"
#include "kiosk/runtime/identity_desk.hpp"
#include "kiosk/runtime/sim_world.hpp"
#include "kiosk/runtime/technician_desk.hpp"
#include "kiosk/shell/cash_in_shell.hpp"
#include "kiosk/shell/cassette_refill.hpp"
#include "kiosk/shell/rates_poller.hpp"
#include "kiosk/supervisor.hpp"
#include "offline_queue/exchange_client.hpp"
#include "offline_queue/journal_sync_pump.hpp"
#include "offline_queue/outbox_pump.hpp"
#include "offline_queue/store.hpp"
#include "ui/ui_server.hpp"

namespace kiosk::app {

struct RunOptions {
  KioskConfig config;
  bool sim = false;
  std::optional<std::string> db_path;       // overrides storage.db_path
  std::optional<int> port;                  // overrides ui.port
  std::optional<std::string> exchange_url;  // overrides exchange.url (sim: an external simulator)
};

class KioskRuntime {
 public:
  KioskRuntime(boost::asio::io_context& io, RunOptions options);
  ~KioskRuntime();

  // Opens the store, settles unfinished sessions, starts devices, the exchange link and the UI.
  std::expected<void, std::string> start();
  // Ends a session in progress (credited cash is bought), waits up to `grace` for a note in
  // motion to settle, stops everything, then calls `done`.
  void shutdown(Millis grace, std::function<void()> done);

  std::uint16_t ui_port() const { return ui_ ? ui_->port() : 0; }
  flows::cash_in::CashInFlow& flow() { return *flow_; }
  CashInShell& shell() { return *shell_; }
  oq::Store& store() { return *store_; }
  SimWorld* sim() { return sim_.get(); }
  CashOutStation* cash_out() { return cash_out_.get(); }
  IdentityDesk* identity() { return identity_.get(); }
  // The screen the customer sees: the cash-in flow's, or the cash-out station's while it is active.
  std::string screen_name() const;
  // A touch from the customer screen (or a scenario), routed to the flow that has the screen.
  void touch(const std::string& action, const std::string& value);
  const Supervisor& supervisor() const { return supervisor_; }
  // What a customer may start now (buy, sell) and why not.
  const Offers& offers() const { return offers_; }
  oq::OutboxPump& pump() { return *pump_; }
  oq::JournalSyncPump& journal_sync() { return *journal_sync_; }
  std::size_t recovered_sessions() const { return recovered_; }

  // Remote maintenance (kiosk_runtime_operator.cpp).
  // (b) The operator's mode, on site (`kiosk ctl maintenance on|off`) or by a signed command:
  // maintenance / out of service wait for a customer's session to end (Pending), in service is
  // immediate. `actor` names who asked ("ctl:<user>", "operator:<command id>"); `message` is shown
  // to customers while out of service. Journaled (`kiosk.mode_changed`), survives a restart.
  std::expected<ModeOutcome, std::string> request_mode(OperatorMode target,
                                                       const std::string& actor,
                                                       const std::string& message = "");
  const ModeBook& operator_mode() const { return modes_->book(); }
  // (a) A heartbeat answer's `commands_after`: polls for operator commands at once when `seq` is
  // above the highest command this kiosk has executed.
  void on_commands_after(std::int64_t seq);
  // A customer is in a session (buying past the welcome screen, selling or redeeming).
  bool customer_in_session() const;
  // What the `status` command reports: modes, offers, outbox, cash (also for `kiosk ctl status`).
  nlohmann::json status_json();
  CommandPoller* commands() { return commands_.get(); }
  // The operator's `restart` command stopped the kiosk: `kiosk run` exits with kExitRestart, which
  // kiosk.service restarts (RestartForceExitStatus=75) although Restart=on-failure.
  bool restart_requested() const { return restart_requested_; }
  static constexpr int kExitRestart = 75;
  bool exchange_online() const { return rates_ && rates_->online(); }
  // In service with usable rates: a customer could start a purchase now.
  bool open_for_customers() const {
    return flow_->available() && !flow_->sellable(clock_.now()).empty();
  }
  // Maintenance actions (kiosk_runtime_maintenance.cpp), for the operator's commands, `kiosk ctl`
  // and the technician screen; `actor` is journaled ("operator:<id>", "ctl", "technician:<id>").
  // A refill: the counted notes per cassette become the book (with its reconciliation); refused
  // (`busy`) while a customer is in a session. Clears pick-up errors.
  std::expected<nlohmann::json, RefillError> refill_cassettes_now(
      const std::vector<flows::dispense::Cassette>& counted, int reject_emptied,
      const std::string& actor);
  // A test dispense into the reject tray (maintenance only, no customer in a session: reason
  // `busy` otherwise); `done` once with the report.
  void test_dispense(TestDispenseRequest req, std::function<void(MaintenanceDone)> done);
  // The printer's test page (kiosk id, time, version, printer status), journaled
  // `maintenance.test_printed` with the actor; refused `busy` while a customer is in a session.
  void test_print(const std::string& actor, std::function<void(MaintenanceDone)> done);
  // The operator's config change (kiosk/maintenance/config_overlay.hpp): validated like the file,
  // versioned, journaled with the actor, kept in the database and applied at the next start
  // (`restart_required` in the report lists the keys). Refused `busy` during a session,
  // `bad_args` with the loader's messages when invalid.
  MaintenanceDone set_config(const nlohmann::json& patch, const std::string& actor);
  // Heartbeat, /healthz, /metrics and the `kiosk ctl` socket (kiosk/observe/).
  ObservabilityShell* observability() { return observe_.get(); }
  // What the observability shell reports (kiosk_runtime_observe.cpp).
  KioskFacts observed_facts() const;

 private:
  std::expected<void, std::string> open_store();
  std::expected<void, std::string> start_devices();
  std::expected<void, std::string> start_ui();
  void build_flow();
  void on_validator_event(const devices::ValidatorEvent& e);
  void on_ui_message(ui::Channel ch, const nlohmann::json& msg);
  void on_tick();
  void update_scanner();
  void customer_steps_back();
  std::pair<CameraUse, std::string> camera_use() const;
  void refresh_availability();
  // Recomputes what is offered (buy, sell); a change is journaled (`kiosk.offers_changed`) and
  // re-rendered.
  void refresh_offers();
  void refresh_offline_exposure();
  void check_printer();
  std::expected<void, std::string> start_cash_out();
  std::expected<void, std::string> start_identity(devices::FrameSource& cam);
  void show_customer(nlohmann::json screen);
  std::expected<void, std::string> start_operator();
  void settle_operator_mode();
  void run_command(const oq::OperatorCommand& c, std::function<void(CommandOutcome)> done);
  CommandOutcome refill(const oq::OperatorCommand& c);
  // The `refill` command's work, for the operator's command and the technician's screen alike.
  CommandOutcome refill_counted(const nlohmann::json& args, const std::string& actor);
  // kiosk_runtime_technician.cpp: the badge-opened technician screen (with the operator's key
  // only), and the welcome / out-of-service screens' "service" touch that opens it.
  std::expected<void, std::string> start_technician();
  void technician_closed();
  bool technician_has_screen() const { return technician_ && technician_->active(); }
  // After a refill journaled by anyone: the simulated cassettes, the station's book, the offers.
  void cassettes_refilled(const std::vector<flows::dispense::Cassette>& counted);
  void add_ctl_maintenance();
  // kiosk_runtime_observe.cpp: builds the observability shell; the hook below gets the
  // heartbeat answer's `commands_after`.
  void start_observability();
  void on_heartbeat_commands_after(std::int64_t seq);

  boost::asio::io_context& io_;
  RunOptions opt_;
  ShellClock clock_ = system_shell_clock();
  std::string secret_;
  std::unique_ptr<oq::Store> store_;
  std::unique_ptr<SimWorld> sim_;
  std::unique_ptr<oq::ExchangeClient> client_;
  std::unique_ptr<oq::OutboxPump> pump_;
  std::unique_ptr<oq::JournalSyncPump> journal_sync_;
  std::unique_ptr<flows::cash_in::CashInFlow> flow_;
  std::unique_ptr<CashInShell> shell_;
  std::unique_ptr<RatesPoller> rates_;
  std::unique_ptr<devices::ValidatorRunner> validator_;
  std::unique_ptr<devices::EscPosPrinter> printer_;
  std::unique_ptr<devices::FrameSource> camera_;  // v4l2, video, images (sim: SimWorld's)
  std::unique_ptr<devices::QrScanner> scanner_;
  std::unique_ptr<ui::UiServer> ui_;
  std::unique_ptr<CashOutStation> cash_out_;
  std::unique_ptr<IdentityDesk> identity_;  // with a compliance section only
  std::unique_ptr<ObservabilityShell> observe_;
  std::int64_t commands_after_ = 0;  // the exchange's highest command seq, from the heartbeat
  // Re-open the tty/usb links of the validator, dispenser and printer after an unplug (not sim).
  std::unique_ptr<devices::DeviceLink> validator_link_, dispenser_link_, printer_link_;
  Offers offers_;  // as last journaled and shown
  bool offers_journaled_ = false;
  nlohmann::json shown_;  // the customer screen on display, with the "actions" it offers
  CameraUse identity_camera_ = CameraUse::None;  // as last given to the identity desk
  Supervisor supervisor_;
  std::unique_ptr<ModeKeeper> modes_;
  std::unique_ptr<CommandPoller> commands_;     // with operator.command_public_key_file only
  std::unique_ptr<TechnicianDesk> technician_;  // likewise
  bool restart_requested_ = false;
  boost::asio::steady_timer tick_timer_;
  std::int64_t ticks_ = 0;
  std::size_t recovered_ = 0;
  void console_log(std::string line);

  nlohmann::json last_sim_state_;
  std::deque<std::string> console_log_;  // the simulator console's log, newest last
  bool stopping_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace kiosk::app
