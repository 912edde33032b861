// The Asio shell around OutboxDrain (outbox_drain.hpp): drains the Outbox through the
// ExchangeClient on a steady timer, one request in flight, oldest due first, in order per tx.
//   Delivered -> recorded, then on_delivered(item, response);
//   Retry     -> recorded with exponential backoff and jitter; counts toward the breaker;
//   Failed    -> recorded, then on_failed(item, response): surfaced, never retried
//                automatically (an operator may Outbox::retry_failed).
// The outcome is written before the callback runs, so a crash in between re-sends at worst,
// and the exchange deduplicates by Idempotency-Key. Runs on the io_context's thread; logs one
// key=value line per outcome on stderr.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

#include "offline_queue/exchange_client.hpp"
#include "offline_queue/outbox.hpp"
#include "offline_queue/outbox_drain.hpp"
#include "offline_queue/retry_policy.hpp"
#include "offline_queue/wall_clock.hpp"

namespace kiosk::oq {

class OutboxPump {
 public:
  using OnDelivered = std::function<void(const OutboxItem&, const HttpResponse&)>;
  using OnFailed = std::function<void(const OutboxItem&, const HttpResponse&)>;

  struct Status {
    bool running = false;
    bool in_flight = false;
    CircuitBreaker::State breaker = CircuitBreaker::State::Closed;
    int consecutive_failures = 0;
    std::int64_t sent = 0, delivered = 0, retried = 0, failed = 0;
  };

  // `outbox` and `client` must outlive the pump.
  OutboxPump(boost::asio::io_context& io, Outbox& outbox, ExchangeClient& client,
             WallClockMs wall_clock, OutboxPumpConfig config = {});
  // Stops; an answer still in flight is then ignored (the request stays pending and is re-sent
  // by the next pump: exactly-once in effect through the Idempotency-Key).
  ~OutboxPump();
  OutboxPump(const OutboxPump&) = delete;
  OutboxPump& operator=(const OutboxPump&) = delete;

  void on_delivered(OnDelivered cb);
  void on_failed(OnFailed cb);

  void start();
  // No new sends; an answer in flight is still recorded in the outbox.
  void stop();
  // Look at the outbox now (after an enqueue), instead of at the next timer.
  void kick();

  Status status() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace kiosk::oq
