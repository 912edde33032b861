#include "offline_queue/outbox_drain.hpp"

#include <algorithm>

namespace kiosk::oq {
namespace {

std::string describe(const ExchangeResult& r) {
  if (!r) return std::string(to_string(r.error().kind)) + ": " + r.error().what;
  std::string s = "http " + std::to_string(r->status);
  if (r->status >= 200 && r->status < 300) s += ": body is not JSON";
  return s;
}

}  // namespace

OutboxDrain::OutboxDrain(Outbox& outbox, OutboxPumpConfig config)
    : outbox_(outbox),
      config_(config),
      backoff_(config.backoff, config.seed),
      breaker_(config.breaker) {}

OutboxDrain::Step OutboxDrain::next(std::int64_t now_ms) {
  const std::int64_t idle_until = now_ms + config_.idle_poll.count();
  if (outstanding_) return Wait{idle_until};
  if (!breaker_.allow(now_ms)) return Wait{std::min(breaker_.open_until_ms(), idle_until)};
  auto due = outbox_.due(now_ms, 1);
  if (!due) return Wait{idle_until};  // the store is unwell: look again later
  if (due->empty()) {
    auto next = outbox_.next_attempt_ms();
    std::int64_t at = next && *next ? **next : idle_until;
    return Wait{std::clamp(at, now_ms, idle_until)};
  }
  outstanding_ = true;
  ++counters_.sent;
  return Send{std::move(due->front())};
}

OutboxDrain::Settled OutboxDrain::settle(const OutboxItem& sent, const ExchangeResult& result,
                                         std::int64_t now_ms) {
  outstanding_ = false;
  Settled out;
  out.verdict = classify(result);
  out.item = sent;
  const std::string& key = sent.idempotency_key;
  std::expected<void, StoreError> written;
  switch (out.verdict) {
    case Verdict::Delivered:
      breaker_.on_success();
      ++counters_.delivered;
      out.description = "http " + std::to_string(result->status);
      written = outbox_.mark_delivered(key, result->status, result->body, now_ms);
      break;
    case Verdict::Failed:
      breaker_.on_success();  // the exchange answered: it is reachable
      ++counters_.failed;
      out.description = "http " + std::to_string(result->status);
      written = outbox_.mark_failed(key, result->status, out.description, result->body, now_ms);
      break;
    case Verdict::Retry: {
      auto before = breaker_.state();
      breaker_.on_failure(now_ms);
      out.breaker_opened =
          before != CircuitBreaker::State::Open && breaker_.state() == CircuitBreaker::State::Open;
      ++counters_.retried;
      out.description = describe(result);
      out.retry_at_ms = now_ms + backoff_.delay_after(sent.attempts + 1).count();
      std::optional<int> status;
      if (result) status = result->status;
      written = outbox_.mark_retry(key, out.retry_at_ms, out.description, status);
      break;
    }
  }
  if (!written) {
    out.recorded = false;
    out.store_error = written.error().what;
    return out;
  }
  if (auto found = outbox_.find(key); found && *found) out.item = **found;
  return out;
}

}  // namespace kiosk::oq
