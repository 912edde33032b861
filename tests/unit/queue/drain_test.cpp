// The pump's sans-IO core in virtual time against the simulator's sans-IO API core: no sockets,
// no sleeps, one seed drives every fault, and the run replays exactly from its seed.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "offline_queue/exchange_messages.hpp"
#include "offline_queue/outbox_drain.hpp"
#include "offline_queue/request_signing.hpp"
#include "offline_queue/store.hpp"
#include "sim/exchange/exchange_service.hpp"

using namespace kiosk;
using namespace std::chrono_literals;

namespace {

constexpr std::int64_t kStartMs = 1714557600000;

oq::OutboxPumpConfig config(std::uint64_t seed) {
  oq::OutboxPumpConfig c;
  c.backoff = {100ms, 5000ms};
  c.breaker = {3, 10000ms};
  c.seed = seed;
  c.idle_poll = 1000ms;
  return c;
}

std::string cash_in(const std::string& tx) {
  oq::CashInRequest c;
  c.tx_id = tx;
  c.asset = "LTC";
  c.network = "litecoin";
  c.address = "ltc1qexample";
  c.fiat = flows::Kzt{2000};
  c.notes = {{1000, 2}};
  c.quote_kzt_per_unit = *flows::Rate::parse("45000");
  c.quote_as_of = "2024-05-01T10:00:00Z";
  c.created_at = "2024-05-01T10:01:00Z";
  return oq::cash_in_body(c);
}

sim::SimRequest signed_request(const oq::OutboxItem& item, std::int64_t now_ms) {
  sim::SimRequest r{item.method, item.path,           item.body, "k", std::to_string(now_ms / 1000),
                    "",          item.idempotency_key};
  r.signature = oq::sign_request("s", item.method, item.path, now_ms / 1000, item.body);
  return r;
}

struct Run {
  std::vector<std::string> trace;    // "key:verdict" per settled send
  std::vector<std::string> applied;  // keys in the order the exchange applied them
  std::int64_t finished_at_ms = 0;
  std::int64_t depth = -1;
};

// 10 txs x (cash-in, heartbeat, heartbeat). Fault model per send, from the seed: 30% 503 (not
// applied), 10% applied but the answer lost, 10% timeout (not applied).
Run drain_through_faults(std::uint64_t seed) {
  auto store = std::move(*oq::Store::open(":memory:"));
  for (int t = 0; t < 10; ++t) {
    std::string tx = "tx-" + std::to_string(t);
    REQUIRE(store->append(oq::JournalEntry{tx, "cash_in.confirmed", "{}", kStartMs},
                          oq::OutboxRequest{"ci-" + tx, "POST", "/v1/cash-in", cash_in(tx), ""}));
    for (int h = 0; h < 2; ++h)
      REQUIRE(store->outbox().enqueue(
          oq::OutboxRequest{"hb" + std::to_string(h) + "-" + tx, "POST", "/v1/heartbeat", "{}", tx},
          kStartMs));
  }
  sim::ExchangeService exchange({{"k", "s"}}, sim::default_sim_rates());
  oq::OutboxDrain drain(store->outbox(), config(seed));
  std::mt19937_64 faults(seed);
  std::uniform_real_distribution<double> roll(0.0, 1.0);
  Run run;
  std::int64_t now = kStartMs;
  for (int guard = 0; guard < 100000 && *store->outbox().depth() > 0; ++guard) {
    auto step = drain.next(now);
    if (auto* wait = std::get_if<oq::OutboxDrain::Wait>(&step)) {
      REQUIRE(wait->until_ms >= now);
      now = std::max(now + 1, wait->until_ms);
      continue;
    }
    oq::OutboxItem item = std::get<oq::OutboxDrain::Send>(step).item;
    CHECK(std::holds_alternative<oq::OutboxDrain::Wait>(drain.next(now)));  // one at a time
    double x = roll(faults);
    oq::ExchangeResult result;
    if (x < 0.3) {
      result = oq::HttpResponse{503, oq::error_body("unavailable", "busy")};
    } else if (x < 0.4) {
      (void)exchange.handle(signed_request(item, now), now);
      result = std::unexpected(oq::ExchangeError{oq::ExchangeError::Kind::Reset, "lost"});
    } else if (x < 0.5) {
      result = std::unexpected(oq::ExchangeError{oq::ExchangeError::Kind::Timeout, "slow"});
    } else {
      auto res = exchange.handle(signed_request(item, now), now);
      result = oq::HttpResponse{res.status, res.body};
    }
    now += 40;  // the round trip
    auto settled = drain.settle(item, result, now);
    REQUIRE(settled.recorded);
    run.trace.push_back(item.idempotency_key + ":" + std::to_string(int(settled.verdict)));
  }
  for (const auto& r : exchange.requests())
    if (r.status == 200 && !r.replay) run.applied.push_back(r.idempotency_key);
  run.finished_at_ms = now;
  run.depth = *store->outbox().depth();
  CHECK(store->outbox().list_failed()->empty());
  return run;
}

}  // namespace

