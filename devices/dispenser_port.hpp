// What the cash-out station asks of its dispenser: the commands and one stream of events. The
// DispenserRunner (the Asio shell over a Transport) is the production one; `kiosk simulate` has
// its own over the simulation's event queue. Both deliver events in order and never inside the
// call that caused them, so the station's handlers may call back at once.
#pragma once

#include <functional>
#include <vector>

#include "devices/cash_dispenser.hpp"

namespace kiosk::devices {

class DispenserPort {
 public:
  using OnEvent = std::function<void(const DispenserEvent&)>;

  virtual ~DispenserPort() = default;
  // Starts talking to the device; it is initialised (Ready follows).
  virtual void start(OnEvent on_event) = 0;
  // The caller has journaled its intent first; the answer is one DispenseDone event.
  virtual void dispense(const std::vector<int>& per_cassette) = 0;
  // One note from `cassette` into the reject tray; the answer is one TestDispenseDone event.
  virtual void test_dispense(int cassette) = 0;
  virtual void purge() = 0;
  virtual void status() = 0;
  virtual void last_dispense() = 0;
  // No event is delivered afterwards.
  virtual void stop() = 0;
};

}  // namespace kiosk::devices
