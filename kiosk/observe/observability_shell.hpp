// The kiosk as seen from outside, on the io_context: the heartbeat to the exchange
// (heartbeat_sender.hpp), /healthz and /metrics on the loopback UI server, and the `kiosk ctl`
// socket (ctl_server.hpp). It owns the device health board (fed by the runtime as events pass)
// and the journal tally (durable counters, folded from the journal: all of it once, then the new
// rows at each report). Everything else it asks the runtime through `facts` when it reports.
// `client` gives the exchange endpoint; the heartbeat uses a connection of its own.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>

#include "kiosk/config/kiosk_config.hpp"
#include "kiosk/observe/ctl_protocol.hpp"
#include "kiosk/observe/ctl_server.hpp"
#include "kiosk/observe/device_health.hpp"
#include "kiosk/observe/heartbeat_sender.hpp"
#include "kiosk/observe/journal_tally.hpp"
#include "kiosk/observe/kiosk_facts.hpp"
#include "kiosk/shell/shell_clock.hpp"
#include "offline_queue/store.hpp"
#include "ui/ui_server.hpp"

namespace kiosk::app {

struct ObservabilityPorts {
  std::function<KioskFacts()> facts;
  // The heartbeat answer's `commands_after` (the exchange's highest command seq for this kiosk).
  std::function<void(std::int64_t)> commands_after;
  // `kiosk ctl refill` journaled these counts: the cash-out station reloads its book (and the
  // simulated cassettes get the notes).
  std::function<void(const std::vector<flows::dispense::Cassette>&)> cassettes_refilled;
};

class ObservabilityShell {
 public:
  ObservabilityShell(boost::asio::io_context& io, const KioskConfig& config,
                     std::string ctl_socket_path, oq::Store& store, oq::ExchangeClient& client,
                     ShellClock clock, ObservabilityPorts ports);
  ~ObservabilityShell();

  // Folds the journal, starts the heartbeat and the ctl socket. A socket that cannot be made is
  // logged (ctl.unavailable) and the kiosk runs without it.
  void start();
  void stop();

  DeviceHealthBoard& devices() { return devices_; }
  ui::HttpAnswer health();
  ui::HttpAnswer metrics();
  oq::Heartbeat heartbeat();
  // The ctl commands; handlers for the maintenance commands are added (replaced) here.
  CtlDispatcher& ctl() { return ctl_; }
  const HeartbeatSender* heartbeat_sender() const { return sender_.get(); }
  const CtlServer* ctl_server() const { return ctl_server_.get(); }

 private:
  void refresh_tally();
  void add_ctl_commands();
  nlohmann::json status_json();
  nlohmann::json devices_json();
  nlohmann::json cassettes_json();
  nlohmann::json journal_tail_json(int n);
  nlohmann::json refill(const nlohmann::json& args);
  std::int64_t uptime_s() const;

  boost::asio::io_context& io_;
  const KioskConfig& config_;
  std::string ctl_path_;
  oq::Store& store_;
  // Its own connection to the exchange: a heartbeat waiting on a slow or partitioned exchange
  // never queues ahead of a customer's request on the main client.
  std::unique_ptr<oq::ExchangeClient> client_;
  ShellClock clock_;
  ObservabilityPorts ports_;
  Instant started_{};
  DeviceHealthBoard devices_;
  JournalTally tally_;
  CtlDispatcher ctl_;
  std::unique_ptr<HeartbeatSender> sender_;
  std::unique_ptr<CtlServer> ctl_server_;
};

}  // namespace kiosk::app
