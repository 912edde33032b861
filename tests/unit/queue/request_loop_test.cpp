// RequestLoop, the Asio loop under every pump, driven through a fake transport whose answers the
// test hands back by hand: one request in flight, waits and kicks, stop and destruction with an
// answer still out. io.poll() runs what is ready without waiting; io.stopped() after a poll
// means nothing is left armed.
#include "offline_queue/request_loop.hpp"

#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <vector>

#include "test_support.hpp"

using namespace kiosk;
using namespace std::chrono_literals;

namespace {

// Holds every request sent and its callback until the test answers it.
struct FakeExchange {
  std::vector<oq::HttpRequest> sent;
  std::vector<std::function<void(oq::ExchangeResult)>> waiting;

  oq::RequestLoop::Transport transport() {
    return [this](oq::HttpRequest req, std::function<void(oq::ExchangeResult)> done) {
      sent.push_back(std::move(req));
      waiting.push_back(std::move(done));
    };
  }
  // Answers the oldest unanswered request.
  void answer(int status) {
    REQUIRE_FALSE(waiting.empty());
    auto done = std::move(waiting.front());
    waiting.erase(waiting.begin());
    done(oq::HttpResponse{status, "{}"});
  }
};

// A pump's side of the loop: sends request n+1 when `ready(now)`, else waits until `due_ms`.
struct Pump {
  std::int64_t due_ms = 0;
  int next_calls = 0;
  std::vector<int> settled;  // statuses, in order

  oq::RequestLoop::Step next(std::int64_t now) {
    ++next_calls;
    if (now < due_ms) return oq::RequestLoop::Wait{due_ms};
    oq::HttpRequest req{"POST", "/v1/thing", "{}", "key-" + std::to_string(next_calls)};
    return oq::RequestLoop::Send{std::move(req), [this](const oq::ExchangeResult& r, std::int64_t) {
                                   settled.push_back(r->status);
                                 }};
  }
};

std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

oq::WallClockMs fixed_clock(std::int64_t t) {
  return [t] { return t; };
}

}  // namespace

TEST_CASE(
    "one request in flight: kicks while it is out send nothing; the answer lets the next go") {
  boost::asio::io_context io;
  FakeExchange exchange;
  Pump pump;
  oq::RequestLoop loop(io, exchange.transport(), fixed_clock(1000),
                       [&](std::int64_t now) { return pump.next(now); });
  CHECK_FALSE(loop.running());
  loop.start();
  io.poll();
  REQUIRE(exchange.sent.size() == 1);
  CHECK(exchange.sent[0].idempotency_key == "key-1");
  CHECK(loop.in_flight());

  for (int i = 0; i < 3; ++i) loop.kick();
  loop.start();  // already running: no effect
  io.restart();
  io.poll();
  CHECK(exchange.sent.size() == 1);
  CHECK(pump.next_calls == 1);  // the pump is not even asked while a request is out

  exchange.answer(200);
  CHECK(pump.settled == std::vector<int>{200});
  CHECK_FALSE(loop.in_flight());
  io.restart();
  io.poll();  // the next step was posted after the answer
  REQUIRE(exchange.sent.size() == 2);
  CHECK(exchange.sent[1].idempotency_key == "key-2");
  CHECK(exchange.waiting.size() == 1);
}

TEST_CASE("a Wait arms the timer; the step runs when due, not before") {
  boost::asio::io_context io;
  FakeExchange exchange;
  Pump pump;
  std::vector<std::int64_t> asked_at;
  oq::RequestLoop loop(io, exchange.transport(), steady_ms, [&](std::int64_t now) {
    asked_at.push_back(now);
    return pump.next(now);
  });
  pump.due_ms = steady_ms() + 30;
  loop.start();
  io.poll();
  CHECK(exchange.sent.empty());
  CHECK(pump.next_calls == 1);
  CHECK_FALSE(io.stopped());  // the timer is armed

  REQUIRE(test::run_until(io, [&] { return !exchange.sent.empty(); }));
  CHECK(exchange.sent.size() == 1);
  CHECK(asked_at.back() >= pump.due_ms);  // sent by the timer's pump, once due
}

