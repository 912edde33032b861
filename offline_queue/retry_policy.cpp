#include "offline_queue/retry_policy.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace kiosk::oq {

Verdict classify(const ExchangeResult& outcome) {
  if (!outcome) return Verdict::Retry;
  int s = outcome->status;
  if (s >= 200 && s < 300)
    return nlohmann::json::accept(outcome->body) ? Verdict::Delivered : Verdict::Retry;
  if (s == 408 || s == 429) return Verdict::Retry;
  if (s >= 400 && s < 500) return Verdict::Failed;
  return Verdict::Retry;  // 5xx, and 1xx/3xx which the API never uses
}

std::chrono::milliseconds Backoff::delay_after(int attempts) {
  std::int64_t base = std::max<std::int64_t>(1, config_.base.count());
  std::int64_t cap = std::max(base, static_cast<std::int64_t>(config_.cap.count()));
  std::int64_t d = base;
  for (int i = 1; i < attempts && d < cap; ++i) d = std::min(cap, d * 2);
  std::uniform_int_distribution<std::int64_t> jitter(d / 2, d);
  return std::chrono::milliseconds(jitter(rng_));
}

bool CircuitBreaker::allow(std::int64_t now_ms) {
  switch (state_) {
    case State::Closed:
    case State::HalfOpen:
      return true;
    case State::Open:
      if (now_ms < open_until_ms_) return false;
      state_ = State::HalfOpen;
      return true;
  }
  return true;
}

void CircuitBreaker::on_success() {
  state_ = State::Closed;
  failures_ = 0;
}

void CircuitBreaker::on_failure(std::int64_t now_ms) {
  ++failures_;
  if (state_ == State::HalfOpen || failures_ >= config_.failure_threshold) {
    state_ = State::Open;
    open_until_ms_ = now_ms + config_.cool_down.count();
  }
}

}  // namespace kiosk::oq