TEST_CASE("virtual time: every request is applied exactly once, in order per tx") {
  Run run = drain_through_faults(11);
  CHECK(run.depth == 0);
  REQUIRE(run.applied.size() == 30);
  auto sorted = run.applied;
  std::sort(sorted.begin(), sorted.end());
  CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());  // no key twice
  for (int t = 0; t < 10; ++t) {
    std::string tx = "tx-" + std::to_string(t);
    auto pos = [&](const std::string& key) {
      return std::find(run.applied.begin(), run.applied.end(), key) - run.applied.begin();
    };
    CHECK(pos("ci-" + tx) < pos("hb0-" + tx));
    CHECK(pos("hb0-" + tx) < pos("hb1-" + tx));
  }
  CHECK(run.trace.size() > 30);  // faults made it retry
}

TEST_CASE("virtual time: a run replays exactly from its seed") {
  Run a = drain_through_faults(5), b = drain_through_faults(5), c = drain_through_faults(6);
  CHECK(a.trace == b.trace);
  CHECK(a.finished_at_ms == b.finished_at_ms);
  CHECK(a.trace != c.trace);
}

TEST_CASE("virtual time: during a partition the breaker limits sends to probes") {
  auto store = std::move(*oq::Store::open(":memory:"));
  for (int i = 0; i < 5; ++i)
    REQUIRE(
        store->outbox().enqueue(oq::OutboxRequest{"k" + std::to_string(i), "POST", "/v1/heartbeat",
                                                  "{}", "tx" + std::to_string(i)},
                                kStartMs));
  oq::OutboxDrain drain(store->outbox(), config(1));
  std::int64_t now = kStartMs;
  int sends = 0, opened = 0;
  while (now < kStartMs + 60000) {  // one minute of partition
    auto step = drain.next(now);
    if (auto* wait = std::get_if<oq::OutboxDrain::Wait>(&step)) {
      now = std::max(now + 1, wait->until_ms);
      continue;
    }
    ++sends;
    auto s = drain.settle(std::get<oq::OutboxDrain::Send>(step).item,
                          std::unexpected(oq::ExchangeError{oq::ExchangeError::Kind::Connect, "x"}),
                          now);
    opened += s.breaker_opened;
  }
  // 3 failures open it; then one probe per 10 s cool-down.
  CHECK(sends <= 3 + 6);
  CHECK(opened >= 5);
  CHECK(drain.breaker().state() == oq::CircuitBreaker::State::Open);
  CHECK(*store->outbox().depth() == 5);
  // The exchange is back: the next probe closes the breaker and everything flows.
  now = drain.breaker().open_until_ms();
  int delivered = 0;
  while (*store->outbox().depth() > 0) {
    auto step = drain.next(now);
    if (auto* wait = std::get_if<oq::OutboxDrain::Wait>(&step)) {
      now = std::max(now + 1, wait->until_ms);
      continue;
    }
    auto s = drain.settle(std::get<oq::OutboxDrain::Send>(step).item,
                          oq::HttpResponse{200, R"({"commands_after":0})"}, now);
    delivered += s.verdict == oq::Verdict::Delivered;
  }
  CHECK(delivered == 5);
  CHECK(drain.breaker().state() == oq::CircuitBreaker::State::Closed);
}
