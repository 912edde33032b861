// EscPosPrinter (the Asio shell) over a MemoryTransport to the printer simulator.
#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>

#include "devices/escpos/escpos_printer.hpp"
#include "devices/memory_transport.hpp"
#include "sim/escpos/escpos_printer_sim.hpp"
#include "tests/unit/escpos/escpos_test_support.hpp"

using namespace kiosk;
using namespace kiosk::devices;
using kiosk::sim::EscPosPrinterSim;

namespace {

Instant steady_now() {
  return std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now().time_since_epoch());
}

EscPosProfile fast_profile() {
  EscPosProfile p;
  p.status_timeout = Millis{50};
  return p;
}

// A printer wired to a device endpoint on one io_context.
struct Rig {
  explicit Rig(std::shared_ptr<DeviceEndpoint> device, EscPosProfile profile = fast_profile()) {
    auto t = std::make_unique<MemoryTransport>(io, device, steady_now, "escpos");
    transport = t.get();
    printer = std::make_unique<EscPosPrinter>(io, std::move(t), profile, steady_now);
  }

  std::expected<void, std::string> print(const flows::Receipt& r) {
    std::optional<std::expected<void, std::string>> result;
    printer->print(r, [&](std::expected<void, std::string> res) { result = std::move(res); });
    io.run();
    io.restart();
    REQUIRE(result.has_value());
    return *result;
  }

  boost::asio::io_context io;
  MemoryTransport* transport = nullptr;
  std::unique_ptr<EscPosPrinter> printer;
};

// The printer simulator behind the rig (declared first, so it exists when the rig is built).
struct SimRig {
  explicit SimRig(EscPosProfile profile = fast_profile()) : rig(sim, std::move(profile)) {}
  std::shared_ptr<EscPosPrinterSim> sim = std::make_shared<EscPosPrinterSim>();
  Rig rig;
};

// An endpoint that answers every byte sequence with fixed bytes (noise, wrong answers).
class FixedAnswer final : public DeviceEndpoint {
 public:
  explicit FixedAnswer(Bytes answer) : answer_(std::move(answer)) {}
  Bytes on_host_bytes(ByteView rx, Instant) override {
    received.insert(received.end(), rx.begin(), rx.end());
    return answer_;
  }
  Bytes received;

 private:
  Bytes answer_;
};

}  // namespace

TEST_CASE("prints when the printer is ready") {
  SimRig r;
  const auto receipt = escpos_test::sample_receipt();
  const auto result = r.rig.print(receipt);
  CHECK(result.has_value());
  REQUIRE(r.sim->receipts().size() == 1);
  CHECK(r.sim->receipts()[0].cut);
  CHECK(r.sim->receipts()[0].qr_payloads == std::vector<std::string>{receipt.qr_payload});
  CHECK(escpos_test::words(r.sim->text()).find("20 000 KZT") != std::string::npos);
  CHECK(r.sim->status_requests() == 3);  // DLE EOT 1, 2, 4
  CHECK(r.rig.printer->last_status().ok());
  CHECK(r.rig.printer->last_status_at().has_value());
}

TEST_CASE("refuses on paper out, and sends nothing but the status requests") {
  SimRig r;
  r.sim->set_paper(EscPosPrinterSim::Paper::Out);
  const auto result = r.rig.print(escpos_test::sample_receipt());
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error() == "printer not ready: paper out");
  CHECK(r.sim->receipts().empty());
  CHECK(r.sim->bytes_received() == 9);
  CHECK(r.rig.printer->last_status().paper_out);
}

TEST_CASE("refuses on cover open") {
  SimRig r;
  r.sim->set_cover_open(true);
  const auto result = r.rig.print(escpos_test::sample_receipt());
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error() == "printer not ready: cover open");
  CHECK(r.sim->receipts().empty());
}

TEST_CASE("refuses when offline, or on a cutter error") {
  SimRig r;
  r.sim->set_offline(true);
  auto result = r.rig.print(escpos_test::sample_receipt());
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error() == "printer not ready: offline");
  r.sim->set_offline(false);
  r.sim->set_cutter_error(true);
  result = r.rig.print(escpos_test::sample_receipt());
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error() == "printer not ready: error");
  CHECK(r.sim->receipts().empty());
}

TEST_CASE("prints on paper near end and reports it") {
  SimRig r;
  r.sim->set_paper(EscPosPrinterSim::Paper::NearEnd);
  CHECK(r.rig.print(escpos_test::sample_receipt()).has_value());
  CHECK(r.rig.printer->last_status().paper_near_end);
  CHECK(r.sim->receipts().size() == 1);
}

TEST_CASE("times out when the printer is silent") {
  SimRig r;
  r.sim->set_silent(true);
  const auto start = std::chrono::steady_clock::now();
  const auto result = r.rig.print(escpos_test::sample_receipt());
  const auto took = std::chrono::steady_clock::now() - start;
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error() == "printer did not answer DLE EOT 1 within 50 ms");
  CHECK(took >= Millis{50});
  CHECK(r.sim->receipts().empty());
  CHECK_FALSE(r.rig.printer->last_status().online);
}

