// DeviceLink for the receipt printer: EscPosPrinter::replace_transport after an unplug. Real
// io_context, short timers; the device is the ESC/POS printer simulator (sim/escpos) over
// MemoryTransport, a new cable for each open, which fails while the printer is away.
#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>

#include "devices/device_link.hpp"
#include "devices/escpos/escpos_printer.hpp"
#include "devices/memory_transport.hpp"
#include "sim/escpos/escpos_printer_sim.hpp"
#include "tests/unit/escpos/escpos_test_support.hpp"

using namespace kiosk;
using namespace kiosk::devices;
using kiosk::sim::EscPosPrinterSim;
using kiosk::sim::PrintedReceipt;

namespace {

Instant steady_now() {
  return std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now().time_since_epoch());
}

bool run_until(boost::asio::io_context& io, const std::function<bool()>& pred,
               Millis limit = Millis{3000}) {
  const Instant end = steady_now() + limit;
  while (!pred()) {
    if (steady_now() >= end) return false;
    io.run_for(std::chrono::milliseconds(2));
    if (io.stopped()) io.restart();
  }
  return true;
}

using PrintResult = std::optional<std::expected<void, std::string>>;
using StatusResult = std::optional<std::expected<PrinterStatus, std::string>>;

// A printer whose port opens only while `present`; each open is a new cable to the same printer.
struct PrinterRig {
  boost::asio::io_context io;
  std::shared_ptr<EscPosPrinterSim> sim = std::make_shared<EscPosPrinterSim>();
  bool present = true;
  int opens = 0;
  MemoryTransport* cable = nullptr;  // the latest one opened (owned by the printer)
  std::unique_ptr<DeviceLink> link;
  std::unique_ptr<EscPosPrinter> printer;

  explicit PrinterRig(ReconnectBackoff backoff, Millis status_timeout = Millis{50}) {
    link = std::make_unique<DeviceLink>(
        io, "printer",
        [this]() -> std::expected<std::unique_ptr<Transport>, std::string> {
          ++opens;
          if (!present) return std::unexpected("open /dev/usb/lp0: No such file or directory");
          auto t = std::make_unique<MemoryTransport>(io, sim, steady_now,
                                                     "escpos" + std::to_string(opens));
          cable = t.get();
          return std::unique_ptr<Transport>(std::move(t));
        },
        backoff);
    auto first = link->open_now();
    REQUIRE(first);
    EscPosProfile profile;
    profile.status_timeout = status_timeout;
    printer = std::make_unique<EscPosPrinter>(io, std::move(*first), profile, steady_now);
    link->on_reconnect(
        [this](std::unique_ptr<Transport> t) { printer->replace_transport(std::move(t)); });
  }

  void unplug() {
    present = false;
    cable->unplug();
  }
  PrintResult print_and_wait() {
    PrintResult r;
    printer->print(escpos_test::sample_receipt(), [&](auto res) { r = std::move(res); });
    run_until(io, [&] { return r.has_value(); });
    return r;
  }
  StatusResult status_and_wait() {
    StatusResult r;
    printer->query_status([&](auto res) { r = std::move(res); });
    run_until(io, [&] { return r.has_value(); });
    return r;
  }
};

// The receipt as printed with no unplug anywhere near it: what "arrived whole" is compared with.
PrintedReceipt reference_print() {
  PrinterRig ref({Millis{20}, Millis{40}});
  auto r = ref.print_and_wait();
  REQUIRE(r);
  REQUIRE(r->has_value());
  REQUIRE(ref.sim->receipts().size() == 1);
  return ref.sim->receipts()[0];
}

void check_whole(const PrintedReceipt& got, const PrintedReceipt& want) {
  CHECK(got.lines == want.lines);
  CHECK(got.qr_payloads == want.qr_payloads);
  CHECK(got.cut);
  CHECK_FALSE(got.lines.empty());
}

}  // namespace

