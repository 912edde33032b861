// One life of the kiosk process inside the simulation: everything a crash loses. It opens the
// store (SQLite, as committed), runs startup recovery, and wires the REAL cash-in flow and shell,
// the REAL CCNET driver (over an in-memory cable to the CCNET device simulator), the REAL outbox
// drain core (offline_queue/outbox_drain) and the supervisor, on virtual time:
//
//   driver ticks, cable bytes, flow deadlines, printer jobs, outbox sends and rates polls are all
//   events on the simulation's queue; nothing sleeps and nothing reads a clock.
//
// What stands in for an Asio shell here (each a few lines, named below): the validator runner
// (tick loop + cable), the rates poller (GET /v1/rates, same filtering), the outbox pump (the
// drain core's loop), the printer shell (the real ESC/POS encoder, then the printer simulator),
// the identification desk (look-up from this kiosk's journal via person_usage; documents arrive
// already read: no camera or MRZ decoding in the loop).
//
// Destroying the object is the crash: every pending event of this life is ignored from then on.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>

#include "devices/ccnet/ccnet_driver.hpp"
#include "devices/escpos/escpos_profile.hpp"
#include "flows/cash_in/cash_in_flow.hpp"
#include "kiosk/config/kiosk_config.hpp"
#include "kiosk/runtime/cash_out_station.hpp"
#include "kiosk/shell/cash_in_shell.hpp"
#include "kiosk/simulate/event_queue.hpp"
#include "kiosk/simulate/sim_devices.hpp"
#include "kiosk/simulate/sim_network.hpp"
#include "kiosk/supervisor.hpp"
#include "offline_queue/journal_sync.hpp"
#include "offline_queue/outbox_drain.hpp"
#include "offline_queue/rates_message.hpp"
#include "offline_queue/store.hpp"

namespace kiosk::simulate {

struct ProcessDeps {
  EventQueue& queue;
  VirtualClock& clock;
  SimDevices& devices;
  SimNetwork& network;
  const app::KioskConfig& config;
  std::string db_path;
  std::string pseudonym_key;
  std::uint64_t random_seed;             // this life's transaction-id suffixes
  const std::set<std::string>& blocked;  // identity keys on the blocked list
};

class KioskProcess {
 public:
  explicit KioskProcess(ProcessDeps deps);
  ~KioskProcess();
  KioskProcess(const KioskProcess&) = delete;
  KioskProcess& operator=(const KioskProcess&) = delete;

  // Opens the store, builds the shells, settles unfinished sessions, starts the driver, the
  // outbox and the rates. Returns the number of sessions recovered, or why it could not start.
  std::expected<std::size_t, std::string> boot();

  // The customer's side of the screen and the camera.
  void touch(const std::string& action, const std::string& value = "");
  void show_wallet_qr(const std::string& payload);
  void show_document(const flows::compliance::DocumentChecked& d);
  void show_selfie(bool ok);
  // A receipt's redeem code held to the camera (read only while the redeem flow asks for one).
  void show_redeem_code(const std::string& code);

  // The REAL cash-out station (flows, shell, LCDM driver on the simulation's dispenser runner);
  // null when the config has no dispenser.
  const app::CashOutStation* station() const { return station_.get(); }
  bool selling() const { return station_ && station_->active(); }
  bool dispensing() const { return station_ && station_->shell().dispensing(); }
  // The operator settled an unknown payout (counted the cassettes): cash-out may resume.
  void lift_cash_out_suspension() {
    if (station_) station_->lift_suspension();
  }
  SimDispenser* dispenser() { return dispenser_; }

  const flows::cash_in::CashInFlow& flow() const { return *flow_; }
  oq::Store& store() { return *store_; }
  // Between customers the simulation parks the tick loop and the rates poll (see README): time
  // then jumps hours without polling a validator nobody uses.
  void set_idle(bool idle);
  bool idle() const { return idle_; }
  // Poll elision (on by default): while the link is steady (the driver quiescent, nothing on the
  // cable, the same request got the same answer three times running, and no event came of it)
  // the tick loop sleeps; the next event of any other kind wakes it (nudge) and it polls at once.
  // The device simulator changes state only when polled or told by an event, so every skipped
  // poll would have been the same bytes with the same answer.
  void set_poll_elision(bool on) { elide_polls_ = on; }
  void nudge();
  // Look at the journal now (the liveness phase: rows appended without an outbox request).
  void nudge_sync() {
    if (!sync_->outstanding()) sync_journal();
  }
  // No frame on the cable, no note being moved.
  bool cable_quiet() const { return answers_in_flight_ == 0; }
  bool exchange_online() const { return online_; }
  std::int64_t kyc_submissions() const { return kyc_submissions_; }  // counted, not sent
  std::int64_t outbox_sent() const { return drain_ ? drain_->counters().sent : 0; }
  const oq::JournalSync& journal_sync() const { return *sync_; }

 private:
  template <class F>
  void later(Millis delay, const char* kind, F f);
  void handle(const flows::cash_in::Event& e);
  void arm_deadline();
  void tick();
  void apply(devices::ValidatorStep step);
  void to_validator(const devices::Bytes& tx);
  void on_validator_event(const devices::ValidatorEvent& e);
  void refresh_availability();
  void pump();
  void kick();
  void sync_journal();
  void poll_rates();
  void on_rates(const oq::ExchangeResult& r);
  void publish_market();
  bool check_printer();
  void look_up(const flows::compliance::CustomerIdentity& who,
               std::function<void(flows::compliance::CustomerStanding)> answer);
  std::expected<void, std::string> boot_cash_out();
  void print(const flows::Receipt& r, std::function<void(bool, std::string)> done);
  void arm_cash_out_deadline();
  void offer_selling();

  ProcessDeps d_;
  app::ShellClock clock_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  std::unique_ptr<oq::Store> store_;
  std::unique_ptr<flows::cash_in::CashInFlow> flow_;
  std::unique_ptr<app::CashInShell> shell_;
  std::unique_ptr<devices::ccnet::CcnetDriver> driver_;
  std::unique_ptr<oq::OutboxDrain> drain_;
  std::unique_ptr<oq::JournalSync> sync_;
  std::unique_ptr<app::CashOutStation> station_;  // after the store: destroyed before it
  SimDispenser* dispenser_ = nullptr;             // owned by the station
  std::uint64_t cash_out_deadline_gen_ = 0;
  std::optional<Instant> cash_out_armed_;
  app::Supervisor supervisor_;
  devices::EscPosProfile printer_profile_;
  flows::cash_in::Market market_;
  bool online_ = false;
  bool idle_ = false, ticking_ = false, polling_rates_ = false;
  bool elide_polls_ = true, sleeping_ = false, events_since_tick_ = false;
  bool link_steady() const;
  devices::Bytes last_tx_, last_answer_;  // the last exchange on the cable
  int repeats_ = 0;                       // ... and how many times in a row it was the same
  int answers_in_flight_ = 0;
  std::int64_t kyc_submissions_ = 0;
  std::uint64_t pump_gen_ = 0, deadline_gen_ = 0, sync_gen_ = 0;
  std::optional<Instant> armed_deadline_;
};

}  // namespace kiosk::simulate