TEST_CASE("recovers: refused while out of paper, prints once paper is loaded") {
  SimRig r;
  r.sim->set_paper(EscPosPrinterSim::Paper::Out);
  CHECK_FALSE(r.rig.print(escpos_test::sample_receipt()).has_value());
  r.sim->set_paper(EscPosPrinterSim::Paper::Ok);
  CHECK(r.rig.print(escpos_test::sample_receipt()).has_value());
  CHECK(r.sim->receipts().size() == 1);
}

TEST_CASE("jobs run one at a time, in order; callbacks never run inside the call") {
  SimRig r;
  std::vector<std::string> order;
  flows::Receipt a, b;
  a.title = "A";
  b.title = "B";
  r.rig.printer->print(a, [&](auto res) { order.push_back(res ? "print A" : res.error()); });
  r.rig.printer->query_status([&](auto res) { order.push_back(res ? res->describe() : "?"); });
  r.rig.printer->print(b, [&](auto res) {
    order.push_back(res ? "print B" : res.error());
    // A job queued from a callback runs after this one.
    flows::Receipt c;
    c.title = "C";
    r.rig.printer->print(c, [&](auto res2) { order.push_back(res2 ? "print C" : "?"); });
  });
  CHECK(order.empty());
  CHECK(r.rig.printer->queued() == 3);
  r.rig.io.run();
  CHECK(order == std::vector<std::string>{"print A", "ok", "print B", "print C"});
  const auto receipts = r.sim->receipts();
  REQUIRE(receipts.size() == 3);
  CHECK(receipts[0].lines[0] == "A");
  CHECK(receipts[1].lines[0] == "B");
  CHECK(receipts[2].lines[0] == "C");
  CHECK(r.sim->status_requests() == 12);
  CHECK(r.rig.printer->queued() == 0);
}

TEST_CASE("query_status reports the state, problems included") {
  SimRig r;
  r.sim->set_paper(EscPosPrinterSim::Paper::NearEnd);
  r.sim->set_cover_open(true);
  std::optional<std::expected<PrinterStatus, std::string>> got;
  r.rig.printer->query_status([&](auto res) { got = res; });
  r.rig.io.run();
  REQUIRE(got.has_value());
  REQUIRE(got->has_value());
  CHECK((*got)->cover_open);
  CHECK((*got)->paper_near_end);
  CHECK_FALSE((*got)->online);
  CHECK((*got)->describe() == "cover open, paper near end");
}

TEST_CASE("the status requests asked are a profile option") {
  EscPosProfile p = fast_profile();
  p.status_queries = {1, 2, 3, 4};
  SimRig r(p);
  r.sim->set_cutter_error(true);
  const auto result = r.rig.print(escpos_test::sample_receipt());
  REQUIRE_FALSE(result.has_value());
  CHECK(r.sim->status_requests() == 4);
}

TEST_CASE("noise is ignored; only noise ends in a timeout that names it") {
  // XON before the real answer: the answer still counts.
  auto noisy = std::make_shared<FixedAnswer>(Bytes{0x11, 0x12});
  Rig ok(noisy);
  CHECK(ok.print(escpos_test::sample_receipt()).has_value());

  auto garbage = std::make_shared<FixedAnswer>(Bytes{0xFF});
  Rig bad(garbage);
  const auto result = bad.print(escpos_test::sample_receipt());
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().find("did not answer DLE EOT 1") != std::string::npos);
  CHECK(result.error().find("0xFF") != std::string::npos);
  CHECK(garbage->received == escpos::status_request(1));  // no receipt was sent
}

TEST_CASE("a lost link fails the running job at once") {
  SimRig r;
  r.sim->set_silent(true);
  std::optional<std::expected<void, std::string>> result;
  r.rig.printer->print(escpos_test::sample_receipt(), [&](auto res) { result = res; });
  r.rig.io.poll();  // the job starts: DLE EOT 1 is out, no answer comes
  REQUIRE_FALSE(result.has_value());
  const auto start = std::chrono::steady_clock::now();
  r.rig.transport->unplug();
  r.rig.io.run();
  r.rig.io.restart();
  REQUIRE(result.has_value());
  REQUIRE_FALSE(result->has_value());
  CHECK(result->error() == "printer link lost: unplugged");
  CHECK(std::chrono::steady_clock::now() - start < Millis{50});
  CHECK_FALSE(r.rig.printer->last_status().online);
  CHECK(r.sim->receipts().empty());
  // The same printer works again once the cable is back.
  r.rig.transport->replug();
  r.sim->set_silent(false);
  CHECK(r.rig.print(escpos_test::sample_receipt()).has_value());
  CHECK(r.sim->receipts().size() == 1);
}

TEST_CASE("destroying the printer with a job in flight runs no callback") {
  SimRig r;
  r.sim->set_silent(true);
  bool called = false;
  r.rig.printer->print(escpos_test::sample_receipt(), [&](auto) { called = true; });
  r.rig.io.run_for(std::chrono::milliseconds(5));
  r.rig.printer.reset();
  r.rig.io.run();
  CHECK_FALSE(called);
}
