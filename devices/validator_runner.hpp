// The Asio shell that joins any BillValidatorDriver (CCNET, ID003, SSP) to any Transport.
//
// The tick timer, in-order non-re-entrant event delivery and link-loss handling are the shared
// DriverShell's (devices/driver_shell.hpp, where the rules are written down); this class only adds
// the validator commands. An event handler may call stack() at once: the command goes out
// immediately and the events it causes follow the current one.
//
// All methods must be called on the io_context thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "devices/bill_validator.hpp"
#include "devices/driver_shell.hpp"

namespace kiosk::devices {

class ValidatorRunner {
 public:
  using OnEvent = std::function<void(const ValidatorEvent&)>;

  ValidatorRunner(boost::asio::io_context& io, std::unique_ptr<BillValidatorDriver> driver,
                  std::unique_ptr<Transport> transport, std::function<Instant()> now);
  ValidatorRunner(const ValidatorRunner&) = delete;
  ValidatorRunner& operator=(const ValidatorRunner&) = delete;

  // Starts the transport and the tick timer; the first poll goes out at once.
  void start(OnEvent on_event) { shell_.start(std::move(on_event)); }
  void enable(const std::vector<flows::Kzt>& denominations);
  void disable();
  void stack();
  void return_note();
  // Stops ticking and closes the transport; no event is delivered afterwards.
  void stop() { shell_.stop(); }
  // A new link after an unplug (or to move to another port). The old transport is closed; if the
  // link was up, this counts as a link loss, and the device is re-initialised over the new one.
  void replace_transport(std::unique_ptr<Transport> t) { shell_.replace_transport(std::move(t)); }

  // For diagnostics (e.g. dynamic_cast to ccnet::CcnetDriver for its snapshot).
  const BillValidatorDriver& driver() const { return shell_.driver(); }
  bool link_up() const { return shell_.link_up(); }
  std::string transport_name() const { return shell_.transport_name(); }

 private:
  DriverShell<BillValidatorDriver, ValidatorEvent, ValidatorStep> shell_;
};

}  // namespace kiosk::devices
