// Personal data at rest and its delivery to the exchange (POST /v1/kyc).
//
// A submission is stored as ONE AES-256-GCM box (sealed_box.hpp, context = the kyc id) holding the
// exact bytes of its POST /v1/kyc body (identity, consent, document JPEG, optional selfie JPEG),
// in the `kyc_vault` table of the Store's database (schema v2). Nothing personal is ever written
// in plaintext: not in this table, not in the outbox (the vault does not use it), not in logs.
//
// Delivery: the vault is its own small sender, a sans-IO core shaped like OutboxDrain with the
// same retry rules (retry_policy.hpp: classify, Backoff with jitter, CircuitBreaker). `next(now)`
// opens the box of the oldest due submission and hands out the request; `settle` records the
// answer. The box is opened only in memory at send time, and since the sealed bytes are the body,
// every resend is byte-identical (the exchange's idempotency needs that). KycPump
// (kyc_pump.hpp) drives it on the ExchangeClient; a test can drive it in virtual time.
//
//   2xx with a valid KycAnswer for this kyc id -> acked: the box is deleted; the row stays as a
//                                                  tombstone (kyc id, status, acked time,
//                                                  SHA-256 of the body that was sent)
//   408/429/5xx/transport/garbage (a 2xx that is not a KycAnswer for this id) -> retried
//   other 4xx -> failed (kept sealed for an operator: retry_failed), until purged
// `purge` deletes boxes older than the retention period whatever their state (an unacknowledged
// submission is then never delivered: the customer identifies again next time).
// Not thread-safe: use it from the io_context's thread, like the Store.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "offline_queue/exchange_types.hpp"
#include "offline_queue/kyc_messages.hpp"
#include "offline_queue/outbox_drain.hpp"
#include "offline_queue/retry_policy.hpp"
#include "offline_queue/sealed_box.hpp"
#include "offline_queue/store.hpp"

namespace kiosk::oq {

enum class KycState { Pending, Acked, Failed, Purged };
std::string_view to_string(KycState s);

// What the vault holds about a submission (no personal data: the box is not opened).
struct KycRecord {
  std::string kyc_id;
  std::string tx_id;
  KycState state = KycState::Pending;
  bool sealed_data_held = false;  // the box is still in the table
  std::string body_sha256;        // lower-case hex SHA-256 of the body (sent or to be sent)
  std::int64_t created_at_ms = 0;
  int attempts = 0;
  std::int64_t next_attempt_ms = 0;
  std::optional<int> last_status;
  std::string last_error;
  std::optional<KycAnswer> answer;  // the exchange's answer once acked
  std::optional<std::int64_t> acked_at_ms;
  std::optional<std::int64_t> purged_at_ms;
};

class KycVault {
 public:
  static constexpr std::string_view kPath = "/v1/kyc";

  // `store` must outlive the vault. `config` is the outbox pump's (backoff, breaker, seed, idle).
  // Turns on SQLite's secure_delete for the connection, so deleted boxes are zeroed in the file.
  KycVault(Store& store, SealKey key, OutboxPumpConfig config = {});

  // Stores the submission sealed and queues its delivery. The kyc id is s.kyc_id, or
  // "kyc-<tx_id>" when empty. Submitting the same submission again (same id, same bytes) is a
  // no-op that returns the id; the same id with other content is Kind::DuplicateKey. Refused
  // (BadInput): no tx id, a kyc id that cannot be a header value, a body the exchange would refuse
  // as malformed (parse_kyc_request), an Anonymous tier.
  std::expected<std::string, StoreError> submit(const KycSubmission& s, std::int64_t now_ms);

  std::expected<std::optional<KycRecord>, StoreError> status(std::string_view kyc_id);
  // Opens a held box (for an operator export or a test). Fails when the box is gone (acked or
  // purged), or does not open (wrong key, tampered row).
  std::expected<KycSubmission, SealError> open(std::string_view kyc_id);

  // Deletes the boxes of submissions created before now_ms - retention (pending and failed ones
  // become `purged`, acked ones have none left). Returns how many boxes were deleted.
  std::expected<std::int64_t, StoreError> purge(std::int64_t now_ms,
                                                std::chrono::milliseconds retention);
  // Operator action: a failed submission (still held) goes back to pending, due now.
  std::expected<void, StoreError> retry_failed(std::string_view kyc_id, std::int64_t now_ms);
  // Pending submissions.
  std::expected<std::int64_t, StoreError> depth();

  // ---- delivery core ----
  struct Send {
    std::string kyc_id;
    HttpRequest request;  // POST /v1/kyc, Idempotency-Key = kyc id, the opened body
  };
  struct Wait {
    std::int64_t until_ms;
  };
  using Step = std::variant<Send, Wait>;

  struct Settled {
    Verdict verdict = Verdict::Retry;
    std::optional<KycAnswer> answer;  // when delivered
    std::string description;          // "http 200 accepted", "garbage answer: ...", for logs
    bool recorded = true;             // false: the store refused the write
    std::string store_error;
    std::int64_t retry_at_ms = 0;  // for Verdict::Retry
    bool breaker_opened = false;
  };

  // The oldest due pending submission, opened, or how long to wait. A box that does not open
  // (wrong key, tampered) is skipped and noted in last_error, retried after the backoff cap.
  Step next(std::int64_t now_ms);
  Settled settle(const std::string& kyc_id, const ExchangeResult& result, std::int64_t now_ms);
  void abandon() { outstanding_ = false; }
  bool outstanding() const { return outstanding_; }
  const CircuitBreaker& breaker() const { return breaker_; }
  const OutboxDrain::Counters& counters() const { return counters_; }

 private:
  Store& store_;
  SealKey key_;
  OutboxPumpConfig config_;
  Backoff backoff_;
  CircuitBreaker breaker_;
  OutboxDrain::Counters counters_;
  bool outstanding_ = false;
};

}  // namespace kiosk::oq
