// BlockedListPump's schedule on its RequestLoop: a failed fetch waits the same period as a good
// one and the pump keeps fetching; kick() fetches at once; kicks while a fetch is out add none.
#include "offline_queue/blocked_list_pump.hpp"

#include <doctest/doctest.h>

#include "../queue/test_support.hpp"

using namespace kiosk;
using namespace std::chrono_literals;

namespace {

std::string http_500() {
  return "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
}

struct Fixture {
  boost::asio::io_context io;
  test::TempDb tmp;
  std::unique_ptr<oq::Store> store = std::move(*oq::Store::open(tmp.path()));
  oq::BlockedListSync sync{*store, *oq::SealKey::from_bytes(std::string(32, 'b'))};
  test::RawServer exchange{io, [](int) { return http_500(); }};
  oq::ExchangeClient client{io, test::fast_endpoint(exchange.url())};
  std::vector<oq::BlockedSyncError::Kind> errors;

  void count(oq::BlockedListPump& pump) {
    pump.on_fetched([this](const std::expected<bool, oq::BlockedSyncError>& r) {
      REQUIRE_FALSE(r);
      errors.push_back(r.error().kind);
    });
  }
};

}  // namespace

TEST_CASE("BlockedListPump: a failed fetch is retried after the period, and again") {
  Fixture f;
  oq::BlockedListPump pump(f.io, f.sync, f.client, 20ms);
  f.count(pump);
  pump.start();
  REQUIRE(test::run_until(f.io, [&] { return f.errors.size() >= 3; }));
  for (auto kind : f.errors) CHECK(kind == oq::BlockedSyncError::Kind::Status);
  CHECK(f.sync.version() == 0);
  pump.stop();
}

TEST_CASE("BlockedListPump: kick() fetches at once; kicks during a fetch add none") {
  Fixture f;
  oq::BlockedListPump pump(f.io, f.sync, f.client, std::chrono::hours(1));
  f.count(pump);
  pump.kick();  // not started: ignored
  pump.start();
  pump.kick();
  pump.kick();
  REQUIRE(test::run_until(f.io, [&] { return f.errors.size() == 1; }));
  test::run_until(
      f.io, [&] { return f.exchange.connections() > 1; }, 50ms);
  CHECK(f.exchange.connections() == 1);

  pump.kick();  // the hour is not up
  REQUIRE(test::run_until(f.io, [&] { return f.errors.size() == 2; }));
  CHECK(f.exchange.connections() == 2);
  pump.stop();
}
