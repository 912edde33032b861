#include "devices/dispenser_runner.hpp"

namespace kiosk::devices {

DispenserRunner::DispenserRunner(boost::asio::io_context& io,
                                 std::unique_ptr<CashDispenserDriver> driver,
                                 std::unique_ptr<Transport> transport, std::function<Instant()> now)
    : shell_(io, std::move(driver), std::move(transport), std::move(now), "dispenser_runner") {}

void DispenserRunner::dispense(const std::vector<int>& per_cassette) {
  shell_.run([&](CashDispenserDriver& d, Instant now) { return d.dispense(per_cassette, now); });
}
void DispenserRunner::test_dispense(int cassette) {
  shell_.run(
      [cassette](CashDispenserDriver& d, Instant now) { return d.test_dispense(cassette, now); });
}
void DispenserRunner::purge() {
  shell_.run([](CashDispenserDriver& d, Instant now) { return d.purge(now); });
}
void DispenserRunner::status() {
  shell_.run([](CashDispenserDriver& d, Instant now) { return d.status(now); });
}
void DispenserRunner::last_dispense() {
  shell_.run([](CashDispenserDriver& d, Instant now) { return d.last_dispense(now); });
}

}  // namespace kiosk::devices
