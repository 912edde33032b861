// Journal sync as a sans-IO core: sends the journal's rows to the exchange in batches
// (POST /v1/journal) and records how far the exchange has acknowledged them, durably, in the
// store's app state under kAckedThroughKey. After a restart it resumes from that seq. The same
// rules as the outbox (retry_policy.hpp): a retryable answer backs off with jitter and counts
// toward a circuit breaker; a 2xx whose body lacks `acked_through` is retried like garbage.
//   409 gap with `acked_through` -> the exchange holds less than the kiosk thought: resume there;
//   any other 4xx (chain_break, ...) -> halted, surfaced to the operator, not retried until
//   resume() (or a restart): the two journals disagree and a person must look.
// The Asio shell is journal_sync_pump.hpp; a simulation can drive this directly in virtual time.
//
//   loop: step = sync.next(now)
//         Send{batch} -> client.request(batch.request) -> sync.settle(batch, result, now')
//         Wait{t}     -> come back at t (or earlier, after a journal append)
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "offline_queue/exchange_types.hpp"
#include "offline_queue/retry_policy.hpp"
#include "offline_queue/store.hpp"

namespace kiosk::oq {

inline constexpr std::string_view kAckedThroughKey = "journal.acked_through";

struct JournalSyncConfig {
  BackoffConfig backoff;
  BreakerConfig breaker;
  std::uint64_t seed = 2;                     // jitter RNG
  std::chrono::milliseconds idle_poll{2000};  // look for new rows at least this often
  std::int64_t batch_rows = 200;              // rows per POST (bodies stay far below 1 MiB)
};

class JournalSync {
 public:
  struct Batch {
    std::int64_t from_seq = 0, to_seq = 0;
    HttpRequest request;  // POST /v1/journal, Idempotency-Key "journal-FROM-TO"
  };
  struct Send {
    Batch batch;
  };
  struct Wait {
    std::int64_t until_ms;
  };
  using Step = std::variant<Send, Wait>;

  struct Settled {
    Verdict verdict = Verdict::Retry;
    std::int64_t acked_through = 0;  // after this answer
    std::string description;         // "http 200", "http 409 chain_break", "timeout: ..."
    std::int64_t retry_at_ms = 0;    // for Verdict::Retry
    bool breaker_opened = false;
    bool recorded = true;  // false: the store refused to record acked_through
  };

  struct Status {
    std::int64_t acked_through = 0;
    std::int64_t batches_sent = 0, batches_acked = 0, retries = 0;
    std::optional<std::string> halted;  // why syncing stopped (a 4xx), for the operator
    CircuitBreaker::State breaker = CircuitBreaker::State::Closed;
  };

  // Reads acked_through from the store (0 if never synced).
  JournalSync(Store& store, JournalSyncConfig config = {});

  Step next(std::int64_t now_ms);
  Settled settle(const Batch& sent, const ExchangeResult& result, std::int64_t now_ms);
  // Forget the outstanding batch without an answer (shutdown): it is sent again later.
  void abandon() { outstanding_ = false; }
  // Operator: try again after a halt.
  void resume() { halted_.reset(); }

  bool outstanding() const { return outstanding_; }
  std::int64_t acked_through() const { return acked_; }
  Status status() const;

 private:
  Settled retry(Settled out, std::int64_t now_ms);
  bool record(std::int64_t acked);

  Store& store_;
  JournalSyncConfig config_;
  Backoff backoff_;
  CircuitBreaker breaker_;
  std::int64_t acked_ = 0;
  int failures_ = 0;  // consecutive retryable outcomes (for the backoff)
  std::int64_t not_before_ms_ = 0;
  bool outstanding_ = false;
  std::optional<std::string> halted_;
  std::int64_t sent_ = 0, acked_batches_ = 0, retries_ = 0;
};

}  // namespace kiosk::oq
