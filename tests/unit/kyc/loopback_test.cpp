// The Asio shells over loopback HTTP against the simulator: KycPump delivering through faults,
// UsageClient with its timeout, BlockedListPump fetching periodically.
#include <doctest/doctest.h>

#include "../queue/test_support.hpp"
#include "kyc_support.hpp"
#include "offline_queue/blocked_list_pump.hpp"
#include "offline_queue/exchange_messages.hpp"
#include "offline_queue/kyc_pump.hpp"
#include "offline_queue/usage_client.hpp"
#include "sim/exchange/exchange_sim.hpp"

using namespace kiosk;
using namespace std::chrono_literals;

namespace {

oq::OutboxPumpConfig fast() {
  oq::OutboxPumpConfig c;
  c.backoff = {5ms, 40ms};
  c.breaker = {50, 60ms};
  c.idle_poll = 20ms;
  return c;
}

sim::ExchangeSimConfig sim_config(sim::SimFaults faults = {}) {
  sim::ExchangeSimConfig c;
  c.kiosks = {{"kiosk-1", "s3cret"}};
  c.faults = faults;
  c.seed = 11;
  return c;
}

std::string purchase(const std::string& tx, std::int64_t kzt) {
  oq::CashInRequest c;
  c.tx_id = tx;
  c.asset = "BTC";
  c.network = "bitcoin";
  c.address = "bc1qexample";
  c.fiat = flows::Kzt{kzt};
  c.notes = {{kzt, 1}};
  c.quote_kzt_per_unit = *flows::Rate::parse("51000000");
  c.quote_as_of = "2024-05-01T10:00:00Z";
  c.created_at = "2024-05-01T10:01:00Z";
  c.customer_key = "iin:900101300017";
  return oq::cash_in_body(c);
}

}  // namespace

TEST_CASE("KycPump delivers every submission once through errors, drops and junk") {
  boost::asio::io_context io;
  sim::SimFaults faults;
  faults.error_rate = 0.2;
  faults.drop_rate = 0.2;
  faults.junk_rate = 0.2;
  sim::ExchangeSim exchange(io, sim_config(faults));
  auto store = std::move(*oq::Store::open(":memory:"));
  oq::KycVault vault(*store, *oq::SealKey::from_bytes(std::string(32, 'k')), fast());
  for (int i = 0; i < 6; ++i) {
    auto s = i % 2 ? test::foreign_submission("tx-" + std::to_string(i))
                   : test::resident_submission("tx-" + std::to_string(i));
    REQUIRE(vault.submit(s, oq::system_wall_clock_ms()()));
  }
  oq::ExchangeClient client(io, test::fast_endpoint(exchange.url()));
  oq::KycPump pump(io, vault, client, oq::system_wall_clock_ms());
  int acked = 0;
  pump.on_settled([&](const std::string&, const oq::KycVault::Settled& s) {
    if (s.verdict == oq::Verdict::Delivered) ++acked;
  });
  pump.start();
  REQUIRE(test::run_until(
      io, [&] { return *vault.depth() == 0; }, 20s));
  CHECK(acked == 6);
  CHECK(exchange.service().kyc_desk().submissions().size() == 6);  // applied once each
  for (int i = 0; i < 6; ++i) {
    auto rec = **vault.status("kyc-tx-" + std::to_string(i));
    CHECK(rec.state == oq::KycState::Acked);
    CHECK_FALSE(rec.sealed_data_held);
  }
}

TEST_CASE("UsageClient reads the simulator's totals after purchases with a customer key") {
  boost::asio::io_context io;
  sim::ExchangeSim exchange(io, sim_config());
  oq::ExchangeClient client(io, test::fast_endpoint(exchange.url()));
  oq::UsageClient usage(io, client);
  int answered = 0;
  for (int i = 0; i < 2; ++i)
    client.request(
        oq::HttpRequest{"POST", "/v1/cash-in", purchase("tx-" + std::to_string(i), 60000),
                        "ci-" + std::to_string(i)},
        [&](oq::ExchangeResult r) {
          CHECK(r->status == 200);
          ++answered;
        });
  std::optional<oq::UsageClient::Result> got;
  usage.fetch("iin:900101300017", "2024-05-01T12:00:00Z", 2s,
              [&](oq::UsageClient::Result r) { got = std::move(r); });
  REQUIRE(test::run_until(io, [&] { return got.has_value(); }));
  CHECK(answered == 2);
  REQUIRE(*got);
  CHECK((*got)->usage.day.value == 120000);
  CHECK((*got)->usage.month.value == 120000);
  CHECK((*got)->key == "iin:900101300017");
  CHECK((*got)->review == flows::compliance::ReviewState::None);

  // The operator's decision on a pseudonym's review arrives with its usage.
  exchange.service().kyc_desk().decide_review(test::kPseudonym,
                                              flows::compliance::ReviewState::Approved);
  got.reset();
  usage.fetch(test::kPseudonym, "2024-05-01T12:00:00Z", 2s,
              [&](oq::UsageClient::Result r) { got = std::move(r); });
  REQUIRE(test::run_until(io, [&] { return got.has_value(); }));
  REQUIRE(*got);
  CHECK((*got)->review == flows::compliance::ReviewState::Approved);
  CHECK((*got)->usage.month.value == 0);
}

