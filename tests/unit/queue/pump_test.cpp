// The outbox pump end to end: store -> pump -> client -> simulator, with injected faults.
// The invariant every test checks: each queued request is applied by the exchange exactly once.
#include <doctest/doctest.h>

#include <map>

#include "offline_queue/exchange_messages.hpp"
#include "offline_queue/outbox_pump.hpp"
#include "offline_queue/store.hpp"
#include "sim/exchange/exchange_sim.hpp"
#include "test_support.hpp"

using namespace kiosk;
using namespace std::chrono_literals;

namespace {

oq::OutboxPumpConfig fast_pump(std::uint64_t seed = 7) {
  oq::OutboxPumpConfig c;
  c.backoff = {5ms, 40ms};
  c.breaker = {4, 60ms};
  c.seed = seed;
  c.idle_poll = 20ms;
  return c;
}

std::string cash_in_body(const std::string& tx, std::int64_t kzt = 10000,
                         const std::string& asset = "BTC") {
  oq::CashInRequest c;
  c.tx_id = tx;
  c.asset = asset;
  c.network = "bitcoin";
  c.address = "bc1qexample";
  c.fiat = flows::Kzt{kzt};
  c.notes = {{kzt, 1}};
  c.quote_kzt_per_unit = *flows::Rate::parse("51000000");
  c.quote_as_of = "2024-05-01T10:00:00Z";
  c.created_at = "2024-05-01T10:01:00Z";
  return oq::cash_in_body(c);
}

// Journals a credited note and queues its cash-in, as the cash-in flow would.
void queue_cash_in(oq::Store& store, const std::string& tx, const std::string& body) {
  auto r = store.append(oq::JournalEntry{tx, "cash_in.confirmed", R"({"kzt":10000})", 1},
                        oq::OutboxRequest{"ci-" + tx, "POST", "/v1/cash-in", body, ""});
  REQUIRE_MESSAGE(r, (r ? "" : r.error().what));
}

// key -> (times applied, times replayed) as the simulator saw them.
std::map<std::string, std::pair<int, int>> applications(const sim::ExchangeSim& sim) {
  std::map<std::string, std::pair<int, int>> out;
  for (const auto& r : sim.requests())
    if (r.status >= 200 && r.status < 300 && !r.idempotency_key.empty())
      (r.replay ? out[r.idempotency_key].second : out[r.idempotency_key].first)++;
  return out;
}

std::unique_ptr<oq::Store> open_store(const std::string& path) {
  auto s = oq::Store::open(path);
  REQUIRE(s);
  return std::move(*s);
}

sim::ExchangeSimConfig sim_config(std::uint64_t seed = 3) {
  sim::ExchangeSimConfig c;
  c.kiosks = {{"kiosk-1", "s3cret"}};
  c.seed = seed;
  return c;
}

}  // namespace

TEST_CASE("the pump drains every request exactly once through errors and dropped connections") {
  boost::asio::io_context io;
  sim::ExchangeSim sim(io, sim_config());
  sim.set_faults({.latency_ms = 0, .error_rate = 0.3, .drop_rate = 0.2, .partitioned = false});
  test::TempDb db;
  auto store = open_store(db.path());
  const int n = 20;
  for (int i = 0; i < n; ++i) {
    std::string tx = "tx-" + std::to_string(i);
    queue_cash_in(*store, tx, cash_in_body(tx));
    // A second request of the same tx must go after the first.
    REQUIRE(store->outbox().enqueue(
        oq::OutboxRequest{"hb-" + tx, "POST", "/v1/heartbeat", R"({"mode":"in_service"})", tx}, 2));
  }
  oq::ExchangeClient client(io, test::fast_endpoint(sim.url()));
  oq::OutboxPump pump(io, store->outbox(), client, oq::system_wall_clock_ms(), fast_pump());
  std::vector<std::string> delivered;
  pump.on_delivered([&](const oq::OutboxItem& item, const oq::HttpResponse& res) {
    CHECK(item.state == oq::OutboxState::Delivered);
    CHECK(res.status == 200);
    if (item.path == "/v1/cash-in") {
      auto answer = oq::parse_cash_in_answer(res.body);
      REQUIRE(answer);
      CHECK(answer->crypto_atoms == 19607);  // floor(10000 * 10^8 / 51000000)
    }
    delivered.push_back(item.idempotency_key);
  });
  pump.on_failed([](const oq::OutboxItem& item, const oq::HttpResponse&) {
    FAIL("unexpected failure of " << item.idempotency_key);
  });
  pump.start();
  REQUIRE(test::run_until(
      io, [&] { return *store->outbox().depth() == 0; }, 10s));

  CHECK(delivered.size() == 2 * n);
  CHECK(pump.status().retried > 0);  // the faults did bite
  auto applied = applications(sim);
  for (int i = 0; i < n; ++i) {
    std::string tx = "tx-" + std::to_string(i);
    CHECK_MESSAGE(applied["ci-" + tx].first == 1, tx);
    auto ci = std::find(delivered.begin(), delivered.end(), "ci-" + tx);
    auto hb = std::find(delivered.begin(), delivered.end(), "hb-" + tx);
    CHECK(ci < hb);  // in order per tx
  }
}

