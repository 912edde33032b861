// The simulated world of `kiosk run --sim`: the devices' other side (a CCNET validator and an
// ESC/POS printer speaking real bytes over in-memory links), the exchange simulator on loopback and
// the synthetic camera. The simulator console (/sim) and scenarios act on it as the customer and
// the world: insert notes, show a QR, jam or unplug a device, cut the exchange link.
#pragma once

#include <boost/asio/io_context.hpp>
#include <expected>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>

#include "devices/memory_transport.hpp"
#include "kiosk/config/kiosk_config.hpp"
#include "kiosk/shell/shell_clock.hpp"
#include "sim/camera/synthetic_camera.hpp"
#include "sim/ccnet/ccnet_device_sim.hpp"
#include "sim/escpos/escpos_printer_sim.hpp"
#include "sim/exchange/exchange_sim.hpp"
#include "sim/ssp/ssp_device_sim.hpp"

namespace kiosk::app {

class SimWorld {
 public:
  // Starts the exchange simulator unless `external_exchange` (then the kiosk talks to that URL).
  SimWorld(boost::asio::io_context& io, const KioskConfig& config, const std::string& secret,
           ShellClock clock, bool external_exchange);
  ~SimWorld();

  std::string exchange_url() const;  // empty with an external exchange
  std::unique_ptr<devices::Transport> validator_link();
  std::unique_ptr<devices::Transport> printer_link();
  devices::FrameSource& camera() { return camera_; }

  // A new validator link after a replug: the runtime hands it to the validator's runner.
  void on_validator_replugged(std::function<void(std::unique_ptr<devices::Transport>)> cb) {
    replug_validator_ = std::move(cb);
  }

  // A console or scenario action ({"action": "insert_note", "kzt": 5000}, see ui/README.md).
  std::expected<std::string, std::string> act(const nlohmann::json& msg);
  nlohmann::json state() const;  // for the console: devices, receipts, counters, exchange

  sim::ccnet::CcnetDeviceSim& validator() { return *validator_; }
  // Tenge in the simulated validator's cassette, whichever protocol it speaks.
  std::int64_t validator_stacked_kzt() const;
  sim::EscPosPrinterSim& printer() { return *printer_; }
  sim::ExchangeSim* exchange() { return exchange_.get(); }
  sim::SyntheticCamera& synthetic_camera() { return camera_; }

 private:
  std::unique_ptr<devices::MemoryTransport> link(std::shared_ptr<devices::DeviceEndpoint> ep,
                                                 std::string name);
  std::expected<std::string, std::string> unplug(const std::string& device, bool plug_in);
  // The validator actions for an SSP unit (sim_world_ssp.cpp); nullopt: not a validator action.
  std::optional<std::expected<std::string, std::string>> act_ssp(const nlohmann::json& msg);
  void ssp_state(nlohmann::json& state) const;

  boost::asio::io_context& io_;
  ShellClock clock_;
  std::shared_ptr<sim::ccnet::CcnetDeviceSim> validator_;
  std::shared_ptr<sim::ssp::SspDeviceSim> ssp_validator_;  // set when the validator speaks "ssp"
  std::shared_ptr<sim::EscPosPrinterSim> printer_;
  std::unique_ptr<sim::ExchangeSim> exchange_;
  sim::SyntheticCamera camera_;
  devices::MemoryTransport* validator_link_ = nullptr;  // owned by the validator's runner
  devices::MemoryTransport* printer_link_ = nullptr;    // owned by the printer
  bool validator_plugged_ = true, printer_plugged_ = true;
  std::function<void(std::unique_ptr<devices::Transport>)> replug_validator_;
  std::string last_qr_;
};

}  // namespace kiosk::app
