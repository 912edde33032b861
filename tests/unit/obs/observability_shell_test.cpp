#include "kiosk/observe/observability_shell.hpp"

#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>

#include "kiosk/observe/prometheus_text.hpp"
#include "kiosk/shell/cassette_ledger.hpp"

using namespace kiosk;
using namespace kiosk::app;
using nlohmann::json;

namespace {
oq::ExchangeEndpoint endpoint() {  // never asked: the heartbeat is not started here
  oq::ExchangeEndpoint e;
  e.url = "http://127.0.0.1:9";
  e.kiosk_id = "sim-ast-001";
  e.secret = "s";
  return e;
}

struct Fixture {
  boost::asio::io_context io;
  KioskConfig config = *load_config_file(default_sim_config_path());
  std::unique_ptr<oq::Store> store = std::move(*oq::Store::open(":memory:"));
  oq::ExchangeClient client{io, endpoint()};
  KioskFacts facts;
  int refilled = 0;
  std::int64_t wall = 1'800'000'000'000;
  ObservabilityShell shell{
      io,
      config,
      "",
      *store,
      client,
      ShellClock{[] { return Instant{0}; }, [this] { return wall; }},
      ObservabilityPorts{[this] { return facts; }, nullptr, [this](const auto&) { ++refilled; }}};
  Fixture() {
    facts.mode = "in_service";
    REQUIRE(
        load_cassette_book(*store, {{0, flows::Kzt{20000}, 50}, {1, flows::Kzt{5000}, 10}}, wall));
  }
  json ask(const json& request) { return json::parse(shell.ctl().answer_line(request.dump())); }
};
}  // namespace

TEST_CASE("ctl commands answer from the journal and the runtime's facts") {
  Fixture f;
  auto status = f.ask({{"cmd", "status"}});
  CHECK(status["ok"] == true);
  CHECK(status["result"]["mode"] == "in_service");
  CHECK(status["result"]["journal"]["head_seq"] == 1);  // the first refill
  auto cassettes = f.ask({{"cmd", "cassettes"}});
  CHECK(cassettes["result"]["cassettes"].size() == 2);
  CHECK(cassettes["result"]["cassettes"][0]["count"] == 50);
  CHECK(f.ask({{"cmd", "journal_tail"}, {"n", 5}})["result"]["rows"].size() == 1);
  CHECK(f.ask({{"cmd", "journal_tail"}, {"n", 0}})["error"] == "bad_request");
  CHECK(f.ask({{"cmd", "devices"}})["result"]["validator"]["state"] == "unknown");
  CHECK(f.ask({{"cmd", "maintenance"}, {"on", true}})["error"] == "not_available");
  CHECK(f.ask({{"cmd", "test_dispense"}})["error"] == "not_available");
}

TEST_CASE("ctl refill: refused mid-session, else journaled with its reconciliation") {
  Fixture f;
  json refill = {{"cmd", "refill"},
                 {"cassettes",
                  {{{"index", 0}, {"kzt", 20000}, {"count", 45}},
                   {{"index", 1}, {"kzt", 5000}, {"count", 10}},
                   {{"index", 2}, {"kzt", 2000}, {"count", 0}},
                   {{"index", 3}, {"kzt", 1000}, {"count", 0}}}}};
  f.facts.in_session = true;
  CHECK(f.ask(refill)["error"] == "busy");
  CHECK(f.refilled == 0);
  f.facts.in_session = false;
  auto done = f.ask(refill);
  REQUIRE(done["ok"] == true);
  CHECK(done["result"]["reconciliation"]["cassettes"][0]["difference"] == -5);
  CHECK(f.refilled == 1);
  CHECK(f.ask({{"cmd", "cassettes"}})["result"]["cassettes"][0]["count"] == 45);
  CHECK(f.ask({{"cmd", "refill"}, {"cassettes", "lots"}})["error"] == "bad_request");
  // The sim config's dispenser has four cassettes: a count naming one is refused, nothing
  // journaled.
  auto one =
      f.ask({{"cmd", "refill"}, {"cassettes", {{{"index", 0}, {"kzt", 20000}, {"count", 1}}}}});
  CHECK(one["error"] == "failed");
  CHECK(one["message"].get<std::string>().starts_with("cassette_count_mismatch"));
  CHECK(f.refilled == 1);
}

TEST_CASE("the shell's /healthz, /metrics and heartbeat follow the facts") {
  Fixture f;
  CHECK(f.shell.health().status == 200);
  f.facts.mode = "out_of_service";
  f.facts.reason = "printer_paper_out";
  auto down = f.shell.health();
  CHECK(down.status == 503);
  CHECK(json::parse(down.body)["reason"] == "printer_paper_out");
  auto m = f.shell.metrics();
  CHECK(m.content_type == kPrometheusContentType);
  CHECK(m.body.find("kiosk_mode{mode=\"out_of_service\"} 1\n") != std::string::npos);
  CHECK(m.body.find("kiosk_cassette_notes{cassette=\"0\",denomination_kzt=\"20000\"} 50\n") !=
        std::string::npos);
  auto h = f.shell.heartbeat();
  CHECK(h.kiosk_id == "sim-ast-001");
  CHECK(h.sent_at_ms == f.wall);
  CHECK(h.reason == "printer_paper_out");
  CHECK(h.journal_head_seq == 1);
  CHECK(oq::parse_heartbeat(oq::heartbeat_body(h)).has_value());
}
