#include "kiosk/supervisor.hpp"

#include <doctest/doctest.h>

using namespace kiosk::app;
using K = kiosk::devices::ValidatorEvent::Kind;

namespace {
kiosk::devices::ValidatorEvent ev(K k) { return {k, {}, "", {}}; }
}  // namespace

TEST_CASE("the kiosk boots, serves while the validator is ready, and says why it does not") {
  Supervisor s;
  CHECK(s.mode() == Mode::Booting);
  CHECK(s.reason() == "starting");
  s.on_validator(ev(K::Ready));
  CHECK(s.mode() == Mode::InService);
  CHECK(s.reason().empty());
  s.on_validator(ev(K::Jammed));
  CHECK(s.mode() == Mode::OutOfService);
  CHECK(s.reason() == "validator_jammed");
  s.on_validator(ev(K::Disabled));  // the jam cleared: the validator reports its idle state again
  CHECK(s.mode() == Mode::InService);
  s.on_validator(ev(K::LinkLost));
  s.on_validator(ev(K::LinkRestored));  // not ready until re-initialised
  CHECK(s.reason() == "validator_link_lost");
  s.on_validator(ev(K::Ready));
  CHECK(s.mode() == Mode::InService);
}

TEST_CASE("a printer out of paper or unreachable takes the kiosk out of service") {
  Supervisor s;
  s.on_validator(ev(K::Ready));
  kiosk::devices::PrinterStatus paper_out;
  paper_out.paper_out = true;
  s.on_printer(paper_out);
  CHECK(s.mode() == Mode::OutOfService);
  CHECK(s.reason().starts_with("printer_"));
  s.on_printer(kiosk::devices::PrinterStatus{});
  CHECK(s.mode() == Mode::InService);
  s.on_printer_unreachable("timeout");
  CHECK(s.reason() == "printer_unreachable");
}
