// The simulated world of `kiosk run --sim`: the devices' other side (a CCNET or ID003 validator as
// the config names it, and an ESC/POS printer, speaking real bytes over in-memory links), the
// exchange simulator on loopback and the synthetic camera. The simulator console (/sim) and
// scenarios act on it as the customer and the world: insert notes, show a QR, jam or unplug a
// device, cut the exchange link.
#pragma once

#include <boost/asio/io_context.hpp>
#include <expected>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>

#include "devices/memory_transport.hpp"
#include "flows/compliance/identity.hpp"
#include "kiosk/config/kiosk_config.hpp"
#include "kiosk/runtime/sim_validator.hpp"
#include "kiosk/shell/shell_clock.hpp"
#include "sim/camera/synthetic_camera.hpp"
#include "sim/escpos/escpos_printer_sim.hpp"
#include "sim/exchange/exchange_sim.hpp"
#include "sim/lcdm/lcdm_device_sim.hpp"

namespace kiosk::app {

// The synthetic identity document for a sim console or scenario request
// ({"kind": "id_card" | "passport", "seed": n, "expired": bool}), and the person on it.
cv::Mat render_sim_document(const nlohmann::json& msg);
flows::compliance::CustomerIdentity sim_document_holder(const nlohmann::json& msg);

class SimWorld {
 public:
  // Starts the exchange simulator unless `external_exchange` (then the kiosk talks to that URL).
  SimWorld(boost::asio::io_context& io, const KioskConfig& config, const std::string& secret,
           ShellClock clock, bool external_exchange);
  ~SimWorld();

  std::string exchange_url() const;  // empty with an external exchange
  std::unique_ptr<devices::Transport> validator_link();
  std::unique_ptr<devices::Transport> printer_link();
  std::unique_ptr<devices::Transport> dispenser_link();  // needs a dispenser in the config
  devices::FrameSource& camera() { return camera_; }

  // A new validator link after a replug: the runtime hands it to the validator's runner.
  void on_validator_replugged(std::function<void(std::unique_ptr<devices::Transport>)> cb) {
    replug_validator_ = std::move(cb);
  }

  // The pseudonym the kiosk gives a person (the exchange's usage is kept under it), and a nudge
  // to fetch the blocked list now: both set by the runtime when it identifies customers.
  void on_identity(std::function<std::string(const flows::compliance::CustomerIdentity&)> pseudonym,
                   std::function<void()> blocked_list_changed) {
    pseudonym_ = std::move(pseudonym);
    blocked_list_changed_ = std::move(blocked_list_changed);
  }

  void on_dispenser_replugged(std::function<void(std::unique_ptr<devices::Transport>)> cb) {
    replug_dispenser_ = std::move(cb);
  }

  // A console or scenario action ({"action": "insert_note", "kzt": 5000}, see ui/README.md).
  std::expected<std::string, std::string> act(const nlohmann::json& msg);
  nlohmann::json state() const;  // for the console: devices, receipts, counters, exchange

  SimValidator& validator() { return *validator_; }
  // Tenge in the simulated validator's cassette, whichever protocol it speaks.
  std::int64_t validator_stacked_kzt() const { return validator_->counters().stacked_value(); }
  // The kiosk's validator is this simulator (false when the config puts it on a tty or usb).
  bool validator_in_use() const { return validator_link_ != nullptr; }
  sim::EscPosPrinterSim& printer() { return *printer_; }
  sim::ExchangeSim* exchange() { return exchange_.get(); }
  sim::SyntheticCamera& synthetic_camera() { return camera_; }
  sim::lcdm::LcdmDeviceSim* dispenser() { return dispenser_.get(); }
  // The kiosk's dispenser is this simulator (false when the config puts it on a tty or usb).
  bool dispenser_in_use() const { return dispenser_link_ != nullptr; }
  // Banknotes the dispenser sim delivered to customers, in KZT (the physical truth).
  std::int64_t dispensed_value_kzt() const;

 private:
  std::unique_ptr<devices::MemoryTransport> link(std::shared_ptr<devices::DeviceEndpoint> ep,
                                                 std::string name);
  std::expected<std::string, std::string> unplug(const std::string& device, bool plug_in);
  // Cash-out actions (sim_world_cash_out.cpp): the dispenser's faults and the customer's deposit.
  std::optional<std::expected<std::string, std::string>> act_cash_out(const nlohmann::json& msg);
  // Identification actions (sim_world_identity.cpp): documents and faces to the camera, the
  // exchange's blocked list and a person's usage.
  std::optional<std::expected<std::string, std::string>> act_identity(const nlohmann::json& msg);
  nlohmann::json dispenser_state() const;

  boost::asio::io_context& io_;
  ShellClock clock_;
  std::shared_ptr<SimValidator> validator_;
  std::string validator_protocol_;
  std::shared_ptr<sim::EscPosPrinterSim> printer_;
  std::unique_ptr<sim::ExchangeSim> exchange_;
  sim::SyntheticCamera camera_;
  devices::MemoryTransport* validator_link_ = nullptr;  // owned by the validator's runner
  devices::MemoryTransport* printer_link_ = nullptr;    // owned by the printer
  bool validator_plugged_ = true, printer_plugged_ = true;
  std::function<void(std::unique_ptr<devices::Transport>)> replug_validator_;
  std::shared_ptr<sim::lcdm::LcdmDeviceSim> dispenser_;
  devices::MemoryTransport* dispenser_link_ = nullptr;  // owned by the dispenser's runner
  bool dispenser_plugged_ = true;
  std::function<void(std::unique_ptr<devices::Transport>)> replug_dispenser_;
  std::string last_qr_;
  std::string kiosk_id_;  // the technician badges the console shows name it
  std::function<std::string(const flows::compliance::CustomerIdentity&)> pseudonym_;
  std::function<void()> blocked_list_changed_;
};

}  // namespace kiosk::app
