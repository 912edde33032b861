// The outbox: durable exchange-bound requests, each with an idempotency key, replayed in order per
// transaction (README.md, "Outbox"). Owned by the Store (same database, same transactions); not
// thread-safe: use it from one thread (the io_context's).
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "offline_queue/store_error.hpp"

namespace kiosk::oq {

class SqliteDb;

// A request to queue. The idempotency key is the kiosk's journal id for the step; it is sent as
// the Idempotency-Key header and must be unique in the outbox.
struct OutboxRequest {
  std::string idempotency_key;
  std::string method = "POST";
  std::string path;   // request target, e.g. "/v1/cash-in"
  std::string body;   // JSON text
  std::string tx_id;  // ordering group; Store::append fills it from the journal entry when empty
};

enum class OutboxState { Pending, Delivered, Failed };
std::string_view to_string(OutboxState s);

struct OutboxItem {
  std::int64_t id = 0;  // insertion order
  std::string idempotency_key;
  std::string tx_id;
  std::string method;
  std::string path;
  std::string body;
  std::int64_t created_at_ms = 0;
  int attempts = 0;  // sends whose outcome has been recorded
  std::int64_t next_attempt_ms = 0;
  OutboxState state = OutboxState::Pending;
  std::optional<int> last_status;              // HTTP status of the last answer, if any
  std::string last_error;                      // transport error or error body summary
  std::string response_body;                   // the answer kept on delivered / failed
  std::optional<std::int64_t> journal_seq;     // the journal row that caused it, if any
  std::optional<std::int64_t> finished_at_ms;  // when it became delivered / failed
};

class Outbox {
 public:
  explicit Outbox(SqliteDb& db) : db_(db) {}

  // Queues a request outside a journal append (e.g. a journal batch, a heartbeat).
  std::expected<OutboxItem, StoreError> enqueue(const OutboxRequest& req, std::int64_t now_ms);

  // Pending requests that may be sent now: the oldest unfinished request of each tx_id, if it is
  // pending and its next_attempt_ms <= now_ms. A later request of a tx waits while an earlier one
  // is pending or failed (a failed one blocks its tx until an operator retries it). Ordered by
  // next_attempt_ms, then id.
  std::expected<std::vector<OutboxItem>, StoreError> due(std::int64_t now_ms,
                                                         std::size_t limit = 16);
  // The earliest next_attempt_ms among the heads that could be sent (for a timer), if any.
  std::expected<std::optional<std::int64_t>, StoreError> next_attempt_ms();

  // Outcomes of a send. Each counts an attempt and refuses an item that is not pending (NotFound).
  std::expected<void, StoreError> mark_delivered(std::string_view key, int status,
                                                 std::string_view response_body,
                                                 std::int64_t now_ms);
  std::expected<void, StoreError> mark_retry(std::string_view key, std::int64_t next_at_ms,
                                             std::string_view error,
                                             std::optional<int> status = std::nullopt);
  std::expected<void, StoreError> mark_failed(std::string_view key, std::optional<int> status,
                                              std::string_view error,
                                              std::string_view response_body, std::int64_t now_ms);
  // Operator action: a failed request goes back to pending, due at `now_ms`.
  std::expected<void, StoreError> retry_failed(std::string_view key, std::int64_t now_ms);

  std::expected<std::optional<OutboxItem>, StoreError> find(std::string_view key);
  std::expected<std::vector<OutboxItem>, StoreError> list_failed();
  std::expected<std::vector<OutboxItem>, StoreError> list_for_tx(std::string_view tx_id);
  // Number of pending requests.
  std::expected<std::int64_t, StoreError> depth();
  // The sum of the integer "fiat_kzt" field of the JSON bodies of requests to `path` that the
  // exchange has not acknowledged (pending or failed): the kiosk's unacknowledged exposure.
  std::expected<std::int64_t, StoreError> unacknowledged_fiat_kzt(std::string_view path);
  // now_ms - created_at_ms of the oldest pending request, if any.
  std::expected<std::optional<std::int64_t>, StoreError> oldest_pending_age_ms(std::int64_t now_ms);
  // Deletes delivered requests finished before `before_ms`; returns how many.
  std::expected<std::int64_t, StoreError> prune_delivered(std::int64_t before_ms);

  // Used by Store::append inside its transaction.
  std::expected<OutboxItem, StoreError> insert(const OutboxRequest& req, std::int64_t now_ms,
                                               std::optional<std::int64_t> journal_seq);

 private:
  SqliteDb& db_;
};

}  // namespace kiosk::oq
