// The outbox pump's decisions, as a pure core (no clock, no I/O): what an answer means for a
// queued request, how long to back off, and when to stop knocking (circuit breaker).
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <random>

#include "offline_queue/exchange_types.hpp"

namespace kiosk::oq {

enum class Verdict {
  Delivered,  // 2xx with a JSON body: done
  Retry,      // try later: 5xx, 408, 429, transport errors, garbage, a 2xx whose body is not JSON
  Failed,     // will never succeed: other 4xx (including 409), surfaced to the operator
};

Verdict classify(const ExchangeResult& outcome);

struct BackoffConfig {
  std::chrono::milliseconds base{1000};   // delay after the first failed attempt
  std::chrono::milliseconds cap{300000};  // never wait longer than this
};

// Exponential backoff with jitter: after the n-th failed attempt (n >= 1) the delay is drawn
// uniformly from [d/2, d] where d = min(cap, base * 2^(n-1)). Seeded, so runs replay.
class Backoff {
 public:
  Backoff(BackoffConfig config, std::uint64_t seed) : config_(config), rng_(seed) {}
  std::chrono::milliseconds delay_after(int attempts);

 private:
  BackoffConfig config_;
  std::mt19937_64 rng_;
};

struct BreakerConfig {
  int failure_threshold = 5;                   // consecutive retryable failures that open it
  std::chrono::milliseconds cool_down{30000};  // how long it stays open before one probe
};

// Closed: requests flow. After `failure_threshold` consecutive retryable failures it opens for
// `cool_down`; then it lets exactly one probe through (half-open): success closes it, failure
// opens it again. Times are the caller's `now` in milliseconds.
class CircuitBreaker {
 public:
  enum class State { Closed, Open, HalfOpen };
  explicit CircuitBreaker(BreakerConfig config) : config_(config) {}

  // May a request be sent now? In Open past the cool-down this moves to HalfOpen and says yes.
  bool allow(std::int64_t now_ms);
  void on_success();
  void on_failure(std::int64_t now_ms);

  State state() const { return state_; }
  std::int64_t open_until_ms() const { return open_until_ms_; }
  int consecutive_failures() const { return failures_; }

 private:
  BreakerConfig config_;
  State state_ = State::Closed;
  int failures_ = 0;
  std::int64_t open_until_ms_ = 0;
};

}  // namespace kiosk::oq