TEST_CASE(
    "printer link: the port fails until the printer returns; then status and a whole receipt") {
  const PrintedReceipt want = reference_print();
  PrinterRig r({Millis{20}, Millis{80}});
  r.unplug();
  REQUIRE(run_until(r.io, [&] { return r.link->down(); }));
  REQUIRE(run_until(r.io, [&] { return r.link->attempts() >= 3; }));  // retried, still gone
  CHECK_FALSE(r.printer->last_status().online);
  // While it is away a status query fails, and says the link is gone.
  const auto away = r.status_and_wait();
  REQUIRE(away);
  REQUIRE_FALSE(away->has_value());
  CHECK(away->error().find("printer link lost: unplugged") != std::string::npos);
  r.present = true;
  REQUIRE(run_until(r.io, [&] { return r.link->reconnects() == 1; }));
  CHECK(r.printer->transport_name() == "mem:escpos" + std::to_string(r.opens));
  // Status queries work again over the new cable.
  const auto back = r.status_and_wait();
  REQUIRE(back);
  REQUIRE(back->has_value());
  CHECK((*back)->ok());
  CHECK(r.printer->last_status().online);
  // And a receipt printed now arrives whole.
  const auto printed = r.print_and_wait();
  REQUIRE(printed);
  CHECK(printed->has_value());
  REQUIRE(r.sim->receipts().size() == 1);
  check_whole(r.sim->receipts()[0], want);
  CHECK(r.sim->discarded() == 0);
  CHECK(r.sim->unknown_commands() == 0);
  CHECK_FALSE(r.link->down());
}

TEST_CASE(
    "printer link: prints in flight at the unplug fail and print nothing; the next one works") {
  const PrintedReceipt want = reference_print();
  PrinterRig r({Millis{60000}, Millis{60000}});  // no retry before the arrival below
  PrintResult running, queued;
  r.printer->print(escpos_test::sample_receipt(), [&](auto res) { running = std::move(res); });
  r.printer->print(escpos_test::sample_receipt(), [&](auto res) { queued = std::move(res); });
  r.unplug();  // the first job's DLE EOT goes into the unplugged cable
  REQUIRE(run_until(r.io, [&] { return running.has_value() && queued.has_value(); }));
  REQUIRE_FALSE(running->has_value());
  CHECK(running->error() == "printer link lost: unplugged");
  REQUIRE_FALSE(queued->has_value());  // asked over the dead link, unanswered, and says why
  CHECK(queued->error().find("printer link lost: unplugged") != std::string::npos);
  CHECK(r.sim->receipts().empty());
  CHECK(r.sim->bytes_received() == 0);  // not a byte of either receipt reached the printer
  CHECK(r.link->down());
  r.present = true;
  r.link->arrived();  // a hotplug arrival
  REQUIRE(run_until(r.io, [&] { return r.link->reconnects() == 1; }));
  const auto next = r.print_and_wait();
  REQUIRE(next);
  CHECK(next->has_value());
  REQUIRE(r.sim->receipts().size() == 1);
  check_whole(r.sim->receipts()[0], want);
}

TEST_CASE("printer link: a print asked while the printer is away is asked again and printed once") {
  const PrintedReceipt want = reference_print();
  // A status timeout far longer than the reconnect below, so the job is still waiting then.
  PrinterRig r({Millis{60000}, Millis{60000}}, Millis{5000});
  r.unplug();
  REQUIRE(run_until(r.io, [&] { return r.link->down(); }));
  PrintResult result;
  r.printer->print(escpos_test::sample_receipt(), [&](auto res) { result = std::move(res); });
  r.io.poll();  // the job starts: its DLE EOT goes into the dead cable
  r.io.restart();
  CHECK_FALSE(result.has_value());
  r.present = true;
  r.link->arrived();
  REQUIRE(run_until(r.io, [&] { return result.has_value(); }));
  REQUIRE(result->has_value());
  REQUIRE(r.sim->receipts().size() == 1);
  check_whole(r.sim->receipts()[0], want);
  CHECK(r.link->reconnects() == 1);
}