TEST_CASE("a partition holds requests back; after healing all are delivered once") {
  boost::asio::io_context io;
  sim::ExchangeSim sim(io, sim_config());
  sim.set_faults({.partitioned = true});
  test::TempDb db;
  auto store = open_store(db.path());
  for (int i = 0; i < 5; ++i)
    queue_cash_in(*store, "tx-" + std::to_string(i), cash_in_body("tx-" + std::to_string(i)));
  oq::ExchangeClient client(io, test::fast_endpoint(sim.url()));
  oq::OutboxPump pump(io, store->outbox(), client, oq::system_wall_clock_ms(), fast_pump());
  bool breaker_opened = false;
  pump.start();
  test::run_until(
      io,
      [&] {
        breaker_opened |= pump.status().breaker != oq::CircuitBreaker::State::Closed;
        return false;
      },
      300ms);
  CHECK(breaker_opened);
  CHECK(*store->outbox().depth() == 5);
  CHECK(applications(sim).empty());
  auto item = **store->outbox().find("ci-tx-0");
  CHECK(item.attempts > 0);
  CHECK_FALSE(item.last_error.empty());

  // Heal through the simulator's HTTP control endpoint (exempt from faults).
  std::optional<oq::ExchangeClient::Result> healed;
  oq::ExchangeClient control(io, test::fast_endpoint(sim.url()));
  control.request({"POST", "/sim/faults", R"({"partitioned":false})", std::nullopt},
                  [&](oq::ExchangeClient::Result r) { healed = std::move(r); });
  REQUIRE(test::run_until(io, [&] { return healed.has_value(); }));
  REQUIRE(*healed);
  CHECK((*healed)->status == 200);
  CHECK_FALSE(sim.faults().partitioned);

  pump.kick();
  REQUIRE(test::run_until(
      io, [&] { return *store->outbox().depth() == 0; }, 5s));
  for (const auto& [key, counts] : applications(sim)) CHECK_MESSAGE(counts.first == 1, key);
  CHECK(applications(sim).size() == 5);
  CHECK(pump.status().breaker == oq::CircuitBreaker::State::Closed);
}

