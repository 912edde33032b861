#include "kiosk/observe/device_health.hpp"

#include <doctest/doctest.h>

using namespace kiosk;
using namespace kiosk::app;
using K = devices::ValidatorEvent::Kind;

namespace {
devices::ValidatorEvent ev(K k, std::string detail = "") { return {k, {}, std::move(detail), {}}; }
}  // namespace

TEST_CASE("device health: a fault is counted when it starts, not at every repeat") {
  DeviceHealthBoard b;
  CHECK(b.validator().state == "unknown");
  b.on_validator(ev(K::Ready));
  CHECK(b.validator() == oq::DeviceHealthReport{"ok", ""});
  b.on_validator(ev(K::Jammed));
  b.on_validator(ev(K::Jammed));
  CHECK(b.validator() == oq::DeviceHealthReport{"fault", "validator_jammed"});
  CHECK(b.errors().at({"validator", "validator_jammed"}) == 1);
  b.on_validator(ev(K::Idle));
  b.on_validator(ev(K::LinkLost));
  b.on_validator(ev(K::Ready));
  b.on_validator(ev(K::Jammed));
  CHECK(b.errors().at({"validator", "validator_jammed"}) == 2);
  CHECK(b.errors().at({"validator", "validator_link_lost"}) == 1);
}

TEST_CASE("notes refused are counted by a short reason code") {
  DeviceHealthBoard b;
  b.on_validator(ev(K::Rejected, "unwanted_bill_type=3 returned"));
  b.on_validator(ev(K::Rejected, "Insertion error"));
  b.on_validator(ev(K::Rejected, "Insertion error"));
  b.on_validator(ev(K::Returned));
  CHECK(b.notes_rejected().at("unwanted_bill_type_3_returned") == 1);
  CHECK(b.notes_rejected().at("insertion_error") == 2);
  CHECK(b.notes_rejected().at("returned") == 1);
}

TEST_CASE("printer and dispenser health") {
  DeviceHealthBoard b;
  devices::PrinterStatus out;
  out.paper_out = true;
  b.on_printer(out);
  CHECK(b.printer().state == "fault");
  CHECK(b.printer().detail.starts_with("printer_"));
  b.on_printer_unreachable();
  CHECK(b.printer().detail == "printer_unreachable");
  b.on_printer(devices::PrinterStatus{});
  CHECK(b.printer() == oq::DeviceHealthReport{"ok", ""});
  CHECK(b.errors().size() == 2);
  CHECK(DeviceHealthBoard::dispenser(false, false, "").state == "absent");
  CHECK(DeviceHealthBoard::dispenser(true, false, "").state == "unknown");
  CHECK(DeviceHealthBoard::dispenser(true, true, "") == oq::DeviceHealthReport{"ok", ""});
  CHECK(DeviceHealthBoard::dispenser(true, true, "dispenser_fault") ==
        oq::DeviceHealthReport{"fault", "dispenser_fault"});
}
