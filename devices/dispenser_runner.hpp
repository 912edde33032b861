// The Asio shell that joins any CashDispenserDriver (Puloon LCDM-1000/2000/4000) to any Transport.
// The tick timer, event delivery (in order, never re-entrantly) and link-loss handling are the
// shared DriverShell's (devices/driver_shell.hpp); this class only adds the dispenser commands.
// All methods must be called on the io_context thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "devices/cash_dispenser.hpp"
#include "devices/dispenser_port.hpp"
#include "devices/driver_shell.hpp"

namespace kiosk::devices {

class DispenserRunner final : public DispenserPort {
 public:
  DispenserRunner(boost::asio::io_context& io, std::unique_ptr<CashDispenserDriver> driver,
                  std::unique_ptr<Transport> transport, std::function<Instant()> now);

  // Starts the transport and the tick timer; the device is initialised (Ready follows).
  void start(OnEvent on_event) override { shell_.start(std::move(on_event)); }
  // The caller has journaled its intent first; the answer is one DispenseDone event.
  void dispense(const std::vector<int>& per_cassette) override;
  // One note from `cassette` into the reject tray; the answer is one TestDispenseDone event.
  void test_dispense(int cassette) override;
  void purge() override;
  void status() override;
  void last_dispense() override;
  // Stops ticking and closes the transport; no event is delivered afterwards.
  void stop() override { shell_.stop(); }
  void replace_transport(std::unique_ptr<Transport> t) { shell_.replace_transport(std::move(t)); }

  const CashDispenserDriver& driver() const { return shell_.driver(); }
  bool link_up() const { return shell_.link_up(); }
  std::string transport_name() const { return shell_.transport_name(); }

 private:
  DriverShell<CashDispenserDriver, DispenserEvent, DispenserStep> shell_;
};

}  // namespace kiosk::devices