TEST_CASE("interpret_usage passes the review state on and names an unknown one garbage") {
  auto answer = [](const std::string& review) {
    return oq::ExchangeResult{oq::HttpResponse{
        200, std::string(R"({"key":"p-0123456789abcdef0123456789abcdef","day_kzt":0,)") +
                 R"("month_kzt":0,"as_of":"x","review":")" + review + R"("})"}};
  };
  auto pending = oq::interpret_usage(answer("pending"), test::kPseudonym);
  REQUIRE(pending);
  CHECK(pending->review == flows::compliance::ReviewState::Pending);
  auto rejected = oq::interpret_usage(answer("rejected"), test::kPseudonym);
  REQUIRE(rejected);
  CHECK(rejected->review == flows::compliance::ReviewState::Rejected);
  auto unknown = oq::interpret_usage(answer("escalated"), test::kPseudonym);
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().kind == oq::UsageError::Kind::Garbage);
}

TEST_CASE("UsageClient: a silent exchange times out, garbage and errors are named, once each") {
  boost::asio::io_context io;
  auto http = [](const std::string& status, const std::string& body) {
    return "HTTP/1.1 " + status + "\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
  };
  struct Case {
    std::string reply;  // "" = never answer
    oq::UsageError::Kind kind;
  };
  const std::vector<Case> cases = {
      {"", oq::UsageError::Kind::Timeout},
      {http("200 OK", "<html>"), oq::UsageError::Kind::Garbage},
      {http("200 OK", R"({"key":"iin:111111111111","day_kzt":0,"month_kzt":0,"as_of":"x"})"),
       oq::UsageError::Kind::Garbage},  // somebody else's usage
      {http("200 OK", R"({"key":"iin:900101300017","day_kzt":-5,"month_kzt":0,"as_of":"x"})"),
       oq::UsageError::Kind::Garbage},
      {http("503 Service Unavailable", "{}"), oq::UsageError::Kind::Status},
      {"garbage that is not http\r\n\r\n", oq::UsageError::Kind::Transport}};
  for (const auto& c : cases) {
    test::RawServer server(io, [&](int) { return c.reply; });
    oq::ExchangeClient client(io, test::fast_endpoint(server.url()));
    oq::UsageClient usage(io, client);
    int calls = 0;
    std::optional<oq::UsageClient::Result> got;
    usage.fetch("iin:900101300017", "2024-05-01T12:00:00Z", 150ms, [&](oq::UsageClient::Result r) {
      ++calls;
      got = std::move(r);
    });
    REQUIRE(test::run_until(io, [&] { return got.has_value(); }));
    test::run_for(io, 400ms);  // a late answer or error must not call back again
    CHECK(calls == 1);
    REQUIRE_FALSE(*got);
    CHECK_MESSAGE(got->error().kind == c.kind, got->error().what);
  }
}

TEST_CASE("BlockedListPump follows the exchange's versions and persists them") {
  boost::asio::io_context io;
  sim::ExchangeSim exchange(io, sim_config());
  test::TempDb tmp;
  auto store = std::move(*oq::Store::open(tmp.path()));
  oq::BlockedListSync sync(*store, *oq::SealKey::from_bytes(std::string(32, 'b')));
  REQUIRE(sync.load());
  oq::ExchangeClient client(io, test::fast_endpoint(exchange.url()));
  oq::BlockedListPump pump(io, sync, client, 30ms);
  int fetched = 0;
  pump.on_fetched([&](const std::expected<bool, oq::BlockedSyncError>& r) {
    CHECK(r);
    ++fetched;
  });
  auto& desk = exchange.service().kyc_desk();
  desk.edit_blocked({{"900101300017", "", ""}}, {});
  pump.start();
  REQUIRE(test::run_until(io, [&] { return sync.version() == 1; }));
  desk.edit_blocked({{"", "IVANOV IVAN", "1985-03-02"}}, {{"900101300017", "", ""}});
  REQUIRE(test::run_until(io, [&] { return sync.version() == 2; }));
  CHECK(fetched >= 2);
  CHECK(sync.list().size() == 1);
  pump.stop();
  oq::BlockedListSync reloaded(*store, *oq::SealKey::from_bytes(std::string(32, 'b')));
  REQUIRE(reloaded.load());
  CHECK(reloaded.version() == 2);
  CHECK(reloaded.list().blocks(
      flows::compliance::foreign("RUS", "753912345", "IVANOV IVAN", "1985-03-02")));
}
