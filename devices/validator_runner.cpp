#include "devices/validator_runner.hpp"

namespace kiosk::devices {

ValidatorRunner::ValidatorRunner(boost::asio::io_context& io,
                                 std::unique_ptr<BillValidatorDriver> driver,
                                 std::unique_ptr<Transport> transport, std::function<Instant()> now)
    : shell_(io, std::move(driver), std::move(transport), std::move(now), "validator_runner") {}

void ValidatorRunner::enable(const std::vector<flows::Kzt>& denominations) {
  shell_.run([&](BillValidatorDriver& d, Instant now) { return d.enable(denominations, now); });
}
void ValidatorRunner::disable() {
  shell_.run([](BillValidatorDriver& d, Instant now) { return d.disable(now); });
}
void ValidatorRunner::stack() {
  shell_.run([](BillValidatorDriver& d, Instant now) { return d.stack(now); });
}
void ValidatorRunner::return_note() {
  shell_.run([](BillValidatorDriver& d, Instant now) { return d.return_note(now); });
}

}  // namespace kiosk::devices
