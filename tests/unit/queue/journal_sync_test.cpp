// Journal sync (POST /v1/journal): the sans-IO core in virtual time against the simulator's API
// core, then the Asio shell over loopback against the simulator with faults. The invariant: the
// exchange ends up holding exactly the kiosk's rows, and acked_through survives a restart.
#include "offline_queue/journal_sync.hpp"

#include <doctest/doctest.h>

#include <random>

#include "offline_queue/exchange_messages.hpp"
#include "offline_queue/journal_sync_pump.hpp"
#include "offline_queue/request_signing.hpp"
#include "sim/exchange/exchange_sim.hpp"
#include "test_support.hpp"

using namespace kiosk;
using namespace std::chrono_literals;

namespace {

constexpr std::int64_t kStartMs = 1714557600000;

oq::JournalSyncConfig config(std::uint64_t seed = 1, std::int64_t batch = 50) {
  oq::JournalSyncConfig c;
  c.backoff = {100ms, 5000ms};
  c.breaker = {3, 10000ms};
  c.seed = seed;
  c.idle_poll = 1000ms;
  c.batch_rows = batch;
  return c;
}

std::unique_ptr<oq::Store> store_with_rows(int n, const std::string& path = ":memory:") {
  auto store = std::move(*oq::Store::open(path));
  for (int i = 1; i <= n; ++i)
    REQUIRE(
        store->append(oq::JournalEntry{"tx-" + std::to_string(i % 7), "cash_in.note_credited",
                                       "{\"kzt\":" + std::to_string(500 * i) + "}", kStartMs + i}));
  return store;
}

sim::ExchangeService exchange() {
  return sim::ExchangeService({{"k", "s"}}, sim::default_sim_rates());
}

oq::ExchangeResult post(sim::ExchangeService& ex, const oq::JournalSync::Batch& b,
                        std::int64_t now) {
  const auto& r = b.request;
  sim::SimRequest req{r.method,
                      r.target,
                      r.body,
                      "k",
                      std::to_string(now / 1000),
                      "",
                      r.idempotency_key.value_or("")};
  req.signature = oq::sign_request("s", r.method, r.target, now / 1000, r.body);
  auto res = ex.handle(req, now);
  return oq::HttpResponse{res.status, res.body};
}

std::vector<oq::JournalRow> all_rows(oq::Store& store) {
  auto last = *store.last_row();
  return *store.rows_range(1, last ? last->seq : 0);
}

// Runs the core until it waits with nothing to send; `answer` plays the exchange.
template <typename Answer>
std::int64_t run(oq::JournalSync& sync, std::int64_t now, Answer answer, int max_steps = 10000) {
  for (int i = 0; i < max_steps; ++i) {
    auto step = sync.next(now);
    if (auto* w = std::get_if<oq::JournalSync::Wait>(&step)) {
      REQUIRE(w->until_ms >= now);
      if (sync.status().halted) return now;
      now = std::max(now + 1, w->until_ms);
      continue;
    }
    auto batch = std::get<oq::JournalSync::Send>(step).batch;
    CHECK(std::holds_alternative<oq::JournalSync::Wait>(sync.next(now)));  // one at a time
    auto result = answer(batch, now);
    now += 40;
    REQUIRE(sync.settle(batch, result, now).recorded);
  }
  return now;
}

}  // namespace