TEST_CASE("a 4xx answer fails the request, surfaces it, and never retries it") {
  boost::asio::io_context io;
  sim::ExchangeSim sim(io, sim_config());
  test::TempDb db;
  auto store = open_store(db.path());
  queue_cash_in(*store, "tx-bad", cash_in_body("tx-bad", 10000, "DOGE"));  // not quoted: 400
  REQUIRE(store->outbox().enqueue(
      oq::OutboxRequest{"hb-tx-bad", "POST", "/v1/heartbeat", "{}", "tx-bad"}, 2));
  queue_cash_in(*store, "tx-good", cash_in_body("tx-good"));
  oq::ExchangeClient client(io, test::fast_endpoint(sim.url()));
  oq::OutboxPump pump(io, store->outbox(), client, oq::system_wall_clock_ms(), fast_pump());
  std::vector<std::pair<std::string, int>> failed;
  pump.on_failed([&](const oq::OutboxItem& item, const oq::HttpResponse& res) {
    CHECK(item.state == oq::OutboxState::Failed);
    failed.emplace_back(item.idempotency_key, res.status);
  });
  pump.start();
  REQUIRE(test::run_until(io, [&] { return !failed.empty(); }));
  test::run_for(io, 150ms);  // time enough for (wrong) retries

  CHECK(failed == std::vector<std::pair<std::string, int>>{{"ci-tx-bad", 400}});
  auto listed = *store->outbox().list_failed();
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].last_status == 400);
  CHECK(oq::parse_error_body(listed[0].response_body)->code == "unknown_asset");
  int sent = 0;
  for (const auto& r : sim.requests()) sent += r.idempotency_key == "ci-tx-bad";
  CHECK(sent == 1);
  // The failed request blocks the rest of its tx; other txs are delivered.
  CHECK((**store->outbox().find("hb-tx-bad")).state == oq::OutboxState::Pending);
  CHECK((**store->outbox().find("ci-tx-good")).state == oq::OutboxState::Delivered);
}

TEST_CASE("garbage answers are retried and the request is not lost") {
  boost::asio::io_context io;
  test::TempDb db;
  auto store = open_store(db.path());
  queue_cash_in(*store, "tx-1", cash_in_body("tx-1"));
  {
    int n = 0;
    test::RawServer junk(io, [&n](int) {
      // Alternate: not HTTP at all, a truncated answer, a 200 whose body is not JSON.
      const char* replies[] = {"garbage\r\n\r\n",
                               "HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{\"sta",
                               "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"};
      return std::string(replies[n++ % 3]);
    });
    oq::ExchangeClient client(io, test::fast_endpoint(junk.url()));
    oq::OutboxPump pump(io, store->outbox(), client, oq::system_wall_clock_ms(), fast_pump());
    pump.on_delivered([](const oq::OutboxItem&, const oq::HttpResponse&) { FAIL("delivered?"); });
    pump.start();
    REQUIRE(test::run_until(
        io, [&] { return n >= 3; }, 3s));
    test::run_for(io, 20ms);
  }
  auto item = **store->outbox().find("ci-tx-1");
  CHECK(item.state == oq::OutboxState::Pending);
  CHECK(item.attempts >= 3);
  CHECK_FALSE(item.last_error.empty());

  // The exchange comes back: the same request is delivered once.
  sim::ExchangeSim sim(io, sim_config());
  oq::ExchangeClient client(io, test::fast_endpoint(sim.url()));
  oq::OutboxPump pump(io, store->outbox(), client, oq::system_wall_clock_ms(), fast_pump());
  pump.start();
  REQUIRE(test::run_until(
      io, [&] { return *store->outbox().depth() == 0; }, 3s));
  CHECK(applications(sim)["ci-tx-1"].first == 1);
}

TEST_CASE("an answer lost to a crash is re-sent after restart and applied once") {
  boost::asio::io_context io;
  sim::ExchangeSim sim(io, sim_config());
  sim.set_faults({.latency_ms = 80});
  test::TempDb db;
  {
    auto store = open_store(db.path());
    queue_cash_in(*store, "tx-1", cash_in_body("tx-1"));
    oq::ExchangeClient client(io, test::fast_endpoint(sim.url()));
    oq::OutboxPump pump(io, store->outbox(), client, oq::system_wall_clock_ms(), fast_pump());
    pump.start();
    // Wait until the request is at the exchange (held by the latency), its answer not yet back.
    REQUIRE(test::run_until(io, [&] { return sim.requests_received() == 1; }));
    CHECK(sim.requests().empty());
  }  // "crash": pump, client and store gone with the request still pending
  REQUIRE(test::run_until(io, [&] { return !sim.requests().empty(); }));
  CHECK(applications(sim)["ci-tx-1"].first == 1);

  sim.set_faults({});
  auto store = open_store(db.path());  // restart from the database file
  CHECK(*store->outbox().depth() == 1);
  oq::ExchangeClient client(io, test::fast_endpoint(sim.url()));
  oq::OutboxPump pump(io, store->outbox(), client, oq::system_wall_clock_ms(), fast_pump());
  std::string answer;
  pump.on_delivered(
      [&](const oq::OutboxItem& item, const oq::HttpResponse&) { answer = item.response_body; });
  pump.start();
  REQUIRE(test::run_until(io, [&] { return *store->outbox().depth() == 0; }));
  auto counts = applications(sim)["ci-tx-1"];
  CHECK(counts.first == 1);   // applied once
  CHECK(counts.second == 1);  // the re-send got the first answer again
  CHECK(oq::parse_cash_in_answer(answer));
}

