// The outbox pump's logic as a sans-IO core: it says what to send next and records what an
// answer means, with time passed in. The Asio shell (outbox_pump.hpp) drives it with real time
// and the ExchangeClient; the whole-kiosk simulation can drive it with virtual time and the
// exchange simulator's core directly.
//
//   loop: step = drain.next(now)
//         Send{item} -> deliver item somehow -> drain.settle(item, result, now')
//         Wait{t}    -> come back at t (or earlier, after an enqueue)
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "offline_queue/exchange_types.hpp"
#include "offline_queue/outbox.hpp"
#include "offline_queue/retry_policy.hpp"

namespace kiosk::oq {

struct OutboxPumpConfig {
  BackoffConfig backoff;
  BreakerConfig breaker;
  std::uint64_t seed = 1;                     // jitter RNG
  std::chrono::milliseconds idle_poll{1000};  // look at the outbox at least this often
};

class OutboxDrain {
 public:
  struct Send {
    OutboxItem item;
  };
  struct Wait {
    std::int64_t until_ms;  // never later than now + idle_poll
  };
  using Step = std::variant<Send, Wait>;

  // What settle() did.
  struct Settled {
    Verdict verdict = Verdict::Retry;
    OutboxItem item;               // as stored after the outcome was recorded
    bool recorded = true;          // false: the store refused the write (the item stays pending)
    std::string store_error;       // why, when !recorded
    std::string description;       // "http 503", "timeout: ...", for logs and last_error
    std::int64_t retry_at_ms = 0;  // for Verdict::Retry
    bool breaker_opened = false;   // this outcome opened the circuit breaker
  };

  struct Counters {
    std::int64_t sent = 0, delivered = 0, retried = 0, failed = 0;
  };

  OutboxDrain(Outbox& outbox, OutboxPumpConfig config);

  // The next request to send (the oldest due, in order per tx), or how long to wait. While a
  // request is outstanding (sent, not settled) it only ever answers Wait.
  Step next(std::int64_t now_ms);

  // Records the answer to the outstanding request `sent` in the outbox:
  //   Delivered -> mark_delivered; Failed -> mark_failed; Retry -> mark_retry with backoff.
  Settled settle(const OutboxItem& sent, const ExchangeResult& result, std::int64_t now_ms);

  // Forget the outstanding request without an answer (the shell lost it, e.g. on shutdown):
  // it stays pending in the outbox and is sent again later.
  void abandon() { outstanding_ = false; }

  bool outstanding() const { return outstanding_; }
  const CircuitBreaker& breaker() const { return breaker_; }
  const Counters& counters() const { return counters_; }

 private:
  Outbox& outbox_;
  OutboxPumpConfig config_;
  Backoff backoff_;
  CircuitBreaker breaker_;
  Counters counters_;
  bool outstanding_ = false;
};

}  // namespace kiosk::oq
