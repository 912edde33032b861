// What an answer means for a queued request, backoff bounds, the circuit breaker.
#include "offline_queue/retry_policy.hpp"

#include <doctest/doctest.h>

using namespace kiosk::oq;
using std::chrono::milliseconds;

namespace {
using Outcome = std::expected<HttpResponse, ExchangeError>;
Outcome answer(int status, std::string body = "{}") {
  return HttpResponse{status, std::move(body)};
}
Outcome transport(ExchangeError::Kind k) { return std::unexpected(ExchangeError{k, "x"}); }
}  // namespace

TEST_CASE("classify: 2xx with JSON delivers, 4xx fails, the rest retries") {
  CHECK(classify(answer(200)) == Verdict::Delivered);
  CHECK(classify(answer(201, R"({"a":1})")) == Verdict::Delivered);
  CHECK(classify(answer(200, "<html>")) == Verdict::Retry);
  CHECK(classify(answer(200, "")) == Verdict::Retry);
  for (int s : {500, 502, 503, 504, 408, 429}) CHECK(classify(answer(s)) == Verdict::Retry);
  for (int s : {400, 401, 403, 404, 409, 422}) CHECK(classify(answer(s)) == Verdict::Failed);
  for (auto k :
       {ExchangeError::Kind::Connect, ExchangeError::Kind::Timeout, ExchangeError::Kind::Reset,
        ExchangeError::Kind::Protocol, ExchangeError::Kind::TooLarge, ExchangeError::Kind::Tls})
    CHECK(classify(transport(k)) == Verdict::Retry);
}

TEST_CASE("backoff doubles up to the cap, with jitter in [d/2, d], and replays from its seed") {
  BackoffConfig cfg{milliseconds(100), milliseconds(1000)};
  Backoff a(cfg, 42), b(cfg, 42);
  const std::int64_t expected_max[] = {100, 200, 400, 800, 1000, 1000, 1000};
  for (int n = 1; n <= 7; ++n) {
    auto d = a.delay_after(n).count();
    CHECK(d >= expected_max[n - 1] / 2);
    CHECK(d <= expected_max[n - 1]);
    CHECK(b.delay_after(n).count() == d);
  }
  CHECK(a.delay_after(1000).count() <= 1000);  // no overflow for huge attempt counts
}

TEST_CASE("the circuit breaker opens after N failures, probes once after the cool-down") {
  CircuitBreaker br(BreakerConfig{3, milliseconds(1000)});
  CHECK(br.allow(0));
  br.on_failure(10);
  br.on_failure(20);
  CHECK(br.state() == CircuitBreaker::State::Closed);
  br.on_success();  // a success resets the count
  br.on_failure(30);
  br.on_failure(40);
  CHECK(br.allow(40));
  br.on_failure(50);
  CHECK(br.state() == CircuitBreaker::State::Open);
  CHECK_FALSE(br.allow(500));
  CHECK_FALSE(br.allow(1049));
  CHECK(br.allow(1050));
  CHECK(br.state() == CircuitBreaker::State::HalfOpen);
  br.on_failure(1060);  // the probe failed: open again at once
  CHECK(br.state() == CircuitBreaker::State::Open);
  CHECK(br.open_until_ms() == 2060);
  CHECK(br.allow(2060));
  br.on_success();
  CHECK(br.state() == CircuitBreaker::State::Closed);
  CHECK(br.allow(2061));
}