TEST_CASE("kick() during a wait looks again at once") {
  boost::asio::io_context io;
  FakeExchange exchange;
  Pump pump;
  std::int64_t now = 1000;
  oq::RequestLoop loop(
      io, exchange.transport(), [&] { return now; }, [&](std::int64_t t) { return pump.next(t); });
  pump.due_ms = now + 3'600'000;  // an hour away
  loop.start();
  io.poll();
  CHECK(exchange.sent.empty());

  pump.due_ms = now;  // e.g. an enqueue made something due
  loop.kick();
  io.restart();
  io.poll();
  CHECK(exchange.sent.size() == 1);
  CHECK(pump.next_calls == 2);
}

TEST_CASE("stop(): nothing armed, an answer still out is settled, nothing more is sent") {
  boost::asio::io_context io;
  FakeExchange exchange;
  Pump pump;
  oq::RequestLoop loop(io, exchange.transport(), fixed_clock(1000),
                       [&](std::int64_t now) { return pump.next(now); });
  loop.start();
  io.poll();
  REQUIRE(exchange.sent.size() == 1);

  loop.stop();
  CHECK_FALSE(loop.running());
  exchange.answer(503);
  CHECK(pump.settled == std::vector<int>{503});  // the outcome is still recorded
  io.restart();
  io.poll();
  CHECK(io.stopped());  // no timer left armed, no step posted
  CHECK(exchange.sent.size() == 1);
  CHECK(pump.next_calls == 1);
  loop.kick();  // stopped: ignored
  io.restart();
  io.poll();
  CHECK(exchange.sent.size() == 1);

  loop.start();  // and it comes back
  io.restart();
  io.poll();
  CHECK(exchange.sent.size() == 2);
}

TEST_CASE("stop() during a wait cancels the timer") {
  boost::asio::io_context io;
  FakeExchange exchange;
  Pump pump;
  pump.due_ms = 1000 + 3'600'000;
  oq::RequestLoop loop(io, exchange.transport(), fixed_clock(1000),
                       [&](std::int64_t now) { return pump.next(now); });
  loop.start();
  io.poll();
  CHECK_FALSE(io.stopped());  // waiting on the timer
  loop.stop();
  io.restart();
  io.poll();
  CHECK(io.stopped());
  CHECK(exchange.sent.empty());
  CHECK(pump.next_calls == 1);
}

TEST_CASE("destroyed with a request in flight: the late answer is dropped, nothing runs") {
  boost::asio::io_context io;
  FakeExchange exchange;
  Pump pump;
  {
    auto loop = std::make_unique<oq::RequestLoop>(io, exchange.transport(), fixed_clock(1000),
                                                  [&](std::int64_t now) { return pump.next(now); });
    loop->start();
    io.poll();
    REQUIRE(exchange.sent.size() == 1);
    loop->kick();  // a step posted but not yet run when the loop goes
  }
  exchange.answer(200);
  io.restart();
  io.run();  // returns once idle: nothing was left armed
  CHECK(pump.settled.empty());
  CHECK(exchange.sent.size() == 1);
  CHECK(pump.next_calls == 1);
}

TEST_CASE("destroyed from inside its own settle: the loop outlives the call, nothing follows") {
  boost::asio::io_context io;
  FakeExchange exchange;
  std::unique_ptr<oq::RequestLoop> loop;
  int sends = 0, settles = 0;
  loop = std::make_unique<oq::RequestLoop>(
      io, exchange.transport(), fixed_clock(1000), [&](std::int64_t) -> oq::RequestLoop::Step {
        ++sends;
        return oq::RequestLoop::Send{oq::HttpRequest{},
                                     [&](const oq::ExchangeResult&, std::int64_t) {
                                       ++settles;
                                       loop.reset();  // e.g. the owner shuts down on an answer
                                     }};
      });
  loop->start();
  io.poll();
  exchange.answer(200);
  io.restart();
  io.run();
  CHECK(settles == 1);
  CHECK(sends == 1);
  CHECK(loop == nullptr);
}