TEST_CASE("journal sync: every row reaches the exchange through seeded faults, in batches") {
  auto store = store_with_rows(230);
  auto ex = exchange();
  oq::JournalSync sync(*store, config(9));
  std::mt19937_64 rng(9);
  std::uniform_real_distribution<double> roll(0.0, 1.0);
  std::int64_t largest = 0;
  run(
      sync, kStartMs,
      [&](const oq::JournalSync::Batch& b, std::int64_t now) -> oq::ExchangeResult {
        largest = std::max(largest, b.to_seq - b.from_seq + 1);
        CHECK(b.request.idempotency_key ==
              "journal-" + std::to_string(b.from_seq) + "-" + std::to_string(b.to_seq));
        double x = roll(rng);
        if (x < 0.25) return oq::HttpResponse{503, oq::error_body("unavailable", "busy")};
        if (x < 0.4) {  // applied, answer lost
          (void)post(ex, b, now);
          return std::unexpected(oq::ExchangeError{oq::ExchangeError::Kind::Reset, "lost"});
        }
        if (x < 0.5) return oq::HttpResponse{200, "<html>"};
        if (x < 0.55) return oq::HttpResponse{200, "{}"};  // JSON, but no acked_through
        return post(ex, b, now);
      },
      2000);
  CHECK(largest == 50);
  CHECK(sync.acked_through() == 230);
  CHECK(sync.status().retries > 0);
  CHECK_FALSE(sync.status().halted);
  CHECK(ex.journals().rows_of("k") == all_rows(*store));
  CHECK(**store->get_state(oq::kAckedThroughKey) == "230");
}

TEST_CASE("journal sync: a restart resumes after the last acknowledged row") {
  test::TempDb db;
  auto ex = exchange();
  std::vector<std::int64_t> firsts;
  auto answer = [&](const oq::JournalSync::Batch& b, std::int64_t now) {
    firsts.push_back(b.from_seq);
    return post(ex, b, now);
  };
  {
    auto store = store_with_rows(120, db.path());
    oq::JournalSync sync(*store, config(1, 50));
    run(sync, kStartMs, answer, 50);
    CHECK(sync.acked_through() == 120);
  }
  auto store = std::move(*oq::Store::open(db.path()));
  REQUIRE(store->append(oq::JournalEntry{"tx-new", "cash_in.opened", "{}", kStartMs + 999}));
  oq::JournalSync again(*store, config(2, 50));
  CHECK(again.acked_through() == 120);  // read from the store
  firsts.clear();
  run(again, kStartMs + 5000, answer, 50);
  CHECK(firsts == std::vector<std::int64_t>{121});
  CHECK(again.acked_through() == 121);
  CHECK(ex.journals().rows_of("k") == all_rows(*store));
}

TEST_CASE("journal sync: an answer lost to a crash is sent again and accepted as identical") {
  auto store = store_with_rows(10);
  auto ex = exchange();
  {
    oq::JournalSync sync(*store, config());
    auto batch = std::get<oq::JournalSync::Send>(sync.next(kStartMs)).batch;
    CHECK(post(ex, batch, kStartMs)->status == 200);  // applied; the kiosk dies before settle
  }
  oq::JournalSync sync(*store, config());
  CHECK(sync.acked_through() == 0);
  run(
      sync, kStartMs, [&](const auto& b, std::int64_t now) { return post(ex, b, now); }, 20);
  CHECK(sync.acked_through() == 10);
  CHECK(ex.journals().rows_of("k").size() == 10);
}

TEST_CASE("journal sync: a 409 gap resumes from the exchange's acked_through") {
  auto store = store_with_rows(30);
  REQUIRE(store->put_state(oq::kAckedThroughKey, "20"));  // the exchange lost its copy
  auto ex = exchange();
  oq::JournalSync sync(*store, config());
  std::vector<std::string> statuses;
  run(
      sync, kStartMs,
      [&](const auto& b, std::int64_t now) {
        auto r = post(ex, b, now);
        statuses.push_back(std::to_string(r->status));
        return r;
      },
      20);
  REQUIRE(statuses.size() >= 2);
  CHECK(statuses.front() == "409");
  CHECK(sync.acked_through() == 30);
  CHECK_FALSE(sync.status().halted);
  CHECK(ex.journals().rows_of("k") == all_rows(*store));
}