TEST_CASE("the outbox survives reopening the database and drains afterwards") {
  boost::asio::io_context io;
  test::TempDb db;
  {
    auto store = open_store(db.path());
    for (int i = 0; i < 3; ++i)
      queue_cash_in(*store, "tx-" + std::to_string(i), cash_in_body("tx-" + std::to_string(i)));
  }
  sim::ExchangeSim sim(io, sim_config());
  {
    auto store = open_store(db.path());
    CHECK(*store->outbox().depth() == 3);
    oq::ExchangeClient client(io, test::fast_endpoint(sim.url()));
    oq::OutboxPump pump(io, store->outbox(), client, oq::system_wall_clock_ms(), fast_pump());
    pump.start();
    REQUIRE(test::run_until(io, [&] { return *store->outbox().depth() == 0; }));
  }
  auto store = open_store(db.path());
  CHECK(*store->outbox().depth() == 0);
  for (int i = 0; i < 3; ++i) {
    auto item = **store->outbox().find("ci-tx-" + std::to_string(i));
    CHECK(item.state == oq::OutboxState::Delivered);
    CHECK(oq::parse_cash_in_answer(item.response_body));
  }
  CHECK(store->verify().ok);
  CHECK(applications(sim).size() == 3);
}

TEST_CASE(
    "junk answers from the simulator (garbage, truncated, oversized, not JSON) keep the "
    "request queued; it is applied once afterwards") {
  boost::asio::io_context io;
  auto sc = sim_config(5);
  sc.faults.junk_rate = 1.0;  // every /v1/ answer is junk; half of the requests are applied
  sim::ExchangeSim sim(io, sc);
  test::TempDb db;
  auto store = open_store(db.path());
  for (int i = 0; i < 3; ++i)
    queue_cash_in(*store, "tx-" + std::to_string(i), cash_in_body("tx-" + std::to_string(i)));
  oq::ExchangeClient client(io, test::fast_endpoint(sim.url()));
  auto config = fast_pump();
  config.breaker = {100, 60ms};  // keep sending: this test wants many junk answers
  oq::OutboxPump pump(io, store->outbox(), client, oq::system_wall_clock_ms(), config);
  pump.on_delivered([](const oq::OutboxItem&, const oq::HttpResponse&) { FAIL("delivered?"); });
  pump.on_failed([](const oq::OutboxItem&, const oq::HttpResponse&) { FAIL("failed?"); });
  pump.start();
  REQUIRE(test::run_until(
      io, [&] { return sim.requests_received() >= 12; }, 5s));
  pump.stop();
  test::run_for(io, 50ms);
  CHECK(*store->outbox().depth() == 3);
  for (int i = 0; i < 3; ++i) {
    auto item = **store->outbox().find("ci-tx-" + std::to_string(i));
    CHECK(item.state == oq::OutboxState::Pending);
    CHECK(item.attempts >= 1);
    CHECK_FALSE(item.last_error.empty());
  }
  CHECK(pump.status().retried >= 12);

  sim.set_faults({});
  oq::OutboxPump again(io, store->outbox(), client, oq::system_wall_clock_ms(), fast_pump());
  again.start();
  REQUIRE(test::run_until(
      io, [&] { return *store->outbox().depth() == 0; }, 5s));
  CHECK(applications(sim).size() == 3);
  for (const auto& [key, counts] : applications(sim)) CHECK_MESSAGE(counts.first == 1, key);
}