TEST_CASE("journal sync: a chain_break halts syncing for the operator; resume() tries again") {
  auto ex = exchange();
  auto other = store_with_rows(5);  // another journal already synced under this kiosk id
  {
    oq::JournalSync s(*other, config());
    run(
        s, kStartMs, [&](const auto& b, std::int64_t now) { return post(ex, b, now); }, 20);
  }
  auto store = std::move(*oq::Store::open(":memory:"));
  for (int i = 1; i <= 8; ++i)
    REQUIRE(store->append(oq::JournalEntry{"tx", "cash_in.note_credited", "{\"kzt\":1000}", i}));
  oq::JournalSync sync(*store, config());
  int sends = 0;
  auto answer = [&](const auto& b, std::int64_t now) {
    ++sends;
    return post(ex, b, now);
  };
  run(sync, kStartMs, answer, 200);
  CHECK(sends == 1);  // halted after the first 409, not retried
  REQUIRE(sync.status().halted);
  CHECK(sync.status().halted->find("chain_break") != std::string::npos);
  CHECK(sync.acked_through() == 0);
  CHECK(ex.journals().rows_of("k") == all_rows(*other));  // the exchange's copy is untouched
  sync.resume();
  run(sync, kStartMs + 10000, answer, 20);
  CHECK(sends == 2);
}

TEST_CASE("journal sync: an exchange holding more than the local journal is an alarm") {
  auto store = store_with_rows(3);
  REQUIRE(store->put_state(oq::kAckedThroughKey, "7"));  // the tail was lost locally
  oq::JournalSync sync(*store, config());
  CHECK(std::holds_alternative<oq::JournalSync::Wait>(sync.next(kStartMs)));
  REQUIRE(sync.status().halted);
  CHECK(sync.status().halted->find("ends at 3") != std::string::npos);
}

TEST_CASE("journal sync: a dead exchange opens the breaker; sends become probes") {
  auto store = store_with_rows(5);
  oq::JournalSync sync(*store, config());
  int sends = 0;
  std::int64_t end = kStartMs + 60000;
  std::int64_t now = kStartMs;
  while (now < end) {
    auto step = sync.next(now);
    if (auto* w = std::get_if<oq::JournalSync::Wait>(&step)) {
      now = std::max(now + 1, w->until_ms);
      continue;
    }
    ++sends;
    (void)sync.settle(std::get<oq::JournalSync::Send>(step).batch,
                      std::unexpected(oq::ExchangeError{oq::ExchangeError::Kind::Connect, "x"}),
                      now);
  }
  CHECK(sends <= 3 + 6);  // 3 to open it, then one probe per 10 s
  CHECK(sync.status().breaker == oq::CircuitBreaker::State::Open);
  CHECK(sync.acked_through() == 0);
}

TEST_CASE("journal sync pump: over loopback through errors, drops and junk answers") {
  boost::asio::io_context io;
  sim::ExchangeSimConfig sc;
  sc.kiosks = {{"k", "s"}};
  sc.seed = 4;
  sc.faults = {.error_rate = 0.2, .drop_rate = 0.2, .junk_rate = 0.3};
  sim::ExchangeSim sim(io, sc);
  test::TempDb db;
  auto store = store_with_rows(140, db.path());
  oq::ExchangeEndpoint ep;
  ep.url = sim.url();
  ep.kiosk_id = "k";
  ep.secret = "s";
  ep.connect_timeout = 300ms;
  ep.request_timeout = 300ms;
  oq::ExchangeClient client(io, ep);
  auto c = config(3, 40);
  c.backoff = {5ms, 40ms};
  c.breaker = {4, 60ms};
  c.idle_poll = 20ms;
  oq::JournalSyncPump pump(io, *store, client, oq::system_wall_clock_ms(), c);
  pump.start();
  REQUIRE(test::run_until(
      io, [&] { return pump.status().acked_through == 140; }, 10s));
  CHECK(pump.status().retries > 0);
  CHECK(sim.service().journals().rows_of("k") == all_rows(*store));
  // A new row is synced on a kick.
  REQUIRE(store->append(oq::JournalEntry{"tx-x", "cash_in.closed", "{}", kStartMs + 500}));
  sim.set_faults({});
  pump.kick();
  REQUIRE(test::run_until(
      io, [&] { return pump.status().acked_through == 141; }, 5s));
  pump.stop();
}
